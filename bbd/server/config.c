#include "config.h"

#include "err.h"
#include "log.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef BBD_VERSION
#define BBD_VERSION "0.0.0"
#endif
#ifndef BBD_BUILD_PLUGIN_DIR
#define BBD_BUILD_PLUGIN_DIR ""
#endif
#ifndef BBD_INSTALL_PLUGIN_DIR
#define BBD_INSTALL_PLUGIN_DIR "/usr/local/lib/bbd/plugins"
#endif
#ifndef BBD_INSTALL_LIBEXEC_DIR
#define BBD_INSTALL_LIBEXEC_DIR "/usr/local/libexec/bbd"
#endif
#ifndef BBD_INSTALL_BIN_DIR
#define BBD_INSTALL_BIN_DIR "/usr/local/bin"
#endif
#ifndef BBD_BUILD_WEB_DIR
#define BBD_BUILD_WEB_DIR ""
#endif
#ifndef BBD_INSTALL_WEB_DIR
#define BBD_INSTALL_WEB_DIR "/usr/local/share/bbd/web"
#endif

void bbd_config_defaults(bbd_config_t *cfg) {
  memset(cfg, 0, sizeof *cfg);
  snprintf(cfg->listen_host, sizeof cfg->listen_host, "127.0.0.1");
  cfg->listen_port = BBD_DEFAULT_PORT;
  const char *xdg = getenv("XDG_STATE_HOME");
  const char *home = getenv("HOME");
  if (xdg != NULL && xdg[0] == '/')
    snprintf(cfg->data_dir, sizeof cfg->data_dir, "%s/bbd", xdg);
  else if (home != NULL && home[0] == '/')
    snprintf(cfg->data_dir, sizeof cfg->data_dir, "%s/.local/state/bbd", home);
  else
    snprintf(cfg->data_dir, sizeof cfg->data_dir, "/var/lib/bbd");
  cfg->log_level = BBD_LOG_LV_INFO;
  cfg->max_body = 1u << 20;
  cfg->max_header = 16u << 10;
  cfg->max_connections = 256;
  cfg->idle_timeout_ms = 30000;
  cfg->bench_timeout_s = 300;
  cfg->describe_timeout_s = 20;
  cfg->worker_cpu = -1;
}

int bbd_config_parse_listen(const char *s, char *host, size_t hostlen,
                            int *port) {
  const char *colon = strrchr(s, ':');
  if (colon == NULL)
    return BBD_EINVAL;
  const char *h = s;
  size_t hl = (size_t)(colon - s);
  if (hl >= 2 && h[0] == '[' && h[hl - 1] == ']') {
    h++;
    hl -= 2;
  }
  if (hl == 0) {
    h = "127.0.0.1";
    hl = strlen(h);
  }
  if (hl >= hostlen)
    return BBD_ERANGE;
  char *end = NULL;
  errno = 0;
  long p = strtol(colon + 1, &end, 10);
  if (errno != 0 || end == colon + 1 || *end != '\0' || p < 0 || p > 65535)
    return BBD_EINVAL;
  memcpy(host, h, hl);
  host[hl] = '\0';
  *port = (int)p;
  return 0;
}

static int set_path(char *dst, size_t cap, const char *src, const char *what,
                    char *err, size_t errlen) {
  if (src == NULL || strlen(src) >= cap)
    return bbd_errf(BBD_ERANGE, err, errlen, "%s: path too long", what);
  snprintf(dst, cap, "%s", src);
  return 0;
}

static int add_plugin_dir(bbd_config_t *cfg, const char *dir, char *err,
                          size_t errlen) {
  if (!cfg->plugin_dirs_set) {
    /* The first explicit dir replaces the defaults. */
    cfg->n_plugin_dirs = 0;
    cfg->plugin_dirs_set = 1;
  }
  if (cfg->n_plugin_dirs >= BBD_CFG_MAX_PLUGIN_DIRS)
    return bbd_errf(BBD_ERANGE, err, errlen, "at most %d plugin dirs",
                    BBD_CFG_MAX_PLUGIN_DIRS);
  int rc = set_path(cfg->plugin_dirs[cfg->n_plugin_dirs], PATH_MAX, dir,
                    "plugin dir", err, errlen);
  if (rc == 0)
    cfg->n_plugin_dirs++;
  return rc;
}

/* Parses a positive integer setting within [lo, hi]. */
static int parse_int(const char *s, long lo, long hi, long *out) {
  char *end = NULL;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi)
    return BBD_EINVAL;
  *out = v;
  return 0;
}

/* One setting by name, shared by the config file and the flags so both
 * accept exactly the same names and values. */
