/* Result rendering, exit codes from verdicts, CSV/Markdown export and the
 * offline comparison of exported runs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "err.h"
#include "export_fmt.h"
#include "exitcode.h"
#include "offline.h"
#include "render.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char run_json[] =
    "{\"id\":13,\"state\":\"done\",\"mode\":\"normal\",\"duration_s\":3.8,"
    "\"benchmark_count\":3,\"tags\":{\"git_sha\":\"4f2a9c1\"},"
    "\"results\":["
    "{\"id\":1,\"benchmark\":\"fx/a\",\"variant\":\"\",\"status\":\"ok\","
    "\"mean\":1234.5,\"median\":1230,\"ci_low\":1200,\"ci_high\":1260,"
    "\"n_samples\":10,\"alloc\":{\"status\":\"ok\",\"allocs_per_op\":2,"
    "\"bytes_per_op\":64},"
    "\"estimates\":{\"throughput\":{\"mib_per_s\":512.0}},"
    "\"verdict\":{\"verdict\":\"regressed\",\"against\":{\"run\":12,"
    "\"baseline\":\"main\"},\"decision\":{\"change\":0.12,\"lo\":0.10,"
    "\"hi\":0.14,\"threshold\":0.05}}},"
    "{\"id\":2,\"benchmark\":\"fx/b,odd|name\",\"variant\":\"\","
    "\"status\":\"ok\",\"mean\":12.0,\"ci_low\":11.9,\"ci_high\":12.1,"
    "\"verdict\":{\"verdict\":\"inconclusive\",\"decision\":{\"change\":0.03,"
    "\"lo\":-0.01,\"hi\":0.07,\"straddle\":\"worse\",\"mde\":0.04}}},"
    "{\"id\":3,\"benchmark\":\"fx/crash\",\"variant\":\"\",\"status\":"
    "\"failed\",\"failure\":\"SIGSEGV\",\"mean\":null}]}";

struct mem {
  char *buf;
  size_t len;
};

static char *capture_results(const cJSON *run, int fail_inc, int *rc,
                             bbctl_tally_t *t, struct mem *m) {
  bbctl_t c;
  memset(&c, 0, sizeof c);
  c.out = open_memstream(&m->buf, &m->len);
  c.err = c.out;
  bbctl_verdict_opts_t o = {.fail_on_inconclusive = fail_inc};
  *rc = bbctl_render_results(&c, run, &o, t);
  fclose(c.out);
  return m->buf;
}

static void test_results_exit(void **state) {
  cJSON *run = cJSON_Parse(run_json);
  assert_non_null(run);
  bbctl_tally_t t;
  int rc;
  struct mem m = {0};
  char *s = capture_results(run, 0, &rc, &t, &m);
  /* A failed benchmark (4) outranks a regression (1). */
  assert_int_equal(rc, BBCTL_EXIT_FAILED);
  assert_int_equal(t.failed, 1);
  assert_int_equal(t.regressed, 1);
  assert_int_equal(t.inconclusive, 1);
  assert_non_null(strstr(s, "1.23 µs"));
  assert_non_null(strstr(s, "512 MiB/s"));
  assert_non_null(strstr(s, "+12.00%"));
  assert_non_null(strstr(s, "[+10.00%, +14.00%]"));
  assert_non_null(strstr(s, "fx/crash: FAILED: SIGSEGV"));
  assert_non_null(strstr(s, "smallest detectable change"));
  assert_non_null(strstr(s, "against baseline main"));
  assert_null(strchr(s, '\033')); /* no colour unless asked */
  free(s);

  /* Without the failure: regression -> 1; inconclusive alone -> 0 or 5. */
  cJSON *results = cJSON_GetObjectItem(run, "results");
  cJSON_DeleteItemFromArray(results, 2);
  assert_int_equal(bbctl_results_exit(run, &(bbctl_verdict_opts_t){0}, &t),
                   BBCTL_EXIT_REGRESSED);
  cJSON_DeleteItemFromArray(results, 0);
  assert_int_equal(bbctl_results_exit(run, &(bbctl_verdict_opts_t){0}, &t),
                   BBCTL_EXIT_OK);
  assert_int_equal(
      bbctl_results_exit(
          run, &(bbctl_verdict_opts_t){.fail_on_inconclusive = 1}, &t),
      BBCTL_EXIT_INCONCLUSIVE);
  cJSON_Delete(run);
}

