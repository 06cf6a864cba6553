#include "ab.h"

#include "../stats/stats.h"
#include "../stats/stats_json.h"
#include "../store/store.h"
#include "catalog.h"
#include "err.h"
#include "events.h"
#include "queue.h"
#include "results.h"

#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_MAX_BYTES (64u << 20)

enum { ST_READY, ST_CAL, ST_ROUND, ST_OVER };

typedef struct side {
  uv_process_t proc;
  uv_pipe_t in, out;
  int handles;
  int exited, eof;
  char *lbuf;
  size_t llen, lcap;
  int overflow;
  int ready;
  struct bbd_ab *ab;
  int idx;     /* 0 = A, 1 = B */
  cJSON *info; /* the "ready" event */
  /* Raw samples of this side over all rounds. */
  uint64_t *iters;
  double *ns;
  double *cpu; /* task-clock ns per sample, NAN when the counter had none */
  size_t n, cap;
} side_t;

struct bbd_ab {
  bbd_server_t *s;
  int64_t run;
  int64_t env_id; /* environment side A reported */
  const cJSON *cfg, *plan;
  int total;
  bbd_ab_done_fn done;
  bbd_ab_progress_fn progress;
  void *ud;
  int plug_i, id_i, index, stored;
  char bench[BBD_STORE_MAX_BENCH_ID + 1];
  char files[2][4200];
  side_t *side[2];
  int alive; /* sides not yet fully closed */
  int state;
  uint64_t iters;
  double cal_npi[2]; /* ns_per_iter each side's calibration reported */
  /* Per complete round: [0] wall A, [1] wall B, [2] CPU A, [3] CPU B (ns per
   * iteration). The verdict uses CPU time while every round had it. */
  double *v[4];
  size_t n, cap;
  int cpu_ok;
  char metric_why[160];
  double park[2]; /* wall, CPU of the round's first side */
  size_t round;
  int first, turn;
  uint64_t t0;
  bbd_ab_looks_t looks;
  uv_timer_t watchdog, defer;
  int stopping, finished;
  char why[600];
  /* settings */
  bbd_ab_order_t order;
  uint64_t seed;
  bbd_ab_plan_t plan_rule;
  bbd_stats_config_t stats;
  double round_ms, warmup_s;
  int samples_per_round, timeout_ms;
};

static void next_bench(bbd_ab_t *ab);
static void bench_over(bbd_ab_t *ab, const char *fail);
static void on_defer(uv_timer_t *t);
static void on_watchdog(uv_timer_t *t);

static double numopt(const cJSON *o, const char *k, double def) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
  return cJSON_IsNumber(v) ? v->valuedouble : def;
}

/* ---- side processes ----------------------------------------------------- */

static void side_handle_closed(uv_handle_t *h) {
  side_t *sd = h->data;
  if (--sd->handles > 0)
    return;
  bbd_ab_t *ab = sd->ab;
  if (ab->side[sd->idx] == sd)
    ab->side[sd->idx] = NULL;
  free(sd->lbuf);
  free(sd->iters);
  free(sd->ns);
  free(sd->cpu);
  cJSON_Delete(sd->info);
  free(sd);
  if (--ab->alive == 0 && ab->state == ST_OVER && !ab->finished)
    uv_timer_start(&ab->defer, on_defer, 0, 0);
}

static void side_maybe_close(side_t *sd) {
  if (!sd->exited || !sd->eof)
    return;
  uv_close((uv_handle_t *)&sd->proc, side_handle_closed);
  uv_close((uv_handle_t *)&sd->in, side_handle_closed);
  uv_close((uv_handle_t *)&sd->out, side_handle_closed);
}

static void side_send(side_t *sd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

typedef struct wreq {
  uv_write_t w;
  char *buf;
} wreq_t;

static void on_sent(uv_write_t *w, int status) {
  (void)status;
  wreq_t *r = (wreq_t *)w;
  free(r->buf);
  free(r);
}

static void side_send(side_t *sd, const char *fmt, ...) {
  if (sd == NULL || sd->exited)
    return;
  wreq_t *r = calloc(1, sizeof *r);
  if (r == NULL)
    return;
  r->buf = malloc(256);
  if (r->buf == NULL) {
    free(r);
    return;
  }
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(r->buf, 256, fmt, ap);
  va_end(ap);
  uv_buf_t b = uv_buf_init(r->buf, (unsigned)(n > 0 && n < 256 ? n : 0));
  if (uv_write(&r->w, (uv_stream_t *)&sd->in, &b, 1, on_sent) < 0) {
    free(r->buf);
    free(r);
  }
}

static void add_samples(side_t *sd, const cJSON *ev) {
  const cJSON *it = cJSON_GetObjectItemCaseSensitive(
      cJSON_GetObjectItemCaseSensitive(ev, "samples"), "iters");
  const cJSON *ns = cJSON_GetObjectItemCaseSensitive(
      cJSON_GetObjectItemCaseSensitive(ev, "samples"), "ns");
  int k = cJSON_GetArraySize(it);
  if (k <= 0 || k != cJSON_GetArraySize(ns))
    return;
  if (sd->n + (size_t)k > sd->cap) {
    size_t cap = (sd->cap ? sd->cap * 2 : 256) + (size_t)k;
    uint64_t *ni = realloc(sd->iters, cap * sizeof *ni);
    if (ni == NULL)
      return;
    sd->iters = ni;
    double *nn = realloc(sd->ns, cap * sizeof *nn);
    if (nn == NULL)
      return;
    sd->ns = nn;
    double *nc = realloc(sd->cpu, cap * sizeof *nc);
    if (nc == NULL)
      return;
    sd->cpu = nc;
    sd->cap = cap;
  }
  const cJSON *tc = cJSON_GetObjectItemCaseSensitive(
      cJSON_GetObjectItemCaseSensitive(ev, "counters"), "task-clock");
  const char *tcst =
      cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(tc, "status"));
  const cJSON *tv = tcst && strcmp(tcst, "ok") == 0
                        ? cJSON_GetObjectItemCaseSensitive(tc, "values")
                        : NULL;
  for (int i = 0; i < k; i++) {
    const cJSON *a = cJSON_GetArrayItem(it, i), *b = cJSON_GetArrayItem(ns, i);
    /* Worker output is checked like any input: a count beyond 2^64 or a
     * non-finite time would be undefined to convert or poison the stats. */
    if (!cJSON_IsNumber(a) || !cJSON_IsNumber(b) || !(a->valuedouble >= 1) ||
        a->valuedouble > 1.8e19 || !isfinite(b->valuedouble) ||
        b->valuedouble < 0)
      continue;
    sd->iters[sd->n] = (uint64_t)a->valuedouble;
    sd->ns[sd->n] = b->valuedouble;
    const cJSON *c = cJSON_GetArrayItem(tv, i);
    sd->cpu[sd->n] =
        cJSON_IsNumber(c) && isfinite(c->valuedouble) && c->valuedouble >= 0
            ? c->valuedouble
            : NAN;
    sd->n++;
  }
}