static int apply_setting(bbd_config_t *cfg, const char *key, const char *val,
                         char *err, size_t errlen) {
  long v = 0;
  if (strcmp(key, "listen") == 0) {
    if (bbd_config_parse_listen(val, cfg->listen_host, sizeof cfg->listen_host,
                                &cfg->listen_port) != 0)
      return bbd_errf(BBD_EINVAL, err, errlen,
                      "listen: expected ADDR:PORT, got '%s'", val);
    return 0;
  }
  if (strcmp(key, "unix_socket") == 0)
    return set_path(cfg->unix_socket, sizeof cfg->unix_socket, val, key, err,
                    errlen);
  if (strcmp(key, "data_dir") == 0)
    return set_path(cfg->data_dir, sizeof cfg->data_dir, val, key, err, errlen);
  if (strcmp(key, "plugin_dir") == 0)
    return add_plugin_dir(cfg, val, err, errlen);
  if (strcmp(key, "worker") == 0)
    return set_path(cfg->worker_path, sizeof cfg->worker_path, val, key, err,
                    errlen);
  if (strcmp(key, "web_dir") == 0)
    return set_path(cfg->web_dir, sizeof cfg->web_dir, val, key, err, errlen);
  if (strcmp(key, "log_file") == 0)
    return set_path(cfg->log_file, sizeof cfg->log_file, val, key, err, errlen);
  if (strcmp(key, "token_file") == 0)
    return set_path(cfg->token_file, sizeof cfg->token_file, val, key, err,
                    errlen);
  if (strcmp(key, "log_level") == 0) {
    int lv = bbd_log_level_parse(val);
    if (lv < 0)
      return bbd_errf(BBD_EINVAL, err, errlen,
                      "log_level: expected debug|info|warn|error, got '%s'",
                      val);
    cfg->log_level = lv;
    return 0;
  }
  if (strcmp(key, "auth") == 0) {
    if (strcmp(val, "true") == 0 || strcmp(val, "1") == 0)
      cfg->auth = 1;
    else if (strcmp(val, "false") == 0 || strcmp(val, "0") == 0)
      cfg->auth = 0;
    else
      return bbd_errf(BBD_EINVAL, err, errlen, "auth: expected true|false");
    return 0;
  }
  struct {
    const char *name;
    long lo, hi;
  } ints[] = {
      {"max_body", 1024, 64l << 20}, {"max_header", 1024, 1l << 20},
      {"max_connections", 1, 65536}, {"idle_timeout_s", 1, 86400},
      {"bench_timeout_s", 1, 86400}, {"describe_timeout_s", 1, 3600},
      {"worker_cpu", -1, 4095},      {"keep_runs", 0, 100000000},
  };
  for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
    if (strcmp(key, ints[i].name) != 0)
      continue;
    if (parse_int(val, ints[i].lo, ints[i].hi, &v) != 0)
      return bbd_errf(BBD_EINVAL, err, errlen,
                      "%s: expected an integer in [%ld, %ld], got '%s'", key,
                      ints[i].lo, ints[i].hi, val);
    switch (i) {
    case 0:
      cfg->max_body = (size_t)v;
      break;
    case 1:
      cfg->max_header = (size_t)v;
      break;
    case 2:
      cfg->max_connections = (int)v;
      break;
    case 3:
      cfg->idle_timeout_ms = (int)v * 1000;
      break;
    case 4:
      cfg->bench_timeout_s = (int)v;
      break;
    case 5:
      cfg->describe_timeout_s = (int)v;
      break;
    case 6:
      cfg->worker_cpu = (int)v;
      break;
    default:
      cfg->keep_runs = (int)v;
      break;
    }
    return 0;
  }
  return bbd_errf(BBD_EINVAL, err, errlen, "unknown setting '%s'", key);
}

