#include "catalog.h"

#include "err.h"
#include "events.h"
#include "proc.h"
#include "queue.h"
#include "runreq.h"

#include "../store/store.h"
#include <bbd/plugin.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEBOUNCE_MS 200
#define DIR_RETRY_MS 10000
#define MAX_PLUGIN_FILES 4096

enum { E_PENDING, E_OK, E_BROKEN, E_REFUSED };

typedef struct entry {
  char *path, *dir, *file, *name;
  int64_t mtime_ns, size;
  char hash[17];
  int state;
  char code[24];
  char *reason;
  char plugin_abi[24];
  char host_abi[24];
  cJSON *desc; /* describe document when ok */
  /* While a replaced file (same path, new content) waits for its new
   * description: the previous file's describe document. The entry stays
   * usable with it, so a request made in that window is not refused; the
   * queue starts no run before the catalog has settled, and a run resolves
   * its benchmarks against the new description when it starts. */
  cJSON *prev;
  int seen;
} entry_t;

typedef struct watch {
  uv_fs_event_t ev;
  int active;
  bbd_catalog_t *cat;
} watch_t;

struct bbd_catalog {
  bbd_server_t *s;
  entry_t **e;
  size_t n, cap;
  watch_t watches[BBD_CFG_MAX_PLUGIN_DIRS];
  char dir_refused[BBD_CFG_MAX_PLUGIN_DIRS][256];
  int dir_exists[BBD_CFG_MAX_PLUGIN_DIRS];
  uv_timer_t debounce;
  uv_timer_t retry;
  int scanning;
  int rescan_pending;
  int describing;   /* an entry is being described */
  bbd_proc_t *proc; /* the describe worker, while one runs */
  uint64_t generation;
  int closed;
};

static void entry_free(entry_t *e) {
  if (e == NULL)
    return;
  free(e->path);
  free(e->dir);
  free(e->file);
  free(e->name);
  free(e->reason);
  cJSON_Delete(e->desc);
  cJSON_Delete(e->prev);
  free(e);
}

static void set_reason(entry_t *e, int state, const char *code,
                       const char *reason) {
  e->state = state;
  snprintf(e->code, sizeof e->code, "%s", code ? code : "EPLUGIN");
  free(e->reason);
  e->reason = strdup(reason ? reason : "unknown reason");
  cJSON_Delete(e->desc);
  e->desc = NULL;
}

/* ---- safety checks ------------------------------------------------------ */

static int check_mode(const char *what, const char *path, const struct stat *st,
                      char *err, size_t errlen) {
  if (st->st_mode & (S_IWGRP | S_IWOTH))
    return bbd_errf(BBD_EPERM, err, errlen,
                    "%s %s is group- or world-writable (mode %04o)", what, path,
                    (unsigned)(st->st_mode & 07777));
  if (st->st_uid != getuid() && st->st_uid != 0)
    return bbd_errf(BBD_EPERM, err, errlen,
                    "%s %s is owned by uid %u, not by bbd's user or root", what,
                    path, (unsigned)st->st_uid);
  return 0;
}

int bbd_catalog_check_dir(const char *dir, char *err, size_t errlen) {
  struct stat st;
  if (stat(dir, &st) != 0)
    return bbd_errf(BBD_ENOTFOUND, err, errlen, "plugin dir %s: %s", dir,
                    strerror(errno));
  if (!S_ISDIR(st.st_mode))
    return bbd_errf(BBD_EINVAL, err, errlen, "%s is not a directory", dir);
  return check_mode("plugin dir", dir, &st, err, errlen);
}

int bbd_catalog_check_file(const char *path, char *err, size_t errlen) {
  struct stat st;
  if (stat(path, &st) != 0)
    return bbd_errf(BBD_ENOTFOUND, err, errlen, "%s: %s", path,
                    strerror(errno));
  if (!S_ISREG(st.st_mode))
    return bbd_errf(BBD_EINVAL, err, errlen, "%s is not a regular file", path);
  return check_mode("plugin file", path, &st, err, errlen);
}

/* As the worker does: the glob is tried on the full id and on the id
 * without its plugin prefix, so "math/..." and "fx_ok/math/..." both work. */
int bbd_catalog_glob_match(const char *glob, const char *id) {
  if (fnmatch(glob, id, 0) == 0)
    return 1;
  const char *slash = strchr(id, '/');
  return slash != NULL && fnmatch(glob, slash + 1, 0) == 0;
}

