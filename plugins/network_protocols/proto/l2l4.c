/* Ethernet II, IPv4, TCP and UDP codecs, and the Internet checksum. */
#include "l2l4.h"
#include "wire.h"

#include <string.h>

int proto_eth_decode(bebytes_reader *r, proto_eth *out) {
  /* One bounds check through the reader, then the declared header's
   * straight-line decoder on the view (it cannot fail on SIZE bytes). */
  const uint8_t *h = NULL;
  proto_w_eth w;
  int rc = bebytes_get_view(r, proto_w_eth_SIZE, &h);
  if (rc)
    return rc;
  if ((rc = proto_w_eth_decode_be(&w, h, proto_w_eth_SIZE, NULL, NULL)))
    return rc;
  /* Values up to 1500 are 802.3 lengths, not EtherTypes (Ethernet II only). */
  if (w.type < 0x0600)
    return PROTO_EMALFORMED;
  memcpy(out->dst, w.dst, 6);
  memcpy(out->src, w.src, 6);
  out->type = w.type;
  return 0;
}

int proto_eth_encode(const proto_eth *in, bebytes_writer *w) {
  proto_w_eth h;
  uint8_t *p = NULL;
  memcpy(h.dst, in->dst, 6);
  memcpy(h.src, in->src, 6);
  h.type = in->type;
  int rc = bebytes_put_view(w, proto_w_eth_SIZE, &p);
  if (rc == 0)
    proto_w_eth_encode_be_raw(&h, p);
  return rc;
}

uint32_t proto_csum_add(uint32_t sum, const uint8_t *data, size_t len) {
  /* 64-bit accumulator of 16-bit words: cannot overflow below 2^48 bytes. */
  uint64_t acc = sum;
  size_t i = 0;
  for (; i + 1 < len; i += 2)
    acc += (uint32_t)data[i] << 8 | data[i + 1];
  if (i < len)
    acc += (uint32_t)data[i] << 8;
  while (acc >> 32)
    acc = (acc & 0xffffffffu) + (acc >> 32);
  return (uint32_t)acc;
}

uint16_t proto_csum_fold(uint32_t sum) {
  while (sum >> 16)
    sum = (sum & 0xffffu) + (sum >> 16);
  return (uint16_t)~sum;
}

uint16_t proto_l4_checksum(uint32_t src, uint32_t dst, uint8_t proto,
                           const uint8_t *seg, size_t len) {
  uint32_t sum = (src >> 16) + (src & 0xffffu) + (dst >> 16) + (dst & 0xffffu) +
                 proto + (uint32_t)(len & 0xffffu) + (uint32_t)(len >> 16);
  return proto_csum_fold(proto_csum_add(sum, seg, len));
}

int proto_ipv4_decode(bebytes_reader *r, proto_ipv4 *out) {
  const uint8_t *hdr = NULL;
  proto_w_ipv4 h;
  int rc = bebytes_get_view(r, proto_w_ipv4_SIZE, &hdr);
  if (rc)
    return rc;
  if ((rc = proto_w_ipv4_decode_be(&h, hdr, proto_w_ipv4_SIZE, NULL, NULL)))
    return rc;
  if (h.version != 4)
    return PROTO_EVERSION;
  unsigned hl = h.ihl * 4u;
  if (hl < PROTO_IPV4_MIN_LEN || h.total_len < hl)
    return PROTO_EMALFORMED;
  rc = proto_get_view(r, hl - PROTO_IPV4_MIN_LEN, &out->options);
  if (rc)
    return rc;
  out->version = 4;
  out->hdr_len = (uint8_t)hl;
  out->dsfield = h.dsfield;
  out->total_len = h.total_len;
  out->id = h.id;
  out->flags = h.flags;
  out->frag_offset = h.frag_offset;
  out->ttl = h.ttl;
  out->proto = h.proto;
  out->checksum = h.checksum;
  /* The options directly follow the 20 bytes in the same buffer. */
  out->checksum_ok = proto_csum_fold(proto_csum_add(0, hdr, hl)) == 0;
  out->src = h.src;
  out->dst = h.dst;
  return 0;
}

int proto_ipv4_encode(const proto_ipv4 *in, int compute_checksum,
                      bebytes_writer *w) {
  size_t olen = in->options.len;
  if (olen > 40 || olen % 4 || in->flags > 7 || in->frag_offset > 0x1fff)
    return PROTO_EMALFORMED;
  proto_w_ipv4 h = {.version = 4,
                    .ihl = (uint8_t)(5 + olen / 4),
                    .dsfield = in->dsfield,
                    .total_len = in->total_len,
                    .id = in->id,
                    .flags = in->flags,
                    .frag_offset = in->frag_offset,
                    .ttl = in->ttl,
                    .proto = in->proto,
                    .checksum = compute_checksum ? 0 : in->checksum,
                    .src = in->src,
                    .dst = in->dst};
  uint8_t *p = NULL;
  int rc = bebytes_put_view(w, proto_w_ipv4_SIZE + olen, &p);
  if (rc)
    return rc;
  proto_w_ipv4_encode_be_raw(&h, p);
  if (olen)
    memcpy(p + proto_w_ipv4_SIZE, in->options.p, olen);
  if (compute_checksum)
    bebytes_store_be16(p + 10, proto_csum_fold(proto_csum_add(
                                   0, p, proto_w_ipv4_SIZE + olen)));
  return 0;
}

