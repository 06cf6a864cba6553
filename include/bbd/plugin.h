/*
 * bbd plugin ABI — the only header a workload plugin includes.
 *
 * A plugin is a shared object (`NAME.so`) that exports ONE function,
 * `bbd_plugin_init`. bbd never loads plugins into the daemon: a worker
 * process dlopens the file (RTLD_NOW | RTLD_LOCAL), calls the entry function
 * once, validates the descriptor it returns, and then runs benchmarks. A
 * crash, a hang or a leak therefore costs one result, never the daemon.
 *
 * Minimal plugin:
 *
 *   #include <bbd/plugin.h>
 *
 *   static int add_run(void *state, uint64_t iters, char *err, size_t len) {
 *     uint64_t acc = 0;
 *     for (uint64_t i = 0; i < iters; i++) {
 *       acc += i;
 *       bbd_do_not_optimize(acc);   // keep the loop from being deleted
 *     }
 *     return 0;
 *   }
 *   static const bbd_benchmark_t add = {
 *     .size = sizeof(bbd_benchmark_t), .name = "math/add",
 *     .summary = "adds integers", .run = add_run,
 *   };
 *   static const bbd_benchmark_t *const benches[] = {&add, NULL};
 *   static const bbd_plugin_t plugin = {
 *     .size = sizeof(bbd_plugin_t),
 *     .abi_major = BBD_PLUGIN_ABI_MAJOR, .abi_minor = BBD_PLUGIN_ABI_MINOR,
 *     .name = "example", .version = "1.0", .benchmarks = benches,
 *   };
 *   BBD_PLUGIN_EXPORT int bbd_plugin_init(const bbd_host_t *host,
 *                                         const bbd_plugin_t **out,
 *                                         char *err, size_t errlen) {
 *     *out = &plugin;
 *     return 0;
 *   }
 *
 * Build: cc -O2 -fPIC -shared $(pkg-config --cflags bbd-plugin) x.c -o x.so
 *
 * Versioning. The ABI is major.minor. The worker refuses a plugin whose major
 * differs from its own, naming the file and both versions. A minor bump only
 * APPENDS fields to the structs below (each struct starts with a `size`
 * field, so either side can tell which fields the other knows) and appends
 * functions to the host table. A plugin built against an older minor keeps
 * working; a plugin built against a newer minor works with an older worker
 * as long as it does not need the appended pieces (check host->abi_minor).
 *
 * Naming. A plugin's name matches [a-z0-9_]+ and is the file name without
 * ".so". A benchmark's name is hierarchical, `group/name[/param]`, each part
 * matching [a-z0-9_.-]+ (no empty parts, at most 128 bytes). Its full id,
 * used by the CLI, the HTTP API, the database and the web report, is
 * `plugin/group/name[/param]`, e.g. `serialization/methods/medium_raw`.
 *
 * Return codes. Every callback that can fail returns 0 on success and a
 * non-zero value on failure, after writing a one-line reason into
 * err[errlen] (always NUL-terminated, truncated if long). The reason is
 * stored with the failed result.
 *
 * Threads. Callbacks are called from one thread. A plugin may start its own
 * threads inside run(); they are counted by the counters (inherit=1).
 *
 * Process model. `bbd-worker describe` loads the plugin in a throw-away
 * process only to read the descriptor; `bbd-worker run` then runs every
 * benchmark in a fresh process that loads the plugin again, so static
 * variables start from zero for each benchmark and a crash costs one
 * result. The plugin's stdout goes to the worker's stderr (stdout carries
 * the protocol). `bbd-worker serve` keeps one benchmark loaded for many
 * measurements (paired A/B comparisons).
 *
 * Guarantees to callbacks: setup() runs at most once; if it fails nothing
 * else is called. Otherwise teardown() is called once at the end, also when
 * prepare() or run() failed. prepare(state, n) is called before every
 * run(state, n) with the same n. 1 <= iters <= 2^40. `state` is whatever
 * setup() stored (NULL without setup). Parameter values are validated
 * before setup(), so arg_* lookups of declared parameters cannot fail.
 */
#ifndef BBD_PLUGIN_H
#define BBD_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define BBD_PLUGIN_ABI_MAJOR 1
#define BBD_PLUGIN_ABI_MINOR 1

/* The name of the one exported symbol. */
#define BBD_PLUGIN_ENTRY_SYMBOL "bbd_plugin_init"

/* Marks the entry function exported even under -fvisibility=hidden. */
#define BBD_PLUGIN_EXPORT __attribute__((visibility("default")))

/* Limits the worker enforces when it validates a descriptor. */
#define BBD_PLUGIN_NAME_MAX 64    /* plugin name, bytes */
#define BBD_BENCH_NAME_MAX 128    /* group/name[/param], bytes */
#define BBD_BENCH_SUMMARY_MAX 512 /* summary, bytes */
#define BBD_BENCH_MAX 4096        /* benchmarks per plugin */
#define BBD_PARAM_MAX 32          /* parameters per benchmark */
#define BBD_PARAM_NAME_MAX 64     /* parameter name, [a-z0-9_]+ */
#define BBD_PARAM_VALUE_MAX 4096  /* textual parameter value, bytes */

