#include "render.h"

#include "exitcode.h"
#include "jsonx.h"
#include "output.h"
#include "table.h"
#include "units.h"

#include <math.h>
#include <string.h>

void bbctl_tally_add(bbctl_tally_t *t, const char *verdict) {
  switch (bbctl_verdict_parse(verdict)) {
  case BBCTL_V_REGRESSED:
    t->regressed++;
    break;
  case BBCTL_V_IMPROVED:
    t->improved++;
    break;
  case BBCTL_V_UNCHANGED:
    t->unchanged++;
    break;
  case BBCTL_V_INCONCLUSIVE:
    t->inconclusive++;
    break;
  case BBCTL_V_INCOMPARABLE:
    t->incomparable++;
    break;
  case BBCTL_V_FAILED:
    t->failed++;
    break;
  default:
    break;
  }
}

void bbctl_tally_line(const bbctl_tally_t *t, char *buf, size_t len) {
  snprintf(buf, len,
           "%d regressed, %d improved, %d unchanged, %d inconclusive%s%.0d%s, "
           "%d failed",
           t->regressed, t->improved, t->unchanged, t->inconclusive,
           t->incomparable ? ", " : "", t->incomparable,
           t->incomparable ? " incomparable" : "", t->failed);
}

static int tally_exit(const bbctl_tally_t *t, const bbctl_verdict_opts_t *o) {
  int rc = 0;
  if (t->inconclusive && o->fail_on_inconclusive)
    rc = bbctl_exit_worst(rc, BBCTL_EXIT_INCONCLUSIVE);
  if (t->regressed)
    rc = bbctl_exit_worst(rc, BBCTL_EXIT_REGRESSED);
  if (t->failed)
    rc = bbctl_exit_worst(rc, BBCTL_EXIT_FAILED);
  if (t->incomparable)
    rc = bbctl_exit_worst(rc, BBCTL_EXIT_INCOMPARABLE);
  return rc;
}

void bbctl_render_run_header(bbctl_t *c, const cJSON *run) {
  const char *state = bbctl_jstr(run, "state");
  double dur = bbctl_jnum(run, "duration_s");
  double nb = bbctl_jnum(run, "benchmark_count");
  char id[32] = "?", d[32];
  bbctl_jid(run, "id", id, sizeof id);
  fprintf(c->out, "run %s %s", id, state ? state : "?");
  const char *mode = bbctl_jstr(run, "mode");
  if (mode && strcmp(mode, "normal") != 0)
    fprintf(c->out, " (%s)", mode);
  if (!isnan(nb))
    fprintf(c->out, ", %.0f benchmark%s", nb, nb == 1 ? "" : "s");
  if (!isnan(dur))
    fprintf(c->out, ", %s", bbctl_fmt_ns(dur * 1e9, d, sizeof d));
  const char *at = bbctl_jstr(run, "created_at");
  if (at)
    fprintf(c->out, ", created %s", at);
  fputc('\n', c->out);
  const cJSON *tags = bbctl_jget(run, "tags");
  if (cJSON_IsObject(tags) && tags->child) {
    fputs("tags:", c->out);
    const cJSON *it;
    cJSON_ArrayForEach(it, tags) {
      if (cJSON_IsString(it))
        fprintf(c->out, " %s=%s", it->string, it->valuestring);
    }
    fputc('\n', c->out);
  }
  const char *err = bbctl_jstr(run, "error");
  if (err)
    fprintf(c->out, "error: %s\n", err);
}

static const cJSON *results_of(const cJSON *run) {
  const cJSON *r = bbctl_jget(run, "results");
  return cJSON_IsArray(r) ? r : NULL;
}

/* The verdict name of a result, or NULL when not compared. */
static const char *result_verdict(const cJSON *res) {
  const char *v = bbctl_jstr(res, "verdict.verdict");
  if (v == NULL)
    v = bbctl_jstr(res, "verdict"); /* tolerate a flat string */
  return v;
}

static int result_failed(const cJSON *res) {
  const char *st = bbctl_jstr(res, "status");
  return st && strcmp(st, "ok") != 0;
}

