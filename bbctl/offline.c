#include "offline.h"

#include "args.h"
#include "err.h"
#include "jsonx.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifdef BBCTL_HAVE_STATS
#include "stats.h"
#include "stats_json.h"
#endif

static int read_file(const char *path, char **buf, size_t *len, char *err,
                     size_t errlen) {
  FILE *f = fopen(path, "re");
  if (f == NULL)
    return bbd_errf(errno == ENOENT ? BBD_ENOTFOUND : BBD_EIO, err, errlen,
                    "%s: %s", path, strerror(errno));
  struct stat st;
  if (fstat(fileno(f), &st) != 0 || st.st_size < 0) {
    fclose(f);
    return bbd_errf(BBD_EIO, err, errlen, "%s: cannot stat", path);
  }
  if ((unsigned long long)st.st_size > BBCTL_EXPORT_MAX_FILE) {
    fclose(f);
    return bbd_errf(BBD_ETOOBIG, err, errlen, "%s: larger than %u MiB", path,
                    BBCTL_EXPORT_MAX_FILE >> 20);
  }
  size_t n = (size_t)st.st_size;
  char *b = malloc(n + 1);
  if (b == NULL) {
    fclose(f);
    return bbd_errf(BBD_ENOMEM, err, errlen, "%s: out of memory", path);
  }
  size_t got = fread(b, 1, n, f);
  fclose(f);
  b[got] = '\0';
  *buf = b;
  *len = got;
  return 0;
}

/* Parses one export file and checks it is ours. */
static int load_one(const char *path, cJSON **out, char *err, size_t errlen) {
  char *buf = NULL;
  size_t len = 0;
  int rc = read_file(path, &buf, &len, err, errlen);
  if (rc)
    return rc;
  cJSON *doc = cJSON_ParseWithLength(buf, len);
  free(buf);
  if (doc == NULL)
    return bbd_errf(BBD_EPARSE, err, errlen, "%s: not valid JSON", path);
  const char *kind = bbctl_jstr(doc, "kind");
  if (kind == NULL || strcmp(kind, "bbd-run-export") != 0 ||
      !cJSON_IsArray(bbctl_jget(doc, "run.results"))) {
    cJSON_Delete(doc);
    return bbd_errf(BBD_EPARSE, err, errlen,
                    "%s: not a bbctl export (expected \"kind\": "
                    "\"bbd-run-export\" with run.results; write one with "
                    "`bbctl export RUN --format json`)",
                    path);
  }
  *out = doc;
  return 0;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int bbctl_offline_load(const char *path, cJSON **out, char *err,
                       size_t errlen) {
  *out = NULL;
  struct stat st;
  if (stat(path, &st) != 0)
    return bbd_errf(BBD_ENOTFOUND, err, errlen, "%s: %s", path,
                    strerror(errno));
  if (!S_ISDIR(st.st_mode)) {
    cJSON *doc;
    int rc = load_one(path, &doc, err, errlen);
    if (rc)
      return rc;
    cJSON *files = cJSON_AddArrayToObject(doc, "files");
    if (files)
      cJSON_AddItemToArray(files, cJSON_CreateString(path));
    *out = doc;
    return 0;
  }
  DIR *d = opendir(path);
  if (d == NULL)
    return bbd_errf(BBD_EIO, err, errlen, "%s: %s", path, strerror(errno));
  char *names[1024];
  size_t n = 0;
  struct dirent *de;
  while ((de = readdir(d)) != NULL && n < 1024) {
    size_t l = strlen(de->d_name);
    if (l > 5 && strcmp(de->d_name + l - 5, ".json") == 0 &&
        de->d_name[0] != '.')
      names[n++] = strdup(de->d_name);
  }
  closedir(d);
  qsort(names, n, sizeof names[0], cmp_str);
  cJSON *merged = NULL;
  int rc = 0;
  for (size_t i = 0; i < n && rc == 0; i++) {
    char full[4096];
    if (names[i] == NULL || snprintf(full, sizeof full, "%s/%s", path,
                                     names[i]) >= (int)sizeof full) {
      rc = bbd_errf(BBD_EINVAL, err, errlen, "%s: path too long", path);
      break;
    }
    cJSON *doc;
    rc = load_one(full, &doc, err, errlen);
    if (rc)
      break;
    if (merged == NULL) {
      merged = doc;
      cJSON *files = cJSON_AddArrayToObject(merged, "files");
      if (files)
        cJSON_AddItemToArray(files, cJSON_CreateString(full));
      continue;
    }
    /* Later files add their results; a benchmark present twice is
     * ambiguous (which one is the base?), so it is refused. */
    cJSON *dst = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(merged, "run"), "results");
    cJSON *src = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(doc, "run"), "results");
    cJSON *res;
    while (rc == 0 && src && (res = src->child) != NULL) {
      cJSON_DetachItemViaPointer(src, res);
      const char *b = bbctl_jstr(res, "benchmark");
      const char *v = bbctl_jstr(res, "variant");
      const cJSON *x;
      cJSON_ArrayForEach(x, dst) {
        const char *xb = bbctl_jstr(x, "benchmark");
        const char *xv = bbctl_jstr(x, "variant");
        if (b && xb && strcmp(b, xb) == 0 &&
            strcmp(v ? v : "", xv ? xv : "") == 0) {
          rc = bbd_errf(BBD_EEXIST, err, errlen,
                        "%s: benchmark %s appears in more than one export",
                        full, b);
          break;
        }
      }
      if (rc == 0)
        cJSON_AddItemToArray(dst, res);
      else
        cJSON_Delete(res);
    }
    cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(merged, "files"),
                         cJSON_CreateString(full));
    cJSON_Delete(doc);
  }
  for (size_t i = 0; i < n; i++)
    free(names[i]);
  if (rc == 0 && merged == NULL)
    rc = bbd_errf(BBD_ENOTFOUND, err, errlen,
                  "%s: no *.json export in this directory", path);
  if (rc) {
    cJSON_Delete(merged);
    return rc;
  }
  *out = merged;
  return 0;
}

