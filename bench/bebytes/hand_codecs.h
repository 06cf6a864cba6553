/*
 * Hand-written baselines: what a careful C programmer writes without a
 * library: shifts and masks for bit fields, memcpy + bswap for integers (no
 * pointer punning), every field loaded before the first store, for the same
 * C structs libbebytes declares. Bit fields are masked to their width, the
 * usual hand-written practice (no range check).
 */
#ifndef BEBYTES_BENCH_HAND_CODECS_H
#define BEBYTES_BENCH_HAND_CODECS_H

#include <stdint.h>
#include <string.h>

#include "bebytes/bench_structs.h"

#define H static inline __attribute__((always_inline))

/* memcpy + byte swap: the idiom a careful C programmer uses (plain byte
 * shifts are also correct, but gcc 12 fails to merge them on wide structs
 * like Large, which would flatter the library). */
H void h_be16(uint8_t *p, uint16_t v) {
  v = __builtin_bswap16(v);
  memcpy(p, &v, 2);
}
H void h_le16(uint8_t *p, uint16_t v) {
  memcpy(p, &v, 2);
}
H void h_be32(uint8_t *p, uint32_t v) {
  v = __builtin_bswap32(v);
  memcpy(p, &v, 4);
}
H void h_le32(uint8_t *p, uint32_t v) {
  memcpy(p, &v, 4);
}
H void h_be64(uint8_t *p, uint64_t v) {
  v = __builtin_bswap64(v);
  memcpy(p, &v, 8);
}
H void h_le64(uint8_t *p, uint64_t v) {
  memcpy(p, &v, 8);
}
H uint16_t h_rbe16(const uint8_t *p) {
  uint16_t v;
  memcpy(&v, p, 2);
  return __builtin_bswap16(v);
}
H uint16_t h_rle16(const uint8_t *p) {
  uint16_t v;
  memcpy(&v, p, 2);
  return v;
}
H uint32_t h_rbe32(const uint8_t *p) {
  uint32_t v;
  memcpy(&v, p, 4);
  return __builtin_bswap32(v);
}
H uint32_t h_rle32(const uint8_t *p) {
  uint32_t v;
  memcpy(&v, p, 4);
  return v;
}
H uint64_t h_rbe64(const uint8_t *p) {
  uint64_t v;
  memcpy(&v, p, 8);
  return __builtin_bswap64(v);
}
H uint64_t h_rle64(const uint8_t *p) {
  uint64_t v;
  memcpy(&v, p, 8);
  return v;
}

/* ---- Medium (46 B) ---- */
H void hand_medium_w_be(const bebytes_bench_medium *s, uint8_t *p) {
  uint64_t h = s->header;
  uint32_t c = s->checksum;
  uint16_t f = s->footer;
  memcpy(p + 8, s->payload, 32);
  h_be64(p, h);
  h_be32(p + 40, c);
  h_be16(p + 44, f);
}
H void hand_medium_w_le(const bebytes_bench_medium *s, uint8_t *p) {
  uint64_t h = s->header;
  uint32_t c = s->checksum;
  uint16_t f = s->footer;
  memcpy(p + 8, s->payload, 32);
  h_le64(p, h);
  h_le32(p + 40, c);
  h_le16(p + 44, f);
}
H void hand_medium_r_be(bebytes_bench_medium *s, const uint8_t *p) {
  s->header = h_rbe64(p);
  memcpy(s->payload, p + 8, 32);
  s->checksum = h_rbe32(p + 40);
  s->footer = h_rbe16(p + 44);
}
H void hand_medium_r_le(bebytes_bench_medium *s, const uint8_t *p) {
  s->header = h_rle64(p);
  memcpy(s->payload, p + 8, 32);
  s->checksum = h_rle32(p + 40);
  s->footer = h_rle16(p + 44);
}

