/*
 * CoAP messages (RFC 7252), over UDP.
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |Ver| T |  TKL  |      Code     |          Message ID           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   Token (if any, TKL bytes) ...
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   Options (if any) ...
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |1 1 1 1 1 1 1 1|    Payload (if any) ...
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Option:  | Delta (4) | Length (4) | [ext delta 0-2 B] [ext length 0-2 B]
 *          | value (length bytes)
 * A nibble of 13 adds one byte (value + 13), 14 adds two bytes big-endian
 * (value + 269), 15 is reserved (only the 0xFF payload marker has it).
 * The option number is the running sum of deltas.
 */
#ifndef BBD_PROTO_COAP_H
#define BBD_PROTO_COAP_H

#include "proto.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PROTO_COAP_MAX_OPTS 32
#define PROTO_COAP_HDR_LEN 4

typedef struct proto_coap_opt {
  uint16_t number;
  uint16_t delta_nibble, length_nibble; /* as on the wire (0..14) */
  proto_view value;
} proto_coap_opt;

typedef struct proto_coap {
  uint8_t version, type, token_len, code;
  uint16_t mid;
  proto_view token;
  uint8_t nopts;
  proto_coap_opt opt[PROTO_COAP_MAX_OPTS];
  uint8_t has_payload; /* a 0xFF marker was present */
  proto_view payload;
} proto_coap;

/* Decodes a whole datagram. VERSION if Ver != 1; MALFORMED for TKL > 8, a
 * reserved nibble 15, a marker followed by nothing, a number > 65535;
 * LIMIT beyond PROTO_COAP_MAX_OPTS options. */
int proto_coap_decode(bebytes_reader *r, proto_coap *out);
/* Encodes header, token, options (sorted by number as given; deltas and
 * extensions computed) and the payload (marker only if payload.len > 0). */
int proto_coap_encode(const proto_coap *in, bebytes_writer *w);
/* The registered name of an option number ("Uri-Path"...), or NULL. */
const char *proto_coap_opt_name(uint16_t number);

#ifdef __cplusplus
}
#endif
#endif /* BBD_PROTO_COAP_H */
