/*
 * serialization: libbebytes encode and decode speed by struct, method,
 * byte order, vector size and batch style. The port of BeBytes'
 * serialization.rs; see README.md for what each group shows.
 */
#include "ser.h"

static const bbd_benchmark_t *const ser_benchmarks[] = {
    &ser_tiny_b_vec,
    &ser_tiny_b_bufmut,
    &ser_tiny_b_raw,
    &ser_tiny_b_decode,
    &ser_medium_b_vec,
    &ser_medium_b_bufmut,
    &ser_medium_b_raw,
    &ser_medium_b_decode,
    &ser_large_b_vec,
    &ser_large_b_bufmut,
    &ser_large_b_raw,
    &ser_large_b_decode,
    &ser_bitfield_b_vec,
    &ser_bitfield_b_bufmut,
    &ser_bitfield_b_raw,
    &ser_bitfield_b_decode,
    &ser_vec_fixed,
    &ser_vec_dyn_1,
    &ser_vec_dyn_4,
    &ser_vec_dyn_16,
    &ser_vec_dyn_64,
    &ser_vec_dyn_255,
    &ser_endian_be_enc,
    &ser_endian_le_enc,
    &ser_endian_be_dec,
    &ser_endian_le_dec,
    &ser_mixed_0,
    &ser_mixed_16,
    &ser_mixed_64,
    &ser_mixed_256,
    &ser_mixed_1024,
    &ser_batch_per_item,
    &ser_batch_shared,
    &ser_batch_raw,
    NULL,
};

static const bbd_plugin_t ser_plugin = {
    .size = sizeof(bbd_plugin_t),
    .abi_major = BBD_PLUGIN_ABI_MAJOR,
    .abi_minor = BBD_PLUGIN_ABI_MINOR,
    .name = "serialization",
    .version = "1.0",
    .summary = "libbebytes encode/decode by struct, method (fresh buffer, "
               "reused buffer, raw), byte order, vector size and batch",
    .benchmarks = ser_benchmarks,
};

BBD_PLUGIN_EXPORT int bbd_plugin_init(const bbd_host_t *host,
                                      const bbd_plugin_t **plugin, char *err,
                                      size_t errlen) {
  (void)host;
  (void)err;
  (void)errlen;
  *plugin = &ser_plugin;
  return 0;
}
