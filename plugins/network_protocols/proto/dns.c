/* DNS message codec: see dns.h for the wire layout and loop protection. */
#include "dns.h"
#include "wire.h"

#include <stdio.h>
#include <string.h>

/* Appends one byte of a label in presentation form. */
static size_t name_putc(char *out, size_t cap, size_t n, uint8_t c) {
  if (c > 0x20 && c < 0x7f && c != '.' && c != '\\') {
    if (n + 1 < cap)
      out[n] = (char)c;
    return n + 1;
  }
  if (n + 4 < cap)
    snprintf(out + n, cap - n, "\\%03u", (unsigned)c);
  return n + 4;
}

int proto_dns_name(const uint8_t *msg, size_t len, size_t off, char *out,
                   size_t cap, size_t *wire_len) {
  size_t pos = off;
  size_t limit = off; /* pointers must land strictly below this */
  size_t wire = 0, total = 0, n = 0;
  int jumped = 0;
  for (;;) {
    if (pos >= len)
      return BEBYTES_EINSUFFICIENT;
    uint8_t l = msg[pos];
    if ((l & 0xc0) == 0xc0) {
      if (pos + 1 >= len)
        return BEBYTES_EINSUFFICIENT;
      size_t target = (size_t)(l & 0x3f) << 8 | msg[pos + 1];
      if (target >= limit)
        return PROTO_ELOOP;
      if (!jumped)
        wire = pos + 2 - off;
      jumped = 1;
      limit = target;
      pos = target;
      continue;
    }
    if (l & 0xc0) /* 01/10 label types are obsolete or unassigned */
      return PROTO_EMALFORMED;
    total += (size_t)l + 1;
    if (total > 255)
      return PROTO_ENAMELEN;
    if (l == 0) {
      if (!jumped)
        wire = pos + 1 - off;
      break;
    }
    if (pos + 1 + l > len)
      return BEBYTES_EINSUFFICIENT;
    if (out != NULL) {
      if (n > 0) {
        if (n + 1 < cap)
          out[n] = '.';
        n++;
      }
      for (size_t i = 0; i < l; i++)
        n = name_putc(out, cap, n, msg[pos + 1 + i]);
    }
    pos += 1 + (size_t)l;
  }
  if (out != NULL && cap > 0) {
    if (n == 0)
      snprintf(out, cap, "<Root>");
    else
      out[n < cap ? n : cap - 1] = '\0';
  }
  if (wire_len)
    *wire_len = wire;
  return 0;
}

/* Validates the name at the reader's cursor and moves past it. */
static int skip_name(bebytes_reader *r, const uint8_t *msg, size_t len,
                     uint16_t *name_off) {
  size_t off = bebytes_reader_offset(r), wire = 0;
  int rc = proto_dns_name(msg, len, off, NULL, 0, &wire);
  if (rc)
    return rc;
  *name_off = (uint16_t)off;
  return bebytes_skip(r, wire);
}

int proto_dns_rdata_decode(const proto_dns *m, const proto_dns_rr *rr,
                           proto_dns_rdata *out) {
  bebytes_reader r;
  uint16_t off = 0;
  int rc = 0;
  if ((size_t)rr->rdata_off + rr->rdlen > m->len)
    return BEBYTES_EINSUFFICIENT;
  /* The reader spans the message up to the end of RDATA so that names are
   * checked against the message (pointers) but cannot run past RDATA. */
  bebytes_reader_init(&r, m->msg, (size_t)rr->rdata_off + rr->rdlen);
  bebytes_skip(&r, rr->rdata_off);
  switch (rr->type) {
  case PROTO_DNS_A:
  case PROTO_DNS_AAAA: {
    size_t n = rr->type == PROTO_DNS_A ? 4 : 16;
    if (rr->rdlen != n)
      return PROTO_EMALFORMED;
    return bebytes_get_bytes(&r, out->addr, n);
  }
  case PROTO_DNS_CNAME:
  case PROTO_DNS_PTR:
  case PROTO_DNS_NS:
    rc = skip_name(&r, m->msg, r.len, &off);
    out->name_off = off;
    break;
  case PROTO_DNS_MX:
    bebytes_get_be16(&r, &out->preference);
    rc = skip_name(&r, m->msg, r.len, &off);
    out->name_off = off;
    break;
  case PROTO_DNS_SRV:
    bebytes_get_be16(&r, &out->priority);
    bebytes_get_be16(&r, &out->weight);
    bebytes_get_be16(&r, &out->port);
    rc = skip_name(&r, m->msg, r.len, &off);
    out->name_off = off;
    break;
  case PROTO_DNS_TXT: {
    rc = proto_get_view(&r, rr->rdlen, &out->txt);
    if (rc)
      return rc;
    bebytes_reader t;
    proto_view s;
    bebytes_reader_init(&t, out->txt.p, out->txt.len);
    while ((rc = proto_dns_txt_next(&t, &s)) == 1)
      ;
    return rc;
  }
  case PROTO_DNS_OPT:
    out->udp_payload_size = rr->klass;
    out->ext_rcode = (uint8_t)(rr->ttl >> 24);
    out->edns0_version = (uint8_t)(rr->ttl >> 16);
    out->z = (uint16_t)rr->ttl;
    return proto_get_view(&r, rr->rdlen, &out->opt_data);
  default:
    return 0;
  }
  if (rc)
    return rc;
  /* A name-bearing RDATA must end exactly at RDLENGTH. */
  return bebytes_reader_remaining(&r) == 0 ? 0 : PROTO_EMALFORMED;
}

