/*
 * The bootstrap engine shared by estimates and comparisons. Speed matters:
 * the default is 100,000 resamples per statistic and a suite analysis runs
 * several per benchmark, so a resample costs one pass of draws (running sums
 * for mean, SD and slope, a count per index) plus short walks over the
 * counts for the median and the MAD. No per-resample sort or allocation.
 */
#include "stats_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* First index i in sorted v[0..n) with v[i] >= x (or > x when strict).
 * (A branch-free version measured slower here: its chain of dependent
 * loads outweighed the mispredictions it saves.) */
static inline size_t bound(const double *v, size_t n, double x, int strict) {
  size_t lo = 0, len = n;
  while (len > 0) {
    size_t half = len / 2;
    int go = strict ? v[lo + half] <= x : v[lo + half] < x;
    lo = go ? lo + half + 1 : lo;
    len = go ? len - half - 1 : half;
  }
  return lo;
}

/* Window bounds of the MAD search for each possible median value v[p]:
 * lo[p] = first i with v[i] >= v[p] - g, hi[p] = first i with v[i] > v[p] +
 * g. A resample's median is some v[p] (or a midpoint of two), so this
 * replaces two binary searches per resample (about a third of the MAD's
 * cost, most of it mispredicted branches) by table reads. */
typedef struct bbd__mad_win {
  uint32_t *lo;
  uint32_t *hi;
} bbd__mad_win_t;

/*
 * Positions in sorted v of the resample's values at ranks (n-1)/2 and n/2
 * (equal for odd n). A resample's median lies within a few ranks of the
 * original one (SD ~ sqrt(n)/2), so the ranks are found in a window of
 * MEDIAN_WINDOW counts around the middle without branching on the data:
 * running sums of the counts are compared with both ranks and the true
 * comparisons counted. Outside the window (rare), walk the counts.
 */
#define MEDIAN_WINDOW 32

static inline __attribute__((always_inline)) void
median_pos(const uint32_t *counts, size_t n, size_t *p1, size_t *p2) {
  size_t r1 = (n - 1) / 2, r2 = n / 2;
  size_t w = n < MEDIAN_WINDOW ? n : MEDIAN_WINDOW;
  size_t s = r1 > w / 2 ? r1 - w / 2 : 0;
  if (s > n - w)
    s = n - w;
  uint32_t before = 0; /* <= n <= BBD_STATS_MAX_SAMPLES */
  for (size_t i = 0; i < s; i++)
    before += counts[i];
  uint32_t c = before, k1 = 0, k2 = 0;
  for (size_t j = 0; j < w; j++) {
    c += counts[s + j];
    k1 += c <= r1;
    k2 += c <= r2;
  }
  if (before <= r1 && c > r2) {
    *p1 = s + k1;
    *p2 = s + k2;
    return;
  }
  size_t pos = s, cum = before;
  while (cum > r1) {
    pos--;
    cum -= counts[pos];
  }
  while (cum + counts[pos] <= r1)
    cum += counts[pos++];
  *p1 = pos;
  while (cum + counts[pos] <= r2)
    cum += counts[pos++];
  *p2 = pos;
}

/*
 * Median of the absolute deviations from med of the resample (unscaled).
 * The set {i : |v_i - med| <= g} is a contiguous window of the sorted v, so
 * starting from a window around a good guess g (the MAD of the original
 * data, which a resample's MAD is close to), the answer is a few steps away:
 * shrink the window from its farther end while it holds more than the wanted
 * rank, or grow it at its nearer side while it holds fewer. This replaced a
 * merge walk from the median outwards that cost 3x more.
 */
