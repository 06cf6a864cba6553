/*
 * bbdump: link, network and transport layers of one frame, the connection
 * table and TCP reassembly. Application messages go to the dissectors in
 * app_*.c.
 */
#include <pcap/dlt.h>
#include <stdlib.h>
#include <string.h>

#include "bbdump.h"
#include "l2l4.h"

#define CONN_TABLE 4096 /* power of two; old connections are evicted */

int bd_init(bbdump *bd) {
  memset(bd, 0, sizeof(*bd));
  jw_init(&bd->j);
  bd->nconns = CONN_TABLE;
  bd->conns = calloc(bd->nconns, sizeof(conn));
  return bd->conns ? 0 : -1;
}

static void dir_free(dir_state *d) {
  free(d->buf);
  free(d->hblock);
  proto_hpack_free(d->hpack);
  memset(d, 0, sizeof(*d));
}

void bd_free(bbdump *bd) {
  for (size_t i = 0; bd->conns && i < bd->nconns; i++) {
    dir_free(&bd->conns[i].d[0]);
    dir_free(&bd->conns[i].d[1]);
  }
  free(bd->conns);
  for (int i = 0; i < BBDUMP_FRAG_SLOTS; i++)
    free(bd->frag[i].buf);
  jw_free(&bd->j);
}

void bd_msg_begin(bbdump *bd, const char *layer) {
  if (bd->app_open == NULL) {
    jw_key(&bd->j, layer);
    jw_arr(&bd->j);
    bd->app_open = layer;
  }
  jw_obj(&bd->j);
}

void bd_msg_end(bbdump *bd) {
  jw_end(&bd->j, '}');
}

static const struct {
  const char *name;
  app_t app;
} app_names[] = {{"dns", APP_DNS},  {"mqtt", APP_MQTT},    {"http2", APP_HTTP2},
                 {"tls", APP_TLS},  {"websocket", APP_WS}, {"http", APP_WS},
                 {"coap", APP_COAP}};

int bd_parse_override(bbdump *bd, const char *spec) {
  int tcp;
  if (strncmp(spec, "tcp.port==", 10) == 0)
    tcp = 1;
  else if (strncmp(spec, "udp.port==", 10) == 0)
    tcp = 0;
  else
    return -1;
  char *end = NULL;
  unsigned long port = strtoul(spec + 10, &end, 10);
  if (end == spec + 10 || *end != ',' || port == 0 || port > 65535 ||
      bd->nov >= BBDUMP_MAX_OVERRIDES)
    return -1;
  for (size_t i = 0; i < sizeof(app_names) / sizeof(app_names[0]); i++) {
    if (strcmp(end + 1, app_names[i].name) == 0) {
      bd->ov[bd->nov++] =
          (override){(uint8_t)tcp, (uint16_t)port, app_names[i].app};
      return 0;
    }
  }
  return -1;
}

static app_t std_port(int tcp, uint16_t p) {
  switch (p) {
  case 53:
    return APP_DNS;
  case 1883:
    return tcp ? APP_MQTT : APP_NONE;
  case 443:
    return tcp ? APP_TLS : APP_NONE;
  case 80:
    return tcp ? APP_WS : APP_NONE;
  case 5683:
    return tcp ? APP_NONE : APP_COAP;
  default:
    return APP_NONE;
  }
}

app_t bd_app_for_ports(const bbdump *bd, int tcp, uint16_t a, uint16_t b) {
  /* Like tshark's "decode as", an override wins over any default. */
  for (int i = 0; i < bd->nov; i++)
    if (bd->ov[i].tcp == tcp && (bd->ov[i].port == a || bd->ov[i].port == b))
      return bd->ov[i].app;
  /* The lower port is the likelier server port (as Wireshark tries it). */
  uint16_t lo = a < b ? a : b, hi = a < b ? b : a;
  app_t x = std_port(tcp, lo);
  return x != APP_NONE ? x : std_port(tcp, hi);
}

/* Finds or creates the connection of a TCP 4-tuple; *dir is 0 when the
 * packet goes the way of the first packet seen. */
