/* WebSocket frame codec and Upgrade detection: see ws.h. */
#include "ws.h"
#include "wire.h"

#include <http_parser.h>
#include <string.h>
#include <strings.h>

static int valid_opcode(uint8_t op) {
  return op <= 2 || (op >= 8 && op <= 10);
}

int proto_ws_decode(bebytes_reader *r, proto_ws_frame *f) {
  const uint8_t *v = NULL;
  proto_w_ws h;
  size_t start = bebytes_reader_offset(r);
  int rc = bebytes_get_view(r, proto_w_ws_SIZE, &v);
  if (rc || (rc = proto_w_ws_decode_be(&h, v, proto_w_ws_SIZE, NULL, NULL)))
    return rc;
  f->fin = h.fin;
  f->rsv = h.rsv;
  f->opcode = h.opcode;
  f->mask = h.mask;
  f->payload_length = h.len7;
  if (!valid_opcode(f->opcode))
    return PROTO_EMALFORMED;
  f->length = f->payload_length;
  if (f->payload_length == 126) {
    uint16_t n = 0;
    if ((rc = bebytes_get_be16(r, &n)))
      return rc;
    f->length = n;
  } else if (f->payload_length == 127) {
    if ((rc = bebytes_get_be64(r, &f->length)))
      return rc;
    if (f->length >> 63)
      return PROTO_EMALFORMED;
  }
  if (f->opcode >= 8 && (!f->fin || f->length > 125))
    return PROTO_EMALFORMED;
  if (f->mask && (rc = bebytes_get_bytes(r, f->key, 4)))
    return rc;
  if (!f->mask)
    memset(f->key, 0, 4);
  if (f->length > bebytes_reader_remaining(r))
    return bebytes_skip(r, bebytes_reader_remaining(r) + 1); /* latches */
  f->hdr_len = bebytes_reader_offset(r) - start;
  return proto_get_view(r, (size_t)f->length, &f->payload);
}

int proto_ws_frame_len(const uint8_t *buf, size_t len, size_t *frame_len) {
  bebytes_reader r;
  proto_ws_frame f;
  bebytes_reader_init(&r, buf, len);
  int rc = proto_ws_decode(&r, &f);
  if (rc == BEBYTES_EINSUFFICIENT)
    return 0;
  if (rc)
    return rc;
  *frame_len = bebytes_reader_offset(&r);
  return 1;
}

void proto_ws_unmask(uint8_t *dst, const uint8_t *src, size_t n,
                     const uint8_t key[4], size_t offset) {
  size_t i = 0;
  /* Word at a time: the key repeats every 4 bytes, so an 8-byte word of the
   * rotated key XORs 8 bytes at once (memcpy keeps it free of aliasing and
   * alignment problems). */
  uint8_t k8[8];
  for (unsigned j = 0; j < 8; j++)
    k8[j] = key[(offset + j) % 4];
  uint64_t kw;
  memcpy(&kw, k8, 8);
  for (; i + 8 <= n; i += 8) {
    uint64_t v;
    memcpy(&v, src + i, 8);
    v ^= kw;
    memcpy(dst + i, &v, 8);
  }
  for (; i < n; i++)
    dst[i] = src[i] ^ key[(offset + i) % 4];
}

int proto_ws_encode(const proto_ws_frame *f, bebytes_writer *w) {
  if (f->opcode > 15 || f->rsv > 7 || f->payload.len > (UINT64_MAX >> 1))
    return PROTO_EMALFORMED;
  size_t n = f->payload.len;
  proto_w_ws h = {f->fin ? 1 : 0, f->rsv, f->opcode, f->mask ? 1 : 0,
                  (uint8_t)(n < 126       ? n
                            : n <= 0xffff ? 126
                                          : 127)};
  uint8_t *p = NULL;
  if (bebytes_put_view(w, proto_w_ws_SIZE, &p) == 0)
    proto_w_ws_encode_be_raw(&h, p);
  if (h.len7 == 126)
    bebytes_put_be16(w, (uint16_t)n);
  else if (h.len7 == 127)
    bebytes_put_be64(w, (uint64_t)n);
  if (f->mask)
    bebytes_put_bytes(w, f->key, 4);
  uint8_t *dst = NULL;
  int rc = bebytes_put_view(w, n, &dst);
  if (rc)
    return rc;
  if (n == 0)
    return 0;
  if (f->mask)
    proto_ws_unmask(dst, f->payload.p, n, f->key, 0);
  else
    memcpy(dst, f->payload.p, n);
  return 0;
}

int proto_ws_close(const uint8_t *p, size_t n, uint16_t *code,
                   proto_view *reason) {
  bebytes_reader r;
  bebytes_reader_init(&r, p, n);
  *code = 0;
  reason->p = NULL;
  reason->len = 0;
  if (n == 0)
    return 0;
  if (n == 1)
    return PROTO_EMALFORMED;
  bebytes_get_be16(&r, code);
  return proto_get_view(&r, n - 2, reason);
}

/* http-parser callbacks: watch the Upgrade header's value. */
typedef struct up_state {
  proto_ws_upgrade *out;
  int in_upgrade; /* the last header field was "Upgrade" */
  int saw_websocket;
  int done;
} up_state;

static int on_field(http_parser *p, const char *at, size_t n) {
  up_state *s = p->data;
  s->in_upgrade = n == 7 && strncasecmp(at, "upgrade", 7) == 0;
  return 0;
}
static int on_value(http_parser *p, const char *at, size_t n) {
  up_state *s = p->data;
  if (s->in_upgrade && n >= 9 && strncasecmp(at, "websocket", 9) == 0)
    s->saw_websocket = 1;
  return 0;
}
static int on_headers(http_parser *p) {
  up_state *s = p->data;
  s->done = 1;
  /* 1 = no body follows here: what comes next is the upgraded protocol. */
  return 1;
}

int proto_ws_upgrade_detect(const uint8_t *buf, size_t len,
                            proto_ws_upgrade *out) {
  http_parser p;
  http_parser_settings cb;
  up_state s = {out, 0, 0, 0};
  memset(out, 0, sizeof(*out));
  memset(&cb, 0, sizeof(cb));
  cb.on_header_field = on_field;
  cb.on_header_value = on_value;
  cb.on_headers_complete = on_headers;
  http_parser_init(&p, HTTP_BOTH);
  p.data = &s;
  size_t n = http_parser_execute(&p, &cb, (const char *)buf, len);
  enum http_errno e = HTTP_PARSER_ERRNO(&p);
  if (!s.done) {
    if (e != HPE_OK)
      return PROTO_EMALFORMED;
    return 0;
  }
  out->complete = 1;
  out->is_request = p.type == HTTP_REQUEST;
  out->head_len = n;
  if (out->is_request)
    out->websocket = p.upgrade && s.saw_websocket;
  else
    out->websocket = p.status_code == 101 && s.saw_websocket;
  return 0;
}
