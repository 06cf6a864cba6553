/*
 * Runs a function in a forked child that reports JSON lines through a pipe,
 * with a wall-clock timeout. This is what makes a plugin crash, abort, exit
 * or hang cost one result: the parent never runs plugin code.
 */
#ifndef BBD_WORKER_SPAWN_H
#define BBD_WORKER_SPAWN_H

#include <stddef.h>

/* Largest line the parent accepts from a child (a result with 10,000
 * samples and a dozen counters is well below this). */
#define BBD_WK_LINE_MAX (64u << 20)

typedef struct bbd_wk_child_status {
  int exited, exit_code;
  int signaled, sig;
  int timed_out;
  int line_too_long;
} bbd_wk_child_status_t;

/* Child body: writes lines to out_fd, returns the exit code. */
typedef int (*bbd_wk_child_fn)(void *arg, int out_fd);
/* Parent callback per complete line (NUL-terminated, without "\n"). */
typedef void (*bbd_wk_line_fn)(void *arg, char *line, size_t len);

/* 0 when the child was started and reaped (see *st), or BBD_ESYS. */
int bbd_wk_spawn(bbd_wk_child_fn fn, void *farg, double timeout_s,
                 bbd_wk_line_fn on_line, void *larg, bbd_wk_child_status_t *st,
                 char *err, size_t errlen);

/* "SIGSEGV", "timeout after 5 s", "exited with status 3", ... */
void bbd_wk_child_reason(const bbd_wk_child_status_t *st, double timeout_s,
                         char *buf, size_t len);

#endif
