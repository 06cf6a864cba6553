/* Ethernet II, IPv4, TCP and UDP codecs, and the Internet checksum. */
#include "l2l4.h"

#include <string.h>

int proto_eth_decode(bebytes_reader *r, proto_eth *out) {
  uint16_t type = 0;
  bebytes_get_bytes(r, out->dst, 6);
  bebytes_get_bytes(r, out->src, 6);
  int rc = bebytes_get_be16(r, &type);
  if (rc)
    return rc;
  /* Values up to 1500 are 802.3 lengths, not EtherTypes (Ethernet II only). */
  if (type < 0x0600)
    return PROTO_EMALFORMED;
  out->type = type;
  return 0;
}

int proto_eth_encode(const proto_eth *in, bebytes_writer *w) {
  bebytes_put_bytes(w, in->dst, 6);
  bebytes_put_bytes(w, in->src, 6);
  return bebytes_put_be16(w, in->type);
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
  size_t start = bebytes_reader_offset(r);
  uint8_t vihl = 0, tos = 0, ttl = 0, proto = 0;
  uint16_t tlen = 0, id = 0, ff = 0, csum = 0;
  uint32_t src = 0, dst = 0;
  bebytes_get_u8(r, &vihl);
  bebytes_get_u8(r, &tos);
  bebytes_get_be16(r, &tlen);
  bebytes_get_be16(r, &id);
  bebytes_get_be16(r, &ff);
  bebytes_get_u8(r, &ttl);
  bebytes_get_u8(r, &proto);
  bebytes_get_be16(r, &csum);
  bebytes_get_be32(r, &src);
  int rc = bebytes_get_be32(r, &dst);
  if (rc)
    return rc;
  if (vihl >> 4 != 4)
    return PROTO_EVERSION;
  unsigned hl = (vihl & 0x0fu) * 4u;
  if (hl < PROTO_IPV4_MIN_LEN || tlen < hl)
    return PROTO_EMALFORMED;
  rc = proto_get_view(r, hl - PROTO_IPV4_MIN_LEN, &out->options);
  if (rc)
    return rc;
  hdr = r->data + start;
  out->version = 4;
  out->hdr_len = (uint8_t)hl;
  out->dsfield = tos;
  out->total_len = tlen;
  out->id = id;
  out->flags = (uint8_t)(ff >> 13);
  out->frag_offset = ff & 0x1fffu;
  out->ttl = ttl;
  out->proto = proto;
  out->checksum = csum;
  out->checksum_ok = proto_csum_fold(proto_csum_add(0, hdr, hl)) == 0;
  out->src = src;
  out->dst = dst;
  return 0;
}

int proto_ipv4_encode(const proto_ipv4 *in, int compute_checksum,
                      bebytes_writer *w) {
  size_t olen = in->options.len;
  if (olen > 40 || olen % 4 || in->flags > 7 || in->frag_offset > 0x1fff)
    return PROTO_EMALFORMED;
  size_t start = bebytes_writer_len(w);
  bebytes_put_u8(w, (uint8_t)(0x40u | (unsigned)(5 + olen / 4)));
  bebytes_put_u8(w, in->dsfield);
  bebytes_put_be16(w, in->total_len);
  bebytes_put_be16(w, in->id);
  bebytes_put_be16(w, (uint16_t)((unsigned)in->flags << 13 | in->frag_offset));
  bebytes_put_u8(w, in->ttl);
  bebytes_put_u8(w, in->proto);
  bebytes_put_be16(w, compute_checksum ? 0 : in->checksum);
  bebytes_put_be32(w, in->src);
  bebytes_put_be32(w, in->dst);
  int rc = bebytes_put_bytes(w, in->options.p, olen);
  if (rc)
    return rc;
  if (compute_checksum) {
    uint8_t *h = w->data + start;
    uint16_t c = proto_csum_fold(proto_csum_add(0, h, 20 + olen));
    bebytes_store_be16(h + 10, c);
  }
  return 0;
}

