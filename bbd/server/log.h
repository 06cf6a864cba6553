/*
 * Structured log lines for the daemon.
 *
 * One line per event on stderr (journald under systemd), or in a log file
 * when configured, in logfmt:
 *
 *   ts=2026-11-26T01:30:00.123Z level=info comp=http msg="listening on ..."
 *
 * logfmt keeps the lines greppable by humans and parseable by log shippers
 * without a JSON dependency in the hot path. The message is escaped so a
 * value coming from a client can never forge a second line or field.
 */
#ifndef BBD_SERVER_LOG_H
#define BBD_SERVER_LOG_H

#include <limits.h>
#include <stddef.h>

typedef enum bbd_loglevel {
  BBD_LOG_LV_DEBUG = 0,
  BBD_LOG_LV_INFO = 1,
  BBD_LOG_LV_WARN = 2,
  BBD_LOG_LV_ERROR = 3
} bbd_loglevel_t;

typedef struct bbd_log {
  int level;           /* lines below this level are dropped */
  int fd;              /* 2 (stderr) or the opened log file */
  char path[PATH_MAX]; /* log file, empty for stderr */
} bbd_log_t;

/* Parses "debug", "info", "warn" or "error"; returns -1 if unknown. */
int bbd_log_level_parse(const char *name);

/* Sets up logging to stderr, or to `path` (appended, mode 0640) if non-empty.
 * Returns 0 or a negative BBD_E* code with detail in err. */
int bbd_log_open(bbd_log_t *lg, int level, const char *path, char *err,
                 size_t errlen);

/* Reopens the log file (after rotation, on SIGHUP). No-op for stderr. */
int bbd_log_reopen(bbd_log_t *lg);

void bbd_log_close(bbd_log_t *lg);

/* Writes one line. `comp` names the module ("http", "queue", ...). */
void bbd_logf(bbd_log_t *lg, int level, const char *comp, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#define BBD_DEBUG(lg, comp, ...)                                               \
  bbd_logf((lg), BBD_LOG_LV_DEBUG, comp, __VA_ARGS__)
#define BBD_INFO(lg, comp, ...)                                                \
  bbd_logf((lg), BBD_LOG_LV_INFO, comp, __VA_ARGS__)
#define BBD_WARN(lg, comp, ...)                                                \
  bbd_logf((lg), BBD_LOG_LV_WARN, comp, __VA_ARGS__)
#define BBD_ERROR(lg, comp, ...)                                               \
  bbd_logf((lg), BBD_LOG_LV_ERROR, comp, __VA_ARGS__)

#endif
