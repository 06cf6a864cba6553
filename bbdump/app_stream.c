/*
 * bbdump: message framing on reassembled TCP streams, and the MQTT, TLS
 * and DNS-over-TCP messages. HTTP/2 and WebSocket live in their own files.
 */
#include <string.h>

#include "bbdump.h"
#include "dns.h"
#include "mqtt.h"
#include "tls.h"

size_t bd_http2(bbdump *bd, conn *c, int dir, const uint8_t *p, size_t n);
size_t bd_ws(bbdump *bd, conn *c, int dir, const uint8_t *p, size_t n);

static void emit_props(jw *j, const char *key, const proto_mqtt_props *pr) {
  if (key) {
    jw_key(j, key);
    jw_obj(j);
  }
  jw_ku(j, "property_len", pr->raw.len);
  if (pr->n) {
    jw_key(j, "property_id");
    jw_arr(j);
    for (unsigned i = 0; i < pr->n; i++)
      jw_u64(j, pr->id[i]);
    jw_end(j, ']');
  }
  if (key)
    jw_end(j, '}');
}

static void emit_mqtt(bbdump *bd, const proto_mqtt *m) {
  static const char *const reason_key[16] = {
      [PROTO_MQTT_CONNACK] = "connack.reason_code",
      [PROTO_MQTT_PUBACK] = "puback.reason_code",
      [PROTO_MQTT_PUBREC] = "pubrec.reason_code",
      [PROTO_MQTT_PUBREL] = "pubrel.reason_code",
      [PROTO_MQTT_PUBCOMP] = "pubcomp.reason_code",
      [PROTO_MQTT_DISCONNECT] = "disconnect.reason_code",
      [PROTO_MQTT_AUTH] = "auth.reason_code"};
  jw *j = &bd->j;
  bd_msg_begin(bd, "mqtt");
  jw_ku(j, "hdrflags", m->hdrflags);
  jw_ku(j, "msgtype", m->type);
  if (m->type == PROTO_MQTT_PUBLISH) {
    jw_ku(j, "dupflag", m->dup);
    jw_ku(j, "qos", m->qos);
    jw_ku(j, "retain", m->retain);
  } else {
    jw_ku(j, "hdr_reserved", m->hdrflags & 0x0fu);
  }
  jw_ku(j, "len", m->len);
  if (m->type == PROTO_MQTT_CONNECT) {
    jw_ku(j, "proto_len", m->protoname.len);
    jw_ks(j, "protoname", m->protoname.p, m->protoname.len);
    jw_ku(j, "ver", m->ver);
    jw_ku(j, "conflags", m->conflags);
    jw_ku(j, "kalive", m->kalive);
    if (m->props.present)
      emit_props(j, NULL, &m->props);
    jw_ku(j, "clientid_len", m->clientid.len);
    jw_ks(j, "clientid", m->clientid.p, m->clientid.len);
    if (m->conflags & PROTO_MQTT_CF_WILL) {
      if (m->will_props.present)
        emit_props(j, "will_properties", &m->will_props);
      jw_ku(j, "willtopic_len", m->willtopic.len);
      jw_ks(j, "willtopic", m->willtopic.p, m->willtopic.len);
      jw_ku(j, "willmsg_len", m->willmsg.len);
      jw_key(j, "willmsg");
      jw_hex(j, m->willmsg.p, m->willmsg.len);
    }
    if (m->conflags & PROTO_MQTT_CF_USERNAME) {
      jw_ku(j, "username_len", m->username.len);
      jw_ks(j, "username", m->username.p, m->username.len);
    }
    if (m->conflags & PROTO_MQTT_CF_PASSWORD) {
      jw_ku(j, "passwd_len", m->passwd.len);
      jw_ks(j, "passwd", m->passwd.p, m->passwd.len);
    }
    bd_msg_end(bd);
    return;
  }
  if (m->type == PROTO_MQTT_CONNACK)
    jw_ku(j, "conack.flags", m->ack_flags);
  if (m->type == PROTO_MQTT_PUBLISH) {
    jw_ku(j, "topic_len", m->topic.len);
    jw_ks(j, "topic", m->topic.p, m->topic.len);
  }
  if (m->has_msgid)
    jw_ku(j, "msgid", m->msgid);
  if (m->has_reason && reason_key[m->type])
    jw_ku(j, reason_key[m->type], m->reason);
  if (m->props.present)
    emit_props(j, NULL, &m->props);
  if (m->type == PROTO_MQTT_SUBSCRIBE || m->type == PROTO_MQTT_UNSUBSCRIBE) {
    jw_key(j, "topics");
    jw_arr(j);
    for (unsigned i = 0; i < m->ntopics; i++) {
      jw_obj(j);
      jw_ku(j, "topic_len", m->topics[i].len);
      jw_ks(j, "topic", m->topics[i].p, m->topics[i].len);
      if (m->type == PROTO_MQTT_SUBSCRIBE)
        jw_ku(j, "subscription_options", m->sub_opts[i]);
      jw_end(j, '}');
    }
    jw_end(j, ']');
  }
  if (m->type == PROTO_MQTT_SUBACK || m->type == PROTO_MQTT_UNSUBACK) {
    jw_key(j, m->type == PROTO_MQTT_SUBACK ? "suback.reason_code"
                                           : "unsuback.reason_code");
    jw_arr(j);
    for (size_t i = 0; i < m->reason_codes.len; i++)
      jw_u64(j, m->reason_codes.p[i]);
    jw_end(j, ']');
  }
  if (m->type == PROTO_MQTT_PUBLISH) {
    jw_key(j, "msg");
    jw_hex(j, m->payload.p, m->payload.len);
  }
  bd_msg_end(bd);
}