int bbd_ab_round_values(const cJSON *ev, double *wall, double *cpu) {
  const cJSON *smp = cJSON_GetObjectItemCaseSensitive(ev, "samples");
  const cJSON *it = cJSON_GetObjectItemCaseSensitive(smp, "iters");
  const cJSON *ns = cJSON_GetObjectItemCaseSensitive(smp, "ns");
  const cJSON *tc = cJSON_GetObjectItemCaseSensitive(
      cJSON_GetObjectItemCaseSensitive(ev, "counters"), "task-clock");
  const char *tcst =
      cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(tc, "status"));
  const cJSON *tv = cJSON_GetObjectItemCaseSensitive(tc, "values");
  double ti = 0, tn = 0, tt = 0;
  int k = cJSON_GetArraySize(it);
  /* CPU time only when the counter was ok for every sample of the reply:
   * a partial sum would not match the iteration total. */
  int cpu_ok = tcst != NULL && strcmp(tcst, "ok") == 0 &&
               cJSON_GetArraySize(tv) == k && k > 0;
  *wall = *cpu = NAN;
  if (k != cJSON_GetArraySize(ns))
    return -1;
  for (int i = 0; i < k; i++) {
    const cJSON *a = cJSON_GetArrayItem(it, i), *b = cJSON_GetArrayItem(ns, i);
    if (cJSON_IsNumber(a) && cJSON_IsNumber(b) && isfinite(a->valuedouble) &&
        isfinite(b->valuedouble)) {
      ti += a->valuedouble;
      tn += b->valuedouble;
      const cJSON *c = cpu_ok ? cJSON_GetArrayItem(tv, i) : NULL;
      if (cJSON_IsNumber(c) && isfinite(c->valuedouble) && c->valuedouble >= 0)
        tt += c->valuedouble;
      else
        cpu_ok = 0;
    } else {
      cpu_ok = 0;
    }
  }
  if (ti > 0 && tn > 0)
    *wall = tn / ti;
  if (cpu_ok && ti > 0 && tt > 0) {
    *cpu = tt / ti;
    return 0;
  }
  return -1;
}

/* ---- stopping plan ------------------------------------------------------ */

void bbd_ab_plan_init(bbd_ab_plan_t *p, size_t min_rounds, size_t max_rounds,
                      double budget_s, double min_s, double confidence,
                      double target_width) {
  memset(p, 0, sizeof *p);
  p->min_rounds = min_rounds ? min_rounds : BBD_AB_MIN_ROUNDS;
  p->max_rounds = max_rounds ? max_rounds : BBD_AB_MAX_ROUNDS;
  if (p->max_rounds < p->min_rounds)
    p->max_rounds = p->min_rounds;
  p->budget_s = budget_s > 0 && isfinite(budget_s) ? budget_s : BBD_AB_BUDGET_S;
  if (!(min_s > 0) || !isfinite(min_s))
    min_s = BBD_AB_MIN_S;
  p->min_s = min_s < p->budget_s / 2 ? min_s : p->budget_s / 2;
  p->look_ratio = BBD_AB_LOOK_RATIO;
  p->target_width = target_width > 0 ? target_width : 0;
  p->confidence = confidence > 0 && confidence < 1 ? confidence : 0.95;
  /* Interim look times min_s * ratio^j < budget_s (at most 64 of them),
   * plus the final look at the budget or the round cap. The schedule
   * depends only on the configuration, never on the data, so the number of
   * looks is fixed in advance and a Bonferroni split of the error rate over
   * them bounds the chance that ANY look's CI misses the true change. */
  unsigned k = 0;
  for (double t = p->min_s; t < p->budget_s && k < 64; t *= p->look_ratio)
    k++;
  p->looks = k + 1;
  p->look_confidence = 1 - (1 - p->confidence) / p->looks;
}

static double look_time(const bbd_ab_plan_t *p, unsigned j) {
  return p->min_s * pow(p->look_ratio, (double)j);
}