static conn *conn_get(bbdump *bd, uint32_t sip, uint16_t sp, uint32_t dip,
                      uint16_t dp, int *dir) {
  uint32_t h = (sip ^ dip) * 2654435761u ^ (uint32_t)(sp ^ dp) * 40503u;
  size_t mask = bd->nconns - 1, victim = h & mask;
  for (size_t i = 0; i < 16; i++) {
    conn *c = &bd->conns[(h + i) & mask];
    if (!c->used) {
      victim = (h + i) & mask;
      break;
    }
    if (c->ip[0] == sip && c->port[0] == sp && c->ip[1] == dip &&
        c->port[1] == dp) {
      *dir = 0;
      return c;
    }
    if (c->ip[0] == dip && c->port[0] == dp && c->ip[1] == sip &&
        c->port[1] == sp) {
      *dir = 1;
      return c;
    }
    if (c->last < bd->conns[victim].last)
      victim = (h + i) & mask;
  }
  /* A new connection takes a free slot or evicts the least recent one in
   * its probe window; its buffers are released. */
  conn *c = &bd->conns[victim];
  dir_free(&c->d[0]);
  dir_free(&c->d[1]);
  memset(c, 0, sizeof(*c));
  c->used = 1;
  c->ip[0] = sip;
  c->ip[1] = dip;
  c->port[0] = sp;
  c->port[1] = dp;
  c->mqtt_ver = 5;
  c->app = bd_app_for_ports(bd, 1, sp, dp);
  *dir = 0;
  return c;
}

int bd_buf_append(uint8_t **buf, size_t *len, size_t *cap, const uint8_t *p,
                  size_t n) {
  if (n > BBDUMP_REASM_MAX - *len)
    return -1;
  if (*cap - *len < n) {
    size_t nc = *cap ? *cap : 4096;
    while (nc - *len < n)
      nc *= 2;
    uint8_t *b = realloc(*buf, nc);
    if (b == NULL)
      return -1;
    *buf = b;
    *cap = nc;
  }
  if (n)
    memcpy(*buf + *len, p, n);
  *len += n;
  return 0;
}

/* Appends to a direction's reassembly buffer (bounded). */
static int dir_append(dir_state *d, const uint8_t *p, size_t n) {
  return bd_buf_append(&d->buf, &d->len, &d->cap, p, n);
}

/*
 * In-order TCP payload: parse whole messages straight from the packet when
 * nothing is pending (no copy), otherwise from the joined buffer; keep the
 * incomplete tail.
 */
static void tcp_payload(bbdump *bd, conn *c, int dir, const uint8_t *p,
                        size_t n) {
  dir_state *d = &c->d[dir];
  if (d->dead || n == 0)
    return;
  if (d->len == 0) {
    size_t used = bd_stream(bd, c, dir, p, n);
    if (!d->dead && used < n && dir_append(d, p + used, n - used))
      d->len = 0; /* too large: drop the partial message */
    return;
  }
  if (dir_append(d, p, n)) {
    d->len = 0;
    return;
  }
  size_t used = bd_stream(bd, c, dir, d->buf, d->len);
  if (d->dead) {
    d->len = 0;
    return;
  }
  memmove(d->buf, d->buf + used, d->len - used);
  d->len -= used;
}

/* Sequence bookkeeping, then the in-order bytes go to the dissector. */
static void tcp_segment(bbdump *bd, uint32_t sip, uint32_t dip,
                        const proto_tcp *t, const uint8_t *pl, size_t n) {
  int dir = 0;
  conn *c = conn_get(bd, sip, t->srcport, dip, t->dstport, &dir);
  dir_state *d = &c->d[dir];
  c->last = bd->frame;
  if (t->flags & PROTO_TCP_SYN) {
    /* A new connection on a reused 4-tuple starts with fresh application
     * state (buffers are kept for reuse; the HPACK table is not). */
    if (d->have_seq && d->next_seq != t->seq + 1) {
      if (d->hpack && proto_hpack_reset(d->hpack) != 0) {
        proto_hpack_free(d->hpack);
        d->hpack = NULL;
      }
      d->dead = d->tls_ccs = d->ws_up = d->h2_magic = 0;
      d->hlen = 0;
      if (dir == 0 && !(t->flags & PROTO_TCP_ACK)) {
        c->app = bd_app_for_ports(bd, 1, t->srcport, t->dstport);
        c->app_decided = 0;
        c->mqtt_ver = 5;
      }
    }
    d->have_seq = 1;
    d->next_seq = t->seq + 1;
    d->len = 0;
    return;
  }
  if (t->flags & PROTO_TCP_RST)
    return;
  if (!d->have_seq) { /* joined mid-stream */
    d->have_seq = 1;
    d->next_seq = t->seq;
  }
  if (n == 0)
    return;
  int32_t delta = (int32_t)(t->seq - d->next_seq);
  if (delta < 0) {
    /* Retransmission or overlap: only bytes past next_seq are new. */
    if ((size_t) - (int64_t)delta >= n)
      return;
    pl += (size_t) - (int64_t)delta;
    n -= (size_t) - (int64_t)delta;
  } else if (delta > 0) {
    /* A gap (lost segment): what was pending can never complete. */
    d->len = 0;
  }
  d->next_seq = (delta < 0 ? d->next_seq : t->seq) + (uint32_t)n;
  if (c->app == APP_NONE && !c->app_decided) {
    /* Content detection: the HTTP/2 preface on any port. */
    if (proto_h2_preface(pl, n) >= 0)
      c->app = APP_HTTP2;
    c->app_decided = 1;
  }
  if (c->app != APP_NONE)
    tcp_payload(bd, c, dir, pl, n);
}