static void test_mean_ci_pairing(void **state) {
  /* With a slope, the top-level CI is the slope's: the mean's CI comes
   * from estimates.mean. */
  cJSON *res = cJSON_Parse(
      "{\"mean\":100,\"slope\":90,\"ci_low\":80,\"ci_high\":85,"
      "\"estimates\":{\"mean\":{\"point\":100,\"lo\":98,\"hi\":102}}}");
  double m, lo, hi;
  bbctl_result_mean_ci(res, &m, &lo, &hi);
  assert_true(m == 100 && lo == 98 && hi == 102);
  cJSON_DeleteItemFromObject(res, "estimates");
  bbctl_result_mean_ci(res, &m, &lo, &hi);
  assert_true(m == 100 && isnan(lo) && isnan(hi)); /* never the slope's */
  cJSON_DeleteItemFromObject(res, "slope");
  bbctl_result_mean_ci(res, &m, &lo, &hi);
  assert_true(lo == 80 && hi == 85); /* no slope: the CI is the mean's */
  cJSON_Delete(res);
}

static void test_improved_never_fails(void **state) {
  cJSON *run = cJSON_Parse(
      "{\"results\":[{\"benchmark\":\"x\",\"status\":\"ok\",\"verdict\":"
      "{\"verdict\":\"improved\"}},{\"benchmark\":\"y\",\"status\":\"ok\","
      "\"verdict\":{\"verdict\":\"unchanged\"}}]}");
  bbctl_tally_t t;
  assert_int_equal(bbctl_results_exit(run, &(bbctl_verdict_opts_t){1}, &t), 0);
  assert_int_equal(t.improved, 1);
  cJSON_Delete(run);
  run = cJSON_Parse("{\"results\":[{\"benchmark\":\"x\",\"status\":\"ok\","
                    "\"verdict\":{\"verdict\":\"incomparable\"}}]}");
  assert_int_equal(bbctl_results_exit(run, &(bbctl_verdict_opts_t){0}, &t),
                   BBCTL_EXIT_INCOMPARABLE);
  cJSON_Delete(run);
}

static void test_compare_exit(void **state) {
  cJSON *cmp = cJSON_Parse(
      "{\"comparable\":true,\"benchmarks\":["
      "{\"benchmark\":\"a\",\"verdict\":\"improved\",\"b\":{\"status\":\"ok\"}}"
      ","
      "{\"benchmark\":\"b\",\"verdict\":\"regressed\"},"
      "{\"benchmark\":\"c\",\"verdict\":null,\"b\":null,\"note\":\"missing in "
      "b\"}]}");
  bbctl_tally_t t;
  assert_int_equal(bbctl_compare_exit(cmp, &(bbctl_verdict_opts_t){0}, &t),
                   BBCTL_EXIT_REGRESSED);
  assert_int_equal(t.results, 3);
  cJSON_Delete(cmp);
}

static char *capture_export(const cJSON *run, int md, struct mem *m) {
  FILE *f = open_memstream(&m->buf, &m->len);
  if (md)
    bbctl_export_markdown(f, run, "http://127.0.0.1:1");
  else
    bbctl_export_csv(f, run);
  fclose(f);
  return m->buf;
}

