/*
 * Loading a plugin file: permission checks, dlopen(RTLD_NOW|RTLD_LOCAL),
 * the entry call and descriptor validation. Only ever called in a worker
 * process (the describe child, a benchmark child, or serve).
 */
#ifndef BBD_WORKER_LOADER_H
#define BBD_WORKER_LOADER_H

#include "host.h"

#include <bbd/plugin.h>
#include <stddef.h>

typedef struct bbd_wk_plugin {
  const char *path;
  char stem[BBD_PLUGIN_NAME_MAX + 8];
  void *dl;
  const bbd_plugin_t *p;
  size_t nbench;
  int abi_major, abi_minor; /* as declared, -1 if unknown */
  bbd_host_t host;          /* the table passed to bbd_plugin_init */
  bbd_wk_host_ctx_t hctx;
} bbd_wk_plugin_t;

/* 0, or BBD_EPLUGIN / BBD_EABI / BBD_EPERM with the reason in err. */
int bbd_wk_plugin_load(bbd_wk_plugin_t *pl, const char *path, uint64_t seed,
                       char *err, size_t errlen);

/* The benchmark named `name` (group/name, or the full id with the plugin
 * prefix), or NULL. */
const bbd_benchmark_t *bbd_wk_plugin_find(const bbd_wk_plugin_t *pl,
                                          const char *name);

#endif
