#include "alloc.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *bbd_wk_alloc_status_name(bbd_wk_alloc_status_t s) {
  switch (s) {
  case BBD_ALLOC_ON:
    return "ok";
  case BBD_ALLOC_UNAVAILABLE:
    return "unavailable";
  default:
    return "off";
  }
}

const char *bbd_wk_alloc_call_name(int kind) {
  static const char *const names[BBD_AT_NCALLS] = {
      "malloc",         "calloc",        "realloc", "free",
      "posix_memalign", "aligned_alloc", "memalign"};
  return kind >= 0 && kind < BBD_AT_NCALLS ? names[kind] : "?";
}

static int file_exists(const char *p) {
  return access(p, R_OK) == 0;
}

/* Where the interposer lives: $BBD_ALLOCTRACK, next to the executable,
 * ../lib (build tree) or ../libexec/bbd (installed under bin/). */
static int find_tracker(char *out, size_t len) {
  const char *env = getenv(BBD_ALLOCTRACK_ENV_PATH);
  if (env && *env) {
    snprintf(out, len, "%s", env);
    return file_exists(out) ? 0 : -1;
  }
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0)
    return -1;
  exe[n] = '\0';
  char *slash = strrchr(exe, '/');
  if (slash == NULL)
    return -1;
  *slash = '\0';
  static const char *const rel[] = {"", "/../lib", "/../libexec/bbd"};
  for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
    int w = snprintf(out, len, "%s%s/%s", exe, rel[i], BBD_ALLOCTRACK_FILE);
    if (w > 0 && (size_t)w < len && file_exists(out))
      return 0;
  }
  return -1;
}

void bbd_wk_alloc_reexec(char **argv) {
  if (getenv(BBD_ALLOCTRACK_ENV_ACTIVE) != NULL) {
    /* Already re-executed: give children the caller's preload list back. */
    const char *orig = getenv(BBD_ALLOCTRACK_ENV_ORIG);
    if (orig && *orig)
      setenv("LD_PRELOAD", orig, 1);
    else
      unsetenv("LD_PRELOAD");
    unsetenv(BBD_ALLOCTRACK_ENV_ORIG);
    return;
  }
  if (dlsym(RTLD_DEFAULT, BBD_ALLOCTRACK_SYMBOL) != NULL)
    return; /* preloaded by the caller */
  char path[PATH_MAX];
  if (find_tracker(path, sizeof path) != 0)
    return;
  const char *old = getenv("LD_PRELOAD");
  char pre[2 * PATH_MAX];
  int w = old && *old ? snprintf(pre, sizeof pre, "%s:%s", path, old)
                      : snprintf(pre, sizeof pre, "%s", path);
  if (w <= 0 || (size_t)w >= sizeof pre)
    return;
  setenv(BBD_ALLOCTRACK_ENV_ORIG, old ? old : "", 1);
  setenv(BBD_ALLOCTRACK_ENV_ACTIVE, "1", 1);
  setenv("LD_PRELOAD", pre, 1);
  fflush(NULL);
  execv("/proc/self/exe", argv);
  /* exec failed: undo and continue untracked. */
  unsetenv(BBD_ALLOCTRACK_ENV_ACTIVE);
  if (old)
    setenv("LD_PRELOAD", old, 1);
  else
    unsetenv("LD_PRELOAD");
}

void bbd_wk_alloc_init(bbd_wk_alloc_t *a, int wanted) {
  memset(a, 0, sizeof *a);
  if (!wanted)
    return;
  bbd_alloctrack_state_fn fn;
  void *sym = dlsym(RTLD_DEFAULT, BBD_ALLOCTRACK_SYMBOL);
  if (sym == NULL) {
    a->status = BBD_ALLOC_UNAVAILABLE;
    snprintf(a->reason, sizeof a->reason,
             "%s not preloaded (not found next to the worker; set $%s)",
             BBD_ALLOCTRACK_FILE, BBD_ALLOCTRACK_ENV_PATH);
    return;
  }
  memcpy(&fn, &sym, sizeof fn);
  bbd_alloctrack_t *st = fn();
  if (st == NULL || st->version != BBD_ALLOCTRACK_VERSION) {
    a->status = BBD_ALLOC_UNAVAILABLE;
    snprintf(a->reason, sizeof a->reason, "tracker version mismatch");
    return;
  }
  /* Self-test: a sanitizer runtime linked into the executable owns malloc
   * and the preloaded one is never called. The volatile pointer keeps the
   * compiler from pairing and deleting the malloc/free. */
  void *(*volatile m)(size_t) = malloc;
  void (*volatile f)(void *) = free;
  a->st = st;
  bbd_wk_alloc_begin(a);
  void *p = m(24);
  f(p);
  bbd_wk_alloc_delta_t d;
  bbd_wk_alloc_end(a, &d);
  if (d.calls[BBD_AT_MALLOC] != 1 || d.calls[BBD_AT_FREE] != 1) {
    a->st = NULL;
    a->status = BBD_ALLOC_UNAVAILABLE;
    snprintf(a->reason, sizeof a->reason,
             "the preloaded tracker does not see allocations (another "
             "allocator, e.g. a sanitizer runtime, owns malloc)");
    return;
  }
  a->status = BBD_ALLOC_ON;
}
