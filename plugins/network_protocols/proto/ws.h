/*
 * WebSocket frames (RFC 6455 section 5.2) and the HTTP/1.1 Upgrade that
 * starts a WebSocket connection (detected with http-parser).
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-------+-+-------------+-------------------------------+
 *  |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
 *  |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
 *  |N|V|V|V|       |S|             |   (if payload len==126/127)   |
 *  | |1|2|3|       |K|             |                               |
 *  +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
 *  |     Extended payload length continued, if payload len == 127  |
 *  + - - - - - - - - - - - - - - - +-------------------------------+
 *  |                               |Masking-key, if MASK set to 1  |
 *  +-------------------------------+-------------------------------+
 *  | Masking-key (continued)       |          Payload Data         |
 *  +-------------------------------- - - - - - - - - - - - - - - - +
 *
 * Close frames (opcode 8) carry an optional status code (16 bits) and a
 * UTF-8 reason. Payload bytes are XORed with key[i % 4] when masked.
 */
#ifndef BBD_PROTO_WS_H
#define BBD_PROTO_WS_H

#include "proto.h"

#ifdef __cplusplus
extern "C" {
#endif

enum {
  PROTO_WS_CONT = 0,
  PROTO_WS_TEXT = 1,
  PROTO_WS_BINARY = 2,
  PROTO_WS_CLOSE = 8,
  PROTO_WS_PING = 9,
  PROTO_WS_PONG = 10
};

typedef struct proto_ws_frame {
  uint8_t fin, rsv, opcode, mask;
  uint8_t payload_length; /* the 7-bit field */
  uint64_t length;        /* the real payload length */
  uint8_t key[4];
  proto_view payload; /* still masked when mask == 1 */
  size_t hdr_len;
} proto_ws_frame;

/* 1 and *frame_len if buf holds a whole frame, 0 if more bytes are needed,
 * MALFORMED as for decode. */
int proto_ws_frame_len(const uint8_t *buf, size_t len, size_t *frame_len);
/* Reads one frame. MALFORMED: 64-bit length with the top bit set, a
 * non-minimal length encoding is accepted (RFC says MUST minimal; real
 * peers comply and decoders accept), a control frame that is fragmented or
 * longer than 125 bytes, an unknown opcode. */
int proto_ws_decode(bebytes_reader *r, proto_ws_frame *out);
/* Writes header + payload, masking the payload if in->mask (the payload in
 * `in` is the clear text); uses the shortest length encoding. */
int proto_ws_encode(const proto_ws_frame *in, bebytes_writer *w);
/* dst[i] = src[i] ^ key[(offset + i) % 4]; dst may equal src. */
void proto_ws_unmask(uint8_t *dst, const uint8_t *src, size_t n,
                     const uint8_t key[4], size_t offset);
/* Close payload (unmasked): code (0 if absent) and reason. MALFORMED for a
 * one-byte payload. */
int proto_ws_close(const uint8_t *p, size_t n, uint16_t *code,
                   proto_view *reason);

/* What an HTTP/1.1 message head says about a WebSocket upgrade. */
typedef struct proto_ws_upgrade {
  uint8_t complete; /* the head (request line/status + headers) is whole */
  uint8_t is_request;
  uint8_t websocket; /* request: Upgrade: websocket + Connection: upgrade;
                        response: 101 with Upgrade: websocket */
  size_t head_len;   /* bytes of the head, when complete */
} proto_ws_upgrade;
/* Parses an HTTP/1.1 head with http-parser. 0 with out->complete = 0 when
 * more bytes are needed; MALFORMED when it is not HTTP. */
int proto_ws_upgrade_detect(const uint8_t *buf, size_t len,
                            proto_ws_upgrade *out);

#ifdef __cplusplus
}
#endif
#endif /* BBD_PROTO_WS_H */
