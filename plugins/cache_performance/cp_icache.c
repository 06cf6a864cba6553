/*
 * icache: monomorphic vs polymorphic dispatch.
 *
 * Sixteen distinct encoder functions, each encoding a Small record (8 B:
 * u32, u16, u16) with libbebytes' raw path after mixing in its own
 * constant; even targets encode big-endian, odd ones little-endian. Every
 * target does the same, small amount of work (so the dispatch is not hidden
 * behind a long encode), and only the way it is reached differs:
 *
 *   monomorphic      a direct call to target 0 for every element
 *   polymorphic_3    a call through a table of 3 function pointers
 *   polymorphic_16   a call through a table of 16 function pointers
 *
 * The target of each element comes from a random sequence fixed at setup
 * (the old suite's i % 3 pattern was perfectly predictable), and every case
 * reads that sequence, so the loops differ only in the call.
 */
#include "cp_benches.h"
#include "cp_util.h"

#include <bebytes/bench_structs.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IC_TARGETS 16

typedef uint32_t (*ic_fn)(const bebytes_bench_small *v, uint8_t *out);

/* The input a target encodes: the record with the target's constant mixed
 * into its header and checksum. */
static inline void ic_salt(const bebytes_bench_small *v, unsigned k,
                           bebytes_bench_small *t) {
  *t = *v;
  t->header ^= 0x9E3779B9u * (k + 1);
  t->flags = (uint16_t)(t->flags + 0x0193u * (k + 1));
}

#define IC_TARGET(k, o)                                                        \
  __attribute__((noinline)) static uint32_t ic_target_##k(                     \
      const bebytes_bench_small *v, uint8_t *out) {                            \
    bebytes_bench_small t;                                                     \
    ic_salt(v, k, &t);                                                         \
    bebytes_bench_small_encode_##o##_raw(&t, out);                             \
    return t.header;                                                           \
  }
IC_TARGET(0, be)
IC_TARGET(1, le)
IC_TARGET(2, be)
IC_TARGET(3, le)
IC_TARGET(4, be)
IC_TARGET(5, le)
IC_TARGET(6, be)
IC_TARGET(7, le)
IC_TARGET(8, be)
IC_TARGET(9, le)
IC_TARGET(10, be)
IC_TARGET(11, le)
IC_TARGET(12, be)
IC_TARGET(13, le)
IC_TARGET(14, be)
IC_TARGET(15, le)

static const ic_fn ic_table[IC_TARGETS] = {
    ic_target_0,  ic_target_1,  ic_target_2,  ic_target_3,
    ic_target_4,  ic_target_5,  ic_target_6,  ic_target_7,
    ic_target_8,  ic_target_9,  ic_target_10, ic_target_11,
    ic_target_12, ic_target_13, ic_target_14, ic_target_15,
};

typedef struct ic_state {
  bebytes_bench_small v;
  uint8_t *sel; /* target of each element */
  size_t count;
  unsigned targets; /* 1 = monomorphic */
  uint8_t out[bebytes_bench_small_SIZE];
} ic_state_t;

static int ic_setup(const bbd_host_t *host, const bbd_args_t *args,
                    void **state, char *err, size_t errlen, unsigned targets) {
  ic_state_t *st = calloc(1, sizeof *st);
  if (st == NULL)
    goto oom;
  st->count = (size_t)wl_arg_int(host, args, "count", 1000);
  st->targets = targets;
  st->sel = malloc(st->count);
  if (st->sel == NULL)
    goto oom;
  st->v.header = 0x12345678u;
  st->v.flags = 0xABCD;
  st->v.data = 0xEF01;
  for (size_t i = 0; i < st->count; i++)
    st->sel[i] = (uint8_t)cp_below(host, targets);
  if (host->set_throughput != NULL)
    host->set_throughput(host, st->count * bebytes_bench_small_SIZE, st->count);
  *state = st;
  return 0;
oom:
  if (st != NULL)
    free(st->sel);
  free(st);
  snprintf(err, errlen, "out of memory");
  return -1;
}

static int ic_run(void *state, uint64_t iters, char *err, size_t errlen) {
  ic_state_t *st = state;
  const uint8_t *sel = st->sel;
  for (uint64_t it = 0; it < iters; it++) {
    uint64_t acc = 0;
    if (st->targets == 1) {
      for (size_t i = 0; i < st->count; i++)
        acc += sel[i] + ic_target_0(&st->v, st->out);
    } else {
      for (size_t i = 0; i < st->count; i++)
        acc += sel[i] + ic_table[sel[i]](&st->v, st->out);
    }
    bbd_do_not_optimize(acc);
  }
  return 0;
}

static void ic_teardown(void *state) {
  ic_state_t *st = state;
  if (st == NULL)
    return;
  free(st->sel);
  free(st);
}

int cp_icache_verify(char *err, size_t errlen) {
  bebytes_bench_small v, want, got;
  memset(&v, 0, sizeof v);
  v.header = 42;
  v.flags = 7;
  v.data = 99;
  for (unsigned k = 0; k < IC_TARGETS; k++) {
    uint8_t out[bebytes_bench_small_SIZE];
    size_t used = 0;
    uint32_t r = ic_table[k](&v, out);
    ic_salt(&v, k, &want);
    memset(&got, 0, sizeof got);
    int rc =
        (k % 2 == 0)
            ? bebytes_bench_small_decode_be(&got, out, sizeof out, &used, NULL)
            : bebytes_bench_small_decode_le(&got, out, sizeof out, &used, NULL);
    if (rc != 0 || used != sizeof out || memcmp(&got, &want, sizeof got) ||
        r != want.header) {
      snprintf(err, errlen, "icache target %u does not round-trip", k);
      return -1;
    }
  }
  return 0;
}

#define IC_BENCH(var, n, nm, what)                                             \
  static int var##_setup(const bbd_host_t *host, const bbd_args_t *args,       \
                         void **state, char *err, size_t errlen) {             \
    return ic_setup(host, args, state, err, errlen, n);                        \
  }                                                                            \
  const bbd_benchmark_t var = {                                                \
      .size = sizeof(bbd_benchmark_t),                                         \
      .name = nm,                                                              \
      .summary = what,                                                         \
      .bytes_per_iter = 1000 * bebytes_bench_small_SIZE,                       \
      .elements_per_iter = 1000,                                               \
      .params = ic_params,                                                     \
      .setup = var##_setup,                                                    \
      .run = ic_run,                                                           \
      .teardown = ic_teardown,                                                 \
  };

static const bbd_param_t ic_params[] = {
    {"count", BBD_PARAM_INT, "1000", "calls per iteration", 1, 1 << 24, NULL},
    {NULL, 0, NULL, NULL, 0, 0, NULL},
};

IC_BENCH(cp_icache_monomorphic, 1, "icache/monomorphic",
         "Small encodes through a direct call to one encoder")
IC_BENCH(cp_icache_polymorphic_3, 3, "icache/polymorphic_3",
         "Small encodes through a table of 3 encoders, random target")
IC_BENCH(cp_icache_polymorphic_16, 16, "icache/polymorphic_16",
         "Small encodes through a table of 16 encoders, random target")
