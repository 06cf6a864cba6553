/*
 * Speed and simulated accuracy of bbd/stats (not a test: prints figures for
 * docs/perf/stats.md). Run through bench/stats/run.sh.
 *
 *   bench_stats speed     timings of the bootstrap, estimates, comparison and
 *                         a whole 100-benchmark run analysis
 *   bench_stats accuracy  simulated A/A false alarm rates and detection rates
 *                         of unpaired vs paired comparisons under drift
 *   bench_stats changepoints  recall and false changes of PELT on synthetic
 *                         histories, including how soon a step is found
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "stats.h"

/* CPU time of this thread: the machine is shared, so wall time would
 * measure the neighbours too. */
static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_d(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median_of(double *t, int n) {
  qsort(t, (size_t)n, sizeof *t, cmp_d);
  return n & 1 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
}

/* Linear-sampling samples of a ~100 ns benchmark with 2% noise. */
static void make_samples(bbd_rng_t *g, double level, size_t n, uint64_t *it,
                         double *ns) {
  for (size_t i = 0; i < n; i++) {
    it[i] = 10 * (i + 1);
    ns[i] = (double)it[i] * level * exp(0.02 * bbd_rng_normal(g));
  }
}

#define REPS 11

static int speed(void) {
  bbd_rng_t g;
  bbd_rng_seed(&g, 1);
  enum { N = 100 };
  uint64_t it[N];
  double ns[N], a[N], b[N], t[REPS];
  make_samples(&g, 100, N, it, ns);
  bbd_stats_config_t c;
  bbd_stats_config_default(&c);
  bbd_sample_estimates_t e;
  bbd_per_iter_stats_t pi;

  for (int r = 0; r < REPS; r++) {
    double t0 = now_ms();
    if (bbd_stats_per_iter(&c, it, ns, N, &pi, NULL, 0))
      return 1;
    t[r] = now_ms() - t0;
  }
  printf("per_iter (mean+median CIs), 100 samples, 100000 resamples: "
         "%.1f ms\n",
         median_of(t, REPS));
  for (int r = 0; r < REPS; r++) {
    double t0 = now_ms();
    if (bbd_stats_estimate(&c, it, ns, N, &e, NULL, 0))
      return 1;
    t[r] = now_ms() - t0;
  }
  printf("estimate (slope, mean, median, sd, MAD CIs + Tukey), 100 samples, "
         "100000 resamples: %.1f ms\n",
         median_of(t, REPS));
  for (size_t i = 0; i < N; i++) {
    a[i] = 100 * exp(0.02 * bbd_rng_normal(&g));
    b[i] = 103 * exp(0.02 * bbd_rng_normal(&g));
  }
  bbd_comparison_t cmp;
  for (int r = 0; r < REPS; r++) {
    double t0 = now_ms();
    if (bbd_stats_compare(&c, a, N, b, N, &cmp, NULL, 0))
      return 1;
    t[r] = now_ms() - t0;
  }
  printf("compare (mean/median change CIs + mixed-bootstrap Welch t), "
         "100 vs 100 samples, 100000 resamples: %.1f ms\n",
         median_of(t, REPS));

  /* The same candidate against a baseline through bbd_stats_analyze (one
   * shared bootstrap) vs estimate + compare. */
  for (size_t i = 0; i < N; i++)
    a[i] = 100 * exp(0.02 * bbd_rng_normal(&g));
  double vcur[N];
  for (int r = 0; r < REPS; r++) {
    double t1 = now_ms();
    if (bbd_stats_estimate(&c, it, ns, N, &e, NULL, 0) ||
        bbd_stats_per_iter_values(it, ns, N, vcur) ||
        bbd_stats_compare(&c, a, N, vcur, N, &cmp, NULL, 0))
      return 1;
    t[r] = now_ms() - t1;
  }
  printf("estimate + compare, unchanged candidate: %.1f ms\n",
         median_of(t, REPS));
  for (int r = 0; r < REPS; r++) {
    double t1 = now_ms();
    if (bbd_stats_analyze(&c, it, ns, N, a, N, &e, &cmp, NULL, 0))
      return 1;
    t[r] = now_ms() - t1;
  }
  printf("analyze (shared bootstrap), unchanged candidate: %.1f ms\n",
         median_of(t, REPS));

  /* Change points over a long history. */
  enum { LONG = 10000 };
  static double series[LONG];
  for (int i = 0; i < LONG; i++)
    series[i] = 100 * exp(0.01 * bbd_rng_normal(&g) + (i >= 7000 ? 0.03 : 0));
  bbd_changepoint_t lcp[16];
  size_t nlcp = 0;
  for (int r = 0; r < REPS; r++) {
    double t1 = now_ms();
    if (bbd_stats_changepoints(NULL, series, LONG, lcp, 16, &nlcp, NULL, 0))
      return 1;
    t[r] = now_ms() - t1;
  }
  printf("change points (PELT) over 10000 runs: %.2f ms (%zu found, first "
         "at %zu)\n",
         median_of(t, REPS), nlcp, nlcp ? lcp[0].index : 0);

  /* A whole run of 100 benchmarks: estimates of the new run, comparison
   * with the stored baseline run, Holm across the suite, change points over
   * 200 runs of history each. */
  enum { BENCH = 100, HIST = 200 };
  static uint64_t its[BENCH][N];
  static double nss[BENCH][N], base[BENCH][N], hist[HIST];
  for (int k = 0; k < BENCH; k++) {
    make_samples(&g, 50 + k, N, its[k], nss[k]);
    for (size_t i = 0; i < N; i++) {
      base[k][i] = (50 + k) * exp(0.02 * bbd_rng_normal(&g));
    }
  }
  double t_est = now_ms();
  for (int k = 0; k < BENCH; k++) {
    c.seed = (uint64_t)k;
    if (bbd_stats_estimate(&c, its[k], nss[k], N, &e, NULL, 0))
      return 1;
  }
  printf("estimates of a 100-benchmark run (no comparison): %.0f ms\n",
         now_ms() - t_est);
  static bbd_comparison_t cs[BENCH];
  bbd_decision_t *ds[BENCH];
  double t0 = now_ms();
  size_t total_cps = 0;
  for (int k = 0; k < BENCH; k++) {
    c.seed = (uint64_t)k;
    if (bbd_stats_analyze(&c, its[k], nss[k], N, base[k], N, &e, &cs[k], NULL,
                          0))
      return 1;
    ds[k] = &cs[k].decision;
    for (int h = 0; h < HIST; h++)
      hist[h] =
          (50 + k) * exp(0.01 * bbd_rng_normal(&g) + (h > 150 ? 0.05 : 0));
    bbd_changepoint_t cps[8];
    size_t ncp;
    if (bbd_stats_changepoints(NULL, hist, HIST, cps, 8, &ncp, NULL, 0))
      return 1;
    total_cps += ncp;
  }
  if (bbd_stats_suite_control(BBD_MULT_HOLM, ds, BENCH))
    return 1;
  double total = now_ms() - t0;
  printf("analysis of a 100-benchmark run (bbd_stats_analyze: estimates + "
         "comparison with a baseline run at 100000 resamples, Holm, change "
         "points over 200 runs each): %.0f ms "
         "(%zu change points)\n",
         total, total_cps);

  /* What the daemon runs when a run ends (bbd/server/compare.c): one
   * bbd_stats_compare per benchmark against the stored baseline's samples
   * (the worker already sent estimates), then Holm. Same data as above. */
  double t2 = now_ms();
  for (int k = 0; k < BENCH; k++) {
    double vk[N];
    c.seed = (uint64_t)k;
    if (bbd_stats_per_iter_values(its[k], nss[k], N, vk) ||
        bbd_stats_compare(&c, base[k], N, vk, N, &cs[k], NULL, 0))
      return 1;
    ds[k] = &cs[k].decision;
  }
  if (bbd_stats_suite_control(BBD_MULT_HOLM, ds, BENCH))
    return 1;
  printf("daemon comparison of a 100-benchmark run (bbd_stats_compare per "
         "benchmark vs the baseline, 100000 resamples, Holm): %.0f ms\n",
         now_ms() - t2);
  return 0;
}

/* One round of the drift model: a slow machine-wide drift (a sine of
 * amplitude `amp` over ~44 rounds plus `wander` round-to-round), shared by
 * the two measurements of a round, and 1% independent noise per
 * measurement. */
static void drift_round(bbd_rng_t *g, size_t k, double phase, double amp,
                        double wander, double slow, double *a, double *b) {
  double drift =
      amp * sin((double)k / 7.0 + phase) + wander * bbd_rng_normal(g);
  *a = 1000 * exp(drift + 0.01 * bbd_rng_normal(g));
  *b = 1000 * (1 + slow) * exp(drift + 0.01 * bbd_rng_normal(g));
}

static void row(double step, const char *method, int reg, int imp, int unch,
                int inc, int trials, const char *cost) {
  printf("| %4.0f%% | %-26s | %6.3f | %6.3f | %6.3f | %6.3f | %s |\n",
         step * 100, method, (double)reg / trials, (double)imp / trials,
         (double)unch / trials, (double)inc / trials, cost);
}

static int accuracy_at(double amp, double wander) {
  bbd_rng_t g;
  bbd_rng_seed(&g, 2);
  const double steps[4] = {0, 0.03, 0.05, 0.10};
  enum { TRIALS = 500, R = 400 };
  static double a[R], b[R];
  bbd_stats_config_t c;
  bbd_stats_config_default(&c);
  c.resamples = 2000;
  printf("\nDrift: %.0f%% sine + %.0f%% wander per round, 1%% noise per "
         "measurement, %d trials per row\n\n",
         amp * 100, wander * 100, TRIALS);
  printf("| step | method | regressed | improved | unchanged | inconclusive "
         "| cost |\n|---|---|---|---|---|---|---|\n");
  for (int s = 0; s < 4; s++) {
    /* Paired, adaptive stopping (defaults: 1% threshold, 10..400 rounds;
     * 40 ms per round against a 30 s budget). */
    int reg = 0, imp = 0, unch = 0, inc = 0;
    size_t rounds = 0;
    for (int t = 0; t < TRIALS; t++) {
      double phase = 6.283 * bbd_rng_double(&g);
      size_t n = 0;
      bbd_stop_t why = BBD_STOP_CONTINUE;
      bbd_paired_t res;
      bbd_stop_rule_t rule = {0};
      rule.budget_ns = 30e9;
      while (why == BBD_STOP_CONTINUE) {
        drift_round(&g, n, phase, amp, wander, steps[s], &a[n], &b[n]);
        n++;
        if (bbd_stats_paired_stop(&c, &rule, a, b, n, (double)n * 40e6, &why,
                                  &res, NULL, 0))
          return 1;
      }
      rounds += n;
      reg += res.decision.verdict == BBD_VERDICT_REGRESSED;
      imp += res.decision.verdict == BBD_VERDICT_IMPROVED;
      unch += res.decision.verdict == BBD_VERDICT_UNCHANGED;
      inc += res.decision.verdict == BBD_VERDICT_INCONCLUSIVE;
    }
    char cost[64];
    snprintf(cost, sizeof cost, "%.1f rounds (A+B each)",
             (double)rounds / TRIALS);
    row(steps[s], "paired A/B, adaptive", reg, imp, unch, inc, TRIALS, cost);
    /* Unpaired: all of A (30 samples) then all of B (30 samples), the
     * sequential order a stored-baseline comparison has, same drift. */
    for (int thr = 0; thr < 2; thr++) {
      reg = imp = unch = inc = 0;
      c.threshold = thr ? 0.02 : 0.05;
      for (int t = 0; t < TRIALS; t++) {
        double phase = 6.283 * bbd_rng_double(&g), x, y, xa[30], yb[30];
        for (size_t i = 0; i < 30; i++) {
          drift_round(&g, i, phase, amp, wander, steps[s], &xa[i], &y);
          drift_round(&g, 30 + i, phase, amp, wander, steps[s], &x, &yb[i]);
        }
        bbd_comparison_t r;
        c.seed = (uint64_t)t;
        if (bbd_stats_compare(&c, xa, 30, yb, 30, &r, NULL, 0))
          return 1;
        reg += r.decision.verdict == BBD_VERDICT_REGRESSED;
        imp += r.decision.verdict == BBD_VERDICT_IMPROVED;
        unch += r.decision.verdict == BBD_VERDICT_UNCHANGED;
        inc += r.decision.verdict == BBD_VERDICT_INCONCLUSIVE;
      }
      row(steps[s],
          thr ? "unpaired A-then-B, thr 2%" : "unpaired A-then-B, thr 5%", reg,
          imp, unch, inc, TRIALS, "30 + 30 samples");
    }
  }
  return 0;
}

static int accuracy(void) {
  return accuracy_at(0, 0) || accuracy_at(0.08, 0.03);
}

/* Change-point detection on synthetic histories: 1% log-normal noise, one
 * step of `z` sigma placed `k` runs before the end (how soon after a
 * regression lands it is flagged) or in the middle. */
static int changepoints(void) {
  bbd_rng_t g;
  bbd_rng_seed(&g, 5);
  enum { TRIALS = 500 };
  static double y[200];
  printf("| runs | step | step position | found (+-1 run) | spurious per "
         "series |\n|---|---|---|---|---|\n");
  const int lens[2] = {60, 200};
  const double zs[3] = {2, 3, 4};
  for (int li = 0; li < 2; li++) {
    int n = lens[li];
    int none = 0;
    for (int t = 0; t < TRIALS; t++) {
      for (int i = 0; i < n; i++)
        y[i] = 100 * exp(0.01 * bbd_rng_normal(&g));
      size_t m;
      if (bbd_stats_changepoints(NULL, y, (size_t)n, NULL, 0, &m, NULL, 0))
        return 1;
      none += (int)m;
    }
    printf("| %d | none | - | - | %.3f |\n", n, (double)none / TRIALS);
    for (int zi = 0; zi < 3; zi++) {
      const int ks[5] = {2, 3, 4, 5, n / 2};
      for (int ki = 0; ki < 5; ki++) {
        int k = ks[ki];
        int det = 0, spurious = 0;
        for (int t = 0; t < TRIALS; t++) {
          for (int i = 0; i < n; i++)
            y[i] = 100 * exp(0.01 * bbd_rng_normal(&g) +
                             (i >= n - k ? 0.01 * zs[zi] : 0));
          bbd_changepoint_t c[8];
          size_t m;
          if (bbd_stats_changepoints(NULL, y, (size_t)n, c, 8, &m, NULL, 0))
            return 1;
          int hit = 0;
          for (size_t i = 0; i < m && i < 8; i++) {
            if (!hit && abs((int)c[i].index - (n - k)) <= 1)
              hit = 1;
            else
              spurious++;
          }
          det += hit;
        }
        char pos[32];
        if (k == n / 2)
          snprintf(pos, sizeof pos, "middle");
        else
          snprintf(pos, sizeof pos, "%d before the end", k);
        printf("| %d | %.0f sigma | %s | %.3f | %.3f |\n", n, zs[zi], pos,
               (double)det / TRIALS, (double)spurious / TRIALS);
      }
    }
  }
  return 0;
}

int main(int argc, char **argv) {
  const char *what = argc > 1 ? argv[1] : "speed";
  if (!strcmp(what, "speed"))
    return speed();
  if (!strcmp(what, "accuracy"))
    return accuracy();
  if (!strcmp(what, "changepoints"))
    return changepoints();
  fprintf(stderr, "usage: bench_stats [speed|accuracy|changepoints]\n");
  return 2;
}