int proto_dns_txt_next(bebytes_reader *t, proto_view *s) {
  uint8_t n = 0;
  if (bebytes_reader_remaining(t) == 0)
    return 0;
  bebytes_get_u8(t, &n);
  if (proto_get_view(t, n, s))
    return PROTO_EMALFORMED;
  return 1;
}

int proto_dns_decode(const uint8_t *msg, size_t len, proto_dns *out) {
  bebytes_reader r;
  const uint8_t *v = NULL;
  proto_w_dns h;
  bebytes_reader_init(&r, msg, len);
  int rc = bebytes_get_view(&r, proto_w_dns_SIZE, &v);
  if (rc || (rc = proto_w_dns_decode_be(&h, v, proto_w_dns_SIZE, NULL, NULL)))
    return rc;
  out->msg = msg;
  out->len = len;
  out->id = h.id;
  out->flags = h.flags;
  out->qdcount = h.qdcount;
  out->ancount = h.ancount;
  out->nscount = h.nscount;
  out->arcount = h.arcount;
  out->nq = 0;
  out->nrr = 0;
  if (out->qdcount > PROTO_DNS_MAX_Q ||
      (size_t)out->ancount + out->nscount + out->arcount > PROTO_DNS_MAX_RR)
    return PROTO_ELIMIT;
  for (unsigned i = 0; i < out->qdcount; i++) {
    proto_dns_question *q = &out->q[i];
    rc = skip_name(&r, msg, len, &q->name_off);
    if (rc)
      return rc;
    bebytes_get_be16(&r, &q->type);
    rc = bebytes_get_be16(&r, &q->klass);
    if (rc)
      return rc;
    out->nq++;
  }
  const uint16_t counts[3] = {out->ancount, out->nscount, out->arcount};
  for (uint8_t s = 0; s < 3; s++) {
    for (unsigned i = 0; i < counts[s]; i++) {
      proto_dns_rr *rr = &out->rr[out->nrr];
      proto_dns_rdata rd;
      rc = skip_name(&r, msg, len, &rr->name_off);
      if (rc)
        return rc;
      rr->section = s;
      bebytes_get_be16(&r, &rr->type);
      bebytes_get_be16(&r, &rr->klass);
      bebytes_get_be32(&r, &rr->ttl);
      rc = bebytes_get_be16(&r, &rr->rdlen);
      if (rc)
        return rc;
      rr->rdata_off = (uint16_t)bebytes_reader_offset(&r);
      rc = bebytes_skip(&r, rr->rdlen);
      if (rc)
        return rc;
      rc = proto_dns_rdata_decode(out, rr, &rd);
      if (rc)
        return rc;
      out->nrr++;
    }
  }
  return 0;
}

int proto_dns_tcp_frame(const uint8_t *buf, size_t len, size_t *msg_len) {
  if (len < 2)
    return 0;
  size_t n = (size_t)buf[0] << 8 | buf[1];
  if (len - 2 < n)
    return 0;
  *msg_len = n;
  return 1;
}

int proto_dns_encode_header(const proto_dns *m, bebytes_writer *w) {
  proto_w_dns h = {m->id,      m->flags,   m->qdcount,
                   m->ancount, m->nscount, m->arcount};
  uint8_t *p = NULL;
  int rc = bebytes_put_view(w, proto_w_dns_SIZE, &p);
  if (rc == 0)
    proto_w_dns_encode_be_raw(&h, p);
  return rc;
}

int proto_dns_put_name(bebytes_writer *w, const char *dotted) {
  size_t total = 1;
  const char *p = dotted;
  if (p[0] == '.' && p[1] == '\0')
    p++;
  while (*p) {
    const char *dot = strchr(p, '.');
    size_t l = dot ? (size_t)(dot - p) : strlen(p);
    total += l + 1;
    if (l == 0 || l > 63 || total > 255)
      return PROTO_EMALFORMED;
    bebytes_put_u8(w, (uint8_t)l);
    bebytes_put_bytes(w, p, l);
    p += l;
    if (*p == '.')
      p++;
  }
  return bebytes_put_u8(w, 0);
}

int proto_dns_put_pointer(bebytes_writer *w, uint16_t off) {
  if (off >= 0x4000)
    return PROTO_EMALFORMED;
  return bebytes_put_be16(w, (uint16_t)(0xc000u | off));
}

int proto_dns_put_question(bebytes_writer *w, const char *name, uint16_t type,
                           uint16_t klass) {
  int rc = proto_dns_put_name(w, name);
  if (rc)
    return rc;
  bebytes_put_be16(w, type);
  return bebytes_put_be16(w, klass);
}

int proto_dns_put_rr_tail(bebytes_writer *w, uint16_t type, uint16_t klass,
                          uint32_t ttl, const void *rdata, uint16_t rdlen) {
  bebytes_put_be16(w, type);
  bebytes_put_be16(w, klass);
  bebytes_put_be32(w, ttl);
  bebytes_put_be16(w, rdlen);
  return bebytes_put_bytes(w, rdata, rdlen);
}
