#include "export_fmt.h"

#include "jsonx.h"
#include "render.h"
#include "units.h"

#include <math.h>
#include <string.h>

const char bbctl_csv_header[] =
    "run_id,benchmark,variant,status,mean_ns,median_ns,slope_ns,stddev_ns,"
    "mean_ci_low_ns,mean_ci_high_ns,n_samples,mib_per_s,elems_per_s,"
    "allocs_per_op,"
    "bytes_per_op,verdict,change_pct,change_lo_pct,change_hi_pct,failure";

void bbctl_csv_field(FILE *out, const char *s) {
  if (s == NULL)
    return;
  if (strpbrk(s, ",\"\r\n") == NULL) {
    fputs(s, out);
    return;
  }
  fputc('"', out);
  for (; *s; s++) {
    if (*s == '"')
      fputc('"', out);
    fputc(*s, out);
  }
  fputc('"', out);
}

static void csv_num(FILE *out, double v, double scale) {
  fputc(',', out);
  if (!isnan(v))
    fprintf(out, "%.10g", v * scale);
}

static void csv_str(FILE *out, const char *s) {
  fputc(',', out);
  bbctl_csv_field(out, s);
}

void bbctl_export_csv(FILE *out, const cJSON *run) {
  fprintf(out, "%s\n", bbctl_csv_header);
  char id[32] = "";
  bbctl_jid(run, "id", id, sizeof id);
  const cJSON *res;
  cJSON_ArrayForEach(res, bbctl_jget(run, "results")) {
    bbctl_csv_field(out, id);
    csv_str(out, bbctl_jstr(res, "benchmark"));
    csv_str(out, bbctl_jstr(res, "variant"));
    csv_str(out, bbctl_jstr(res, "status"));
    double m, lo, hi;
    bbctl_result_mean_ci(res, &m, &lo, &hi);
    csv_num(out, m, 1);
    csv_num(out, bbctl_jnum(res, "median"), 1);
    csv_num(out, bbctl_jnum(res, "slope"), 1);
    csv_num(out, bbctl_jnum(res, "stddev"), 1);
    csv_num(out, lo, 1);
    csv_num(out, hi, 1);
    csv_num(out, bbctl_jnum(res, "n_samples"), 1);
    double bps, eps;
    bbctl_result_throughput(res, &bps, &eps);
    csv_num(out, bps, 1.0 / 1048576.0);
    csv_num(out, eps, 1);
    csv_num(out, bbctl_jnum(res, "alloc.allocs_per_op"), 1);
    csv_num(out, bbctl_jnum(res, "alloc.bytes_per_op"), 1);
    csv_str(out, bbctl_jstr(res, "verdict.verdict"));
    csv_num(out, bbctl_jnum(res, "verdict.decision.change"), 100);
    csv_num(out, bbctl_jnum(res, "verdict.decision.lo"), 100);
    csv_num(out, bbctl_jnum(res, "verdict.decision.hi"), 100);
    csv_str(out, bbctl_jstr(res, "failure"));
    fputc('\n', out);
  }
}

void bbctl_md_cell(FILE *out, const char *s) {
  if (s == NULL) {
    fputs("-", out);
    return;
  }
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '|')
      fputs("\\|", out);
    else if (*p == '\n' || *p == '\r' || *p == '\t')
      fputc(' ', out);
    else if (*p < 0x20 || *p == 0x7f)
      continue;
    else
      fputc(*p, out);
  }
}

static const char *verdict_md(const char *v) {
  if (v == NULL)
    return "-";
  if (strcmp(v, "regressed") == 0)
    return ":red_circle: **regressed**";
  if (strcmp(v, "improved") == 0)
    return ":green_circle: improved";
  if (strcmp(v, "unchanged") == 0)
    return ":white_circle: unchanged";
  if (strcmp(v, "inconclusive") == 0)
    return ":yellow_circle: inconclusive";
  if (strcmp(v, "incomparable") == 0)
    return ":no_entry: incomparable";
  if (strcmp(v, "failed") == 0)
    return ":x: **failed**";
  return v;
}

