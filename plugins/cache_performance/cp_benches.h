/*
 * The cache_performance benchmarks (one file per group) and the functions
 * the self-check test reaches into. Only cp_plugin.c's entry point is
 * exported from the .so; everything here is internal.
 */
#ifndef BBD_CP_BENCHES_H
#define BBD_CP_BENCHES_H

#include <stddef.h>
#include <stdint.h>

#include <bbd/plugin.h>

/* cache_line */
extern const bbd_benchmark_t cp_cl_cache_friendly_sequential;
extern const bbd_benchmark_t cp_cl_cache_unfriendly_sequential;
extern const bbd_benchmark_t cp_cl_cache_friendly_random;
extern const bbd_benchmark_t cp_cl_cache_unfriendly_random;
/* Decodes every record of a cache_line state in its visiting order and
 * returns the sum of the decoded checksums (UINT64_MAX if one fails). */
uint64_t cp_cl_checksum_sum(const void *state);

/* layout */
extern const bbd_benchmark_t cp_layout_contiguous;
extern const bbd_benchmark_t cp_layout_scattered;
/* Sum of a + b over every record of a layout benchmark's state. */
uint64_t cp_layout_sum(const void *state);

/* prefetch */
extern const bbd_benchmark_t cp_prefetch_none;
extern const bbd_benchmark_t cp_prefetch_with;
/* `count` gathers of a prefetch benchmark's state at `distance`. */
uint64_t cp_prefetch_pass(void *state, uint64_t count, unsigned distance);

/* packing */
extern const bbd_benchmark_t cp_packing_bit_packed;
extern const bbd_benchmark_t cp_packing_naturally_padded;
/* Sum of all fields of every record (identical for both layouts). */
uint64_t cp_packing_sum(const void *state);

/* buffer_locality */
extern const bbd_benchmark_t cp_bl_individual_buffers;
extern const bbd_benchmark_t cp_bl_single_buffer;
extern const bbd_benchmark_t cp_bl_buffer_reuse;
/* Decodes what one run left in the benchmark's buffers and compares it with
 * the input records: 0 if equal, -1 (with a reason) otherwise. */
int cp_bl_verify(const void *state, char *err, size_t errlen);

/* access_pattern */
#define CP_AP_DECL(kind)                                                       \
  extern const bbd_benchmark_t cp_ap_##kind##_l1;                              \
  extern const bbd_benchmark_t cp_ap_##kind##_l2;                              \
  extern const bbd_benchmark_t cp_ap_##kind##_llc;                             \
  extern const bbd_benchmark_t cp_ap_##kind##_dram;
CP_AP_DECL(sequential)
CP_AP_DECL(strided)
CP_AP_DECL(random)
#undef CP_AP_DECL
/* Builds a pointer-chase working set (kind: 0 sequential, 1 strided,
 * 2 random) of `bytes` bytes; *mem_out is freed with free(). */
int cp_ap_build(const bbd_host_t *host, int kind, uint64_t bytes,
                uint64_t stride, unsigned char **mem_out, char *err,
                size_t errlen);
/* Follows the chase from the first line until it returns there (at most
 * steps + 1 hops) and returns the number of hops: the cycle length. */
uint64_t cp_ap_chase(unsigned char *mem, uint64_t steps);

/* icache */
extern const bbd_benchmark_t cp_icache_monomorphic;
extern const bbd_benchmark_t cp_icache_polymorphic_3;
extern const bbd_benchmark_t cp_icache_polymorphic_16;
/* Runs every dispatch target on the same record and checks each against
 * its decoder: 0 if all round-trip, -1 (with a reason) otherwise. */
int cp_icache_verify(char *err, size_t errlen);

#endif
