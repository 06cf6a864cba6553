/*
 * memory_allocation: heap allocations, bytes and peak live memory of the
 * libbebytes encoding styles, measured by the worker's allocation tracker.
 * The port of BeBytes' memory_allocation.rs; see README.md, and bands.h for
 * the guide's excellent/good/fair/poor classification.
 */
#include "ma.h"

static const bbd_benchmark_t *const ma_benchmarks[] = {
    &ma_patterns_vec,    &ma_patterns_reused,    &ma_patterns_bufmut,
    &ma_eff_16_vec,      &ma_eff_16_reused,      &ma_eff_64_vec,
    &ma_eff_64_reused,   &ma_eff_256_vec,        &ma_eff_256_reused,
    &ma_eff_1024_vec,    &ma_eff_1024_reused,    &ma_eff_4096_vec,
    &ma_eff_4096_reused, &ma_reuse_buffer_reuse, &ma_reuse_no_reuse,
    &ma_peak_batch,      &ma_peak_streaming,     NULL,
};

static const bbd_plugin_t ma_plugin = {
    .size = sizeof(bbd_plugin_t),
    .abi_major = BBD_PLUGIN_ABI_MAJOR,
    .abi_minor = BBD_PLUGIN_ABI_MINOR,
    .name = "memory_allocation",
    .version = "1.0",
    .summary = "allocations/op, bytes/op, peak bytes and overhead of the "
               "libbebytes encoding styles",
    .benchmarks = ma_benchmarks,
};

BBD_PLUGIN_EXPORT int bbd_plugin_init(const bbd_host_t *host,
                                      const bbd_plugin_t **plugin, char *err,
                                      size_t errlen) {
  (void)host;
  (void)err;
  (void)errlen;
  *plugin = &ma_plugin;
  return 0;
}