bbd_stop_t bbd_ab_decide(const bbd_ab_plan_t *p, bbd_ab_looks_t *lk,
                         const bbd_stats_config_t *cfg, const double *a,
                         const double *b, size_t n, double elapsed_s) {
  if (elapsed_s >= p->budget_s) {
    lk->done++;
    return BBD_STOP_BUDGET;
  }
  if (n >= p->max_rounds) {
    lk->done++;
    return BBD_STOP_MAX_ROUNDS;
  }
  /* The minimum before any early stop: rounds AND seconds. */
  if (n < p->min_rounds || elapsed_s < p->min_s || lk->next + 1 >= p->looks ||
      elapsed_s < look_time(p, lk->next))
    return BBD_STOP_CONTINUE;
  /* One look, however many look times have passed (a look postponed by the
   * round minimum or a slow round does not become several looks). */
  while (lk->next + 1 < p->looks && look_time(p, lk->next) <= elapsed_s)
    lk->next++;
  lk->done++;
  bbd_stats_config_t c = *cfg;
  c.confidence = p->look_confidence;
  bbd_stop_rule_t rule = {0};
  rule.min_rounds = 1;
  rule.max_rounds = (size_t)-1;
  rule.target_width = p->target_width;
  rule.early_confidence = p->look_confidence;
  rule.budget_ns = 0;
  bbd_stop_t stop = BBD_STOP_CONTINUE;
  if (bbd_stats_paired_stop(&c, &rule, a, b, n, 0, &stop, NULL, NULL, 0) != 0)
    return BBD_STOP_CONTINUE;
  /* The stats module's budget and round cap are disabled above; only its
   * early decisions count here. */
  return stop == BBD_STOP_PRECISE || stop == BBD_STOP_BEYOND
             ? stop
             : BBD_STOP_CONTINUE;
}

/* Rounds this benchmark will probably take, for progress: the cap, or the
 * budget at the pace so far when that comes first. */
static double expected_rounds(const bbd_ab_t *ab) {
  double cap = (double)ab->plan_rule.max_rounds;
  double el = (double)(uv_hrtime() - ab->t0) / 1e9;
  if (ab->round == 0 || !(el > 0))
    return cap;
  double e = (double)ab->round * ab->plan_rule.budget_s / el;
  return e < cap ? e : cap;
}

static void publish_progress(bbd_ab_t *ab) {
  bbd_server_touch(ab->s);
  cJSON *d = cJSON_CreateObject();
  cJSON_AddNumberToObject(d, "run", (double)ab->run);
  cJSON_AddStringToObject(d, "benchmark", ab->bench);
  cJSON_AddNumberToObject(d, "index", ab->index);
  cJSON_AddNumberToObject(d, "total", ab->total);
  cJSON_AddStringToObject(d, "phase", "round");
  cJSON_AddNumberToObject(d, "sample", (double)ab->round);
  cJSON_AddNumberToObject(d, "samples", floor(expected_rounds(ab)));
  bbd_events_publish(ab->s->events, "progress", ab->run, d);
}

static void start_round(bbd_ab_t *ab) {
  ab->first = bbd_stats_ab_first(ab->order, ab->seed, ab->round);
  ab->turn = 0;
  side_send(ab->side[ab->first],
            "{\"cmd\":\"measure\",\"iters\":%llu,"
            "\"samples\":%d}\n",
            (unsigned long long)ab->iters, ab->samples_per_round);
}