int bbctl_results_exit(const cJSON *run, const bbctl_verdict_opts_t *o,
                       bbctl_tally_t *t) {
  memset(t, 0, sizeof *t);
  const cJSON *res;
  cJSON_ArrayForEach(res, results_of(run)) {
    t->results++;
    if (result_failed(res)) {
      t->failed++;
      continue;
    }
    const char *v = result_verdict(res);
    if (v)
      bbctl_tally_add(t, v);
  }
  return tally_exit(t, o);
}

static void time_cell(const cJSON *res, char *buf, size_t len) {
  bbctl_fmt_ns(bbctl_jnum(res, "mean"), buf, len);
}

void bbctl_result_mean_ci(const cJSON *res, double *point, double *lo,
                          double *hi) {
  *point = bbctl_jnum(res, "mean");
  *lo = bbctl_jnum(res, "estimates.mean.lo");
  *hi = bbctl_jnum(res, "estimates.mean.hi");
  if (isnan(*point))
    *point = bbctl_jnum(res, "estimates.mean.point");
  if (!isnan(*lo) && !isnan(*hi))
    return;
  /* No mean CI: the top-level CI is the slope's if there is a slope, else
   * the mean's (docs/API.md, results.c). */
  if (isnan(bbctl_jnum(res, "slope"))) {
    *lo = bbctl_jnum(res, "ci_low");
    *hi = bbctl_jnum(res, "ci_high");
  }
}

/* "±1.2%" half-width of the mean's CI relative to the mean. */
static void ci_cell(const cJSON *res, char *buf, size_t len) {
  double m, lo, hi;
  bbctl_result_mean_ci(res, &m, &lo, &hi);
  if (isnan(m) || isnan(lo) || isnan(hi) || m <= 0) {
    snprintf(buf, len, "-");
    return;
  }
  snprintf(buf, len, "±%.1f%%", (hi - lo) / 2.0 / m * 100.0);
}

void bbctl_result_throughput(const cJSON *res, double *bytes_per_s,
                             double *elems_per_s) {
  double mib = bbctl_jnum(res, "estimates.throughput.mib_per_s");
  double el = bbctl_jnum(res, "estimates.throughput.elems_per_s");
  double mean = bbctl_jnum(res, "mean");
  if (isnan(mib)) {
    double b = bbctl_jnum(res, "estimates.bytes_per_iter");
    if (!isnan(b) && b > 0 && !isnan(mean) && mean > 0)
      mib = b / mean * 1e9 / 1048576.0;
  }
  if (isnan(el)) {
    double e = bbctl_jnum(res, "estimates.elements_per_iter");
    if (!isnan(e) && e > 0 && !isnan(mean) && mean > 0)
      el = e / mean * 1e9;
  }
  *bytes_per_s = !isnan(mib) && mib > 0 ? mib * 1048576.0 : NAN;
  *elems_per_s = !isnan(el) && el > 0 ? el : NAN;
}

static void tput_cell(const cJSON *res, char *buf, size_t len) {
  double bps, eps;
  bbctl_result_throughput(res, &bps, &eps);
  if (!isnan(bps))
    bbctl_fmt_bytes_per_s(bps, buf, len);
  else if (!isnan(eps))
    bbctl_fmt_elems_per_s(eps, buf, len);
  else
    snprintf(buf, len, "-");
}

static void alloc_cell(const cJSON *res, char *buf, size_t len) {
  const char *st = bbctl_jstr(res, "alloc.status");
  double a = bbctl_jnum(res, "alloc.allocs_per_op");
  double b = bbctl_jnum(res, "alloc.bytes_per_op");
  if ((st && strcmp(st, "ok") != 0) || isnan(a)) {
    snprintf(buf, len, "-");
    return;
  }
  char x[32], y[32];
  snprintf(buf, len, "%s (%s)", bbctl_fmt_count(a, x, sizeof x),
           bbctl_fmt_bytes(isnan(b) ? 0 : b, y, sizeof y));
}

static void change_cells(const cJSON *dec, char *chg, size_t clen, char *ci,
                         size_t cilen) {
  double ch = bbctl_jnum(dec, "change"), lo = bbctl_jnum(dec, "lo"),
         hi = bbctl_jnum(dec, "hi");
  bbctl_fmt_pct(ch * 100.0, chg, clen);
  bbctl_fmt_pct_ci(lo * 100.0, hi * 100.0, ci, cilen);
}