static void test_csv(void **state) {
  cJSON *run = cJSON_Parse(run_json);
  struct mem m = {0};
  char *s = capture_export(run, 0, &m);
  assert_true(strncmp(s, bbctl_csv_header, strlen(bbctl_csv_header)) == 0);
  assert_non_null(strstr(s, "\n13,fx/a,,ok,1234.5,1230,,,1200,1260,10,512,,2,"
                            "64,regressed,12,10,14,\n"));
  /* A comma in a field is quoted, a quote doubled. */
  assert_non_null(strstr(s, "13,\"fx/b,odd|name\","));
  assert_non_null(strstr(s, ",failed,,,,,,,,,,,,,,,,SIGSEGV\n"));
  /* Every row has the header's column count (outside quotes). */
  int cols = 1;
  for (const char *p = bbctl_csv_header; *p; p++)
    cols += *p == ',';
  int row_cols = 1, quoted = 0;
  for (const char *p = strchr(s, '\n') + 1; *p; p++) {
    if (*p == '"')
      quoted = !quoted;
    else if (*p == ',' && !quoted)
      row_cols++;
    else if (*p == '\n') {
      assert_int_equal(row_cols, cols);
      row_cols = 1;
    }
  }
  free(s);
  FILE *f = fopen("/dev/null", "w");
  bbctl_csv_field(f, NULL);
  fclose(f);
  cJSON_Delete(run);
}

static void test_markdown(void **state) {
  cJSON *run = cJSON_Parse(run_json);
  struct mem m = {0};
  char *s = capture_export(run, 1, &m);
  assert_non_null(strstr(s, "### bbd benchmark report: run 13"));
  assert_non_null(strstr(s, "**1 regressed** · 0 improved · 0 unchanged · 1 "
                            "inconclusive · 1 failed against baseline `main` "
                            "(run 12)"));
  assert_non_null(strstr(s, "| `fx/a` | 1.23 µs | ±2.4% | 512 MiB/s | 2 | "
                            "+12.00% | [+10.00%, +14.00%] | :red_circle: "
                            "**regressed** |"));
  /* A pipe in a benchmark id must not break the table. */
  assert_non_null(strstr(s, "`fx/b,odd\\|name`"));
  assert_non_null(strstr(s, "<details><summary>Failures and warnings"));
  assert_non_null(strstr(s, "`fx/crash`: **failed**: SIGSEGV"));
  assert_non_null(strstr(s, "noise threshold ±5.0%"));
  assert_non_null(strstr(s, "Tags: `git_sha=4f2a9c1`"));
  free(s);
  cJSON_Delete(run);
}

/* Writes an export with n samples of per-iteration time around `ns`
 * (deterministic jitter), to dir/name. */
static void write_export(const char *path, double ns, const char *cpu) {
  cJSON *doc = cJSON_CreateObject();
  cJSON_AddStringToObject(doc, "kind", "bbd-run-export");
  cJSON *env = cJSON_AddObjectToObject(doc, "environment");
  cJSON_AddStringToObject(env, "cpu_model", cpu);
  cJSON_AddStringToObject(env, "kernel", "6.1");
  cJSON *run = cJSON_AddObjectToObject(doc, "run");
  cJSON_AddNumberToObject(run, "id", ns);
  cJSON *results = cJSON_AddArrayToObject(run, "results");
  const char *names[] = {"fx/steady", "fx/moving"};
  for (int b = 0; b < 2; b++) {
    cJSON *r = cJSON_CreateObject();
    cJSON_AddStringToObject(r, "benchmark", names[b]);
    cJSON_AddStringToObject(r, "variant", "");
    cJSON_AddStringToObject(r, "status", "ok");
    double base = b == 0 ? 100.0 : ns;
    cJSON_AddNumberToObject(r, "mean", base);
    cJSON *s = cJSON_AddObjectToObject(r, "samples");
    cJSON *it = cJSON_AddArrayToObject(s, "iters");
    cJSON *nsa = cJSON_AddArrayToObject(s, "ns");
    for (int i = 1; i <= 30; i++) {
      double jitter = 1.0 + 0.002 * ((i * 7919) % 11 - 5);
      cJSON_AddItemToArray(it, cJSON_CreateNumber(1000.0 * i));
      cJSON_AddItemToArray(nsa, cJSON_CreateNumber(1000.0 * i * base * jitter));
    }
    cJSON_AddItemToArray(results, r);
  }
  char *text = cJSON_Print(doc);
  FILE *f = fopen(path, "w");
  fputs(text, f);
  fclose(f);
  free(text);
  cJSON_Delete(doc);
}

