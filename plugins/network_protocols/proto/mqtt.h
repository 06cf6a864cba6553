/*
 * MQTT v5.0 control packets (OASIS MQTT Version 5.0; v3.1.1 also decodes,
 * without properties).
 *
 * Fixed header:
 *
 *    7   6   5   4   3   2   1   0
 *  +---+---+---+---+---+---+---+---+
 *  |  packet type  |DUP|  QoS  |RET|   flags: PUBLISH only; PUBREL,
 *  +---+---+---+---+---+---+---+---+   SUBSCRIBE, UNSUBSCRIBE use 0010
 *  | Remaining Length: variable byte integer, 1-4 bytes, 7 bits each,
 *  | low group first, bit 7 = "more bytes follow" (max 268,435,455)
 *  +-------------------------------+
 *  | variable header | payload      (Remaining Length bytes)
 *  +-------------------------------+
 *
 * Variable header by type (v5): CONNECT: protocol name (u16 len + UTF-8),
 * version (5), connect flags, keep alive u16, properties; payload: client
 * id, [will properties, will topic, will payload], [user name],
 * [password]. CONNACK: ack flags, reason code, properties. PUBLISH: topic,
 * [packet id if QoS > 0], properties, payload. PUBACK/PUBREC/PUBREL/
 * PUBCOMP: packet id, [reason code, [properties]]. SUBSCRIBE: packet id,
 * properties, (topic filter, options)+. SUBACK/UNSUBACK: packet id,
 * properties, reason codes+. UNSUBSCRIBE: packet id, properties, topic
 * filters+. PINGREQ/PINGRESP: empty. DISCONNECT/AUTH: [reason code,
 * [properties]].
 * Properties: VBI byte length, then (VBI id, value) pairs; the value type
 * (byte, u16, u32, VBI, UTF-8 string, binary, string pair) follows the id.
 */
#ifndef BBD_PROTO_MQTT_H
#define BBD_PROTO_MQTT_H

#include "proto.h"

#ifdef __cplusplus
extern "C" {
#endif

enum {
  PROTO_MQTT_CONNECT = 1,
  PROTO_MQTT_CONNACK,
  PROTO_MQTT_PUBLISH,
  PROTO_MQTT_PUBACK,
  PROTO_MQTT_PUBREC,
  PROTO_MQTT_PUBREL,
  PROTO_MQTT_PUBCOMP,
  PROTO_MQTT_SUBSCRIBE,
  PROTO_MQTT_SUBACK,
  PROTO_MQTT_UNSUBSCRIBE,
  PROTO_MQTT_UNSUBACK,
  PROTO_MQTT_PINGREQ,
  PROTO_MQTT_PINGRESP,
  PROTO_MQTT_DISCONNECT,
  PROTO_MQTT_AUTH
};

#define PROTO_MQTT_MAX_PROPS 16 /* property ids kept per packet */
#define PROTO_MQTT_MAX_TOPICS 8 /* SUBSCRIBE/UNSUBSCRIBE filters kept */
#define PROTO_MQTT_VBI_MAX 268435455u

/* CONNECT flags. */
#define PROTO_MQTT_CF_USERNAME 0x80
#define PROTO_MQTT_CF_PASSWORD 0x40
#define PROTO_MQTT_CF_WILL_RETAIN 0x20
#define PROTO_MQTT_CF_WILL_QOS(f) (((f) >> 3) & 3u)
#define PROTO_MQTT_CF_WILL 0x04
#define PROTO_MQTT_CF_CLEAN 0x02

typedef struct proto_mqtt_props {
  proto_view raw; /* the property bytes, without the length */
  uint8_t n;      /* ids kept in id[] (all of them unless > MAX_PROPS) */
  uint8_t id[PROTO_MQTT_MAX_PROPS];
  uint8_t present; /* 1 if the packet carried a property length */
} proto_mqtt_props;

typedef struct proto_mqtt {
  uint8_t hdrflags; /* first byte */
  uint8_t type;     /* hdrflags >> 4 */
  uint8_t dup, qos, retain;
  uint32_t len;     /* Remaining Length */
  uint8_t hdr_size; /* 1 + VBI bytes: the packet is hdr_size + len bytes */
  uint8_t version;  /* protocol level the body was decoded with */
  /* CONNECT */
  proto_view protoname;
  uint8_t ver, conflags;
  uint16_t kalive;
  proto_view clientid, willtopic, willmsg, username, passwd;
  proto_mqtt_props will_props;
  /* CONNACK */
  uint8_t ack_flags;
  /* reason code: CONNACK, PUB*, DISCONNECT, AUTH (has_reason) */
  uint8_t has_reason, reason;
  /* PUBLISH, SUBSCRIBE, UNSUBSCRIBE (first filter) */
  proto_view topic;
  uint8_t has_msgid;
  uint16_t msgid;
  proto_mqtt_props props;
  /* SUBSCRIBE/UNSUBSCRIBE filters, SUBACK/UNSUBACK reason codes */
  uint8_t ntopics;
  proto_view topics[PROTO_MQTT_MAX_TOPICS];
  uint8_t sub_opts[PROTO_MQTT_MAX_TOPICS];
  proto_view reason_codes;
  proto_view payload; /* PUBLISH application message */
} proto_mqtt;

/*
 * Reads the fixed header only. Returns 1 and fills type/flags/len/hdr_size
 * when the whole packet (hdr_size + len bytes) is in buf; 0 when more bytes
 * are needed; MALFORMED for a VBI longer than 4 bytes or a zero type.
 */
int proto_mqtt_frame(const uint8_t *buf, size_t len, proto_mqtt *out);
/*
 * Decodes one whole packet from r (fixed header and body). `version` is the
 * session's protocol level (5 decodes properties; 3 and 4 do not); a
 * CONNECT carries its own. MALFORMED for reserved flag bits that are wrong,
 * QoS 3, lengths that disagree, bad strings.
 */
int proto_mqtt_decode(bebytes_reader *r, uint8_t version, proto_mqtt *out);
/*
 * Encodes the packet described by `in` (type, flags, and the fields that the
 * type uses; properties are written from props.raw, and from will_props.raw
 * for a will). Remaining Length is computed.
 */
int proto_mqtt_encode(const proto_mqtt *in, bebytes_writer *w);

/* Variable byte integer helpers. */
int proto_mqtt_get_vbi(bebytes_reader *r, uint32_t *out);
int proto_mqtt_put_vbi(bebytes_writer *w, uint32_t v);
/* Bytes a VBI of value v takes (1..4), 0 if v is too large. */
size_t proto_mqtt_vbi_size(uint32_t v);

/* Appends one property to a caller buffer (for building props.raw). type
 * of the value follows the id; `num` for numeric ones, `a`/`b` for strings
 * and the user property pair. */
int proto_mqtt_put_property(bebytes_writer *w, uint8_t id, uint32_t num,
                            proto_view a, proto_view b);

#ifdef __cplusplus
}
#endif
#endif /* BBD_PROTO_MQTT_H */
