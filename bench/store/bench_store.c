/*
 * Self-benchmark of the SQLite store (not a test: it prints figures; see
 * docs/perf/store.md for the numbers and the command).
 *
 *   bench_store [--dir DIR] [--runs N] [--benches M] [--samples S]
 *               [--ingest-results R] [--ingest-samples K] [--queries Q]
 *               [--query-only 1]
 *
 * 1. Ingest: R results of K samples (+ 2 per-sample counter series) into one
 *    run, one transaction per result as the daemon does; reports samples/s
 *    and results/s.
 * 2. Populate N runs of M results (S samples each, tags git_sha/branch),
 *    then time Q history queries (limit 1000 and 100), Q run-list pages
 *    (with and without a tag filter), Q run reads with all their results,
 *    and the latest-result-per-benchmark query; reports p50/p99/max.
 * The database lives in DIR (default: a fresh temporary directory, removed
 * at the end). --query-only 1 skips steps 1 and 2 on a DIR populated by an
 * earlier run with the same --runs and --benches (to profile queries).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "store.h"

typedef struct opts {
  const char *dir;
  long runs, benches, samples, ingest_results, ingest_samples, queries;
  long query_only; /* 1: DIR already holds a populated database */
} opts_t;

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* CPU time of this thread: on a shared, oversubscribed machine the wall
 * time of a query includes time spent preempted; the CPU time is the
 * query's own cost. Both are reported. */
static double cpu_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Latencies of one kind of query: wall and CPU seconds per call. */
typedef struct lat {
  double *wall, *cpu;
  size_t n;
  double w0, c0;
} lat_t;

static void lat_start(lat_t *l) {
  l->w0 = now_s();
  l->c0 = cpu_s();
}

