/* Fuzzes the DNS decoder: messages, names (compression), RDATA, TXT, and
 * the TCP length-prefix framing. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "dns.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char name[PROTO_DNS_NAME_MAX];
  proto_dns m;
  size_t ml = 0;
  const uint8_t *msg = data;
  if (proto_dns_tcp_frame(data, size, &ml) == 1 && ml + 2 == size)
    msg = data + 2, size = ml;
  if (proto_dns_decode(msg, size, &m) != 0)
    return 0;
  for (unsigned i = 0; i < m.nq; i++)
    if (proto_dns_name(msg, size, m.q[i].name_off, name, sizeof(name), NULL) !=
        0)
      __builtin_trap(); /* decode validated every name */
  for (unsigned i = 0; i < m.nrr; i++) {
    proto_dns_rdata rd;
    memset(&rd, 0, sizeof(rd));
    if (proto_dns_name(msg, size, m.rr[i].name_off, name, sizeof(name), NULL) !=
            0 ||
        proto_dns_rdata_decode(&m, &m.rr[i], &rd) != 0)
      __builtin_trap();
    if (strlen(name) >= sizeof(name))
      __builtin_trap();
    if (m.rr[i].type == PROTO_DNS_TXT) {
      bebytes_reader t;
      proto_view s;
      proto_reader_init(&t, rd.txt.p, rd.txt.len);
      while (proto_dns_txt_next(&t, &s) == 1)
        ;
    }
  }
  return 0;
}
