#include "counters.h"

#include "err.h"
#include "pfm.h"

#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

const char *bbd_wk_ctr_status_name(bbd_wk_ctr_status_t s) {
  switch (s) {
  case BBD_CTR_OK:
    return "ok";
  case BBD_CTR_UNSUPPORTED:
    return "unsupported";
  case BBD_CTR_DENIED:
    return "denied";
  case BBD_CTR_UNKNOWN_EVENT:
    return "unknown-event";
  default:
    return "invalid";
  }
}

bbd_wk_ctr_status_t bbd_wk_ctr_status_from_errno(int e) {
  switch (e) {
  case ENOENT:
  case EOPNOTSUPP:
  case ENODEV:
    return BBD_CTR_UNSUPPORTED;
  case EACCES:
  case EPERM:
    return BBD_CTR_DENIED;
  default:
    return BBD_CTR_INVALID;
  }
}

int bbd_wk_ctr_scale(uint64_t value, uint64_t enabled, uint64_t running,
                     double *out, double *coverage) {
  if (running == 0)
    return -1;
  if (enabled < running)
    enabled = running; /* clock skew between the two; never scale down */
  *out = (double)value * ((double)enabled / (double)running);
  if (coverage)
    *coverage = (double)running / (double)enabled;
  return 0;
}

int bbd_wk_perf_paranoid(void) {
  FILE *f = fopen("/proc/sys/kernel/perf_event_paranoid", "r");
  int v = INT32_MIN;
  if (f) {
    if (fscanf(f, "%d", &v) != 1)
      v = INT32_MIN;
    fclose(f);
  }
  return v;
}

static int perf_open(struct perf_event_attr *a, int group_fd) {
  for (int tries = 0; tries < 5; tries++) {
    long fd =
        syscall(SYS_perf_event_open, a, 0, -1, group_fd, PERF_FLAG_FD_CLOEXEC);
    if (fd >= 0)
      return (int)fd;
    if (errno != EINTR)
      break;
  }
  return -1;
}

static void fill_attr(struct perf_event_attr *a, const bbd_wk_encoding_t *e,
                      int user_only, int leader, int inherit) {
  memset(a, 0, sizeof *a);
  a->size = sizeof *a;
  a->type = e->type;
  a->config = e->config;
  a->config1 = e->config1;
  a->config2 = e->config2;
  /* libpfm's guesses for the privilege bits depend on the detected PMU:
   * always overwrite them (and the read format) ourselves. */
  a->exclude_kernel = user_only ? 1 : 0;
  a->exclude_hv = 1;
  a->disabled = leader ? 1 : 0;
  a->inherit = inherit ? 1 : 0;
  a->read_format = PERF_FORMAT_GROUP | PERF_FORMAT_ID |
                   PERF_FORMAT_TOTAL_TIME_ENABLED |
                   PERF_FORMAT_TOTAL_TIME_RUNNING;
}

/* Events raised from kernel context read 0 when the kernel is excluded. */
static int needs_kernel(const bbd_wk_encoding_t *e) {
  return e->type == PERF_TYPE_SOFTWARE &&
         (e->config == PERF_COUNT_SW_CONTEXT_SWITCHES ||
          e->config == PERF_COUNT_SW_CPU_MIGRATIONS);
}

/* Decides the mode for AUTO: user+kernel when a kernel-counting software
 * event opens, else user only. */
static bbd_wk_ctr_mode_t resolve_mode(bbd_wk_ctr_mode_t m) {
  if (m != BBD_CTR_MODE_AUTO)
    return m;
  struct perf_event_attr a;
  bbd_wk_encoding_t e = {PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK, 0, 0};
  fill_attr(&a, &e, 0, 1, 1);
  int fd = perf_open(&a, -1);
  if (fd < 0)
    return BBD_CTR_MODE_U;
  close(fd);
  return BBD_CTR_MODE_UK;
}

