/*
 * The structs of the BeBytes benchmark suite (bebytes 2.9.0 benches:
 * serialization.rs, memory_allocation.rs, cache_performance.rs,
 * network_protocols.rs), declared with libbebytes so the workload plugins
 * and bench/bebytes measure the same shapes. Wire sizes are the BeBytes
 * ones (checked by tests/unit/bebytes).
 *
 * Each declaration yields the C struct plus, for both byte orders,
 * *_to_{be,le}_bytes (one allocation), *_encode_{be,le}_to (caller
 * bebytes_buf), *_encode_{be,le}_into (caller array), *_decode_{be,le},
 * and, for BEBYTES_FIXED_STRUCT ones, *_SIZE and *_encode_{be,le}_raw.
 */
#ifndef BEBYTES_BENCH_STRUCTS_H
#define BEBYTES_BENCH_STRUCTS_H

#include "bebytes.h"

/* ---- serialization.rs ---- */

/* TinyStruct, 4 bytes. */
#define BEBYTES_BENCH_TINY(X)                                                  \
  X(U16, a)                                                                    \
  X(U16, b)
BEBYTES_FIXED_STRUCT(bebytes_bench_tiny, BEBYTES_BENCH_TINY)

/* SmallStruct, 8 bytes. */
#define BEBYTES_BENCH_SMALL(X)                                                 \
  X(U32, header)                                                               \
  X(U16, flags)                                                                \
  X(U16, data)
BEBYTES_FIXED_STRUCT(bebytes_bench_small, BEBYTES_BENCH_SMALL)

/* MediumStruct, 46 bytes. */
#define BEBYTES_BENCH_MEDIUM(X)                                                \
  X(U64, header)                                                               \
  X(ARRAY, payload, 32)                                                        \
  X(U32, checksum)                                                             \
  X(U16, footer)
BEBYTES_FIXED_STRUCT(bebytes_bench_medium, BEBYTES_BENCH_MEDIUM)

/* LargeStruct, 232 bytes. */
#define BEBYTES_BENCH_LARGE(X)                                                 \
  X(U64, id)                                                                   \
  X(U64, timestamp)                                                            \
  X(ARRAY, data, 128)                                                          \
  X(ARRAY, metadata, 64)                                                       \
  X(U64, checksum1)                                                            \
  X(U64, checksum2)                                                            \
  X(U32, flags)                                                                \
  X(U32, version)
BEBYTES_FIXED_STRUCT(bebytes_bench_large, BEBYTES_BENCH_LARGE)

/* BitFieldStruct, 7 bytes: {4,10,1024,7,0x12345678} -> BE 4A 40 07 12 34 56
 * 78, LE A4 00 74 78 56 34 12. */
#define BEBYTES_BENCH_BITFIELD(X)                                              \
  X(BITS, version, U8, 4)                                                      \
  X(BITS, flags, U8, 4)                                                        \
  X(BITS, length, U16, 12)                                                     \
  X(BITS, type_field, U8, 4)                                                   \
  X(U32, payload)
BEBYTES_FIXED_STRUCT(bebytes_bench_bitfield, BEBYTES_BENCH_BITFIELD)

/* VectorStruct, 22 bytes: a Vec<u8> of exactly 16 bytes (a slice whose
 * length must be 16; encoding checks it). */
#define BEBYTES_BENCH_VECTOR(X)                                                \
  X(U32, header)                                                               \
  X(BYTES, fixed_data, FIXED, 16)                                              \
  X(U16, footer)
BEBYTES_STRUCT(bebytes_bench_vector, BEBYTES_BENCH_VECTOR)

/* DynamicVectorStruct: 1 + length + 4 bytes. */
#define BEBYTES_BENCH_DYNAMIC_VECTOR(X)                                        \
  X(U8, length)                                                                \
  X(BYTES, data, FIELD, length)                                                \
  X(U32, checksum)
BEBYTES_STRUCT(bebytes_bench_dynamic_vector, BEBYTES_BENCH_DYNAMIC_VECTOR)

/* MixedStruct: 1 + 2 + length + 4 bytes; {2,63,4,[0x42;4],0xDEADBEEF} ->
 * BE BF 00 04 42 42 42 42 DE AD BE EF. */
#define BEBYTES_BENCH_MIXED(X)                                                 \
  X(BITS, version, U8, 2)                                                      \
  X(BITS, flags, U8, 6)                                                        \
  X(U16, length)                                                               \
  X(BYTES, payload, FIELD, length)                                             \
  X(U32, footer)
BEBYTES_STRUCT(bebytes_bench_mixed, BEBYTES_BENCH_MIXED)

/* ---- memory_allocation.rs ---- */

/* Its LargeStruct, 280 bytes. */
#define BEBYTES_BENCH_LARGE280(X)                                              \
  X(U64, id)                                                                   \
  X(U64, timestamp)                                                            \
  X(ARRAY, data, 256)                                                          \
  X(U64, checksum)