static void handle_reply(bbd_ab_t *ab, side_t *sd, cJSON *ev) {
  const char *type =
      cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(ev, "event"));
  if (ab->state == ST_OVER)
    return;
  uv_timer_again(&ab->watchdog);
  if (type == NULL || strcmp(type, "error") == 0) {
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(ev, "error");
    const char *msg = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(e, "detail"), "reason"));
    if (msg == NULL)
      msg =
          cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "message"));
    char why[600];
    snprintf(why, sizeof why, "side %c: %s", sd->idx ? 'B' : 'A',
             msg ? msg : "worker error");
    bench_over(ab, why);
    return;
  }
  if (ab->state == ST_READY && strcmp(type, "ready") == 0) {
    sd->ready = 1;
    cJSON_Delete(sd->info);
    sd->info = cJSON_Duplicate(ev, 1);
    /* The run is measured in side A's environment (as its results); the
     * queue stores it like a normal run's worker environment. */
    if (sd->idx == 0 && ab->s->queue)
      bbd_queue_record_env(ab->s->queue,
                           cJSON_GetObjectItemCaseSensitive(ev, "env"),
                           &ab->env_id);
    if (ab->side[0] && ab->side[1] && ab->side[0]->ready &&
        ab->side[1]->ready) {
      ab->state = ST_CAL;
      side_send(ab->side[0], "{\"cmd\":\"calibrate\",\"warmup_s\":%.6f}\n",
                ab->warmup_s);
    }
    return;
  }
  if (ab->state == ST_CAL && strcmp(type, "calibrated") == 0) {
    /* Both sides calibrate, one after the other (never at the same time),
     * and ONE iteration count from the two is sent to both sides in every
     * round, so each pair compares the same work. */
    double npi = numopt(ev, "ns_per_iter", 0);
    ab->cal_npi[sd->idx] = npi > 0 && isfinite(npi) ? npi : 0;
    if (sd->idx == 0) {
      side_send(ab->side[1], "{\"cmd\":\"calibrate\",\"warmup_s\":%.6f}\n",
                ab->warmup_s);
      return;
    }
    /* The smaller wall time per iteration is the one less inflated by
     * waiting for a CPU (a calibration is wall time); the rounds are then
     * close to round_ms of work for the faster side. */
    double a = ab->cal_npi[0], b = ab->cal_npi[1];
    npi = a > 0 && b > 0 ? (a < b ? a : b) : (a > 0 ? a : b);
    if (!(npi > 0))
      npi = 1;
    double it = ab->round_ms * 1e6 / npi;
    if (it < 1)
      it = 1;
    if (it > 1099511627776.0)
      it = 1099511627776.0;
    ab->iters = (uint64_t)it;
    ab->state = ST_ROUND;
    ab->round = 0;
    ab->t0 = uv_hrtime();
    start_round(ab);
    return;
  }
  if (ab->state == ST_ROUND && strcmp(type, "samples") == 0) {
    int expect = ab->turn == 0 ? ab->first : 1 - ab->first;
    if (sd->idx != expect) {
      bench_over(ab, "unexpected reply order from the workers");
      return;
    }
    add_samples(sd, ev);
    double wall, cpu;
    bbd_ab_round_values(ev, &wall, &cpu);
    if (ab->turn == 0) {
      /* Park the first side's values until the round is complete. */
      ab->park[0] = wall;
      ab->park[1] = cpu;
      ab->turn = 1;
      side_send(ab->side[1 - ab->first],
                "{\"cmd\":\"measure\",\"iters\":%llu,\"samples\":%d}\n",
                (unsigned long long)ab->iters, ab->samples_per_round);
      return;
    }
    if (ab->n + 1 > ab->cap) {
      size_t cap = ab->cap ? ab->cap * 2 : 256;
      for (int i = 0; i < 4; i++) {
        double *nv = realloc(ab->v[i], cap * sizeof *nv);
        if (nv == NULL) {
          bench_over(ab, "out of memory");
          return;
        }
        ab->v[i] = nv;
      }
      ab->cap = cap;
    }
    /* [0]/[1] wall A/B, [2]/[3] CPU A/B; sd is the second side. */
    double w[2], c[2];
    w[sd->idx] = wall;
    c[sd->idx] = cpu;
    w[1 - sd->idx] = ab->park[0];
    c[1 - sd->idx] = ab->park[1];
    if (w[0] > 0 && w[1] > 0 && isfinite(w[0]) && isfinite(w[1])) {
      if (!(c[0] > 0 && c[1] > 0 && isfinite(c[0]) && isfinite(c[1])) &&
          ab->cpu_ok) {
        /* From here on the verdict is on wall time for all rounds (the
         * wall series is complete); say why in the verdict. */
        ab->cpu_ok = 0;
        snprintf(ab->metric_why, sizeof ab->metric_why,
                 "task-clock missing in round %zu (counter not available or "
                 "disabled): wall time used",
                 ab->round);
      }
      ab->v[0][ab->n] = w[0];
      ab->v[1][ab->n] = w[1];
      ab->v[2][ab->n] = c[0];
      ab->v[3][ab->n] = c[1];
      ab->n++;
    }
    ab->round++;
    if (ab->progress)
      ab->progress(ab->ud, ab->bench, ab->index, "round", (int)ab->round,
                   (int)expected_rounds(ab));
    if (ab->round % 5 == 0)
      publish_progress(ab);
    double el = (double)(uv_hrtime() - ab->t0) / 1e9;
    bbd_stop_t stop = bbd_ab_decide(&ab->plan_rule, &ab->looks, &ab->stats,
                                    ab->v[ab->cpu_ok ? 2 : 0],
                                    ab->v[ab->cpu_ok ? 3 : 1], ab->n, el);
    /* Rounds without a value (dropped above) still count for the cap. */
    if (stop == BBD_STOP_CONTINUE && ab->round >= ab->plan_rule.max_rounds) {
      ab->looks.done++;
      stop = BBD_STOP_MAX_ROUNDS;
    }
    if (stop != BBD_STOP_CONTINUE) {
      snprintf(ab->why, sizeof ab->why, "%s", bbd_stop_name(stop));
      bench_over(ab, NULL);
      return;
    }
    start_round(ab);
    return;
  }
  bench_over(ab, "unexpected reply from a worker");
}

static void on_alloc(uv_handle_t *h, size_t sug, uv_buf_t *b) {
  (void)h;
  (void)sug;
  b->base = malloc(65536);
  b->len = b->base ? 65536 : 0;
}

static void on_out(uv_stream_t *st, ssize_t n, const uv_buf_t *b) {
  side_t *sd = st->data;
  for (ssize_t i = 0; i < n; i++) {
    char c = b->base[i];
    if (c == '\n') {
      if (!sd->overflow && sd->lbuf) {
        sd->lbuf[sd->llen] = '\0';
        cJSON *ev = cJSON_ParseWithLength(sd->lbuf, sd->llen);
        if (ev != NULL)
          handle_reply(sd->ab, sd, ev);
        cJSON_Delete(ev);
      }
      sd->llen = 0;
      sd->overflow = 0;
      continue;
    }
    if (sd->overflow)
      continue;
    if (sd->llen + 2 > sd->lcap) {
      size_t cap = sd->lcap ? sd->lcap * 2 : 65536;
      if (cap > LINE_MAX_BYTES) {
        sd->overflow = 1;
        continue;
      }
      char *nb = realloc(sd->lbuf, cap);
      if (nb == NULL) {
        sd->overflow = 1;
        continue;
      }
      sd->lbuf = nb;
      sd->lcap = cap;
    }
    sd->lbuf[sd->llen++] = c;
  }
  free(b->base);
  if (n < 0) {
    uv_read_stop(st);
    sd->eof = 1;
    side_maybe_close(sd);
  }
}

static void on_exit_cb(uv_process_t *p, int64_t status, int sig) {
  side_t *sd = p->data;
  sd->exited = 1;
  bbd_ab_t *ab = sd->ab;
  if (ab->state != ST_OVER) {
    char why[160];
    snprintf(why, sizeof why, "side %c: worker %s %d", sd->idx ? 'B' : 'A',
             sig ? "died with signal" : "exited with status",
             sig ? sig : (int)status);
    bench_over(ab, why);
  }
  side_maybe_close(sd);
}