int bbd_config_load_json(bbd_config_t *cfg, const char *text, size_t len,
                         char *err, size_t errlen) {
  cJSON *root = cJSON_ParseWithLength(text, len);
  if (root == NULL || !cJSON_IsObject(root)) {
    cJSON_Delete(root);
    return bbd_errf(BBD_EPARSE, err, errlen, "config: expected a JSON object");
  }
  int rc = 0;
  cJSON *it = NULL;
  cJSON_ArrayForEach(it, root) {
    char num[64];
    const char *key = it->string;
    if (strcmp(key, "plugin_dirs") == 0) {
      if (!cJSON_IsArray(it)) {
        rc = bbd_errf(BBD_EINVAL, err, errlen,
                      "config: plugin_dirs must be an array of strings");
        break;
      }
      cJSON *d = NULL;
      cJSON_ArrayForEach(d, it) {
        if (!cJSON_IsString(d)) {
          rc = bbd_errf(BBD_EINVAL, err, errlen,
                        "config: plugin_dirs must be an array of strings");
          break;
        }
        rc = add_plugin_dir(cfg, d->valuestring, err, errlen);
        if (rc != 0)
          break;
      }
      if (rc != 0)
        break;
      continue;
    }
    const char *val = NULL;
    if (cJSON_IsString(it)) {
      val = it->valuestring;
    } else if (cJSON_IsBool(it)) {
      val = cJSON_IsTrue(it) ? "true" : "false";
    } else if (cJSON_IsNumber(it)) {
      snprintf(num, sizeof num, "%.0f", it->valuedouble);
      val = num;
    } else {
      rc = bbd_errf(BBD_EINVAL, err, errlen,
                    "config: %s: expected a string, number or boolean", key);
      break;
    }
    char sub[256];
    rc = apply_setting(cfg, key, val, sub, sizeof sub);
    if (rc != 0) {
      bbd_errf(rc, err, errlen, "config: %s", sub);
      break;
    }
  }
  cJSON_Delete(root);
  return rc;
}

int bbd_config_load_file(bbd_config_t *cfg, const char *path, char *err,
                         size_t errlen) {
  FILE *f = fopen(path, "rb");
  if (f == NULL)
    return bbd_errf(BBD_EIO, err, errlen, "config %s: %s", path,
                    strerror(errno));
  /* Config files are small; a bounded read keeps a wrong path (a device, a
   * huge file) from eating memory. */
  enum { CFG_MAX = 256 * 1024 };
  char *buf = malloc(CFG_MAX + 1);
  if (buf == NULL) {
    fclose(f);
    return bbd_errf(BBD_ENOMEM, err, errlen, "config: out of memory");
  }
  size_t n = fread(buf, 1, CFG_MAX + 1, f);
  fclose(f);
  if (n > CFG_MAX) {
    free(buf);
    return bbd_errf(BBD_ETOOBIG, err, errlen, "config %s: larger than %d bytes",
                    path, CFG_MAX);
  }
  char sub[512];
  int rc = bbd_config_load_json(cfg, buf, n, sub, sizeof sub);
  free(buf);
  if (rc != 0)
    return bbd_errf(rc, err, errlen, "%s: %s", path, sub);
  snprintf(cfg->config_path, sizeof cfg->config_path, "%s", path);
  return 0;
}

void bbd_config_usage(FILE *out) {
  fprintf(
      out,
      "Usage: bbd [OPTION]...\n"
      "bbd " BBD_VERSION " - benchmark orchestrator daemon (HTTP/JSON API)\n"
      "\n"
      "Listening:\n"
      "  -l, --listen ADDR:PORT     TCP address (default 127.0.0.1:8740). Port "
      "0\n"
      "                             picks a free port; the bound address is\n"
      "                             printed as 'bbd: listening on "
      "http://...'.\n"
      "                             A non-loopback address requires a token.\n"
      "  -u, --unix PATH            also listen on a Unix socket (mode 0600)\n"
      "\n"
      "Files:\n"
      "  -d, --data-dir DIR         database, lock file, token, logs (env\n"
      "                             BBD_DATA_DIR; default $XDG_STATE_HOME/bbd\n"
      "                             or ~/.local/state/bbd)\n"
      "  -p, --plugin-dir DIR       plugin directory, repeatable (default: "
      "the\n"
      "                             build's plugins/ dir "
      "and " BBD_INSTALL_PLUGIN_DIR ")\n"
      "  -w, --worker PATH          bbd-worker executable (default: next to "
      "bbd,\n"
      "                             then " BBD_INSTALL_LIBEXEC_DIR ")\n"
      "      --web-dir DIR          static report files served at / (default:\n"
      "                             the build's report/ dir, else\n"
      "                             " BBD_INSTALL_WEB_DIR ")\n"
      "  -c, --config FILE          JSON config file (env BBD_CONFIG); keys "
      "are\n"
      "                             the long option names with '_' for '-',\n"
      "                             plus plugin_dirs (array). Unknown keys "
      "are\n"
      "                             an error.\n"
      "      --check-config         validate the configuration and exit\n"
      "\n"
      "Logging:\n"
      "      --log-level LEVEL      debug|info|warn|error (default info)\n"
      "      --log-file FILE        append logs to FILE instead of stderr;\n"
      "                             reopened on SIGHUP\n"
      "\n"
      "Security and limits:\n"
      "      --auth                 require a token even on loopback\n"
      "      --token-file FILE      token location (default DATA_DIR/token,\n"
      "                             generated with mode 0600 if absent)\n"
      "      --max-body BYTES       request body limit (default 1048576)\n"
      "      --max-header BYTES     request line + headers limit (default "
      "16384)\n"
      "      --max-connections N    concurrent connections (default 256)\n"
      "      --idle-timeout SECONDS close idle keep-alive connections (default "
      "30)\n"
      "\n"
      "Measurement:\n"
      "      --bench-timeout SECONDS  default per-benchmark timeout (default "
      "300)\n"
      "      --describe-timeout SECONDS  plugin describe timeout (default 20)\n"
      "      --worker-cpu N         pin workers to CPU N (default: worker "
      "picks)\n"
      "      --keep-runs N          retention: keep the newest N runs (0: "
      "all)\n"
      "\n"
      "  -h, --help                 this help\n"
      "  -V, --version              print the version\n"
      "\n"
      "Signals: SIGTERM/SIGINT stop gracefully (the current run is marked\n"
      "interrupted); SIGHUP rescans plugins and reopens the log file.\n"
      "API: docs/API.md. Deployment: docs/DEPLOY.md.\n");
}

