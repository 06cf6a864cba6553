/*
 * Suite-level false alarm control. Holm's step-down procedure is the
 * default: it bounds the family-wise error rate (the chance that a suite run
 * reports ANY false regression) under arbitrary dependence between
 * benchmarks, which is the guarantee a CI gate needs, and it is uniformly
 * more powerful than Bonferroni. Benjamini-Hochberg is offered for large
 * suites where several true changes are expected; it bounds the expected
 * share of false alarms among the alarms instead.
 */
#include "stats_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *bbd_multiplicity_name(bbd_multiplicity_t m) {
  switch (m) {
  case BBD_MULT_NONE:
    return "none";
  case BBD_MULT_HOLM:
    return "holm";
  case BBD_MULT_BH:
    return "bh";
  }
  return "unknown";
}

int bbd_multiplicity_from_name(const char *name, bbd_multiplicity_t *out) {
  if (!name || !out)
    return BBD_EINVAL;
  if (!strcmp(name, "none"))
    *out = BBD_MULT_NONE;
  else if (!strcmp(name, "holm"))
    *out = BBD_MULT_HOLM;
  else if (!strcmp(name, "bh") || !strcmp(name, "fdr"))
    *out = BBD_MULT_BH;
  else
    return BBD_EINVAL;
  return 0;
}

typedef struct {
  double p;
  size_t i;
} pidx_t;

static int cmp_pidx(const void *pa, const void *pb) {
  const pidx_t *a = pa, *b = pb;
  if (a->p != b->p)
    return (a->p > b->p) - (a->p < b->p);
  return (a->i > b->i) - (a->i < b->i);
}

int bbd_stats_adjust_p(bbd_multiplicity_t m, const double *p, size_t n,
                       double *adj) {
  if ((!p || !adj) && n)
    return BBD_EINVAL;
  if (n > BBD_STATS_MAX_SAMPLES)
    return BBD_ETOOBIG;
  if (m != BBD_MULT_NONE && m != BBD_MULT_HOLM && m != BBD_MULT_BH)
    return BBD_EINVAL;
  pidx_t *s = malloc((n ? n : 1) * sizeof *s);
  if (!s)
    return BBD_ENOMEM;
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (isnan(p[i]))
      continue;
    s[k].p = p[i] < 0 ? 0 : (p[i] > 1 ? 1 : p[i]);
    s[k].i = i;
    k++;
  }
  for (size_t i = 0; i < n; i++)
    adj[i] = isnan(p[i]) ? NAN : p[i];
  if (m == BBD_MULT_NONE || k == 0) {
    free(s);
    return 0;
  }
  qsort(s, k, sizeof *s, cmp_pidx);
  if (m == BBD_MULT_HOLM) {
    /* adj_(j) = max_{i <= j} min(1, (k - i) p_(i)), 0-based ranks. */
    double run = 0;
    for (size_t j = 0; j < k; j++) {
      double v = (double)(k - j) * s[j].p;
      if (v > 1)
        v = 1;
      if (v > run)
        run = v;
      adj[s[j].i] = run;
    }
  } else {
    /* adj_(j) = min_{i >= j} min(1, k p_(i) / (i + 1)). */
    double run = 1;
    for (size_t j = k; j-- > 0;) {
      double v = (double)k * s[j].p / (double)(j + 1);
      if (v < run)
        run = v;
      adj[s[j].i] = run;
    }
  }
  free(s);
  return 0;
}

int bbd_stats_suite_control(bbd_multiplicity_t m, bbd_decision_t *const *d,
                            size_t n) {
  if (!d && n)
    return BBD_EINVAL;
  if (n > BBD_STATS_MAX_SAMPLES)
    return BBD_ETOOBIG;
  double *p = calloc((n ? n : 1) * 2, sizeof *p);
  if (!p)
    return BBD_ENOMEM;
  double *adj = p + n;
  for (size_t i = 0; i < n; i++)
    p[i] = d[i] ? d[i]->p : NAN;
  int rc = bbd_stats_adjust_p(m, p, n, adj);
  if (rc == 0) {
    for (size_t i = 0; i < n; i++) {
      if (!d[i])
        continue;
      d[i]->p_adjusted = adj[i];
      bbd_stats_decide(d[i]);
    }
  }
  free(p);
  return rc;
}
