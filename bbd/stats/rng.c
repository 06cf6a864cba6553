/*
 * xoshiro256** (Blackman & Vigna) seeded by splitmix64. Small, fast and good
 * enough for bootstrap index draws; the state lives in the caller's struct so
 * there is no global generator and results are reproducible per seed.
 */
#include "stats_internal.h"

#include <math.h>
#include <string.h>

/* Unoptimised (debug, sanitizer) builds use the portable code only: the
 * intrinsics are slow at -O0 and both paths give the same results. */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) &&        \
    defined(__OPTIMIZE__)
#define BBD__HAVE_AVX2_PATH 1
#include <immintrin.h>
#endif

uint64_t bbd_rng_mix(uint64_t x) {
  x += UINT64_C(0x9e3779b97f4a7c15);
  x = (x ^ (x >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
  x = (x ^ (x >> 27)) * UINT64_C(0x94d049bb133111eb);
  return x ^ (x >> 31);
}

void bbd_rng_seed(bbd_rng_t *r, uint64_t seed) {
  uint64_t x = seed;
  for (int i = 0; i < 4; i++) {
    r->s[i] = bbd_rng_mix(x);
    x += UINT64_C(0x9e3779b97f4a7c15);
  }
  /* splitmix64 is a bijection of distinct inputs, so four zero words are
   * practically impossible; guard anyway because all-zero is a fixed point. */
  if ((r->s[0] | r->s[1] | r->s[2] | r->s[3]) == 0)
    r->s[0] = 1;
}

uint64_t bbd_rng_next(bbd_rng_t *r) {
  return bbd__rng_next(r);
}

uint64_t bbd_rng_below(bbd_rng_t *r, uint64_t n) {
  /* Lemire's nearly divisionless method, 64-bit variant with 128-bit
   * products: unbiased, one multiplication in the common case. */
  uint64_t x = bbd_rng_next(r);
  unsigned __int128 m = (unsigned __int128)x * n;
  uint64_t l = (uint64_t)m;
  if (l < n) {
    uint64_t t = (0 - n) % n;
    while (l < t) {
      x = bbd_rng_next(r);
      m = (unsigned __int128)x * n;
      l = (uint64_t)m;
    }
  }
  return (uint64_t)(m >> 64);
}

double bbd_rng_double(bbd_rng_t *r) {
  return (double)(bbd_rng_next(r) >> 11) * 0x1.0p-53;
}

double bbd_rng_normal(bbd_rng_t *r) {
  double u1 = bbd_rng_double(r);
  double u2 = bbd_rng_double(r);
  if (u1 < 1e-300)
    u1 = 1e-300;
  return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

/* ------------------------------------------------- bootstrap index streams */

void bbd__idx_init(bbd__idx_gen_t *g, uint64_t seed, uint32_t n) {
  /* The standard xoshiro256 jump polynomial: equivalent to 2^128 calls. */
  static const uint64_t jump[4] = {
      UINT64_C(0x180ec6d33cfd0aba), UINT64_C(0xd5a61266f0c9392c),
      UINT64_C(0xa9582618e03fc9aa), UINT64_C(0x39abdc4529b1661c)};
  bbd_rng_t r;
  bbd_rng_seed(&r, seed);
  for (int l = 0; l < BBD__LANES; l++) {
    for (int w = 0; w < 4; w++)
      g->s[w][l] = r.s[w];
    uint64_t t[4] = {0, 0, 0, 0};
    for (int i = 0; i < 4; i++)
      for (int bit = 0; bit < 64; bit++) {
        if (jump[i] & (UINT64_C(1) << bit))
          for (int w = 0; w < 4; w++)
            t[w] ^= r.s[w];
        bbd__rng_next(&r);
      }
    for (int w = 0; w < 4; w++)
      r.s[w] = t[w];
  }
  g->n = n;
  g->reject_below = (uint32_t)(0u - n) % n;
  g->pos = 0;
  g->len = 0;
  g->avx2 = 0;
#ifdef BBD__HAVE_AVX2_PATH
  /* Reads the CPU model libgcc/compiler-rt fill at start-up: no state of
   * ours. */
  g->avx2 = __builtin_cpu_supports("avx2") != 0;
#endif
}

/*
 * Two implementations of one definition: plain C, and AVX2 (4 lanes per
 * vector) chosen at run time when the CPU has it. Integer only, so both give
 * the same indices (checked by a unit test).
 */
#define BBD__STEPS (BBD__IDX_BLOCK / (2 * BBD__LANES))

/* A block with a rejected value (probability < n / 2^32 per value): redo
 * the mapping of raw[] keeping only accepted values, in order. */
static void compact(bbd__idx_gen_t *g, const uint64_t *raw) {
  uint32_t n = g->n, rb = g->reject_below;
  size_t len = 0;
  for (int j = 0; j < BBD__IDX_BLOCK; j++) {
    uint64_t m = (uint64_t)(uint32_t)(raw[j / 2] >> (32 * (j & 1))) * n;
    if ((uint32_t)m >= rb)
      g->buf[len++] = (uint32_t)(m >> 32);
  }
  g->len = len;
}

/* The refill in plain C: BBD__LANES xoshiro256** generators side by side,
 * then Lemire's mapping of each output's two halves. */
static void refill_body(bbd__idx_gen_t *g) {
  uint64_t raw[BBD__IDX_BLOCK / 2];
  /* Lane by lane with the state in scalars (cheap in unoptimised and
   * sanitizer builds too); raw[] gets the same interleaved order as the
   * AVX2 code's. */
  for (int l = 0; l < BBD__LANES; l++) {
    uint64_t s0 = g->s[0][l], s1 = g->s[1][l], s2 = g->s[2][l], s3 = g->s[3][l];
    for (int k = 0; k < BBD__STEPS; k++) {
      uint64_t x = s1 * 5;
      raw[k * BBD__LANES + l] = ((x << 7) | (x >> 57)) * 9;
      uint64_t t = s1 << 17;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 45) | (s3 >> 19);
    }
    g->s[0][l] = s0;
    g->s[1][l] = s1;
    g->s[2][l] = s2;
    g->s[3][l] = s3;
  }
  uint32_t n = g->n, rb = g->reject_below, bad = 0;
  for (int j = 0; j < BBD__IDX_BLOCK / 2; j++) {
    /* 32 x 32 -> 64-bit products (one vector multiply per half). */
    uint64_t m0 = (uint64_t)(uint32_t)raw[j] * n;
    uint64_t m1 = (uint64_t)(uint32_t)(raw[j] >> 32) * n;
    g->buf[2 * j] = (uint32_t)(m0 >> 32);
    g->buf[2 * j + 1] = (uint32_t)(m1 >> 32);
    bad |= (uint32_t)((uint32_t)m0 < rb) | (uint32_t)((uint32_t)m1 < rb);
  }
  g->pos = 0;
  g->len = BBD__IDX_BLOCK;
  if (bad)
    compact(g, raw);
}

#ifdef BBD__HAVE_AVX2_PATH

/* x * 5, x * 9 and rotations in 4 x 64-bit lanes (AVX2 has no 64-bit
 * multiply or rotate). */
#define BBD__ROTL(x, k)                                                        \
  _mm256_or_si256(_mm256_slli_epi64((x), (k)), _mm256_srli_epi64((x), 64 - (k)))

/* One step of the BBD__LANES generators (two vectors of four lanes): the
 * 16 next values' indices in draw order into idx[0..1], the raw outputs into
 * r[0..1], and all-ones in a 32-bit lane of the returned mask for each
 * rejected value. */
__attribute__((target("avx2"))) static inline __m256i
step_avx2(__m256i s[4][2], __m256i nv, __m256i rbv, __m256i r[2],
          __m256i idx[2]) {
  const __m256i lo32 = _mm256_set1_epi64x(0xffffffffLL);
  __m256i bad = _mm256_setzero_si256();
  for (int v = 0; v < 2; v++) {
    __m256i x = _mm256_add_epi64(_mm256_slli_epi64(s[1][v], 2), s[1][v]);
    __m256i o = BBD__ROTL(x, 7);
    r[v] = o = _mm256_add_epi64(_mm256_slli_epi64(o, 3), o);
    __m256i t = _mm256_slli_epi64(s[1][v], 17);
    s[2][v] = _mm256_xor_si256(s[2][v], s[0][v]);
    s[3][v] = _mm256_xor_si256(s[3][v], s[1][v]);
    s[1][v] = _mm256_xor_si256(s[1][v], s[2][v]);
    s[0][v] = _mm256_xor_si256(s[0][v], s[3][v]);
    s[2][v] = _mm256_xor_si256(s[2][v], t);
    s[3][v] = BBD__ROTL(s[3][v], 45);
    /* Products of the low and the high halves with n; indices are the
     * products' high words, packed back in draw order (low half first),
     * and each product's low word must be >= reject_below. */
    __m256i plo = _mm256_mul_epu32(o, nv);
    __m256i phi = _mm256_mul_epu32(_mm256_srli_epi64(o, 32), nv);
    idx[v] = _mm256_or_si256(_mm256_srli_epi64(plo, 32),
                             _mm256_andnot_si256(lo32, phi));
    __m256i low = _mm256_or_si256(_mm256_and_si256(plo, lo32),
                                  _mm256_slli_epi64(phi, 32));
    __m256i ok = _mm256_cmpeq_epi32(_mm256_max_epu32(low, rbv), low);
    bad = _mm256_or_si256(bad, _mm256_xor_si256(ok, _mm256_set1_epi32(-1)));
  }
  return bad;
}

__attribute__((target("avx2"))) static void load_state(const bbd__idx_gen_t *g,
                                                       __m256i s[4][2]) {
  for (int w = 0; w < 4; w++)
    for (int v = 0; v < 2; v++)
      s[w][v] = _mm256_loadu_si256((const __m256i *)&g->s[w][4 * v]);
}

__attribute__((target("avx2"))) static void store_state(bbd__idx_gen_t *g,
                                                        __m256i s[4][2]) {
  for (int w = 0; w < 4; w++)
    for (int v = 0; v < 2; v++)
      _mm256_storeu_si256((__m256i *)&g->s[w][4 * v], s[w][v]);
}

__attribute__((target("avx2"))) static void refill_avx2(bbd__idx_gen_t *g) {
  __m256i s[4][2], r[2], idx[2];
  load_state(g, s);
  const __m256i nv = _mm256_set1_epi64x((long long)g->n);
  const __m256i rbv = _mm256_set1_epi32((int)g->reject_below);
  __m256i bad = _mm256_setzero_si256();
  uint64_t raw[BBD__IDX_BLOCK / 2];
  for (int k = 0; k < BBD__STEPS; k++) {
    bad = _mm256_or_si256(bad, step_avx2(s, nv, rbv, r, idx));
    for (int v = 0; v < 2; v++) {
      _mm256_storeu_si256((__m256i *)&raw[k * BBD__LANES + 4 * v], r[v]);
      _mm256_storeu_si256((__m256i *)&g->buf[2 * (k * BBD__LANES + 4 * v)],
                          idx[v]);
    }
  }
  store_state(g, s);
  g->pos = 0;
  g->len = BBD__IDX_BLOCK;
  if (!_mm256_testz_si256(bad, bad))
    compact(g, raw);
}

/*
 * m draws counted into counts[] without going through the block buffer:
 * the generator steps run between the scalar count increments, which hides
 * the increments' load-store latency (a separate counting loop over
 * buffered indices cost as much as making them). Values a step makes
 * beyond m are left in the buffer, so the stream is the same as through
 * bbd__idx_take.
 */
__attribute__((target("avx2"))) static void
count_avx2(bbd__idx_gen_t *g, uint32_t *counts, size_t m) {
  while (m > 0 && g->pos < g->len) {
    counts[g->buf[g->pos++]]++;
    m--;
  }
  if (m == 0)
    return;
  __m256i s[4][2], r[2], idx[2];
  load_state(g, s);
  const __m256i nv = _mm256_set1_epi64x((long long)g->n);
  const __m256i rbv = _mm256_set1_epi32((int)g->reject_below);
  uint32_t tmp[2 * BBD__LANES];
  while (m > 0) {
    __m256i bad = step_avx2(s, nv, rbv, r, idx);
    _mm256_storeu_si256((__m256i *)&tmp[0], idx[0]);
    _mm256_storeu_si256((__m256i *)&tmp[8], idx[1]);
    if (m >= 2 * BBD__LANES && _mm256_testz_si256(bad, bad)) {
      for (int j = 0; j < 2 * BBD__LANES; j++)
        counts[tmp[j]]++;
      m -= 2 * BBD__LANES;
      continue;
    }
    /* The last, partial step or one with a rejected value (then remapped
     * keeping only the accepted values). */
    uint32_t nacc = 2 * BBD__LANES;
    if (!_mm256_testz_si256(bad, bad)) {
      uint32_t lows[2 * BBD__LANES];
      _mm256_storeu_si256((__m256i *)&lows[0], r[0]);
      _mm256_storeu_si256((__m256i *)&lows[8], r[1]);
      nacc = 0;
      for (int j = 0; j < 2 * BBD__LANES; j++) {
        uint64_t p = (uint64_t)lows[j] * g->n;
        if ((uint32_t)p >= g->reject_below)
          tmp[nacc++] = (uint32_t)(p >> 32);
      }
    }
    uint32_t use = m < nacc ? (uint32_t)m : nacc;
    for (uint32_t j = 0; j < use; j++)
      counts[tmp[j]]++;
    m -= use;
    g->pos = 0;
    g->len = nacc - use;
    for (uint32_t j = use; j < nacc; j++)
      g->buf[j - use] = tmp[j];
  }
  store_state(g, s);
}
#endif

/* The portable refill (also what tests compare the AVX2 one against). */
void bbd__idx_refill_portable(bbd__idx_gen_t *g) {
  refill_body(g);
}

void bbd__idx_refill(bbd__idx_gen_t *g) {
#ifdef BBD__HAVE_AVX2_PATH
  if (g->avx2) {
    refill_avx2(g);
    return;
  }
#endif
  refill_body(g);
}

void bbd__idx_count(bbd__idx_gen_t *g, uint32_t *counts, size_t m) {
#ifdef BBD__HAVE_AVX2_PATH
  if (g->avx2) {
    count_avx2(g, counts, m);
    return;
  }
#endif
  while (m > 0) {
    size_t got;
    const uint32_t *ix = bbd__idx_take(g, m, &got);
    for (size_t j = 0; j < got; j++)
      counts[ix[j]]++;
    m -= got;
  }
}
