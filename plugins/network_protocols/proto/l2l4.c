/* Ethernet II, IPv4, TCP and UDP codecs, and the Internet checksum. */
#include "l2l4.h"

#include <string.h>

int proto_eth_decode(bebytes_reader *r, proto_eth *out) {
  /* Fixed layout: one bounds check through the reader, then plain loads
   * (the straight-line fast path). */
  const uint8_t *h = NULL;
  int rc = bebytes_get_view(r, PROTO_ETH_LEN, &h);
  if (rc)
    return rc;
  uint16_t type = bebytes_load_be16(h + 12);
  /* Values up to 1500 are 802.3 lengths, not EtherTypes (Ethernet II only). */
  if (type < 0x0600)
    return PROTO_EMALFORMED;
  memcpy(out->dst, h, 6);
  memcpy(out->src, h + 6, 6);
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
  int rc = bebytes_get_view(r, PROTO_IPV4_MIN_LEN, &hdr);
  if (rc)
    return rc;
  uint8_t vihl = hdr[0];
  uint16_t tlen = bebytes_load_be16(hdr + 2);
  if (vihl >> 4 != 4)
    return PROTO_EVERSION;
  unsigned hl = (vihl & 0x0fu) * 4u;
  if (hl < PROTO_IPV4_MIN_LEN || tlen < hl)
    return PROTO_EMALFORMED;
  rc = proto_get_view(r, hl - PROTO_IPV4_MIN_LEN, &out->options);
  if (rc)
    return rc;
  uint16_t ff = bebytes_load_be16(hdr + 6);
  out->version = 4;
  out->hdr_len = (uint8_t)hl;
  out->dsfield = hdr[1];
  out->total_len = tlen;
  out->id = bebytes_load_be16(hdr + 4);
  out->flags = (uint8_t)(ff >> 13);
  out->frag_offset = ff & 0x1fffu;
  out->ttl = hdr[8];
  out->proto = hdr[9];
  out->checksum = bebytes_load_be16(hdr + 10);
  out->checksum_ok = proto_csum_fold(proto_csum_add(0, hdr, hl)) == 0;
  out->src = bebytes_load_be32(hdr + 12);
  out->dst = bebytes_load_be32(hdr + 16);
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
  const uint8_t *h = NULL;
  int rc = bebytes_get_view(r, PROTO_TCP_MIN_LEN, &h);
  if (rc)
    return rc;
  uint16_t offfl = bebytes_load_be16(h + 12);
  unsigned hl = (offfl >> 12) * 4u;
  if (hl < PROTO_TCP_MIN_LEN)
    return PROTO_EMALFORMED;
  rc = proto_get_view(r, hl - PROTO_TCP_MIN_LEN, &out->options);
  if (rc)
    return rc;
  out->srcport = bebytes_load_be16(h);
  out->dstport = bebytes_load_be16(h + 2);
  out->seq = bebytes_load_be32(h + 4);
  out->ack = bebytes_load_be32(h + 8);
  out->hdr_len = (uint8_t)hl;
  out->flags = offfl & 0x0fffu;
  out->window = bebytes_load_be16(h + 14);
  out->checksum = bebytes_load_be16(h + 16);
  out->urgent_pointer = bebytes_load_be16(h + 18);
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
  const uint8_t *h = NULL;
  int rc = bebytes_get_view(r, PROTO_UDP_LEN, &h);
  if (rc)
    return rc;
  uint16_t len = bebytes_load_be16(h + 4);
  if (len < PROTO_UDP_LEN)
    return PROTO_EMALFORMED;
  out->srcport = bebytes_load_be16(h);
  out->dstport = bebytes_load_be16(h + 2);
  out->length = len;
  out->checksum = bebytes_load_be16(h + 6);
  return 0;
}

int proto_udp_encode(const proto_udp *in, bebytes_writer *w) {
  bebytes_put_be16(w, in->srcport);
  bebytes_put_be16(w, in->dstport);
  bebytes_put_be16(w, in->length);
  return bebytes_put_be16(w, in->checksum);
}
