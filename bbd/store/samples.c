/*
 * Sample blob codec (format in samples.h). Loads and stores go through
 * shifts on unsigned values and memcpy for the double bit pattern, so the
 * code is independent of host byte order and alignment.
 */
#include "samples.h"

#include <math.h>
#include <string.h>

#include "err.h"
#include "store.h"

static void put_u32(uint8_t *p, uint32_t v) {
  for (int i = 0; i < 4; i++)
    p[i] = (uint8_t)(v >> (8 * i));
}

static void put_u64(uint8_t *p, uint64_t v) {
  for (int i = 0; i < 8; i++)
    p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get_u32(const uint8_t *p) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; i--)
    v = (v << 8) | p[i];
  return v;
}

static uint64_t get_u64(const uint8_t *p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--)
    v = (v << 8) | p[i];
  return v;
}

static void put_f64(uint8_t *p, double d) {
  uint64_t v;
  memcpy(&v, &d, sizeof v);
  put_u64(p, v);
}

static double get_f64(const uint8_t *p) {
  uint64_t v = get_u64(p);
  double d;
  memcpy(&d, &v, sizeof d);
  return d;
}

size_t bbd_samples_pairs_size(size_t n) {
  return BBD_SAMPLES_HEADER + n * 16;
}

size_t bbd_samples_series_size(size_t n) {
  return BBD_SAMPLES_HEADER + n * 8;
}

static void put_header(uint8_t *out, int kind, size_t n) {
  memcpy(out, BBD_SAMPLES_MAGIC, 4);
  out[4] = (uint8_t)kind;
  out[5] = 0;
  out[6] = 0;
  out[7] = 0;
  put_u32(out + 8, (uint32_t)n);
}

int bbd_samples_pairs_encode(const uint64_t *iters, const double *ns, size_t n,
                             uint8_t *out, size_t outlen, char *err,
                             size_t errlen) {
  if (n > BBD_STORE_MAX_SAMPLES)
    return bbd_errf(BBD_EINVAL, err, errlen, "%zu samples exceed the limit %u",
                    n, BBD_STORE_MAX_SAMPLES);
  if (n > 0 && (!iters || !ns))
    return bbd_errf(BBD_EINVAL, err, errlen, "samples: NULL arrays");
  if (!out || outlen < bbd_samples_pairs_size(n))
    return bbd_errf(BBD_EINVAL, err, errlen, "samples: output too small");
  for (size_t i = 0; i < n; i++) {
    if (iters[i] == 0)
      return bbd_errf(BBD_EINVAL, err, errlen,
                      "sample %zu: iteration count is 0", i);
    if (!isfinite(ns[i]) || ns[i] < 0)
      return bbd_errf(BBD_EINVAL, err, errlen,
                      "sample %zu: time %g ns is not a finite value >= 0", i,
                      ns[i]);
  }
  put_header(out, BBD_SAMPLES_KIND_PAIRS, n);
  uint8_t *p = out + BBD_SAMPLES_HEADER;
  for (size_t i = 0; i < n; i++, p += 16) {
    put_u64(p, iters[i]);
    put_f64(p + 8, ns[i]);
  }
  return 0;
}

int bbd_samples_series_encode(const double *values, size_t n, uint8_t *out,
                              size_t outlen, char *err, size_t errlen) {
  if (n > BBD_STORE_MAX_SAMPLES)
    return bbd_errf(BBD_EINVAL, err, errlen, "%zu values exceed the limit %u",
                    n, BBD_STORE_MAX_SAMPLES);
  if (n > 0 && !values)
    return bbd_errf(BBD_EINVAL, err, errlen, "counter series: NULL array");
  if (!out || outlen < bbd_samples_series_size(n))
    return bbd_errf(BBD_EINVAL, err, errlen,
                    "counter series: output too small");
  put_header(out, BBD_SAMPLES_KIND_SERIES, n);
  uint8_t *p = out + BBD_SAMPLES_HEADER;
  for (size_t i = 0; i < n; i++, p += 8)
    put_f64(p, values[i]);
  return 0;
}