int proto_tcp_parse_options(proto_tcp *t) {
  bebytes_reader r;
  bebytes_reader_init(&r, t->options.p, t->options.len);
  t->present = 0;
  while (bebytes_reader_remaining(&r) > 0) {
    uint8_t kind = 0, len = 0;
    bebytes_get_u8(&r, &kind);
    if (kind == 0) /* end of option list: the rest is padding */
      break;
    if (kind == 1)
      continue;
    if (bebytes_get_u8(&r, &len) || len < 2)
      return PROTO_EMALFORMED;
    bebytes_reader sub;
    if (proto_sub_reader(&r, len - 2u, &sub))
      return PROTO_EMALFORMED;
    int rc = 0;
    switch (kind) {
    case 2:
      rc = len == 4 ? bebytes_get_be16(&sub, &t->mss) : PROTO_EMALFORMED;
      t->present |= PROTO_TCP_OPT_MSS;
      break;
    case 3:
      rc = len == 3 ? bebytes_get_u8(&sub, &t->wscale) : PROTO_EMALFORMED;
      t->present |= PROTO_TCP_OPT_WSCALE;
      break;
    case 4:
      rc = len == 2 ? 0 : PROTO_EMALFORMED;
      t->present |= PROTO_TCP_OPT_SACK_PERM;
      break;
    case 5:
      rc = (len - 2) % 8 == 0 ? 0 : PROTO_EMALFORMED;
      t->sack_blocks = (uint8_t)((len - 2) / 8);
      t->present |= PROTO_TCP_OPT_SACK;
      break;
    case 8:
      if (len != 10) {
        rc = PROTO_EMALFORMED;
        break;
      }
      bebytes_get_be32(&sub, &t->ts_val);
      rc = bebytes_get_be32(&sub, &t->ts_ecr);
      t->present |= PROTO_TCP_OPT_TS;
      break;
    default:
      break;
    }
    if (rc)
      return rc;
  }
  return 0;
}

int proto_tcp_decode(bebytes_reader *r, proto_tcp *out) {
  uint16_t sp = 0, dp = 0, offfl = 0, win = 0, csum = 0, urg = 0;
  uint32_t seq = 0, ack = 0;
  bebytes_get_be16(r, &sp);
  bebytes_get_be16(r, &dp);
  bebytes_get_be32(r, &seq);
  bebytes_get_be32(r, &ack);
  bebytes_get_be16(r, &offfl);
  bebytes_get_be16(r, &win);
  bebytes_get_be16(r, &csum);
  int rc = bebytes_get_be16(r, &urg);
  if (rc)
    return rc;
  unsigned hl = (offfl >> 12) * 4u;
  if (hl < PROTO_TCP_MIN_LEN)
    return PROTO_EMALFORMED;
  rc = proto_get_view(r, hl - PROTO_TCP_MIN_LEN, &out->options);
  if (rc)
    return rc;
  out->srcport = sp;
  out->dstport = dp;
  out->seq = seq;
  out->ack = ack;
  out->hdr_len = (uint8_t)hl;
  out->flags = offfl & 0x0fffu;
  out->window = win;
  out->checksum = csum;
  out->urgent_pointer = urg;
  out->present = 0;
  if (out->options.len)
    return proto_tcp_parse_options(out);
  return 0;
}

int proto_tcp_encode(const proto_tcp *in, bebytes_writer *w) {
  size_t olen = in->options.len;
  if (olen > 40 || olen % 4 || in->flags > 0x0fff)
    return PROTO_EMALFORMED;
  bebytes_put_be16(w, in->srcport);
  bebytes_put_be16(w, in->dstport);
  bebytes_put_be32(w, in->seq);
  bebytes_put_be32(w, in->ack);
  bebytes_put_be16(w, (uint16_t)((5 + olen / 4) << 12 | in->flags));
  bebytes_put_be16(w, in->window);
  bebytes_put_be16(w, in->checksum);
  bebytes_put_be16(w, in->urgent_pointer);
  return bebytes_put_bytes(w, in->options.p, olen);
}

int proto_udp_decode(bebytes_reader *r, proto_udp *out) {
  uint16_t sp = 0, dp = 0, len = 0, csum = 0;
  bebytes_get_be16(r, &sp);
  bebytes_get_be16(r, &dp);
  bebytes_get_be16(r, &len);
  int rc = bebytes_get_be16(r, &csum);
  if (rc)
    return rc;
  if (len < PROTO_UDP_LEN)
    return PROTO_EMALFORMED;
  out->srcport = sp;
  out->dstport = dp;
  out->length = len;
  out->checksum = csum;
  return 0;
}

int proto_udp_encode(const proto_udp *in, bebytes_writer *w) {
  bebytes_put_be16(w, in->srcport);
  bebytes_put_be16(w, in->dstport);
  bebytes_put_be16(w, in->length);
  return bebytes_put_be16(w, in->checksum);
}
