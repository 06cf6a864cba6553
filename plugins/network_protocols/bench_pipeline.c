/*
 * pipeline/mixed and batch/{alloc,shared,raw}: packets through the whole
 * stack (Ethernet -> IPv4 -> TCP/UDP -> application header), dispatching on
 * EtherType, IP protocol and port. The default corpus is built with the
 * project's encoders from a fixed seed; `pcap=FILE` uses a capture instead.
 */
#include <bbd/plugin.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"

#define BATCH_PACKETS 1000

enum { B_PIPE, B_ALLOC, B_SHARED, B_RAW };

typedef struct pipe_state {
  int kind;
  int depth;
  np_corpus c;
  uint8_t *shared; /* batch/shared: one buffer as large as the largest */
} pipe_state;

static int pipe_setup(const bbd_host_t *host, const bbd_args_t *args,
                      void **state, char *err, size_t errlen, int kind) {
  pipe_state *s = calloc(1, sizeof(*s));
  if (s == NULL) {
    snprintf(err, errlen, "out of memory");
    return 1;
  }
  s->kind = kind;
  const char *pcap = "";
  const char *depth = "header";
  int64_t packets = kind == B_PIPE ? 10000 : BATCH_PACKETS;
  host->arg_str(host, args, "pcap", &pcap);
  if (kind == B_PIPE) {
    host->arg_int(host, args, "packets", &packets);
    host->arg_str(host, args, "depth", &depth);
  }
  s->depth = strcmp(depth, "full") == 0 ? NP_DEPTH_FULL : NP_DEPTH_HEADER;
  int rc =
      pcap && pcap[0]
          ? np_corpus_pcap(&s->c, pcap, (size_t)packets, s->depth, err, errlen)
          : np_corpus_synth(&s->c, (size_t)packets, err, errlen);
  if (rc) {
    np_corpus_free(&s->c);
    free(s);
    return 1;
  }
  size_t maxlen = 0;
  for (size_t i = 0; i < s->c.n; i++) {
    const np_pkt *p = &s->c.pkt[i];
    /* Verify before timing: every packet must decode at this depth. */
    int app = np_pipeline_decode(s->c.arena + p->off, p->len, s->depth);
    if (app < 0) {
      snprintf(err, errlen, "packet %zu does not decode at depth %s: %d", i,
               depth, app);
      np_corpus_free(&s->c);
      free(s);
      return 1;
    }
    if (p->len > maxlen)
      maxlen = p->len;
  }
  s->shared = malloc(maxlen ? maxlen : 1);
  if (s->shared == NULL) {
    snprintf(err, errlen, "out of memory");
    np_corpus_free(&s->c);
    free(s);
    return 1;
  }
  host->set_throughput(host, s->c.bytes, s->c.n);
  *state = s;
  return 0;
}

static int pipe_run(void *state, uint64_t iters, char *err, size_t errlen) {
  pipe_state *s = state;
  const uint8_t *arena = s->c.arena;
  uint64_t seen = 0;
  for (uint64_t it = 0; it < iters; it++) {
    for (size_t i = 0; i < s->c.n; i++) {
      const np_pkt *p = &s->c.pkt[i];
      const uint8_t *data = arena + p->off;
      uint8_t *copy = NULL;
      if (s->kind == B_ALLOC) {
        /* The per-packet allocation style: each packet gets its own heap
         * buffer, as a naive capture loop would do. */
        copy = malloc(p->len);
        if (copy == NULL) {
          snprintf(err, errlen, "out of memory");
          return 1;
        }
        memcpy(copy, data, p->len);
        data = copy;
      } else if (s->kind == B_SHARED) {
        memcpy(s->shared, data, p->len);
        data = s->shared;
      }
      int app = np_pipeline_decode(data, p->len, s->depth);
      free(copy);
      if (app < 0) {
        snprintf(err, errlen, "packet %zu failed to decode: %d", i, app);
        return 1;
      }
      seen += (uint64_t)app;
    }
    bbd_do_not_optimize(seen);
  }
  return 0;
}

static void pipe_teardown(void *state) {
  pipe_state *s = state;
  np_corpus_free(&s->c);
  free(s->shared);
  free(s);
}

static const bbd_param_t pipe_params[] = {
    {.name = "pcap",
     .type = BBD_PARAM_STRING,
     .default_value = "",
     .summary = "an Ethernet pcap/pcapng to use instead of the generated "
                "corpus (frames the stack cannot decode are skipped)"},
    {.name = "packets",
     .type = BBD_PARAM_INT,
     .default_value = "10000",
     .summary = "packets in the corpus (at most this many from a pcap)",
     .min = 1,
     .max = 10000000},
    {.name = "depth",
     .type = BBD_PARAM_ENUM,
     .default_value = "header",
     .summary = "header: L2-L4 + application header; full: whole messages",
     .choices = "header,full"},
    {.name = NULL}};

static const bbd_param_t batch_params[] = {
    {.name = "pcap",
     .type = BBD_PARAM_STRING,
     .default_value = "",
     .summary = "an Ethernet pcap/pcapng (first 1,000 decodable frames)"},
    {.name = NULL}};

#define PIPE_BENCH(VAR, KIND, NAME, SUMMARY, PARAMS)                           \
  static int setup_##VAR(const bbd_host_t *h, const bbd_args_t *a, void **st,  \
                         char *e, size_t el) {                                 \
    return pipe_setup(h, a, st, e, el, KIND);                                  \
  }                                                                            \
  const bbd_benchmark_t VAR = {.size = sizeof(bbd_benchmark_t),                \
                               .name = NAME,                                   \
                               .summary = SUMMARY,                             \
                               .elements_per_iter = 1,                         \
                               .params = PARAMS,                               \
                               .setup = setup_##VAR,                           \
                               .run = pipe_run,                                \
                               .teardown = pipe_teardown};

PIPE_BENCH(np_b_pipeline, B_PIPE, "pipeline/mixed",
           "mixed packet stream through Ethernet/IPv4/TCP-UDP/app headers",
           pipe_params)
PIPE_BENCH(np_b_batch_alloc, B_ALLOC, "batch/alloc",
           "1,000 packets, each copied into its own heap buffer", batch_params)
PIPE_BENCH(np_b_batch_shared, B_SHARED, "batch/shared",
           "1,000 packets, each copied into one shared buffer", batch_params)
PIPE_BENCH(np_b_batch_raw, B_RAW, "batch/raw",
           "1,000 packets decoded in place (no copy)", batch_params)
