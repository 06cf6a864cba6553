/* Fuzzes HTTP/2 frame decoding (after an optional preface) and HPACK
 * decoding of every header block through libnghttp2. */
#include <stddef.h>
#include <stdint.h>

#include "http2.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int sink(void *ud, const uint8_t *n, size_t nl, const uint8_t *v,
                size_t vl) {
  (void)ud;
  (void)n;
  (void)v;
  return nl > (1u << 24) || vl > (1u << 24);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  bebytes_reader r;
  proto_hpack *h = NULL;
  if (proto_hpack_new(&h) != 0)
    return 0;
  proto_reader_init(&r, data, size);
  if (proto_h2_preface(data, size) == 1)
    bebytes_skip(&r, PROTO_H2_PREFACE_LEN);
  int hpack_ok = 1;
  while (bebytes_reader_remaining(&r) >= PROTO_H2_HDR_LEN) {
    proto_h2_frame f;
    if (proto_h2_decode(&r, &f) != 0)
      break;
    if (f.data.len > f.length || f.padding.len > f.length)
      __builtin_trap();
    if (hpack_ok &&
        (f.type == PROTO_H2_HEADERS || f.type == PROTO_H2_PUSH_PROMISE))
      hpack_ok = proto_hpack_decode(h, f.data.p, f.data.len, sink, NULL) == 0;
  }
  proto_hpack_free(h);
  return 0;
}