static void bench_label(const cJSON *res, char *buf, size_t len) {
  const char *b = bbctl_jstr(res, "benchmark");
  const char *v = bbctl_jstr(res, "variant");
  if (v && v[0])
    snprintf(buf, len, "%s [%s]", b ? b : "?", v);
  else
    snprintf(buf, len, "%s", b ? b : "?");
}

static void notes(bbctl_t *c, const cJSON *results) {
  const cJSON *res;
  int first = 1;
  cJSON_ArrayForEach(res, results) {
    char label[300];
    bench_label(res, label, sizeof label);
    const char *fail = bbctl_jstr(res, "failure");
    if (result_failed(res)) {
      if (first)
        fputc('\n', c->out);
      first = 0;
      fprintf(c->out, "%s: FAILED: %s\n", label, fail ? fail : "(no reason)");
    }
    const cJSON *w;
    cJSON_ArrayForEach(w, bbctl_jget(res, "warnings")) {
      const char *code = bbctl_jstr(w, "code");
      const char *msg = bbctl_jstr(w, "message");
      if (first)
        fputc('\n', c->out);
      first = 0;
      fprintf(c->out, "%s: warning: %s%s%s\n", label, code ? code : "",
              code && msg ? ": " : "", msg ? msg : "");
    }
    const char *strad = bbctl_jstr(res, "verdict.decision.straddle");
    double mde = bbctl_jnum(res, "verdict.decision.mde");
    const char *v = result_verdict(res);
    if (v && strcmp(v, "inconclusive") == 0) {
      if (first)
        fputc('\n', c->out);
      first = 0;
      fprintf(c->out, "%s: inconclusive (%s)", label, strad ? strad : "?");
      if (!isnan(mde))
        fprintf(c->out, "; smallest detectable change with this data: %.1f%%",
                mde * 100.0);
      fputc('\n', c->out);
    }
  }
}

/* The CI level of an A/B verdict is corrected for the planned looks of the
 * sequential stop, and the rounds are compared on CPU time when the worker
 * had task-clock: say both, since neither is the usual "95% CI on time". */
static void ab_method_note(bbctl_t *c, const cJSON *b) {
  if (b == NULL)
    return;
  double conf = bbctl_jnum(b, "verdict.confidence");
  double looks = bbctl_jnum(b, "verdict.planned_looks");
  const char *metric = bbctl_jstr(b, "verdict.metric");
  if (isnan(conf))
    return;
  fprintf(c->out, "CI: %.2f%% level", conf * 100.0);
  if (!isnan(looks) && looks > 1)
    fprintf(c->out, " (95%% split over %.0f planned looks)", looks);
  if (metric)
    fprintf(c->out, "; rounds compared on %s",
            strcmp(metric, "cpu") == 0 ? "CPU time (task-clock)" : "wall time");
  fputc('\n', c->out);
}