BEBYTES_FIXED_STRUCT(bebytes_bench_large280, BEBYTES_BENCH_LARGE280)

/* Its VectorStruct, 70 bytes. */
#define BEBYTES_BENCH_VECTOR64(X)                                              \
  X(U32, header)                                                               \
  X(BYTES, data, FIXED, 64)                                                    \
  X(U16, footer)
BEBYTES_STRUCT(bebytes_bench_vector64, BEBYTES_BENCH_VECTOR64)

/* DynamicStruct: 2 + length + 4 bytes. */
#define BEBYTES_BENCH_DYNAMIC(X)                                               \
  X(U16, length)                                                               \
  X(BYTES, payload, FIELD, length)                                             \
  X(U32, checksum)
BEBYTES_STRUCT(bebytes_bench_dynamic, BEBYTES_BENCH_DYNAMIC)

/* ---- cache_performance.rs ---- */

#define BEBYTES_BENCH_CACHE_FRIENDLY(X)                                        \
  X(ARRAY, data, 60)                                                           \
  X(U32, checksum)
BEBYTES_FIXED_STRUCT(bebytes_bench_cache_friendly, BEBYTES_BENCH_CACHE_FRIENDLY)

#define BEBYTES_BENCH_CACHE_UNFRIENDLY(X)                                      \
  X(ARRAY, data, 124)                                                          \
  X(U32, checksum)
BEBYTES_FIXED_STRUCT(bebytes_bench_cache_unfriendly,
                     BEBYTES_BENCH_CACHE_UNFRIENDLY)

/* Its SmallStruct {u32 a, u32 b}, 8 bytes. */
#define BEBYTES_BENCH_PAIR(X)                                                  \
  X(U32, a)                                                                    \
  X(U32, b)
BEBYTES_FIXED_STRUCT(bebytes_bench_pair, BEBYTES_BENCH_PAIR)

/* Its BitFieldStruct, 8 bytes. */
#define BEBYTES_BENCH_BITFIELD8(X)                                             \
  X(BITS, version, U8, 4)                                                      \
  X(BITS, flags, U8, 4)                                                        \
  X(BITS, type_field, U8, 8)                                                   \
  X(BITS, length, U16, 16)                                                     \
  X(U32, payload)
BEBYTES_FIXED_STRUCT(bebytes_bench_bitfield8, BEBYTES_BENCH_BITFIELD8)

/* PaddedStruct, 13 bytes (no padding on the wire). */
#define BEBYTES_BENCH_PADDED(X)                                                \
  X(U8, byte_field)                                                            \
  X(U32, int_field)                                                            \
  X(U64, long_field)
BEBYTES_FIXED_STRUCT(bebytes_bench_padded, BEBYTES_BENCH_PADDED)

/* Its VectorStruct, 264 bytes. */
#define BEBYTES_BENCH_VECTOR256(X)                                             \
  X(U32, header)                                                               \
  X(BYTES, data, FIXED, 256)                                                   \
  X(U32, footer)
BEBYTES_STRUCT(bebytes_bench_vector256, BEBYTES_BENCH_VECTOR256)

/* ---- network_protocols.rs (BE = network wire order) ---- */

/* Ethernet II header, 14 bytes. */
#define BEBYTES_BENCH_ETH(X)                                                   \
  X(ARRAY, destination_mac, 6)                                                 \
  X(ARRAY, source_mac, 6)                                                      \
  X(U16, ethertype)
BEBYTES_FIXED_STRUCT(bebytes_bench_eth, BEBYTES_BENCH_ETH)

/* IPv4 header without options, 20 bytes. */
#define BEBYTES_BENCH_IPV4(X)                                                  \
  X(BITS, version, U8, 4)                                                      \
  X(BITS, ihl, U8, 4)                                                          \
  X(BITS, dscp, U8, 6)                                                         \
  X(BITS, ecn, U8, 2)                                                          \
  X(U16, total_length)                                                         \
  X(U16, identification)                                                       \
  X(BITS, flags, U8, 3)                                                        \
  X(BITS, fragment_offset, U16, 13)                                            \
  X(U8, ttl)                                                                   \
  X(U8, protocol)                                                              \
  X(U16, header_checksum)                                                      \
  X(U32, source_ip)                                                            \
  X(U32, destination_ip)
BEBYTES_FIXED_STRUCT(bebytes_bench_ipv4, BEBYTES_BENCH_IPV4)

/* TCP header without options, 20 bytes. */
#define BEBYTES_BENCH_TCP(X)                                                   \
  X(U16, source_port)                                                          \
  X(U16, destination_port)                                                     \
  X(U32, sequence_number)                                                      \
  X(U32, acknowledgment_number)                                                \
  X(BITS, data_offset, U8, 4)                                                  \
  X(BITS, reserved, U8, 6)                                                     \
  X(BITS, urg, U8, 1)                                                          \
  X(BITS, ack, U8, 1)                                                          \
  X(BITS, psh, U8, 1)                                                          \
  X(BITS, rst, U8, 1)                                                          \
  X(BITS, syn, U8, 1)                                                          \
  X(BITS, fin, U8, 1)                                                          \
  X(U16, window_size)                                                          \
  X(U16, checksum)                                                             \
  X(U16, urgent_pointer)