static side_t *side_spawn(bbd_ab_t *ab, int idx, char *err, size_t errlen) {
  bbd_server_t *s = ab->s;
  side_t *sd = calloc(1, sizeof *sd);
  if (sd == NULL) {
    snprintf(err, errlen, "out of memory");
    return NULL;
  }
  sd->ab = ab;
  sd->idx = idx;
  uv_pipe_init(s->loop, &sd->in, 0);
  uv_pipe_init(s->loop, &sd->out, 0);
  sd->in.data = sd->out.data = sd->proc.data = sd;
  const cJSON *set = cJSON_GetObjectItemCaseSensitive(ab->cfg, "settings");
  char *argv[96];
  char bufs[40][64];
  int argc = 0, nb = 0;
  argv[argc++] = s->cfg.worker_path;
  argv[argc++] = "serve";
  argv[argc++] = ab->files[idx];
  argv[argc++] = ab->bench;
  const cJSON *it;
  cJSON_ArrayForEach(it, set) {
    if (argc > 80 || nb > 36)
      break;
    if (strcmp(it->string, "alloc") == 0 && cJSON_IsFalse(it)) {
      argv[argc++] = "--no-alloc";
    } else if (strcmp(it->string, "counters") == 0 && cJSON_IsString(it)) {
      argv[argc++] = "--counters";
      argv[argc++] = it->valuestring;
    } else if (strcmp(it->string, "counter_mode") == 0 && cJSON_IsString(it)) {
      argv[argc++] = "--counter-mode";
      argv[argc++] = it->valuestring;
    } else if (strcmp(it->string, "clock") == 0 && cJSON_IsString(it)) {
      argv[argc++] = "--clock";
      argv[argc++] = it->valuestring;
    } else if (strcmp(it->string, "seed") == 0 ||
               strcmp(it->string, "mem_limit") == 0 ||
               strcmp(it->string, "cpu") == 0) {
      argv[argc++] = strcmp(it->string, "seed") == 0  ? "--seed"
                     : strcmp(it->string, "cpu") == 0 ? "--cpu"
                                                      : "--mem-limit";
      snprintf(bufs[nb], sizeof bufs[nb], "%.0f", it->valuedouble);
      argv[argc++] = bufs[nb++];
    }
  }
  if (!cJSON_HasObjectItem(set, "cpu") && s->cfg.worker_cpu >= 0) {
    argv[argc++] = "--cpu";
    snprintf(bufs[nb], sizeof bufs[nb], "%d", s->cfg.worker_cpu);
    argv[argc++] = bufs[nb++];
  }
  /* Parameters the benchmark's plugin declares. */
  const cJSON *sel = cJSON_GetArrayItem(ab->plan, ab->plug_i);
  const cJSON *declared = cJSON_GetObjectItemCaseSensitive(sel, "params");
  char *pbufs[16];
  int np = 0;
  cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(ab->cfg, "params")) {
    const cJSON *d;
    int known = 0;
    cJSON_ArrayForEach(d, declared) {
      if (strcmp(d->valuestring, it->string) == 0)
        known = 1;
    }
    if (!known || !cJSON_IsString(it) || np >= 16 || argc > 90)
      continue;
    size_t l = strlen(it->string) + strlen(it->valuestring) + 2;
    pbufs[np] = malloc(l);
    if (pbufs[np] == NULL)
      continue;
    snprintf(pbufs[np], l, "%s=%s", it->string, it->valuestring);
    argv[argc++] = "-p";
    argv[argc++] = pbufs[np++];
  }
  argv[argc] = NULL;
  uv_stdio_container_t stdio[3];
  stdio[0].flags = UV_CREATE_PIPE | UV_READABLE_PIPE;
  stdio[0].data.stream = (uv_stream_t *)&sd->in;
  stdio[1].flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE;
  stdio[1].data.stream = (uv_stream_t *)&sd->out;
  stdio[2].flags = UV_INHERIT_FD;
  stdio[2].data.fd = 2;
  uv_process_options_t po;
  memset(&po, 0, sizeof po);
  po.file = s->cfg.worker_path;
  po.args = argv;
  po.exit_cb = on_exit_cb;
  po.stdio = stdio;
  po.stdio_count = 3;
  int rc = uv_spawn(s->loop, &sd->proc, &po);
  for (int i = 0; i < np; i++)
    free(pbufs[i]);
  sd->handles = 3;
  ab->alive++;
  if (rc < 0) {
    snprintf(err, errlen, "spawn %.200s: %s", s->cfg.worker_path,
             uv_strerror(rc));
    sd->exited = sd->eof = 1;
    side_maybe_close(sd);
    return NULL;
  }
  uv_read_start((uv_stream_t *)&sd->out, on_alloc, on_out);
  return sd;
}

/* ---- per benchmark ------------------------------------------------------ */

