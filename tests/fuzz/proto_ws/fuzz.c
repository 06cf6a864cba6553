/* Fuzzes the HTTP/1.1 Upgrade detection and WebSocket frame decoding,
 * unmasking and close-payload parsing. */
#include <stddef.h>
#include <stdint.h>

#include "ws.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  uint8_t clear[1 << 16]; /* on the stack: no state between inputs */
  proto_ws_upgrade up;
  size_t off = 0;
  if (proto_ws_upgrade_detect(data, size, &up) == 0 && up.complete) {
    if (up.head_len > size)
      __builtin_trap();
    off = up.head_len;
  }
  bebytes_reader r;
  proto_reader_init(&r, data + off, size - off);
  while (bebytes_reader_remaining(&r) > 0) {
    proto_ws_frame f;
    if (proto_ws_decode(&r, &f) != 0)
      break;
    if (f.payload.len != f.length)
      __builtin_trap();
    size_t n = f.payload.len < sizeof(clear) ? f.payload.len : sizeof(clear);
    proto_ws_unmask(clear, f.payload.p, n, f.key, 0);
    if (f.opcode == PROTO_WS_CLOSE) {
      uint16_t code;
      proto_view reason;
      proto_ws_close(clear, n, &code, &reason);
    }
  }
  return 0;
}