int proto_tcp_parse_options(proto_tcp *t) {
  /* A byte loop over the option view (at most 40 bytes): every index is
   * checked against the view's length before it is read. */
  const uint8_t *o = t->options.p;
  size_t n = t->options.len, i = 0;
  t->present = 0;
  while (i < n) {
    uint8_t kind = o[i];
    if (kind == 0) /* end of option list: the rest is padding */
      break;
    if (kind == 1) {
      i++;
      continue;
    }
    if (n - i < 2)
      return PROTO_EMALFORMED;
    uint8_t len = o[i + 1];
    if (len < 2 || len > n - i)
      return PROTO_EMALFORMED;
    const uint8_t *v = o + i + 2;
    switch (kind) {
    case 2:
      if (len != 4)
        return PROTO_EMALFORMED;
      t->mss = bebytes_load_be16(v);
      t->present |= PROTO_TCP_OPT_MSS;
      break;
    case 3:
      if (len != 3)
        return PROTO_EMALFORMED;
      t->wscale = v[0];
      t->present |= PROTO_TCP_OPT_WSCALE;
      break;
    case 4:
      if (len != 2)
        return PROTO_EMALFORMED;
      t->present |= PROTO_TCP_OPT_SACK_PERM;
      break;
    case 5:
      if ((len - 2) % 8)
        return PROTO_EMALFORMED;
      t->sack_blocks = (uint8_t)((len - 2) / 8);
      t->present |= PROTO_TCP_OPT_SACK;
      break;
    case 8:
      if (len != 10)
        return PROTO_EMALFORMED;
      t->ts_val = bebytes_load_be32(v);
      t->ts_ecr = bebytes_load_be32(v + 4);
      t->present |= PROTO_TCP_OPT_TS;
      break;
    default:
      break;
    }
    i += len;
  }
  return 0;
}

int proto_tcp_decode(bebytes_reader *r, proto_tcp *out) {
  const uint8_t *v = NULL;
  proto_w_tcp h;
  int rc = bebytes_get_view(r, proto_w_tcp_SIZE, &v);
  if (rc)
    return rc;
  if ((rc = proto_w_tcp_decode_be(&h, v, proto_w_tcp_SIZE, NULL, NULL)))
    return rc;
  unsigned hl = h.doff * 4u;
  if (hl < PROTO_TCP_MIN_LEN)
    return PROTO_EMALFORMED;
  rc = proto_get_view(r, hl - PROTO_TCP_MIN_LEN, &out->options);
  if (rc)
    return rc;
  out->srcport = h.srcport;
  out->dstport = h.dstport;
  out->seq = h.seq;
  out->ack = h.ack;
  out->hdr_len = (uint8_t)hl;
  out->flags = h.flags;
  out->window = h.window;
  out->checksum = h.checksum;
  out->urgent_pointer = h.urgent_pointer;
  out->present = 0;
  if (out->options.len)
    return proto_tcp_parse_options(out);
  return 0;
}

int proto_tcp_encode(const proto_tcp *in, bebytes_writer *w) {
  size_t olen = in->options.len;
  if (olen > 40 || olen % 4 || in->flags > 0x0fff)
    return PROTO_EMALFORMED;
  proto_w_tcp h = {.srcport = in->srcport,
                   .dstport = in->dstport,
                   .seq = in->seq,
                   .ack = in->ack,
                   .doff = (uint8_t)(5 + olen / 4),
                   .flags = in->flags,
                   .window = in->window,
                   .checksum = in->checksum,
                   .urgent_pointer = in->urgent_pointer};
  uint8_t *p = NULL;
  int rc = bebytes_put_view(w, proto_w_tcp_SIZE + olen, &p);
  if (rc)
    return rc;
  proto_w_tcp_encode_be_raw(&h, p);
  if (olen)
    memcpy(p + proto_w_tcp_SIZE, in->options.p, olen);
  return 0;
}

int proto_udp_decode(bebytes_reader *r, proto_udp *out) {
  const uint8_t *v = NULL;
  proto_w_udp h;
  int rc = bebytes_get_view(r, proto_w_udp_SIZE, &v);
  if (rc)
    return rc;
  if ((rc = proto_w_udp_decode_be(&h, v, proto_w_udp_SIZE, NULL, NULL)))
    return rc;
  if (h.length < PROTO_UDP_LEN)
    return PROTO_EMALFORMED;
  out->srcport = h.srcport;
  out->dstport = h.dstport;
  out->length = h.length;
  out->checksum = h.checksum;
  return 0;
}

int proto_udp_encode(const proto_udp *in, bebytes_writer *w) {
  proto_w_udp h = {in->srcport, in->dstport, in->length, in->checksum};
  uint8_t *p = NULL;
  int rc = bebytes_put_view(w, proto_w_udp_SIZE, &p);
  if (rc == 0)
    proto_w_udp_encode_be_raw(&h, p);
  return rc;
}
