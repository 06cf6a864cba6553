/*
 * bbdump internals: the per-run context, TCP connections with their
 * reassembly state, and the dissector entry points.
 */
#ifndef BBDUMP_H
#define BBDUMP_H

#include <stddef.h>
#include <stdint.h>

#include "http2.h"
#include "jw.h"

typedef enum app {
  APP_NONE = 0,
  APP_DNS,
  APP_MQTT,
  APP_HTTP2,
  APP_TLS,
  APP_WS, /* HTTP/1.1 until the Upgrade, then WebSocket frames */
  APP_COAP
} app_t;

/* Reassembly limit per direction: a message larger than this is dropped
 * (bounds memory on hostile input; larger than any TLS record, HTTP/2
 * frame at the default max size, or the test captures' WebSocket frames). */
#define BBDUMP_REASM_MAX (4u << 20)

typedef struct dir_state {
  uint8_t have_seq;
  uint8_t dead;     /* unparseable: ignore the rest of this direction */
  uint8_t tls_ccs;  /* ChangeCipherSpec seen: handshakes are encrypted */
  uint8_t ws_up;    /* the Upgrade head was seen: frames follow */
  uint8_t h2_magic; /* HTTP/2 preface consumed (client side) */
  uint32_t next_seq;
  uint8_t *buf; /* reassembly buffer (bytes not yet a whole message) */
  size_t len, cap;
  proto_hpack *hpack;
  /* Messages being joined across frames: HTTP/2 HEADERS + CONTINUATION
   * fragments, or a TLS handshake message split over records (a
   * connection is one or the other). */
  uint8_t *hblock;
  size_t hlen, hcap;
} dir_state;

typedef struct conn {
  uint8_t used;
  uint8_t app_decided;
  uint8_t mqtt_ver;
  app_t app;
  uint32_t ip[2];
  uint16_t port[2]; /* [0] is the side that sent the first packet seen */
  uint64_t last;    /* frame number of the last packet (for eviction) */
  dir_state d[2];
} conn;

/* IPv4 fragments being reassembled (RFC 791): a few datagrams at once,
 * each with a 64 KiB buffer and a bitmap of the 8-byte units received. */
#define BBDUMP_FRAG_SLOTS 8
typedef struct ipfrag {
  uint8_t used;
  uint8_t proto;
  uint16_t id;
  uint32_t src, dst;
  uint32_t total; /* payload length, known once the last fragment came */
  uint64_t last;  /* frame of the latest fragment (for eviction) */
  uint8_t *buf;   /* 65536 bytes, allocated on first use */
  uint8_t have[8192 / 8];
} ipfrag;

#define BBDUMP_MAX_OVERRIDES 16
typedef struct override {
  uint8_t tcp; /* 1 tcp.port, 0 udp.port */
  uint16_t port;
  app_t app;
} override;

typedef struct bbdump {
  jw j;
  uint64_t frame;
  conn *conns;
  size_t nconns; /* table size (power of two) */
  override ov[BBDUMP_MAX_OVERRIDES];
  int nov;
  const char *app_open; /* the app array open in this frame, or NULL */
  ipfrag frag[BBDUMP_FRAG_SLOTS];
  char name[1024]; /* scratch for DNS names */
} bbdump;

/* Appends n bytes to a growable buffer, bounded by BBDUMP_REASM_MAX.
 * 0, or -1 (nothing appended) when too large or out of memory. */
int bd_buf_append(uint8_t **buf, size_t *len, size_t *cap, const uint8_t *p,
                  size_t n);

/* Opens the next message object of layer `layer` ("dns"...): the frame's
 * array is started on the first one. */
void bd_msg_begin(bbdump *bd, const char *layer);
void bd_msg_end(bbdump *bd);

/* Application dissectors. Stream ones return the bytes consumed from p
 * (whole messages only); they report each message they complete. */
void bd_dns(bbdump *bd, const uint8_t *msg, size_t len, int tcp_len);
void bd_coap(bbdump *bd, const uint8_t *p, size_t n);
size_t bd_stream(bbdump *bd, conn *c, int dir, const uint8_t *p, size_t n);

/* Parses "tcp.port==N,proto" / "udp.port==N,proto". 0 or -1. */
int bd_parse_override(bbdump *bd, const char *spec);
/* The app for a new flow: overrides, then standard ports. */
app_t bd_app_for_ports(const bbdump *bd, int tcp, uint16_t a, uint16_t b);

/* Link layer onwards for one frame; writes one JSON line into bd->j. */
void bd_frame(bbdump *bd, int dlt, const uint8_t *p, size_t caplen,
              size_t wirelen);
void bd_free(bbdump *bd);
int bd_init(bbdump *bd);

#endif /* BBDUMP_H */
