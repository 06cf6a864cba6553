#include "utf8.h"

int bbd_utf8_valid(const char *str, size_t n) {
  const unsigned char *s = (const unsigned char *)str;
  size_t i = 0;
  while (i < n) {
    unsigned c = s[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    size_t len;
    unsigned lo = 0x80, hi = 0xBF; /* bounds of the second byte */
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0)
        lo = 0xA0; /* overlong */
      else if (c == 0xED)
        hi = 0x9F; /* UTF-16 surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0)
        lo = 0x90; /* overlong */
      else if (c == 0xF4)
        hi = 0x8F; /* above U+10FFFF */
    } else {
      return 0;
    }
    if (n - i < len)
      return 0;
    if (s[i + 1] < lo || s[i + 1] > hi)
      return 0;
    for (size_t k = 2; k < len; k++) {
      if (s[i + k] < 0x80 || s[i + k] > 0xBF)
        return 0;
    }
    i += len;
  }
  return 1;
}

void bbd_utf8_sanitize(char *s) {
  size_t n = 0;
  while (s[n] != '\0')
    n++;
  /* Shrink until valid: at most 3 bytes of a cut character at the end,
   * but an invalid byte anywhere cuts there (checked from the start). */
  size_t ok = 0;
  while (ok < n) {
    size_t step = 1;
    unsigned char c = (unsigned char)s[ok];
    if (c >= 0xF0)
      step = 4;
    else if (c >= 0xE0)
      step = 3;
    else if (c >= 0xC0)
      step = 2;
    if (ok + step > n || !bbd_utf8_valid(s + ok, step))
      break;
    ok += step;
  }
  s[ok] = '\0';
}

static int hex4(const char *s, unsigned *out) {
  unsigned v = 0;
  for (int i = 0; i < 4; i++) {
    char c = s[i];
    v <<= 4;
    if (c >= '0' && c <= '9')
      v |= (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f')
      v |= (unsigned)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F')
      v |= (unsigned)(c - 'A' + 10);
    else
      return 0;
  }
  *out = v;
  return 1;
}

int bbd_json_escapes_ok(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (s[i] != '\\')
      continue;
    if (i + 1 >= n)
      return 1; /* a dangling backslash is the JSON parser's business */
    if (s[i + 1] != 'u') {
      i++; /* skip the escaped character (may be another backslash) */
      continue;
    }
    unsigned v;
    if (n - i < 6 || !hex4(s + i + 2, &v))
      return 1;
    if (v == 0)
      return 0;
    if (v >= 0xDC00 && v <= 0xDFFF)
      return 0; /* a low surrogate without a high one before it */
    if (v >= 0xD800 && v <= 0xDBFF) {
      unsigned w;
      if (n - i < 12 || s[i + 6] != '\\' || s[i + 7] != 'u' ||
          !hex4(s + i + 8, &w) || w < 0xDC00 || w > 0xDFFF)
        return 0;
      i += 6; /* the pair's low half */
    }
    i += 5;
  }
  return 1;
}