static int render_ab(bbctl_t *c, const cJSON *results,
                     const bbctl_verdict_opts_t *o, bbctl_tally_t *t) {
  bbctl_table_t tb;
  static const char *const head[] = {
      "BENCHMARK", ">A", ">B", ">CHANGE", ">CI", "VERDICT", ">ROUNDS", "STOP"};
  bbctl_table_init(&tb, 8, head);
  const cJSON *first_b = NULL;
  const cJSON *res;
  /* The b result carries the paired verdict; a holds A's time. */
  cJSON_ArrayForEach(res, results) {
    const char *var = bbctl_jstr(res, "variant");
    if (var == NULL || strcmp(var, "b") != 0)
      continue;
    const char *bench = bbctl_jstr(res, "benchmark");
    if (first_b == NULL && bbctl_jget(res, "verdict.confidence") != NULL)
      first_b = res;
    const cJSON *a = NULL, *x;
    cJSON_ArrayForEach(x, results) {
      const char *xv = bbctl_jstr(x, "variant");
      const char *xb = bbctl_jstr(x, "benchmark");
      if (xv && strcmp(xv, "a") == 0 && xb && bench && strcmp(xb, bench) == 0)
        a = x;
    }
    long r = bbctl_table_add_row(&tb);
    if (r < 0)
      break;
    char ta[32], tbuf[32], chg[32], ci[64];
    time_cell(a, ta, sizeof ta);
    time_cell(res, tbuf, sizeof tbuf);
    const char *v = result_verdict(res);
    int failed = result_failed(res) || (a && result_failed(a));
    if (failed)
      v = "failed";
    change_cells(bbctl_jget(res, "verdict.decision"), chg, sizeof chg, ci,
                 sizeof ci);
    bbctl_table_set(&tb, (size_t)r, 0, bench, BBCTL_C_NONE);
    bbctl_table_set(&tb, (size_t)r, 1, ta, BBCTL_C_NONE);
    bbctl_table_set(&tb, (size_t)r, 2, tbuf, BBCTL_C_NONE);
    bbctl_table_set(&tb, (size_t)r, 3, chg, BBCTL_C_NONE);
    bbctl_table_set(&tb, (size_t)r, 4, ci, BBCTL_C_NONE);
    bbctl_table_set(&tb, (size_t)r, 5, v ? v : "-",
                    bbctl_verdict_color(bbctl_verdict_parse(v)));
    double rounds = bbctl_jnum(res, "verdict.paired.rounds");
    if (!isnan(rounds))
      bbctl_table_setf(&tb, (size_t)r, 6, BBCTL_C_NONE, "%.0f", rounds);
    bbctl_table_set(&tb, (size_t)r, 7, bbctl_jstr(res, "verdict.stop"),
                    BBCTL_C_NONE);
  }
  bbctl_table_print(&tb, c->out, c->color);
  bbctl_table_free(&tb);
  ab_method_note(c, first_b);
  notes(c, results);
  memset(t, 0, sizeof *t);
  cJSON_ArrayForEach(res, results) {
    const char *var = bbctl_jstr(res, "variant");
    if (result_failed(res)) {
      t->failed++;
      continue;
    }
    if (var && strcmp(var, "b") == 0) {
      t->results++;
      const char *v = result_verdict(res);
      if (v)
        bbctl_tally_add(t, v);
    }
  }
  return tally_exit(t, o);
}