static cJSON *side_result(bbd_ab_t *ab, side_t *sd, const char *fail) {
  cJSON *ev = cJSON_CreateObject();
  cJSON_AddStringToObject(ev, "id", ab->bench);
  if (fail != NULL || sd == NULL || sd->n < 2) {
    cJSON_AddStringToObject(ev, "status", "failed");
    cJSON_AddStringToObject(ev, "reason",
                            fail ? fail : "too few samples for estimates");
  } else {
    cJSON_AddStringToObject(ev, "status", "ok");
  }
  if (sd != NULL && sd->n > 0) {
    cJSON *smp = cJSON_AddObjectToObject(ev, "samples");
    cJSON *ji = cJSON_AddArrayToObject(smp, "iters");
    cJSON *jn = cJSON_AddArrayToObject(smp, "ns");
    for (size_t i = 0; i < sd->n; i++) {
      cJSON_AddItemToArray(ji, cJSON_CreateNumber((double)sd->iters[i]));
      cJSON_AddItemToArray(jn, cJSON_CreateNumber(sd->ns[i]));
    }
    /* The CPU time of every sample (what the paired verdict compares),
     * stored as the task-clock counter series next to the wall times. */
    size_t have = 0;
    for (size_t i = 0; i < sd->n; i++)
      have += isfinite(sd->cpu[i]) != 0;
    if (have > 0) {
      cJSON *tc = cJSON_AddObjectToObject(
          cJSON_AddObjectToObject(ev, "counters"), "task-clock");
      cJSON_AddStringToObject(tc, "status", "ok");
      cJSON_AddStringToObject(tc, "unit", "ns");
      cJSON *tv = cJSON_AddArrayToObject(tc, "values");
      for (size_t i = 0; i < sd->n; i++)
        cJSON_AddItemToArray(tv, isfinite(sd->cpu[i])
                                     ? cJSON_CreateNumber(sd->cpu[i])
                                     : cJSON_CreateNull());
    }
    if (sd->n >= 2) {
      bbd_stats_config_t c = ab->stats;
      /* The paired verdict is the point of an A/B run; per-side estimates
       * are descriptive, so fewer resamples keep the loop responsive. */
      c.resamples = 10000;
      bbd_sample_estimates_t est;
      if (bbd_stats_estimate(&c, sd->iters, sd->ns, sd->n, &est, NULL, 0) == 0)
        cJSON_AddItemToObject(ev, "estimates", bbd_stats_estimates_json(&est));
    }
  }
  if (sd != NULL && sd->info != NULL) {
    static const char *const keys[] = {"params", "bytes_per_iter",
                                       "elements_per_iter"};
    for (int i = 0; i < 3; i++) {
      const cJSON *x = cJSON_GetObjectItemCaseSensitive(sd->info, keys[i]);
      if (x)
        cJSON_AddItemToObject(ev, keys[i], cJSON_Duplicate(x, 1));
    }
  }
  cJSON *cfg = cJSON_AddObjectToObject(ev, "config");
  cJSON_AddStringToObject(cfg, "mode", "ab");
  cJSON_AddStringToObject(cfg, "file", ab->files[sd ? sd->idx : 0]);
  cJSON_AddNumberToObject(cfg, "iters_per_round", (double)ab->iters);
  cJSON_AddNumberToObject(cfg, "rounds", (double)ab->n);
  cJSON_AddNumberToObject(cfg, "samples_per_round", ab->samples_per_round);
  cJSON_AddStringToObject(cfg, "order",
                          ab->order == BBD_AB_RANDOM     ? "random"
                          : ab->order == BBD_AB_BALANCED ? "balanced"
                                                         : "abba");
  cJSON_AddArrayToObject(ev, "warnings");
  if (ab->env_id > 0)
    cJSON_AddNumberToObject(ev, "env_id", (double)ab->env_id);
  return ev;
}

static void store_side(bbd_ab_t *ab, int idx, const char *fail,
                       const char *verdict, int regression, int64_t *rid_out) {
  cJSON *ev = side_result(ab, ab->side[idx], fail);
  bbd_server_touch(ab->s);
  char err[512];
  int64_t rid = 0;
  if (bbd_results_store(ab->s->store, ab->run, ev, idx ? "b" : "a", &rid, err,
                        sizeof err) != 0)
    BBD_ERROR(&ab->s->log, "ab", "run %lld: store %s/%c: %s",
              (long long)ab->run, ab->bench, idx ? 'b' : 'a', err);
  else
    ab->stored++;
  if (rid > 0 && verdict != NULL)
    bbd_store_result_set_verdict(ab->s->store, rid, verdict, regression, NULL,
                                 0);
  const char *status =
      cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(ev, "status"));
  cJSON *d = cJSON_CreateObject();
  cJSON_AddNumberToObject(d, "run", (double)ab->run);
  cJSON_AddStringToObject(d, "benchmark", ab->bench);
  cJSON_AddNumberToObject(d, "index", ab->index);
  cJSON_AddNumberToObject(d, "total", ab->total);
  cJSON_AddStringToObject(d, "status", status ? status : "failed");
  cJSON_AddStringToObject(d, "variant", idx ? "b" : "a");
  if (rid > 0)
    cJSON_AddNumberToObject(d, "result_id", (double)rid);
  else
    cJSON_AddNullToObject(d, "result_id");
  if (fail)
    cJSON_AddStringToObject(d, "failure", fail);
  else
    cJSON_AddNullToObject(d, "failure");
  cJSON *vd = verdict ? cJSON_Parse(verdict) : NULL;
  const char *vn =
      cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(vd, "verdict"));
  if (vn)
    cJSON_AddStringToObject(d, "verdict", vn);
  else
    cJSON_AddNullToObject(d, "verdict");
  cJSON_Delete(vd);
  bbd_events_publish(ab->s->events, "result", ab->run, d);
  cJSON_Delete(ev);
  if (rid_out)
    *rid_out = rid;
}

