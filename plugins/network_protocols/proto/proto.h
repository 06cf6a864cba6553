/*
 * bbd_proto: bounds-checked protocol codecs built on libbebytes.
 *
 * Every decoder reads through a bebytes_reader, so no decoder can read past
 * its input whatever the bytes are (the readers check the remaining length
 * before every load and latch the first error). Decoders never allocate:
 * variable parts (names, strings, payloads) are views into the input and
 * repeated elements go to fixed-capacity arrays in the output struct.
 * Encoders write through a bebytes_writer, so the same encoder serves caller
 * storage, a fresh growable buffer and a reused growable buffer.
 *
 * Errors: 0 on success, a negative code otherwise. Codes above
 * PROTO_E_BASE are libbebytes codes (BEBYTES_E*, bounds and size errors);
 * the PROTO_E* codes below say what was wrong with a field's value.
 */
#ifndef BBD_PROTO_H
#define BBD_PROTO_H

#include <stddef.h>
#include <stdint.h>

#include <bebytes/error.h>
#include <bebytes/reader.h>
#include <bebytes/writer.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PROTO_E_BASE (-100)

/* X(code, NAME, message): value errors the codecs report. */
#define PROTO_ERRORS(X)                                                        \
  X(-100, MALFORMED, "malformed field value")                                  \
  X(-101, LOOP, "DNS compression pointer does not point backwards")            \
  X(-102, LIMIT, "more elements than the decoder's fixed capacity")            \
  X(-103, VERSION, "unsupported protocol version")                             \
  X(-104, NAMELEN, "DNS name longer than 255 bytes")

enum {
#define PROTO__ERR_ENUM(code, name, msg) PROTO_E##name = (code),
  PROTO_ERRORS(PROTO__ERR_ENUM)
#undef PROTO__ERR_ENUM
};

/* Message for a PROTO_E* or BEBYTES_E* code. */
const char *proto_strerror(int code);

/* Zeroes an error record member by member (see proto_reader_init). */
static inline void proto__err_clear(bebytes_error *e) {
  e->code = 0;
  e->offset = 0;
  e->expected = 0;
  e->actual = 0;
  e->value = 0;
  e->max = 0;
  e->field = NULL;
  e->type_name = NULL;
  e->marker = 0;
}

/*
 * bebytes_reader_init() inlined: the library's version is out of line and
 * showed up as the top symbol of the pipeline profile (one reader per layer
 * per packet). Same result: an empty error and the cursor at 0. Members are
 * set one by one because gcc turns a zeroing compound literal into
 * `rep stos`, whose start-up cost dominated the single-header benchmarks.
 */
static inline void proto_reader_init(bebytes_reader *r, const uint8_t *data,
                                     size_t len) {
  r->data = data;
  r->len = data ? len : 0;
  r->pos = 0;
  r->bit = 0;
  proto__err_clear(&r->err);
}

/* proto_writer_init() inlined, for the same reason as the reader. */
static inline void proto_writer_init(bebytes_writer *w, uint8_t *data,
                                     size_t cap) {
  w->data = data;
  w->cap = data ? cap : 0;
  w->len = 0;
  w->bit = 0;
  w->grow = NULL;
  proto__err_clear(&w->err);
}

/* A view into caller bytes (never owned). */
typedef struct proto_view {
  const uint8_t *p;
  size_t len;
} proto_view;

/*
 * Reads n bytes as a view, or fails like every reader call. Shared by the
 * codecs for strings and payloads.
 */
static inline int proto_get_view(bebytes_reader *r, size_t n, proto_view *v) {
  const uint8_t *p = NULL;
  int rc = bebytes_get_view(r, n, &p);
  if (rc)
    return rc;
  v->p = p;
  v->len = n;
  return 0;
}

/* The reader's error code, or 0. */
static inline int proto_rerr(const bebytes_reader *r) {
  return bebytes_reader_error(r, NULL);
}

/* Initialises a sub-reader over the next n bytes of r and skips them in r. */
static inline int proto_sub_reader(bebytes_reader *r, size_t n,
                                   bebytes_reader *sub) {
  const uint8_t *p = NULL;
  int rc = bebytes_get_view(r, n, &p);
  if (rc)
    return rc;
  proto_reader_init(sub, p, n);
  return 0;
}

#ifdef __cplusplus
}
#endif
#endif /* BBD_PROTO_H */