/* FNV-1a 64 of the file content: enough to notice a rebuilt file whose
 * mtime and size did not change; not a security measure (the permission
 * checks are). */
static int hash_file(const char *path, char out[17]) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  uint64_t h = 0xcbf29ce484222325ull;
  unsigned char buf[65536];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) {
    for (ssize_t i = 0; i < n; i++) {
      h ^= buf[i];
      h *= 0x100000001b3ull;
    }
  }
  close(fd);
  if (n < 0)
    return -1;
  snprintf(out, 17, "%016llx", (unsigned long long)h);
  return 0;
}

/* ---- describe results --------------------------------------------------- */

static void apply_describe(entry_t *e, const char *text, size_t len) {
  cJSON *doc = cJSON_ParseWithLength(text, len);
  if (doc == NULL) {
    set_reason(e, E_BROKEN, "EPLUGIN",
               "the worker's describe output is not valid JSON");
    return;
  }
  cJSON *error = cJSON_GetObjectItemCaseSensitive(doc, "error");
  if (cJSON_IsObject(error)) {
    const char *code =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(error, "code"));
    const char *msg = cJSON_GetStringValue(
        cJSON_GetObjectItemCaseSensitive(error, "message"));
    cJSON *d = cJSON_GetObjectItemCaseSensitive(error, "detail");
    const char *reason =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(d, "reason"));
    const char *pabi =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(d, "plugin_abi"));
    const char *wabi =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(d, "worker_abi"));
    set_reason(e, E_BROKEN, code ? code : "EPLUGIN",
               reason ? reason
               : msg  ? msg
                      : "refused by the worker");
    if (pabi)
      snprintf(e->plugin_abi, sizeof e->plugin_abi, "%s", pabi);
    if (wabi)
      snprintf(e->host_abi, sizeof e->host_abi, "%s", wabi);
    cJSON_Delete(doc);
    return;
  }
  cJSON *plugin = cJSON_GetObjectItemCaseSensitive(doc, "plugin");
  cJSON *benches = cJSON_GetObjectItemCaseSensitive(doc, "benchmarks");
  const char *name =
      cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(plugin, "name"));
  if (!cJSON_IsObject(plugin) || !cJSON_IsArray(benches) || name == NULL) {
    cJSON_Delete(doc);
    set_reason(e, E_BROKEN, "EPLUGIN",
               "the worker's describe output lacks plugin/benchmarks");
    return;
  }
  cJSON *abi = cJSON_GetObjectItemCaseSensitive(plugin, "abi");
  cJSON *maj = cJSON_GetObjectItemCaseSensitive(abi, "major");
  cJSON *min = cJSON_GetObjectItemCaseSensitive(abi, "minor");
  if (cJSON_IsNumber(maj) && cJSON_IsNumber(min))
    snprintf(e->plugin_abi, sizeof e->plugin_abi, "%d.%d", maj->valueint,
             min->valueint);
  free(e->name);
  e->name = strdup(name);
  e->state = E_OK;
  e->code[0] = '\0';
  free(e->reason);
  e->reason = NULL;
  cJSON_Delete(e->desc);
  e->desc = doc;
}

static void cache_put(bbd_catalog_t *c, entry_t *e) {
  if (c->s->store == NULL)
    return;
  bbd_store_plugin_entry_t pe;
  memset(&pe, 0, sizeof pe);
  pe.path = e->path;
  pe.mtime_ns = e->mtime_ns;
  pe.size = e->size;
  pe.hash = e->hash;
  char *desc = NULL, *errj = NULL;
  if (e->state == E_OK) {
    desc = cJSON_PrintUnformatted(e->desc);
    pe.descriptor_json = desc;
  } else {
    /* The error is kept as the worker's error object, so code and both ABI
     * versions survive a restart. */
    cJSON *o = cJSON_CreateObject();
    cJSON *er = cJSON_AddObjectToObject(o, "error");
    cJSON_AddStringToObject(er, "code", e->code);
    cJSON_AddStringToObject(er, "message", e->reason ? e->reason : "");
    cJSON *d = cJSON_AddObjectToObject(er, "detail");
    cJSON_AddStringToObject(d, "reason", e->reason ? e->reason : "");
    if (e->plugin_abi[0])
      cJSON_AddStringToObject(d, "plugin_abi", e->plugin_abi);
    if (e->host_abi[0])
      cJSON_AddStringToObject(d, "worker_abi", e->host_abi);
    errj = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    pe.error = errj;
  }
  char err[256];
  if (bbd_store_plugin_cache_put(c->s->store, &pe, err, sizeof err) != 0)
    BBD_WARN(&c->s->log, "catalog", "plugin cache put %s: %s", e->path, err);
  free(desc);
  free(errj);
}

