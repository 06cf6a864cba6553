/*
 * DNS messages (RFC 1035, EDNS(0) RFC 6891, SRV RFC 2782, AAAA RFC 3596).
 *
 * Header (12 bytes), then the four sections:
 *
 *   0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15
 *  +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 *  |                      ID                       |
 *  +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 *  |QR|   Opcode  |AA|TC|RD|RA| Z|AD|CD|   RCODE   |
 *  +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 *  |           QDCOUNT / ANCOUNT / NSCOUNT / ARCOUNT  (4 x 16 bits)
 *  +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 *
 * Question: NAME TYPE(16) CLASS(16).
 * Resource record: NAME TYPE(16) CLASS(16) TTL(32) RDLENGTH(16) RDATA.
 * NAME: labels (len 1..63, then bytes) ending with 0, or ending with a
 * compression pointer 11xxxxxx xxxxxxxx (a 14-bit message offset).
 *
 * Pointer-loop protection: a pointer must point before the start of the
 * label run that contains it (strictly backwards), so each jump lowers a
 * bound and name expansion always ends; the expanded name is also limited to
 * 255 wire bytes. A pointer that does not go backwards is PROTO_ELOOP.
 *
 * Over TCP every message carries a 2-byte big-endian length prefix
 * (RFC 1035 4.2.2); proto_dns_tcp_frame() splits a stream buffer.
 */
#ifndef BBD_PROTO_DNS_H
#define BBD_PROTO_DNS_H

#include "proto.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PROTO_DNS_HDR_LEN 12
#define PROTO_DNS_MAX_Q 8       /* questions kept by the decoder */
#define PROTO_DNS_MAX_RR 48     /* records kept (all sections together) */
#define PROTO_DNS_NAME_MAX 1024 /* presentation buffer that always fits */

enum {
  PROTO_DNS_A = 1,
  PROTO_DNS_NS = 2,
  PROTO_DNS_CNAME = 5,
  PROTO_DNS_SOA = 6,
  PROTO_DNS_PTR = 12,
  PROTO_DNS_MX = 15,
  PROTO_DNS_TXT = 16,
  PROTO_DNS_AAAA = 28,
  PROTO_DNS_SRV = 33,
  PROTO_DNS_OPT = 41
};

enum { PROTO_DNS_AN = 0, PROTO_DNS_NS_SECT = 1, PROTO_DNS_AR = 2 };

typedef struct proto_dns_question {
  uint16_t name_off; /* offset of NAME in the message */
  uint16_t type;
  uint16_t klass;
} proto_dns_question;

typedef struct proto_dns_rr {
  uint16_t name_off;
  uint16_t type;
  uint16_t klass;
  uint8_t section; /* PROTO_DNS_AN, _NS_SECT or _AR */
  uint32_t ttl;
  uint16_t rdlen;
  uint16_t rdata_off; /* offset of RDATA in the message */
} proto_dns_rr;

typedef struct proto_dns {
  const uint8_t *msg; /* the message (a view) */
  size_t len;
  uint16_t id, flags;
  uint16_t qdcount, ancount, nscount, arcount;
  uint8_t nq, nrr; /* elements decoded into q[] / rr[] */
  proto_dns_question q[PROTO_DNS_MAX_Q];
  proto_dns_rr rr[PROTO_DNS_MAX_RR];
} proto_dns;

/* Flag accessors (Wireshark dns.flags.*). */
#define PROTO_DNS_QR(f) (((f) >> 15) & 1u)
#define PROTO_DNS_OPCODE(f) (((f) >> 11) & 0xfu)
#define PROTO_DNS_AA(f) (((f) >> 10) & 1u)
#define PROTO_DNS_TC(f) (((f) >> 9) & 1u)
#define PROTO_DNS_RD(f) (((f) >> 8) & 1u)
#define PROTO_DNS_RA(f) (((f) >> 7) & 1u)
#define PROTO_DNS_Z(f) (((f) >> 6) & 1u)
#define PROTO_DNS_AD(f) (((f) >> 5) & 1u)
#define PROTO_DNS_CD(f) (((f) >> 4) & 1u)
#define PROTO_DNS_RCODE(f) ((f)&0xfu)

/*
 * Decodes the whole message in msg[0..len): header, every question and
 * record, every name (compression followed and checked) and the RDATA of
 * the types listed above. LIMIT when the counts exceed the fixed capacity;
 * INSUFFICIENT when a count promises more than the bytes hold.
 */
int proto_dns_decode(const uint8_t *msg, size_t len, proto_dns *out);

/*
 * Expands the name at msg[off] into `out` (dotted, "<Root>" for the root,
 * bytes outside printable ASCII and '.'/'\\' inside labels as \DDD), always
 * NUL-terminated when cap > 0. *wire_len (may be NULL) receives the bytes the
 * name occupies at off. cap >= PROTO_DNS_NAME_MAX always suffices.
 */
int proto_dns_name(const uint8_t *msg, size_t len, size_t off, char *out,
                   size_t cap, size_t *wire_len);

/* Decoded RDATA of the supported types. */
typedef struct proto_dns_rdata {
  uint8_t addr[16];    /* A (4 bytes) or AAAA (16) */
  uint16_t name_off;   /* CNAME, PTR, NS target; MX exchange; SRV target */
  uint16_t preference; /* MX */
  uint16_t priority, weight, port;  /* SRV */
  proto_view txt;                   /* TXT: the raw <len><bytes>... list */
  uint16_t udp_payload_size;        /* OPT: CLASS */
  uint8_t ext_rcode, edns0_version; /* OPT: TTL bits 31..24, 23..16 */
  uint16_t z;                       /* OPT: TTL bits 15..0 */
  proto_view opt_data;              /* OPT: option list */
} proto_dns_rdata;

/* Decodes rr's RDATA (bounded by rdlen). Unknown types succeed with nothing
 * filled. */
int proto_dns_rdata_decode(const proto_dns *m, const proto_dns_rr *rr,
                           proto_dns_rdata *out);

/* Iterates the TXT character-strings: returns 1 and the next string in *s
 * while strings remain, 0 at the end, MALFORMED when a length overruns. */
int proto_dns_txt_next(bebytes_reader *txt, proto_view *s);

/* Over TCP: if buf holds a whole length-prefixed message, sets *msg_len to
 * the message length and returns 1; returns 0 when more bytes are needed. */
int proto_dns_tcp_frame(const uint8_t *buf, size_t len, size_t *msg_len);

/* Encoders (no compression is emitted except through put_pointer). */
int proto_dns_encode_header(const proto_dns *m, bebytes_writer *w);
/* Writes a dotted name ("a.b.c", "" or "." for the root). MALFORMED for an
 * empty or > 63 byte label or a name > 255 bytes. */
int proto_dns_put_name(bebytes_writer *w, const char *dotted);
/* Writes a compression pointer to offset off (< 0x4000). */
int proto_dns_put_pointer(bebytes_writer *w, uint16_t off);
int proto_dns_put_question(bebytes_writer *w, const char *name, uint16_t type,
                           uint16_t klass);
/* Writes TYPE CLASS TTL RDLENGTH RDATA after a name the caller wrote. */
int proto_dns_put_rr_tail(bebytes_writer *w, uint16_t type, uint16_t klass,
                          uint32_t ttl, const void *rdata, uint16_t rdlen);

#ifdef __cplusplus
}
#endif
#endif /* BBD_PROTO_DNS_H */