int bbctl_render_results(bbctl_t *c, const cJSON *run,
                         const bbctl_verdict_opts_t *o, bbctl_tally_t *t) {
  const cJSON *results = results_of(run);
  const char *mode = bbctl_jstr(run, "mode");
  if (results == NULL || cJSON_GetArraySize(results) == 0) {
    fputs("no results\n", c->out);
    return bbctl_results_exit(run, o, t);
  }
  int has_b = 0;
  const cJSON *x;
  cJSON_ArrayForEach(x, results) {
    const char *v = bbctl_jstr(x, "variant");
    has_b |= v && strcmp(v, "b") == 0;
  }
  if (mode && strcmp(mode, "ab") == 0 && has_b)
    return render_ab(c, results, o, t);
  if (mode && strcmp(mode, "ab") == 0)
    fputs("note: this A/B run has no paired (a/b) results; showing what the "
          "daemon stored\n",
          c->out);
  int compared = 0;
  const cJSON *res;
  cJSON_ArrayForEach(res, results) compared |= result_verdict(res) != NULL;
  bbctl_table_t tb;
  static const char *const head[] = {"BENCHMARK",   ">TIME/ITER", ">CI",
                                     ">THROUGHPUT", ">ALLOCS/OP", "STATUS",
                                     ">CHANGE",     ">95% CI",    "VERDICT"};
  bbctl_table_init(&tb, compared ? 9 : 6, head);
  cJSON_ArrayForEach(res, results) {
    long r = bbctl_table_add_row(&tb);
    if (r < 0)
      break;
    char label[300], tm[32], ci[32], tp[32], al[64];
    bench_label(res, label, sizeof label);
    time_cell(res, tm, sizeof tm);
    ci_cell(res, ci, sizeof ci);
    tput_cell(res, tp, sizeof tp);
    alloc_cell(res, al, sizeof al);
    int failed = result_failed(res);
    const char *st = bbctl_jstr(res, "status");
    bbctl_table_set(&tb, (size_t)r, 0, label, BBCTL_C_NONE);
    bbctl_table_set(&tb, (size_t)r, 1, tm, BBCTL_C_NONE);
    bbctl_table_set(&tb, (size_t)r, 2, ci, BBCTL_C_NONE);
    bbctl_table_set(&tb, (size_t)r, 3, tp, BBCTL_C_NONE);
    bbctl_table_set(&tb, (size_t)r, 4, al, BBCTL_C_NONE);
    bbctl_table_set(&tb, (size_t)r, 5, st ? st : "?",
                    failed ? BBCTL_C_BOLD_RED : BBCTL_C_NONE);
    if (compared) {
      char chg[32], cci[64];
      const char *v = result_verdict(res);
      change_cells(bbctl_jget(res, "verdict.decision"), chg, sizeof chg, cci,
                   sizeof cci);
      bbctl_table_set(&tb, (size_t)r, 6, chg, BBCTL_C_NONE);
      bbctl_table_set(&tb, (size_t)r, 7, cci, BBCTL_C_NONE);
      bbctl_table_set(&tb, (size_t)r, 8, v ? v : "-",
                      bbctl_verdict_color(bbctl_verdict_parse(v)));
    }
  }
  bbctl_table_print(&tb, c->out, c->color);
  bbctl_table_free(&tb);
  notes(c, results);
  int rc = bbctl_results_exit(run, o, t);
  if (compared) {
    char line[256];
    bbctl_tally_line(t, line, sizeof line);
    const char *against =
        bbctl_jstr(results->child, "verdict.against.baseline");
    char arun[32];
    if (bbctl_jid(results->child, "verdict.against.run", arun, sizeof arun) ==
        NULL)
      snprintf(arun, sizeof arun, "?");
    fprintf(c->out, "\nagainst %s%s", against ? "baseline " : "run ",
            against ? against : arun);
    fprintf(c->out, ": %s\n", line);
  }
  return rc;
}

/* ---------------------------------------------------------- compare */

static const char *cmp_verdict(const cJSON *b) {
  const char *v = bbctl_jstr(b, "verdict");
  return v;
}

int bbctl_compare_exit(const cJSON *cmp, const bbctl_verdict_opts_t *o,
                       bbctl_tally_t *t) {
  memset(t, 0, sizeof *t);
  const cJSON *b;
  cJSON_ArrayForEach(b, bbctl_jget(cmp, "benchmarks")) {
    t->results++;
    const char *bst = bbctl_jstr(b, "b.status");
    if (bst && strcmp(bst, "ok") != 0) {
      t->failed++;
      continue;
    }
    const char *v = cmp_verdict(b);
    if (v)
      bbctl_tally_add(t, v);
  }
  return tally_exit(t, o);
}

/* Finds the result of `bench`/`variant` in a run object. */
static const cJSON *find_result(const cJSON *run, const char *bench,
                                const char *variant) {
  const cJSON *res;
  cJSON_ArrayForEach(res, results_of(run)) {
    const char *b = bbctl_jstr(res, "benchmark");
    const char *v = bbctl_jstr(res, "variant");
    if (b && bench && strcmp(b, bench) == 0 &&
        strcmp(v ? v : "", variant ? variant : "") == 0)
      return res;
  }
  return NULL;
}

/* Counter value per iteration (median) of a result, or NAN. */
static double counter_value(const cJSON *res, const char *name) {
  const cJSON *ctr =
      cJSON_GetObjectItemCaseSensitive(bbctl_jget(res, "counters"), name);
  const char *st = bbctl_jstr(ctr, "status");
  if (st == NULL || strcmp(st, "ok") != 0)
    return NAN;
  double v = bbctl_jnum(ctr, "per_iter");
  if (isnan(v))
    v = bbctl_jnum(ctr, "per_iter.median.point");
  if (isnan(v))
    v = bbctl_jnum(ctr, "per_iter.mean.point");
  if (isnan(v))
    v = bbctl_jnum(ctr, "per_iter.median");
  return v;
}