/* Uses the store's cached description when path, mtime, size and hash all
 * match. Returns 1 if the entry was filled. */
static int cache_get(bbd_catalog_t *c, entry_t *e) {
  if (c->s->store == NULL)
    return 0;
  bbd_store_plugin_entry_t *pe = NULL;
  if (bbd_store_plugin_cache_get(c->s->store, e->path, &pe, NULL, 0) != 0)
    return 0;
  int hit = pe->mtime_ns == e->mtime_ns && pe->size == e->size &&
            pe->hash != NULL && strcmp(pe->hash, e->hash) == 0;
  if (hit) {
    const char *txt = pe->descriptor_json ? pe->descriptor_json : pe->error;
    if (txt == NULL)
      hit = 0;
    else
      apply_describe(e, txt, strlen(txt));
  }
  bbd_store_plugin_entry_free(pe);
  return hit;
}

static void pump(bbd_catalog_t *c);
static void scan_now(bbd_catalog_t *c);

typedef struct describe_ctx {
  bbd_catalog_t *c;
  char *path;
} describe_ctx_t;

static entry_t *find_path(bbd_catalog_t *c, const char *path) {
  for (size_t i = 0; i < c->n; i++) {
    if (strcmp(c->e[i]->path, path) == 0)
      return c->e[i];
  }
  return NULL;
}

static void on_described(void *ud, int64_t status, int sig, int timed_out,
                         const char *out, size_t len) {
  describe_ctx_t *d = ud;
  bbd_catalog_t *c = d->c;
  c->describing = 0;
  c->proc = NULL;
  entry_t *e = c->closed ? NULL : find_path(c, d->path);
  if (e != NULL && e->state == E_PENDING) {
    cJSON_Delete(e->prev);
    e->prev = NULL;
    if (len > 0) {
      apply_describe(e, out, len);
    } else {
      char why[160];
      if (timed_out)
        snprintf(why, sizeof why, "describe timed out after %d s",
                 c->s->cfg.describe_timeout_s);
      else if (sig)
        snprintf(why, sizeof why, "the worker died with signal %d", sig);
      else
        snprintf(why, sizeof why,
                 "the worker exited with status %lld and no output",
                 (long long)status);
      set_reason(e, E_BROKEN,
                 timed_out ? "ETIMEOUT"
                 : sig     ? "ECRASH"
                           : "EPLUGIN",
                 why);
    }
    if (e->state == E_OK)
      BBD_INFO(&c->s->log, "catalog", "plugin %s ok (%d benchmarks)", e->path,
               cJSON_GetArraySize(
                   cJSON_GetObjectItemCaseSensitive(e->desc, "benchmarks")));
    else
      BBD_WARN(&c->s->log, "catalog", "plugin %s broken: %s: %s", e->path,
               e->code, e->reason);
    cache_put(c, e);
    bbd_server_touch(c->s);
  }
  free(d->path);
  free(d);
  if (!c->closed)
    pump(c);
}