/* ------------------------------------------------------------------------ */
/* Parameters                                                               */
/* ------------------------------------------------------------------------ */

typedef enum bbd_param_type {
  BBD_PARAM_INT = 1,    /* signed 64-bit integer, within [min, max] */
  BBD_PARAM_FLOAT = 2,  /* double */
  BBD_PARAM_BOOL = 3,   /* "true"/"false" (also 1/0, yes/no) */
  BBD_PARAM_STRING = 4, /* free text, at most BBD_PARAM_VALUE_MAX bytes */
  BBD_PARAM_ENUM = 5    /* one of `choices` */
} bbd_param_type_t;

/*
 * A declared parameter. The worker validates user values against the type,
 * range and choices before setup() is called, and fills in the default for
 * absent ones, so setup() only ever sees valid values. The web report shows
 * the declaration as a form.
 */
typedef struct bbd_param {
  const char *name; /* [a-z0-9_]+; NULL ends a parameter array */
  bbd_param_type_t type;
  const char *default_value; /* textual default; required */
  const char *summary;       /* one line, may be NULL */
  int64_t min;               /* INT only: inclusive bounds; min == max == 0 */
  int64_t max;               /*   means unbounded */
  const char *choices;       /* ENUM only: comma-separated, e.g. "be,le" */
} bbd_param_t;

/* Opaque: the validated arguments of one benchmark run. Read them with the
 * host's arg_* functions. */
typedef struct bbd_args bbd_args_t;

/* ------------------------------------------------------------------------ */
/* The host API table                                                       */
/* ------------------------------------------------------------------------ */

typedef enum bbd_log_level {
  BBD_LOG_DEBUG = 0,
  BBD_LOG_INFO = 1,
  BBD_LOG_WARN = 2,
  BBD_LOG_ERROR = 3
} bbd_log_level_t;

typedef struct bbd_host bbd_host_t;

/*
 * Functions the worker offers to plugins. The table is append-only: new
 * functions go at the end and bump the minor version; `size` is the
 * sizeof(bbd_host_t) of the worker that built it, so a plugin can check that
 * an appended function exists with BBD_HOST_HAS(host, field).
 */
struct bbd_host {
  uint32_t size;      /* sizeof(struct bbd_host) in the worker */
  uint16_t abi_major; /* the worker's ABI version */
  uint16_t abi_minor;

  /* Writes one log line, attributed to the plugin, to the worker's log. */
  void (*log)(const bbd_host_t *host, bbd_log_level_t level, const char *fmt,
              ...) __attribute__((format(printf, 3, 4)));

  /* The monotonic clock, in nanoseconds. */
  uint64_t (*now_ns)(const bbd_host_t *host);

  /* Argument lookup. Each returns 0 and stores the value if `name` is a
   * declared parameter of the running benchmark with a matching type, and a
   * non-zero value otherwise (then *out is left unchanged). Strings stay
   * valid until teardown. */
  int (*arg_int)(const bbd_host_t *host, const bbd_args_t *args,
                 const char *name, int64_t *out);
  int (*arg_float)(const bbd_host_t *host, const bbd_args_t *args,
                   const char *name, double *out);
  int (*arg_bool)(const bbd_host_t *host, const bbd_args_t *args,
                  const char *name, int *out);
  int (*arg_str)(const bbd_host_t *host, const bbd_args_t *args,
                 const char *name, const char **out);

  /* Overrides the benchmark's bytes/elements per iteration (for throughput)
   * when they depend on parameters. Only meaningful inside setup(). */
  void (*set_throughput)(const bbd_host_t *host, uint64_t bytes_per_iter,
                         uint64_t elements_per_iter);

  /* A deterministic pseudo-random 64-bit value from the run's seed, so
   * inputs are reproducible across runs and across A/B sides. */
  uint64_t (*random_u64)(const bbd_host_t *host);

  /* The worker's opaque context; plugins never touch it. */
  void *host_ctx;

  /* ABI 1.1: attaches a named value (e.g. "ratio" of a compressor) to the
   * result of the running benchmark; the last value set for a name wins.
   * `name` matches [a-z0-9_]+ (at most 64 bytes; others are ignored with a
   * log line); at most 16 names per benchmark. Callable from setup(), run()
   * and teardown(). Check BBD_HOST_HAS(host, set_metric) before use when the
   * plugin may run under a 1.0 worker. */
  void (*set_metric)(const bbd_host_t *host, const char *name, double value);

  /* Room to grow without breaking older plugins' view of the table (a
   * worker always zeroes these, so BBD_HOST_HAS sees NULL). */
  void *reserved[15];
};