int bbd_config_parse_args(bbd_config_t *cfg, int argc, char **argv, char *err,
                          size_t errlen) {
  enum {
    O_WEB = 256,
    O_LOGLEVEL,
    O_LOGFILE,
    O_AUTH,
    O_TOKEN,
    O_MAXBODY,
    O_MAXHDR,
    O_MAXCONN,
    O_IDLE,
    O_BTIMEOUT,
    O_DTIMEOUT,
    O_WCPU,
    O_KEEP,
    O_CHECK
  };
  static const struct option opts[] = {
      {"listen", required_argument, NULL, 'l'},
      {"unix", required_argument, NULL, 'u'},
      {"data-dir", required_argument, NULL, 'd'},
      {"plugin-dir", required_argument, NULL, 'p'},
      {"worker", required_argument, NULL, 'w'},
      {"config", required_argument, NULL, 'c'},
      {"web-dir", required_argument, NULL, O_WEB},
      {"log-level", required_argument, NULL, O_LOGLEVEL},
      {"log-file", required_argument, NULL, O_LOGFILE},
      {"auth", no_argument, NULL, O_AUTH},
      {"token-file", required_argument, NULL, O_TOKEN},
      {"max-body", required_argument, NULL, O_MAXBODY},
      {"max-header", required_argument, NULL, O_MAXHDR},
      {"max-connections", required_argument, NULL, O_MAXCONN},
      {"idle-timeout", required_argument, NULL, O_IDLE},
      {"bench-timeout", required_argument, NULL, O_BTIMEOUT},
      {"describe-timeout", required_argument, NULL, O_DTIMEOUT},
      {"worker-cpu", required_argument, NULL, O_WCPU},
      {"keep-runs", required_argument, NULL, O_KEEP},
      {"check-config", no_argument, NULL, O_CHECK},
      {"help", no_argument, NULL, 'h'},
      {"version", no_argument, NULL, 'V'},
      {NULL, 0, NULL, 0}};
  static const char *const shortopts = "l:u:d:p:w:c:hV";

  /* Pass 1: find the config file, which ranks below the environment and
   * the other flags. */
  const char *cfgfile = getenv("BBD_CONFIG");
  opterr = 0;
  optind = 1;
  int c;
  while ((c = getopt_long(argc, argv, shortopts, opts, NULL)) != -1) {
    if (c == 'c')
      cfgfile = optarg;
  }
  if (cfgfile != NULL && cfgfile[0] != '\0') {
    int rc = bbd_config_load_file(cfg, cfgfile, err, errlen);
    if (rc != 0)
      return rc;
  }
  const char *env_dir = getenv("BBD_DATA_DIR");
  if (env_dir != NULL && env_dir[0] != '\0') {
    int rc = set_path(cfg->data_dir, sizeof cfg->data_dir, env_dir,
                      "BBD_DATA_DIR", err, errlen);
    if (rc != 0)
      return rc;
  }

  /* Pass 2: every flag. */
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, shortopts, opts, NULL)) != -1) {
    const char *key = NULL;
    switch (c) {
    case 'h':
      bbd_config_usage(stdout);
      return 1;
    case 'V':
      printf("bbd %s\n", BBD_VERSION);
      return 1;
    case 'c':
      continue;
    case 'l':
      key = "listen";
      break;
    case 'u':
      key = "unix_socket";
      break;
    case 'd':
      key = "data_dir";
      break;
    case 'p':
      key = "plugin_dir";
      break;
    case 'w':
      key = "worker";
      break;
    case O_WEB:
      key = "web_dir";
      break;
    case O_LOGLEVEL:
      key = "log_level";
      break;
    case O_LOGFILE:
      key = "log_file";
      break;
    case O_AUTH:
      cfg->auth = 1;
      continue;
    case O_CHECK:
      cfg->check_config = 1;
      continue;
    case O_TOKEN:
      key = "token_file";
      break;
    case O_MAXBODY:
      key = "max_body";
      break;
    case O_MAXHDR:
      key = "max_header";
      break;
    case O_MAXCONN:
      key = "max_connections";
      break;
    case O_IDLE:
      key = "idle_timeout_s";
      break;
    case O_BTIMEOUT:
      key = "bench_timeout_s";
      break;
    case O_DTIMEOUT:
      key = "describe_timeout_s";
      break;
    case O_WCPU:
      key = "worker_cpu";
      break;
    case O_KEEP:
      key = "keep_runs";
      break;
    default:
      return bbd_errf(BBD_EINVAL, err, errlen,
                      "unknown or incomplete option '%s' (see bbd --help)",
                      argv[optind - 1 > 0 ? optind - 1 : 0]);
    }
    int rc = apply_setting(cfg, key, optarg, err, errlen);
    if (rc != 0)
      return rc;
  }
  if (optind < argc)
    return bbd_errf(BBD_EINVAL, err, errlen, "unexpected argument '%s'",
                    argv[optind]);
  return 0;
}

