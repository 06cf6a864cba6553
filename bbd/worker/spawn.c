#include "spawn.h"

#include "err.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/*
 * Kills and reaps every remaining child of this process. The worker is a
 * child subreaper (see bbd_wk_spawn), so whatever a plugin forked, even a
 * process that left the benchmark's process group with setsid(), is
 * re-parented here when its parent exits; after a benchmark child is gone,
 * every child left is such an orphan. Repeats until none is left, since a
 * killed orphan's own children are re-parented here in turn.
 */
static void reap_orphans(void) {
  for (int round = 0; round < 64; round++) {
    char path[64];
    snprintf(path, sizeof path, "/proc/self/task/%d/children", (int)getpid());
    FILE *f = fopen(path, "re");
    if (f == NULL)
      return; /* kernel without CONFIG_PROC_CHILDREN: best effort only */
    int found = 0;
    long child;
    while (fscanf(f, "%ld", &child) == 1) {
      if (child > 0 && kill((pid_t)child, SIGKILL) == 0)
        found = 1;
    }
    fclose(f);
    while (waitpid(-1, NULL, WNOHANG) > 0)
      found = 1;
    if (!found)
      return;
    struct timespec ts = {0, 1000000};
    nanosleep(&ts, NULL);
  }
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int bbd_wk_spawn(bbd_wk_child_fn fn, void *farg, double timeout_s,
                 bbd_wk_line_fn on_line, void *larg, bbd_wk_child_status_t *st,
                 char *err, size_t errlen) {
  memset(st, 0, sizeof *st);
  int p[2];
  if (pipe2(p, O_CLOEXEC) != 0)
    return bbd_errf(BBD_ESYS, err, errlen, "pipe: %s", strerror(errno));
  /* Orphans of the plugin are re-parented to the worker, not to init, so
   * none can outlive its benchmark (reap_orphans). */
  prctl(PR_SET_CHILD_SUBREAPER, 1);
  fflush(NULL);
  pid_t pid = fork();
  if (pid < 0) {
    close(p[0]);
    close(p[1]);
    return bbd_errf(BBD_ESYS, err, errlen, "fork: %s", strerror(errno));
  }
  if (pid == 0) {
    close(p[0]);
    /* Own process group so a timeout also kills what the plugin forked;
     * die with the parent so nothing outlives a killed worker. */
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    /* Plugin output must not corrupt the parent's stdout protocol. */
    dup2(STDERR_FILENO, STDOUT_FILENO);
    /* A crash must end the child with its signal, so the parent can name
     * it: drop any handler a runtime (e.g. AddressSanitizer's SIGSEGV
     * reporter, which exits with status 1) installed before the fork. */
    static const int fatal[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
    for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
      signal(fatal[i], SIG_DFL);
    _exit(fn(farg, p[1]));
  }
  close(p[1]);
  double deadline = now_s() + timeout_s;
  size_t cap = 1 << 16, len = 0;
  char *buf = malloc(cap);
  int status = 0;
  for (;;) {
    double left = deadline - now_s();
    if (left <= 0) {
      st->timed_out = 1;
      kill(-pid, SIGKILL);
      kill(pid, SIGKILL);
      break;
    }
    struct pollfd pfd = {.fd = p[0], .events = POLLIN};
    int pr = poll(&pfd, 1, left > 1.0 ? 1000 : (int)(left * 1000) + 1);
    if (pr < 0 && errno == EINTR)
      continue;
    if (pr <= 0)
      continue;
    if (buf == NULL || len == cap) {
      size_t ncap = buf ? cap * 2 : cap;
      char *nb = ncap <= BBD_WK_LINE_MAX ? realloc(buf, ncap) : NULL;
      if (nb == NULL) {
        st->line_too_long = 1;
        kill(-pid, SIGKILL);
        kill(pid, SIGKILL);
        break;
      }
      buf = nb;
      cap = ncap;
    }
    ssize_t r = read(p[0], buf + len, cap - len);
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      break; /* EOF: the child closed its end (exited) */
    len += (size_t)r;
    char *nl;
    size_t start = 0;
    while ((nl = memchr(buf + start, '\n', len - start)) != NULL) {
      *nl = '\0';
      if (on_line)
        on_line(larg, buf + start, (size_t)(nl - (buf + start)));
      start = (size_t)(nl - buf) + 1;
    }
    memmove(buf, buf + start, len - start);
    len -= start;
  }
  close(p[0]);
  /* After EOF the child is exiting; if it lingers (closed the pipe, then
   * hung) the deadline still applies. */
  for (;;) {
    pid_t w = waitpid(pid, &status, WNOHANG);
    if (w == pid)
      break;
    if (w < 0 && errno != EINTR)
      break;
    if (!st->timed_out && now_s() >= deadline) {
      st->timed_out = 1;
      kill(-pid, SIGKILL);
      kill(pid, SIGKILL);
    }
    struct timespec ts = {0, 2000000};
    nanosleep(&ts, NULL);
  }
  /* Kill what is left in the child's group, and any orphan that escaped
   * the group. */
  kill(-pid, SIGKILL);
  reap_orphans();
  free(buf);
  if (WIFEXITED(status)) {
    st->exited = 1;
    st->exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    st->signaled = 1;
    st->sig = WTERMSIG(status);
  }
  return 0;
}

void bbd_wk_child_reason(const bbd_wk_child_status_t *st, double timeout_s,
                         char *buf, size_t len) {
  if (st->timed_out)
    snprintf(buf, len, "timeout after %g s", timeout_s);
  else if (st->line_too_long)
    snprintf(buf, len, "output line longer than %u bytes", BBD_WK_LINE_MAX);
  else if (st->signaled) {
    const char *abbrev = sigabbrev_np(st->sig);
    if (abbrev)
      snprintf(buf, len, "SIG%s", abbrev);
    else
      snprintf(buf, len, "signal %d", st->sig);
  } else if (st->exited)
    snprintf(buf, len, "exited with status %d", st->exit_code);
  else
    snprintf(buf, len, "unknown termination");
}
