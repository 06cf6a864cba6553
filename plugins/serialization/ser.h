/*
 * Shared pieces of the serialization plugin: the benchmark instances (the
 * old suite's values), parameter helpers, and the benchmark descriptors
 * that ser_plugin.c lists.
 */
#ifndef BBD_SER_H
#define BBD_SER_H

#include <stddef.h>
#include <stdint.h>

#include <bbd/plugin.h>
#include <bebytes/bench_structs.h>

#include "wl_common.h"

/* The instances of BeBytes' serialization.rs (bebytes-facts.md §2.1). */
void ser_init_tiny(bebytes_bench_tiny *s);
void ser_init_small(bebytes_bench_small *s, uint32_t i);
void ser_init_medium(bebytes_bench_medium *s);
void ser_init_large(bebytes_bench_large *s);
void ser_init_bitfield(bebytes_bench_bitfield *s);
/* Variable structs point into `payload`, which holds at least n bytes of
 * 0x42 and outlives the instance. */
void ser_init_vector(bebytes_bench_vector *s, const uint8_t *payload);
void ser_init_dynamic(bebytes_bench_dynamic_vector *s, const uint8_t *payload,
                      uint8_t n);
void ser_init_mixed(bebytes_bench_mixed *s, const uint8_t *payload, uint16_t n);

/* The largest payload any benchmark uses (mixed/mixed_payload_1024). */
#define SER_PAYLOAD_MAX 1024

/* Encode/decode method of the variable-length benchmarks (`method`). */
typedef enum ser_method { SER_VEC = 0, SER_BUFMUT, SER_DECODE } ser_method_t;
ser_method_t ser_arg_method(const bbd_host_t *host, const bbd_args_t *args);

/* Parameter lists shared by several benchmarks (besides wl_params_order). */
extern const bbd_param_t ser_params_var[];
extern const bbd_param_t ser_params_batch[];

/* methods */
#define SER_DECL4(id)                                                          \
  extern const bbd_benchmark_t id##_b_vec;                                     \
  extern const bbd_benchmark_t id##_b_bufmut;                                  \
  extern const bbd_benchmark_t id##_b_raw;                                     \
  extern const bbd_benchmark_t id##_b_decode;
SER_DECL4(ser_tiny)
SER_DECL4(ser_medium)
SER_DECL4(ser_large)
/* bit_fields */
SER_DECL4(ser_bitfield)
#undef SER_DECL4
/* endianness */
extern const bbd_benchmark_t ser_endian_be_enc;
extern const bbd_benchmark_t ser_endian_le_enc;
extern const bbd_benchmark_t ser_endian_be_dec;
extern const bbd_benchmark_t ser_endian_le_dec;
/* vectors */
extern const bbd_benchmark_t ser_vec_fixed;
extern const bbd_benchmark_t ser_vec_dyn_1;
extern const bbd_benchmark_t ser_vec_dyn_4;
extern const bbd_benchmark_t ser_vec_dyn_16;
extern const bbd_benchmark_t ser_vec_dyn_64;
extern const bbd_benchmark_t ser_vec_dyn_255;
/* mixed */
extern const bbd_benchmark_t ser_mixed_0;
extern const bbd_benchmark_t ser_mixed_16;
extern const bbd_benchmark_t ser_mixed_64;
extern const bbd_benchmark_t ser_mixed_256;
extern const bbd_benchmark_t ser_mixed_1024;
/* batch */
extern const bbd_benchmark_t ser_batch_per_item;
extern const bbd_benchmark_t ser_batch_shared;
extern const bbd_benchmark_t ser_batch_raw;

/* Decodes what the last run of a batch benchmark produced and compares it
 * with the input records: 0 if equal, -1 with a reason otherwise. The
 * per-item benchmark frees its buffers, so it re-encodes one pass first. */
int ser_batch_verify(void *state, char *err, size_t errlen);

/* Round-trips every benchmark struct through every method in both byte
 * orders and checks the golden encodings: 0, or -1 with a reason. */
int ser_selfcheck(char *err, size_t errlen);

#endif