/* ---- Large (232 B) ---- */
H void hand_large_w_be(const bebytes_bench_large *s, uint8_t *p) {
  uint64_t id = s->id, ts = s->timestamp, c1 = s->checksum1, c2 = s->checksum2;
  uint32_t fl = s->flags, ve = s->version;
  memcpy(p + 16, s->data, 128);
  memcpy(p + 144, s->metadata, 64);
  h_be64(p, id);
  h_be64(p + 8, ts);
  h_be64(p + 208, c1);
  h_be64(p + 216, c2);
  h_be32(p + 224, fl);
  h_be32(p + 228, ve);
}
H void hand_large_w_le(const bebytes_bench_large *s, uint8_t *p) {
  uint64_t id = s->id, ts = s->timestamp, c1 = s->checksum1, c2 = s->checksum2;
  uint32_t fl = s->flags, ve = s->version;
  memcpy(p + 16, s->data, 128);
  memcpy(p + 144, s->metadata, 64);
  h_le64(p, id);
  h_le64(p + 8, ts);
  h_le64(p + 208, c1);
  h_le64(p + 216, c2);
  h_le32(p + 224, fl);
  h_le32(p + 228, ve);
}
H void hand_large_r_be(bebytes_bench_large *s, const uint8_t *p) {
  s->id = h_rbe64(p);
  s->timestamp = h_rbe64(p + 8);
  memcpy(s->data, p + 16, 128);
  memcpy(s->metadata, p + 144, 64);
  s->checksum1 = h_rbe64(p + 208);
  s->checksum2 = h_rbe64(p + 216);
  s->flags = h_rbe32(p + 224);
  s->version = h_rbe32(p + 228);
}
H void hand_large_r_le(bebytes_bench_large *s, const uint8_t *p) {
  s->id = h_rle64(p);
  s->timestamp = h_rle64(p + 8);
  memcpy(s->data, p + 16, 128);
  memcpy(s->metadata, p + 144, 64);
  s->checksum1 = h_rle64(p + 208);
  s->checksum2 = h_rle64(p + 216);
  s->flags = h_rle32(p + 224);
  s->version = h_rle32(p + 228);
}

/* ---- BitField (7 B): version:4 flags:4 length:12 type:4 payload:u32 ---- */
H void hand_bitfield_w_be(const bebytes_bench_bitfield *in, uint8_t *p) {
  const bebytes_bench_bitfield v = *in, *s = &v; /* loads before stores */
  p[0] = (uint8_t)(((s->version & 0xF) << 4) | (s->flags & 0xF));
  p[1] = (uint8_t)((s->length & 0xFFF) >> 4);
  p[2] = (uint8_t)(((s->length & 0xF) << 4) | (s->type_field & 0xF));
  h_be32(p + 3, s->payload);
}
H void hand_bitfield_w_le(const bebytes_bench_bitfield *in, uint8_t *p) {
  const bebytes_bench_bitfield v = *in, *s = &v; /* loads before stores */
  p[0] = (uint8_t)((s->version & 0xF) | ((s->flags & 0xF) << 4));
  p[1] = (uint8_t)s->length;
  p[2] = (uint8_t)(((s->length >> 8) & 0xF) | ((s->type_field & 0xF) << 4));
  h_le32(p + 3, s->payload);
}
H void hand_bitfield_r_be(bebytes_bench_bitfield *s, const uint8_t *p) {
  s->version = p[0] >> 4;
  s->flags = p[0] & 0xF;
  s->length = (uint16_t)((p[1] << 4) | (p[2] >> 4));
  s->type_field = p[2] & 0xF;
  s->payload = h_rbe32(p + 3);
}
H void hand_bitfield_r_le(bebytes_bench_bitfield *s, const uint8_t *p) {
  s->version = p[0] & 0xF;
  s->flags = p[0] >> 4;
  s->length = (uint16_t)(p[1] | ((p[2] & 0xF) << 8));
  s->type_field = p[2] >> 4;
  s->payload = h_rle32(p + 3);
}

