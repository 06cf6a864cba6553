/*
 * Environment fingerprint comparison: which comparability keys differ
 * between two runs. A run on another CPU model, kernel, governor or counter
 * mode measures a different machine, so its numbers are not compared
 * silently (the folo-rs #429 lesson: most "regressions" were machine-key
 * artefacts).
 */
#include "stats_internal.h"

#include <string.h>

static const char *const default_keys[] = {
    "cpu_model", "kernel",     "governor", "counter_mode", "clocksource", "smt",
    "turbo",     "hypervisor", "arch",     "build_type",   NULL};

const char *const *bbd_stats_env_default_keys(void) {
  return default_keys;
}

static size_t count_keys(const char *const *keys) {
  size_t n = 0;
  while (keys[n])
    n++;
  return n;
}

/* The value of key in kv[0..n) (first occurrence), NULL if absent. */
static const char *lookup(const bbd_kv_t *kv, size_t n, const char *key) {
  for (size_t i = 0; i < n; i++)
    if (kv[i].key && !strcmp(kv[i].key, key))
      return kv[i].value;
  return NULL;
}

int bbd_stats_env_compare(const bbd_kv_t *a, size_t na, const bbd_kv_t *b,
                          size_t nb, const char *const *keys, size_t nkeys,
                          bbd_env_diff_t *diffs, size_t max_diffs,
                          size_t *ndiffs) {
  if ((!a && na) || (!b && nb) || !ndiffs || (!diffs && max_diffs))
    return BBD_EINVAL;
  if (na > BBD_STATS_MAX_SAMPLES || nb > BBD_STATS_MAX_SAMPLES ||
      nkeys > BBD_STATS_MAX_SAMPLES)
    return BBD_ETOOBIG;
  if (!keys) {
    keys = default_keys;
    nkeys = count_keys(default_keys);
  }
  size_t found = 0;
  for (size_t k = 0; k < nkeys; k++) {
    const char *key = keys[k];
    if (!key)
      continue;
    const char *va = lookup(a, na, key), *vb = lookup(b, nb, key);
    int same = (!va && !vb) || (va && vb && !strcmp(va, vb));
    if (same)
      continue;
    if (found < max_diffs) {
      diffs[found].key = key;
      diffs[found].a = va;
      diffs[found].b = vb;
    }
    found++;
  }
  *ndiffs = found;
  return 0;
}