/* Describes pending entries one at a time, then finishes the scan. */
static void pump(bbd_catalog_t *c) {
  if (c->describing || c->closed)
    return;
  for (size_t i = 0; i < c->n; i++) {
    entry_t *e = c->e[i];
    if (e->state != E_PENDING)
      continue;
    describe_ctx_t *d = calloc(1, sizeof *d);
    if (d == NULL)
      return;
    d->c = c;
    d->path = strdup(e->path);
    char tmo[16];
    snprintf(tmo, sizeof tmo, "%d", c->s->cfg.describe_timeout_s);
    char *argv[] = {c->s->cfg.worker_path, "describe", e->path,
                    "--timeout",           tmo,        NULL};
    bbd_proc_opts_t o;
    memset(&o, 0, sizeof o);
    o.file = c->s->cfg.worker_path;
    o.argv = argv;
    o.timeout_ms = (c->s->cfg.describe_timeout_s + 5) * 1000;
    o.max_stdout = 8u << 20;
    o.on_exit = on_described;
    o.ud = d;
    char err[256];
    if (bbd_proc_spawn(c->s->loop, &o, &c->proc, err, sizeof err) != 0) {
      free(d->path);
      free(d);
      cJSON_Delete(e->prev);
      e->prev = NULL;
      set_reason(e, E_BROKEN, "ESYS", err);
      continue;
    }
    c->describing = 1;
    return;
  }
  /* Nothing left to describe: the scan is complete. */
  if (c->scanning) {
    c->scanning = 0;
    c->generation++;
    bbd_server_touch(c->s);
    int ok, broken, nb;
    bbd_catalog_counts(c, &ok, &broken, &nb);
    cJSON *ev = cJSON_CreateObject();
    cJSON_AddNumberToObject(ev, "generation", (double)c->generation);
    cJSON_AddNumberToObject(ev, "ok", ok);
    cJSON_AddNumberToObject(ev, "broken", broken);
    cJSON_AddNumberToObject(ev, "benchmarks", nb);
    bbd_events_publish(c->s->events, "plugins", 0, ev);
    BBD_INFO(&c->s->log, "catalog",
             "catalog generation %llu: %d plugins ok, %d broken, %d "
             "benchmarks",
             (unsigned long long)c->generation, ok, broken, nb);
  }
  if (c->rescan_pending) {
    c->rescan_pending = 0;
    scan_now(c);
    return;
  }
  /* Runs wait for a settled catalog (see bbd_catalog_settled). The queue
   * does not exist yet during the first, synchronous part of the first
   * scan; it is kicked by bbd_queue_restore then. */
  if (c->s->queue != NULL && c->s->catalog == c && bbd_catalog_settled(c))
    bbd_queue_kick(c->s->queue);
}

/* ---- scanning ----------------------------------------------------------- */

static entry_t *entry_new(const char *dir, const char *file) {
  entry_t *e = calloc(1, sizeof *e);
  if (e == NULL)
    return NULL;
  size_t n = strlen(dir) + strlen(file) + 2;
  e->path = malloc(n);
  e->dir = strdup(dir);
  e->file = strdup(file);
  /* The plugin name is the file name without ".so" until described. */
  e->name = strndup(file, strlen(file) - 3);
  if (!e->path || !e->dir || !e->file || !e->name) {
    entry_free(e);
    return NULL;
  }
  snprintf(e->path, n, "%s/%s", dir, file);
  snprintf(e->host_abi, sizeof e->host_abi, "%d.%d", BBD_PLUGIN_ABI_MAJOR,
           BBD_PLUGIN_ABI_MINOR);
  return e;
}

static int push_entry(bbd_catalog_t *c, entry_t *e) {
  if (c->n == c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 16;
    entry_t **ne = realloc(c->e, cap * sizeof *ne);
    if (ne == NULL)
      return -1;
    c->e = ne;
    c->cap = cap;
  }
  c->e[c->n++] = e;
  return 0;
}

static int cmp_names(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void scan_file(bbd_catalog_t *c, const char *dir, const char *file,
                      const char *dir_refusal, entry_t **fresh,
                      size_t *nfresh) {
  char path[PATH_MAX];
  if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, file) >= sizeof path)
    return;
  struct stat st;
  if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
    return;
  entry_t *old = find_path(c, path);
  int64_t mtime_ns =
      (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
  char err[512];
  const char *refusal = dir_refusal;
  if (refusal == NULL &&
      check_mode("plugin file", path, &st, err, sizeof err) != 0)
    refusal = err;
  char hash[17] = "";
  if (refusal == NULL && hash_file(path, hash) != 0)
    return;
  if (old != NULL && old->state != E_PENDING && old->mtime_ns == mtime_ns &&
      old->size == (int64_t)st.st_size && strcmp(old->hash, hash) == 0 &&
      (refusal == NULL) == (old->state != E_REFUSED)) {
    old->seen = 1;
    return;
  }
  entry_t *e = entry_new(dir, file);
  if (e == NULL)
    return;
  e->mtime_ns = mtime_ns;
  e->size = (int64_t)st.st_size;
  snprintf(e->hash, sizeof e->hash, "%s", hash);
  e->seen = 1;
  if (refusal != NULL) {
    set_reason(e, E_REFUSED, "EPERM", refusal);
  } else if (!cache_get(c, e)) {
    e->state = E_PENDING;
    /* A rebuilt plugin keeps serving its previous description until the
     * new one is known (the old entry is freed by scan_now). */
    if (old != NULL && (old->state == E_OK || old->prev != NULL)) {
      e->prev = old->state == E_OK ? old->desc : old->prev;
      if (old->state == E_OK)
        old->desc = NULL;
      else
        old->prev = NULL;
      free(e->name);
      e->name = strdup(old->name);
      if (e->name == NULL) {
        entry_free(e);
        return;
      }
    }
  }
  fresh[(*nfresh)++] = e;
}

