/*
 * Helpers shared by the libbebytes workload plugins (memory_allocation and
 * serialization): parameter lookup through the host table, the `order`
 * parameter, libbebytes error reporting and the self-check's CHECK step.
 * The timed loops are in wl_loops.h, the batch state in wl_batch.h.
 */
#ifndef BBD_WL_COMMON_H
#define BBD_WL_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include <bbd/plugin.h>
#include <bebytes/bebytes.h>

/* The `order` parameter row (be = big-endian, the default; le) and the row
 * that ends a parameter array, for plugins' own parameter lists. */
#define WL_PARAM_ORDER                                                         \
  { "order", BBD_PARAM_ENUM, "be", "byte order: be or le", 0, 0, "be,le" }
#define WL_PARAM_END                                                           \
  { NULL, 0, NULL, NULL, 0, 0, NULL }

/* A parameter list holding only `order`. */
extern const bbd_param_t wl_params_order[];

/* 1 if the `order` parameter says little-endian, else 0 (the default, also
 * when the host cannot look parameters up). */
int wl_arg_le(const bbd_host_t *host, const bbd_args_t *args);

/* An integer parameter, or dflt when the host does not know it. */
int64_t wl_arg_int(const bbd_host_t *host, const bbd_args_t *args,
                   const char *name, int64_t dflt);

/* Writes "<what>: <libbebytes error> (libbebytes error N at offset M)" into
 * err and returns -1, so a loop can `return wl_fail(...)`. */
int wl_fail(char *err, size_t errlen, const char *what, int rc,
            const bebytes_error *e);

/* Defines `const bbd_benchmark_t var`: one benchmark with its name,
 * summary, payload bytes and elements per iteration, parameter list (or
 * NULL) and callbacks (no prepare). */
#define WL_BENCHMARK(var, nm, what, bytes, elems, plist, setupfn, runfn,       \
                     teardownfn)                                               \
  const bbd_benchmark_t var = {                                                \
      .size = sizeof(bbd_benchmark_t),                                         \
      .name = nm,                                                              \
      .summary = what,                                                         \
      .bytes_per_iter = bytes,                                                 \
      .elements_per_iter = elems,                                              \
      .params = plist,                                                         \
      .setup = setupfn,                                                        \
      .run = runfn,                                                            \
      .teardown = teardownfn,                                                  \
  };

/* One step of a self-check function that has `char *err, size_t errlen`
 * parameters and a `fail:` label releasing what it holds: when cond is
 * false, the printf-style reason goes to err and control to fail. */
#define WL_CHECK(cond, ...)                                                    \
  do {                                                                         \
    if (!(cond)) {                                                             \
      snprintf(err, errlen, __VA_ARGS__);                                      \
      goto fail;                                                               \
    }                                                                          \
  } while (0)

#endif
