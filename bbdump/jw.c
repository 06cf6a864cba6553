/* Streaming JSON writer (see jw.h). */
#include "jw.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void jw_init(jw *j) {
  memset(j, 0, sizeof(*j));
}

void jw_free(jw *j) {
  free(j->buf);
  memset(j, 0, sizeof(*j));
}

void jw_reset(jw *j) {
  j->len = 0;
  j->depth = 0;
  j->first[0] = 1;
  j->after_key = 0;
}

/* Makes room for n more bytes; on failure latches oom and returns NULL. */
static char *room(jw *j, size_t n) {
  if (j->oom)
    return NULL;
  if (j->cap - j->len < n) {
    size_t nc = j->cap ? j->cap : 4096;
    while (nc - j->len < n)
      nc *= 2;
    char *b = realloc(j->buf, nc);
    if (b == NULL) {
      j->oom = 1;
      return NULL;
    }
    j->buf = b;
    j->cap = nc;
  }
  return j->buf + j->len;
}

static void put(jw *j, const char *s, size_t n) {
  char *p = room(j, n);
  if (p) {
    memcpy(p, s, n);
    j->len += n;
  }
}

static void putc_(jw *j, char c) {
  put(j, &c, 1);
}

/* Writes the comma before a value or key when one is due. */
static void sep(jw *j) {
  if (j->after_key) {
    j->after_key = 0;
    return;
  }
  if (!j->first[j->depth])
    putc_(j, ',');
  j->first[j->depth] = 0;
}

static void open_(jw *j, char c) {
  sep(j);
  putc_(j, c);
  if (j->depth + 1 < JW_MAX_DEPTH)
    j->depth++;
  j->first[j->depth] = 1;
}

void jw_obj(jw *j) {
  open_(j, '{');
}
void jw_arr(jw *j) {
  open_(j, '[');
}

void jw_end(jw *j, char close) {
  putc_(j, close);
  if (j->depth > 0)
    j->depth--;
}

void jw_key(jw *j, const char *k) {
  size_t n = strlen(k);
  sep(j);
  /* One bounds check for the whole ,"key": (the hot path of the output). */
  char *p = room(j, n + 3);
  if (p == NULL)
    return;
  p[0] = '"';
  memcpy(p + 1, k, n);
  p[n + 1] = '"';
  p[n + 2] = ':';
  j->len += n + 3;
  j->after_key = 1;
}

/* Decimal digits of v, written backwards into the end of tmp[20]. */
static size_t u64_digits(char tmp[20], uint64_t v) {
  size_t i = 20;
  do {
    tmp[--i] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  return i;
}

void jw_u64(jw *j, uint64_t v) {
  /* printf was the top of bbdump's profile; numbers are most of the output. */
  char tmp[20];
  size_t i = u64_digits(tmp, v);
  sep(j);
  put(j, tmp + i, 20 - i);
}

void jw_str(jw *j, const char *s, size_t n) {
  static const char hexd[] = "0123456789abcdef";
  sep(j);
  putc_(j, '"');
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') {
      char e[2] = {'\\', (char)c};
      put(j, e, 2);
    } else if (c == '\n') {
      put(j, "\\n", 2);
    } else if (c == '\r') {
      put(j, "\\r", 2);
    } else if (c == '\t') {
      put(j, "\\t", 2);
    } else if (c < 0x20 || c == 0x7f) {
      char e[6] = {'\\', 'u', '0', '0', hexd[c >> 4], hexd[c & 15]};
      put(j, e, 6);
    } else {
      /* Bytes >= 0x80 pass through: valid UTF-8 stays readable; invalid
       * sequences are the peer's bytes, as Wireshark also shows them. */
      putc_(j, (char)c);
    }
  }
  putc_(j, '"');
}

void jw_strz(jw *j, const char *s) {
  jw_str(j, s, strlen(s));
}

void jw_hex(jw *j, const uint8_t *p, size_t n) {
  static const char hexd[] = "0123456789abcdef";
  sep(j);
  putc_(j, '"');
  for (size_t i = 0; i < n; i++) {
    char e[3] = {':', hexd[p[i] >> 4], hexd[p[i] & 15]};
    if (i == 0)
      put(j, e + 1, 2);
    else
      put(j, e, 3);
  }
  putc_(j, '"');
}

void jw_ipv4(jw *j, uint32_t a) {
  char out[16], tmp[20];
  size_t n = 0;
  for (int k = 3; k >= 0; k--) {
    size_t i = u64_digits(tmp, (a >> (8 * k)) & 255u);
    memcpy(out + n, tmp + i, 20 - i);
    n += 20 - i;
    if (k)
      out[n++] = '.';
  }
  jw_str(j, out, n);
}

void jw_ipv6(jw *j, const uint8_t a[16]) {
  char tmp[INET6_ADDRSTRLEN];
  if (inet_ntop(AF_INET6, a, tmp, sizeof(tmp)) == NULL)
    tmp[0] = '\0';
  jw_strz(j, tmp);
}

void jw_mac(jw *j, const uint8_t m[6]) {
  jw_hex(j, m, 6);
}

void jw_raw(jw *j, const char *s, size_t n) {
  put(j, s, n);
}
