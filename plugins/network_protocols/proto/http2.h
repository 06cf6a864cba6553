/*
 * HTTP/2 frames (RFC 9113) and HPACK header blocks (RFC 7541, decoded by
 * libnghttp2's inflater, not by hand).
 *
 * Connection preface (client, 24 bytes): "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".
 *
 * Frame header (9 bytes), then Length bytes of payload:
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                 Length (24)                   |   Type (8)    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   Flags (8)   |R|         Stream Identifier (31)              |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                      Frame Payload ...                        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Types: 0 DATA, 1 HEADERS, 2 PRIORITY, 3 RST_STREAM, 4 SETTINGS,
 * 5 PUSH_PROMISE, 6 PING, 7 GOAWAY, 8 WINDOW_UPDATE, 9 CONTINUATION.
 * PADDED (0x8) on DATA/HEADERS/PUSH_PROMISE: Pad Length (8) first, padding
 * last. PRIORITY (0x20) on HEADERS, and the PRIORITY frame: E(1) Stream
 * Dependency(31) Weight(8). SETTINGS: (id 16, value 32)*. RST_STREAM: error
 * 32. PUSH_PROMISE: R(1) Promised Stream ID(31), fragment. PING: 8 opaque.
 * GOAWAY: R(1) Last-Stream-ID(31), error 32, debug data. WINDOW_UPDATE:
 * R(1) increment(31).
 */
#ifndef BBD_PROTO_HTTP2_H
#define BBD_PROTO_HTTP2_H

#include "proto.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PROTO_H2_HDR_LEN 9
#define PROTO_H2_PREFACE "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
#define PROTO_H2_PREFACE_LEN 24
#define PROTO_H2_MAX_SETTINGS 16

enum {
  PROTO_H2_DATA = 0,
  PROTO_H2_HEADERS,
  PROTO_H2_PRIORITY,
  PROTO_H2_RST_STREAM,
  PROTO_H2_SETTINGS,
  PROTO_H2_PUSH_PROMISE,
  PROTO_H2_PING,
  PROTO_H2_GOAWAY,
  PROTO_H2_WINDOW_UPDATE,
  PROTO_H2_CONTINUATION
};
#define PROTO_H2_F_END_STREAM 0x01
#define PROTO_H2_F_ACK 0x01
#define PROTO_H2_F_END_HEADERS 0x04
#define PROTO_H2_F_PADDED 0x08
#define PROTO_H2_F_PRIORITY 0x20

typedef struct proto_h2_frame {
  uint32_t length; /* 24 bits */
  uint8_t type, flags;
  uint8_t r;         /* reserved bit */
  uint32_t streamid; /* 31 bits */
  /* PADDED */
  uint8_t padded, pad_length;
  /* PRIORITY frame, or HEADERS with the PRIORITY flag */
  uint8_t has_priority, exclusive, weight;
  uint32_t stream_dependency;
  /* RST_STREAM, GOAWAY */
  uint32_t error_code;
  /* SETTINGS */
  uint8_t nsettings;
  uint16_t setting_id[PROTO_H2_MAX_SETTINGS];
  uint32_t setting_value[PROTO_H2_MAX_SETTINGS];
  /* PUSH_PROMISE, GOAWAY, WINDOW_UPDATE: the R bit and the 31-bit id or
   * increment of the payload */
  uint8_t payload_r;
  uint32_t promised_stream_id, last_stream_id, window_size_increment;
  uint64_t ping; /* PING opaque data as a big-endian integer */
  /* DATA data, HEADERS/PUSH_PROMISE/CONTINUATION header block fragment,
   * GOAWAY debug data: the payload without padding and fixed fields */
  proto_view data;
  proto_view padding;
} proto_h2_frame;

/* 1 if buf starts with the whole preface, 0 if it is a strict prefix of it
 * (more bytes needed), -1 if it cannot be the preface. */
int proto_h2_preface(const uint8_t *buf, size_t len);
/* Reads the 9-byte header and the payload. MALFORMED for fixed-size frames
 * of the wrong size, padding longer than the payload, SETTINGS not a
 * multiple of 6, LIMIT for more than PROTO_H2_MAX_SETTINGS settings. */
int proto_h2_decode(bebytes_reader *r, proto_h2_frame *out);
/* Reads only the 9-byte header (length, type, flags, r, streamid). */
int proto_h2_decode_header(bebytes_reader *r, proto_h2_frame *out);
/* Writes the 9-byte header from length/type/flags/r/streamid. */
int proto_h2_encode_header(const proto_h2_frame *in, bebytes_writer *w);
/* Writes header + payload built from the type's fields (length computed). */
int proto_h2_encode(const proto_h2_frame *in, bebytes_writer *w);

/* HPACK decoding context (one per direction of a connection). */
typedef struct proto_hpack proto_hpack;
/* Called for each decoded header; returns non-zero to stop. */
typedef int (*proto_hpack_cb)(void *ud, const uint8_t *name, size_t nlen,
                              const uint8_t *value, size_t vlen);
int proto_hpack_new(proto_hpack **out);
void proto_hpack_free(proto_hpack *h);
/* Starts a fresh decoding state (a new connection) and keeps the memory
 * pool. ENOMEM leaves the context unusable until the next reset. */
int proto_hpack_reset(proto_hpack *h);
/* Decodes one complete header block (after CONTINUATIONs are joined).
 * MALFORMED on a compression error (the context is then unusable, as the
 * RFC says: a connection error). */
int proto_hpack_decode(proto_hpack *h, const uint8_t *block, size_t len,
                       proto_hpack_cb cb, void *ud);

#ifdef __cplusplus
}
#endif
#endif /* BBD_PROTO_HTTP2_H */