/* kind: 0 count, 1 bytes, 2 nanoseconds. */
static void delta_row(bbctl_table_t *tb, const char *bench, const char *metric,
                      double a, double b, int kind) {
  if (isnan(a) && isnan(b))
    return;
  if ((isnan(a) || a == 0) && (isnan(b) || b == 0))
    return; /* nothing on either side: not worth a row */
  long r = bbctl_table_add_row(tb);
  if (r < 0)
    return;
  char x[32], y[32];
  bbctl_table_set(tb, (size_t)r, 0, bench, BBCTL_C_NONE);
  bbctl_table_set(tb, (size_t)r, 1, metric, BBCTL_C_NONE);
  char *(*fmt)(double, char *, size_t) = kind == 1   ? bbctl_fmt_bytes
                                         : kind == 2 ? bbctl_fmt_ns
                                                     : bbctl_fmt_count;
  bbctl_table_set(tb, (size_t)r, 2, fmt(a, x, sizeof x), BBCTL_C_NONE);
  bbctl_table_set(tb, (size_t)r, 3, fmt(b, y, sizeof y), BBCTL_C_NONE);
  if (!isnan(a) && !isnan(b) && a != 0)
    bbctl_table_set(tb, (size_t)r, 4,
                    bbctl_fmt_pct((b / a - 1) * 100, x, sizeof x),
                    BBCTL_C_NONE);
  else
    bbctl_table_set(tb, (size_t)r, 4, "-", BBCTL_C_NONE);
}

static void render_deltas(bbctl_t *c, const cJSON *cmp, const cJSON *ra,
                          const cJSON *rb) {
  bbctl_table_t tb;
  static const char *const head[] = {"BENCHMARK", "PER ITERATION", ">BASE",
                                     ">HEAD", ">DELTA"};
  bbctl_table_init(&tb, 5, head);
  const cJSON *b;
  cJSON_ArrayForEach(b, bbctl_jget(cmp, "benchmarks")) {
    const char *bench = bbctl_jstr(b, "benchmark");
    const char *var = bbctl_jstr(b, "variant");
    const cJSON *xa = find_result(ra, bench, var);
    const cJSON *xb = find_result(rb, bench, var);
    if (xa == NULL || xb == NULL)
      continue;
    delta_row(&tb, bench, "allocs", bbctl_jnum(xa, "alloc.allocs_per_op"),
              bbctl_jnum(xb, "alloc.allocs_per_op"), 0);
    delta_row(&tb, bench, "alloc bytes", bbctl_jnum(xa, "alloc.bytes_per_op"),
              bbctl_jnum(xb, "alloc.bytes_per_op"), 1);
    const cJSON *ctr;
    cJSON_ArrayForEach(ctr, bbctl_jget(xa, "counters")) {
      if (ctr->string == NULL)
        continue;
      const char *unit = bbctl_jstr(ctr, "unit");
      delta_row(&tb, bench, ctr->string, counter_value(xa, ctr->string),
                counter_value(xb, ctr->string),
                unit && strcmp(unit, "ns") == 0 ? 2 : 0);
    }
  }
  if (tb.nrows) {
    fputs("\nCounter and allocation deltas (median per iteration):\n", c->out);
    bbctl_table_print(&tb, c->out, c->color);
  }
  bbctl_table_free(&tb);
}