int bbd_samples_header(const uint8_t *buf, size_t len, int *kind, size_t *n,
                       char *err, size_t errlen) {
  if (!buf || len < BBD_SAMPLES_HEADER)
    return bbd_errf(BBD_EPARSE, err, errlen,
                    "sample blob: %zu bytes, shorter than the %d-byte header",
                    buf ? len : 0, BBD_SAMPLES_HEADER);
  if (memcmp(buf, BBD_SAMPLES_MAGIC, 4) != 0)
    return bbd_errf(BBD_EPARSE, err, errlen, "sample blob: bad magic");
  int k = buf[4];
  if (k != BBD_SAMPLES_KIND_PAIRS && k != BBD_SAMPLES_KIND_SERIES)
    return bbd_errf(BBD_EPARSE, err, errlen, "sample blob: unknown kind %d", k);
  if (buf[5] != 0 || buf[6] != 0 || buf[7] != 0)
    return bbd_errf(BBD_EPARSE, err, errlen,
                    "sample blob: unknown flags or reserved bits set");
  uint32_t count = get_u32(buf + 8);
  if (count > BBD_STORE_MAX_SAMPLES)
    return bbd_errf(BBD_EPARSE, err, errlen,
                    "sample blob: count %u exceeds the limit %u", count,
                    BBD_STORE_MAX_SAMPLES);
  size_t rec = k == BBD_SAMPLES_KIND_PAIRS ? 16 : 8;
  /* count <= 1e7 and rec <= 16, so this cannot overflow a size_t. */
  size_t want = BBD_SAMPLES_HEADER + (size_t)count * rec;
  if (len != want)
    return bbd_errf(BBD_EPARSE, err, errlen,
                    "sample blob: %zu bytes, expected %zu for %u records", len,
                    want, count);
  *kind = k;
  *n = count;
  return 0;
}

int bbd_samples_pairs_decode(const uint8_t *buf, size_t len, uint64_t *iters,
                             double *ns, size_t cap, size_t *n, char *err,
                             size_t errlen) {
  int kind;
  size_t count;
  int rc = bbd_samples_header(buf, len, &kind, &count, err, errlen);
  if (rc)
    return rc;
  if (kind != BBD_SAMPLES_KIND_PAIRS)
    return bbd_errf(BBD_EPARSE, err, errlen,
                    "sample blob: kind %d where samples were expected", kind);
  if (count > cap)
    return bbd_errf(BBD_EINVAL, err, errlen,
                    "sample blob: %zu records, room for %zu", count, cap);
  const uint8_t *p = buf + BBD_SAMPLES_HEADER;
  for (size_t i = 0; i < count; i++, p += 16) {
    uint64_t it = get_u64(p);
    double t = get_f64(p + 8);
    if (it == 0 || !isfinite(t) || t < 0)
      return bbd_errf(BBD_EPARSE, err, errlen,
                      "sample blob: record %zu is invalid (iters %llu, ns %g)",
                      i, (unsigned long long)it, t);
    iters[i] = it;
    ns[i] = t;
  }
  *n = count;
  return 0;
}

int bbd_samples_series_decode(const uint8_t *buf, size_t len, double *values,
                              size_t cap, size_t *n, char *err, size_t errlen) {
  int kind;
  size_t count;
  int rc = bbd_samples_header(buf, len, &kind, &count, err, errlen);
  if (rc)
    return rc;
  if (kind != BBD_SAMPLES_KIND_SERIES)
    return bbd_errf(BBD_EPARSE, err, errlen,
                    "sample blob: kind %d where a counter series was expected",
                    kind);
  if (count > cap)
    return bbd_errf(BBD_EINVAL, err, errlen,
                    "counter blob: %zu values, room for %zu", count, cap);
  const uint8_t *p = buf + BBD_SAMPLES_HEADER;
  for (size_t i = 0; i < count; i++, p += 8)
    values[i] = get_f64(p);
  *n = count;
  return 0;
}
