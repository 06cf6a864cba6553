/* Fuzzes the Ethernet, IPv4, TCP and UDP decoders and the checksum. */
#include <stddef.h>
#include <stdint.h>

#include "l2l4.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  bebytes_reader r;
  proto_eth e;
  proto_ipv4 ip;
  proto_tcp t;
  proto_udp u;
  proto_reader_init(&r, data, size);
  if (proto_eth_decode(&r, &e) == 0 && proto_ipv4_decode(&r, &ip) == 0) {
    /* Views must stay inside the input. */
    if (ip.options.len &&
        (ip.options.p < data || ip.options.p + ip.options.len > data + size))
      __builtin_trap();
    size_t off = bebytes_reader_offset(&r);
    bebytes_reader l4;
    proto_reader_init(&l4, data + off, size - off);
    if (ip.proto == PROTO_IP_TCP && proto_tcp_decode(&l4, &t) == 0) {
      if (t.hdr_len < 20 || t.options.len != (size_t)t.hdr_len - 20)
        __builtin_trap();
    } else if (ip.proto == PROTO_IP_UDP) {
      proto_udp_decode(&l4, &u);
    }
    (void)proto_l4_checksum(ip.src, ip.dst, ip.proto, data + off, size - off);
  }
  /* The same bytes as a bare IPv4 or TCP header. */
  proto_reader_init(&r, data, size);
  proto_ipv4_decode(&r, &ip);
  proto_reader_init(&r, data, size);
  proto_tcp_decode(&r, &t);
  return 0;
}