static void scan_now(bbd_catalog_t *c) {
  if (c->closed)
    return;
  if (c->describing) {
    c->rescan_pending = 1;
    return;
  }
  entry_t **fresh = calloc(MAX_PLUGIN_FILES, sizeof *fresh);
  size_t nfresh = 0;
  if (fresh == NULL)
    return;
  c->scanning = 1;
  for (size_t i = 0; i < c->n; i++)
    c->e[i]->seen = 0;
  const bbd_config_t *cfg = &c->s->cfg;
  for (int d = 0; d < cfg->n_plugin_dirs; d++) {
    const char *dir = cfg->plugin_dirs[d];
    char err[256];
    int rc = bbd_catalog_check_dir(dir, err, sizeof err);
    c->dir_exists[d] = rc != BBD_ENOTFOUND;
    c->dir_refused[d][0] = '\0';
    if (rc == BBD_ENOTFOUND)
      continue;
    if (rc != 0)
      snprintf(c->dir_refused[d], sizeof c->dir_refused[d], "%s", err);
    DIR *dh = opendir(dir);
    if (dh == NULL)
      continue;
    char *names[MAX_PLUGIN_FILES];
    size_t nn = 0;
    struct dirent *de;
    while ((de = readdir(dh)) != NULL && nn < MAX_PLUGIN_FILES) {
      size_t l = strlen(de->d_name);
      if (l > 3 && l < 250 && strcmp(de->d_name + l - 3, ".so") == 0 &&
          de->d_name[0] != '.')
        names[nn++] = strdup(de->d_name);
    }
    closedir(dh);
    qsort(names, nn, sizeof names[0], cmp_names);
    for (size_t i = 0; i < nn; i++) {
      if (names[i] != NULL && nfresh < MAX_PLUGIN_FILES)
        scan_file(c, dir, names[i], rc != 0 ? c->dir_refused[d] : NULL, fresh,
                  &nfresh);
      free(names[i]);
    }
  }
  /* Forget vanished or replaced entries, then add the fresh ones. */
  size_t w = 0;
  for (size_t i = 0; i < c->n; i++) {
    entry_t *e = c->e[i];
    int replaced = 0;
    for (size_t j = 0; j < nfresh; j++) {
      if (strcmp(fresh[j]->path, e->path) == 0)
        replaced = 1;
    }
    if (e->seen && !replaced) {
      c->e[w++] = e;
    } else {
      if (!replaced && c->s->store)
        bbd_store_plugin_cache_delete(c->s->store, e->path, NULL, 0);
      entry_free(e);
    }
  }
  c->n = w;
  for (size_t j = 0; j < nfresh; j++) {
    if (push_entry(c, fresh[j]) != 0)
      entry_free(fresh[j]);
  }
  free(fresh);
  bbd_server_touch(c->s);
  pump(c);
}

static void on_debounce(uv_timer_t *t) {
  scan_now(t->data);
}

void bbd_catalog_rescan(bbd_catalog_t *c) {
  if (c->closed)
    return;
  uv_timer_start(&c->debounce, on_debounce, DEBOUNCE_MS, 0);
}

static void on_fs_event(uv_fs_event_t *h, const char *fname, int events,
                        int status) {
  (void)fname;
  (void)events;
  (void)status;
  watch_t *w = h->data;
  bbd_catalog_rescan(w->cat);
}

/* Starts watches on dirs that exist; dirs that do not exist yet are
 * retried by a slow timer (a package may create the install dir later). */
static void start_watches(bbd_catalog_t *c) {
  int missing = 0;
  for (int d = 0; d < c->s->cfg.n_plugin_dirs; d++) {
    watch_t *w = &c->watches[d];
    if (w->active)
      continue;
    const char *dir = c->s->cfg.plugin_dirs[d];
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
      missing = 1;
      continue;
    }
    uv_fs_event_init(c->s->loop, &w->ev);
    w->ev.data = w;
    w->cat = c;
    if (uv_fs_event_start(&w->ev, on_fs_event, dir, 0) == 0) {
      w->active = 1;
      c->dir_exists[d] = 1;
    } else {
      uv_close((uv_handle_t *)&w->ev, NULL);
      missing = 1;
    }
  }
  if (!missing)
    uv_timer_stop(&c->retry);
}

