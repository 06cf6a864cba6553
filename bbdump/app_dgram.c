/* bbdump: DNS (UDP and TCP) and CoAP messages as JSON. */
#include <stdio.h>
#include <string.h>

#include "bbdump.h"
#include "coap.h"
#include "dns.h"

static void name_field(bbdump *bd, const proto_dns *m, const char *key,
                       size_t off) {
  if (proto_dns_name(m->msg, m->len, off, bd->name, sizeof(bd->name), NULL))
    snprintf(bd->name, sizeof(bd->name), "<Unknown>");
  jw_key(&bd->j, key);
  jw_strz(&bd->j, bd->name);
}

/*
 * Wireshark splits an SRV owner "_service._proto.name" into srv.service,
 * srv.proto and srv.name instead of showing resp.name.
 */
static void srv_owner(bbdump *bd, const proto_dns *m, size_t off) {
  jw *j = &bd->j;
  if (proto_dns_name(m->msg, m->len, off, bd->name, sizeof(bd->name), NULL)) {
    jw_ks(j, "resp.name", "<Unknown>", 9);
    return;
  }
  char *d1 = bd->name[0] == '_' ? strchr(bd->name, '.') : NULL;
  char *d2 = d1 && d1[1] == '_' ? strchr(d1 + 1, '.') : NULL;
  if (d2 == NULL) {
    jw_key(j, "resp.name");
    jw_strz(j, bd->name);
    return;
  }
  jw_ks(j, "srv.service", bd->name, (size_t)(d1 - bd->name));
  jw_ks(j, "srv.proto", d1 + 1, (size_t)(d2 - d1 - 1));
  jw_key(j, "srv.name");
  jw_strz(j, d2 + 1);
}

static void emit_rr(bbdump *bd, const proto_dns *m, const proto_dns_rr *rr) {
  jw *j = &bd->j;
  proto_dns_rdata rd;
  memset(&rd, 0, sizeof(rd));
  int ok = proto_dns_rdata_decode(m, rr, &rd) == 0;
  jw_obj(j);
  if (rr->type == PROTO_DNS_SRV)
    srv_owner(bd, m, rr->name_off);
  else
    name_field(bd, m, "resp.name", rr->name_off);
  jw_ku(j, "resp.type", rr->type);
  if (rr->type == PROTO_DNS_OPT) {
    /* OPT reuses CLASS and TTL (RFC 6891); Wireshark names them so. */
    jw_ku(j, "rr.udp_payload_size", rd.udp_payload_size);
    jw_ku(j, "resp.ext_rcode", rd.ext_rcode);
    jw_ku(j, "resp.edns0_version", rd.edns0_version);
    jw_ku(j, "resp.z", rd.z);
    jw_ku(j, "resp.len", rr->rdlen);
    jw_end(j, '}');
    return;
  }
  jw_ku(j, "resp.class", rr->klass);
  jw_ku(j, "resp.ttl", rr->ttl);
  jw_ku(j, "resp.len", rr->rdlen);
  if (!ok) {
    jw_end(j, '}');
    return;
  }
  switch (rr->type) {
  case PROTO_DNS_A: {
    jw_key(j, "a");
    jw_ipv4(j, (uint32_t)rd.addr[0] << 24 | (uint32_t)rd.addr[1] << 16 |
                   (uint32_t)rd.addr[2] << 8 | rd.addr[3]);
    break;
  }
  case PROTO_DNS_AAAA:
    jw_key(j, "aaaa");
    jw_ipv6(j, rd.addr);
    break;
  case PROTO_DNS_CNAME:
    name_field(bd, m, "cname", rd.name_off);
    break;
  case PROTO_DNS_PTR:
    name_field(bd, m, "ptr.domain_name", rd.name_off);
    break;
  case PROTO_DNS_NS:
    name_field(bd, m, "ns", rd.name_off);
    break;
  case PROTO_DNS_MX:
    jw_ku(j, "mx.preference", rd.preference);
    name_field(bd, m, "mx.mail_exchange", rd.name_off);
    break;
  case PROTO_DNS_SRV:
    jw_ku(j, "srv.priority", rd.priority);
    jw_ku(j, "srv.weight", rd.weight);
    jw_ku(j, "srv.port", rd.port);
    name_field(bd, m, "srv.target", rd.name_off);
    break;
  case PROTO_DNS_TXT: {
    bebytes_reader t;
    proto_view s;
    proto_reader_init(&t, rd.txt.p, rd.txt.len);
    jw_key(j, "txt");
    jw_arr(j);
    while (proto_dns_txt_next(&t, &s) == 1)
      jw_str(j, (const char *)s.p, s.len);
    jw_end(j, ']');
    break;
  }
  default:
    break;
  }
  jw_end(j, '}');
}

static void emit_section(bbdump *bd, const proto_dns *m, const char *key,
                         uint8_t section) {
  int open = 0;
  for (unsigned i = 0; i < m->nrr; i++) {
    if (m->rr[i].section != section)
      continue;
    if (!open) {
      jw_key(&bd->j, key);
      jw_arr(&bd->j);
      open = 1;
    }
    emit_rr(bd, m, &m->rr[i]);
  }
  if (open)
    jw_end(&bd->j, ']');
}

