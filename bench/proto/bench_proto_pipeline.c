/*
 * Measures the network_protocols pipeline (Ethernet -> IPv4 -> TCP/UDP ->
 * application header, dispatching on real fields) in packets per second on
 * one core. The time is the thread's CPU time (CLOCK_THREAD_CPUTIME_ID), so
 * other processes on a shared machine steal wall time but do not inflate
 * the figure; the best of several rounds is reported, as is usual for a
 * throughput ceiling.
 *
 *   bench_proto_pipeline [--pcap FILE] [--packets N] [--rounds R]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "corpus.h"

static double cpu_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* One pass over the corpus; returns the sum of app kinds (kept live). */
static long pass(const np_corpus *c, int depth, int *bad) {
  long sum = 0;
  for (size_t i = 0; i < c->n; i++) {
    int app =
        np_pipeline_decode(c->arena + c->pkt[i].off, c->pkt[i].len, depth);
    if (app < 0)
      (*bad)++;
    sum += app;
  }
  return sum;
}

int main(int argc, char **argv) {
  const char *pcap = NULL;
  size_t packets = 10000;
  int rounds = 7;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--pcap") == 0 && i + 1 < argc)
      pcap = argv[++i];
    else if (strcmp(argv[i], "--packets") == 0 && i + 1 < argc)
      packets = strtoul(argv[++i], NULL, 10);
    else if (strcmp(argv[i], "--rounds") == 0 && i + 1 < argc)
      rounds = atoi(argv[++i]);
    else {
      fprintf(stderr, "usage: bench_proto_pipeline [--pcap FILE] "
                      "[--packets N] [--rounds R]\n");
      return 2;
    }
  }
  static const char *const depth_name[2] = {"header", "full"};
  for (int depth = 0; depth < 2; depth++) {
    np_corpus c;
    char err[256];
    int rc = pcap ? np_corpus_pcap(&c, pcap, packets, depth, err, sizeof(err))
                  : np_corpus_synth(&c, packets, err, sizeof(err));
    if (rc) {
      fprintf(stderr, "bench_proto_pipeline: %s\n", err);
      np_corpus_free(&c);
      return 1;
    }
    int bad = 0;
    volatile long keep = pass(&c, depth, &bad); /* warm-up + verification */
    if (bad) {
      fprintf(stderr, "bench_proto_pipeline: %d packets fail at depth %s\n",
              bad, depth_name[depth]);
      np_corpus_free(&c);
      return 1;
    }
    double best = 1e30;
    for (int r = 0; r < rounds; r++) {
      /* Enough passes for about 0.2 s of CPU per round. */
      int reps = 0;
      double t0 = cpu_now(), t1;
      do {
        keep += pass(&c, depth, &bad);
        reps++;
        t1 = cpu_now();
      } while (t1 - t0 < 0.2);
      double per_pkt = (t1 - t0) / ((double)reps * (double)c.n);
      if (per_pkt < best)
        best = per_pkt;
    }
    (void)keep;
    printf("{\"bench\":\"pipeline\",\"depth\":\"%s\",\"packets\":%zu,"
           "\"bytes\":%llu,\"ns_per_packet\":%.2f,\"mpps\":%.2f,"
           "\"gbit_s\":%.2f}\n",
           depth_name[depth], c.n, (unsigned long long)c.bytes, best * 1e9,
           1e-6 / best, (double)c.bytes * 8 / (double)c.n / best * 1e-9);
    np_corpus_free(&c);
  }
  return 0;
}