static void on_retry(uv_timer_t *t) {
  bbd_catalog_t *c = t->data;
  int before = 0, after = 0;
  for (int d = 0; d < c->s->cfg.n_plugin_dirs; d++)
    before += c->watches[d].active;
  start_watches(c);
  for (int d = 0; d < c->s->cfg.n_plugin_dirs; d++)
    after += c->watches[d].active;
  if (after != before)
    bbd_catalog_rescan(c);
}

bbd_catalog_t *bbd_catalog_new(bbd_server_t *s) {
  bbd_catalog_t *c = calloc(1, sizeof *c);
  if (c == NULL)
    return NULL;
  c->s = s;
  uv_timer_init(s->loop, &c->debounce);
  c->debounce.data = c;
  uv_timer_init(s->loop, &c->retry);
  c->retry.data = c;
  uv_timer_start(&c->retry, on_retry, DIR_RETRY_MS, DIR_RETRY_MS);
  start_watches(c);
  scan_now(c);
  return c;
}

int bbd_catalog_scanning(const bbd_catalog_t *c) {
  return c->scanning || c->describing;
}

int bbd_catalog_settled(const bbd_catalog_t *c) {
  return c != NULL && !c->scanning && !c->describing && !c->rescan_pending &&
         !uv_is_active((const uv_handle_t *)&c->debounce);
}

uint64_t bbd_catalog_generation(const bbd_catalog_t *c) {
  return c->generation;
}

/* The description an entry serves: its own, or while a replaced file is
 * re-described, the previous file's. NULL if it has none. */
static const cJSON *desc_of(const entry_t *e) {
  if (e->state == E_OK)
    return e->desc;
  return e->state == E_PENDING ? e->prev : NULL;
}

/* A described entry whose name an earlier described entry already uses (an
 * earlier plugin dir wins, as with PATH). */
static const entry_t *shadowed_by(const bbd_catalog_t *c, const entry_t *e) {
  for (size_t i = 0; i < c->n && c->e[i] != e; i++) {
    if (desc_of(c->e[i]) != NULL && strcmp(c->e[i]->name, e->name) == 0)
      return c->e[i];
  }
  return NULL;
}

static int usable(const bbd_catalog_t *c, const entry_t *e) {
  return desc_of(e) != NULL && shadowed_by(c, e) == NULL;
}

void bbd_catalog_counts(const bbd_catalog_t *c, int *ok, int *broken,
                        int *benchmarks) {
  *ok = *broken = *benchmarks = 0;
  for (size_t i = 0; i < c->n; i++) {
    const entry_t *e = c->e[i];
    if (usable(c, e)) {
      (*ok)++;
      *benchmarks += cJSON_GetArraySize(
          cJSON_GetObjectItemCaseSensitive(desc_of(e), "benchmarks"));
    } else if (e->state != E_PENDING) {
      (*broken)++;
    }
  }
}

