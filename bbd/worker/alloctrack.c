/*
 * bbd-alloctrack.so: an LD_PRELOAD malloc interposer for the worker.
 *
 * This is the one place in the worker with process-global mutable state, and
 * it has to be: malloc is process-global. Every call forwards to glibc's
 * __libc_* entry points (no dlsym(RTLD_NEXT), which itself may allocate),
 * and counts only while the worker has switched `on`; when off, the added
 * cost is one well-predicted load and branch per call.
 *
 * Counting: each thread owns a cache-line-sized slot (assigned on its first
 * counted call and kept for the life of the process) and updates it with
 * plain loads and stores: exact, no locked instructions, no false sharing.
 * Locked atomic adds on shared counters were measured at ~30 ns per
 * malloc/free pair inside the timed region; this costs a few ns. Only when
 * more than BBD_AT_SLOTS threads have allocated do the extra threads share
 * the last slot, updated with atomic adds (slower, still exact).
 */
#include "alloctrack.h"

#include <errno.h>
#include <malloc.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);
extern void *__libc_memalign(size_t, size_t);

#define EXPORT __attribute__((visibility("default")))
#define BBD_AT_SLOTS 64

typedef struct slot {
  uint64_t calls[BBD_AT_NCALLS];
  uint64_t bytes;
  int64_t live;
  int64_t peak;
} __attribute__((aligned(64))) slot_t;

static slot_t g_slots[BBD_AT_SLOTS];
static uint32_t g_nslots; /* slots handed out (may exceed BBD_AT_SLOTS) */
/* This thread's slot index + 1 (0: none yet). Initial-exec TLS: the object
 * is preloaded, so its TLS is in the static block and costs one
 * fs-relative load. */
static __thread uint32_t t_slot __attribute__((tls_model("initial-exec")));

static void at_reset(void);
static void at_read(bbd_alloctrack_totals_t *out);

static bbd_alloctrack_t g_state = {
    .version = BBD_ALLOCTRACK_VERSION, .reset = at_reset, .read = at_read};

EXPORT bbd_alloctrack_t *bbd_alloctrack_state(void);
bbd_alloctrack_t *bbd_alloctrack_state(void) {
  return &g_state;
}

static inline int tracking(void) {
  return __atomic_load_n(&g_state.on, __ATOMIC_RELAXED);
}

/* The calling thread's slot; `shared` tells whether it must use atomics. */
static inline slot_t *my_slot(int *shared) {
  uint32_t s = t_slot;
  if (s == 0) {
    s = __atomic_add_fetch(&g_nslots, 1, __ATOMIC_RELAXED);
    t_slot = s;
  }
  *shared = s >= BBD_AT_SLOTS;
  return &g_slots[s <= BBD_AT_SLOTS ? s - 1 : BBD_AT_SLOTS - 1];
}

static inline void add_u(uint64_t *p, uint64_t d, int shared) {
  if (shared)
    __atomic_fetch_add(p, d, __ATOMIC_RELAXED);
  else
    *p += d;
}

static inline void add_live(slot_t *s, int64_t d, int shared) {
  int64_t live;
  if (shared)
    live = __atomic_add_fetch(&s->live, d, __ATOMIC_RELAXED);
  else
    live = (s->live += d);
  if (live > s->peak)
    s->peak = live; /* a racy max in the shared slot: bounded error */
}

static void count_alloc(int kind, size_t req, void *p) {
  int shared;
  slot_t *s = my_slot(&shared);
  add_u(&s->calls[kind], 1, shared);
  if (p == NULL)
    return;
  add_u(&s->bytes, (uint64_t)req, shared);
  add_live(s, (int64_t)malloc_usable_size(p), shared);
}

static void count_free(void *p) {
  int shared;
  slot_t *s = my_slot(&shared);
  add_u(&s->calls[BBD_AT_FREE], 1, shared);
  if (p != NULL)
    add_live(s, -(int64_t)malloc_usable_size(p), shared);
}

static void at_reset(void) {
  uint32_t n = __atomic_load_n(&g_nslots, __ATOMIC_RELAXED);
  if (n > BBD_AT_SLOTS)
    n = BBD_AT_SLOTS;
  memset(g_slots, 0, n * sizeof g_slots[0]);
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static void at_read(bbd_alloctrack_totals_t *out) {
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
  memset(out, 0, sizeof *out);
  uint32_t n = __atomic_load_n(&g_nslots, __ATOMIC_RELAXED);
  if (n > BBD_AT_SLOTS)
    n = BBD_AT_SLOTS;
  for (uint32_t i = 0; i < n; i++) {
    const slot_t *s = &g_slots[i];
    uint64_t any = s->bytes;
    for (int k = 0; k < BBD_AT_NCALLS; k++) {
      out->calls[k] += s->calls[k];
      any |= s->calls[k];
    }
    out->bytes += s->bytes;
    out->live += s->live;
    out->peak += s->peak;
    out->threads += any != 0;
  }
}

EXPORT void *malloc(size_t n);
void *malloc(size_t n) {
  void *p = __libc_malloc(n);
  if (tracking())
    count_alloc(BBD_AT_MALLOC, n, p);
  return p;
}

EXPORT void *calloc(size_t a, size_t b);
void *calloc(size_t a, size_t b) {
  void *p = __libc_calloc(a, b);
  if (tracking())
    count_alloc(BBD_AT_CALLOC, a * b, p);
  return p;
}

EXPORT void free(void *p);
void free(void *p) {
  if (tracking())
    count_free(p);
  __libc_free(p);
}

EXPORT void *realloc(void *old, size_t n);
void *realloc(void *old, size_t n) {
  if (!tracking())
    return __libc_realloc(old, n);
  size_t before = old ? malloc_usable_size(old) : 0;
  void *p = __libc_realloc(old, n);
  int shared;
  slot_t *s = my_slot(&shared);
  add_u(&s->calls[BBD_AT_REALLOC], 1, shared);
  if (p == NULL && n != 0)
    return NULL; /* the old block is untouched */
  /* A realloc is counted as one call of n requested bytes; live bytes move
   * by the difference of the usable sizes. */
  add_u(&s->bytes, (uint64_t)n, shared);
  int64_t after = p ? (int64_t)malloc_usable_size(p) : 0;
  add_live(s, after - (int64_t)before, shared);
  return p;
}

EXPORT int posix_memalign(void **out, size_t align, size_t n);
int posix_memalign(void **out, size_t align, size_t n) {
  if (align < sizeof(void *) || (align & (align - 1)) != 0)
    return EINVAL;
  void *p = __libc_memalign(align, n);
  if (tracking())
    count_alloc(BBD_AT_POSIX_MEMALIGN, n, p);
  if (p == NULL)
    return ENOMEM;
  *out = p;
  return 0;
}

EXPORT void *aligned_alloc(size_t align, size_t n);
void *aligned_alloc(size_t align, size_t n) {
  void *p = __libc_memalign(align, n);
  if (tracking())
    count_alloc(BBD_AT_ALIGNED_ALLOC, n, p);
  return p;
}

EXPORT void *memalign(size_t align, size_t n);
void *memalign(size_t align, size_t n) {
  void *p = __libc_memalign(align, n);
  if (tracking())
    count_alloc(BBD_AT_MEMALIGN, n, p);
  return p;
}
