#include "proc.h"

#include "err.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

struct bbd_proc {
  uv_process_t proc;
  uv_pipe_t out;
  uv_pipe_t lines;
  uv_timer_t timer;
  bbd_proc_opts_t o;
  int open_handles;
  int exited;
  int64_t exit_status;
  int term_signal;
  int timed_out;
  int out_eof, lines_eof;
  char *obuf;
  size_t olen, ocap;
  char *lbuf;
  size_t llen, lcap;
  int line_overflow;
  int done;
};

static void on_close(uv_handle_t *h) {
  bbd_proc_t *p = h->data;
  if (--p->open_handles == 0) {
    free(p->obuf);
    free(p->lbuf);
    free(p);
  }
}

static void maybe_finish(bbd_proc_t *p) {
  if (p->done || !p->exited || !p->out_eof || !p->lines_eof)
    return;
  p->done = 1;
  uv_timer_stop(&p->timer);
  if (p->o.on_exit)
    p->o.on_exit(p->o.ud, p->exit_status, p->term_signal, p->timed_out,
                 p->obuf ? p->obuf : "", p->olen);
  uv_close((uv_handle_t *)&p->proc, on_close);
  uv_close((uv_handle_t *)&p->out, on_close);
  uv_close((uv_handle_t *)&p->timer, on_close);
  if (p->o.lines_fd3)
    uv_close((uv_handle_t *)&p->lines, on_close);
}

static void on_exit_cb(uv_process_t *pr, int64_t status, int sig) {
  bbd_proc_t *p = pr->data;
  p->exited = 1;
  p->exit_status = status;
  p->term_signal = sig;
  maybe_finish(p);
}

static void on_alloc(uv_handle_t *h, size_t sug, uv_buf_t *b) {
  (void)h;
  (void)sug;
  b->base = malloc(65536);
  b->len = b->base ? 65536 : 0;
}

static void on_out(uv_stream_t *s, ssize_t n, const uv_buf_t *b) {
  bbd_proc_t *p = s->data;
  if (n > 0) {
    size_t take = (size_t)n;
    if (p->olen + take > p->o.max_stdout)
      take = p->o.max_stdout > p->olen ? p->o.max_stdout - p->olen : 0;
    if (take > 0 && p->olen + take + 1 > p->ocap) {
      size_t cap = p->ocap ? p->ocap * 2 : 4096;
      while (cap < p->olen + take + 1)
        cap *= 2;
      char *nb = realloc(p->obuf, cap);
      if (nb == NULL)
        take = 0;
      else {
        p->obuf = nb;
        p->ocap = cap;
      }
    }
    if (take > 0) {
      memcpy(p->obuf + p->olen, b->base, take);
      p->olen += take;
      p->obuf[p->olen] = '\0';
    }
  }
  free(b->base);
  if (n < 0) {
    uv_read_stop(s);
    p->out_eof = 1;
    maybe_finish(p);
  }
}

static void on_lines(uv_stream_t *s, ssize_t n, const uv_buf_t *b) {
  bbd_proc_t *p = s->data;
  for (ssize_t i = 0; i < n; i++) {
    char c = b->base[i];
    if (c == '\n') {
      if (!p->line_overflow && p->lbuf != NULL) {
        p->lbuf[p->llen] = '\0';
        if (p->o.on_line)
          p->o.on_line(p->o.ud, p->lbuf, p->llen);
      }
      p->llen = 0;
      p->line_overflow = 0;
      continue;
    }
    if (p->line_overflow)
      continue;
    if (p->llen + 2 > p->lcap) {
      size_t cap = p->lcap ? p->lcap * 2 : 65536;
      if (cap > p->o.max_line + 2)
        cap = p->o.max_line + 2;
      if (p->llen + 2 > cap) {
        /* A line longer than the bound is dropped whole rather than cut:
         * half a JSON document is worse than none. */
        p->line_overflow = 1;
        continue;
      }
      char *nb = realloc(p->lbuf, cap);
      if (nb == NULL) {
        p->line_overflow = 1;
        continue;
      }
      p->lbuf = nb;
      p->lcap = cap;
    }
    p->lbuf[p->llen++] = c;
  }
  free(b->base);
  if (n < 0) {
    uv_read_stop(s);
    p->lines_eof = 1;
    maybe_finish(p);
  }
}

static void on_timeout(uv_timer_t *t) {
  bbd_proc_t *p = t->data;
  if (!p->exited) {
    p->timed_out = 1;
    uv_process_kill(&p->proc, SIGKILL);
  }
}

int bbd_proc_spawn(uv_loop_t *loop, const bbd_proc_opts_t *o, bbd_proc_t **out,
                   char *err, size_t errlen) {
  bbd_proc_t *p = calloc(1, sizeof *p);
  if (p == NULL)
    return bbd_errf(BBD_ENOMEM, err, errlen, "out of memory");
  p->o = *o;
  if (p->o.max_stdout == 0)
    p->o.max_stdout = 4u << 20;
  if (p->o.max_line == 0)
    p->o.max_line = 64u << 20;
  uv_pipe_init(loop, &p->out, 0);
  p->out.data = p;
  uv_timer_init(loop, &p->timer);
  p->timer.data = p;
  p->proc.data = p;
  if (o->lines_fd3) {
    uv_pipe_init(loop, &p->lines, 0);
    p->lines.data = p;
  } else {
    p->lines_eof = 1;
  }

  uv_stdio_container_t stdio[4];
  stdio[0].flags = UV_IGNORE;
  stdio[1].flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE;
  stdio[1].data.stream = (uv_stream_t *)&p->out;
  /* The worker's stderr (its log lines) goes to the daemon's stderr, so it
   * lands in the journal next to ours. */
  stdio[2].flags = UV_INHERIT_FD;
  stdio[2].data.fd = 2;
  int nstdio = 3;
  if (o->lines_fd3) {
    stdio[3].flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE;
    stdio[3].data.stream = (uv_stream_t *)&p->lines;
    nstdio = 4;
  }
  uv_process_options_t po;
  memset(&po, 0, sizeof po);
  po.file = o->file;
  po.args = o->argv;
  po.exit_cb = on_exit_cb;
  po.stdio = stdio;
  po.stdio_count = nstdio;
  int rc = uv_spawn(loop, &p->proc, &po);
  if (rc < 0) {
    /* uv_spawn failed: the process handle still must be closed. */
    p->open_handles = o->lines_fd3 ? 4 : 3;
    uv_close((uv_handle_t *)&p->proc, on_close);
    uv_close((uv_handle_t *)&p->out, on_close);
    uv_close((uv_handle_t *)&p->timer, on_close);
    if (o->lines_fd3)
      uv_close((uv_handle_t *)&p->lines, on_close);
    return bbd_errf(BBD_ESYS, err, errlen, "spawn %s: %s", o->file,
                    uv_strerror(rc));
  }
  p->open_handles = o->lines_fd3 ? 4 : 3;
  uv_read_start((uv_stream_t *)&p->out, on_alloc, on_out);
  if (o->lines_fd3)
    uv_read_start((uv_stream_t *)&p->lines, on_alloc, on_lines);
  if (o->timeout_ms > 0)
    uv_timer_start(&p->timer, on_timeout, (uint64_t)o->timeout_ms, 0);
  if (out)
    *out = p;
  return 0;
}

void bbd_proc_kill(bbd_proc_t *p, int signum) {
  if (p != NULL && !p->exited)
    uv_process_kill(&p->proc, signum);
}

int bbd_proc_pid(const bbd_proc_t *p) {
  return p ? p->proc.pid : 0;
}
