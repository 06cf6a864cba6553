/* Field metadata lookups: by name and by dotted path into nested structs. */
#include <string.h>

#include "bebytes/types.h"

const bebytes_field_meta *bebytes_meta_field(const bebytes_struct_meta *m,
                                             const char *name, size_t len) {
  if (m == NULL || name == NULL)
    return NULL;
  for (size_t i = 0; i < m->nfields; i++) {
    const char *f = m->fields[i].name;
    if (strlen(f) == len && memcmp(f, name, len) == 0)
      return &m->fields[i];
  }
  return NULL;
}

/* Reads an integer member of size csize at p (host layout). */
static int read_int(const uint8_t *p, size_t csize, int is_signed,
                    uint64_t *out) {
  int64_t sv = 0;
  uint64_t uv = 0;
  switch (csize) {
  case 1: {
    if (is_signed) {
      int8_t v;
      memcpy(&v, p, 1);
      sv = v;
    } else {
      uv = p[0];
    }
    break;
  }
  case 2: {
    if (is_signed) {
      int16_t v;
      memcpy(&v, p, 2);
      sv = v;
    } else {
      uint16_t v;
      memcpy(&v, p, 2);
      uv = v;
    }
    break;
  }
  case 4: {
    if (is_signed) {
      int32_t v;
      memcpy(&v, p, 4);
      sv = v;
    } else {
      uint32_t v;
      memcpy(&v, p, 4);
      uv = v;
    }
    break;
  }
  case 8: {
    if (is_signed)
      memcpy(&sv, p, 8);
    else
      memcpy(&uv, p, 8);
    break;
  }
  default:
    return BEBYTES_EINVAL; /* 128-bit fields are not usable as sizes */
  }
  if (is_signed) {
    if (sv < 0)
      return BEBYTES_EEXPR;
    uv = (uint64_t)sv;
  }
  *out = uv;
  return 0;
}

int bebytes_meta_get_uint(const bebytes_struct_meta *m, const void *s,
                          const char *path, size_t len, uint64_t *out) {
  if (m == NULL || s == NULL || path == NULL || out == NULL)
    return BEBYTES_EINVAL;
  const uint8_t *base = s;
  /* Walk "a.b.c": every part but the last must be a nested struct. */
  for (int depth = 0; depth < 32; depth++) {
    const char *dot = memchr(path, '.', len);
    size_t part = dot ? (size_t)(dot - path) : len;
    const bebytes_field_meta *f = bebytes_meta_field(m, path, part);
    if (f == NULL)
      return BEBYTES_EINVAL;
    if (dot == NULL) {
      if (!f->is_int)
        return BEBYTES_EINVAL;
      return read_int(base + f->offset, f->csize, f->is_signed, out);
    }
    if (f->nested == NULL || strcmp(f->kind, "struct") != 0)
      return BEBYTES_EINVAL;
    m = f->nested();
    base += f->offset;
    path = dot + 1;
    len -= part + 1;
  }
  return BEBYTES_EINVAL;
}
