/* MQTT v5 codec: see mqtt.h for the wire layout. */
#include "mqtt.h"

#include <string.h>

enum { P_BYTE = 1, P_U16, P_U32, P_VBI, P_STR, P_BIN, P_PAIR };

/* The value type of each property id (0 = not a v5 property). */
static int prop_type(uint32_t id) {
  switch (id) {
  case 0x01:
  case 0x17:
  case 0x19:
  case 0x24:
  case 0x25:
  case 0x28:
  case 0x29:
  case 0x2a:
    return P_BYTE;
  case 0x13:
  case 0x21:
  case 0x22:
  case 0x23:
    return P_U16;
  case 0x02:
  case 0x11:
  case 0x18:
  case 0x27:
    return P_U32;
  case 0x0b:
    return P_VBI;
  case 0x03:
  case 0x08:
  case 0x12:
  case 0x15:
  case 0x1a:
  case 0x1c:
  case 0x1f:
    return P_STR;
  case 0x09:
  case 0x16:
    return P_BIN;
  case 0x26:
    return P_PAIR;
  default:
    return 0;
  }
}

int proto_mqtt_get_vbi(bebytes_reader *r, uint32_t *out) {
  uint32_t v = 0;
  for (unsigned i = 0; i < 4; i++) {
    uint8_t b = 0;
    int rc = bebytes_get_u8(r, &b);
    if (rc)
      return rc;
    v |= (uint32_t)(b & 0x7f) << (7 * i);
    if (!(b & 0x80)) {
      *out = v;
      return 0;
    }
  }
  return PROTO_EMALFORMED;
}

size_t proto_mqtt_vbi_size(uint32_t v) {
  return v < 128u                  ? 1
         : v < 16384u              ? 2
         : v < 2097152u            ? 3
         : v <= PROTO_MQTT_VBI_MAX ? 4
                                   : 0;
}

int proto_mqtt_put_vbi(bebytes_writer *w, uint32_t v) {
  if (v > PROTO_MQTT_VBI_MAX)
    return PROTO_EMALFORMED;
  do {
    uint8_t b = v & 0x7f;
    v >>= 7;
    int rc = bebytes_put_u8(w, (uint8_t)(b | (v ? 0x80 : 0)));
    if (rc)
      return rc;
  } while (v);
  return 0;
}

/* A length-prefixed UTF-8 string or binary field (u16 length). */
static int get_str(bebytes_reader *r, proto_view *v) {
  uint16_t n = 0;
  int rc = bebytes_get_be16(r, &n);
  if (rc)
    return rc;
  return proto_get_view(r, n, v);
}

/* Reads a property list (length then pairs) and records the ids. */
static int get_props(bebytes_reader *r, proto_mqtt_props *p) {
  uint32_t len = 0;
  int rc = proto_mqtt_get_vbi(r, &len);
  if (rc)
    return rc;
  rc = proto_get_view(r, len, &p->raw);
  if (rc)
    return rc;
  p->present = 1;
  p->n = 0;
  bebytes_reader pr;
  bebytes_reader_init(&pr, p->raw.p, p->raw.len);
  while (bebytes_reader_remaining(&pr) > 0) {
    uint32_t id = 0, u = 0;
    uint8_t b = 0;
    uint16_t s = 0;
    proto_view v;
    rc = proto_mqtt_get_vbi(&pr, &id);
    if (rc)
      return rc;
    switch (prop_type(id)) {
    case P_BYTE:
      rc = bebytes_get_u8(&pr, &b);
      break;
    case P_U16:
      rc = bebytes_get_be16(&pr, &s);
      break;
    case P_U32:
      rc = bebytes_get_be32(&pr, &u);
      break;
    case P_VBI:
      rc = proto_mqtt_get_vbi(&pr, &u);
      break;
    case P_STR:
    case P_BIN:
      rc = get_str(&pr, &v);
      break;
    case P_PAIR:
      get_str(&pr, &v);
      rc = get_str(&pr, &v);
      break;
    default:
      return PROTO_EMALFORMED;
    }
    if (rc)
      return rc;
    if (p->n < PROTO_MQTT_MAX_PROPS)
      p->id[p->n++] = (uint8_t)id;
  }
  return 0;
}

