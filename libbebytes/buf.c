/* Growable buffer: doubling growth, optional limit, no hidden globals. */
#include <stdlib.h>
#include <string.h>

#include "bebytes/buf.h"

void bebytes_buf_init(bebytes_buf *b, size_t max) {
  if (b == NULL)
    return;
  b->data = NULL;
  b->len = 0;
  b->cap = 0;
  b->max = max;
}

int bebytes_buf_reserve(bebytes_buf *b, size_t extra, bebytes_error *e) {
  if (b == NULL || b->len > b->cap)
    return bebytes__fail(e, BEBYTES_EINVAL, 0, extra, 0);
  if (b->cap - b->len >= extra)
    return 0;
  size_t limit = b->max ? b->max : SIZE_MAX;
  if (extra > limit || b->len > limit - extra)
    return bebytes__fail(e, BEBYTES_EFULL, b->len, extra,
                         limit > b->len ? limit - b->len : 0);
  size_t need = b->len + extra;
  /* Double to amortise appends, but never past the limit. */
  size_t cap = b->cap ? b->cap : 64;
  while (cap < need)
    cap = cap > limit / 2 ? limit : cap * 2;
  if (cap > limit)
    cap = limit;
  uint8_t *p = realloc(b->data, cap);
  if (p == NULL)
    return bebytes__fail(e, BEBYTES_ENOMEM, b->len, extra, b->cap - b->len);
  b->data = p;
  b->cap = cap;
  return 0;
}

int bebytes_buf_append(bebytes_buf *b, const void *src, size_t n,
                       bebytes_error *e) {
  if (b == NULL || (src == NULL && n))
    return bebytes__fail(e, BEBYTES_EINVAL, 0, n, 0);
  int rc = bebytes_buf_ensure(b, n, e);
  if (rc)
    return rc;
  if (n)
    memcpy(b->data + b->len, src, n);
  b->len += n;
  return 0;
}

void bebytes_buf_free(bebytes_buf *b) {
  if (b == NULL)
    return;
  free(b->data);
  b->data = NULL;
  b->len = 0;
  b->cap = 0;
}

uint8_t *bebytes_buf_detach(bebytes_buf *b, size_t *len) {
  if (b == NULL) {
    if (len)
      *len = 0;
    return NULL;
  }
  uint8_t *p = b->data;
  if (len)
    *len = b->len;
  b->data = NULL;
  b->len = 0;
  b->cap = 0;
  return p;
}