/* Kernels before 4.13 refuse inherit together with PERF_FORMAT_GROUP
 * (EINVAL). Then count the calling thread only rather than nothing. */
static int inherit_supported(bbd_wk_ctr_mode_t mode) {
  struct perf_event_attr a;
  bbd_wk_encoding_t e = {PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK, 0, 0};
  fill_attr(&a, &e, mode == BBD_CTR_MODE_U, 1, 1);
  int fd = perf_open(&a, -1);
  if (fd >= 0) {
    close(fd);
    return 1;
  }
  return errno != EINVAL;
}

static void open_one(bbd_wk_counters_t *cs, bbd_wk_counter_t *c,
                     const bbd_wk_encoding_t *e) {
  int user_only = cs->mode == BBD_CTR_MODE_U;
  if (user_only && needs_kernel(e)) {
    c->status = BBD_CTR_UNSUPPORTED;
    snprintf(c->reason, sizeof c->reason,
             "user-only mode: raised in kernel context, would read 0");
    return;
  }
  struct perf_event_attr a;
  int leader = cs->leader[c->group];
  fill_attr(&a, e, user_only, leader < 0, cs->inherit);
  int fd = perf_open(&a, leader);
  int e1 = errno;
  if (fd < 0 && (e1 == EACCES || e1 == EPERM) && !user_only &&
      !needs_kernel(e)) {
    /* What perf does under perf_event_paranoid=2: retry user-only. */
    fill_attr(&a, e, 1, leader < 0, cs->inherit);
    fd = perf_open(&a, leader);
    if (fd >= 0)
      c->user_only = 1;
    else
      e1 = errno;
  }
  if (fd < 0) {
    c->err_no = e1;
    c->status = bbd_wk_ctr_status_from_errno(e1);
    snprintf(c->reason, sizeof c->reason, "perf_event_open: %s", strerror(e1));
    return;
  }
  uint64_t id = 0;
  if (ioctl(fd, PERF_EVENT_IOC_ID, &id) != 0) {
    c->err_no = errno;
    c->status = BBD_CTR_INVALID;
    snprintf(c->reason, sizeof c->reason, "PERF_EVENT_IOC_ID: %s",
             strerror(errno));
    close(fd);
    return;
  }
  c->fd = fd;
  c->id = id;
  c->status = BBD_CTR_OK;
  if (leader < 0)
    cs->leader[c->group] = fd;
}