#ifdef BBCTL_HAVE_STATS

/* Per-iteration values of an exported result's samples. */
static double *values_of(const cJSON *res, size_t *n) {
  const cJSON *it = bbctl_jget(res, "samples.iters");
  const cJSON *ns = bbctl_jget(res, "samples.ns");
  *n = 0;
  int ni = cJSON_GetArraySize(it), nn = cJSON_GetArraySize(ns);
  if (!cJSON_IsArray(it) || !cJSON_IsArray(ns) || ni != nn || ni < 2 ||
      ni > 10000000)
    return NULL;
  double *v = malloc((size_t)ni * sizeof *v);
  if (v == NULL)
    return NULL;
  const cJSON *a = it->child, *b = ns->child;
  size_t k = 0;
  for (; a && b; a = a->next, b = b->next) {
    if (!cJSON_IsNumber(a) || !cJSON_IsNumber(b) || a->valuedouble < 1 ||
        !isfinite(b->valuedouble) || b->valuedouble < 0) {
      free(v);
      return NULL;
    }
    v[k++] = b->valuedouble / a->valuedouble;
  }
  *n = k;
  return v;
}

static const cJSON *find(const cJSON *results, const char *bench,
                         const char *variant) {
  const cJSON *x;
  cJSON_ArrayForEach(x, results) {
    const char *xb = bbctl_jstr(x, "benchmark");
    const char *xv = bbctl_jstr(x, "variant");
    if (xb && strcmp(xb, bench) == 0 &&
        strcmp(xv ? xv : "", variant ? variant : "") == 0)
      return x;
  }
  return NULL;
}

static cJSON *side(const cJSON *doc, const cJSON *res) {
  cJSON *o = cJSON_CreateObject();
  const cJSON *rid = bbctl_jget(res, "id");
  if (cJSON_IsNumber(rid))
    cJSON_AddNumberToObject(o, "result_id", rid->valuedouble);
  const char *st = bbctl_jstr(res, "status");
  cJSON_AddStringToObject(o, "status", st ? st : "ok");
  double m = bbctl_jnum(res, "mean"), md = bbctl_jnum(res, "median");
  cJSON_AddItemToObject(o, "mean",
                        isnan(m) ? cJSON_CreateNull() : cJSON_CreateNumber(m));
  cJSON_AddItemToObject(
      o, "median", isnan(md) ? cJSON_CreateNull() : cJSON_CreateNumber(md));
  cJSON_AddNumberToObject(o, "n",
                          cJSON_GetArraySize(bbctl_jget(res, "samples.iters")));
  return o;
}