static size_t stream_mqtt(bbdump *bd, conn *c, int dir, const uint8_t *p,
                          size_t n) {
  size_t off = 0;
  while (off < n) {
    proto_mqtt m;
    int rc = proto_mqtt_frame(p + off, n - off, &m);
    if (rc == 0)
      break;
    if (rc < 0) {
      c->d[dir].dead = 1;
      return n;
    }
    size_t total = (size_t)m.hdr_size + m.len;
    bebytes_reader r;
    proto_reader_init(&r, p + off, total);
    if (proto_mqtt_decode(&r, c->mqtt_ver, &m) == 0) {
      if (m.type == PROTO_MQTT_CONNECT)
        c->mqtt_ver = m.ver;
      emit_mqtt(bd, &m);
    }
    off += total;
  }
  return off;
}

static void emit_hello(jw *j, uint8_t type, const proto_view *body) {
  proto_tls_hello h;
  if (proto_tls_hello_decode(type, body, &h))
    return;
  jw_ku(j, "handshake.version", h.version);
  jw_ku(j, "handshake.session_id_length", h.session_id.len);
  jw_key(j, "handshake.ciphersuite");
  if (type == PROTO_TLS_CLIENT_HELLO) {
    jw_arr(j);
    for (size_t i = 0; i + 1 < h.cipher_suites.len; i += 2)
      jw_u64(j, (unsigned)h.cipher_suites.p[i] << 8 | h.cipher_suites.p[i + 1]);
    jw_end(j, ']');
  } else {
    jw_u64(j, h.cipher_suite);
  }
  if (h.next) {
    jw_key(j, "handshake.extension.type");
    jw_arr(j);
    for (unsigned i = 0; i < h.next; i++)
      jw_u64(j, h.ext_type[i]);
    jw_end(j, ']');
  }
  if (h.sni.p)
    jw_ks(j, "handshake.extensions_server_name", h.sni.p, h.sni.len);
  if (h.supported_versions.len) {
    jw_key(j, "handshake.extensions.supported_version");
    jw_arr(j);
    for (size_t i = 0; i + 1 < h.supported_versions.len; i += 2)
      jw_u64(j, (unsigned)h.supported_versions.p[i] << 8 |
                    h.supported_versions.p[i + 1]);
    jw_end(j, ']');
  } else if (h.supported_version) {
    jw_ku(j, "handshake.extensions.supported_version", h.supported_version);
  }
}

