/* HTTP/2 frame codec and the HPACK wrapper over libnghttp2. */
#include "http2.h"
#include "wire.h"

#include <nghttp2/nghttp2.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int proto_h2_preface(const uint8_t *buf, size_t len) {
  size_t n = len < PROTO_H2_PREFACE_LEN ? len : PROTO_H2_PREFACE_LEN;
  if (memcmp(buf, PROTO_H2_PREFACE, n) != 0)
    return -1;
  return n == PROTO_H2_PREFACE_LEN;
}

int proto_h2_decode_header(bebytes_reader *r, proto_h2_frame *f) {
  const uint8_t *v = NULL;
  proto_w_h2 h;
  int rc = bebytes_get_view(r, proto_w_h2_SIZE, &v);
  if (rc || (rc = proto_w_h2_decode_be(&h, v, proto_w_h2_SIZE, NULL, NULL)))
    return rc;
  f->length = h.length;
  f->type = h.type;
  f->flags = h.flags;
  f->r = h.r;
  f->streamid = h.streamid;
  return 0;
}

/* Splits a 32-bit word into its top bit and 31-bit value. */
static int get_r31(bebytes_reader *p, uint8_t *r, uint32_t *v) {
  uint32_t x = 0;
  int rc = bebytes_get_be32(p, &x);
  *r = (uint8_t)(x >> 31);
  *v = x & 0x7fffffffu;
  return rc;
}

int proto_h2_decode(bebytes_reader *r, proto_h2_frame *f) {
  int rc = proto_h2_decode_header(r, f);
  if (rc)
    return rc;
  bebytes_reader p;
  if ((rc = proto_sub_reader(r, f->length, &p)))
    return rc;
  f->padded = f->has_priority = f->nsettings = 0;
  f->pad_length = 0;
  f->data.p = NULL;
  f->data.len = 0;
  f->padding = f->data;
  int pad_ok = f->type == PROTO_H2_DATA || f->type == PROTO_H2_HEADERS ||
               f->type == PROTO_H2_PUSH_PROMISE;
  if (pad_ok && (f->flags & PROTO_H2_F_PADDED)) {
    if ((rc = bebytes_get_u8(&p, &f->pad_length)))
      return rc;
    f->padded = 1;
  }
  if ((f->type == PROTO_H2_HEADERS && (f->flags & PROTO_H2_F_PRIORITY)) ||
      f->type == PROTO_H2_PRIORITY) {
    if (f->type == PROTO_H2_PRIORITY && f->length != 5)
      return PROTO_EMALFORMED;
    get_r31(&p, &f->exclusive, &f->stream_dependency);
    if ((rc = bebytes_get_u8(&p, &f->weight)))
      return rc;
    f->has_priority = 1;
  }
  switch (f->type) {
  case PROTO_H2_RST_STREAM:
    if (f->length != 4)
      return PROTO_EMALFORMED;
    return bebytes_get_be32(&p, &f->error_code);
  case PROTO_H2_SETTINGS:
    if (f->length % 6)
      return PROTO_EMALFORMED;
    if (f->length / 6 > PROTO_H2_MAX_SETTINGS)
      return PROTO_ELIMIT;
    while (bebytes_reader_remaining(&p) > 0) {
      bebytes_get_be16(&p, &f->setting_id[f->nsettings]);
      bebytes_get_be32(&p, &f->setting_value[f->nsettings]);
      f->nsettings++;
    }
    return proto_rerr(&p);
  case PROTO_H2_PUSH_PROMISE:
    if ((rc = get_r31(&p, &f->payload_r, &f->promised_stream_id)))
      return rc;
    break;
  case PROTO_H2_PING:
    if (f->length != 8)
      return PROTO_EMALFORMED;
    return bebytes_get_be64(&p, &f->ping);
  case PROTO_H2_GOAWAY:
    get_r31(&p, &f->payload_r, &f->last_stream_id);
    if ((rc = bebytes_get_be32(&p, &f->error_code)))
      return rc;
    return proto_get_view(&p, bebytes_reader_remaining(&p), &f->data);
  case PROTO_H2_WINDOW_UPDATE:
    if (f->length != 4)
      return PROTO_EMALFORMED;
    return get_r31(&p, &f->payload_r, &f->window_size_increment);
  default:
    break;
  }
  /* DATA, HEADERS, PUSH_PROMISE, CONTINUATION and unknown types: the rest
   * is data or a header block fragment, then the padding. */
  size_t rest = bebytes_reader_remaining(&p);
  if (f->pad_length > rest)
    return PROTO_EMALFORMED;
  proto_get_view(&p, rest - f->pad_length, &f->data);
  return proto_get_view(&p, f->pad_length, &f->padding);
}