static inline __attribute__((always_inline)) double
resample_mad(const double *v, const uint32_t *counts, size_t n, double med,
             double g, const bbd__mad_win_t *w, size_t p1, size_t p2) {
  size_t want_lo = (n - 1) / 2, want_hi = n / 2;
  size_t L, R;
  if (w) {
    /* med lies in [v[p1], v[p2]], so its window bounds lie between those
     * precomputed for v[p1] and v[p2] (one value when p1 == p2). */
    L = w->lo[p1] + bound(v + w->lo[p1], w->lo[p2] - w->lo[p1], med - g, 0);
    R = w->hi[p1] + bound(v + w->hi[p1], w->hi[p2] - w->hi[p1], med + g, 1);
  } else {
    L = bound(v, n, med - g, 0);
    R = bound(v, n, med + g, 1);
  }
  if (R < L)
    R = L;
  uint32_t f32 = 0; /* <= n: a 32-bit sum vectorises */
  for (size_t i = L; i < R; i++)
    f32 += counts[i];
  size_t f = f32;
  /* The steps below do not skip zero counts first: a zero-count end is
   * removed (or a zero-count neighbour taken in) without changing f, which
   * costs a cheap step instead of a hard-to-predict inner loop. */
  double dlo;
  if (f > want_lo) {
    for (;;) {
      double dl = med - v[L], dr = v[R - 1] - med;
      int left = dl >= dr;
      size_t c = counts[left ? L : R - 1];
      if (f - c <= want_lo) {
        dlo = left ? dl : dr;
        break;
      }
      f -= c;
      L += (size_t)left;
      R -= (size_t)!left;
    }
  } else {
    for (;;) {
      double dl = L > 0 ? med - v[L - 1] : INFINITY;
      double dr = R < n ? v[R] - med : INFINITY;
      int left = dl <= dr;
      f += counts[left ? L - 1 : R];
      L -= (size_t)left;
      R += (size_t)!left;
      if (f > want_lo) {
        dlo = left ? dl : dr;
        break;
      }
    }
  }
  if (want_hi == want_lo || f > want_hi)
    return dlo;
  /* Even n and the lower middle rank ends the window: the upper middle is
   * the next deviation outside it with a count. */
  for (;;) {
    double dl = L > 0 ? med - v[L - 1] : INFINITY;
    double dr = R < n ? v[R] - med : INFINITY;
    int left = dl <= dr;
    size_t c = counts[left ? L - 1 : R];
    L -= (size_t)left;
    R += (size_t)!left;
    if (c)
      return (dlo + (left ? dl : dr)) / 2;
  }
}

/*
 * Sums over a resample read from its counts: sum c_i dv_i, and when asked
 * sum c_i dv_i^2, sum c_i xy_i, sum c_i xx_i. One pass over n values per
 * resample instead of one per draw, in four accumulator lanes (GCC/clang
 * vector types: one AVX instruction or two SSE2 ones per operation) so
 * every build (SSE2 or AVX2, gcc or clang; no FMA is enabled) adds in the
 * same order and gives the same bits. Counts are <= BBD_STATS_MAX_SAMPLES, so
 * they convert as signed 32-bit integers (a vector instruction; unsigned needs
 * AVX-512). `sq` and `slope` are constants at each call site.
 */
typedef double bbd__v4d __attribute__((vector_size(32)));
typedef int32_t bbd__v4i __attribute__((vector_size(16)));

/* Unaligned, aliasing views for vector loads (a macro rather than a function:
 * returning a vector type would change the ABI between the two builds). */
typedef double bbd__v4du
    __attribute__((vector_size(32), aligned(8), may_alias));
typedef int32_t bbd__v4iu
    __attribute__((vector_size(16), aligned(4), may_alias));
#define LOAD4(v, x) ((v) = *(const bbd__v4du *)(const void *)(x))

static inline __attribute__((always_inline)) void
count_sums(const uint32_t *cnt, const bbd__boot_data_t *d, int sq, int slope,
           double r[4]) {
  size_t n = d->n, i = 0;
  const double *dv = d->dv, *xy = d->xy, *xx = d->xx;
  /* Two vectors per sum (8 lanes) halve the add latency chain. */
  bbd__v4d a[2] = {{0, 0, 0, 0}, {0, 0, 0, 0}}, q[2], p[2], t[2];
  q[0] = q[1] = p[0] = p[1] = t[0] = t[1] = a[0];
  for (; i + 8 <= n; i += 8)
    for (int h = 0; h < 2; h++) {
      bbd__v4i ci = *(const bbd__v4iu *)(const void *)(cnt + i + 4 * h);
      bbd__v4d c = __builtin_convertvector(ci, bbd__v4d);
      bbd__v4d x, y, z;
      LOAD4(x, dv + i + 4 * h);
      bbd__v4d cx = c * x;
      a[h] += cx;
      if (sq)
        q[h] += cx * x;
      if (slope) {
        LOAD4(y, xy + i + 4 * h);
        LOAD4(z, xx + i + 4 * h);
        p[h] += c * y;
        t[h] += c * z;
      }
    }
  for (; i < n; i++) {
    double c = (double)(int32_t)cnt[i], cx = c * dv[i];
    a[0][0] += cx;
    if (sq)
      q[0][0] += cx * dv[i];
    if (slope) {
      p[0][0] += c * xy[i];
      t[0][0] += c * xx[i];
    }
  }
  a[0] += a[1];
  q[0] += q[1];
  p[0] += p[1];
  t[0] += t[1];
  r[0] = (a[0][0] + a[0][1]) + (a[0][2] + a[0][3]);
  r[1] = (q[0][0] + q[0][1]) + (q[0][2] + q[0][3]);
  r[2] = (p[0][0] + p[0][1]) + (p[0][2] + p[0][3]);
  r[3] = (t[0][0] + t[0][1]) + (t[0][2] + t[0][3]);
}

/*
 * The resample loop. A resample is n draws that only increment counts[]
 * (the indices come ready-made in blocks, see bbd__idx_gen_t); the mean,
 * SD and slope sums are then read from the counts in one vectorised pass,
 * and the median and the MAD by walking the counts over the sorted values.
 */
