/* Setup, teardown and verification of the batch state (wl_batch.h). */
#include "wl_batch.h"

#include <stdio.h>
#include <stdlib.h>

void wl_batch_teardown(void *state) {
  wl_batch *b = state;
  if (b == NULL)
    return;
  free(b->recs);
  free(b->items);
  free(b->item_len);
  free(b->raw);
  bebytes_buf_free(&b->buf);
  free(b);
}

int wl_batch_setup(const wl_batch_spec *spec, int variant,
                   const bbd_host_t *host, const bbd_args_t *args, void **state,
                   char *err, size_t errlen) {
  wl_batch *b = calloc(1, sizeof *b);
  if (b == NULL)
    goto oom;
  bebytes_buf_init(&b->buf, 0);
  b->variant = variant;
  b->le = wl_arg_le(host, args);
  b->count = (size_t)wl_arg_int(host, args, "count", spec->default_count);
  b->wire_size = spec->wire_size;
  b->recs = calloc(b->count, spec->rec_size);
  if (b->recs == NULL)
    goto oom;
  if (spec->needs & WL_BATCH_ITEMS) {
    b->items = calloc(b->count, sizeof *b->items);
    b->item_len = calloc(b->count, sizeof *b->item_len);
    if (b->items == NULL || b->item_len == NULL)
      goto oom;
  }
  if (spec->needs & WL_BATCH_RAW) {
    b->raw = calloc(b->count, spec->wire_size);
    if (b->raw == NULL)
      goto oom;
  }
  for (size_t i = 0; i < b->count; i++)
    spec->init((uint8_t *)b->recs + i * spec->rec_size, (uint32_t)i);
  if (spec->needs & WL_BATCH_BUF) {
    /* Reserved now, so the timed loop never grows the buffer. */
    bebytes_error e = {0};
    int rc = bebytes_buf_reserve(&b->buf, b->count * spec->wire_size, &e);
    if (rc != 0) {
      wl_batch_teardown(b);
      return wl_fail(err, errlen, "setup", rc, &e);
    }
  }
  if (host != NULL && host->set_throughput != NULL)
    host->set_throughput(host, b->count * spec->wire_size, b->count);
  *state = b;
  return 0;
oom:
  wl_batch_teardown(b);
  snprintf(err, errlen, "out of memory");
  return -1;
}

int wl_batch_verify_array(const wl_batch *b, const uint8_t *out,
                          wl_batch_check_fn check, char *err, size_t errlen) {
  const size_t sz = b->wire_size;
  for (size_t i = 0; i < b->count; i++)
    if (check(b, i, out + i * sz, sz, err, errlen) != 0)
      return -1;
  return 0;
}

int wl_batch_verify_buf(const wl_batch *b, wl_batch_check_fn check, char *err,
                        size_t errlen) {
  if (b->buf.len != b->count * b->wire_size) {
    snprintf(err, errlen, "the shared buffer holds %zu bytes, expected %zu",
             b->buf.len, b->count * b->wire_size);
    return -1;
  }
  return wl_batch_verify_array(b, b->buf.data, check, err, errlen);
}