int proto_h2_encode_header(const proto_h2_frame *f, bebytes_writer *w) {
  /* The raw encoder masks bit fields, so ranges are checked here. */
  if (f->length > 0xffffffu || f->streamid > 0x7fffffffu || f->r > 1)
    return PROTO_EMALFORMED;
  proto_w_h2 h = {f->length, f->type, f->flags, f->r, f->streamid};
  uint8_t *p = NULL;
  int rc = bebytes_put_view(w, proto_w_h2_SIZE, &p);
  if (rc == 0)
    proto_w_h2_encode_be_raw(&h, p);
  return rc;
}

int proto_h2_encode(const proto_h2_frame *in, bebytes_writer *w) {
  proto_h2_frame f = *in;
  int padded = (f.type == PROTO_H2_DATA || f.type == PROTO_H2_HEADERS ||
                f.type == PROTO_H2_PUSH_PROMISE) &&
               (f.flags & PROTO_H2_F_PADDED);
  int prio = f.type == PROTO_H2_PRIORITY ||
             (f.type == PROTO_H2_HEADERS && (f.flags & PROTO_H2_F_PRIORITY));
  size_t len = 0;
  switch (f.type) {
  case PROTO_H2_RST_STREAM:
  case PROTO_H2_WINDOW_UPDATE:
    len = 4;
    break;
  case PROTO_H2_SETTINGS:
    if (f.nsettings > PROTO_H2_MAX_SETTINGS)
      return PROTO_ELIMIT;
    len = 6u * f.nsettings;
    break;
  case PROTO_H2_PING:
    len = 8;
    break;
  case PROTO_H2_GOAWAY:
    len = 8 + f.data.len;
    break;
  case PROTO_H2_PRIORITY:
    len = 0;
    break;
  case PROTO_H2_PUSH_PROMISE:
    len = 4 + f.data.len;
    break;
  default:
    len = f.data.len;
    break;
  }
  len += (padded ? 1u + f.pad_length : 0u) + (prio ? 5u : 0u);
  if (len > 0xffffffu)
    return PROTO_EMALFORMED;
  f.length = (uint32_t)len;
  int rc = proto_h2_encode_header(&f, w);
  if (rc)
    return rc;
  if (padded)
    bebytes_put_u8(w, f.pad_length);
  if (prio) {
    bebytes_put_be32(w, (uint32_t)(f.exclusive & 1u) << 31 |
                            (f.stream_dependency & 0x7fffffffu));
    bebytes_put_u8(w, f.weight);
  }
  switch (f.type) {
  case PROTO_H2_RST_STREAM:
    return bebytes_put_be32(w, f.error_code);
  case PROTO_H2_WINDOW_UPDATE:
    return bebytes_put_be32(w, (uint32_t)(f.payload_r & 1u) << 31 |
                                   (f.window_size_increment & 0x7fffffffu));
  case PROTO_H2_SETTINGS:
    for (unsigned i = 0; i < f.nsettings; i++) {
      bebytes_put_be16(w, f.setting_id[i]);
      bebytes_put_be32(w, f.setting_value[i]);
    }
    return bebytes_writer_error(w, NULL);
  case PROTO_H2_PING:
    return bebytes_put_be64(w, f.ping);
  case PROTO_H2_GOAWAY:
    bebytes_put_be32(w, (uint32_t)(f.payload_r & 1u) << 31 |
                            (f.last_stream_id & 0x7fffffffu));
    bebytes_put_be32(w, f.error_code);
    return bebytes_put_bytes(w, f.data.p, f.data.len);
  case PROTO_H2_PRIORITY:
    return bebytes_writer_error(w, NULL);
  case PROTO_H2_PUSH_PROMISE:
    bebytes_put_be32(w, (uint32_t)(f.payload_r & 1u) << 31 |
                            (f.promised_stream_id & 0x7fffffffu));
    break;
  default:
    break;
  }
  bebytes_put_bytes(w, f.data.p, f.data.len);
  if (padded) {
    uint8_t *pad = NULL;
    if (bebytes_put_view(w, f.pad_length, &pad) == 0)
      memset(pad, 0, f.pad_length);
  }
  return bebytes_writer_error(w, NULL);
}

/*
 * libnghttp2 allocates while it decodes (dynamic-table entries, header
 * buffers). So that decoding allocates nothing per packet once a connection
 * is warm, the inflater gets an allocator (nghttp2_mem) that recycles
 * blocks through per-context free lists in power-of-two size classes; the
 * system allocator is called only while the pool grows. The pool outlives
 * proto_hpack_reset(), so a new connection reuses it too.
 */
#define HP_CLASSES 13 /* 16 B .. 64 KiB */
#define HP_MIN_SHIFT 4

typedef union hp_block {
  union hp_block *next;  /* while free */
  max_align_t align;     /* keeps the payload aligned */
  unsigned char hdr[16]; /* cls stored in hdr[0] */
} hp_block;

struct proto_hpack {
  nghttp2_hd_inflater *inf;
  nghttp2_mem mem;
  hp_block *free_list[HP_CLASSES];
};

