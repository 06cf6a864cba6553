/* Fixture for the reliability tests: one benchmark per fault kind a plugin
 * can inflict on the process that runs it. Each must cost only its own
 * result; the healthy neighbours (ok/first, ok/last) must still measure.
 *
 * Processes this plugin forks record their pid in $FXREL_PIDDIR (when set)
 * as a file named after the pid, so a test can check that none outlives
 * the run without searching the process table by name. */
#include <bbd/plugin.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int add_run(void *state, uint64_t iters, char *err, size_t len) {
  (void)state, (void)err, (void)len;
  uint64_t acc = 0;
  for (uint64_t i = 0; i < iters; i++) {
    acc += i;
    bbd_do_not_optimize(acc);
  }
  return 0;
}

static void note_pid(void) {
  const char *dir = getenv("FXREL_PIDDIR");
  if (dir == NULL || strlen(dir) > 200)
    return;
  char path[256];
  snprintf(path, sizeof path, "%s/%ld", dir, (long)getpid());
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd >= 0)
    close(fd);
}

static int segv_run(void *s, uint64_t iters, char *err, size_t len) {
  (void)s, (void)err, (void)len;
  volatile uintptr_t addr = 0;
  *(volatile int *)addr = (int)iters; /* SIGSEGV */
  return 0;
}

static int abort_run(void *s, uint64_t iters, char *err, size_t len) {
  (void)s, (void)iters, (void)err, (void)len;
  abort();
}

/* exit(0) once warm-up is under way: a "successful" exit without a result
 * must not be mistaken for one. */
static int exit0_run(void *s, uint64_t iters, char *err, size_t len) {
  (void)s, (void)err, (void)len;
  if (iters >= 4)
    exit(0);
  return add_run(NULL, iters, NULL, 0);
}

static int busy_run(void *s, uint64_t iters, char *err, size_t len) {
  (void)s, (void)iters, (void)err, (void)len;
  for (volatile uint64_t spin = 0;; spin++)
    bbd_clobber();
  return 0; /* not reached */
}

/* Blocked in the kernel, not spinning: a read that never gets data. */
static int blocked_run(void *s, uint64_t iters, char *err, size_t len) {
  (void)s, (void)iters, (void)err, (void)len;
  int p[2];
  if (pipe(p) != 0)
    return 1;
  char c;
  for (;;)
    if (read(p[0], &c, 1) < 0 && errno != EINTR)
      break;
  return 1;
}

/* Forks a child that sleeps far longer than any test, with the inherited
 * descriptors (including the result pipe) left open, then measures. */
static int fork_setup(const bbd_host_t *h, const bbd_args_t *a, void **st,
                      char *err, size_t len) {
  (void)h, (void)a, (void)st;
  pid_t pid = fork();
  if (pid < 0) {
    snprintf(err, len, "fork: %s", strerror(errno));
    return 1;
  }
  if (pid == 0) {
    note_pid();
    for (int i = 0; i < 3600; i++)
      sleep(1);
    _exit(0);
  }
  return 0;
}

/* Same, but the child leaves the process group with setsid() (a daemonising
 * helper). */
static int setsid_setup(const bbd_host_t *h, const bbd_args_t *a, void **st,
                        char *err, size_t len) {
  (void)h, (void)a, (void)st;
  pid_t pid = fork();
  if (pid < 0) {
    snprintf(err, len, "fork: %s", strerror(errno));
    return 1;
  }
  if (pid == 0) {
    setsid();
    note_pid();
    for (int i = 0; i < 3600; i++)
      sleep(1);
    _exit(0);
  }
  return 0;
}

/* Leaks 64 MiB (touched) per run() call until 1 GiB is gone, then keeps
 * measuring: under a memory limit the allocation fails or the process dies;
 * without one the leak must still cost nothing beyond this result. */
typedef struct leak_state {
  size_t leaked;
} leak_state_t;
static int leak_setup(const bbd_host_t *h, const bbd_args_t *a, void **st,
                      char *err, size_t len) {
  (void)h, (void)a;
  leak_state_t *ls = calloc(1, sizeof *ls);
  if (ls == NULL) {
    snprintf(err, len, "out of memory");
    return 1;
  }
  *st = ls;
  return 0;
}
static int leak_run(void *s, uint64_t iters, char *err, size_t len) {
  leak_state_t *ls = s;
  const size_t chunk = (size_t)64 << 20, total = (size_t)1 << 30;
  if (ls->leaked < total) {
    char *p = malloc(chunk);
    if (p == NULL) {
      snprintf(err, len, "malloc of 64 MiB failed after leaking %zu MiB",
               ls->leaked >> 20);
      return 1;
    }
    memset(p, 0xa5, chunk); /* touched, so it is really resident */
    bbd_do_not_optimize(p);
    ls->leaked += chunk;
  }
  return add_run(NULL, iters, NULL, 0);
}
static void leak_teardown(void *s) {
  free(s); /* the chunks stay leaked */
}