int proto_mqtt_frame(const uint8_t *buf, size_t len, proto_mqtt *out) {
  bebytes_reader r;
  uint8_t b0 = 0;
  uint32_t rl = 0;
  bebytes_reader_init(&r, buf, len);
  if (bebytes_get_u8(&r, &b0))
    return 0;
  int rc = proto_mqtt_get_vbi(&r, &rl);
  if (rc == PROTO_EMALFORMED)
    return rc;
  if (rc)
    return 0;
  if ((b0 >> 4) == 0)
    return PROTO_EMALFORMED;
  out->hdrflags = b0;
  out->type = b0 >> 4;
  out->len = rl;
  out->hdr_size = (uint8_t)bebytes_reader_offset(&r);
  return bebytes_reader_remaining(&r) >= rl ? 1 : 0;
}

/* Packet id + optional reason code + optional properties (PUB* acks). */
static int get_ack(bebytes_reader *b, uint8_t version, proto_mqtt *m) {
  int rc = bebytes_get_be16(b, &m->msgid);
  if (rc)
    return rc;
  m->has_msgid = 1;
  if (version < 5 || bebytes_reader_remaining(b) == 0)
    return 0;
  bebytes_get_u8(b, &m->reason);
  m->has_reason = 1;
  if (bebytes_reader_remaining(b) == 0)
    return 0;
  return get_props(b, &m->props);
}

static int get_connect(bebytes_reader *b, proto_mqtt *m) {
  int rc = get_str(b, &m->protoname);
  bebytes_get_u8(b, &m->ver);
  bebytes_get_u8(b, &m->conflags);
  rc = bebytes_get_be16(b, &m->kalive);
  if (rc)
    return rc;
  if (m->ver != 3 && m->ver != 4 && m->ver != 5)
    return PROTO_EVERSION;
  m->version = m->ver;
  if (m->conflags & 0x01) /* reserved bit */
    return PROTO_EMALFORMED;
  if (m->ver == 5 && (rc = get_props(b, &m->props)))
    return rc;
  if ((rc = get_str(b, &m->clientid)))
    return rc;
  if (m->conflags & PROTO_MQTT_CF_WILL) {
    if (m->ver == 5 && (rc = get_props(b, &m->will_props)))
      return rc;
    get_str(b, &m->willtopic);
    if ((rc = get_str(b, &m->willmsg)))
      return rc;
  }
  if ((m->conflags & PROTO_MQTT_CF_USERNAME) && (rc = get_str(b, &m->username)))
    return rc;
  if ((m->conflags & PROTO_MQTT_CF_PASSWORD) && (rc = get_str(b, &m->passwd)))
    return rc;
  return 0;
}

static int get_subscribe(bebytes_reader *b, uint8_t version, proto_mqtt *m) {
  int rc = bebytes_get_be16(b, &m->msgid);
  if (rc)
    return rc;
  m->has_msgid = 1;
  if (version >= 5 && (rc = get_props(b, &m->props)))
    return rc;
  if (bebytes_reader_remaining(b) == 0) /* at least one filter */
    return PROTO_EMALFORMED;
  while (bebytes_reader_remaining(b) > 0) {
    proto_view t;
    uint8_t opts = 0;
    if ((rc = get_str(b, &t)))
      return rc;
    if (m->type == PROTO_MQTT_SUBSCRIBE && (rc = bebytes_get_u8(b, &opts)))
      return rc;
    if (m->ntopics == 0)
      m->topic = t;
    if (m->ntopics >= PROTO_MQTT_MAX_TOPICS)
      return PROTO_ELIMIT;
    m->topics[m->ntopics] = t;
    m->sub_opts[m->ntopics++] = opts;
  }
  return 0;
}