static void lat_stop(lat_t *l, size_t i) {
  l->cpu[i] = cpu_s() - l->c0;
  l->wall[i] = now_s() - l->w0;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* Prints p50/p99/max of n wall latencies and p50/p99 of CPU time, in ms. */
static void report(const char *what, lat_t *l, size_t n) {
  qsort(l->wall, n, sizeof *l->wall, cmp_double);
  qsort(l->cpu, n, sizeof *l->cpu, cmp_double);
  size_t p99 = (size_t)ceil(0.99 * (double)n) - 1;
  printf("%-42s n=%-5zu wall p50 %6.3f p99 %6.3f max %6.3f | cpu p50 %6.3f "
         "p99 %6.3f ms\n",
         what, n, l->wall[n / 2] * 1e3, l->wall[p99] * 1e3,
         l->wall[n - 1] * 1e3, l->cpu[n / 2] * 1e3, l->cpu[p99] * 1e3);
}

static int die(const char *what, int rc, const char *err) {
  fprintf(stderr, "bench_store: %s: %s (%s)\n", what, bbd_err_name(rc), err);
  return 1;
}

static int rm_entry(const char *p, const struct stat *sb, int f,
                    struct FTW *ftw) {
  (void)sb;
  (void)f;
  (void)ftw;
  return remove(p);
}

/* Fills sample arrays resembling a linear-sampling benchmark. */
static void fill_samples(uint64_t *it, double *ns, double *c1, double *c2,
                         size_t n, double per_iter, unsigned *seed) {
  for (size_t i = 0; i < n; i++) {
    *seed = *seed * 1103515245u + 12345u;
    double noise =
        1.0 + ((double)(*seed >> 16 & 0x7fff) / 32768.0 - 0.5) * 0.02;
    it[i] = (uint64_t)(i + 1) * 100;
    ns[i] = (double)it[i] * per_iter * noise;
    c1[i] = ns[i] * 0.98;
    c2[i] = (double)(i % 3);
  }
}

static int ingest(bbd_store_t *st, const opts_t *o, char *err, size_t errlen) {
  size_t k = (size_t)o->ingest_samples;
  uint64_t *it = malloc(k * sizeof *it);
  double *ns = malloc(k * sizeof *ns), *c1 = malloc(k * sizeof *c1),
         *c2 = malloc(k * sizeof *c2);
  if (!it || !ns || !c1 || !c2)
    return BBD_ENOMEM;
  bbd_store_counter_series_t ctr[] = {{"task-clock", c1}, {"page-faults", c2}};
  bbd_store_tag_t tags[] = {{"git_sha", "ingest"}};
  bbd_store_run_new_t req = {.tags = tags, .n_tags = 1};
  int64_t run = 0;
  int rc = bbd_store_run_create(st, &req, &run, err, errlen);
  unsigned seed = 1;
  double busy = 0;
  for (long r = 0; !rc && r < o->ingest_results; r++) {
    char id[64];
    snprintf(id, sizeof id, "ingest/group/bench_%ld", r);
    fill_samples(it, ns, c1, c2, k, 10.0 + (double)r, &seed);
    bbd_store_result_new_t res = {
        .bench_id = id,
        .mean = 10,
        .median = 10,
        .slope = 10,
        .stddev = 0.1,
        .ci_low = 9.9,
        .ci_high = 10.1,
        .estimates_json = "{\"slope\":{\"point\":10,\"ci\":[9.9,10.1]},"
                          "\"mean\":{\"point\":10},\"outliers\":{\"mild\":2}}",
        .counters_json = "{\"task-clock\":{\"status\":\"ok\"},"
                         "\"cycles\":{\"status\":\"unsupported\"}}",
        .warnings_json = "[]",
        .iters = it,
        .ns = ns,
        .n_samples = k,
        .counters = ctr,
        .n_counters = 2,
    };
    double t0 = now_s();
    rc = bbd_store_result_insert(st, run, &res, NULL, err, errlen);
    busy += now_s() - t0;
  }
  if (!rc) {
    double total = (double)o->ingest_results * (double)k;
    printf("ingest: %ld results x %zu samples (+2 counter series) in %.3f s: "
           "%.0f samples/s, %.0f results/s\n",
           o->ingest_results, k, busy, total / busy,
           (double)o->ingest_results / busy);
  }
  free(it);
  free(ns);
  free(c1);
  free(c2);
  return rc;
}

static int populate(bbd_store_t *st, const opts_t *o, char *err,
                    size_t errlen) {
  size_t k = (size_t)o->samples;
  uint64_t *it = malloc((k ? k : 1) * sizeof *it);
  double *ns = malloc((k ? k : 1) * sizeof *ns);
  double *c = malloc((k ? k : 1) * sizeof *c);
  if (!it || !ns || !c)
    return BBD_ENOMEM;
  unsigned seed = 7;
  int rc = 0;
  double t0 = now_s();
  for (long r = 0; !rc && r < o->runs; r++) {
    char sha[48];
    snprintf(sha, sizeof sha, "%040lx", (unsigned long)r * 2654435761u);
    bbd_store_tag_t tags[] = {{"git_sha", sha},
                              {"branch", r % 4 ? "main" : "dev"}};
    bbd_store_run_new_t req = {
        .tags = tags, .n_tags = 2, .benchmark_count = o->benches};
    int64_t run = 0;
    rc = bbd_store_run_create(st, &req, &run, err, errlen);
    if (!rc)
      rc = bbd_store_run_set_state(st, run, BBD_STORE_RUN_RUNNING, NULL, err,
                                   errlen);
    for (long b = 0; !rc && b < o->benches; b++) {
      char id[64];
      snprintf(id, sizeof id, "suite/group%ld/bench_%ld", b % 5, b);
      fill_samples(it, ns, c, c, k, 50.0 + (double)b, &seed);
      double m = ns[k ? k - 1 : 0] / (double)(it[k ? k - 1 : 0]);
      bbd_store_result_new_t res = {.bench_id = id,
                                    .mean = m,
                                    .median = m,
                                    .slope = m,
                                    .stddev = m / 50,
                                    .ci_low = m * 0.99,
                                    .ci_high = m * 1.01,
                                    .estimates_json =
                                        "{\"slope\":{\"point\":1}}",
                                    .iters = it,
                                    .ns = ns,
                                    .n_samples = k};
      rc = bbd_store_result_insert(st, run, &res, NULL, err, errlen);
    }
    if (!rc)
      rc = bbd_store_run_set_state(st, run, BBD_STORE_RUN_DONE, NULL, err,
                                   errlen);
  }
  if (!rc)
    printf("populate: %ld runs x %ld results x %zu samples in %.1f s\n",
           o->runs, o->benches, k, now_s() - t0);
  free(it);
  free(ns);
  free(c);
  return rc;
}

static int queries(bbd_store_t *st, const opts_t *o, char *err, size_t errlen) {
  size_t q = (size_t)o->queries;
  lat_t lat = {malloc(q * sizeof(double)), malloc(q * sizeof(double)), q, 0, 0};
  if (!lat.wall || !lat.cpu) {
    free(lat.wall);
    free(lat.cpu);
    return BBD_ENOMEM;
  }
  int rc = 0;
  const size_t limits[] = {1000, 200}; /* 200: the API default */
  for (size_t li = 0; !rc && li < 2; li++) {
    size_t points = 0;
    for (size_t i = 0; !rc && i < q; i++) {
      char id[64];
      long b = (long)(i % (size_t)o->benches);
      snprintf(id, sizeof id, "suite/group%ld/bench_%ld", b % 5, b);
      bbd_store_history_query_t hq = {.bench_id = id, .limit = limits[li]};
      bbd_store_history_t *h = NULL;
      lat_start(&lat);
      rc = bbd_store_history(st, &hq, &h, err, errlen);
      lat_stop(&lat, i);
      if (!rc)
        points += h->count;
      bbd_store_history_free(h);
    }
    if (!rc) {
      char what[96];
      snprintf(what, sizeof what, "history (limit %zu, %zu points)", limits[li],
               points / q);
      report(what, &lat, q);
    }
  }
  bbd_store_tag_t dev[] = {{"branch", "dev"}};
  static const char *const kinds[] = {"run list (first 50, + total)",
                                      "run list (50, tag branch=dev, + total)",
                                      "run list (50, bench *_1, + total)"};
  for (int kind = 0; !rc && kind < 3; kind++) {
    for (size_t i = 0; !rc && i < q; i++) {
      bbd_store_run_filter_t f = {.limit = 50,
                                  .tags = kind == 1 ? dev : NULL,
                                  .n_tags = kind == 1 ? 1 : 0,
                                  .bench_glob = kind == 2 ? "*_1" : NULL};
      bbd_store_run_list_t *l = NULL;
      lat_start(&lat);
      rc = bbd_store_run_list(st, &f, &l, err, errlen);
      lat_stop(&lat, i);
      bbd_store_run_list_free(l);
    }
    if (!rc)
      report(kinds[kind], &lat, q);
  }
  for (size_t i = 0; !rc && i < q; i++) {
    int64_t id = 1 + (int64_t)(i * 7919 % (size_t)o->runs) + 1;
    bbd_store_run_t *r = NULL;
    bbd_store_result_list_t *l = NULL;
    lat_start(&lat);
    rc = bbd_store_run_get(st, id, &r, err, errlen);
    if (!rc)
      rc = bbd_store_result_list(st, id, &l, err, errlen);
    lat_stop(&lat, i);
    bbd_store_run_free(r);
    bbd_store_result_list_free(l);
  }
  if (!rc)
    report("run get + all its results", &lat, q);
  size_t nl = q < 50 ? q : 50;
  for (size_t i = 0; !rc && i < nl; i++) {
    bbd_store_history_t *h = NULL;
    lat_start(&lat);
    rc = bbd_store_latest_results(st, &h, err, errlen);
    lat_stop(&lat, i);
    bbd_store_history_free(h);
  }
  if (!rc)
    report("latest result per benchmark (/metrics)", &lat, nl);
  for (size_t i = 0; !rc && i < q; i++) {
    int64_t counts[BBD_STORE_RUN_NSTATES];
    lat_start(&lat);
    rc = bbd_store_run_counts(st, counts, err, errlen);
    lat_stop(&lat, i);
  }
  if (!rc)
    report("run counts by state (/status)", &lat, q);
  free(lat.wall);
  free(lat.cpu);
  return rc;
}

int main(int argc, char **argv) {
  opts_t o = {NULL, 10000, 20, 10, 1000, 1000, 1000, 0};
  for (int i = 1; i + 1 < argc; i += 2) {
    long v = strtol(argv[i + 1], NULL, 10);
    if (strcmp(argv[i], "--dir") == 0)
      o.dir = argv[i + 1];
    else if (strcmp(argv[i], "--runs") == 0)
      o.runs = v;
    else if (strcmp(argv[i], "--benches") == 0)
      o.benches = v;
    else if (strcmp(argv[i], "--samples") == 0)
      o.samples = v;
    else if (strcmp(argv[i], "--ingest-results") == 0)
      o.ingest_results = v;
    else if (strcmp(argv[i], "--ingest-samples") == 0)
      o.ingest_samples = v;
    else if (strcmp(argv[i], "--queries") == 0)
      o.queries = v;
    else if (strcmp(argv[i], "--query-only") == 0)
      o.query_only = v;
    else {
      fprintf(stderr, "bench_store: unknown option %s\n", argv[i]);
      return 2;
    }
  }
  if (o.runs < 2 || o.benches < 1 || o.samples < 1 || o.queries < 1 ||
      o.ingest_results < 1 || o.ingest_samples < 1) {
    fprintf(stderr, "bench_store: counts must be positive (runs >= 2)\n");
    return 2;
  }
  char tmp[256];
  int own_dir = 0;
  if (!o.dir) {
    const char *t = getenv("TMPDIR");
    snprintf(tmp, sizeof tmp, "%s/bbd-bench-store-XXXXXX",
             t && *t ? t : "/tmp");
    if (!mkdtemp(tmp)) {
      perror("mkdtemp");
      return 1;
    }
    o.dir = tmp;
    own_dir = 1;
  }
  char err[512] = "";
  bbd_store_t *st = NULL;
  int rc = bbd_store_open(&st, o.dir, NULL, err, sizeof err);
  if (rc)
    return die("open", rc, err);
  printf("store: %s/%s, SQLite WAL, synchronous=NORMAL\n", o.dir,
         BBD_STORE_DB_NAME);
  if (!o.query_only) {
    rc = ingest(st, &o, err, sizeof err);
    if (rc)
      return die("ingest", rc, err);
    rc = populate(st, &o, err, sizeof err);
    if (rc)
      return die("populate", rc, err);
  }
  /* Queries run on a fresh handle, as after a daemon restart (cold
   * statement cache, warm OS page cache). The daemon opens with the
   * quick_check, so its cost at this size is reported too. */
  bbd_store_close(st);
  char path[512];
  snprintf(path, sizeof path, "%s/%s", o.dir, BBD_STORE_DB_NAME);
  struct stat sb;
  if (stat(path, &sb) == 0)
    printf("database size: %.1f MiB\n", (double)sb.st_size / (1 << 20));
  bbd_store_opts_t so = {.check_at_open = 1};
  double t0 = now_s();
  rc = bbd_store_open(&st, o.dir, &so, err, sizeof err);
  if (rc)
    return die("reopen", rc, err);
  printf("open with quick_check: %.1f ms\n", (now_s() - t0) * 1e3);
  t0 = now_s();
  rc = bbd_store_integrity_check(st, 0, err, sizeof err);
  if (rc)
    return die("integrity check", rc, err);
  printf("full integrity_check: %.1f ms\n", (now_s() - t0) * 1e3);
  rc = queries(st, &o, err, sizeof err);
  if (rc)
    return die("queries", rc, err);
  bbd_store_close(st);
  if (own_dir)
    nftw(o.dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
  return 0;
}
