/*
 * The functions measured by both bbd-worker (bench_worker.c, a plugin) and
 * Google Benchmark (gbench.cc), shared so both harnesses time identical
 * code. Each kernel does one iteration's work; the barriers are plain asm
 * statements (not either harness's helper) so the generated code is the
 * same in both builds.
 */
#ifndef BBD_BENCH_WORKER_KERNELS_H
#define BBD_BENCH_WORKER_KERNELS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define KB_USE_PTR(p) __asm__ volatile("" : : "r"(p) : "memory")
#define KB_USE_VAL(x) __asm__ volatile("" : "+r"(x))
#define KB_CLOBBER() __asm__ volatile("" : : : "memory")

typedef struct kb_state {
  unsigned char src[1024];
  unsigned char dst[64];
  uint32_t crc_table[256];
  uint64_t x;
} kb_state_t;

static inline void kb_init(kb_state_t *s) {
  for (size_t i = 0; i < sizeof s->src; i++)
    s->src[i] = (unsigned char)(i * 131u + 7u);
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++)
      c = (c & 1u) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    s->crc_table[i] = c;
  }
  s->x = 88172645463325252ull;
}

/* Nothing: the harness's own per-iteration cost. */
static inline void kb_empty(kb_state_t *s) {
  (void)s;
  KB_CLOBBER();
}

/* A 64-byte memcpy whose result must be stored. */
static inline void kb_memcpy64(kb_state_t *s) {
  unsigned char *src = s->src;
  KB_USE_PTR(src); /* the source may have changed: no hoisting */
  memcpy(s->dst, src, 64);
  KB_USE_PTR(s->dst);
}

/* Table-driven CRC-32 (IEEE) of 1 KiB. */
static inline void kb_crc32_1k(kb_state_t *s) {
  const unsigned char *p = s->src;
  KB_USE_PTR(p);
  uint32_t c = 0xFFFFFFFFu;
  for (size_t i = 0; i < 1024; i++)
    c = s->crc_table[(c ^ p[i]) & 0xFFu] ^ (c >> 8);
  c ^= 0xFFFFFFFFu;
  KB_USE_VAL(c);
}

/* 100 dependent multiply-adds: pure latency. */
static inline void kb_mulchain100(kb_state_t *s) {
  uint64_t x = s->x;
  for (int i = 0; i < 100; i++)
    x = x * 0x9E3779B97F4A7C15ull + 1;
  KB_USE_VAL(x);
  s->x = x;
}

#endif
