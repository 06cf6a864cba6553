#include "log.h"

#include "err.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static const char *const level_names[] = {"debug", "info", "warn", "error"};

int bbd_log_level_parse(const char *name) {
  for (int i = 0; i < 4; i++) {
    if (strcmp(name, level_names[i]) == 0)
      return i;
  }
  return -1;
}

int bbd_log_open(bbd_log_t *lg, int level, const char *path, char *err,
                 size_t errlen) {
  memset(lg, 0, sizeof *lg);
  lg->level = level;
  lg->fd = STDERR_FILENO;
  if (path == NULL || path[0] == '\0')
    return 0;
  if (strlen(path) >= sizeof lg->path)
    return bbd_errf(BBD_ERANGE, err, errlen, "log file path too long");
  snprintf(lg->path, sizeof lg->path, "%s", path);
  int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
  if (fd < 0)
    return bbd_errf(BBD_EIO, err, errlen, "open log file %s: %s", path,
                    strerror(errno));
  lg->fd = fd;
  return 0;
}

int bbd_log_reopen(bbd_log_t *lg) {
  if (lg->path[0] == '\0')
    return 0;
  int fd = open(lg->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
  if (fd < 0)
    return BBD_EIO;
  int old = lg->fd;
  lg->fd = fd;
  if (old > STDERR_FILENO)
    close(old);
  return 0;
}

void bbd_log_close(bbd_log_t *lg) {
  if (lg->fd > STDERR_FILENO)
    close(lg->fd);
  lg->fd = STDERR_FILENO;
}

/* Appends `s` to out[*pos..cap) escaping quotes, backslashes and control
 * characters, so one call always yields exactly one log line. */
static void put_escaped(char *out, size_t cap, size_t *pos, const char *s) {
  for (; *s != '\0' && *pos + 8 < cap; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') {
      out[(*pos)++] = '\\';
      out[(*pos)++] = (char)c;
    } else if (c == '\n') {
      out[(*pos)++] = '\\';
      out[(*pos)++] = 'n';
    } else if (c < 0x20 || c == 0x7f) {
      *pos += (size_t)snprintf(out + *pos, cap - *pos, "\\x%02x", c);
    } else {
      out[(*pos)++] = (char)c;
    }
  }
}

void bbd_logf(bbd_log_t *lg, int level, const char *comp, const char *fmt,
              ...) {
  if (lg == NULL || level < lg->level)
    return;
  if (level < 0 || level > 3)
    level = 3;
  char msg[2048];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);

  struct timeval tv;
  gettimeofday(&tv, NULL);
  struct tm tm;
  gmtime_r(&tv.tv_sec, &tm);
  char line[4096];
  size_t pos = 0;
  pos += strftime(line, sizeof line, "ts=%Y-%m-%dT%H:%M:%S", &tm);
  pos += (size_t)snprintf(
      line + pos, sizeof line - pos, ".%03ldZ level=%s comp=%s msg=\"",
      (long)(tv.tv_usec / 1000), level_names[level], comp ? comp : "bbd");
  put_escaped(line, sizeof line, &pos, msg);
  line[pos++] = '"';
  line[pos++] = '\n';
  /* One write() per line keeps lines whole when several processes share the
   * descriptor (the worker's stderr is the daemon's). */
  ssize_t w = write(lg->fd, line, pos);
  (void)w;
}
