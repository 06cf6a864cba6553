/* Fuzzes the MQTT decoder (v5 and v3.1.1), and checks that what decodes
 * re-encodes into something that decodes to the same packet type. */
#include <stddef.h>
#include <stdint.h>

#include "mqtt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  uint8_t out[1 << 16]; /* on the stack: no state between inputs */
  for (uint8_t ver = 4; ver <= 5; ver++) {
    bebytes_reader r;
    proto_reader_init(&r, data, size);
    while (bebytes_reader_remaining(&r) > 0) {
      proto_mqtt m, f;
      size_t at = bebytes_reader_offset(&r);
      if (proto_mqtt_frame(data + at, size - at, &f) != 1)
        break;
      if (proto_mqtt_decode(&r, ver, &m) != 0)
        break;
      if (m.type == PROTO_MQTT_CONNECT)
        continue; /* its own version may differ from ver */
      if (m.ntopics > PROTO_MQTT_MAX_TOPICS)
        __builtin_trap();
      bebytes_writer w;
      proto_writer_init(&w, out, sizeof(out));
      if (proto_mqtt_encode(&m, &w) == 0 && ver == 5) {
        bebytes_reader r2;
        proto_mqtt m2;
        proto_reader_init(&r2, out, bebytes_writer_len(&w));
        if (proto_mqtt_decode(&r2, 5, &m2) != 0 || m2.type != m.type)
          __builtin_trap();
      }
    }
  }
  return 0;
}