/* True if the host table has the (possibly newer) member `field`. */
#define BBD_HOST_HAS(host, field)                                              \
  ((host)->size >= offsetof(bbd_host_t, field) + sizeof((host)->field) &&      \
   (host)->field != NULL)

/* ------------------------------------------------------------------------ */
/* Benchmarks                                                               */
/* ------------------------------------------------------------------------ */

/* Benchmark flags. */
/* Every sample gets the same iteration count (for slow benchmarks, where
 * linearly growing counts would take too long). */
#define BBD_BENCH_FLAT_SAMPLING 0x1u
/* Never count this benchmark's allocations (e.g. it calls an allocator
 * the interposer must not see). */
#define BBD_BENCH_NO_ALLOC_TRACKING 0x2u

/*
 * One benchmark. Lifecycle in the worker, for each measured benchmark:
 *
 *   setup(host, args, &state)         once, untimed
 *   repeat for warm-up and every sample:
 *     prepare(state, iters)           optional, untimed: per-sample inputs
 *     run(state, iters)               TIMED: do the work `iters` times
 *   teardown(state)                   once, untimed
 *
 * run() must do the same work on every iteration and use the result of each
 * iteration (bbd_do_not_optimize), or the compiler may delete the loop; the
 * worker flags results below one CPU cycle per iteration.
 */
typedef struct bbd_benchmark {
  uint32_t size;           /* sizeof(bbd_benchmark_t) as the plugin built it */
  uint32_t flags;          /* BBD_BENCH_* */
  const char *name;        /* group/name[/param] */
  const char *summary;     /* one line */
  uint64_t bytes_per_iter; /* payload bytes per iteration, or 0 */
  uint64_t elements_per_iter; /* elements per iteration, or 0 */
  const bbd_param_t *params;  /* array ended by name == NULL; may be NULL */

  /* Optional. Allocates the benchmark's state. */
  int (*setup)(const bbd_host_t *host, const bbd_args_t *args, void **state,
               char *err, size_t errlen);
  /* Optional, untimed. Prepares inputs for the next `iters` iterations
   * (like Criterion's iter_batched). */
  int (*prepare)(void *state, uint64_t iters, char *err, size_t errlen);
  /* Required, timed. Performs the operation `iters` times. */
  int (*run)(void *state, uint64_t iters, char *err, size_t errlen);
  /* Optional. Releases what setup() allocated. */
  void (*teardown)(void *state);

  void *reserved[4];
} bbd_benchmark_t;

/* ------------------------------------------------------------------------ */
/* The plugin                                                               */
/* ------------------------------------------------------------------------ */

typedef struct bbd_plugin {
  uint32_t size;       /* sizeof(bbd_plugin_t) as the plugin built it */
  uint16_t abi_major;  /* BBD_PLUGIN_ABI_MAJOR the plugin was built with */
  uint16_t abi_minor;  /* BBD_PLUGIN_ABI_MINOR the plugin was built with */
  const char *name;    /* [a-z0-9_]+, matches the file name */
  const char *version; /* the plugin's own version, free text */
  const char *summary; /* one line, may be NULL */
  /* NULL-terminated array of pointers (pointers, not structs, so that a
   * bigger bbd_benchmark_t in a later minor does not change the stride). */
  const bbd_benchmark_t *const *benchmarks;
  void *reserved[8];
} bbd_plugin_t;

/*
 * The one exported entry point. Called once per worker process, before any
 * benchmark. Stores the plugin's descriptor (static storage, valid until the
 * process ends) in *plugin and returns 0, or returns non-zero with a reason
 * in err[errlen].
 */
typedef int (*bbd_plugin_init_fn)(const bbd_host_t *host,
                                  const bbd_plugin_t **plugin, char *err,
                                  size_t errlen);

BBD_PLUGIN_EXPORT int bbd_plugin_init(const bbd_host_t *host,
                                      const bbd_plugin_t **plugin, char *err,
                                      size_t errlen);

/* ------------------------------------------------------------------------ */
/* Black-box helpers (like Google Benchmark's DoNotOptimize/ClobberMemory)  */
/* ------------------------------------------------------------------------ */

/*
 * bbd_do_not_optimize(lvalue): the compiler must assume the value is read
 * and modified here, so the computation that produced it cannot be deleted
 * or hoisted out of the loop.
 */
#if defined(__clang__)
#define bbd_do_not_optimize(x) __asm__ volatile("" : "+r,m"(x) : : "memory")
#else
#define bbd_do_not_optimize(x) __asm__ volatile("" : "+m,r"(x) : : "memory")
#endif

/* The memory behind `p` may be read here: stores into it must happen. */
static inline void bbd_do_not_optimize_ptr(const void *p) {
  __asm__ volatile("" : : "r"(p) : "memory");
}

/* All pending stores to memory must happen before this point. */
static inline void bbd_clobber(void) {
  __asm__ volatile("" : : : "memory");
}

#ifdef __cplusplus
}
#endif

#endif /* BBD_PLUGIN_H */
