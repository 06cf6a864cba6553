/* Fuzzes the CoAP decoder; what decodes must re-encode and decode to the
 * same options. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "coap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  uint8_t out[1 << 17]; /* on the stack: no state between inputs */
  bebytes_reader r;
  proto_coap c, d;
  proto_reader_init(&r, data, size);
  if (proto_coap_decode(&r, &c) != 0)
    return 0;
  bebytes_writer w;
  proto_writer_init(&w, out, sizeof(out));
  if (proto_coap_encode(&c, &w) != 0)
    __builtin_trap();
  proto_reader_init(&r, out, bebytes_writer_len(&w));
  if (proto_coap_decode(&r, &d) != 0 || d.nopts != c.nopts || d.mid != c.mid ||
      d.payload.len != c.payload.len)
    __builtin_trap();
  for (unsigned i = 0; i < c.nopts; i++)
    if (d.opt[i].number != c.opt[i].number ||
        d.opt[i].value.len != c.opt[i].value.len)
      __builtin_trap();
  return 0;
}