static const char *verdict_of(const cJSON *cmp, const char *bench) {
  const cJSON *b;
  cJSON_ArrayForEach(b, cJSON_GetObjectItem(cmp, "benchmarks")) {
    const cJSON *name = cJSON_GetObjectItem(b, "benchmark");
    if (strcmp(name->valuestring, bench) == 0) {
      const cJSON *v = cJSON_GetObjectItem(b, "verdict");
      return cJSON_IsString(v) ? v->valuestring : "null";
    }
  }
  return "absent";
}

static void test_offline_compare(void **state) {
#ifdef BBCTL_HAVE_STATS
  char dir[] = "/tmp/bbctl-offline-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char pa[128], pb[128], pc[128];
  snprintf(pa, sizeof pa, "%s/a.json", dir);
  snprintf(pb, sizeof pb, "%s/b.json", dir);
  snprintf(pc, sizeof pc, "%s/c.json", dir);
  write_export(pa, 100.0, "cpu X");
  write_export(pb, 120.0, "cpu X"); /* moving: 20% slower */
  write_export(pc, 120.0, "cpu Y");
  char err[256];
  cJSON *a, *b, *cc, *out;
  assert_int_equal(bbctl_offline_load(pa, &a, err, sizeof err), 0);
  assert_int_equal(bbctl_offline_load(pb, &b, err, sizeof err), 0);
  assert_int_equal(bbctl_offline_load(pc, &cc, err, sizeof err), 0);
  bbctl_offline_opts_t o = {0};
  assert_int_equal(bbctl_offline_compare(a, b, &o, &out, err, sizeof err), 0);
  assert_string_equal(verdict_of(out, "fx/moving"), "regressed");
  assert_string_equal(verdict_of(out, "fx/steady"), "unchanged");
  bbctl_tally_t t;
  assert_int_equal(bbctl_compare_exit(out, &(bbctl_verdict_opts_t){0}, &t),
                   BBCTL_EXIT_REGRESSED);
  cJSON_Delete(out);
  /* Reversed: an improvement, which never fails. */
  assert_int_equal(bbctl_offline_compare(b, a, &o, &out, err, sizeof err), 0);
  assert_string_equal(verdict_of(out, "fx/moving"), "improved");
  assert_int_equal(bbctl_compare_exit(out, &(bbctl_verdict_opts_t){0}, &t), 0);
  cJSON_Delete(out);
  /* Different CPU: incomparable unless forced. */
  assert_int_equal(bbctl_offline_compare(a, cc, &o, &out, err, sizeof err), 0);
  assert_true(cJSON_IsFalse(cJSON_GetObjectItem(out, "comparable")));
  assert_string_equal(verdict_of(out, "fx/moving"), "incomparable");
  assert_int_equal(bbctl_compare_exit(out, &(bbctl_verdict_opts_t){0}, &t),
                   BBCTL_EXIT_INCOMPARABLE);
  cJSON_Delete(out);
  o.force = 1;
  assert_int_equal(bbctl_offline_compare(a, cc, &o, &out, err, sizeof err), 0);
  assert_string_equal(verdict_of(out, "fx/moving"), "regressed");
  cJSON_Delete(out);
  cJSON_Delete(a);
  cJSON_Delete(b);
  cJSON_Delete(cc);

  /* A directory merges its files; a benchmark in two files is refused. */
  assert_int_equal(bbctl_offline_load(dir, &a, err, sizeof err), BBD_EEXIST);
  /* Not an export. */
  FILE *f = fopen(pc, "w");
  fputs("{\"hello\":1}", f);
  fclose(f);
  assert_int_equal(bbctl_offline_load(pc, &a, err, sizeof err), BBD_EPARSE);
  f = fopen(pc, "w");
  fputs("garbage{", f);
  fclose(f);
  assert_int_equal(bbctl_offline_load(pc, &a, err, sizeof err), BBD_EPARSE);
  assert_int_equal(
      bbctl_offline_load("/nonexistent/x.json", &a, err, sizeof err),
      BBD_ENOTFOUND);
  unlink(pa);
  unlink(pb);
  unlink(pc);
  rmdir(dir);
#else
  skip();
#endif
}

