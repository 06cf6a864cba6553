/*
 * The plugin catalog: which .so files exist in the plugin dirs, what they
 * contain, and which are broken or refused.
 *
 * Each file is described by `bbd-worker describe` (never dlopen'ed here),
 * and the outcome is cached in memory and in the store by path, mtime,
 * size and a content hash, so a restart does not describe unchanged files
 * again. Directories are watched with uv_fs_event (inotify); changes are
 * debounced and trigger a rescan, so a new or rebuilt plugin is available
 * within about a second. Files or dirs writable by group or others, or
 * owned by another user than bbd's or root, are refused without being
 * loaded: a plugin runs with the daemon's privileges.
 */
#ifndef BBD_SERVER_CATALOG_H
#define BBD_SERVER_CATALOG_H

#include "server.h"

#include <cjson/cJSON.h>

typedef struct bbd_catalog bbd_catalog_t;

bbd_catalog_t *bbd_catalog_new(bbd_server_t *s);

/* Starts (or schedules) a rescan of every plugin dir. */
void bbd_catalog_rescan(bbd_catalog_t *c);

int bbd_catalog_scanning(const bbd_catalog_t *c);
uint64_t bbd_catalog_generation(const bbd_catalog_t *c);
void bbd_catalog_counts(const bbd_catalog_t *c, int *ok, int *broken,
                        int *benchmarks);

/* {"plugins":[...],"broken":[...],"dirs":[...],...} (docs/API.md) */
cJSON *bbd_catalog_json(const bbd_catalog_t *c);
/* One plugin with its benchmarks, or NULL. */
cJSON *bbd_catalog_plugin_json(const bbd_catalog_t *c, const char *name);
/* Every benchmark whose id matches glob (NULL = all). */
cJSON *bbd_catalog_benchmarks_json(const bbd_catalog_t *c, const char *glob);

/*
 * Selects benchmarks: returns an array of {"path": plugin file, "plugin":
 * name, "ids": [full ids], "params": [declared param names per plugin]}
 * for every valid plugin with at least one id matching one of the filters
 * (globs, '*' matches '/'; each filter is also tried against the id minus
 * the plugin). NULL filters = everything. Returns NULL if out of
 * memory. *count receives the number of benchmarks selected.
 */
cJSON *bbd_catalog_select(const bbd_catalog_t *c, const cJSON *filters,
                          int *count);

/*
 * Checks the run parameters `params` (object name -> string value) against
 * the declaration of every benchmark selected by `filters` that declares
 * them (type, integer range, choices; bbd_runreq_param_check). 0, or
 * BBD_EINVAL/BBD_ERANGE with "BENCH_ID: parameter ...: why" in err.
 */
int bbd_catalog_check_params(const bbd_catalog_t *c, const cJSON *filters,
                             const cJSON *params, char *err, size_t errlen);

/* 1 when no scan is running or scheduled (a plugin dir change is being
 * debounced, or a file is being described). The queue starts runs only on
 * a settled catalog, so a run requested while a rebuilt plugin is being
 * re-described runs the new build; the catalog kicks the queue when it
 * settles. */
int bbd_catalog_settled(const bbd_catalog_t *c);

/* Matching rule shared with the worker (fnmatch without FNM_PATHNAME). */
int bbd_catalog_glob_match(const char *glob, const char *id);

/* Checks that a directory is safe to load plugins from (exists, not
 * group/world-writable, owned by us or root). 0 or BBD_EPERM/BBD_ENOTFOUND
 * with the reason in err. */
int bbd_catalog_check_dir(const char *dir, char *err, size_t errlen);

/* Same for one plugin file. */
int bbd_catalog_check_file(const char *path, char *err, size_t errlen);

void bbd_catalog_close(bbd_catalog_t *c);
void bbd_catalog_free(bbd_catalog_t *c);

#endif
