#include "wait.h"

#include "api.h"
#include "exitcode.h"
#include "http.h"
#include "interrupt.h"
#include "jsonx.h"
#include "output.h"
#include "units.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

struct wait_state {
  bbctl_t *c;
  long long run;
  int style;
  int index, total, done;
  int sample, samples;
  char bench[256];
  char phase[16];
  char state[16];
  int bar_shown;
};

void bbctl_progress_line(char *buf, size_t len, int index, int total,
                         const char *bench, const char *phase, int sample,
                         int samples, int width) {
  char bar[128];
  if (width < 4)
    width = 4;
  if (width > (int)sizeof bar - 3)
    width = (int)sizeof bar - 3;
  double frac = 0;
  if (total > 0) {
    double within = samples > 0 ? (double)sample / samples : 0;
    if (within > 1)
      within = 1;
    frac = ((double)index + within) / total;
  }
  if (frac > 1)
    frac = 1;
  int fill = (int)(frac * width + 0.5);
  bar[0] = '[';
  for (int i = 0; i < width; i++)
    bar[1 + i] = i < fill ? '#' : '.';
  bar[width + 1] = ']';
  bar[width + 2] = '\0';
  char step[48] = "";
  if (phase && phase[0]) {
    if (samples > 0)
      snprintf(step, sizeof step, "  %s %d/%d", phase, sample, samples);
    else
      snprintf(step, sizeof step, "  %s", phase);
  }
  snprintf(buf, len, "%s %3d/%-3d %s%s", bar,
           index + (total > 0 && index < total ? 1 : 0), total,
           bench ? bench : "", step);
}

static void clear_bar(struct wait_state *w) {
  if (w->bar_shown) {
    fputs("\r\033[K", w->c->err);
    w->bar_shown = 0;
  }
}

static void draw_bar(struct wait_state *w) {
  char line[512];
  bbctl_progress_line(line, sizeof line, w->index, w->total, w->bench, w->phase,
                      w->sample, w->samples, 24);
  /* Keep within 100 columns so the line never wraps (a wrapped line cannot
   * be redrawn with \r). */
  if (strlen(line) > 100)
    line[100] = '\0';
  for (char *p = line; *p; p++)
    if ((unsigned char)*p < 0x20)
      *p = '?';
  fprintf(w->c->err, "\r\033[K%s", line);
  fflush(w->c->err);
  w->bar_shown = 1;
}

static void copy_str(char *dst, size_t len, const char *src) {
  snprintf(dst, len, "%s", src ? src : "");
  for (char *p = dst; *p; p++)
    if ((unsigned char)*p < 0x20 || *p == 0x7f)
      *p = '?';
}

static int on_event(void *user, const char *event, const char *data) {
  struct wait_state *w = user;
  cJSON *j = cJSON_Parse(data);
  if (j == NULL)
    return 0; /* a malformed event is skipped; polling still ends the wait */
  long long run = bbctl_jint(j, "run");
  if (run >= 0 && run != w->run) {
    cJSON_Delete(j);
    return 0;
  }
  int stop = 0;
  double total = bbctl_jnum(j, "total"), index = bbctl_jnum(j, "index");
  if (!isnan(total) && total >= 0 && total < 1e9)
    w->total = (int)total;
  if (!isnan(index) && index >= 0 && index < 1e9)
    w->index = (int)index;
  const char *bench = bbctl_jstr(j, "benchmark");
  if (bench)
    copy_str(w->bench, sizeof w->bench, bench);
  if (strcmp(event, "run") == 0) {
    const char *st = bbctl_jstr(j, "state");
    copy_str(w->state, sizeof w->state, st);
    if (w->style == BBCTL_PROGRESS_LINES && st) {
      fprintf(w->c->err, "run %lld: %s\n", w->run, w->state);
      fflush(w->c->err);
    }
    if (bbctl_run_state_terminal(st)) {
      clear_bar(w);
      stop = 1;
    }
  } else if (strcmp(event, "start") == 0) {
    w->phase[0] = '\0';
    w->sample = w->samples = 0;
  } else if (strcmp(event, "progress") == 0) {
    copy_str(w->phase, sizeof w->phase, bbctl_jstr(j, "phase"));
    double s = bbctl_jnum(j, "sample"), n = bbctl_jnum(j, "samples");
    w->sample = isnan(s) || s < 0 || s > 1e9 ? 0 : (int)s;
    w->samples = isnan(n) || n < 0 || n > 1e9 ? 0 : (int)n;
  } else if (strcmp(event, "result") == 0) {
    w->done++;
    const char *st = bbctl_jstr(j, "status");
    const char *fail = bbctl_jstr(j, "failure");
    const char *verdict = bbctl_jstr(j, "verdict");
    const char *variant = bbctl_jstr(j, "variant");
    char t[32];
    bbctl_fmt_ns(bbctl_jnum(j, "mean"), t, sizeof t);
    char line[640];
    snprintf(line, sizeof line, "[%d/%d] %s%s%s%s  %s  %s%s%s%s%s",
             w->index + 1, w->total, w->bench,
             variant && variant[0] ? " [" : "", variant ? variant : "",
             variant && variant[0] ? "]" : "", st ? st : "?", t,
             fail ? "  " : "", fail ? fail : "", verdict ? "  " : "",
             verdict ? verdict : "");
    for (char *p = line; *p; p++)
      if ((unsigned char)*p < 0x20 || *p == 0x7f)
        *p = '?';
    if (w->style == BBCTL_PROGRESS_LINES) {
      fprintf(w->c->err, "%s\n", line);
      fflush(w->c->err);
    } else if (w->style == BBCTL_PROGRESS_BAR) {
      clear_bar(w);
      fprintf(w->c->err, "%s\n", line);
    }
    w->phase[0] = '\0';
    w->sample = w->samples = 0;
    w->index++;
  }
  if (!stop && w->style == BBCTL_PROGRESS_BAR && w->total > 0)
    draw_bar(w);
  cJSON_Delete(j);
  return stop;
}