/* Collects every node of a tree (pre-order) into nodes[], with its parent
 * in parents[]. */
static void collect(cJSON *n, cJSON **nodes, cJSON **parents, size_t *k,
                    size_t max) {
  for (cJSON *c = n->child; c; c = c->next) {
    if (*k < max) {
      nodes[*k] = c;
      parents[*k] = n;
      (*k)++;
    }
    collect(c, nodes, parents, k, max);
  }
}

/* A daemon may send any type anywhere: replace every node of a realistic
 * run (and compare answer) with each JSON type in turn and render it every
 * way. Nothing may crash, read out of bounds (ASan) or print garbage. */
static void test_renderers_survive_wrong_types(void **state) {
  static const char cmp_json[] =
      "{\"a\":{\"run\":12,\"baseline\":\"main\"},\"b\":{\"run\":13},"
      "\"comparable\":false,\"forced\":false,\"env_diffs\":[{\"key\":"
      "\"kernel\",\"a\":\"6.1\",\"b\":\"6.2\"}],\"benchmarks\":[{"
      "\"benchmark\":\"fx/a\",\"variant\":\"\",\"verdict\":\"regressed\","
      "\"a\":{\"mean\":1.0,\"status\":\"ok\"},\"b\":{\"mean\":2.0},"
      "\"decision\":{\"change\":1.0,\"lo\":0.9,\"hi\":1.1,\"straddle\":"
      "\"none\",\"mde\":0.01},\"note\":null}]}";
  const char *const sources[] = {run_json, cmp_json};
  const char *const repl[] = {"null", "\"x\"", "1e308",   "-1",
                              "[]",   "{}",    "[1,[2]]", "true"};
  FILE *sink = fopen("/dev/null", "w");
  assert_non_null(sink);
  size_t total = 0;
  for (size_t src = 0; src < 2; src++) {
    cJSON *probe = cJSON_Parse(sources[src]);
    assert_non_null(probe);
    cJSON *nodes[512], *parents[512];
    size_t n = 0;
    collect(probe, nodes, parents, &n, 512);
    cJSON_Delete(probe);
    for (size_t i = 0; i < n; i++) {
      for (size_t k = 0; k < sizeof repl / sizeof repl[0]; k++) {
        cJSON *doc = cJSON_Parse(sources[src]);
        cJSON *all[512], *par[512];
        size_t m = 0;
        collect(doc, all, par, &m, 512);
        assert_int_equal(m, n);
        cJSON *with = cJSON_Parse(repl[k]);
        if (all[i]->string) /* keep the key: only the type changes */
          assert_true(cJSON_ReplaceItemInObjectCaseSensitive(
              par[i], all[i]->string, with));
        else
          assert_true(cJSON_ReplaceItemViaPointer(par[i], all[i], with));
        bbctl_t c;
        memset(&c, 0, sizeof c);
        c.out = sink;
        c.err = sink;
        bbctl_tally_t t;
        bbctl_verdict_opts_t o = {.fail_on_inconclusive = 1};
        int rc = src == 0 ? bbctl_render_results(&c, doc, &o, &t)
                          : bbctl_render_compare(&c, doc, NULL, NULL, &o, &t);
        assert_true(rc >= 0 && rc <= 7);
        if (src == 0) {
          bbctl_export_csv(sink, doc);
          bbctl_export_markdown(sink, doc, NULL);
        } else {
          bbctl_render_compare(&c, doc, doc, doc, &o, &t);
        }
        cJSON_Delete(doc);
        total++;
      }
    }
  }
  fclose(sink);
  assert_true(total > 300);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_results_exit),
      cmocka_unit_test(test_mean_ci_pairing),
      cmocka_unit_test(test_improved_never_fails),
      cmocka_unit_test(test_compare_exit),
      cmocka_unit_test(test_csv),
      cmocka_unit_test(test_markdown),
      cmocka_unit_test(test_offline_compare),
      cmocka_unit_test(test_renderers_survive_wrong_types),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
