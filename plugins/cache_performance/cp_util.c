/* Helpers shared by the cache_performance benchmarks (see cp_util.h). */
#include "cp_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cp_metric(const bbd_host_t *host, const char *name, double value) {
  if (host != NULL && BBD_HOST_HAS(host, set_metric))
    host->set_metric(host, name, value);
}

uint64_t cp_below(const bbd_host_t *host, uint64_t n) {
  unsigned __int128 m = (unsigned __int128)host->random_u64(host) * n;
  return (uint64_t)(m >> 64);
}

void cp_shuffle_u32(const bbd_host_t *host, uint32_t *a, size_t n) {
  for (size_t i = n; i > 1; i--) {
    size_t j = (size_t)cp_below(host, i);
    uint32_t t = a[i - 1];
    a[i - 1] = a[j];
    a[j] = t;
  }
}

void *cp_alloc_lines(size_t bytes) {
  size_t rounded = (bytes + CP_LINE - 1) / CP_LINE * CP_LINE;
  if (rounded == 0)
    rounded = CP_LINE;
  void *p = aligned_alloc(CP_LINE, rounded);
  if (p != NULL)
    memset(p, 0, rounded);
  return p;
}

int cp_parse_size(const char *s, uint64_t *out) {
  uint64_t v = 0;
  size_t i = 0;
  if (s == NULL || s[0] < '0' || s[0] > '9')
    return -1;
  for (; s[i] >= '0' && s[i] <= '9'; i++) {
    if (i >= 12) /* more digits than any real cache size */
      return -1;
    v = v * 10 + (uint64_t)(s[i] - '0');
  }
  uint64_t mul = 1;
  if (s[i] == 'K')
    mul = 1024, i++;
  else if (s[i] == 'M')
    mul = 1024 * 1024, i++;
  else if (s[i] == 'G')
    mul = 1024ull * 1024 * 1024, i++;
  while (s[i] == '\n' || s[i] == ' ')
    i++;
  if (s[i] != '\0')
    return -1;
  if (v > (1ull << 40) / mul)
    return -1;
  *out = v * mul;
  return 0;
}

/* Reads one short sysfs attribute into buf (NUL-terminated, bounded). */
static int read_attr(const char *dir, int index, const char *attr, char *buf,
                     size_t len) {
  char path[512];
  int n = snprintf(path, sizeof path, "%s/index%d/%s", dir, index, attr);
  if (n < 0 || (size_t)n >= sizeof path)
    return -1;
  FILE *f = fopen(path, "r");
  if (f == NULL)
    return -1;
  size_t got = fread(buf, 1, len - 1, f);
  fclose(f);
  buf[got] = '\0';
  char *nl = strchr(buf, '\n');
  if (nl != NULL)
    *nl = '\0';
  return got > 0 ? 0 : -1;
}

void cp_cache_sizes_read(const char *dir, cp_cache_sizes_t *out) {
  cp_cache_sizes_t c = {0, 0, 0, 0, 1};
  /* sysfs numbers the caches index0..indexN; a dozen is far beyond any real
   * CPU, and the loop stops at the first missing index. */
  for (int i = 0; i < 16; i++) {
    char level[16], type[32], size[32], line[16];
    if (read_attr(dir, i, "level", level, sizeof level) != 0)
      break;
    if (read_attr(dir, i, "type", type, sizeof type) != 0 ||
        read_attr(dir, i, "size", size, sizeof size) != 0)
      continue;
    if (strcmp(type, "Instruction") == 0)
      continue;
    uint64_t bytes;
    if (cp_parse_size(size, &bytes) != 0 || bytes == 0)
      continue;
    if (strcmp(level, "1") == 0)
      c.l1d = bytes;
    else if (strcmp(level, "2") == 0)
      c.l2 = bytes;
    else if (level[0] >= '3' && level[0] <= '9' && bytes > c.llc)
      c.llc = bytes;
    uint64_t ls;
    if (c.line == 0 &&
        read_attr(dir, i, "coherency_line_size", line, sizeof line) == 0 &&
        cp_parse_size(line, &ls) == 0 && ls >= 16 && ls <= 4096)
      c.line = ls;
  }
  /* Fallbacks are typical of current x86 cores; from_sysfs records that
   * they were used so the results say so. */
  if (c.l1d == 0)
    c.l1d = 32 * 1024, c.from_sysfs = 0;
  if (c.l2 == 0)
    c.l2 = 1024 * 1024, c.from_sysfs = 0;
  if (c.llc == 0)
    c.llc = c.l2 > 8u * 1024 * 1024 ? c.l2 : 8u * 1024 * 1024, c.from_sysfs = 0;
  if (c.line == 0)
    c.line = 64, c.from_sysfs = 0;
  *out = c;
}

uint64_t cp_level_bytes(const cp_cache_sizes_t *c, cp_level_t level) {
  uint64_t b;
  switch (level) {
  case CP_L1:
    b = c->l1d / 2;
    break;
  case CP_L2:
    b = c->l2 / 2;
    if (b < 2 * c->l1d)
      b = 2 * c->l1d;
    break;
  case CP_LLC:
    b = 4 * c->l2;
    if (b > c->llc / 2)
      b = c->llc / 2;
    if (b < 2 * c->l2)
      b = 2 * c->l2;
    break;
  default:
    b = 2 * c->llc;
    if (b < 64ull * 1024 * 1024)
      b = 64ull * 1024 * 1024;
    if (b > 1024ull * 1024 * 1024)
      b = 1024ull * 1024 * 1024;
    break;
  }
  b = b / CP_LINE * CP_LINE;
  return b < 4 * CP_LINE ? 4 * CP_LINE : b;
}