/*
 * The handshake messages of one record. A message split over records is
 * joined (its head waits in d->hblock) and reported in the record that
 * completes it, as Wireshark does.
 */
static void tls_handshakes(bbdump *bd, dir_state *d, const proto_view *frag) {
  jw *j = &bd->j;
  const uint8_t *p = frag->p;
  size_t n = frag->len, off = 0;
  if (d->hlen) {
    if (bd_buf_append(&d->hblock, &d->hlen, &d->hcap, frag->p, frag->len)) {
      d->hlen = 0; /* too large: give the message up */
      return;
    }
    p = d->hblock;
    n = d->hlen;
  }
  jw_key(j, "handshake");
  jw_arr(j);
  while (n - off >= 4) {
    size_t mlen =
        (size_t)p[off + 1] << 16 | (size_t)p[off + 2] << 8 | p[off + 3];
    if (n - off - 4 < mlen)
      break; /* continues in a later record */
    bebytes_reader r;
    proto_tls_handshake hs;
    proto_reader_init(&r, p + off, 4 + mlen);
    if (proto_tls_handshake_decode(&r, &hs) == 0) {
      jw_obj(j);
      jw_ku(j, "handshake.type", hs.type);
      jw_ku(j, "handshake.length", hs.length);
      if (hs.type == PROTO_TLS_CLIENT_HELLO ||
          hs.type == PROTO_TLS_SERVER_HELLO)
        emit_hello(j, hs.type, &hs.body);
      jw_end(j, '}');
    }
    off += 4 + mlen;
  }
  jw_end(j, ']');
  size_t rest = n - off;
  if (p == d->hblock) {
    memmove(d->hblock, d->hblock + off, rest);
    d->hlen = rest;
  } else if (rest) {
    d->hlen = 0;
    if (bd_buf_append(&d->hblock, &d->hlen, &d->hcap, p + off, rest))
      d->hlen = 0;
  }
}

static void emit_tls(bbdump *bd, dir_state *d, const proto_tls_record *rec) {
  jw *j = &bd->j;
  bd_msg_begin(bd, "tls");
  jw_ku(j, "record.content_type", rec->content_type);
  jw_ku(j, "record.version", rec->version);
  jw_ku(j, "record.length", rec->length);
  if (rec->content_type == PROTO_TLS_CCS)
    d->tls_ccs = 1;
  if (rec->content_type == PROTO_TLS_HANDSHAKE && !d->tls_ccs)
    tls_handshakes(bd, d, &rec->fragment);
  bd_msg_end(bd);
}

static size_t stream_tls(bbdump *bd, conn *c, int dir, const uint8_t *p,
                         size_t n) {
  size_t off = 0;
  while (off < n) {
    size_t rl = 0;
    int rc = proto_tls_frame(p + off, n - off, &rl);
    if (rc == 0)
      break;
    if (rc < 0) {
      c->d[dir].dead = 1;
      return n;
    }
    bebytes_reader r;
    proto_tls_record rec;
    proto_reader_init(&r, p + off, rl);
    if (proto_tls_record_decode(&r, &rec) == 0)
      emit_tls(bd, &c->d[dir], &rec);
    off += rl;
  }
  return off;
}

static size_t stream_dns(bbdump *bd, const uint8_t *p, size_t n) {
  size_t off = 0, ml = 0;
  while (proto_dns_tcp_frame(p + off, n - off, &ml) == 1) {
    bd_dns(bd, p + off + 2, ml, 1);
    off += 2 + ml;
  }
  return off;
}

size_t bd_stream(bbdump *bd, conn *c, int dir, const uint8_t *p, size_t n) {
  switch (c->app) {
  case APP_DNS:
    return stream_dns(bd, p, n);
  case APP_MQTT:
    return stream_mqtt(bd, c, dir, p, n);
  case APP_TLS:
    return stream_tls(bd, c, dir, p, n);
  case APP_HTTP2:
    return bd_http2(bd, c, dir, p, n);
  case APP_WS:
    return bd_ws(bd, c, dir, p, n);
  default:
    return n;
  }
}
