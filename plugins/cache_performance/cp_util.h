/*
 * Helpers shared by the cache_performance benchmarks: set_metric when the
 * host has it, seeded shuffles, cache-line aligned allocation and the
 * machine's cache sizes (parameter lookup is wl_arg_int, below).
 */
#ifndef BBD_CP_UTIL_H
#define BBD_CP_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include <bbd/plugin.h>

/* Parameter lookup is the workload plugins' own: wl_arg_int(host, args,
 * name, dflt) gives an integer parameter, or dflt when the host does not
 * know it (an older worker, or a parameter the benchmark did not declare).
 * Included by path: the plugin's unit test compiles these sources with the
 * plugin's include directories only. */
#include "../common/wl_common.h"

/* Every record in this plugin is laid out on this boundary. */
#define CP_LINE 64u

/* Attaches a named value to the running benchmark's result (ABI 1.1
 * set_metric); does nothing under an older worker. */
void cp_metric(const bbd_host_t *host, const char *name, double value);

/* A uniformly distributed value in [0, n) from the run's seeded generator
 * (Lemire's multiply-shift, so there is no modulo bias). n must be > 0. */
uint64_t cp_below(const bbd_host_t *host, uint64_t n);

/* Fisher-Yates shuffle of a[0..n) with the run's seeded generator: a real
 * random permutation, reproducible from the seed. */
void cp_shuffle_u32(const bbd_host_t *host, uint32_t *a, size_t n);

/* Zeroed memory aligned on CP_LINE (size rounded up), or NULL. Release
 * with free(). */
void *cp_alloc_lines(size_t bytes);

/* Sizes in bytes of the data caches of CPU 0. */
typedef struct cp_cache_sizes {
  uint64_t l1d;
  uint64_t l2;
  uint64_t llc;
  uint64_t line;
  int from_sysfs; /* 0 when one of the sizes is a fallback guess */
} cp_cache_sizes_t;

/* Reads the data/unified cache sizes below `dir` (normally
 * /sys/devices/system/cpu/cpu0/cache). Missing levels keep conservative
 * fallbacks (32 KiB, 1 MiB, 8 MiB, 64 B) and clear from_sysfs. */
void cp_cache_sizes_read(const char *dir, cp_cache_sizes_t *out);

/* Parses a sysfs cache size ("48K", "2048K", "1M", "32768") into bytes.
 * Returns 0 and stores the value, or -1 for anything malformed or above
 * 1 TiB. */
int cp_parse_size(const char *s, uint64_t *out);

/* The default working set of each access_pattern level, derived from the
 * cache sizes so that each level sits well inside the cache it names (L1:
 * half of L1D; L2: half of L2 but more than L1D; LLC: 4x L2, at most half
 * the LLC; DRAM: twice the LLC, at least 64 MiB and at most 1 GiB). */
typedef enum cp_level { CP_L1 = 0, CP_L2, CP_LLC, CP_DRAM } cp_level_t;
uint64_t cp_level_bytes(const cp_cache_sizes_t *c, cp_level_t level);

#endif
