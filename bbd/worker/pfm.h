/*
 * libpfm4 glue. Kept in its own translation unit because libpfm's
 * <perfmon/perf_event.h> redeclares everything in <linux/perf_event.h>;
 * the rest of the worker uses the kernel header and only sees this plain
 * encoding struct.
 */
#ifndef BBD_WORKER_PFM_H
#define BBD_WORKER_PFM_H

#include <stddef.h>
#include <stdint.h>

typedef struct bbd_wk_encoding {
  uint32_t type;
  uint64_t config, config1, config2;
} bbd_wk_encoding_t;

/* pfm_initialize() once (libpfm keeps its own state and makes later calls
 * return the first result). 0 on success, else a negative PFM code. */
int bbd_wk_pfm_init(void);

/*
 * Encodes one event string for perf_event_open. 0 on success; otherwise a
 * negative PFM error and libpfm's message in err. fstr receives libpfm's
 * canonical string (may be truncated).
 */
int bbd_wk_pfm_encode(const char *event, bbd_wk_encoding_t *out, char *fstr,
                      size_t fstrlen, char *err, size_t errlen);

/* Names of the active (present) PMUs, at most max, each < 32 bytes.
 * Returns how many were stored. */
size_t bbd_wk_pfm_pmus(char (*names)[32], size_t max);

/* "major.minor" of libpfm's API version. */
void bbd_wk_pfm_version(char *buf, size_t len);

#endif
