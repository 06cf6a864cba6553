/* UTF-8 validation (RFC 3629 table 3-7 of Unicode: no overlongs, no
 * surrogates, nothing past U+10FFFF). */
#include "bebytes/types.h"

bool bebytes_utf8_valid(const uint8_t *p, size_t n) {
  if (p == NULL)
    return n == 0;
  size_t i = 0;
  while (i < n) {
    uint8_t c = p[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    size_t need;
    uint8_t lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    if (c >= 0xC2 && c <= 0xDF) {
      need = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      need = 2;
      if (c == 0xE0)
        lo = 0xA0; /* overlong */
      else if (c == 0xED)
        hi = 0x9F; /* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
      need = 3;
      if (c == 0xF0)
        lo = 0x90; /* overlong */
      else if (c == 0xF4)
        hi = 0x8F; /* past U+10FFFF */
    } else {
      return false;
    }
    if (n - i - 1 < need)
      return false;
    if (p[i + 1] < lo || p[i + 1] > hi)
      return false;
    for (size_t k = 2; k <= need; k++)
      if ((p[i + k] & 0xC0) != 0x80)
        return false;
    i += need + 1;
  }
  return true;
}
