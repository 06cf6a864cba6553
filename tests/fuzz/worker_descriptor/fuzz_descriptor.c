/*
 * Builds a plugin descriptor (bbd_plugin_t with benchmarks and parameters)
 * from fuzz bytes and validates it, then checks random values against the
 * declared parameters. Validation must never read out of bounds, crash or
 * accept a descriptor that breaks its documented rules.
 *
 * Input layout (all optional; missing bytes read as 0):
 *   byte 0: flags (bit0 abi major mismatch, bit1 small plugin size)
 *   byte 1: number of benchmarks (mod 6)
 *   then per benchmark: 1 byte flags (bit0 run NULL, bit1 small size),
 *     1 byte param count (mod 5), params: 1 byte type, 2 bytes min/max;
 *   then NUL-separated strings consumed in order by every string field.
 */
#include "descriptor.h"
#include "err.h"
#include "host.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct cursor {
  const uint8_t *p;
  size_t n;
} cursor_t;

static uint8_t byte(cursor_t *c) {
  if (c->n == 0)
    return 0;
  c->n--;
  return *c->p++;
}

/* Strings are copied into their own allocations so that ASan sees the
 * exact extent of every one of them. */
static char *str(cursor_t *c, char **pool, size_t *np) {
  size_t len = 0;
  while (len < c->n && c->p[len] != 0)
    len++;
  char *s = malloc(len + 1);
  memcpy(s, c->p, len);
  s[len] = '\0';
  size_t used = len < c->n ? len + 1 : len;
  c->p += used;
  c->n -= used;
  pool[(*np)++] = s;
  return s;
}

static int run_stub(void *s, uint64_t n, char *e, size_t l) {
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  cursor_t c = {data, size};
  char *pool[128];
  size_t np = 0;
  bbd_benchmark_t benches[6];
  const bbd_benchmark_t *list[7];
  bbd_param_t params[6][6];
  memset(benches, 0, sizeof benches);
  memset(params, 0, sizeof params);

  uint8_t pflags = byte(&c);
  size_t nb = byte(&c) % 6;
  uint8_t bflags[6], npar[6];
  for (size_t i = 0; i < nb; i++) {
    bflags[i] = byte(&c);
    npar[i] = byte(&c) % 5;
    for (size_t k = 0; k < npar[i]; k++) {
      params[i][k].type = (bbd_param_type_t)(byte(&c) % 7);
      params[i][k].min = (int8_t)byte(&c);
      params[i][k].max = (int8_t)byte(&c);
    }
  }
  bbd_plugin_t p;
  memset(&p, 0, sizeof p);
  p.size = (pflags & 2) ? 8 : sizeof p;
  p.abi_major = (pflags & 1) ? 2 : BBD_PLUGIN_ABI_MAJOR;
  p.abi_minor = BBD_PLUGIN_ABI_MINOR;
  p.name = str(&c, pool, &np);
  p.version = str(&c, pool, &np);
  p.summary = (pflags & 4) ? NULL : str(&c, pool, &np);
  for (size_t i = 0; i < nb; i++) {
    bbd_benchmark_t *b = &benches[i];
    b->size = (bflags[i] & 2) ? 4 : sizeof *b;
    b->run = (bflags[i] & 1) ? NULL : run_stub;
    b->name = str(&c, pool, &np);
    b->summary = str(&c, pool, &np);
    if (npar[i]) {
      for (size_t k = 0; k < npar[i]; k++) {
        params[i][k].name = str(&c, pool, &np);
        params[i][k].default_value = str(&c, pool, &np);
        params[i][k].choices = str(&c, pool, &np);
      }
      b->params = params[i]; /* terminated by the zeroed entry */
    }
    list[i] = b;
  }
  list[nb] = NULL;
  p.benchmarks = list;

  char err[256];
  size_t count = 0;
  int rc = bbd_wk_validate_plugin(&p, p.name, &count, err, sizeof err);
  if (rc == 0) {
    /* Accepted: the documented rules must hold. */
    if (count != nb || nb == 0 || !bbd_wk_valid_ident(p.name, 64))
      abort();
    for (size_t i = 0; i < nb; i++) {
      if (!bbd_wk_valid_bench_name(benches[i].name) || !benches[i].run)
        abort();
      for (size_t j = 0; j < i; j++)
        if (!strcmp(benches[i].name, benches[j].name))
          abort();
      /* Every default is valid, and arguments can be built from it. */
      bbd_args_t args;
      bbd_wk_kv_t kv;
      const char *v = str(&c, pool, &np);
      if (bbd_wk_args_build(&args, &benches[i], NULL, 0, err, sizeof err))
        abort();
      if (benches[i].params && benches[i].params[0].name) {
        char buf[80];
        snprintf(buf, sizeof buf, "%s=%s", benches[i].params[0].name, v);
        if (bbd_wk_kv_parse(buf, &kv) == 0)
          (void)bbd_wk_args_build(&args, &benches[i], &kv, 1, err, sizeof err);
      }
    }
  } else if (rc != BBD_EPLUGIN && rc != BBD_EABI && rc != BBD_ENOMEM) {
    abort();
  }
  if (memchr(err, 0, sizeof err) == NULL)
    abort();
  for (size_t i = 0; i < np; i++)
    free(pool[i]);
  return 0;
}
