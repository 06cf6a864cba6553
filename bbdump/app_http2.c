/* bbdump: HTTP/2 frames, with header blocks decoded through HPACK. */
#include <stdlib.h>
#include <string.h>

#include "bbdump.h"

size_t bd_http2(bbdump *bd, conn *c, int dir, const uint8_t *p, size_t n);

static const char *setting_name(uint16_t id) {
  switch (id) {
  case 1:
    return "settings.header_table_size";
  case 2:
    return "settings.enable_push";
  case 3:
    return "settings.max_concurrent_streams";
  case 4:
    return "settings.initial_window_size";
  case 5:
    return "settings.max_frame_size";
  case 6:
    return "settings.max_header_list_size";
  case 8:
    return "settings.extended_connect";
  default:
    return "settings.unknown";
  }
}

static int on_header(void *ud, const uint8_t *name, size_t nlen,
                     const uint8_t *value, size_t vlen) {
  jw *j = ud;
  jw_obj(j);
  jw_ks(j, "header.name", name, nlen);
  jw_ks(j, "header.value", value, vlen);
  jw_end(j, '}');
  return 0;
}

/* Joins header block fragments; decodes the block at END_HEADERS. */
static void header_block(bbdump *bd, dir_state *d, const proto_h2_frame *f) {
  if (bd_buf_append(&d->hblock, &d->hlen, &d->hcap, f->data.p, f->data.len)) {
    d->hlen = 0;
    return;
  }
  if (!(f->flags & PROTO_H2_F_END_HEADERS))
    return;
  if (d->hpack == NULL && proto_hpack_new(&d->hpack) != 0)
    return;
  jw_key(&bd->j, "header");
  jw_arr(&bd->j);
  proto_hpack_decode(d->hpack, d->hblock, d->hlen, on_header, &bd->j);
  jw_end(&bd->j, ']');
  d->hlen = 0;
}

static void emit_frame(bbdump *bd, dir_state *d, const proto_h2_frame *f) {
  jw *j = &bd->j;
  bd_msg_begin(bd, "http2");
  jw_ku(j, "length", f->length);
  jw_ku(j, "type", f->type);
  jw_ku(j, "flags", f->flags);
  jw_ku(j, "r", f->r);
  jw_ku(j, "streamid", f->streamid);
  if (f->padded || (f->type == PROTO_H2_HEADERS && f->has_priority))
    jw_ku(j, "pad_length", f->pad_length);
  if (f->has_priority) {
    jw_ku(j, "exclusive", f->exclusive);
    jw_ku(j, "stream_dependency", f->stream_dependency);
    jw_ku(j, "headers.weight", f->weight);
  }
  switch (f->type) {
  case PROTO_H2_SETTINGS:
    if (f->nsettings) {
      jw_key(j, "settings");
      jw_arr(j);
      for (unsigned i = 0; i < f->nsettings; i++) {
        jw_obj(j);
        jw_ku(j, "settings.id", f->setting_id[i]);
        jw_ku(j, setting_name(f->setting_id[i]), f->setting_value[i]);
        jw_end(j, '}');
      }
      jw_end(j, ']');
    }
    break;
  case PROTO_H2_RST_STREAM:
    jw_ku(j, "rst_stream.error", f->error_code);
    break;
  case PROTO_H2_PUSH_PROMISE:
    jw_ku(j, "push_promise.r", f->payload_r);
    jw_ku(j, "push_promise.promised_stream_id", f->promised_stream_id);
    header_block(bd, d, f);
    break;
  case PROTO_H2_PING: {
    uint8_t b[8];
    bebytes_store_be64(b, f->ping);
    jw_key(j, (f->flags & PROTO_H2_F_ACK) ? "pong" : "ping");
    jw_hex(j, b, 8);
    break;
  }
  case PROTO_H2_GOAWAY:
    /* "goway" is Wireshark's own spelling of this field. */
    jw_ku(j, "goway.r", f->payload_r);
    jw_ku(j, "goaway.last_stream_id", f->last_stream_id);
    jw_ku(j, "goaway.error", f->error_code);
    break;
  case PROTO_H2_WINDOW_UPDATE:
    jw_ku(j, "window_update.r", f->payload_r);
    jw_ku(j, "window_update.window_size_increment", f->window_size_increment);
    break;
  case PROTO_H2_HEADERS:
  case PROTO_H2_CONTINUATION:
    header_block(bd, d, f);
    break;
  default:
    break;
  }
  bd_msg_end(bd);
}

size_t bd_http2(bbdump *bd, conn *c, int dir, const uint8_t *p, size_t n) {
  dir_state *d = &c->d[dir];
  size_t off = 0;
  if (!d->h2_magic) {
    int pr = proto_h2_preface(p, n);
    if (pr == 0)
      return 0;
    d->h2_magic = 1;
    if (pr == 1) {
      bd_msg_begin(bd, "http2");
      jw_ks(&bd->j, "magic", PROTO_H2_PREFACE, PROTO_H2_PREFACE_LEN);
      bd_msg_end(bd);
      off = PROTO_H2_PREFACE_LEN;
    }
  }
  while (n - off >= PROTO_H2_HDR_LEN) {
    size_t flen = (size_t)p[off] << 16 | (size_t)p[off + 1] << 8 | p[off + 2];
    if (n - off - PROTO_H2_HDR_LEN < flen)
      break;
    bebytes_reader r;
    proto_h2_frame f;
    proto_reader_init(&r, p + off, PROTO_H2_HDR_LEN + flen);
    if (proto_h2_decode(&r, &f) == 0)
      emit_frame(bd, d, &f);
    off += PROTO_H2_HDR_LEN + flen;
  }
  return off;
}
