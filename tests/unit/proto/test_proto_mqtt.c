/* MQTT v5 codec: VBI, all 15 packet types, properties, CONNECT payload. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "mqtt.h"

#define V(s) ((proto_view){(const uint8_t *)(s), sizeof(s) - 1})

static void test_vbi(void **st) {
  (void)st;
  static const uint32_t vals[] = {0,     127,     128,     16383,
                                  16384, 2097151, 2097152, 268435455};
  static const size_t sizes[] = {1, 1, 2, 2, 3, 3, 4, 4};
  for (size_t i = 0; i < 8; i++) {
    uint8_t b[8];
    bebytes_writer w;
    proto_writer_init(&w, b, sizeof(b));
    assert_int_equal(proto_mqtt_put_vbi(&w, vals[i]), 0);
    assert_int_equal(bebytes_writer_len(&w), sizes[i]);
    assert_int_equal(proto_mqtt_vbi_size(vals[i]), sizes[i]);
    bebytes_reader r;
    uint32_t v = 0;
    proto_reader_init(&r, b, sizes[i]);
    assert_int_equal(proto_mqtt_get_vbi(&r, &v), 0);
    assert_int_equal(v, vals[i]);
  }
  uint8_t five[5] = {0xff, 0xff, 0xff, 0xff, 0x7f};
  bebytes_reader r;
  uint32_t v;
  proto_reader_init(&r, five, 5);
  assert_int_equal(proto_mqtt_get_vbi(&r, &v), PROTO_EMALFORMED);
  proto_reader_init(&r, five, 2);
  assert_int_equal(proto_mqtt_get_vbi(&r, &v), BEBYTES_EINSUFFICIENT);
  uint8_t b[8];
  bebytes_writer w;
  proto_writer_init(&w, b, sizeof(b));
  assert_int_equal(proto_mqtt_put_vbi(&w, 268435456u), PROTO_EMALFORMED);
  assert_int_equal(proto_mqtt_vbi_size(268435456u), 0);
}

/* Encodes m, decodes it back, and checks the common fields. */
static void roundtrip(const proto_mqtt *m, proto_mqtt *d, uint8_t *b,
                      size_t cap) {
  bebytes_writer w;
  proto_writer_init(&w, b, cap);
  assert_int_equal(proto_mqtt_encode(m, &w), 0);
  size_t n = bebytes_writer_len(&w);
  proto_mqtt f;
  assert_int_equal(proto_mqtt_frame(b, n, &f), 1);
  assert_int_equal(f.hdr_size + f.len, n);
  assert_int_equal(proto_mqtt_frame(b, n - 1, &f), 0);
  bebytes_reader r;
  proto_reader_init(&r, b, n);
  assert_int_equal(proto_mqtt_decode(&r, 5, d), 0);
  assert_int_equal(bebytes_reader_remaining(&r), 0);
  assert_int_equal(d->type, m->type);
  for (size_t k = 0; k < n; k++) { /* every truncation fails */
    proto_reader_init(&r, b, k);
    proto_mqtt t;
    assert_int_not_equal(proto_mqtt_decode(&r, 5, &t), 0);
  }
}

static void test_connect(void **st) {
  (void)st;
  uint8_t props[32], wprops[16], b[256];
  bebytes_writer pw;
  proto_writer_init(&pw, props, sizeof(props));
  proto_mqtt_put_property(&pw, 0x11, 30, V(""), V(""));
  proto_mqtt_put_property(&pw, 0x26, 0, V("k"), V("v"));
  proto_mqtt_put_property(&pw, 0x15, 0, V("SCRAM"), V(""));
  size_t plen = bebytes_writer_len(&pw);
  proto_writer_init(&pw, wprops, sizeof(wprops));
  proto_mqtt_put_property(&pw, 0x18, 5, V(""), V(""));
  proto_mqtt m, d;
  memset(&m, 0, sizeof(m));
  m.type = PROTO_MQTT_CONNECT;
  m.protoname = V("MQTT");
  m.ver = 5;
  m.conflags = PROTO_MQTT_CF_USERNAME | PROTO_MQTT_CF_PASSWORD |
               PROTO_MQTT_CF_WILL | 0x08 | PROTO_MQTT_CF_CLEAN;
  m.kalive = 60;
  m.props.raw = (proto_view){props, plen};
  m.will_props.raw = (proto_view){wprops, bebytes_writer_len(&pw)};
  m.clientid = V("client-1");
  m.willtopic = V("bbd/will");
  m.willmsg = V("bye");
  m.username = V("alice");
  m.passwd = V("secret");
  roundtrip(&m, &d, b, sizeof(b));
  assert_int_equal(d.ver, 5);
  assert_int_equal(d.kalive, 60);
  assert_int_equal(PROTO_MQTT_CF_WILL_QOS(d.conflags), 1);
  assert_int_equal(d.props.n, 3);
  assert_int_equal(d.props.id[0], 0x11);
  assert_int_equal(d.props.id[1], 0x26);
  assert_int_equal(d.props.id[2], 0x15);
  assert_int_equal(d.will_props.n, 1);
  assert_memory_equal(d.clientid.p, "client-1", 8);
  assert_memory_equal(d.willtopic.p, "bbd/will", 8);
  assert_memory_equal(d.willmsg.p, "bye", 3);
  assert_memory_equal(d.username.p, "alice", 5);
  assert_memory_equal(d.passwd.p, "secret", 6);
  /* The reserved connect flag bit must be 0. */
  b[2 + 6 + 1] |= 0x01;
  bebytes_reader r;
  proto_reader_init(&r, b, sizeof(b));
  assert_int_equal(proto_mqtt_decode(&r, 5, &d), PROTO_EMALFORMED);
}

