/*
 * Link, network and transport headers: Ethernet II, IPv4, TCP, UDP, and the
 * Internet checksum (RFC 1071) with the TCP/UDP pseudo-header.
 */
#ifndef BBD_PROTO_L2L4_H
#define BBD_PROTO_L2L4_H

#include "proto.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Ethernet II (14 bytes):
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |              destination MAC (6 bytes) ...                    |
 *  +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                               |   source MAC (6 bytes) ...    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |          EtherType            |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
#define PROTO_ETH_LEN 14
#define PROTO_ETHERTYPE_IPV4 0x0800
typedef struct proto_eth {
  uint8_t dst[6];
  uint8_t src[6];
  uint16_t type;
} proto_eth;

/* Reads 14 bytes. EtherTypes below 0x0600 (802.3 lengths) are MALFORMED. */
int proto_eth_decode(bebytes_reader *r, proto_eth *out);
int proto_eth_encode(const proto_eth *in, bebytes_writer *w);

/*
 * IPv4 (RFC 791), 20..60 bytes:
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |Version|  IHL  |   DSCP    |ECN|          Total Length         |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |         Identification        |R|D|M|      Fragment Offset    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Time to Live |    Protocol   |         Header Checksum       |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                       Source Address                          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Destination Address                        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Options (IHL > 5)                          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
#define PROTO_IPV4_MIN_LEN 20
#define PROTO_IP_TCP 6
#define PROTO_IP_UDP 17
#define PROTO_IPV4_FLAG_RB 0x4
#define PROTO_IPV4_FLAG_DF 0x2
#define PROTO_IPV4_FLAG_MF 0x1
typedef struct proto_ipv4 {
  uint8_t version;    /* always 4 after a successful decode */
  uint8_t hdr_len;    /* bytes (IHL * 4) */
  uint8_t dsfield;    /* DSCP << 2 | ECN */
  uint8_t flags;      /* 3 bits: RB DF MF */
  uint16_t total_len; /* header + payload bytes */
  uint16_t id;
  uint16_t frag_offset; /* in 8-byte units, as on the wire */
  uint8_t ttl;
  uint8_t proto;
  uint16_t checksum;   /* as on the wire */
  uint8_t checksum_ok; /* 1 if the header sums to 0xffff */
  uint32_t src, dst;   /* host order */
  proto_view options;  /* hdr_len - 20 bytes */
} proto_ipv4;

/*
 * Reads the header including options and verifies the checksum (reported in
 * checksum_ok, not an error: captures with checksum offload carry zeros).
 * VERSION if the version is not 4; MALFORMED if IHL < 5 or total_len is
 * smaller than the header. The payload is the next total_len - hdr_len bytes
 * (the caller bounds them: link layers may pad).
 */
int proto_ipv4_decode(bebytes_reader *r, proto_ipv4 *out);
/*
 * Writes the header and its options. When compute_checksum is non-zero the
 * checksum is computed over the written header (in->checksum is ignored).
 */
int proto_ipv4_encode(const proto_ipv4 *in, int compute_checksum,
                      bebytes_writer *w);

/*
 * TCP (RFC 9293), 20..60 bytes:
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |          Source Port          |       Destination Port        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                        Sequence Number                        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Acknowledgment Number                      |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Data |Res|A|C|E|U|A|P|R|S|F|                               |
 *  | Offset|   |E|W|C|R|C|S|S|Y|I|            Window             |
 *  |       |   | |R|E|G|K|H|T|N|N|                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |           Checksum            |         Urgent Pointer        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Options: kind(1) [len(1) value]...  (Data Offset > 5)        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Options decoded: 0 EOL, 1 NOP, 2 MSS (4), 3 window scale (3), 4 SACK
 * permitted (2), 5 SACK (2+8n), 8 timestamps (10); others are skipped by
 * their length.
 */
#define PROTO_TCP_MIN_LEN 20
#define PROTO_TCP_FIN 0x001
#define PROTO_TCP_SYN 0x002
#define PROTO_TCP_RST 0x004
#define PROTO_TCP_PSH 0x008
#define PROTO_TCP_ACK 0x010
#define PROTO_TCP_URG 0x020
#define PROTO_TCP_ECE 0x040
#define PROTO_TCP_CWR 0x080
#define PROTO_TCP_AE 0x100
#define PROTO_TCP_OPT_MSS 0x01
#define PROTO_TCP_OPT_WSCALE 0x02
#define PROTO_TCP_OPT_SACK_PERM 0x04
#define PROTO_TCP_OPT_SACK 0x08
#define PROTO_TCP_OPT_TS 0x10
typedef struct proto_tcp {
  uint16_t srcport, dstport;
  uint32_t seq, ack;
  uint8_t hdr_len; /* bytes (data offset * 4) */
  uint16_t flags;  /* 12 bits: 3 reserved, AE, CWR..FIN (Wireshark's) */
  uint16_t window; /* window_size_value, unscaled */
  uint16_t checksum;
  uint16_t urgent_pointer;
  proto_view options;
  /* Parsed options; `present` holds PROTO_TCP_OPT_* bits. */
  uint8_t present;
  uint8_t wscale;
  uint16_t mss;
  uint8_t sack_blocks;
  uint32_t ts_val, ts_ecr;
} proto_tcp;

/* Reads the header and options. MALFORMED for a data offset < 5 or an
 * option whose length is < 2 or runs past the header. */
int proto_tcp_decode(bebytes_reader *r, proto_tcp *out);
/* Parses options (a view from a decoded header) into out's option fields. */
int proto_tcp_parse_options(proto_tcp *out);
/* Writes the header; in->options are written as they are (their length
 * must be a multiple of 4, at most 40). */
int proto_tcp_encode(const proto_tcp *in, bebytes_writer *w);

/*
 * UDP (RFC 768), 8 bytes:
 *
 *   0      7 8     15 16    23 24    31
 *  +--------+--------+--------+--------+
 *  |   Source Port   |   Dest. Port    |
 *  +--------+--------+--------+--------+
 *  |     Length      |    Checksum     |
 *  +--------+--------+--------+--------+
 */
#define PROTO_UDP_LEN 8
typedef struct proto_udp {
  uint16_t srcport, dstport;
  uint16_t length; /* header + payload */
  uint16_t checksum;
} proto_udp;

/* MALFORMED if length < 8. */
int proto_udp_decode(bebytes_reader *r, proto_udp *out);
int proto_udp_encode(const proto_udp *in, bebytes_writer *w);

/* One's complement sum of data (RFC 1071), added to `sum`, not folded. */
uint32_t proto_csum_add(uint32_t sum, const uint8_t *data, size_t len);
/* Folds a sum to 16 bits and complements it. */
uint16_t proto_csum_fold(uint32_t sum);
/*
 * The TCP/UDP checksum over the IPv4 pseudo-header and `seg` (header with
 * its checksum field as it is, plus payload). A segment whose checksum field
 * is correct yields 0.
 */
uint16_t proto_l4_checksum(uint32_t src, uint32_t dst, uint8_t proto,
                           const uint8_t *seg, size_t len);

#ifdef __cplusplus
}
#endif
#endif /* BBD_PROTO_L2L4_H */
