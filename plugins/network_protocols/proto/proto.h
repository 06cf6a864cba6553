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

/*
 * Former local copies of bebytes_reader_init()/bebytes_writer_init(), from
 * when libbebytes had them out of line (a call per header layer per packet,
 * the top symbol of the pipeline profile). libbebytes now defines both
 * inline with member stores, so these only forward; the codecs and the
 * plugin call the library directly. Kept for the callers outside this
 * folder (bbdump, tests); once they call bebytes_*_init, remove them.
 */
static inline void proto_reader_init(bebytes_reader *r, const uint8_t *data,
                                     size_t len) {
  bebytes_reader_init(r, data, len);
}
static inline void proto_writer_init(bebytes_writer *w, uint8_t *data,
                                     size_t cap) {
  bebytes_writer_init(w, data, cap);
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
  bebytes_reader_init(sub, p, n);
  return 0;
}

#ifdef __cplusplus
}
#endif
#endif /* BBD_PROTO_H */
