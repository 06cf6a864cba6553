#include "loader.h"

#include "descriptor.h"
#include "err.h"

#include <dlfcn.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* Refuses files that someone else could have swapped: group- or
 * world-writable files or directories. */
static int check_perms(const char *path, char *err, size_t errlen) {
  struct stat st;
  if (stat(path, &st) != 0)
    return bbd_errf(BBD_EPLUGIN, err, errlen, "%s: %s", path, strerror(errno));
  if (!S_ISREG(st.st_mode))
    return bbd_errf(BBD_EPLUGIN, err, errlen, "%s: not a regular file", path);
  if (st.st_mode & (S_IWGRP | S_IWOTH))
    return bbd_errf(BBD_EPERM, err, errlen,
                    "%s: group- or world-writable plugin refused", path);
  char dir[PATH_MAX];
  snprintf(dir, sizeof dir, "%s", path);
  const char *d = dirname(dir);
  if (stat(d, &st) == 0 && (st.st_mode & (S_IWGRP | S_IWOTH)) &&
      !(st.st_mode & S_ISVTX))
    return bbd_errf(BBD_EPERM, err, errlen,
                    "%s: directory is group- or world-writable", d);
  return 0;
}

int bbd_wk_plugin_load(bbd_wk_plugin_t *pl, const char *path, uint64_t seed,
                       char *err, size_t errlen) {
  memset(pl, 0, sizeof *pl);
  pl->path = path;
  pl->abi_major = pl->abi_minor = -1;
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  size_t blen = strlen(base);
  if (blen < 4 || strcmp(base + blen - 3, ".so") != 0 ||
      blen - 3 >= sizeof pl->stem)
    return bbd_errf(BBD_EPLUGIN, err, errlen,
                    "%s: a plugin file is NAME.so with NAME of at most %d "
                    "bytes",
                    path, BBD_PLUGIN_NAME_MAX);
  memcpy(pl->stem, base, blen - 3);
  pl->stem[blen - 3] = '\0';
  int rc = check_perms(path, err, errlen);
  if (rc != 0)
    return rc;
  /* dlopen searches the library path for names without a slash. */
  char full[PATH_MAX];
  if (strchr(path, '/') == NULL)
    snprintf(full, sizeof full, "./%s", path);
  else
    snprintf(full, sizeof full, "%s", path);
  pl->dl = dlopen(full, RTLD_NOW | RTLD_LOCAL);
  if (pl->dl == NULL) {
    const char *e = dlerror();
    return bbd_errf(BBD_EPLUGIN, err, errlen, "dlopen: %s", e ? e : "failed");
  }
  void *sym = dlsym(pl->dl, BBD_PLUGIN_ENTRY_SYMBOL);
  if (sym == NULL)
    return bbd_errf(BBD_EPLUGIN, err, errlen,
                    "%s does not export %s (built with an older header or "
                    "without BBD_PLUGIN_EXPORT?)",
                    base, BBD_PLUGIN_ENTRY_SYMBOL);
  bbd_plugin_init_fn init;
  memcpy(&init, &sym, sizeof init);
  bbd_wk_host_init(&pl->host, &pl->hctx, pl->stem, seed, stderr);
  char perr[512];
  perr[0] = '\0';
  const bbd_plugin_t *p = NULL;
  if (init(&pl->host, &p, perr, sizeof perr) != 0) {
    perr[sizeof perr - 1] = '\0';
    return bbd_errf(BBD_EPLUGIN, err, errlen, "bbd_plugin_init failed: %s",
                    perr[0] ? perr : "(no reason given)");
  }
  if (p != NULL) {
    pl->abi_major = p->abi_major;
    pl->abi_minor = p->abi_minor;
  }
  rc = bbd_wk_validate_plugin(p, pl->stem, &pl->nbench, err, errlen);
  if (rc != 0)
    return rc;
  pl->p = p;
  return 0;
}

const bbd_benchmark_t *bbd_wk_plugin_find(const bbd_wk_plugin_t *pl,
                                          const char *name) {
  size_t plen = strlen(pl->p->name);
  if (strncmp(name, pl->p->name, plen) == 0 && name[plen] == '/')
    name += plen + 1;
  for (size_t i = 0; i < pl->nbench; i++)
    if (strcmp(pl->p->benchmarks[i]->name, name) == 0)
      return pl->p->benchmarks[i];
  return NULL;
}
