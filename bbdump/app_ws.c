/* bbdump: the HTTP/1.1 Upgrade, then WebSocket frames. */
#include <string.h>

#include "bbdump.h"
#include "ws.h"

size_t bd_ws(bbdump *bd, conn *c, int dir, const uint8_t *p, size_t n);

/* Text payloads up to this size are shown unmasked (a stack buffer). */
#define WS_TEXT_MAX 256

static void emit_ws(bbdump *bd, const proto_ws_frame *f) {
  jw *j = &bd->j;
  uint8_t clear[WS_TEXT_MAX];
  bd_msg_begin(bd, "websocket");
  jw_ku(j, "fin", f->fin);
  jw_ku(j, "rsv", f->rsv);
  jw_ku(j, "opcode", f->opcode);
  jw_ku(j, "mask", f->mask);
  jw_ku(j, "payload_length", f->payload_length);
  if (f->payload_length == 126)
    jw_ku(j, "payload_length_ext_16", f->length);
  else if (f->payload_length == 127)
    jw_ku(j, "payload_length_ext_64", f->length);
  if (f->mask) {
    jw_key(j, "masking_key");
    jw_hex(j, f->key, 4);
  }
  size_t n = f->payload.len;
  if ((f->opcode == PROTO_WS_CLOSE || f->opcode == PROTO_WS_TEXT) &&
      n <= WS_TEXT_MAX) {
    proto_ws_unmask(clear, f->payload.p, n, f->key, 0);
    if (f->opcode == PROTO_WS_TEXT) {
      jw_ks(j, "payload.text", clear, n);
    } else {
      uint16_t code = 0;
      proto_view reason;
      if (n >= 2 && proto_ws_close(clear, n, &code, &reason) == 0) {
        jw_ku(j, "payload.close.status_code", code);
        jw_ks(j, "payload.close.reason", reason.p, reason.len);
      }
    }
  }
  bd_msg_end(bd);
}

size_t bd_ws(bbdump *bd, conn *c, int dir, const uint8_t *p, size_t n) {
  dir_state *d = &c->d[dir];
  size_t off = 0;
  if (!d->ws_up) {
    proto_ws_upgrade up;
    if (proto_ws_upgrade_detect(p, n, &up) != 0) {
      d->dead = 1;
      return n;
    }
    if (!up.complete)
      return 0;
    if (!up.websocket) {
      /* Plain HTTP/1.1: bbdump does not show HTTP itself. */
      d->dead = 1;
      return n;
    }
    d->ws_up = 1;
    off = up.head_len;
  }
  while (off < n) {
    size_t fl = 0;
    int rc = proto_ws_frame_len(p + off, n - off, &fl);
    if (rc == 0)
      break;
    if (rc < 0) {
      d->dead = 1;
      return n;
    }
    bebytes_reader r;
    proto_ws_frame f;
    proto_reader_init(&r, p + off, fl);
    if (proto_ws_decode(&r, &f) == 0)
      emit_ws(bd, &f);
    off += fl;
  }
  return off;
}
