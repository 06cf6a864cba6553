/* Fuzzes the capture reader (libpcap, pcap and pcapng) together with every
 * bbdump dissector: the input is a whole capture file, read by libpcap from
 * memory (fmemopen), so no file is written per input. */
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>

#include "bbdump.h"

/* bd_init sizes the connection table for real captures (4,096 entries of
 * two reassembly directions each), and bd_free walks every entry: under
 * ASan that setup and teardown cost far more than dissecting a fuzz input
 * of a few KiB, which holds a few dozen connections at most. The table is
 * swapped for the smallest one the lookup supports (a power of two no
 * smaller than its 16-slot probe window), which also lets short inputs
 * reach connection eviction. Lookup and eviction run the same code. */
#define FUZZ_CONN_TABLE 16

/* At most this many frames per input: bounds the time of one input. */
#define FUZZ_MAX_FRAMES 4096

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fuzz_bd_init(bbdump *bd) {
  if (bd_init(bd) != 0)
    return -1;
  conn *small = calloc(FUZZ_CONN_TABLE, sizeof(*small));
  if (small == NULL)
    return -1; /* bd_free releases the full table */
  free(bd->conns);
  bd->conns = small;
  bd->nconns = FUZZ_CONN_TABLE;
  return 0;
}

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
  if (bd == NULL) {
    pcap_close(pc);
    return 0;
  }
  if (fuzz_bd_init(bd) != 0) {
    bd_free(bd);
    free(bd);
    pcap_close(pc);
    return 0;
  }
  bd_parse_override(bd, "tcp.port==8080,http2");
  struct pcap_pkthdr *h;
  const u_char *p;
  int dlt = pcap_datalink(pc);
  for (int i = 0; i < FUZZ_MAX_FRAMES && pcap_next_ex(pc, &h, &p) == 1; i++) {
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
