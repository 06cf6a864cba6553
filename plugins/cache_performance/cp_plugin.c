/*
 * cache_performance: how memory layout and access order change the cost of
 * working with encoded records. The port of BeBytes' cache_performance.rs;
 * see README.md for what each group shows and how to read it.
 */
#include "cp_benches.h"

static const bbd_benchmark_t *const cp_benchmarks[] = {
    &cp_cl_cache_friendly_sequential,
    &cp_cl_cache_unfriendly_sequential,
    &cp_cl_cache_friendly_random,
    &cp_cl_cache_unfriendly_random,
    &cp_layout_contiguous,
    &cp_layout_scattered,
    &cp_prefetch_none,
    &cp_prefetch_with,
    &cp_packing_bit_packed,
    &cp_packing_naturally_padded,
    &cp_bl_individual_buffers,
    &cp_bl_single_buffer,
    &cp_bl_buffer_reuse,
    &cp_ap_sequential_l1,
    &cp_ap_sequential_l2,
    &cp_ap_sequential_llc,
    &cp_ap_sequential_dram,
    &cp_ap_strided_l1,
    &cp_ap_strided_l2,
    &cp_ap_strided_llc,
    &cp_ap_strided_dram,
    &cp_ap_random_l1,
    &cp_ap_random_l2,
    &cp_ap_random_llc,
    &cp_ap_random_dram,
    &cp_icache_monomorphic,
    &cp_icache_polymorphic_3,
    &cp_icache_polymorphic_16,
    NULL,
};

static const bbd_plugin_t cp_plugin = {
    .size = sizeof(bbd_plugin_t),
    .abi_major = BBD_PLUGIN_ABI_MAJOR,
    .abi_minor = BBD_PLUGIN_ABI_MINOR,
    .name = "cache_performance",
    .version = "1.0",
    .summary = "cache-line size, layout, prefetch, packing, buffer locality, "
               "access order vs working-set size, instruction-cache dispatch",
    .benchmarks = cp_benchmarks,
};

BBD_PLUGIN_EXPORT int bbd_plugin_init(const bbd_host_t *host,
                                      const bbd_plugin_t **plugin, char *err,
                                      size_t errlen) {
  (void)host;
  (void)err;
  (void)errlen;
  *plugin = &cp_plugin;
  return 0;
}