static cJSON *entry_json(const bbd_catalog_t *c, const entry_t *e,
                         int with_benchmarks) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "name", e->name);
  cJSON_AddStringToObject(o, "file", e->file);
  cJSON_AddStringToObject(o, "path", e->path);
  cJSON_AddStringToObject(o, "dir", e->dir);
  cJSON_AddNumberToObject(o, "mtime_ms", (double)(e->mtime_ns / 1000000));
  cJSON_AddNumberToObject(o, "size", (double)e->size);
  if (e->hash[0])
    cJSON_AddStringToObject(o, "hash", e->hash);
  else
    cJSON_AddNullToObject(o, "hash");
  const cJSON *desc = desc_of(e);
  const entry_t *sh = desc != NULL ? shadowed_by(c, e) : NULL;
  if (desc != NULL && sh == NULL) {
    cJSON *p = cJSON_GetObjectItemCaseSensitive(desc, "plugin");
    cJSON *b = cJSON_GetObjectItemCaseSensitive(desc, "benchmarks");
    const char *v =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(p, "version"));
    const char *sum =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(p, "summary"));
    cJSON_AddStringToObject(o, "version", v ? v : "");
    if (sum)
      cJSON_AddStringToObject(o, "summary", sum);
    else
      cJSON_AddNullToObject(o, "summary");
    cJSON *abi = cJSON_GetObjectItemCaseSensitive(p, "abi");
    cJSON_AddItemToObject(o, "abi",
                          abi ? cJSON_Duplicate(abi, 1) : cJSON_CreateNull());
    cJSON_AddNumberToObject(o, "benchmark_count", cJSON_GetArraySize(b));
    cJSON_AddStringToObject(o, "status", "ok");
    /* true while a replaced file is being described: what is shown (and
     * what requests are checked against) is the previous build's. */
    cJSON_AddBoolToObject(o, "redescribing", e->state == E_PENDING);
    if (with_benchmarks) {
      cJSON *arr = cJSON_AddArrayToObject(o, "benchmarks");
      cJSON *it;
      cJSON_ArrayForEach(it, b) {
        cJSON *cp = cJSON_Duplicate(it, 1);
        cJSON_AddStringToObject(cp, "plugin", e->name);
        cJSON_AddItemToArray(arr, cp);
      }
    }
    return o;
  }
  if (e->state == E_PENDING) {
    cJSON_AddStringToObject(o, "status", "pending");
    return o;
  }
  cJSON_AddStringToObject(o, "status",
                          e->state == E_REFUSED ? "refused" : "broken");
  char why[PATH_MAX + 64];
  if (sh != NULL)
    snprintf(why, sizeof why, "duplicate plugin name '%s', shadowed by %s",
             e->name, sh->path);
  cJSON_AddStringToObject(o, "code", sh ? "EEXIST" : e->code);
  cJSON_AddStringToObject(o, "reason", sh ? why : e->reason ? e->reason : "");
  if (e->plugin_abi[0])
    cJSON_AddStringToObject(o, "plugin_abi", e->plugin_abi);
  else
    cJSON_AddNullToObject(o, "plugin_abi");
  cJSON_AddStringToObject(o, "host_abi", e->host_abi);
  return o;
}

cJSON *bbd_catalog_json(const bbd_catalog_t *c) {
  cJSON *doc = cJSON_CreateObject();
  cJSON *ok = cJSON_AddArrayToObject(doc, "plugins");
  cJSON *bad = cJSON_AddArrayToObject(doc, "broken");
  cJSON *pending = cJSON_AddArrayToObject(doc, "pending");
  for (size_t i = 0; i < c->n; i++) {
    const entry_t *e = c->e[i];
    cJSON *o = entry_json(c, e, 0);
    if (usable(c, e))
      cJSON_AddItemToArray(ok, o);
    else if (e->state == E_PENDING)
      cJSON_AddItemToArray(pending, o);
    else
      cJSON_AddItemToArray(bad, o);
  }
  cJSON *dirs = cJSON_AddArrayToObject(doc, "dirs");
  for (int d = 0; d < c->s->cfg.n_plugin_dirs; d++) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "path", c->s->cfg.plugin_dirs[d]);
    cJSON_AddBoolToObject(o, "exists", c->dir_exists[d]);
    cJSON_AddBoolToObject(o, "watched", c->watches[d].active);
    if (c->dir_refused[d][0])
      cJSON_AddStringToObject(o, "refused", c->dir_refused[d]);
    else
      cJSON_AddNullToObject(o, "refused");
    cJSON_AddItemToArray(dirs, o);
  }
  cJSON_AddBoolToObject(doc, "scanning", bbd_catalog_scanning(c));
  cJSON_AddNumberToObject(doc, "generation", (double)c->generation);
  return doc;
}

cJSON *bbd_catalog_plugin_json(const bbd_catalog_t *c, const char *name) {
  const entry_t *fallback = NULL;
  for (size_t i = 0; i < c->n; i++) {
    if (strcmp(c->e[i]->name, name) != 0)
      continue;
    if (usable(c, c->e[i]))
      return entry_json(c, c->e[i], 1);
    if (fallback == NULL)
      fallback = c->e[i];
  }
  return fallback ? entry_json(c, fallback, 1) : NULL;
}

cJSON *bbd_catalog_benchmarks_json(const bbd_catalog_t *c, const char *glob) {
  cJSON *arr = cJSON_CreateArray();
  for (size_t i = 0; i < c->n; i++) {
    const entry_t *e = c->e[i];
    if (!usable(c, e))
      continue;
    cJSON *it;
    cJSON_ArrayForEach(
        it, cJSON_GetObjectItemCaseSensitive(desc_of(e), "benchmarks")) {
      const char *id =
          cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "id"));
      if (id == NULL || (glob != NULL && !bbd_catalog_glob_match(glob, id)))
        continue;
      cJSON *cp = cJSON_Duplicate(it, 1);
      cJSON_AddStringToObject(cp, "plugin", e->name);
      cJSON_AddItemToArray(arr, cp);
    }
  }
  return arr;
}

