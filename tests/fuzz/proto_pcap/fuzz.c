/* Fuzzes the capture reader (libpcap, pcap and pcapng) together with every
 * bbdump dissector: the input is a whole capture file. */
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>

#include "bbdump.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0)
    return 0;
  FILE *f = fmemopen((void *)data, size, "rb");
  if (f == NULL)
    return 0;
  char err[PCAP_ERRBUF_SIZE];
  pcap_t *pc = pcap_fopen_offline(f, err); /* takes the FILE */
  if (pc == NULL) {
    fclose(f);
    return 0;
  }
  bbdump *bd = malloc(sizeof(*bd));
  if (bd == NULL || bd_init(bd) != 0) {
    free(bd);
    pcap_close(pc);
    return 0;
  }
  bd_parse_override(bd, "tcp.port==8080,http2");
  struct pcap_pkthdr *h;
  const u_char *p;
  int dlt = pcap_datalink(pc);
  for (int i = 0; i < 4096 && pcap_next_ex(pc, &h, &p) == 1; i++) {
    jw_reset(&bd->j);
    bd_frame(bd, dlt, p, h->caplen, h->len);
    if (bd->j.depth != 0)
      __builtin_trap(); /* every frame's JSON is closed */
  }
  bd_free(bd);
  free(bd);
  pcap_close(pc);
  return 0;
}
