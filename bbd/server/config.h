/*
 * Daemon configuration: built-in defaults, then an optional JSON config file
 * (--config or BBD_CONFIG), then BBD_DATA_DIR, then command-line flags; a
 * later source overrides an earlier one. `bbd --help` lists every setting.
 */
#ifndef BBD_SERVER_CONFIG_H
#define BBD_SERVER_CONFIG_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define BBD_CFG_MAX_PLUGIN_DIRS 16
#define BBD_DEFAULT_PORT 8740

typedef struct bbd_config {
  char config_path[PATH_MAX]; /* the config file read, or empty */
  char listen_host[256];      /* "127.0.0.1", "::1", "0.0.0.0", ... */
  int listen_port;            /* 0 picks a free port */
  char unix_socket[108];      /* optional Unix socket path */
  char data_dir[PATH_MAX];
  char plugin_dirs[BBD_CFG_MAX_PLUGIN_DIRS][PATH_MAX];
  int n_plugin_dirs;
  int plugin_dirs_set;        /* plugin dirs came from config/flags */
  char worker_path[PATH_MAX]; /* bbd-worker executable */
  char web_dir[PATH_MAX];     /* static report files */
  char log_file[PATH_MAX];    /* empty: stderr */
  int log_level;              /* BBD_LOG_LV_* */
  int auth;                   /* 1: always require a token */
  char token_file[PATH_MAX];  /* default DATA_DIR/token */
  /* HTTP limits. */
  size_t max_body;     /* bytes, default 1 MiB */
  size_t max_header;   /* bytes of request line + headers, default 16 KiB */
  int max_connections; /* default 256 */
  int idle_timeout_ms; /* keep-alive idle close, default 30 s */
  /* Measurement defaults a run request may override. */
  int bench_timeout_s;    /* per benchmark, default 300 */
  int describe_timeout_s; /* plugin describe, default 20 */
  int worker_cpu;         /* CPU to pin workers to, -1: worker decides */
  int keep_runs;          /* retention: 0 keeps all */
  int check_config;       /* --check-config: validate and exit */
} bbd_config_t;

/* Fills the built-in defaults (data dir from XDG_STATE_HOME or HOME). */
void bbd_config_defaults(bbd_config_t *cfg);

/*
 * Applies a JSON config file. Unknown keys are an error (a typo must not be
 * silently ignored). Returns 0 or a negative BBD_E* with detail in err.
 */
int bbd_config_load_file(bbd_config_t *cfg, const char *path, char *err,
                         size_t errlen);

/* Same, from a JSON text (used by the file loader and the unit tests). */
int bbd_config_load_json(bbd_config_t *cfg, const char *text, size_t len,
                         char *err, size_t errlen);

/*
 * Parses argv into cfg (after defaults, the config file and the
 * environment). Returns 0 to run, 1 if --help/--version was printed (exit
 * 0), or a negative code with detail in err.
 */
int bbd_config_parse_args(bbd_config_t *cfg, int argc, char **argv, char *err,
                          size_t errlen);

/* Splits "ADDR:PORT", "[v6]:PORT" or ":PORT" into host and port. */
int bbd_config_parse_listen(const char *s, char *host, size_t hostlen,
                            int *port);

/* Fills the plugin dirs, worker and web dir defaults that depend on where
 * the executable lives (exe_dir) when not configured. */
void bbd_config_finish(bbd_config_t *cfg, const char *exe_dir);

/* The --help text. */
void bbd_config_usage(FILE *out);

#endif
