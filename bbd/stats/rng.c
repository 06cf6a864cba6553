/*
 * xoshiro256** (Blackman & Vigna) seeded by splitmix64. Small, fast and good
 * enough for bootstrap index draws; the state lives in the caller's struct so
 * there is no global generator and results are reproducible per seed.
 */
#include "stats_internal.h"

#include <math.h>

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