/* The body of a packet whose fixed header is decoded, from reader b. */
static int get_body(bebytes_reader *b, uint8_t version, proto_mqtt *m) {
  int rc = 0;
  switch (m->type) {
  case PROTO_MQTT_CONNECT:
    return get_connect(b, m);
  case PROTO_MQTT_CONNACK:
    bebytes_get_u8(b, &m->ack_flags);
    rc = bebytes_get_u8(b, &m->reason);
    m->has_reason = 1;
    if (rc == 0 && version >= 5)
      rc = get_props(b, &m->props);
    return rc;
  case PROTO_MQTT_PUBLISH:
    if ((rc = get_str(b, &m->topic)))
      return rc;
    if (m->qos > 0) {
      if ((rc = bebytes_get_be16(b, &m->msgid)))
        return rc;
      m->has_msgid = 1;
    }
    if (version >= 5 && (rc = get_props(b, &m->props)))
      return rc;
    return proto_get_view(b, bebytes_reader_remaining(b), &m->payload);
  case PROTO_MQTT_PUBACK:
  case PROTO_MQTT_PUBREC:
  case PROTO_MQTT_PUBREL:
  case PROTO_MQTT_PUBCOMP:
    return get_ack(b, version, m);
  case PROTO_MQTT_SUBSCRIBE:
  case PROTO_MQTT_UNSUBSCRIBE:
    return get_subscribe(b, version, m);
  case PROTO_MQTT_SUBACK:
  case PROTO_MQTT_UNSUBACK:
    if ((rc = bebytes_get_be16(b, &m->msgid)))
      return rc;
    m->has_msgid = 1;
    if (version >= 5 && (rc = get_props(b, &m->props)))
      return rc;
    return proto_get_view(b, bebytes_reader_remaining(b), &m->reason_codes);
  case PROTO_MQTT_PINGREQ:
  case PROTO_MQTT_PINGRESP:
    return 0;
  case PROTO_MQTT_DISCONNECT:
  case PROTO_MQTT_AUTH:
    if (bebytes_reader_remaining(b) == 0)
      return 0;
    bebytes_get_u8(b, &m->reason);
    m->has_reason = 1;
    if (version >= 5 && bebytes_reader_remaining(b) > 0)
      return get_props(b, &m->props);
    return 0;
  default:
    return PROTO_EMALFORMED;
  }
}

int proto_mqtt_decode(bebytes_reader *r, uint8_t version, proto_mqtt *m) {
  uint8_t b0 = 0;
  uint32_t rl = 0;
  size_t start = bebytes_reader_offset(r);
  int rc = bebytes_get_u8(r, &b0);
  if (rc)
    return rc;
  if ((rc = proto_mqtt_get_vbi(r, &rl)))
    return rc;
  memset(m, 0, sizeof(*m));
  m->hdrflags = b0;
  m->type = b0 >> 4;
  m->len = rl;
  m->hdr_size = (uint8_t)(bebytes_reader_offset(r) - start);
  m->version = version;
  unsigned fl = b0 & 0x0fu;
  if (m->type == PROTO_MQTT_PUBLISH) {
    m->dup = (fl >> 3) & 1u;
    m->qos = (fl >> 1) & 3u;
    m->retain = fl & 1u;
    if (m->qos == 3)
      return PROTO_EMALFORMED;
  } else if (m->type == PROTO_MQTT_PUBREL || m->type == PROTO_MQTT_SUBSCRIBE ||
             m->type == PROTO_MQTT_UNSUBSCRIBE) {
    if (fl != 0x2)
      return PROTO_EMALFORMED;
    m->qos = 1;
  } else if (fl != 0 || m->type == 0) {
    return PROTO_EMALFORMED;
  }
  bebytes_reader body;
  if ((rc = proto_sub_reader(r, rl, &body)))
    return rc;
  if ((rc = get_body(&body, version, m)))
    return rc;
  /* Every type but PUBLISH (whose payload takes the rest) must end here. */
  return bebytes_reader_remaining(&body) == 0 ? 0 : PROTO_EMALFORMED;
}

/*
 * Encoding runs twice over the same code: once with w == NULL to count the
 * body (Remaining Length precedes it), once to write it.
 */
typedef struct sink {
  bebytes_writer *w;
  size_t n;
} sink;

static void s_u8(sink *s, uint8_t v) {
  s->n += 1;
  if (s->w)
    bebytes_put_u8(s->w, v);
}
static void s_u16(sink *s, uint16_t v) {
  s->n += 2;
  if (s->w)
    bebytes_put_be16(s->w, v);
}
static void s_bytes(sink *s, proto_view v) {
  s->n += v.len;
  if (s->w)
    bebytes_put_bytes(s->w, v.p, v.len);
}
static void s_str(sink *s, proto_view v) {
  s_u16(s, (uint16_t)v.len);
  s_bytes(s, v);
}
static void s_vbi(sink *s, uint32_t v) {
  s->n += proto_mqtt_vbi_size(v);
  if (s->w)
    proto_mqtt_put_vbi(s->w, v);
}
static void s_props(sink *s, const proto_mqtt_props *p) {
  s_vbi(s, (uint32_t)p->raw.len);
  s_bytes(s, p->raw);
}

