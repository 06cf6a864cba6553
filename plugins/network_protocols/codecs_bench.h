/*
 * The per-protocol codec table of the network_protocols plugin: for each
 * header, a canonical message, its encoder and its decoder, so every
 * benchmark drives the codecs through one interface.
 */
#ifndef NP_CODECS_BENCH_H
#define NP_CODECS_BENCH_H

#include "coap.h"
#include "dns.h"
#include "http2.h"
#include "l2l4.h"
#include "mqtt.h"
#include "tls.h"
#include "ws.h"

typedef union np_msg {
  proto_eth eth;
  proto_ipv4 ip;
  proto_tcp tcp;
  proto_udp udp;
  proto_dns dns;
  proto_mqtt mqtt;
  proto_h2_frame h2;
  proto_tls_record tls;
  proto_ws_frame ws;
  proto_coap coap;
} np_msg;

typedef struct np_codec {
  const char *name;
  void (*sample)(np_msg *m); /* the canonical message */
  int (*encode)(const np_msg *m, bebytes_writer *w);
  int (*decode)(const uint8_t *p, size_t n, np_msg *out);
} np_codec;

enum {
  NP_C_ETH,
  NP_C_IPV4,
  NP_C_TCP,
  NP_C_UDP,
  NP_C_DNS,
  NP_C_MQTT,
  NP_C_HTTP2,
  NP_C_TLS,
  NP_C_WS,
  NP_C_COAP,
  NP_C_COUNT
};
extern const np_codec np_codecs[NP_C_COUNT];

#endif /* NP_CODECS_BENCH_H */