static void emit_eth(jw *j, const proto_eth *e) {
  jw_key(j, "eth");
  jw_obj(j);
  jw_key(j, "dst");
  jw_mac(j, e->dst);
  jw_key(j, "src");
  jw_mac(j, e->src);
  jw_ku(j, "type", e->type);
  jw_end(j, '}');
}

static void emit_ip(jw *j, const proto_ipv4 *ip) {
  jw_key(j, "ip");
  jw_obj(j);
  jw_ku(j, "version", ip->version);
  jw_ku(j, "hdr_len", ip->hdr_len);
  jw_ku(j, "dsfield", ip->dsfield);
  jw_ku(j, "dsfield.dscp", ip->dsfield >> 2);
  jw_ku(j, "dsfield.ecn", ip->dsfield & 3u);
  jw_ku(j, "len", ip->total_len);
  jw_ku(j, "id", ip->id);
  jw_ku(j, "flags", ip->flags);
  jw_ku(j, "flags.rb", (ip->flags >> 2) & 1u);
  jw_ku(j, "flags.df", (ip->flags >> 1) & 1u);
  jw_ku(j, "flags.mf", ip->flags & 1u);
  /* The raw 13-bit field (8-byte units), as Wireshark 4.0 shows it. */
  jw_ku(j, "frag_offset", ip->frag_offset);
  jw_ku(j, "ttl", ip->ttl);
  jw_ku(j, "proto", ip->proto);
  jw_ku(j, "checksum", ip->checksum);
  jw_key(j, "src");
  jw_ipv4(j, ip->src);
  jw_key(j, "dst");
  jw_ipv4(j, ip->dst);
  jw_end(j, '}');
}

static void emit_tcp(jw *j, const proto_tcp *t, size_t payload) {
  static const char *const fl[] = {"flags.fin",  "flags.syn", "flags.reset",
                                   "flags.push", "flags.ack", "flags.urg",
                                   "flags.ece",  "flags.cwr", "flags.ae"};
  jw_key(j, "tcp");
  jw_obj(j);
  jw_ku(j, "srcport", t->srcport);
  jw_ku(j, "dstport", t->dstport);
  jw_ku(j, "len", payload);
  jw_ku(j, "seq_raw", t->seq);
  jw_ku(j, "ack_raw", t->ack);
  jw_ku(j, "hdr_len", t->hdr_len);
  jw_ku(j, "flags", t->flags);
  for (unsigned i = 0; i < 9; i++)
    jw_ku(j, fl[i], (t->flags >> i) & 1u);
  jw_ku(j, "window_size_value", t->window);
  jw_ku(j, "checksum", t->checksum);
  jw_ku(j, "urgent_pointer", t->urgent_pointer);
  if (t->present & PROTO_TCP_OPT_MSS)
    jw_ku(j, "options.mss_val", t->mss);
  if (t->present & PROTO_TCP_OPT_WSCALE) {
    jw_ku(j, "options.wscale.shift", t->wscale);
    if (t->wscale <= 14)
      jw_ku(j, "options.wscale.multiplier", 1u << t->wscale);
  }
  if (t->present & PROTO_TCP_OPT_TS) {
    jw_ku(j, "options.timestamp.tsval", t->ts_val);
    jw_ku(j, "options.timestamp.tsecr", t->ts_ecr);
  }
  jw_end(j, '}');
}

static void emit_udp(jw *j, const proto_udp *u) {
  jw_key(j, "udp");
  jw_obj(j);
  jw_ku(j, "srcport", u->srcport);
  jw_ku(j, "dstport", u->dstport);
  jw_ku(j, "length", u->length);
  jw_ku(j, "checksum", u->checksum);
  jw_end(j, '}');
}

/*
 * Adds a fragment; returns the reassembled payload (and its length) when the
 * datagram is complete, NULL otherwise. Overlapping fragments overwrite
 * (the later copy wins); a datagram over 65,535 bytes is dropped.
 */