int bbctl_render_compare(bbctl_t *c, const cJSON *cmp, const cJSON *base_run,
                         const cJSON *head_run, const bbctl_verdict_opts_t *o,
                         bbctl_tally_t *t) {
  char ida[32] = "?", idb[32] = "?";
  bbctl_jid(cmp, "a.run", ida, sizeof ida);
  bbctl_jid(cmp, "b.run", idb, sizeof idb);
  const char *bla = bbctl_jstr(cmp, "a.baseline");
  const char *blb = bbctl_jstr(cmp, "b.baseline");
  fprintf(c->out, "base: run %s%s%s%s   head: run %s%s%s%s\n", ida,
          bla ? " (baseline " : "", bla ? bla : "", bla ? ")" : "", idb,
          blb ? " (baseline " : "", blb ? blb : "", blb ? ")" : "");
  const cJSON *comparable = bbctl_jget(cmp, "comparable");
  const cJSON *diffs = bbctl_jget(cmp, "env_diffs");
  if (cJSON_IsArray(diffs) && cJSON_GetArraySize(diffs) > 0) {
    fprintf(c->out, "environments differ%s:\n",
            cJSON_IsTrue(bbctl_jget(cmp, "forced")) ? " (compared anyway, "
                                                      "--force)"
                                                    : "");
    const cJSON *d;
    cJSON_ArrayForEach(d, diffs) {
      const char *k = bbctl_jstr(d, "key");
      const char *a = bbctl_jstr(d, "a");
      const char *b = bbctl_jstr(d, "b");
      fprintf(c->out, "  %-14s %s -> %s\n", k ? k : "?", a ? a : "(absent)",
              b ? b : "(absent)");
    }
  }
  /* BASE and HEAD are the means of what was compared. */
  const char *metric = bbctl_jstr(cmp, "metric");
  if (metric && strcmp(metric, "cpu") == 0)
    fputs("metric: CPU time per iteration (task-clock)\n", c->out);
  bbctl_table_t tb;
  static const char *const head[] = {"BENCHMARK", ">BASE",   ">HEAD", ">CHANGE",
                                     ">95% CI",   "VERDICT", "NOTE"};
  bbctl_table_init(&tb, 7, head);
  const cJSON *b;
  cJSON_ArrayForEach(b, bbctl_jget(cmp, "benchmarks")) {
    long r = bbctl_table_add_row(&tb);
    if (r < 0)
      break;
    char label[300], ta[32], tbb[32], chg[32], ci[64];
    bench_label(b, label, sizeof label);
    bbctl_fmt_ns(bbctl_jnum(b, "a.mean"), ta, sizeof ta);
    bbctl_fmt_ns(bbctl_jnum(b, "b.mean"), tbb, sizeof tbb);
    change_cells(bbctl_jget(b, "decision"), chg, sizeof chg, ci, sizeof ci);
    const char *v = cmp_verdict(b);
    const char *bst = bbctl_jstr(b, "b.status");
    if (bst && strcmp(bst, "ok") != 0)
      v = "failed";
    bbctl_table_set(&tb, (size_t)r, 0, label, BBCTL_C_NONE);
    bbctl_table_set(&tb, (size_t)r, 1, ta, BBCTL_C_NONE);
    bbctl_table_set(&tb, (size_t)r, 2, tbb, BBCTL_C_NONE);
    bbctl_table_set(&tb, (size_t)r, 3, chg, BBCTL_C_NONE);
    bbctl_table_set(&tb, (size_t)r, 4, ci, BBCTL_C_NONE);
    bbctl_table_set(&tb, (size_t)r, 5, v ? v : "-",
                    bbctl_verdict_color(bbctl_verdict_parse(v)));
    const char *note = bbctl_jstr(b, "note");
    const char *strad = bbctl_jstr(b, "decision.straddle");
    if (note == NULL && v && strcmp(v, "inconclusive") == 0 && strad) {
      double mde = bbctl_jnum(b, "decision.mde");
      char nb[96];
      if (!isnan(mde))
        snprintf(nb, sizeof nb, "%s; detectable >= %.1f%%", strad, mde * 100.0);
      else
        snprintf(nb, sizeof nb, "%s", strad);
      bbctl_table_set(&tb, (size_t)r, 6, nb, BBCTL_C_NONE);
    } else {
      bbctl_table_set(&tb, (size_t)r, 6, note ? note : "", BBCTL_C_NONE);
    }
  }
  bbctl_table_print(&tb, c->out, c->color);
  bbctl_table_free(&tb);
  if (base_run && head_run)
    render_deltas(c, cmp, base_run, head_run);
  int rc = bbctl_compare_exit(cmp, o, t);
  char line[256];
  bbctl_tally_line(t, line, sizeof line);
  fprintf(c->out, "\n%s\n", line);
  if (comparable && cJSON_IsFalse(comparable) &&
      !cJSON_IsTrue(bbctl_jget(cmp, "forced")))
    fputs("not comparable: the environments differ; use --force to compare "
          "anyway\n",
          c->out);
  return rc;
}
