/*
 * The batch state of the workload plugins: `count` records of one
 * libbebytes struct encoded per iteration, with whichever outputs the
 * benchmark needs: the live buffers of one batch (one freshly allocated
 * buffer per record, all kept until the batch ends), one shared growable
 * buffer sized for the whole batch, or one caller array. Setup sizes every
 * output in advance, so the timed loops (wl_loops.h) only encode.
 */
#ifndef BBD_WL_BATCH_H
#define BBD_WL_BATCH_H

#include "wl_common.h"

struct wl_rec; /* a record of the batch's struct (never defined) */

typedef struct wl_batch {
  int variant;  /* which loop run() takes: the benchmark's own choice */
  int le;       /* the `order` parameter is le */
  size_t count; /* records per iteration (the `count` parameter) */
  /* count records of the benchmark's struct, read through WL_REC. Not a
   * void *: GCC lets a store of any pointer (the loops store the new
   * buffers into items[]) alias a void * field, so every record access
   * would reload `recs`; a pointer to an opaque type keeps the loops the
   * code a typed pointer gives. */
  struct wl_rec *recs;
  uint8_t **items;  /* WL_BATCH_ITEMS: the live buffers of one batch */
  size_t *item_len; /*   and their lengths */
  bebytes_buf buf;  /* WL_BATCH_BUF: capacity reserved for count records */
  uint8_t *raw;     /* WL_BATCH_RAW: count * wire_size bytes */
  size_t wire_size; /* encoded size of one record */
} wl_batch;

/* The outputs a batch benchmark needs (wl_batch_spec.needs). */
enum { WL_BATCH_ITEMS = 1, WL_BATCH_BUF = 2, WL_BATCH_RAW = 4 };

/* What one kind of batch holds. */
typedef struct wl_batch_spec {
  size_t rec_size;                     /* sizeof one record */
  size_t wire_size;                    /* its fixed encoded size */
  int64_t default_count;               /* when `count` is not given */
  void (*init)(void *rec, uint32_t i); /* fills record i */
  unsigned needs;                      /* WL_BATCH_* */
} wl_batch_spec;

/* A bbd setup() body: allocates a wl_batch with `variant`, the `order` and
 * `count` parameters, count records filled by spec->init and the outputs
 * spec->needs names, and declares count * wire_size bytes and count
 * elements per iteration to the host. 0, or -1 with a reason. */
int wl_batch_setup(const wl_batch_spec *spec, int variant,
                   const bbd_host_t *host, const bbd_args_t *args, void **state,
                   char *err, size_t errlen);

/* A bbd teardown(): frees the batch (NULL is allowed). */
void wl_batch_teardown(void *state);

/* Checks the encoding of record i at p (len bytes): 0, or -1 with a reason
 * in err. */
typedef int (*wl_batch_check_fn)(const wl_batch *b, size_t i, const uint8_t *p,
                                 size_t len, char *err, size_t errlen);

/* After a run: checks every record in `out`, which holds the batch's
 * records back to back (the raw array), with `check`. 0, or -1. */
int wl_batch_verify_array(const wl_batch *b, const uint8_t *out,
                          wl_batch_check_fn check, char *err, size_t errlen);

/* After a run: the shared buffer must hold exactly count records, each
 * passing `check`. 0, or -1 with a reason. */
int wl_batch_verify_buf(const wl_batch *b, wl_batch_check_fn check, char *err,
                        size_t errlen);

#endif
