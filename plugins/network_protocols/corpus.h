/*
 * Packet corpora for the network_protocols benchmarks: a deterministic mixed
 * stream built with the project's own encoders, or the frames of a user's
 * pcap file. Packets live in one arena; the corpus is built once in setup.
 */
#ifndef NP_CORPUS_H
#define NP_CORPUS_H

#include <stddef.h>
#include <stdint.h>

typedef struct np_pkt {
  uint32_t off, len;
} np_pkt;

typedef struct np_corpus {
  uint8_t *arena;
  size_t arena_len;
  np_pkt *pkt;
  size_t n;
  uint64_t bytes; /* total packet bytes */
} np_corpus;

/* Application kinds the pipeline dispatches to (by real header fields). */
enum {
  NP_APP_NONE = 0,
  NP_APP_DNS,
  NP_APP_MQTT,
  NP_APP_HTTP2,
  NP_APP_TLS,
  NP_APP_WS,
  NP_APP_COAP,
  NP_APP_COUNT
};

/* Builds n Ethernet/IPv4 packets cycling through DNS, MQTT, HTTP/2, TLS,
 * WebSocket and CoAP with varying sizes from a fixed seed. 0 or -1. */
int np_corpus_synth(np_corpus *c, size_t n, char *err, size_t errlen);
/* Loads up to max frames of an Ethernet pcap/pcapng file, keeping only the
 * frames that np_pipeline_decode() decodes at `depth` (a TCP segment that
 * continues a message has no header of its own to decode). 0 or -1. */
int np_corpus_pcap(np_corpus *c, const char *path, size_t max, int depth,
                   char *err, size_t errlen);
void np_corpus_free(np_corpus *c);

/* Decode depth of the pipeline: headers only, or whole app messages. */
enum { NP_DEPTH_HEADER = 0, NP_DEPTH_FULL = 1 };
/*
 * Parses one Ethernet frame through Ethernet, IPv4, TCP/UDP and the
 * application header chosen by EtherType, IP protocol and port. Returns the
 * NP_APP_* kind (NP_APP_NONE for a valid L2-L4 packet of another app), or a
 * negative error. Allocates nothing.
 */
int np_pipeline_decode(const uint8_t *p, size_t n, int depth);

#endif /* NP_CORPUS_H */
