/* Fuzzes TLS record, handshake and ClientHello/ServerHello decoding. */
#include <stddef.h>
#include <stdint.h>

#include "tls.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  bebytes_reader r;
  proto_reader_init(&r, data, size);
  while (bebytes_reader_remaining(&r) > 0) {
    size_t at = bebytes_reader_offset(&r), rl = 0;
    if (proto_tls_frame(data + at, size - at, &rl) != 1)
      break;
    proto_tls_record rec;
    if (proto_tls_record_decode(&r, &rec) != 0 ||
        bebytes_reader_offset(&r) - at != rl)
      __builtin_trap(); /* frame said whole, decode must agree */
    bebytes_reader h;
    proto_reader_init(&h, rec.fragment.p, rec.fragment.len);
    proto_tls_handshake hs;
    while (proto_tls_handshake_decode(&h, &hs) == 0) {
      proto_tls_hello hello;
      if (hs.type <= 2 &&
          proto_tls_hello_decode(hs.type, &hs.body, &hello) == 0 &&
          hello.next > PROTO_TLS_MAX_EXT)
        __builtin_trap();
    }
  }
  /* The raw bytes as a hello body too. */
  proto_view v = {data, size};
  proto_tls_hello hello;
  proto_tls_hello_decode(1, &v, &hello);
  proto_tls_hello_decode(2, &v, &hello);
  return 0;
}