static const uint8_t *frag_add(bbdump *bd, const proto_ipv4 *ip,
                               const uint8_t *p, size_t n, size_t *total) {
  ipfrag *f = NULL, *victim = &bd->frag[0];
  for (int i = 0; i < BBDUMP_FRAG_SLOTS; i++) {
    ipfrag *x = &bd->frag[i];
    if (x->used && x->src == ip->src && x->dst == ip->dst && x->id == ip->id &&
        x->proto == ip->proto) {
      f = x;
      break;
    }
    if (!x->used || (victim->used && x->last < victim->last))
      victim = x;
  }
  if (f == NULL) {
    f = victim;
    if (f->buf == NULL && (f->buf = malloc(65536)) == NULL)
      return NULL;
    f->used = 1;
    f->src = ip->src;
    f->dst = ip->dst;
    f->id = ip->id;
    f->proto = ip->proto;
    f->total = 0;
    memset(f->have, 0, sizeof(f->have));
  }
  f->last = bd->frame;
  size_t off = (size_t)ip->frag_offset * 8;
  if (off + n > 65535) {
    f->used = 0;
    return NULL;
  }
  memcpy(f->buf + off, p, n);
  for (size_t u = off / 8; u < (off + n + 7) / 8; u++)
    f->have[u / 8] |= (uint8_t)(1u << (u % 8));
  if (!(ip->flags & PROTO_IPV4_FLAG_MF))
    f->total = (uint32_t)(off + n);
  if (f->total == 0)
    return NULL;
  for (size_t u = 0; u < (f->total + 7) / 8; u++)
    if (!(f->have[u / 8] & (1u << (u % 8))))
      return NULL;
  f->used = 0;
  *total = f->total;
  return f->buf;
}

/* IPv4 and what it carries. */
static void l3(bbdump *bd, const uint8_t *p, size_t n) {
  jw *j = &bd->j;
  bebytes_reader r;
  proto_ipv4 ip;
  proto_reader_init(&r, p, n);
  if (proto_ipv4_decode(&r, &ip))
    return;
  emit_ip(j, &ip);
  /* The IP length bounds the payload (Ethernet pads short frames). */
  size_t end = ip.total_len < n ? ip.total_len : n;
  if (ip.hdr_len > end)
    return;
  const uint8_t *l4 = p + ip.hdr_len;
  size_t l4len = end - ip.hdr_len;
  if (ip.frag_offset != 0 || (ip.flags & PROTO_IPV4_FLAG_MF)) {
    /* Like Wireshark, the frame with the last missing fragment shows the
     * transport layer of the whole datagram. */
    l4 = frag_add(bd, &ip, l4, l4len, &l4len);
    if (l4 == NULL)
      return;
  }
  proto_reader_init(&r, l4, l4len);
  if (ip.proto == PROTO_IP_TCP) {
    proto_tcp t;
    if (proto_tcp_decode(&r, &t))
      return;
    size_t plen = bebytes_reader_remaining(&r);
    emit_tcp(j, &t, plen);
    tcp_segment(bd, ip.src, ip.dst, &t, l4 + t.hdr_len, plen);
  } else if (ip.proto == PROTO_IP_UDP) {
    proto_udp u;
    if (proto_udp_decode(&r, &u))
      return;
    emit_udp(j, &u);
    size_t plen = bebytes_reader_remaining(&r);
    if (u.length - 8u < plen)
      plen = u.length - 8u;
    const uint8_t *pl = l4 + 8;
    switch (bd_app_for_ports(bd, 0, u.srcport, u.dstport)) {
    case APP_DNS:
      bd_dns(bd, pl, plen, 0);
      break;
    case APP_COAP:
      bd_coap(bd, pl, plen);
      break;
    default:
      break;
    }
  }
}

void bd_frame(bbdump *bd, int dlt, const uint8_t *p, size_t caplen,
              size_t wirelen) {
  jw *j = &bd->j;
  bd->frame++;
  bd->app_open = NULL;
  jw_obj(j);
  jw_ku(j, "frame", bd->frame);
  jw_ku(j, "len", wirelen);
  if (dlt == DLT_EN10MB) {
    bebytes_reader r;
    proto_eth e;
    proto_reader_init(&r, p, caplen);
    if (proto_eth_decode(&r, &e) == 0) {
      emit_eth(j, &e);
      if (e.type == PROTO_ETHERTYPE_IPV4)
        l3(bd, p + PROTO_ETH_LEN, caplen - PROTO_ETH_LEN);
    }
  } else if (dlt == DLT_RAW || dlt == DLT_IPV4) {
    l3(bd, p, caplen);
  } else if (dlt == DLT_NULL && caplen >= 4) {
    /* BSD loopback: a host-order address family; 2 is AF_INET everywhere. */
    if (p[0] == 2 || p[3] == 2)
      l3(bd, p + 4, caplen - 4);
  }
  if (bd->app_open)
    jw_end(j, ']');
  jw_end(j, '}');
  jw_raw(j, "\n", 1);
}