void bd_dns(bbdump *bd, const uint8_t *msg, size_t len, int tcp_len) {
  proto_dns m;
  jw *j = &bd->j;
  if (proto_dns_decode(msg, len, &m))
    return;
  bd_msg_begin(bd, "dns");
  if (tcp_len)
    jw_ku(j, "length", len);
  jw_ku(j, "id", m.id);
  jw_ku(j, "flags", m.flags);
  jw_ku(j, "flags.response", PROTO_DNS_QR(m.flags));
  jw_ku(j, "flags.opcode", PROTO_DNS_OPCODE(m.flags));
  if (PROTO_DNS_QR(m.flags)) {
    jw_ku(j, "flags.authoritative", PROTO_DNS_AA(m.flags));
    jw_ku(j, "flags.truncated", PROTO_DNS_TC(m.flags));
    jw_ku(j, "flags.recdesired", PROTO_DNS_RD(m.flags));
    jw_ku(j, "flags.recavail", PROTO_DNS_RA(m.flags));
  } else {
    jw_ku(j, "flags.truncated", PROTO_DNS_TC(m.flags));
    jw_ku(j, "flags.recdesired", PROTO_DNS_RD(m.flags));
  }
  jw_ku(j, "flags.z", PROTO_DNS_Z(m.flags));
  jw_ku(j, "flags.authenticated", PROTO_DNS_AD(m.flags));
  jw_ku(j, "flags.checkdisable", PROTO_DNS_CD(m.flags));
  if (PROTO_DNS_QR(m.flags))
    jw_ku(j, "flags.rcode", PROTO_DNS_RCODE(m.flags));
  jw_ku(j, "count.queries", m.qdcount);
  jw_ku(j, "count.answers", m.ancount);
  jw_ku(j, "count.auth_rr", m.nscount);
  jw_ku(j, "count.add_rr", m.arcount);
  if (m.nq) {
    jw_key(j, "queries");
    jw_arr(j);
    for (unsigned i = 0; i < m.nq; i++) {
      jw_obj(j);
      name_field(bd, &m, "name", m.q[i].name_off);
      jw_ku(j, "type", m.q[i].type);
      jw_ku(j, "class", m.q[i].klass);
      jw_end(j, '}');
    }
    jw_end(j, ']');
  }
  emit_section(bd, &m, "answers", PROTO_DNS_AN);
  emit_section(bd, &m, "authorities", PROTO_DNS_NS_SECT);
  emit_section(bd, &m, "additionals", PROTO_DNS_AR);
  bd_msg_end(bd);
}

void bd_coap(bbdump *bd, const uint8_t *p, size_t n) {
  bebytes_reader r;
  proto_coap c;
  jw *j = &bd->j;
  proto_reader_init(&r, p, n);
  if (proto_coap_decode(&r, &c))
    return;
  bd_msg_begin(bd, "coap");
  jw_ku(j, "version", c.version);
  jw_ku(j, "type", c.type);
  jw_ku(j, "token_len", c.token_len);
  jw_ku(j, "code", c.code);
  jw_ku(j, "mid", c.mid);
  if (c.token_len) {
    jw_key(j, "token");
    jw_hex(j, c.token.p, c.token.len);
  }
  if (c.nopts) {
    jw_key(j, "opts");
    jw_arr(j);
    uint16_t prev = 0;
    for (unsigned i = 0; i < c.nopts; i++) {
      const proto_coap_opt *o = &c.opt[i];
      const char *nm = proto_coap_opt_name(o->number);
      char label[48];
      if (nm)
        snprintf(label, sizeof(label), "#%u: %s", i + 1, nm);
      else
        snprintf(label, sizeof(label), "#%u: Unknown Option (%u)", i + 1,
                 (unsigned)o->number);
      jw_obj(j);
      jw_ku(j, "opt.number", o->number);
      jw_key(j, "opt.name");
      jw_strz(j, label);
      /* Wireshark shows the 4-bit fields and, apart, their extensions. */
      unsigned delta = (unsigned)(o->number - prev);
      jw_ku(j, "opt.delta", o->delta_nibble);
      if (o->delta_nibble >= 13)
        jw_ku(j, "opt.delta_ext", delta - (o->delta_nibble == 13 ? 13 : 269));
      jw_ku(j, "opt.length", o->length_nibble);
      if (o->length_nibble >= 13)
        jw_ku(j, "opt.length_ext",
              o->value.len - (o->length_nibble == 13 ? 13 : 269));
      if (o->number == 11)
        jw_ks(j, "opt.uri_path", o->value.p, o->value.len);
      else if (o->number == 15)
        jw_ks(j, "opt.uri_query", o->value.p, o->value.len);
      else if (o->number == 3)
        jw_ks(j, "opt.uri_host", o->value.p, o->value.len);
      jw_end(j, '}');
      prev = o->number;
    }
    jw_end(j, ']');
  }
  if (c.has_payload) {
    jw_ku(j, "opt.end_marker", 255);
    jw_ku(j, "payload_length", c.payload.len);
  }
  bd_msg_end(bd);
}