/* ---- Ethernet + IPv4 + TCP (54 B) ---- */
H void hand_packet_w_be(const bebytes_bench_packet *in, uint8_t *p) {
  const bebytes_bench_packet v = *in, *s = &v; /* loads before stores */
  const bebytes_bench_eth *e = &s->eth;
  const bebytes_bench_ipv4 *i = &s->ip;
  const bebytes_bench_tcp *t = &s->tcp;
  memcpy(p, e->destination_mac, 6);
  memcpy(p + 6, e->source_mac, 6);
  h_be16(p + 12, e->ethertype);
  p += 14;
  p[0] = (uint8_t)(((i->version & 0xF) << 4) | (i->ihl & 0xF));
  p[1] = (uint8_t)(((i->dscp & 0x3F) << 2) | (i->ecn & 3));
  h_be16(p + 2, i->total_length);
  h_be16(p + 4, i->identification);
  h_be16(p + 6,
         (uint16_t)(((i->flags & 7) << 13) | (i->fragment_offset & 0x1FFF)));
  p[8] = i->ttl;
  p[9] = i->protocol;
  h_be16(p + 10, i->header_checksum);
  h_be32(p + 12, i->source_ip);
  h_be32(p + 16, i->destination_ip);
  p += 20;
  h_be16(p, t->source_port);
  h_be16(p + 2, t->destination_port);
  h_be32(p + 4, t->sequence_number);
  h_be32(p + 8, t->acknowledgment_number);
  h_be16(p + 12,
         (uint16_t)(((t->data_offset & 0xF) << 12) |
                    ((t->reserved & 0x3F) << 6) | ((t->urg & 1) << 5) |
                    ((t->ack & 1) << 4) | ((t->psh & 1) << 3) |
                    ((t->rst & 1) << 2) | ((t->syn & 1) << 1) | (t->fin & 1)));
  h_be16(p + 14, t->window_size);
  h_be16(p + 16, t->checksum);
  h_be16(p + 18, t->urgent_pointer);
}
H void hand_packet_w_le(const bebytes_bench_packet *in, uint8_t *p) {
  const bebytes_bench_packet v = *in, *s = &v; /* loads before stores */
  const bebytes_bench_eth *e = &s->eth;
  const bebytes_bench_ipv4 *i = &s->ip;
  const bebytes_bench_tcp *t = &s->tcp;
  memcpy(p, e->destination_mac, 6);
  memcpy(p + 6, e->source_mac, 6);
  h_le16(p + 12, e->ethertype);
  p += 14;
  p[0] = (uint8_t)((i->version & 0xF) | ((i->ihl & 0xF) << 4));
  p[1] = (uint8_t)((i->dscp & 0x3F) | ((i->ecn & 3) << 6));
  h_le16(p + 2, i->total_length);
  h_le16(p + 4, i->identification);
  h_le16(p + 6,
         (uint16_t)((i->flags & 7) | ((i->fragment_offset & 0x1FFF) << 3)));
  p[8] = i->ttl;
  p[9] = i->protocol;
  h_le16(p + 10, i->header_checksum);
  h_le32(p + 12, i->source_ip);
  h_le32(p + 16, i->destination_ip);
  p += 20;
  h_le16(p, t->source_port);
  h_le16(p + 2, t->destination_port);
  h_le32(p + 4, t->sequence_number);
  h_le32(p + 8, t->acknowledgment_number);
  h_le16(p + 12,
         (uint16_t)((t->data_offset & 0xF) | ((t->reserved & 0x3F) << 4) |
                    ((t->urg & 1) << 10) | ((t->ack & 1) << 11) |
                    ((t->psh & 1) << 12) | ((t->rst & 1) << 13) |
                    ((t->syn & 1) << 14) | ((t->fin & 1) << 15)));
  h_le16(p + 14, t->window_size);
  h_le16(p + 16, t->checksum);
  h_le16(p + 18, t->urgent_pointer);
}
H void hand_packet_r_be(bebytes_bench_packet *s, const uint8_t *p) {
  bebytes_bench_eth *e = &s->eth;
  bebytes_bench_ipv4 *i = &s->ip;
  bebytes_bench_tcp *t = &s->tcp;
  memcpy(e->destination_mac, p, 6);
  memcpy(e->source_mac, p + 6, 6);
  e->ethertype = h_rbe16(p + 12);
  p += 14;
  i->version = p[0] >> 4;
  i->ihl = p[0] & 0xF;
  i->dscp = p[1] >> 2;
  i->ecn = p[1] & 3;
  i->total_length = h_rbe16(p + 2);
  i->identification = h_rbe16(p + 4);
  uint16_t ff = h_rbe16(p + 6);
  i->flags = (uint8_t)(ff >> 13);
  i->fragment_offset = ff & 0x1FFF;
  i->ttl = p[8];
  i->protocol = p[9];
  i->header_checksum = h_rbe16(p + 10);
  i->source_ip = h_rbe32(p + 12);
  i->destination_ip = h_rbe32(p + 16);
  p += 20;
  t->source_port = h_rbe16(p);
  t->destination_port = h_rbe16(p + 2);
  t->sequence_number = h_rbe32(p + 4);
  t->acknowledgment_number = h_rbe32(p + 8);
  uint16_t fl = h_rbe16(p + 12);
  t->data_offset = (uint8_t)(fl >> 12);
  t->reserved = (fl >> 6) & 0x3F;
  t->urg = (fl >> 5) & 1;
  t->ack = (fl >> 4) & 1;
  t->psh = (fl >> 3) & 1;
  t->rst = (fl >> 2) & 1;
  t->syn = (fl >> 1) & 1;
  t->fin = fl & 1;
  t->window_size = h_rbe16(p + 14);
  t->checksum = h_rbe16(p + 16);
  t->urgent_pointer = h_rbe16(p + 18);
}
H void hand_packet_r_le(bebytes_bench_packet *s, const uint8_t *p) {
  bebytes_bench_eth *e = &s->eth;
  bebytes_bench_ipv4 *i = &s->ip;
  bebytes_bench_tcp *t = &s->tcp;
  memcpy(e->destination_mac, p, 6);
  memcpy(e->source_mac, p + 6, 6);
  e->ethertype = h_rle16(p + 12);
  p += 14;
  i->version = p[0] & 0xF;
  i->ihl = p[0] >> 4;
  i->dscp = p[1] & 0x3F;
  i->ecn = p[1] >> 6;
  i->total_length = h_rle16(p + 2);
  i->identification = h_rle16(p + 4);
  uint16_t ff = h_rle16(p + 6);
  i->flags = ff & 7;
  i->fragment_offset = ff >> 3;
  i->ttl = p[8];
  i->protocol = p[9];
  i->header_checksum = h_rle16(p + 10);
  i->source_ip = h_rle32(p + 12);
  i->destination_ip = h_rle32(p + 16);
  p += 20;
  t->source_port = h_rle16(p);
  t->destination_port = h_rle16(p + 2);
  t->sequence_number = h_rle32(p + 4);
  t->acknowledgment_number = h_rle32(p + 8);
  uint16_t fl = h_rle16(p + 12);
  t->data_offset = fl & 0xF;
  t->reserved = (fl >> 4) & 0x3F;
  t->urg = (fl >> 10) & 1;
  t->ack = (fl >> 11) & 1;
  t->psh = (fl >> 12) & 1;
  t->rst = (fl >> 13) & 1;
  t->syn = (fl >> 14) & 1;
  t->fin = (uint8_t)(fl >> 15);
  t->window_size = h_rle16(p + 14);
  t->checksum = h_rle16(p + 16);
  t->urgent_pointer = h_rle16(p + 18);
}

#undef H
#endif