/* Polls the run; returns 1 and sets the state when it is terminal. */
static int poll_run(bbctl_t *c, struct wait_state *w, int *rc) {
  char path[64];
  snprintf(path, sizeof path, "/api/v1/runs/%lld", w->run);
  bbctl_resp_t r;
  *rc = bbctl_http(c, "GET", path, NULL, &r);
  int terminal = 0;
  if (*rc == 0) {
    const char *st = bbctl_jstr(r.json, "state");
    if (st == NULL) {
      *rc = bbctl_fail(c, BBCTL_EXIT_DAEMON,
                       "run %lld: daemon answer has no state", w->run);
    } else if (bbctl_run_state_terminal(st)) {
      copy_str(w->state, sizeof w->state, st);
      terminal = 1;
    }
  } else {
    bbctl_fail(c, *rc, "run %lld: %s", w->run, r.msg);
  }
  bbctl_resp_free(&r);
  return terminal;
}

static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

int bbctl_wait_run(bbctl_t *c, long long id, int style, char *state,
                   size_t len) {
  struct wait_state w;
  memset(&w, 0, sizeof w);
  w.c = c;
  w.run = id;
  w.style = style;
  /* bbd replays the buffered events after Last-Event-ID; "0" asks for
   * everything still buffered (of this run: ?run=), so a run that finished
   * before we connected still reports its progress and its end. */
  char path[96], last_id[64] = "0";
  snprintf(path, sizeof path, "/api/v1/events?run=%lld", id);
  int rc = 0, use_stream = 1, first_round = 1;
  bbctl_interrupt_arm(); /* idempotent; run/ab arm it earlier */
  for (;;) {
    if (bbctl_interrupted()) {
      clear_bar(&w);
      fprintf(c->err,
              "\nbbctl: stopped following run %lld; it continues on the "
              "daemon (bbctl show %lld, bbctl cancel %lld)\n",
              id, id, id);
      fflush(c->err);
      bbctl_interrupt_die();
    }
    /* The first time round, listen before polling: the run was just
     * queued, its events are buffered, and a fast run should still show
     * its progress lines. Later rounds poll first (the stream ended or went
     * quiet). */
    if (!first_round) {
      int terminal = poll_run(c, &w, &rc);
      if (rc != 0 || terminal)
        break;
    }
    first_round = 0;
    if (use_stream) {
      bbctl_resp_t r;
      int s = bbctl_http_stream(c, path, 10000, last_id, on_event, &w, &r);
      if (s == BBCTL_STREAM_STOPPED) {
        bbctl_resp_free(&r);
        break;
      }
      if (s < 0 && bbctl_interrupted()) {
        bbctl_resp_free(&r);
        continue; /* report the interruption at the top of the loop */
      }
      if (s < 0) {
        if (-s == BBCTL_EXIT_NOTFOUND || -s == BBCTL_EXIT_USAGE) {
          use_stream = 0; /* no event stream: fall back to polling */
        } else {
          clear_bar(&w);
          rc = bbctl_fail(c, -s, "events of run %lld: %s", id, r.msg);
          bbctl_resp_free(&r);
          break;
        }
      }
      bbctl_resp_free(&r);
    }
    if (!bbctl_interrupted())
      sleep_ms(use_stream ? 100 : 500);
  }
  clear_bar(&w);
  snprintf(state, len, "%s", w.state);
  return rc;
}