static void bench_over(bbd_ab_t *ab, const char *fail) {
  if (ab->state == ST_OVER)
    return;
  ab->state = ST_OVER;
  uv_timer_stop(&ab->watchdog);
  char *verdict = NULL;
  int regression = 0;
  if (fail == NULL) {
    bbd_paired_t p, pw;
    char err[256];
    /* The verdict's CI is at the per-look level: the final look is one of
     * the planned looks, so over the whole run the chance that the CI that
     * decided misses the true change stays <= 1 - confidence. */
    bbd_stats_config_t c = ab->stats;
    c.confidence = ab->plan_rule.look_confidence;
    int cpu = ab->cpu_ok;
    if (bbd_stats_paired(&c, ab->v[cpu ? 2 : 0], ab->v[cpu ? 3 : 1], ab->n, &p,
                         err, sizeof err) == 0) {
      cJSON *v = cJSON_CreateObject();
      cJSON_AddStringToObject(v, "kind", "paired");
      cJSON_AddStringToObject(v, "verdict",
                              bbd_verdict_name(p.decision.verdict));
      cJSON_AddItemToObject(v, "decision",
                            bbd_stats_decision_json(&p.decision));
      cJSON_AddItemToObject(v, "paired", bbd_stats_paired_json(&p));
      cJSON_AddStringToObject(v, "stop", ab->why);
      cJSON_AddStringToObject(v, "metric", cpu ? "cpu" : "wall");
      if (!cpu)
        cJSON_AddStringToObject(v, "metric_reason", ab->metric_why);
      /* Wall time is reported alongside (never the verdict when CPU time
       * was available): the difference shows how much load diluted it. */
      if (cpu &&
          bbd_stats_paired(&c, ab->v[0], ab->v[1], ab->n, &pw, NULL, 0) == 0) {
        cJSON *w = cJSON_AddObjectToObject(v, "wall");
        cJSON_AddStringToObject(w, "verdict",
                                bbd_verdict_name(pw.decision.verdict));
        cJSON_AddItemToObject(w, "decision",
                              bbd_stats_decision_json(&pw.decision));
      }
      cJSON_AddNumberToObject(v, "confidence", c.confidence);
      cJSON_AddNumberToObject(v, "looks", ab->looks.done);
      cJSON_AddNumberToObject(v, "planned_looks", ab->plan_rule.looks);
      cJSON_AddNumberToObject(v, "min_rounds",
                              (double)ab->plan_rule.min_rounds);
      cJSON_AddNumberToObject(v, "min_s", ab->plan_rule.min_s);
      cJSON_AddNumberToObject(v, "rounds", (double)ab->n);
      cJSON_AddNumberToObject(v, "iters_per_round", (double)ab->iters);
      cJSON_AddNumberToObject(v, "elapsed_s",
                              (double)(uv_hrtime() - ab->t0) / 1e9);
      cJSON_AddStringToObject(v, "a_file", ab->files[0]);
      cJSON_AddStringToObject(v, "b_file", ab->files[1]);
      verdict = cJSON_PrintUnformatted(v);
      cJSON_Delete(v);
      regression = p.decision.verdict == BBD_VERDICT_REGRESSED;
    } else {
      fail = "paired analysis failed";
    }
  }
  if (!ab->stopping) {
    store_side(ab, 0, fail, NULL, 0, NULL);
    store_side(ab, 1, fail, verdict, regression, NULL);
  }
  BBD_INFO(&ab->s->log, "ab", "run %lld: %s: %zu rounds, %s",
           (long long)ab->run, ab->bench, ab->n, fail ? fail : ab->why);
  free(verdict);
  /* Let the workers end; the next benchmark starts once both are gone. */
  for (int i = 0; i < 2; i++) {
    side_t *sd = ab->side[i];
    if (sd == NULL)
      continue;
    if (fail) {
      uv_process_kill(&sd->proc, SIGKILL);
    } else {
      side_send(sd, "{\"cmd\":\"quit\"}\n");
      /* A worker stuck in teardown is killed by the watchdog below. */
    }
  }
  /* A worker stuck in teardown after "quit" is killed after 5 s. */
  if (ab->alive > 0)
    uv_timer_start(&ab->watchdog, on_watchdog, 5000, 0);
  ab->index++;
  /* Always continue from the loop, never from inside a callback chain. */
  if (ab->alive == 0)
    uv_timer_start(&ab->defer, on_defer, 0, 0);
}

static void on_watchdog(uv_timer_t *t) {
  bbd_ab_t *ab = t->data;
  if (ab->state != ST_OVER) {
    bench_over(ab, "timed out waiting for a worker reply");
    return;
  }
  for (int i = 0; i < 2; i++) {
    if (ab->side[i] && !ab->side[i]->exited)
      uv_process_kill(&ab->side[i]->proc, SIGKILL);
  }
}

static void on_defer(uv_timer_t *t) {
  next_bench(t->data);
}

static void on_timer_closed(uv_handle_t *h) {
  bbd_ab_t *ab = h->data;
  if (++ab->finished == 3)
    free(ab);
}

static void finish_all(bbd_ab_t *ab, const char *error) {
  if (ab->finished)
    return;
  ab->finished = 1;
  uv_timer_stop(&ab->watchdog);
  uv_timer_stop(&ab->defer);
  uv_close((uv_handle_t *)&ab->watchdog, on_timer_closed);
  uv_close((uv_handle_t *)&ab->defer, on_timer_closed);
  for (int i = 0; i < 4; i++) {
    free(ab->v[i]);
    ab->v[i] = NULL;
  }
  /* The owner forgets ab here; the struct is freed when both timers have
   * closed (finished counts 1 + 2 closes). */
  ab->done(ab->ud, ab->stored, error);
}

