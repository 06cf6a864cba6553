/*
 * Shared pieces of the memory_allocation plugin: instances, parameters,
 * the benchmark descriptors ma_plugin.c lists, and the self-check.
 *
 * Every benchmark here is about what the worker's allocation tracker sees
 * inside run(): allocations/op, bytes/op, peak live bytes and the overhead
 * ratio (bytes/op over the declared payload bytes/op). Setup therefore
 * sizes every reused buffer in advance, so a "reuse" benchmark shows zero
 * allocations in the timed region.
 */
#ifndef BBD_MA_H
#define BBD_MA_H

#include <stddef.h>
#include <stdint.h>

#include <bbd/plugin.h>
#include <bebytes/bench_structs.h>

#include "wl_common.h"

/* Instances: Medium as in serialization.rs (header varied by i), Large as
 * memory_allocation.rs's 280-byte LargeStruct, Dynamic with n payload
 * bytes pointing into `payload`. */
void ma_init_medium(bebytes_bench_medium *s, uint32_t i);
void ma_init_large(bebytes_bench_large280 *s, uint32_t i);
void ma_init_dynamic(bebytes_bench_dynamic *s, const uint8_t *payload,
                     uint16_t n);

/* Largest dynamic payload (efficiency/dynamic_size_4096_*). */
#define MA_PAYLOAD_MAX 4096

/* `order` and `count` (records per iteration, default 100); the other
 * benchmarks take wl_params_order. */
extern const bbd_param_t ma_params_count[];

/* patterns */
extern const bbd_benchmark_t ma_patterns_vec;
extern const bbd_benchmark_t ma_patterns_reused;
extern const bbd_benchmark_t ma_patterns_bufmut;
/* efficiency */
#define MA_EFF_DECL(N)                                                         \
  extern const bbd_benchmark_t ma_eff_##N##_vec;                               \
  extern const bbd_benchmark_t ma_eff_##N##_reused;
MA_EFF_DECL(16)
MA_EFF_DECL(64)
MA_EFF_DECL(256)
MA_EFF_DECL(1024)
MA_EFF_DECL(4096)
#undef MA_EFF_DECL
/* reuse */
extern const bbd_benchmark_t ma_reuse_buffer_reuse;
extern const bbd_benchmark_t ma_reuse_no_reuse;
/* peak */
extern const bbd_benchmark_t ma_peak_batch;
extern const bbd_benchmark_t ma_peak_streaming;

/* After a run of reuse/buffer_reuse or patterns/reused_buffer: decodes the
 * records left in the reused buffer and compares them with the inputs.
 * 0, or -1 with a reason. */
int ma_verify_reused(const bbd_benchmark_t *b, void *state, char *err,
                     size_t errlen);

/* Encodes every struct of this plugin through every allocation style used
 * here, in both byte orders, and checks that decoding gives back the
 * input: 0, or -1 with a reason. */
int ma_selfcheck(char *err, size_t errlen);

#endif