static int close_stdio_run(void *s, uint64_t iters, char *err, size_t len) {
  (void)s, (void)err, (void)len;
  close(STDIN_FILENO);
  close(STDOUT_FILENO);
  return add_run(NULL, iters, NULL, 0);
}

/* Writes a fake result line and binary junk to stdout and to every pipe the
 * process holds (one of them is how the result travels to the worker). */
static int garbage_run(void *s, uint64_t iters, char *err, size_t len) {
  (void)s, (void)iters, (void)err, (void)len;
  static const char junk[] =
      "{\"event\":\"result\",\"status\":\"ok\",\"id\":\"fx_rel_faults/ok/"
      "first\"}\n"
      "}{ not json \xff\xfe\x00\x01\n{\"event\":\"result\"\n\x80\x81\x82\n";
  for (int fd = 1; fd < 256; fd++) {
    struct stat sb;
    if (fd == STDERR_FILENO || fstat(fd, &sb) != 0 || !S_ISFIFO(sb.st_mode))
      continue;
    ssize_t w = write(fd, junk, sizeof junk - 1);
    (void)w;
  }
  return 1; /* and claim failure, so a robust host never reports ok */
}

static int slow_setup(const bbd_host_t *h, const bbd_args_t *a, void **st,
                      char *err, size_t len) {
  (void)h, (void)a, (void)st, (void)err, (void)len;
  for (int i = 0; i < 600; i++) /* 10 minutes */
    sleep(1);
  return 0;
}

#define B(n, su, r, td)                                                        \
  {                                                                            \
    .size = sizeof(bbd_benchmark_t), .name = n, .setup = su, .run = r,         \
    .teardown = td                                                             \
  }
static const bbd_benchmark_t b_first = B("ok/first", NULL, add_run, NULL);
static const bbd_benchmark_t b_segv = B("run/segv", NULL, segv_run, NULL);
static const bbd_benchmark_t b_abort = B("run/abort", NULL, abort_run, NULL);
static const bbd_benchmark_t b_exit0 = B("run/exit0", NULL, exit0_run, NULL);
static const bbd_benchmark_t b_busy = B("hang/busy", NULL, busy_run, NULL);
static const bbd_benchmark_t b_blocked =
    B("hang/blocked", NULL, blocked_run, NULL);
static const bbd_benchmark_t b_fork = B("proc/fork", fork_setup, add_run, NULL);
static const bbd_benchmark_t b_setsid =
    B("proc/setsid", setsid_setup, add_run, NULL);
static const bbd_benchmark_t b_leak =
    B("mem/leak1g", leak_setup, leak_run, leak_teardown);
static const bbd_benchmark_t b_close =
    B("io/close_stdio", NULL, close_stdio_run, NULL);
static const bbd_benchmark_t b_garbage =
    B("io/garbage", NULL, garbage_run, NULL);
static const bbd_benchmark_t b_slow =
    B("setup/slow", slow_setup, add_run, NULL);
static const bbd_benchmark_t b_last = B("ok/last", NULL, add_run, NULL);
static const bbd_benchmark_t *const benches[] = {
    &b_first,  &b_segv, &b_abort, &b_exit0,   &b_busy, &b_blocked, &b_fork,
    &b_setsid, &b_leak, &b_close, &b_garbage, &b_slow, &b_last,    NULL};
static const bbd_plugin_t plugin = {.size = sizeof(bbd_plugin_t),
                                    .abi_major = BBD_PLUGIN_ABI_MAJOR,
                                    .abi_minor = BBD_PLUGIN_ABI_MINOR,
                                    .name = "fx_rel_faults",
                                    .version = "1.0",
                                    .summary = "reliability fault fixture",
                                    .benchmarks = benches};
BBD_PLUGIN_EXPORT int bbd_plugin_init(const bbd_host_t *host,
                                      const bbd_plugin_t **out, char *err,
                                      size_t errlen) {
  (void)host, (void)err, (void)errlen;
  *out = &plugin;
  return 0;
}
