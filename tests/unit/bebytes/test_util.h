/* Helpers shared by the libbebytes tests: hex comparison. */
#ifndef BEBYTES_TEST_UTIL_H
#define BEBYTES_TEST_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

/* Parses "AB CD 01" into out; returns the byte count. */
static inline size_t hex_parse(const char *hex, uint8_t *out, size_t cap) {
  size_t n = 0;
  while (*hex) {
    if (*hex == ' ') {
      hex++;
      continue;
    }
    unsigned v;
    if (sscanf(hex, "%2x", &v) != 1 || n >= cap)
      break;
    out[n++] = (uint8_t)v;
    hex += 2;
  }
  return n;
}

static inline void hex_fail_at(const char *file, int line, const char *got,
                               const char *want) {
  print_error("%s:%d: bytes differ:\n  got  %s\n  want %s\n", file, line, got,
              want);
  fail();
}

/* Fails the test with both byte strings shown when they differ. */
static inline void check_hex(const void *ptr, size_t len, const char *hex,
                             const char *file, int line) {
  uint8_t want[1024];
  size_t wn = hex_parse(hex, want, sizeof want);
  char got[3200] = "";
  for (size_t i = 0; i < len && i < 1000; i++)
    snprintf(got + strlen(got), sizeof got - strlen(got), "%02X ",
             ((const uint8_t *)ptr)[i]);
  if (wn != len || (len && memcmp(want, ptr, wn) != 0))
    hex_fail_at(file, line, got, hex);
}
#define assert_hex(ptr, len, hex) check_hex(ptr, len, hex, __FILE__, __LINE__)

#endif