static void md_change(FILE *out, const cJSON *dec) {
  char a[32], b[64];
  double ch = bbctl_jnum(dec, "change");
  fprintf(out, " %s | %s |", bbctl_fmt_pct(ch * 100, a, sizeof a),
          bbctl_fmt_pct_ci(bbctl_jnum(dec, "lo") * 100,
                           bbctl_jnum(dec, "hi") * 100, b, sizeof b));
}

void bbctl_export_markdown(FILE *out, const cJSON *run, const char *source) {
  char id[32] = "?";
  bbctl_jid(run, "id", id, sizeof id);
  const cJSON *results = bbctl_jget(run, "results");
  const char *mode = bbctl_jstr(run, "mode");
  int ab = 0;
  if (mode && strcmp(mode, "ab") == 0) {
    const cJSON *x;
    cJSON_ArrayForEach(x, results) {
      const char *v = bbctl_jstr(x, "variant");
      ab |= v && strcmp(v, "b") == 0;
    }
  }
  int compared = 0;
  const cJSON *res;
  cJSON_ArrayForEach(res, results) compared |=
      bbctl_jstr(res, "verdict.verdict") != NULL;
  bbctl_tally_t t;
  bbctl_verdict_opts_t vo = {0};
  bbctl_results_exit(run, &vo, &t);
  if (ab) {
    /* In A/B runs only the b side carries a verdict; count results per
     * benchmark, not per side. */
    t.results = t.results / 2;
  }
  fprintf(out, "### bbd benchmark report: run %s\n\n", id);
  if (compared || ab) {
    fprintf(out,
            "%s%d regressed%s · %d improved · %d unchanged · %d "
            "inconclusive · %d failed",
            t.regressed ? "**" : "", t.regressed, t.regressed ? "**" : "",
            t.improved, t.unchanged, t.inconclusive, t.failed);
    if (t.incomparable)
      fprintf(out, " · %d incomparable", t.incomparable);
    const char *bl = NULL;
    double arun = NAN;
    cJSON_ArrayForEach(res, results) {
      if (bl == NULL)
        bl = bbctl_jstr(res, "verdict.against.baseline");
      if (isnan(arun))
        arun = bbctl_jnum(res, "verdict.against.run");
    }
    if (ab)
      fputs(" (paired, interleaved A/B)", out);
    else if (bl)
      fprintf(out, " against baseline `%s` (run %.0f)", bl, arun);
    else if (!isnan(arun))
      fprintf(out, " against run %.0f", arun);
    fputs("\n\n", out);
  } else {
    fprintf(out, "%d benchmarks, %d failed\n\n", t.results, t.failed);
  }
  const cJSON *tags = bbctl_jget(run, "tags");
  if (cJSON_IsObject(tags) && tags->child) {
    fputs("Tags:", out);
    const cJSON *it;
    cJSON_ArrayForEach(it, tags) if (cJSON_IsString(it)) {
      fputs(" `", out);
      bbctl_md_cell(out, it->string);
      fputc('=', out);
      bbctl_md_cell(out, it->valuestring);
      fputc('`', out);
    }
    fputs("\n\n", out);
  }
  char a[32], b[32], c[64];
  if (ab) {
    fputs("| Benchmark | A | B | Change | CI | Verdict |\n"
          "|---|---:|---:|---:|---:|---|\n",
          out);
    cJSON_ArrayForEach(res, results) {
      const char *var = bbctl_jstr(res, "variant");
      if (var == NULL || strcmp(var, "b") != 0)
        continue;
      const char *bench = bbctl_jstr(res, "benchmark");
      double am = NAN;
      const cJSON *x;
      cJSON_ArrayForEach(x, results) {
        const char *xv = bbctl_jstr(x, "variant");
        const char *xb = bbctl_jstr(x, "benchmark");
        if (xv && strcmp(xv, "a") == 0 && xb && bench && !strcmp(xb, bench))
          am = bbctl_jnum(x, "mean");
      }
      fputs("| `", out);
      bbctl_md_cell(out, bench);
      fprintf(out, "` | %s | %s |", bbctl_fmt_ns(am, a, sizeof a),
              bbctl_fmt_ns(bbctl_jnum(res, "mean"), b, sizeof b));
      md_change(out, bbctl_jget(res, "verdict.decision"));
      const char *st = bbctl_jstr(res, "status");
      fprintf(out, " %s |\n",
              verdict_md(st && strcmp(st, "ok")
                             ? "failed"
                             : bbctl_jstr(res, "verdict.verdict")));
    }
  } else {
    fprintf(out, "| Benchmark | Time/iter | ±CI | Throughput | Allocs/op |%s\n",
            compared ? " Change | 95% CI | Verdict |" : " Status |");
    fprintf(out, "|---|---:|---:|---:|---:|%s\n",
            compared ? "---:|---:|---|" : "---|");
    cJSON_ArrayForEach(res, results) {
      double m, lo, hi;
      bbctl_result_mean_ci(res, &m, &lo, &hi);
      fputs("| `", out);
      bbctl_md_cell(out, bbctl_jstr(res, "benchmark"));
      const char *var = bbctl_jstr(res, "variant");
      fputs("`", out);
      if (var && var[0]) {
        fputs(" [", out);
        bbctl_md_cell(out, var);
        fputs("]", out);
      }
      fprintf(out, " | %s |", bbctl_fmt_ns(m, a, sizeof a));
      if (!isnan(m) && !isnan(lo) && !isnan(hi) && m > 0)
        fprintf(out, " ±%.1f%% |", (hi - lo) / 2 / m * 100);
      else
        fputs(" - |", out);
      double bps, eps;
      bbctl_result_throughput(res, &bps, &eps);
      if (!isnan(bps))
        bbctl_fmt_bytes_per_s(bps, b, sizeof b);
      else if (!isnan(eps))
        bbctl_fmt_elems_per_s(eps, b, sizeof b);
      else
        snprintf(b, sizeof b, "-");
      double al = bbctl_jnum(res, "alloc.allocs_per_op");
      fprintf(out, " %s | %s |", b,
              isnan(al) ? "-" : bbctl_fmt_count(al, c, sizeof c));
      const char *st = bbctl_jstr(res, "status");
      int failed = st && strcmp(st, "ok") != 0;
      if (compared) {
        md_change(out, bbctl_jget(res, "verdict.decision"));
        fprintf(
            out, " %s |\n",
            verdict_md(failed ? "failed" : bbctl_jstr(res, "verdict.verdict")));
      } else {
        fprintf(out, " %s |\n", failed ? ":x: **failed**" : "ok");
      }
    }
  }
  /* Failures and warnings, folded so the comment stays short. */
  int notes = 0;
  cJSON_ArrayForEach(res, results) {
    const char *st = bbctl_jstr(res, "status");
    notes += (st && strcmp(st, "ok") != 0) +
             cJSON_GetArraySize(bbctl_jget(res, "warnings"));
  }
  if (notes) {
    fputs("\n<details><summary>Failures and warnings</summary>\n\n", out);
    cJSON_ArrayForEach(res, results) {
      const char *st = bbctl_jstr(res, "status");
      const char *bench = bbctl_jstr(res, "benchmark");
      if (st && strcmp(st, "ok") != 0) {
        fputs("- `", out);
        bbctl_md_cell(out, bench);
        fputs("`: **failed**: ", out);
        bbctl_md_cell(out, bbctl_jstr(res, "failure"));
        fputc('\n', out);
      }
      const cJSON *w;
      cJSON_ArrayForEach(w, bbctl_jget(res, "warnings")) {
        fputs("- `", out);
        bbctl_md_cell(out, bench);
        fputs("`: ", out);
        bbctl_md_cell(out, bbctl_jstr(w, "code"));
        fputs(": ", out);
        bbctl_md_cell(out, bbctl_jstr(w, "message"));
        fputc('\n', out);
      }
    }
    fputs("\n</details>\n", out);
  }
  double thr = NAN;
  cJSON_ArrayForEach(res, results) if (isnan(thr)) thr =
      bbctl_jnum(res, "verdict.decision.threshold");
  fputs("\n<sub>", out);
  if (!isnan(thr))
    fprintf(out, "noise threshold ±%.1f%% · ", thr * 100);
  const char *created = bbctl_jstr(run, "created_at");
  if (created) {
    bbctl_md_cell(out, created);
    fputs(" · ", out);
  }
  fputs("exported by bbctl", out);
  if (source) {
    fputs(" from ", out);
    bbctl_md_cell(out, source);
  }
  fputs("</sub>\n", out);
}