BEBYTES_FIXED_STRUCT(bebytes_bench_tcp, BEBYTES_BENCH_TCP)

/* UDP header, 8 bytes. */
#define BEBYTES_BENCH_UDP(X)                                                   \
  X(U16, source_port)                                                          \
  X(U16, destination_port)                                                     \
  X(U16, length)                                                               \
  X(U16, checksum)
BEBYTES_FIXED_STRUCT(bebytes_bench_udp, BEBYTES_BENCH_UDP)

/* HTTP/2 frame header, 9 bytes. */
#define BEBYTES_BENCH_HTTP2(X)                                                 \
  X(BITS, length, U32, 24)                                                     \
  X(U8, frame_type)                                                            \
  X(U8, flags)                                                                 \
  X(BITS, reserved, U8, 1)                                                     \
  X(BITS, stream_id, U32, 31)
BEBYTES_FIXED_STRUCT(bebytes_bench_http2, BEBYTES_BENCH_HTTP2)

/* DNS header, 12 bytes. */
#define BEBYTES_BENCH_DNS(X)                                                   \
  X(U16, transaction_id)                                                       \
  X(BITS, query_response, U8, 1)                                               \
  X(BITS, opcode, U8, 4)                                                       \
  X(BITS, authoritative, U8, 1)                                                \
  X(BITS, truncated, U8, 1)                                                    \
  X(BITS, recursion_desired, U8, 1)                                            \
  X(BITS, recursion_available, U8, 1)                                          \
  X(BITS, reserved, U8, 3)                                                     \
  X(BITS, response_code, U8, 4)                                                \
  X(U16, question_count)                                                       \
  X(U16, answer_count)                                                         \
  X(U16, authority_count)                                                      \
  X(U16, additional_count)
BEBYTES_FIXED_STRUCT(bebytes_bench_dns, BEBYTES_BENCH_DNS)

/* TLS record header, 5 bytes. */
#define BEBYTES_BENCH_TLS(X)                                                   \
  X(U8, content_type)                                                          \
  X(U16, protocol_version)                                                     \
  X(U16, length)
BEBYTES_FIXED_STRUCT(bebytes_bench_tls, BEBYTES_BENCH_TLS)

/* WebSocket frame header (first 2 bytes). */
#define BEBYTES_BENCH_WEBSOCKET(X)                                             \
  X(BITS, fin, U8, 1)                                                          \
  X(BITS, reserved, U8, 3)                                                     \
  X(BITS, opcode, U8, 4)                                                       \
  X(BITS, mask, U8, 1)                                                         \
  X(BITS, payload_length, U8, 7)
BEBYTES_FIXED_STRUCT(bebytes_bench_websocket, BEBYTES_BENCH_WEBSOCKET)

/* CoAP header, 4 bytes. */
#define BEBYTES_BENCH_COAP(X)                                                  \
  X(BITS, version, U8, 2)                                                      \
  X(BITS, message_type, U8, 2)                                                 \
  X(BITS, token_length, U8, 4)                                                 \
  X(U8, code)                                                                  \
  X(U16, message_id)
BEBYTES_FIXED_STRUCT(bebytes_bench_coap, BEBYTES_BENCH_COAP)

/* MQTT CONNECT packet (simplified as in the BeBytes bench). */
#define BEBYTES_BENCH_MQTT_CONNECT(X)                                          \
  X(BITS, packet_type, U8, 4)                                                  \
  X(BITS, flags, U8, 4)                                                        \
  X(U8, remaining_length)                                                      \
  X(U16, protocol_name_length)                                                 \
  X(BYTES, protocol_name, FIXED, 4)                                            \
  X(U8, protocol_version)                                                      \
  X(U8, connect_flags)                                                         \
  X(U16, keep_alive)                                                           \
  X(U16, client_id_length)                                                     \
  X(BYTES, client_id, FIELD, client_id_length)
BEBYTES_STRUCT(bebytes_bench_mqtt_connect, BEBYTES_BENCH_MQTT_CONNECT)

/* The Ethernet + IPv4 + TCP stack (54 bytes) of the layered benches. */
#define BEBYTES_BENCH_PACKET(X)                                                \
  X(STRUCT, eth, bebytes_bench_eth)                                            \
  X(STRUCT, ip, bebytes_bench_ipv4)                                            \
  X(STRUCT, tcp, bebytes_bench_tcp)
BEBYTES_FIXED_STRUCT(bebytes_bench_packet, BEBYTES_BENCH_PACKET)

#endif /* BEBYTES_BENCH_STRUCTS_H */