/* The selection rule: no filters (or an empty list) select everything. */
static int filters_match(const cJSON *filters, const char *id) {
  if (filters == NULL || cJSON_GetArraySize(filters) == 0)
    return 1;
  const cJSON *f;
  cJSON_ArrayForEach(f, filters) {
    if (cJSON_IsString(f) && bbd_catalog_glob_match(f->valuestring, id))
      return 1;
  }
  return 0;
}

int bbd_catalog_check_params(const bbd_catalog_t *c, const cJSON *filters,
                             const cJSON *params, char *err, size_t errlen) {
  for (size_t i = 0; i < c->n; i++) {
    const entry_t *e = c->e[i];
    if (!usable(c, e))
      continue;
    const cJSON *b;
    cJSON_ArrayForEach(
        b, cJSON_GetObjectItemCaseSensitive(desc_of(e), "benchmarks")) {
      const char *id =
          cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(b, "id"));
      if (id == NULL || !filters_match(filters, id))
        continue;
      const cJSON *d;
      cJSON_ArrayForEach(d, cJSON_GetObjectItemCaseSensitive(b, "params")) {
        const char *pn =
            cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(d, "name"));
        const cJSON *v =
            pn ? cJSON_GetObjectItemCaseSensitive(params, pn) : NULL;
        if (!cJSON_IsString(v))
          continue;
        char why[400];
        int rc = bbd_runreq_param_check(d, v->valuestring, why, sizeof why);
        if (rc != 0)
          return bbd_errf(rc, err, errlen, "%.200s: %s", id, why);
      }
    }
  }
  return 0;
}

cJSON *bbd_catalog_select(const bbd_catalog_t *c, const cJSON *filters,
                          int *count) {
  cJSON *out = cJSON_CreateArray();
  *count = 0;
  if (out == NULL)
    return NULL;
  for (size_t i = 0; i < c->n; i++) {
    const entry_t *e = c->e[i];
    if (!usable(c, e))
      continue;
    cJSON *ids = NULL, *params = NULL;
    cJSON *it;
    cJSON_ArrayForEach(
        it, cJSON_GetObjectItemCaseSensitive(desc_of(e), "benchmarks")) {
      const char *id =
          cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "id"));
      if (id == NULL || !filters_match(filters, id))
        continue;
      if (ids == NULL) {
        cJSON *sel = cJSON_CreateObject();
        cJSON_AddStringToObject(sel, "path", e->path);
        cJSON_AddStringToObject(sel, "plugin", e->name);
        ids = cJSON_AddArrayToObject(sel, "ids");
        params = cJSON_AddArrayToObject(sel, "params");
        cJSON_AddItemToArray(out, sel);
      }
      cJSON_AddItemToArray(ids, cJSON_CreateString(id));
      (*count)++;
      const cJSON *p;
      cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(it, "params")) {
        const char *pn =
            cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(p, "name"));
        if (pn == NULL)
          continue;
        int dup = 0;
        const cJSON *q;
        cJSON_ArrayForEach(q, params) {
          if (strcmp(q->valuestring, pn) == 0)
            dup = 1;
        }
        if (!dup)
          cJSON_AddItemToArray(params, cJSON_CreateString(pn));
      }
    }
  }
  return out;
}

void bbd_catalog_close(bbd_catalog_t *c) {
  if (c == NULL || c->closed)
    return;
  c->closed = 1;
  bbd_proc_kill(c->proc, SIGKILL);
  uv_close((uv_handle_t *)&c->debounce, NULL);
  uv_close((uv_handle_t *)&c->retry, NULL);
  for (int d = 0; d < BBD_CFG_MAX_PLUGIN_DIRS; d++) {
    if (c->watches[d].active) {
      uv_fs_event_stop(&c->watches[d].ev);
      uv_close((uv_handle_t *)&c->watches[d].ev, NULL);
      c->watches[d].active = 0;
    }
  }
}

void bbd_catalog_free(bbd_catalog_t *c) {
  if (c == NULL)
    return;
  for (size_t i = 0; i < c->n; i++)
    entry_free(c->e[i]);
  free(c->e);
  free(c);
}
