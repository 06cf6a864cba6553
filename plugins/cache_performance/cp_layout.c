/*
 * layout: the same 8-byte records (the old suite's SmallStruct {u32 a,
 * u32 b}) stored contiguously in one array, against each record allocated
 * on its own and scattered over the heap.
 *
 * The scattered case interleaves each record's allocation with a decoy
 * allocation of random size (freed afterwards, leaving holes), then links
 * the records in a random permutation, so the traversal is a pointer chase
 * over a shuffled heap: every step is a dependent load to an unpredictable
 * address. The contiguous case reads the array front to back.
 */
#include "cp_benches.h"
#include "cp_util.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct small_rec {
  uint32_t a;
  uint32_t b;
} small_rec_t;

typedef struct scat_node {
  struct scat_node *next;
  small_rec_t rec;
} scat_node_t;

typedef struct lay_state {
  small_rec_t *array;  /* contiguous case */
  scat_node_t **nodes; /* scattered case: every node, for teardown */
  scat_node_t *head;
  size_t count;
} lay_state_t;

static void lay_free(lay_state_t *st) {
  if (st == NULL)
    return;
  if (st->nodes != NULL)
    for (size_t i = 0; i < st->count; i++)
      free(st->nodes[i]);
  free(st->nodes);
  free(st->array);
  free(st);
}

static int lay_setup(const bbd_host_t *host, const bbd_args_t *args,
                     void **state, char *err, size_t errlen, int scattered) {
  lay_state_t *st = calloc(1, sizeof *st);
  void **decoys = NULL;
  uint32_t *perm = NULL;
  if (st == NULL)
    goto oom;
  st->count = (size_t)wl_arg_int(host, args, "count", 1000);
  if (!scattered) {
    st->array = malloc(st->count * sizeof *st->array);
    if (st->array == NULL)
      goto oom;
    for (size_t i = 0; i < st->count; i++)
      st->array[i] = (small_rec_t){(uint32_t)i, (uint32_t)(2 * i)};
  } else {
    st->nodes = calloc(st->count, sizeof *st->nodes);
    decoys = calloc(st->count, sizeof *decoys);
    perm = malloc(st->count * sizeof *perm);
    if (st->nodes == NULL || decoys == NULL || perm == NULL)
      goto oom;
    for (size_t i = 0; i < st->count; i++) {
      st->nodes[i] = malloc(sizeof(scat_node_t));
      /* 16..1040 bytes between records, freed below: the records end up
       * spread over many lines and pages instead of packed together. */
      decoys[i] = malloc(16 + (size_t)cp_below(host, 1025));
      if (st->nodes[i] == NULL || decoys[i] == NULL)
        goto oom;
      st->nodes[i]->rec = (small_rec_t){(uint32_t)i, (uint32_t)(2 * i)};
      perm[i] = (uint32_t)i;
    }
    for (size_t i = 0; i < st->count; i++)
      free(decoys[i]);
    free(decoys);
    decoys = NULL;
    cp_shuffle_u32(host, perm, st->count);
    for (size_t i = 0; i + 1 < st->count; i++)
      st->nodes[perm[i]]->next = st->nodes[perm[i + 1]];
    st->nodes[perm[st->count - 1]]->next = NULL;
    st->head = st->nodes[perm[0]];
    free(perm);
    perm = NULL;
  }
  if (host->set_throughput != NULL)
    host->set_throughput(host, st->count * sizeof(small_rec_t), st->count);
  *state = st;
  return 0;
oom:
  if (decoys != NULL && st != NULL)
    for (size_t i = 0; i < st->count; i++)
      free(decoys[i]);
  free(decoys);
  free(perm);
  lay_free(st);
  snprintf(err, errlen, "out of memory");
  return -1;
}

uint64_t cp_layout_sum(const void *state) {
  const lay_state_t *st = state;
  uint64_t acc = 0;
  if (st->array != NULL) {
    for (size_t i = 0; i < st->count; i++)
      acc += (uint64_t)st->array[i].a + st->array[i].b;
  } else {
    for (const scat_node_t *n = st->head; n != NULL; n = n->next)
      acc += (uint64_t)n->rec.a + n->rec.b;
  }
  return acc;
}

static int lay_run(void *state, uint64_t iters, char *err, size_t errlen) {
  for (uint64_t it = 0; it < iters; it++) {
    uint64_t acc = cp_layout_sum(state);
    bbd_do_not_optimize(acc);
  }
  return 0;
}

static void lay_teardown(void *state) {
  lay_free(state);
}

static int lay_setup_contiguous(const bbd_host_t *host, const bbd_args_t *args,
                                void **state, char *err, size_t errlen) {
  return lay_setup(host, args, state, err, errlen, 0);
}

static int lay_setup_scattered(const bbd_host_t *host, const bbd_args_t *args,
                               void **state, char *err, size_t errlen) {
  return lay_setup(host, args, state, err, errlen, 1);
}

static const bbd_param_t lay_params[] = {
    {"count", BBD_PARAM_INT, "1000", "records per iteration", 1, 1 << 24, NULL},
    {NULL, 0, NULL, NULL, 0, 0, NULL},
};

const bbd_benchmark_t cp_layout_contiguous = {
    .size = sizeof(bbd_benchmark_t),
    .name = "layout/contiguous_layout",
    .summary = "sum 8-byte records stored in one contiguous array",
    .bytes_per_iter = 1000 * sizeof(small_rec_t),
    .elements_per_iter = 1000,
    .params = lay_params,
    .setup = lay_setup_contiguous,
    .run = lay_run,
    .teardown = lay_teardown,
};

const bbd_benchmark_t cp_layout_scattered = {
    .size = sizeof(bbd_benchmark_t),
    .name = "layout/scattered_layout",
    .summary = "sum 8-byte records individually allocated, chased in a "
               "shuffled order over a fragmented heap",
    .bytes_per_iter = 1000 * sizeof(small_rec_t),
    .elements_per_iter = 1000,
    .params = lay_params,
    .setup = lay_setup_scattered,
    .run = lay_run,
    .teardown = lay_teardown,
};