static void next_bench(bbd_ab_t *ab) {
  if (ab->finished || ab->alive > 0)
    return;
  for (;;) {
    if (ab->stopping) {
      finish_all(ab, NULL);
      return;
    }
    const cJSON *sel = cJSON_GetArrayItem(ab->plan, ab->plug_i);
    if (sel == NULL) {
      finish_all(ab, NULL);
      return;
    }
    const cJSON *id = cJSON_GetArrayItem(
        cJSON_GetObjectItemCaseSensitive(sel, "ids"), ab->id_i);
    if (id == NULL) {
      ab->plug_i++;
      ab->id_i = 0;
      continue;
    }
    ab->id_i++;
    snprintf(ab->bench, sizeof ab->bench, "%s", id->valuestring);
    const char *plugin =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(sel, "plugin"));
    const cJSON *abc = cJSON_GetObjectItemCaseSensitive(ab->cfg, "ab");
    static const char *const dirs[2] = {"a_dir", "b_dir"};
    char err[600] = "";
    int ok = 1;
    for (int i = 0; i < 2 && ok; i++) {
      snprintf(
          ab->files[i], sizeof ab->files[i], "%.4000s/%.150s.so",
          cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(abc, dirs[i])),
          plugin ? plugin : "");
      char why[512];
      if (bbd_catalog_check_dir(
              cJSON_GetStringValue(
                  cJSON_GetObjectItemCaseSensitive(abc, dirs[i])),
              why, sizeof why) != 0 ||
          bbd_catalog_check_file(ab->files[i], why, sizeof why) != 0) {
        snprintf(err, sizeof err, "%c: %s", i ? 'B' : 'A', why);
        ok = 0;
      }
    }
    ab->n = 0;
    ab->round = 0;
    ab->iters = 0;
    ab->cal_npi[0] = ab->cal_npi[1] = 0;
    ab->cpu_ok = 1;
    ab->metric_why[0] = '\0';
    memset(&ab->looks, 0, sizeof ab->looks);
    ab->why[0] = '\0';
    ab->state = ST_READY;
    cJSON *d = cJSON_CreateObject();
    cJSON_AddNumberToObject(d, "run", (double)ab->run);
    cJSON_AddStringToObject(d, "benchmark", ab->bench);
    cJSON_AddNumberToObject(d, "index", ab->index);
    cJSON_AddNumberToObject(d, "total", ab->total);
    cJSON_AddStringToObject(d, "variant", "ab");
    bbd_events_publish(ab->s->events, "start", ab->run, d);
    if (ab->progress)
      ab->progress(ab->ud, ab->bench, ab->index, "setup", 0,
                   (int)ab->plan_rule.max_rounds);
    if (ok) {
      ab->side[0] = side_spawn(ab, 0, err, sizeof err);
      if (ab->side[0] != NULL)
        ab->side[1] = side_spawn(ab, 1, err, sizeof err);
      ok = ab->side[0] != NULL && ab->side[1] != NULL;
    }
    if (!ok) {
      bench_over(ab, err); /* continues from the defer timer */
      return;
    }
    uv_timer_start(&ab->watchdog, on_watchdog, (uint64_t)ab->timeout_ms,
                   (uint64_t)ab->timeout_ms);
    return;
  }
}

bbd_ab_t *bbd_ab_start(bbd_server_t *s, int64_t run_id, const cJSON *cfg,
                       const cJSON *plan, int total, bbd_ab_done_fn done,
                       bbd_ab_progress_fn progress, void *ud) {
  bbd_ab_t *ab = calloc(1, sizeof *ab);
  if (ab == NULL)
    return NULL;
  ab->s = s;
  ab->run = run_id;
  ab->cfg = cfg;
  ab->plan = plan;
  ab->total = total;
  ab->done = done;
  ab->progress = progress;
  ab->ud = ud;
  const cJSON *abc = cJSON_GetObjectItemCaseSensitive(cfg, "ab");
  const cJSON *set = cJSON_GetObjectItemCaseSensitive(cfg, "settings");
  const cJSON *st = cJSON_GetObjectItemCaseSensitive(cfg, "stats");
  bbd_stats_config_default(&ab->stats);
  ab->stats.paired_threshold =
      numopt(abc, "threshold", BBD_STATS_DEFAULT_PAIRED_THRESHOLD);
  ab->stats.alpha = numopt(st, "alpha", BBD_STATS_DEFAULT_ALPHA);
  const char *order =
      cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(abc, "order"));
  ab->order = order && strcmp(order, "random") == 0     ? BBD_AB_RANDOM
              : order && strcmp(order, "balanced") == 0 ? BBD_AB_BALANCED
                                                        : BBD_AB_ABBA;
  ab->seed = (uint64_t)numopt(set, "seed", 1);
  /* Sizes are range-checked by the request validation (runreq.c). */
  bbd_ab_plan_init(&ab->plan_rule,
                   (size_t)numopt(abc, "min_rounds", BBD_AB_MIN_ROUNDS),
                   (size_t)numopt(abc, "max_rounds", BBD_AB_MAX_ROUNDS),
                   numopt(abc, "budget_s", BBD_AB_BUDGET_S),
                   numopt(abc, "min_s", BBD_AB_MIN_S), ab->stats.confidence,
                   numopt(abc, "target_width", 0));
  ab->round_ms = numopt(abc, "round_ms", 20);
  ab->samples_per_round = (int)numopt(abc, "samples_per_round", 1);
  ab->warmup_s = numopt(set, "warmup_s", 0.2);
  ab->timeout_ms = (int)numopt(set, "timeout_s", s->cfg.bench_timeout_s) * 1000;
  uv_timer_init(s->loop, &ab->watchdog);
  ab->watchdog.data = ab;
  uv_timer_init(s->loop, &ab->defer);
  ab->defer.data = ab;
  next_bench(ab);
  return ab;
}

void bbd_ab_stop(bbd_ab_t *ab) {
  if (ab == NULL || ab->finished)
    return;
  ab->stopping = 1;
  if (ab->state != ST_OVER)
    bench_over(ab, "cancelled");
  for (int i = 0; i < 2; i++) {
    if (ab->side[i] && !ab->side[i]->exited)
      uv_process_kill(&ab->side[i]->proc, SIGKILL);
  }
}