static int is_dir(const char *p) {
  struct stat st;
  return p[0] != '\0' && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int is_exec(const char *p) {
  return p[0] != '\0' && access(p, X_OK) == 0;
}

/* Makes a path absolute when it exists, so log lines, the API and the
 * worker's arguments name files unambiguously. */
static void absolutize(char *p, size_t cap) {
  char real[PATH_MAX];
  if (p[0] != '\0' && realpath(p, real) != NULL && strlen(real) < cap)
    snprintf(p, cap, "%s", real);
}

void bbd_config_finish(bbd_config_t *cfg, const char *exe_dir) {
  for (int i = 0; i < cfg->n_plugin_dirs; i++)
    absolutize(cfg->plugin_dirs[i], PATH_MAX);
  absolutize(cfg->worker_path, sizeof cfg->worker_path);
  absolutize(cfg->web_dir, sizeof cfg->web_dir);
  if (!cfg->plugin_dirs_set) {
    cfg->n_plugin_dirs = 0;
    if (BBD_BUILD_PLUGIN_DIR[0] != '\0')
      snprintf(cfg->plugin_dirs[cfg->n_plugin_dirs++], PATH_MAX, "%s",
               BBD_BUILD_PLUGIN_DIR);
    snprintf(cfg->plugin_dirs[cfg->n_plugin_dirs++], PATH_MAX, "%s",
             BBD_INSTALL_PLUGIN_DIR);
  }
  if (cfg->worker_path[0] == '\0') {
    char cand[PATH_MAX];
    snprintf(cand, sizeof cand, "%s/bbd-worker", exe_dir ? exe_dir : ".");
    if (exe_dir == NULL || !is_exec(cand)) {
      snprintf(cand, sizeof cand, "%s/bbd-worker", BBD_INSTALL_LIBEXEC_DIR);
      if (!is_exec(cand))
        snprintf(cand, sizeof cand, "%s/bbd-worker", BBD_INSTALL_BIN_DIR);
    }
    snprintf(cfg->worker_path, sizeof cfg->worker_path, "%s", cand);
  }
  if (cfg->web_dir[0] == '\0') {
    /* The build tree's assembled report (web/CMakeLists.txt) when this
     * binary runs from a build, else the installed one. */
    const char *w =
        is_dir(BBD_BUILD_WEB_DIR) ? BBD_BUILD_WEB_DIR : BBD_INSTALL_WEB_DIR;
    snprintf(cfg->web_dir, sizeof cfg->web_dir, "%s", w);
  }
  for (int i = 0; i < cfg->n_plugin_dirs; i++)
    absolutize(cfg->plugin_dirs[i], PATH_MAX);
  if (cfg->token_file[0] == '\0') {
    /* data_dir is bounded by PATH_MAX too; a cut path would be refused by
     * open() later rather than silently used. */
    int n = snprintf(cfg->token_file, sizeof cfg->token_file, "%.4000s/token",
                     cfg->data_dir);
    (void)n;
  }
}
