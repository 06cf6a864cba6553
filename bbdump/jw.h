/*
 * A minimal streaming JSON writer into one growable buffer that is reused
 * for every frame, so writing a frame allocates nothing once the buffer has
 * reached its working size. Commas are placed automatically.
 */
#ifndef BBDUMP_JW_H
#define BBDUMP_JW_H

#include <stddef.h>
#include <stdint.h>

#define JW_MAX_DEPTH 32

typedef struct jw {
  char *buf;
  size_t len, cap;
  int depth;
  uint8_t first[JW_MAX_DEPTH]; /* no element written yet at this depth */
  int after_key;
  int oom; /* an allocation failed: output is incomplete */
} jw;

void jw_init(jw *j);
void jw_free(jw *j);
/* Empties the buffer (capacity kept). */
void jw_reset(jw *j);

void jw_obj(jw *j);             /* { */
void jw_arr(jw *j);             /* [ */
void jw_end(jw *j, char close); /* '}' or ']' */
void jw_key(jw *j, const char *k);
void jw_u64(jw *j, uint64_t v);
void jw_str(jw *j, const char *s, size_t n); /* escaped */
void jw_strz(jw *j, const char *s);
/* Bytes as Wireshark shows them: "aa:bb:cc" ("" for none). */
void jw_hex(jw *j, const uint8_t *p, size_t n);
void jw_ipv4(jw *j, uint32_t a);
void jw_ipv6(jw *j, const uint8_t a[16]);
void jw_mac(jw *j, const uint8_t m[6]);
/* Appends raw bytes (a newline between frames). */
void jw_raw(jw *j, const char *s, size_t n);

/* key + value shorthands */
static inline void jw_ku(jw *j, const char *k, uint64_t v) {
  jw_key(j, k);
  jw_u64(j, v);
}
static inline void jw_ks(jw *j, const char *k, const void *s, size_t n) {
  jw_key(j, k);
  jw_str(j, (const char *)s, n);
}

#endif /* BBDUMP_JW_H */
