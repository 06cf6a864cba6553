/* CoAP codec: see coap.h for the layout. */
#include "coap.h"
#include "wire.h"

/* Reads the extension of a delta or length nibble. */
static int get_ext(bebytes_reader *r, unsigned nib, uint32_t *out) {
  if (nib < 13) {
    *out = nib;
    return 0;
  }
  if (nib == 13) {
    uint8_t b = 0;
    int rc = bebytes_get_u8(r, &b);
    *out = b + 13u;
    return rc;
  }
  if (nib == 14) {
    uint16_t s = 0;
    int rc = bebytes_get_be16(r, &s);
    *out = s + 269u;
    return rc;
  }
  return PROTO_EMALFORMED;
}

int proto_coap_decode(bebytes_reader *r, proto_coap *c) {
  const uint8_t *v = NULL;
  proto_w_coap h;
  int rc = bebytes_get_view(r, proto_w_coap_SIZE, &v);
  if (rc || (rc = proto_w_coap_decode_be(&h, v, proto_w_coap_SIZE, NULL, NULL)))
    return rc;
  c->version = h.version;
  c->type = h.type;
  c->token_len = h.tkl;
  c->code = h.code;
  c->mid = h.mid;
  c->nopts = 0;
  c->has_payload = 0;
  c->payload.p = NULL;
  c->payload.len = 0;
  if (c->version != 1)
    return PROTO_EVERSION;
  if (c->token_len > 8)
    return PROTO_EMALFORMED;
  if ((rc = proto_get_view(r, c->token_len, &c->token)))
    return rc;
  uint32_t number = 0;
  while (bebytes_reader_remaining(r) > 0) {
    uint8_t ob = 0;
    bebytes_get_u8(r, &ob);
    if (ob == 0xff) {
      if (bebytes_reader_remaining(r) == 0)
        return PROTO_EMALFORMED;
      c->has_payload = 1;
      return proto_get_view(r, bebytes_reader_remaining(r), &c->payload);
    }
    uint32_t d = 0, l = 0;
    if ((rc = get_ext(r, ob >> 4, &d)) || (rc = get_ext(r, ob & 0xfu, &l)))
      return rc;
    number += d;
    if (number > 0xffff)
      return PROTO_EMALFORMED;
    if (c->nopts >= PROTO_COAP_MAX_OPTS)
      return PROTO_ELIMIT;
    proto_coap_opt *o = &c->opt[c->nopts];
    if ((rc = proto_get_view(r, l, &o->value)))
      return rc;
    o->number = (uint16_t)number;
    o->delta_nibble = ob >> 4;
    o->length_nibble = ob & 0xfu;
    c->nopts++;
  }
  return 0;
}

/* Splits v into a nibble and its extension bytes. */
static unsigned nib_of(uint32_t v) {
  return v < 13 ? v : v < 269 ? 13 : 14;
}
static void put_ext(bebytes_writer *w, uint32_t v) {
  if (v >= 269)
    bebytes_put_be16(w, (uint16_t)(v - 269));
  else if (v >= 13)
    bebytes_put_u8(w, (uint8_t)(v - 13));
}

int proto_coap_encode(const proto_coap *c, bebytes_writer *w) {
  if (c->token.len > 8 || c->type > 3 || c->nopts > PROTO_COAP_MAX_OPTS)
    return PROTO_EMALFORMED;
  proto_w_coap h = {1, c->type, (uint8_t)c->token.len, c->code, c->mid};
  uint8_t *p = NULL;
  if (bebytes_put_view(w, proto_w_coap_SIZE, &p) == 0)
    proto_w_coap_encode_be_raw(&h, p);
  bebytes_put_bytes(w, c->token.p, c->token.len);
  uint32_t prev = 0;
  for (unsigned i = 0; i < c->nopts; i++) {
    const proto_coap_opt *o = &c->opt[i];
    if (o->number < prev || o->value.len > 65535u + 269u)
      return PROTO_EMALFORMED;
    uint32_t d = o->number - prev, l = (uint32_t)o->value.len;
    bebytes_put_u8(w, (uint8_t)(nib_of(d) << 4 | nib_of(l)));
    put_ext(w, d);
    put_ext(w, l);
    bebytes_put_bytes(w, o->value.p, o->value.len);
    prev = o->number;
  }
  if (c->payload.len) {
    bebytes_put_u8(w, 0xff);
    bebytes_put_bytes(w, c->payload.p, c->payload.len);
  }
  return bebytes_writer_error(w, NULL);
}

const char *proto_coap_opt_name(uint16_t n) {
  switch (n) {
  case 1:
    return "If-Match";
  case 3:
    return "Uri-Host";
  case 4:
    return "Etag";
  case 5:
    return "If-None-Match";
  case 6:
    return "Observe";
  case 7:
    return "Uri-Port";
  case 8:
    return "Location-Path";
  case 11:
    return "Uri-Path";
  case 12:
    return "Content-Format";
  case 14:
    return "Max-age";
  case 15:
    return "Uri-Query";
  case 17:
    return "Accept";
  case 20:
    return "Location-Query";
  case 23:
    return "Block2";
  case 27:
    return "Block1";
  case 28:
    return "Size2";
  case 35:
    return "Proxy-Uri";
  case 39:
    return "Proxy-Scheme";
  case 60:
    return "Size1";
  case 258:
    return "No-Response";
  default:
    return NULL;
  }
}
