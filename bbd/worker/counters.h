/*
 * Per-sample performance counters: libpfm4 encodes each event string, a
 * real perf_event_open decides whether it works (an encoding proves nothing:
 * libpfm knows the CPU model, not the kernel). Events are opened in two
 * groups, hardware and software, each read with one read() of
 * {nr, time_enabled, time_running, {value, id}...}. A counter that fails to
 * open gets a status and never drops the others.
 */
#ifndef BBD_WORKER_COUNTERS_H
#define BBD_WORKER_COUNTERS_H

#include <stddef.h>
#include <stdint.h>

#define BBD_WK_COUNTER_MAX 32
#define BBD_WK_COUNTER_NAME_MAX 127

/* The default set; `--counters default` expands to it. */
#define BBD_WK_COUNTERS_DEFAULT                                                \
  "cycles,instructions,branch-misses,cache-misses,L1-dcache-load-misses,"      \
  "task-clock,page-faults,minor-faults,major-faults,context-switches,"         \
  "cpu-migrations"

typedef enum bbd_wk_ctr_status {
  BBD_CTR_OK = 0,
  BBD_CTR_UNSUPPORTED,
  BBD_CTR_DENIED,
  BBD_CTR_UNKNOWN_EVENT,
  BBD_CTR_INVALID
} bbd_wk_ctr_status_t;

typedef enum bbd_wk_ctr_mode {
  BBD_CTR_MODE_AUTO = 0, /* user+kernel if permitted, else user */
  BBD_CTR_MODE_U = 1,    /* user only (exclude_kernel, exclude_hv) */
  BBD_CTR_MODE_UK = 2    /* user and kernel */
} bbd_wk_ctr_mode_t;

enum { BBD_WK_GROUP_HW = 0, BBD_WK_GROUP_SW = 1 };

typedef struct bbd_wk_counter {
  char name[BBD_WK_COUNTER_NAME_MAX + 1]; /* as the user wrote it */
  char fstr[256];                         /* libpfm's canonical string */
  bbd_wk_ctr_status_t status;
  int err_no;       /* errno of perf_event_open, 0 if none */
  char reason[160]; /* human detail for non-ok statuses */
  int group;        /* BBD_WK_GROUP_* */
  int fd;
  uint64_t id;
  int user_only; /* opened with exclude_kernel (after a denied retry) */
} bbd_wk_counter_t;

typedef struct bbd_wk_counters {
  size_t n;
  bbd_wk_counter_t c[BBD_WK_COUNTER_MAX];
  int leader[2];          /* fd of each group's leader, -1 if none */
  bbd_wk_ctr_mode_t mode; /* resolved: U or UK */
  int inherit; /* 1: threads started later are counted too (see .c) */
} bbd_wk_counters_t;

/* One raw reading of every counter. value[i] is valid if have[i]. The
 * enabled/running times are the group's. */
typedef struct bbd_wk_ctr_snap {
  uint64_t value[BBD_WK_COUNTER_MAX];
  uint64_t enabled[BBD_WK_COUNTER_MAX];
  uint64_t running[BBD_WK_COUNTER_MAX];
  uint8_t have[BBD_WK_COUNTER_MAX];
} bbd_wk_ctr_snap_t;

/* "ok", "unsupported", "denied", "unknown-event", "invalid". */
const char *bbd_wk_ctr_status_name(bbd_wk_ctr_status_t s);

/* Maps a perf_event_open errno to a status (ENOENT/EOPNOTSUPP/ENODEV ->
 * unsupported, EACCES/EPERM -> denied, anything else -> invalid). */
bbd_wk_ctr_status_t bbd_wk_ctr_status_from_errno(int e);

/*
 * Scales a delta by enabled/running (multiplexing). Returns 0 and stores the
 * estimate, or -1 when running == 0 (not counted: the value is null, never
 * 0). *coverage (may be NULL) receives running/enabled.
 */
int bbd_wk_ctr_scale(uint64_t value, uint64_t enabled, uint64_t running,
                     double *out, double *coverage);

/*
 * Parses a group read buffer {nr, enabled, running, {value, id}[nr]} of
 * `len` bytes into snap for the counters of `group`, matching by id (a
 * member that failed to open is simply absent). Returns 0 or -1 if the
 * buffer is malformed.
 */
int bbd_wk_ctr_parse_group(const bbd_wk_counters_t *cs, int group,
                           const uint64_t *buf, size_t len,
                           bbd_wk_ctr_snap_t *snap);

/*
 * Encodes and opens the comma-separated list (`default` expands, `none` or
 * "" opens nothing) for the calling thread (inherit=1, so threads the plugin
 * starts count too) and starts counting. Per-counter failures are recorded
 * as statuses; the call fails (BBD_EINVAL) only for a malformed list.
 */
int bbd_wk_counters_open(bbd_wk_counters_t *cs, const char *list,
                         bbd_wk_ctr_mode_t mode, char *err, size_t errlen);

/* Reads every open group into snap. 0, or -1 if a read failed. */
int bbd_wk_counters_read(const bbd_wk_counters_t *cs, bbd_wk_ctr_snap_t *snap);

/* Index of the counter named `name` whose status is ok, or -1. */
int bbd_wk_counters_find_ok(const bbd_wk_counters_t *cs, const char *name);

void bbd_wk_counters_close(bbd_wk_counters_t *cs);

/* The kernel's perf_event_paranoid, or INT32_MIN if unreadable. */
int bbd_wk_perf_paranoid(void);

#endif