static void put_body(const proto_mqtt *m, sink *s) {
  int v5 = m->version >= 5 || m->version == 0;
  switch (m->type) {
  case PROTO_MQTT_CONNECT:
    s_str(s, m->protoname);
    s_u8(s, m->ver);
    s_u8(s, m->conflags);
    s_u16(s, m->kalive);
    if (m->ver >= 5)
      s_props(s, &m->props);
    s_str(s, m->clientid);
    if (m->conflags & PROTO_MQTT_CF_WILL) {
      if (m->ver >= 5)
        s_props(s, &m->will_props);
      s_str(s, m->willtopic);
      s_str(s, m->willmsg);
    }
    if (m->conflags & PROTO_MQTT_CF_USERNAME)
      s_str(s, m->username);
    if (m->conflags & PROTO_MQTT_CF_PASSWORD)
      s_str(s, m->passwd);
    break;
  case PROTO_MQTT_CONNACK:
    s_u8(s, m->ack_flags);
    s_u8(s, m->reason);
    if (v5)
      s_props(s, &m->props);
    break;
  case PROTO_MQTT_PUBLISH:
    s_str(s, m->topic);
    if (m->qos > 0)
      s_u16(s, m->msgid);
    if (v5)
      s_props(s, &m->props);
    s_bytes(s, m->payload);
    break;
  case PROTO_MQTT_PUBACK:
  case PROTO_MQTT_PUBREC:
  case PROTO_MQTT_PUBREL:
  case PROTO_MQTT_PUBCOMP:
    s_u16(s, m->msgid);
    if (v5 && (m->has_reason || m->props.raw.len)) {
      s_u8(s, m->reason);
      if (m->props.raw.len)
        s_props(s, &m->props);
    }
    break;
  case PROTO_MQTT_SUBSCRIBE:
  case PROTO_MQTT_UNSUBSCRIBE:
    s_u16(s, m->msgid);
    if (v5)
      s_props(s, &m->props);
    for (unsigned i = 0; i < m->ntopics && i < PROTO_MQTT_MAX_TOPICS; i++) {
      s_str(s, m->topics[i]);
      if (m->type == PROTO_MQTT_SUBSCRIBE)
        s_u8(s, m->sub_opts[i]);
    }
    break;
  case PROTO_MQTT_SUBACK:
  case PROTO_MQTT_UNSUBACK:
    s_u16(s, m->msgid);
    if (v5)
      s_props(s, &m->props);
    s_bytes(s, m->reason_codes);
    break;
  case PROTO_MQTT_DISCONNECT:
  case PROTO_MQTT_AUTH:
    if (m->has_reason || m->props.raw.len) {
      s_u8(s, m->reason);
      if (v5 && m->props.raw.len)
        s_props(s, &m->props);
    }
    break;
  default:
    break;
  }
}

int proto_mqtt_encode(const proto_mqtt *m, bebytes_writer *w) {
  if (m->type < PROTO_MQTT_CONNECT || m->type > PROTO_MQTT_AUTH || m->qos > 2)
    return PROTO_EMALFORMED;
  sink count = {NULL, 0};
  put_body(m, &count);
  if (count.n > PROTO_MQTT_VBI_MAX)
    return PROTO_EMALFORMED;
  uint8_t fl = 0;
  if (m->type == PROTO_MQTT_PUBLISH)
    fl = (uint8_t)((m->dup & 1u) << 3 | m->qos << 1 | (m->retain & 1u));
  else if (m->type == PROTO_MQTT_PUBREL || m->type == PROTO_MQTT_SUBSCRIBE ||
           m->type == PROTO_MQTT_UNSUBSCRIBE)
    fl = 0x2;
  bebytes_put_u8(w, (uint8_t)(m->type << 4 | fl));
  proto_mqtt_put_vbi(w, (uint32_t)count.n);
  sink out = {w, 0};
  put_body(m, &out);
  return bebytes_writer_error(w, NULL);
}

int proto_mqtt_put_property(bebytes_writer *w, uint8_t id, uint32_t num,
                            proto_view a, proto_view b) {
  int t = prop_type(id);
  if (t == 0)
    return PROTO_EMALFORMED;
  proto_mqtt_put_vbi(w, id);
  switch (t) {
  case P_BYTE:
    return bebytes_put_u8(w, (uint8_t)num);
  case P_U16:
    return bebytes_put_be16(w, (uint16_t)num);
  case P_U32:
    return bebytes_put_be32(w, num);
  case P_VBI:
    return proto_mqtt_put_vbi(w, num);
  case P_PAIR:
    bebytes_put_be16(w, (uint16_t)a.len);
    bebytes_put_bytes(w, a.p, a.len);
    a = b;
    /* fall through */
  default:
    bebytes_put_be16(w, (uint16_t)a.len);
    return bebytes_put_bytes(w, a.p, a.len);
  }
}
