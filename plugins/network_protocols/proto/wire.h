/*
 * The fixed-layout wire headers of the codecs, declared once with
 * libbebytes' declarative structs (BEBYTES_FIXED_STRUCT): each declaration
 * yields the C struct, its size, bounds-checked decode and the encoders
 * (raw straight-line stores, into caller storage, into a growable buffer,
 * into a fresh allocation), big-endian = network order. Bit fields follow
 * the RFC diagrams (MSB first), so the declarations read like them.
 *
 * The codecs (l2l4.c, dns.c, http2.c, tls.c, ws.c, coap.c) decode and
 * encode their fixed part through these, then add what a declaration cannot
 * say: value checks (IHL >= 5, EtherType >= 0x0600, ...), options,
 * variable-length bodies. The network_protocols plugin also measures the
 * generated methods directly (per_protocol/<header>/wire_*).
 */
#ifndef BBD_PROTO_WIRE_H
#define BBD_PROTO_WIRE_H

#include <bebytes/struct.h>

/* Ethernet II, 14 bytes. */
#define PROTO_W_ETH(X)                                                         \
  X(ARRAY, dst, 6)                                                             \
  X(ARRAY, src, 6)                                                             \
  X(U16, type)
BEBYTES_FIXED_STRUCT(proto_w_eth, PROTO_W_ETH)

/* IPv4 without options, 20 bytes. */
#define PROTO_W_IPV4(X)                                                        \
  X(BITS, version, U8, 4)                                                      \
  X(BITS, ihl, U8, 4)                                                          \
  X(U8, dsfield)                                                               \
  X(U16, total_len)                                                            \
  X(U16, id)                                                                   \
  X(BITS, flags, U8, 3)                                                        \
  X(BITS, frag_offset, U16, 13)                                                \
  X(U8, ttl)                                                                   \
  X(U8, proto)                                                                 \
  X(U16, checksum)                                                             \
  X(U32, src)                                                                  \
  X(U32, dst)
BEBYTES_FIXED_STRUCT(proto_w_ipv4, PROTO_W_IPV4)

/* TCP without options, 20 bytes (flags: 3 reserved bits + 9 flags). */
#define PROTO_W_TCP(X)                                                         \
  X(U16, srcport)                                                              \
  X(U16, dstport)                                                              \
  X(U32, seq)                                                                  \
  X(U32, ack)                                                                  \
  X(BITS, doff, U8, 4)                                                         \
  X(BITS, flags, U16, 12)                                                      \
  X(U16, window)                                                               \
  X(U16, checksum)                                                             \
  X(U16, urgent_pointer)
BEBYTES_FIXED_STRUCT(proto_w_tcp, PROTO_W_TCP)

/* UDP, 8 bytes. */
#define PROTO_W_UDP(X)                                                         \
  X(U16, srcport)                                                              \
  X(U16, dstport)                                                              \
  X(U16, length)                                                               \
  X(U16, checksum)
BEBYTES_FIXED_STRUCT(proto_w_udp, PROTO_W_UDP)

/* DNS header, 12 bytes. */
#define PROTO_W_DNS(X)                                                         \
  X(U16, id)                                                                   \
  X(U16, flags)                                                                \
  X(U16, qdcount)                                                              \
  X(U16, ancount)                                                              \
  X(U16, nscount)                                                              \
  X(U16, arcount)
BEBYTES_FIXED_STRUCT(proto_w_dns, PROTO_W_DNS)

/* HTTP/2 frame header, 9 bytes: {24,8,8,1,31}. */
#define PROTO_W_H2(X)                                                          \
  X(BITS, length, U32, 24)                                                     \
  X(U8, type)                                                                  \
  X(U8, flags)                                                                 \
  X(BITS, r, U8, 1)                                                            \
  X(BITS, streamid, U32, 31)
BEBYTES_FIXED_STRUCT(proto_w_h2, PROTO_W_H2)

/* TLS record header, 5 bytes. */
#define PROTO_W_TLS(X)                                                         \
  X(U8, content_type)                                                          \
  X(U16, version)                                                              \
  X(U16, length)
BEBYTES_FIXED_STRUCT(proto_w_tls, PROTO_W_TLS)

/* CoAP header, 4 bytes. */
#define PROTO_W_COAP(X)                                                        \
  X(BITS, version, U8, 2)                                                      \
  X(BITS, type, U8, 2)                                                         \
  X(BITS, tkl, U8, 4)                                                          \
  X(U8, code)                                                                  \
  X(U16, mid)
BEBYTES_FIXED_STRUCT(proto_w_coap, PROTO_W_COAP)

/* WebSocket base header, 2 bytes (extended length and key follow). */
#define PROTO_W_WS(X)                                                          \
  X(BITS, fin, U8, 1)                                                          \
  X(BITS, rsv, U8, 3)                                                          \
  X(BITS, opcode, U8, 4)                                                       \
  X(BITS, mask, U8, 1)                                                         \
  X(BITS, len7, U8, 7)
BEBYTES_FIXED_STRUCT(proto_w_ws, PROTO_W_WS)

#endif /* BBD_PROTO_WIRE_H */
