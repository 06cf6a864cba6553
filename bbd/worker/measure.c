#include "measure.h"

#include "err.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int bbd_wk_samples_init(bbd_wk_samples_t *s, uint32_t cap, size_t nctr) {
  memset(s, 0, sizeof *s);
  if (cap == 0)
    cap = 1;
  s->cap = cap;
  s->nctr = nctr;
  s->iters = calloc(cap, sizeof *s->iters);
  s->ns = calloc(cap, sizeof *s->ns);
  s->ctr = calloc((size_t)cap * BBD_WK_COUNTER_MAX, sizeof *s->ctr);
  s->cov = calloc((size_t)cap * BBD_WK_COUNTER_MAX, sizeof *s->cov);
  s->alloc = calloc(cap, sizeof *s->alloc);
  if (!s->iters || !s->ns || !s->ctr || !s->cov || !s->alloc) {
    bbd_wk_samples_free(s);
    return BBD_ENOMEM;
  }
  return 0;
}

void bbd_wk_samples_free(bbd_wk_samples_t *s) {
  free(s->iters);
  free(s->ns);
  free(s->ctr);
  free(s->cov);
  free(s->alloc);
  memset(s, 0, sizeof *s);
}

int bbd_wk_batch(bbd_wk_runner_t *r, uint64_t iters, uint64_t *ns,
                 bbd_wk_samples_t *s) {
  const bbd_benchmark_t *b = r->b;
  char err[400];
  err[0] = '\0';
  if (b->prepare != NULL && b->prepare(r->state, iters, err, sizeof err)) {
    err[sizeof err - 1] = '\0';
    return bbd_errf(BBD_EPLUGIN, r->err, sizeof r->err, "prepare: %s",
                    err[0] ? err : "failed");
  }
  int counting = s != NULL && r->ctrs != NULL && r->ctrs->n > 0;
  bbd_wk_ctr_snap_t before, after;
  bbd_wk_alloc_delta_t ad;
  memset(&ad, 0, sizeof ad);
  if (counting)
    bbd_wk_counters_read(r->ctrs, &before);
  if (s != NULL)
    bbd_wk_alloc_begin(r->alloc);
  /* The timed region: two clock reads around one call. */
  uint64_t t0 = bbd_wk_clock_start(&r->clk);
  int rc = b->run(r->state, iters, err, sizeof err);
  uint64_t t1 = bbd_wk_clock_stop(&r->clk);
  if (s != NULL)
    bbd_wk_alloc_end(r->alloc, &ad);
  if (counting)
    bbd_wk_counters_read(r->ctrs, &after);
  if (rc != 0) {
    err[sizeof err - 1] = '\0';
    return bbd_errf(BBD_EPLUGIN, r->err, sizeof r->err, "run: %s",
                    err[0] ? err : "failed");
  }
  *ns = bbd_wk_clock_ns(&r->clk, t1 - t0);
  if (s == NULL || s->n >= s->cap)
    return 0;
  uint32_t k = s->n++;
  s->iters[k] = iters;
  s->ns[k] = *ns;
  s->alloc[k] = ad;
  for (size_t i = 0; i < s->nctr && i < BBD_WK_COUNTER_MAX; i++) {
    double v = NAN, cov = NAN;
    if (counting && before.have[i] && after.have[i]) {
      double x, c;
      if (bbd_wk_ctr_scale(after.value[i] - before.value[i],
                           after.enabled[i] - before.enabled[i],
                           after.running[i] - before.running[i], &x, &c) == 0) {
        v = x;
        cov = c;
      }
    }
    s->ctr[(size_t)k * BBD_WK_COUNTER_MAX + i] = v;
    s->cov[(size_t)k * BBD_WK_COUNTER_MAX + i] = cov;
  }
  return 0;
}

int bbd_wk_warmup(bbd_wk_runner_t *r, double seconds, uint64_t *iters,
                  uint64_t *ns) {
  uint64_t start = bbd_wk_mono_ns(), last = start;
  uint64_t limit = (uint64_t)(seconds * 1e9);
  uint64_t n = 1, ti = 0, tn = 0;
  for (;;) {
    uint64_t d;
    int rc = bbd_wk_batch(r, n, &d, NULL);
    if (rc != 0)
      return rc;
    ti += n;
    tn += d;
    uint64_t now = bbd_wk_mono_ns();
    if (now - start >= limit)
      break;
    if (r->progress && now - last > 250000000u) {
      r->progress(r->progress_arg, "warmup", 0, 0);
      last = now;
    }
    if (n < BBD_WK_ITERS_MAX)
      n *= 2;
  }
  *iters = ti;
  *ns = tn;
  return 0;
}

int bbd_wk_plan(double ns_per_iter, const bbd_wk_mconf_t *c, uint64_t *out) {
  uint32_t n = c->samples ? c->samples : 1;
  double t = ns_per_iter > 1e-3 ? ns_per_iter : 1e-3;
  double budget = c->measure_s * 1e9;
  /* Criterion: total iterations d * N(N+1)/2 fill the measurement time. */
  double total = (double)n * (n + 1) / 2.0;
  int flat = c->flat || t * total > 2 * budget;
  if (flat) {
    double m = ceil(budget / (t * n));
    uint64_t it = m < 1                          ? 1
                  : m > (double)BBD_WK_ITERS_MAX ? BBD_WK_ITERS_MAX
                                                 : (uint64_t)m;
    for (uint32_t i = 0; i < n; i++)
      out[i] = it;
    return 1;
  }
  double d = ceil(budget / (t * total));
  double dmax = (double)(BBD_WK_ITERS_MAX / n);
  uint64_t di = d < 1 ? 1 : d > dmax ? (uint64_t)dmax : (uint64_t)d;
  for (uint32_t i = 0; i < n; i++)
    out[i] = di * (i + 1);
  return 0;
}

int bbd_wk_measure(bbd_wk_runner_t *r, const uint64_t *plan, uint32_t n,
                   bbd_wk_samples_t *s) {
  uint64_t last = bbd_wk_mono_ns();
  for (uint32_t i = 0; i < n; i++) {
    uint64_t ns;
    int rc = bbd_wk_batch(r, plan[i], &ns, s);
    if (rc != 0)
      return rc;
    uint64_t now = bbd_wk_mono_ns();
    if (r->progress && now - last > 250000000u) {
      r->progress(r->progress_arg, "measure", i + 1, n);
      last = now;
    }
  }
  return 0;
}
