/* TLS record, handshake and hello codec: see tls.h for the layout. */
#include "tls.h"

#include <string.h>

#include "wire.h"

static int valid_type(uint8_t t) {
  return t >= PROTO_TLS_CCS && t <= 24; /* 24 = heartbeat */
}

int proto_tls_frame(const uint8_t *buf, size_t len, size_t *rec_len) {
  if (len < 1)
    return 0;
  if (!valid_type(buf[0]))
    return PROTO_EMALFORMED;
  if (len < PROTO_TLS_REC_HDR_LEN)
    return 0;
  size_t n = (size_t)buf[3] << 8 | buf[4];
  if (n > PROTO_TLS_MAX_RECORD)
    return PROTO_EMALFORMED;
  *rec_len = PROTO_TLS_REC_HDR_LEN + n;
  return len >= *rec_len;
}

int proto_tls_record_decode(bebytes_reader *r, proto_tls_record *out) {
  const uint8_t *v = NULL;
  proto_w_tls h;
  int rc = bebytes_get_view(r, proto_w_tls_SIZE, &v);
  if (rc || (rc = proto_w_tls_decode_be(&h, v, proto_w_tls_SIZE, NULL, NULL)))
    return rc;
  if (!valid_type(h.content_type) || h.length > PROTO_TLS_MAX_RECORD)
    return PROTO_EMALFORMED;
  if ((rc = proto_get_view(r, h.length, &out->fragment)))
    return rc;
  out->content_type = h.content_type;
  out->version = h.version;
  out->length = h.length;
  return 0;
}

int proto_tls_record_encode(const proto_tls_record *in, bebytes_writer *w) {
  if (in->fragment.len > PROTO_TLS_MAX_RECORD)
    return PROTO_EMALFORMED;
  proto_w_tls h = {in->content_type, in->version, (uint16_t)in->fragment.len};
  uint8_t *p = NULL;
  int rc = bebytes_put_view(w, proto_w_tls_SIZE + in->fragment.len, &p);
  if (rc)
    return rc;
  proto_w_tls_encode_be_raw(&h, p);
  if (in->fragment.len)
    memcpy(p + proto_w_tls_SIZE, in->fragment.p, in->fragment.len);
  return 0;
}

int proto_tls_handshake_decode(bebytes_reader *r, proto_tls_handshake *out) {
  uint8_t t = 0;
  uint32_t n = 0;
  bebytes_get_u8(r, &t);
  int rc = bebytes_get_be24(r, &n);
  if (rc)
    return rc;
  if ((rc = proto_get_view(r, n, &out->body)))
    return rc;
  out->type = t;
  out->length = n;
  return 0;
}

int proto_tls_handshake_encode(const proto_tls_handshake *in,
                               bebytes_writer *w) {
  if (in->body.len > 0xffffffu)
    return PROTO_EMALFORMED;
  bebytes_put_u8(w, in->type);
  bebytes_put_be24(w, (uint32_t)in->body.len);
  return bebytes_put_bytes(w, in->body.p, in->body.len);
}

/* A vector with an 8- or 16-bit length prefix. */
static int get_vec(bebytes_reader *r, int wide, proto_view *v) {
  uint8_t n8 = 0;
  uint16_t n16 = 0;
  int rc = wide ? bebytes_get_be16(r, &n16) : bebytes_get_u8(r, &n8);
  if (rc)
    return rc;
  return proto_get_view(r, wide ? n16 : n8, v);
}

static int get_ext(uint8_t hs, uint16_t type, const proto_view *d,
                   proto_tls_hello *h) {
  bebytes_reader r;
  bebytes_reader_init(&r, d->p, d->len);
  if (type == 0 && hs == PROTO_TLS_CLIENT_HELLO) {
    proto_view list;
    int rc = get_vec(&r, 1, &list);
    if (rc)
      return rc;
    bebytes_reader l;
    bebytes_reader_init(&l, list.p, list.len);
    while (bebytes_reader_remaining(&l) > 0) {
      uint8_t nt = 0;
      proto_view name;
      bebytes_get_u8(&l, &nt);
      if ((rc = get_vec(&l, 1, &name)))
        return rc;
      if (nt == 0 && h->sni.p == NULL)
        h->sni = name;
    }
  } else if (type == 43 && hs == PROTO_TLS_CLIENT_HELLO) {
    int rc = get_vec(&r, 0, &h->supported_versions);
    if (rc)
      return rc;
    if (h->supported_versions.len % 2)
      return PROTO_EMALFORMED;
  } else if (type == 43) {
    return bebytes_get_be16(&r, &h->supported_version);
  }
  return 0;
}

int proto_tls_hello_decode(uint8_t type, const proto_view *body,
                           proto_tls_hello *h) {
  bebytes_reader r;
  int rc;
  bebytes_reader_init(&r, body->p, body->len);
  h->next = 0;
  h->ext_count = 0;
  h->sni.p = NULL;
  h->sni.len = 0;
  h->supported_version = 0;
  h->supported_versions = h->sni;
  h->cipher_suites = h->sni;
  h->cipher_suite = 0;
  bebytes_get_be16(&r, &h->version);
  proto_get_view(&r, 32, &h->random);
  if ((rc = get_vec(&r, 0, &h->session_id)))
    return rc;
  if (h->session_id.len > 32)
    return PROTO_EMALFORMED;
  if (type == PROTO_TLS_CLIENT_HELLO) {
    get_vec(&r, 1, &h->cipher_suites);
    rc = get_vec(&r, 0, &h->compression);
    if (rc == 0 && h->cipher_suites.len % 2)
      rc = PROTO_EMALFORMED;
  } else if (type == PROTO_TLS_SERVER_HELLO) {
    bebytes_get_be16(&r, &h->cipher_suite);
    rc = proto_get_view(&r, 1, &h->compression);
  } else {
    return PROTO_EMALFORMED;
  }
  if (rc)
    return rc;
  if (bebytes_reader_remaining(&r) == 0) /* extensions are optional */
    return 0;
  proto_view exts;
  if ((rc = get_vec(&r, 1, &exts)))
    return rc;
  bebytes_reader e;
  bebytes_reader_init(&e, exts.p, exts.len);
  while (bebytes_reader_remaining(&e) > 0) {
    uint16_t et = 0;
    proto_view data;
    bebytes_get_be16(&e, &et);
    if ((rc = get_vec(&e, 1, &data)))
      return rc;
    if (h->next < PROTO_TLS_MAX_EXT)
      h->ext_type[h->next++] = et;
    h->ext_count++;
    if ((rc = get_ext(type, et, &data, h)))
      return rc;
  }
  return bebytes_reader_remaining(&r) == 0 ? 0 : PROTO_EMALFORMED;
}
