/*
 * Child processes on the loop: spawn a program, collect its stdout (bounded)
 * and, optionally, JSON lines from an extra pipe on fd 3, with a wall-clock
 * timeout after which the child is killed. Used for `bbd-worker describe`
 * and `bbd-worker run`; plugin code therefore never runs in the daemon.
 */
#ifndef BBD_SERVER_PROC_H
#define BBD_SERVER_PROC_H

#include <stddef.h>
#include <stdint.h>
#include <uv.h>

typedef struct bbd_proc bbd_proc_t;

typedef struct bbd_proc_opts {
  const char *file;
  char **argv;       /* NULL-terminated, argv[0] included */
  int timeout_ms;    /* 0 = none; then SIGKILL */
  size_t max_stdout; /* stdout beyond this is discarded (flagged) */
  int lines_fd3;     /* 1: open a pipe as the child's fd 3 and deliver
                        it line by line to on_line */
  size_t max_line;   /* longest accepted line on fd 3 */
  /* Called for each complete line on fd 3 (NUL-terminated, no newline). */
  void (*on_line)(void *ud, char *line, size_t len);
  /* Called once when the child has exited and every pipe is drained.
   * term_signal is non-zero if it was killed; timed_out says we killed it
   * for the timeout. stdout_buf stays owned by the proc. */
  void (*on_exit)(void *ud, int64_t exit_status, int term_signal, int timed_out,
                  const char *stdout_buf, size_t stdout_len);
  void *ud;
} bbd_proc_opts_t;

/* Starts the child. On success *out is owned by the loop and freed
 * automatically after on_exit returns. */
int bbd_proc_spawn(uv_loop_t *loop, const bbd_proc_opts_t *o, bbd_proc_t **out,
                   char *err, size_t errlen);

/* Sends a signal to the child (no-op after exit). */
void bbd_proc_kill(bbd_proc_t *p, int signum);

int bbd_proc_pid(const bbd_proc_t *p);

#endif