static void test_all_types(void **st) {
  (void)st;
  static const uint8_t rc2[2] = {0, 0x80};
  uint8_t b[256];
  for (uint8_t t = PROTO_MQTT_CONNACK; t <= PROTO_MQTT_AUTH; t++) {
    proto_mqtt m, d;
    memset(&m, 0, sizeof(m));
    m.type = t;
    m.version = 5;
    m.msgid = 42;
    m.has_reason = 1;
    m.reason = 0x10;
    switch (t) {
    case PROTO_MQTT_PUBLISH:
      m.qos = 2;
      m.dup = 1;
      m.retain = 1;
      m.topic = V("a/b");
      m.payload = V("payload");
      break;
    case PROTO_MQTT_SUBSCRIBE:
    case PROTO_MQTT_UNSUBSCRIBE:
      m.ntopics = 2;
      m.topics[0] = V("a/#");
      m.topics[1] = V("b/+");
      m.sub_opts[0] = 2;
      m.sub_opts[1] = 1;
      break;
    case PROTO_MQTT_SUBACK:
    case PROTO_MQTT_UNSUBACK:
      m.reason_codes = (proto_view){rc2, 2};
      break;
    default:
      break;
    }
    roundtrip(&m, &d, b, sizeof(b));
    switch (t) {
    case PROTO_MQTT_PUBLISH:
      assert_int_equal(d.qos, 2);
      assert_int_equal(d.dup, 1);
      assert_int_equal(d.retain, 1);
      assert_int_equal(d.msgid, 42);
      assert_memory_equal(d.topic.p, "a/b", 3);
      assert_memory_equal(d.payload.p, "payload", 7);
      break;
    case PROTO_MQTT_SUBSCRIBE:
    case PROTO_MQTT_UNSUBSCRIBE:
      assert_int_equal(d.ntopics, 2);
      assert_memory_equal(d.topics[1].p, "b/+", 3);
      assert_int_equal(d.sub_opts[0], t == PROTO_MQTT_SUBSCRIBE ? 2 : 0);
      assert_int_equal(d.hdrflags & 0x0f, 2);
      break;
    case PROTO_MQTT_SUBACK:
    case PROTO_MQTT_UNSUBACK:
      assert_int_equal(d.reason_codes.len, 2);
      assert_int_equal(d.reason_codes.p[1], 0x80);
      break;
    case PROTO_MQTT_PINGREQ:
    case PROTO_MQTT_PINGRESP:
      assert_int_equal(d.len, 0);
      break;
    case PROTO_MQTT_CONNACK:
    case PROTO_MQTT_PUBACK:
    case PROTO_MQTT_PUBREC:
    case PROTO_MQTT_PUBREL:
    case PROTO_MQTT_PUBCOMP:
    case PROTO_MQTT_DISCONNECT:
    case PROTO_MQTT_AUTH:
      assert_int_equal(d.has_reason, 1);
      assert_int_equal(d.reason, 0x10);
      break;
    default:
      break;
    }
  }
}

static void test_malformed(void **st) {
  (void)st;
  proto_mqtt d;
  bebytes_reader r;
  /* PUBLISH with QoS 3. */
  uint8_t q3[] = {0x36, 5, 0, 1, 'a', 0, 1};
  proto_reader_init(&r, q3, sizeof(q3));
  assert_int_equal(proto_mqtt_decode(&r, 5, &d), PROTO_EMALFORMED);
  /* SUBSCRIBE without the 0010 flags. */
  uint8_t sub[] = {0x80, 6, 0, 1, 0, 0, 1, 'a'};
  proto_reader_init(&r, sub, sizeof(sub));
  assert_int_equal(proto_mqtt_decode(&r, 5, &d), PROTO_EMALFORMED);
  /* Unknown property id 0x7f. */
  uint8_t prop[] = {0xe0, 3, 0, 1, 0x7f};
  proto_reader_init(&r, prop, sizeof(prop));
  assert_int_equal(proto_mqtt_decode(&r, 5, &d), PROTO_EMALFORMED);
  /* Trailing bytes after a PINGREQ body. */
  uint8_t ping[] = {0xc0, 1, 0};
  proto_reader_init(&r, ping, sizeof(ping));
  assert_int_equal(proto_mqtt_decode(&r, 5, &d), PROTO_EMALFORMED);
  /* v3.1.1 PUBACK (no reason code) decodes with version 4. */
  uint8_t ack[] = {0x40, 2, 0, 9};
  proto_reader_init(&r, ack, sizeof(ack));
  assert_int_equal(proto_mqtt_decode(&r, 4, &d), 0);
  assert_int_equal(d.msgid, 9);
  assert_int_equal(d.has_reason, 0);
  /* Packet type 0 is reserved. */
  uint8_t zero[] = {0x00, 0};
  assert_int_equal(proto_mqtt_frame(zero, 2, &d), PROTO_EMALFORMED);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_vbi),
      cmocka_unit_test(test_connect),
      cmocka_unit_test(test_all_types),
      cmocka_unit_test(test_malformed),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
