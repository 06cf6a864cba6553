/*
 * bbd-alloctrack.so: an LD_PRELOAD malloc interposer for the worker.
 *
 * This is the one place in the worker with process-global mutable state, and
 * it has to be: malloc is process-global. The state is a single struct the
 * worker reaches through bbd_alloctrack_state(). Every call forwards to
 * glibc's __libc_* entry points (no dlsym(RTLD_NEXT), which itself may
 * allocate), and counts only while the worker has switched `on`; when off,
 * the added cost is one well-predicted load and branch per call.
 */
#include "alloctrack.h"

#include <errno.h>
#include <malloc.h>
#include <stddef.h>
#include <stdint.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);
extern void *__libc_memalign(size_t, size_t);

#define EXPORT __attribute__((visibility("default")))

static bbd_alloctrack_t g_state = {.version = BBD_ALLOCTRACK_VERSION};

EXPORT bbd_alloctrack_t *bbd_alloctrack_state(void);
bbd_alloctrack_t *bbd_alloctrack_state(void) {
  return &g_state;
}

static inline int tracking(void) {
  return __atomic_load_n(&g_state.on, __ATOMIC_RELAXED);
}

/*
 * Counters are updated with a relaxed load and a relaxed store, not with a
 * locked read-modify-write: a locked add costs ~20 cycles and five of them
 * per malloc/free pair doubled the measured time of small allocations,
 * while this costs a few cycles. Counts are exact as long as one thread
 * allocates at a time (the usual benchmark); threads of the plugin that
 * allocate concurrently may lose increments, so counts are then a lower
 * bound (documented in docs/WORKER.md).
 */
#define BUMP(field, delta)                                                     \
  __atomic_store_n(&(field),                                                   \
                   __atomic_load_n(&(field), __ATOMIC_RELAXED) + (delta),      \
                   __ATOMIC_RELAXED)

static inline void track_live(int64_t delta) {
  int64_t live = __atomic_load_n(&g_state.live, __ATOMIC_RELAXED) + delta;
  __atomic_store_n(&g_state.live, live, __ATOMIC_RELAXED);
  if (live > __atomic_load_n(&g_state.peak, __ATOMIC_RELAXED))
    __atomic_store_n(&g_state.peak, live, __ATOMIC_RELAXED);
}

static void count_alloc(int kind, size_t req, void *p) {
  BUMP(g_state.calls[kind], 1);
  if (p == NULL)
    return;
  BUMP(g_state.bytes, (uint64_t)req);
  track_live((int64_t)malloc_usable_size(p));
}

static void count_free(void *p) {
  BUMP(g_state.calls[BBD_AT_FREE], 1);
  if (p != NULL)
    track_live(-(int64_t)malloc_usable_size(p));
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
  BUMP(g_state.calls[BBD_AT_REALLOC], 1);
  if (p == NULL && n != 0)
    return NULL; /* the old block is untouched */
  /* A realloc is counted as one call of n requested bytes; live bytes move
   * by the difference of the usable sizes. */
  BUMP(g_state.bytes, (uint64_t)n);
  int64_t after = p ? (int64_t)malloc_usable_size(p) : 0;
  track_live(after - (int64_t)before);
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