static cJSON *ref_of(const cJSON *doc) {
  cJSON *o = cJSON_CreateObject();
  const cJSON *id = bbctl_jget(doc, "run.id");
  if (cJSON_IsNumber(id))
    cJSON_AddNumberToObject(o, "run", id->valuedouble);
  cJSON_AddItemToObject(o, "baseline", cJSON_CreateNull());
  const cJSON *files = bbctl_jget(doc, "files");
  if (files)
    cJSON_AddItemToObject(o, "files", cJSON_Duplicate(files, 1));
  return o;
}

int bbctl_offline_compare(const cJSON *a, const cJSON *b,
                          const bbctl_offline_opts_t *o, cJSON **out, char *err,
                          size_t errlen) {
  *out = NULL;
  bbd_stats_config_t cfg;
  bbd_stats_config_default(&cfg);
  /* The daemon's compare endpoint default, to keep runs fast. */
  cfg.resamples = 20000;
  if (o->threshold > 0)
    cfg.threshold = o->threshold;
  cJSON *doc = cJSON_CreateObject();
  if (doc == NULL)
    return bbd_errf(BBD_ENOMEM, err, errlen, "out of memory");
  cJSON_AddItemToObject(doc, "a", ref_of(a));
  cJSON_AddItemToObject(doc, "b", ref_of(b));
  cJSON *diffs = NULL;
  const cJSON *ea = bbctl_jget(a, "environment");
  const cJSON *eb = bbctl_jget(b, "environment");
  int env_known = cJSON_IsObject(ea) && cJSON_IsObject(eb);
  if (env_known)
    bbd_stats_env_compare_json(ea, eb, NULL, 0, &diffs);
  if (diffs == NULL)
    diffs = cJSON_CreateArray();
  int comparable = cJSON_GetArraySize(diffs) == 0;
  cJSON_AddBoolToObject(doc, "comparable", comparable);
  cJSON_AddBoolToObject(doc, "forced", o->force && !comparable);
  cJSON_AddBoolToObject(doc, "env_known", env_known);
  cJSON_AddItemToObject(doc, "env_diffs", diffs);
  cJSON *conf = cJSON_AddObjectToObject(doc, "config");
  cJSON_AddNumberToObject(conf, "threshold", cfg.threshold);
  cJSON_AddNumberToObject(conf, "alpha", cfg.alpha);
  cJSON_AddStringToObject(conf, "multiplicity", "holm");
  cJSON_AddStringToObject(conf, "center", "mean");
  cJSON_AddNumberToObject(conf, "resamples", cfg.resamples);
  cJSON_AddStringToObject(conf, "source", "offline");
  cJSON *list = cJSON_AddArrayToObject(doc, "benchmarks");

  const cJSON *ra = bbctl_jget(a, "run.results");
  const cJSON *rb = bbctl_jget(b, "run.results");
  size_t cap = (size_t)cJSON_GetArraySize(ra) + cJSON_GetArraySize(rb) + 1;
  bbd_comparison_t *cmps = calloc(cap, sizeof *cmps);
  bbd_decision_t **ds = calloc(cap, sizeof *ds);
  cJSON **items = calloc(cap, sizeof *items);
  if (cmps == NULL || ds == NULL || items == NULL) {
    free(cmps);
    free(ds);
    free(items);
    cJSON_Delete(doc);
    return bbd_errf(BBD_ENOMEM, err, errlen, "out of memory");
  }
  size_t n = 0;
  /* Every benchmark of A, then those only in B. */
  for (int pass = 0; pass < 2; pass++) {
    const cJSON *res;
    const cJSON *side_list = pass == 0 ? ra : rb;
    cJSON_ArrayForEach(res, side_list) {
      const char *bench = bbctl_jstr(res, "benchmark");
      const char *var = bbctl_jstr(res, "variant");
      if (bench == NULL || n >= cap)
        continue;
      if (o->filter && !bbctl_glob_match(o->filter, bench))
        continue;
      const cJSON *xa = pass == 0 ? res : find(ra, bench, var);
      const cJSON *xb = pass == 0 ? find(rb, bench, var) : res;
      if (pass == 1 && xa != NULL)
        continue; /* already done in pass 0 */
      cJSON *it = cJSON_CreateObject();
      cJSON_AddStringToObject(it, "benchmark", bench);
      cJSON_AddStringToObject(it, "variant", var ? var : "");
      cJSON_AddItemToObject(it, "a", xa ? side(a, xa) : cJSON_CreateNull());
      cJSON_AddItemToObject(it, "b", xb ? side(b, xb) : cJSON_CreateNull());
      items[n] = it;
      cJSON_AddItemToArray(list, it);
      if (xa == NULL || xb == NULL) {
        cJSON_AddItemToObject(it, "verdict", cJSON_CreateNull());
        cJSON_AddStringToObject(it, "note",
                                xa ? "missing in b" : "missing in a");
        n++;
        continue;
      }
      const char *sa = bbctl_jstr(xa, "status"), *sb = bbctl_jstr(xb, "status");
      if ((sa && strcmp(sa, "ok")) || (sb && strcmp(sb, "ok"))) {
        cJSON_AddItemToObject(it, "verdict", cJSON_CreateNull());
        cJSON_AddStringToObject(
            it, "note", sb && strcmp(sb, "ok") ? "failed in b" : "failed in a");
        n++;
        continue;
      }
      if (!comparable && !o->force) {
        cJSON_AddStringToObject(it, "verdict", "incomparable");
        n++;
        continue;
      }
      size_t na, nb;
      double *va = values_of(xa, &na), *vb = values_of(xb, &nb);
      bbd_stats_config_t c = cfg;
      uint64_t h = c.seed;
      for (const char *p = bench; *p; p++)
        h = bbd_rng_mix(h ^ (unsigned char)*p);
      c.seed = h;
      char why[160] = "no samples in the export (exported with --no-samples?)";
      if (va && vb &&
          bbd_stats_compare(&c, va, na, vb, nb, &cmps[n], why, sizeof why) == 0)
        ds[n] = &cmps[n].decision;
      else
        cJSON_AddStringToObject(it, "note", why);
      free(va);
      free(vb);
      n++;
    }
  }
  bbd_stats_suite_control(BBD_MULT_HOLM, ds, n);
  cJSON *summary = cJSON_CreateObject();
  int cnt[6] = {0};
  for (size_t i = 0; i < n; i++) {
    cJSON *it = items[i];
    if (ds[i] == NULL) {
      const cJSON *v = bbctl_jget(it, "verdict");
      if (v == NULL) {
        cJSON_AddStringToObject(it, "verdict", "inconclusive");
        cnt[3]++;
      } else if (cJSON_IsString(v)) {
        cnt[4]++;
      } else {
        cnt[5]++;
      }
      continue;
    }
    bbd_verdict_t v = ds[i]->verdict;
    cJSON_AddStringToObject(it, "verdict", bbd_verdict_name(v));
    cJSON_AddItemToObject(it, "decision", bbd_stats_decision_json(ds[i]));
    cJSON_AddItemToObject(it, "comparison",
                          bbd_stats_comparison_json(&cmps[i]));
    if (v == BBD_VERDICT_REGRESSED)
      cnt[0]++;
    else if (v == BBD_VERDICT_IMPROVED)
      cnt[1]++;
    else if (v == BBD_VERDICT_UNCHANGED)
      cnt[2]++;
    else
      cnt[3]++;
  }
  cJSON_AddNumberToObject(summary, "regressed", cnt[0]);
  cJSON_AddNumberToObject(summary, "improved", cnt[1]);
  cJSON_AddNumberToObject(summary, "unchanged", cnt[2]);
  cJSON_AddNumberToObject(summary, "inconclusive", cnt[3]);
  cJSON_AddNumberToObject(summary, "incomparable", cnt[4]);
  cJSON_AddNumberToObject(summary, "missing", cnt[5]);
  cJSON_AddItemToObject(doc, "summary", summary);
  free(cmps);
  free(ds);
  free(items);
  *out = doc;
  return 0;
}

#else

int bbctl_offline_compare(const cJSON *a, const cJSON *b,
                          const bbctl_offline_opts_t *o, cJSON **out, char *err,
                          size_t errlen) {
  *out = NULL;
  return bbd_errf(BBD_EUNSUPPORTED, err, errlen,
                  "this bbctl was built without bbd/stats, which offline "
                  "comparison needs");
}

#endif