static inline __attribute__((always_inline)) void
boot_body(const bbd__boot_data_t *d, bbd__idx_gen_t *g, size_t b,
          uint32_t *counts0, uint32_t *counts1, const bbd__mad_win_t *win,
          const bbd__boot_out_t *out) {
  size_t n = d->n;
  int need_sq = out->sd != NULL;
  int need_slope = out->slope && d->xy && d->xx;
  double nd = (double)n;
  double shift = d->v[0] - d->dv[0]; /* ref */
  for (size_t k = 0; k < b; k++) {
    /* Two count arrays in turn: a resample's increments then never load
     * counts that the previous resample's clearing (wide vector stores)
     * has not yet written back, which stalls store-to-load forwarding. */
    uint32_t *counts = (k & 1) && counts1 ? counts1 : counts0;
    bbd__idx_count(g, counts, n);
    double r[4];
    if (need_slope)
      count_sums(counts, d, 1, 1, r);
    else if (need_sq)
      count_sums(counts, d, 1, 0, r);
    else
      count_sums(counts, d, 0, 0, r);
    double s = r[0], ss = r[1];
    double mean_d = s / nd;
    if (out->mean)
      out->mean[k] = mean_d + shift;
    if (need_sq) {
      double var = (ss - s * mean_d) / (nd - 1);
      out->sd[k] = var > 0 ? sqrt(var) : 0;
    }
    if (need_slope)
      out->slope[k] = r[2] / r[3];
    if (out->median || out->mad) {
      size_t p1, p2;
      median_pos(counts, n, &p1, &p2);
      double m1 = d->v[p1], m2 = d->v[p2];
      double med = (n & 1) ? m1 : (m1 + m2) / 2;
      if (out->median)
        out->median[k] = med;
      if (out->mad)
        out->mad[k] =
            resample_mad(d->v, counts, n, med, d->mad_guess, win, p1, p2) *
            BBD__MAD_SCALE;
    }
    memset(counts, 0, n * sizeof *counts);
  }
}

/* Unoptimised (debug, sanitizer) builds use the portable code only: the
 * intrinsics are slow at -O0 and both paths give the same results. */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) &&        \
    defined(__OPTIMIZE__)
#define BBD__HAVE_AVX2_PATH 1
/* The same code with 4-wide vectors for the count sums (no FMA: the sums
 * round exactly as in the baseline build). */
__attribute__((target("avx2"))) static void
boot_avx2(const bbd__boot_data_t *d, bbd__idx_gen_t *g, size_t b, uint32_t *c0,
          uint32_t *c1, const bbd__mad_win_t *win, const bbd__boot_out_t *out) {
  boot_body(d, g, b, c0, c1, win, out);
}
#endif

static void boot_base(const bbd__boot_data_t *d, bbd__idx_gen_t *g, size_t b,
                      uint32_t *c0, uint32_t *c1, const bbd__mad_win_t *win,
                      const bbd__boot_out_t *out) {
  boot_body(d, g, b, c0, c1, win, out);
}

void bbd__boot_run(const bbd__boot_data_t *d, bbd__idx_gen_t *g, size_t b,
                   uint32_t *counts, const bbd__boot_out_t *out) {
  /* The second count array is only a speed-up: without memory, one array
   * serves every resample (same results). */
  size_t n = d->n;
  uint32_t *c1 = calloc(n, sizeof *c1);
  /* The MAD window table is likewise optional (n <= BBD_STATS_MAX_SAMPLES
   * fits 32 bits). */
  bbd__mad_win_t tab = {NULL, NULL}, *win = NULL;
  if (out->mad && (tab.lo = malloc(2 * n * sizeof *tab.lo))) {
    tab.hi = tab.lo + n;
    for (size_t p = 0; p < n; p++) {
      tab.lo[p] = (uint32_t)bound(d->v, n, d->v[p] - d->mad_guess, 0);
      tab.hi[p] = (uint32_t)bound(d->v, n, d->v[p] + d->mad_guess, 1);
    }
    win = &tab;
  }
#ifdef BBD__HAVE_AVX2_PATH
  if (g->avx2) /* the generator's choice, so a test can force either */
    boot_avx2(d, g, b, counts, c1, win, out);
  else
#endif
    boot_base(d, g, b, counts, c1, win, out);
  free(c1);
  free(tab.lo);
}

void bbd__median_mad_sorted(const double *v, size_t n, double *scratch,
                            double *median, double *mad) {
  double med = bbd_stats_quantile_sorted(v, n, 0.5);
  for (size_t i = 0; i < n; i++)
    scratch[i] = fabs(v[i] - med);
  *median = med;
  *mad = bbd__quantile_unsorted(scratch, n, 0.5) * BBD__MAD_SCALE;
}
