/*
 * TLS records and handshake headers (RFC 8446, RFC 5246), enough to name
 * what a connection negotiates without decrypting it.
 *
 * Record (5-byte header):
 *   +--------------+---------------------+---------------------+
 *   | type (8)     | legacy_version (16) | length (16, <=2^14+2048)
 *   +--------------+---------------------+---------------------+
 *   | fragment (length bytes) ...
 * Content types: 20 change_cipher_spec, 21 alert, 22 handshake,
 * 23 application_data.
 *
 * Handshake message (in a handshake record's fragment, possibly several):
 *   +-----------+-------------------+-----------------
 *   | type (8)  | length (24)       | body ...
 *
 * ClientHello body: version(16) random(32) session_id<0..32>(8-bit len)
 *   cipher_suites<2..2^16-2>(16-bit len) compression<1..2^8-1>(8-bit len)
 *   extensions<0..2^16-1>(16-bit len): (type(16) length(16) data)*
 * ServerHello body: version(16) random(32) session_id<0..32>
 *   cipher_suite(16) compression(8) extensions<...>
 * Extensions read: server_name (0; list of (type 8, name<16-bit len>)),
 * supported_versions (43; ClientHello: 8-bit length + u16s, ServerHello:
 * one u16).
 */
#ifndef BBD_PROTO_TLS_H
#define BBD_PROTO_TLS_H

#include "proto.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PROTO_TLS_REC_HDR_LEN 5
#define PROTO_TLS_MAX_RECORD (16384 + 2048)
#define PROTO_TLS_MAX_EXT 40
enum {
  PROTO_TLS_CCS = 20,
  PROTO_TLS_ALERT = 21,
  PROTO_TLS_HANDSHAKE = 22,
  PROTO_TLS_APPDATA = 23
};
enum { PROTO_TLS_CLIENT_HELLO = 1, PROTO_TLS_SERVER_HELLO = 2 };

typedef struct proto_tls_record {
  uint8_t content_type;
  uint16_t version;
  uint16_t length;
  proto_view fragment;
} proto_tls_record;

typedef struct proto_tls_handshake {
  uint8_t type;
  uint32_t length; /* 24 bits */
  proto_view body;
} proto_tls_handshake;

typedef struct proto_tls_hello {
  uint16_t version;
  proto_view random; /* 32 bytes */
  proto_view session_id;
  proto_view cipher_suites; /* ClientHello: the u16 list; iterate it */
  uint16_t cipher_suite;    /* ServerHello: the chosen one */
  proto_view compression;
  uint8_t next; /* extension types kept */
  uint16_t ext_type[PROTO_TLS_MAX_EXT];
  uint16_t ext_count;            /* all extensions, even beyond MAX_EXT */
  proto_view sni;                /* server_name host name, if present */
  uint16_t supported_version;    /* ServerHello supported_versions, or 0 */
  proto_view supported_versions; /* ClientHello's u16 list */
} proto_tls_hello;

/* 1 if buf holds a whole record (header + length), 0 if more is needed,
 * MALFORMED for an unknown content type or an over-long record. *rec_len
 * receives 5 + length. */
int proto_tls_frame(const uint8_t *buf, size_t len, size_t *rec_len);
/* Reads one record. MALFORMED as for proto_tls_frame. */
int proto_tls_record_decode(bebytes_reader *r, proto_tls_record *out);
int proto_tls_record_encode(const proto_tls_record *in, bebytes_writer *w);
/* Reads one handshake message header + body. */
int proto_tls_handshake_decode(bebytes_reader *r, proto_tls_handshake *out);
int proto_tls_handshake_encode(const proto_tls_handshake *in,
                               bebytes_writer *w);
/* Decodes a ClientHello (type 1) or ServerHello (type 2) body. */
int proto_tls_hello_decode(uint8_t type, const proto_view *body,
                           proto_tls_hello *out);

#ifdef __cplusplus
}
#endif
#endif /* BBD_PROTO_TLS_H */