int bbd_wk_counters_open(bbd_wk_counters_t *cs, const char *list,
                         bbd_wk_ctr_mode_t mode, char *err, size_t errlen) {
  memset(cs, 0, sizeof *cs);
  cs->leader[0] = cs->leader[1] = -1;
  if (list == NULL || list[0] == '\0' || strcmp(list, "none") == 0) {
    cs->mode = mode == BBD_CTR_MODE_AUTO ? BBD_CTR_MODE_U : mode;
    return 0;
  }
  char buf[4096];
  /* Expand "default" wherever it appears in the list. */
  size_t off = 0;
  const char *p = list;
  while (*p) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    const char *tok = p;
    size_t tlen = len;
    if (len == 7 && memcmp(p, "default", 7) == 0) {
      tok = BBD_WK_COUNTERS_DEFAULT;
      tlen = strlen(tok);
    }
    if (off + tlen + 2 > sizeof buf)
      return bbd_errf(BBD_EINVAL, err, errlen, "counter list too long");
    if (off)
      buf[off++] = ',';
    memcpy(buf + off, tok, tlen);
    off += tlen;
    p += len;
    if (*p == ',')
      p++;
  }
  buf[off] = '\0';
  cs->mode = resolve_mode(mode);
  cs->inherit = inherit_supported(cs->mode);

  char *save = NULL;
  for (char *tok = strtok_r(buf, ",", &save); tok;
       tok = strtok_r(NULL, ",", &save)) {
    size_t tlen = strlen(tok);
    if (tlen == 0)
      continue;
    if (tlen > BBD_WK_COUNTER_NAME_MAX)
      return bbd_errf(BBD_EINVAL, err, errlen,
                      "counter name longer than %d bytes",
                      BBD_WK_COUNTER_NAME_MAX);
    int dup = 0;
    for (size_t i = 0; i < cs->n; i++)
      dup |= strcmp(cs->c[i].name, tok) == 0;
    if (dup)
      continue;
    if (cs->n >= BBD_WK_COUNTER_MAX)
      return bbd_errf(BBD_EINVAL, err, errlen, "more than %d counters",
                      BBD_WK_COUNTER_MAX);
    bbd_wk_counter_t *c = &cs->c[cs->n++];
    memset(c, 0, sizeof *c);
    c->fd = -1;
    snprintf(c->name, sizeof c->name, "%s", tok);
    bbd_wk_encoding_t enc;
    if (bbd_wk_pfm_encode(tok, &enc, c->fstr, sizeof c->fstr, c->reason,
                          sizeof c->reason) != 0) {
      c->status = BBD_CTR_UNKNOWN_EVENT;
      c->group = BBD_WK_GROUP_HW;
      continue;
    }
    c->group =
        enc.type == PERF_TYPE_SOFTWARE ? BBD_WK_GROUP_SW : BBD_WK_GROUP_HW;
    open_one(cs, c, &enc);
  }
  for (int g = 0; g < 2; g++)
    if (cs->leader[g] >= 0) {
      ioctl(cs->leader[g], PERF_EVENT_IOC_RESET, PERF_IOC_FLAG_GROUP);
      ioctl(cs->leader[g], PERF_EVENT_IOC_ENABLE, PERF_IOC_FLAG_GROUP);
    }
  return 0;
}

int bbd_wk_ctr_parse_group(const bbd_wk_counters_t *cs, int group,
                           const uint64_t *buf, size_t len,
                           bbd_wk_ctr_snap_t *snap) {
  if (len < 3 * sizeof(uint64_t))
    return -1;
  uint64_t nr = buf[0];
  if (nr > BBD_WK_COUNTER_MAX || len < (3 + 2 * nr) * sizeof(uint64_t))
    return -1;
  uint64_t enabled = buf[1], running = buf[2];
  for (uint64_t k = 0; k < nr; k++) {
    uint64_t value = buf[3 + 2 * k], id = buf[4 + 2 * k];
    for (size_t i = 0; i < cs->n; i++) {
      const bbd_wk_counter_t *c = &cs->c[i];
      if (c->status == BBD_CTR_OK && c->group == group && c->id == id) {
        snap->value[i] = value;
        snap->enabled[i] = enabled;
        snap->running[i] = running;
        snap->have[i] = 1;
      }
    }
  }
  return 0;
}

int bbd_wk_counters_read(const bbd_wk_counters_t *cs, bbd_wk_ctr_snap_t *snap) {
  int rc = 0;
  memset(snap->have, 0, sizeof snap->have);
  for (int g = 0; g < 2; g++) {
    if (cs->leader[g] < 0)
      continue;
    uint64_t buf[3 + 2 * BBD_WK_COUNTER_MAX];
    ssize_t n = read(cs->leader[g], buf, sizeof buf);
    if (n <= 0 || bbd_wk_ctr_parse_group(cs, g, buf, (size_t)n, snap) != 0)
      rc = -1;
  }
  return rc;
}

int bbd_wk_counters_find_ok(const bbd_wk_counters_t *cs, const char *name) {
  for (size_t i = 0; i < cs->n; i++)
    if (cs->c[i].status == BBD_CTR_OK && strcmp(cs->c[i].name, name) == 0)
      return (int)i;
  return -1;
}

void bbd_wk_counters_close(bbd_wk_counters_t *cs) {
  for (size_t i = 0; i < cs->n; i++)
    if (cs->c[i].fd >= 0) {
      close(cs->c[i].fd);
      cs->c[i].fd = -1;
    }
  cs->leader[0] = cs->leader[1] = -1;
}