/* Size class of n bytes, or -1 when it is served by malloc directly. */
static int hp_class(size_t n) {
  for (int c = 0; c < HP_CLASSES; c++)
    if (n <= ((size_t)1 << (c + HP_MIN_SHIFT)))
      return c;
  return -1;
}

static void *hp_malloc(size_t n, void *ud) {
  proto_hpack *h = ud;
  int c = hp_class(n);
  size_t hsz = sizeof(hp_block);
  hp_block *b;
  if (c >= 0 && h->free_list[c]) {
    b = h->free_list[c];
    h->free_list[c] = b->next;
  } else {
    size_t sz = c >= 0 ? ((size_t)1 << (c + HP_MIN_SHIFT)) : n;
    if (sz > SIZE_MAX - hsz)
      return NULL;
    b = malloc(hsz + sz);
    if (b == NULL)
      return NULL;
  }
  b->hdr[0] = (unsigned char)(c >= 0 ? c : 0xff);
  return (unsigned char *)b + hsz;
}

static void hp_free(void *p, void *ud) {
  proto_hpack *h = ud;
  if (p == NULL)
    return;
  hp_block *b = (hp_block *)(void *)((unsigned char *)p - sizeof(hp_block));
  unsigned c = b->hdr[0];
  if (c == 0xff) {
    free(b);
    return;
  }
  b->next = h->free_list[c];
  h->free_list[c] = b;
}

static void *hp_calloc(size_t nmemb, size_t size, void *ud) {
  if (size && nmemb > SIZE_MAX / size)
    return NULL;
  void *p = hp_malloc(nmemb * size, ud);
  if (p)
    memset(p, 0, nmemb * size);
  return p;
}

static void *hp_realloc(void *p, size_t n, void *ud) {
  if (p == NULL)
    return hp_malloc(n, ud);
  hp_block *b = (hp_block *)(void *)((unsigned char *)p - sizeof(hp_block));
  unsigned c = b->hdr[0];
  /* The old size is only known for pooled blocks; nghttp2's inflater does
   * not realloc unpooled (> 64 KiB) blocks, but stay correct if it does. */
  if (c == 0xff) {
    hp_block *nb = realloc(b, sizeof(hp_block) + n);
    if (nb == NULL)
      return NULL;
    return (unsigned char *)nb + sizeof(hp_block);
  }
  size_t old = (size_t)1 << (c + HP_MIN_SHIFT);
  if (n <= old)
    return p;
  void *q = hp_malloc(n, ud);
  if (q == NULL)
    return NULL;
  memcpy(q, p, old);
  hp_free(p, ud);
  return q;
}

int proto_hpack_new(proto_hpack **out) {
  proto_hpack *h = calloc(1, sizeof(*h));
  if (h == NULL)
    return BEBYTES_ENOMEM;
  h->mem = (nghttp2_mem){h, hp_malloc, hp_free, hp_calloc, hp_realloc};
  if (nghttp2_hd_inflate_new2(&h->inf, &h->mem) != 0) {
    proto_hpack_free(h);
    return BEBYTES_ENOMEM;
  }
  *out = h;
  return 0;
}

int proto_hpack_reset(proto_hpack *h) {
  nghttp2_hd_inflate_del(h->inf);
  h->inf = NULL;
  return nghttp2_hd_inflate_new2(&h->inf, &h->mem) == 0 ? 0 : BEBYTES_ENOMEM;
}

void proto_hpack_free(proto_hpack *h) {
  if (h == NULL)
    return;
  if (h->inf)
    nghttp2_hd_inflate_del(h->inf);
  for (int c = 0; c < HP_CLASSES; c++) {
    while (h->free_list[c]) {
      hp_block *b = h->free_list[c];
      h->free_list[c] = b->next;
      free(b);
    }
  }
  free(h);
}

int proto_hpack_decode(proto_hpack *h, const uint8_t *block, size_t len,
                       proto_hpack_cb cb, void *ud) {
  if (h->inf == NULL)
    return BEBYTES_ENOMEM;
  const uint8_t *p = block;
  size_t left = len;
  for (;;) {
    nghttp2_nv nv;
    int flags = 0;
    ssize_t n = nghttp2_hd_inflate_hd2(h->inf, &nv, &flags, p, left, 1);
    if (n < 0)
      return PROTO_EMALFORMED;
    p += n;
    left -= (size_t)n;
    if ((flags & NGHTTP2_HD_INFLATE_EMIT) && cb &&
        cb(ud, nv.name, nv.namelen, nv.value, nv.valuelen))
      break;
    if (flags & NGHTTP2_HD_INFLATE_FINAL) {
      nghttp2_hd_inflate_end_headers(h->inf);
      return 0;
    }
    if ((flags & NGHTTP2_HD_INFLATE_EMIT) == 0 && n == 0)
      return PROTO_EMALFORMED;
  }
  /* Stopped by the callback: the block must still be consumed to keep the
   * dynamic table in step, so finish it without reporting. */
  return proto_hpack_decode(h, p, left, NULL, NULL);
}
