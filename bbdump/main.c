/*
 * bbdump: reads a pcap or pcapng capture (libpcap) and prints one JSON
 * object per frame (JSON Lines), with Wireshark's layer and field names.
 * See docs/BBDUMP.md.
 */
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bbdump.h"

static void usage(FILE *out) {
  fprintf(out, "usage: bbdump [-d tcp.port==N,PROTO]... [-c COUNT] [-r] FILE\n"
               "  Prints one JSON object per frame of a pcap/pcapng capture.\n"
               "  -d  decode a TCP/UDP port as PROTO (dns, mqtt, http2, tls,\n"
               "      websocket, coap), like tshark's decode-as\n"
               "  -c  stop after COUNT frames\n"
               "  -r  the capture file (may also be given without -r)\n");
}

int main(int argc, char **argv) {
  const char *file = NULL;
  unsigned long long max = 0;
  bbdump *bd = malloc(sizeof(*bd));
  if (bd == NULL || bd_init(bd) != 0) {
    fprintf(stderr, "bbdump: out of memory\n");
    return 1;
  }
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      usage(stdout);
      bd_free(bd);
      free(bd);
      return 0;
    } else if (strcmp(a, "-d") == 0 && i + 1 < argc) {
      if (bd_parse_override(bd, argv[++i]) != 0) {
        fprintf(stderr, "bbdump: bad -d '%s' (want tcp.port==N,proto)\n",
                argv[i]);
        bd_free(bd);
        free(bd);
        return 2;
      }
    } else if (strcmp(a, "-c") == 0 && i + 1 < argc) {
      max = strtoull(argv[++i], NULL, 10);
    } else if (strcmp(a, "-r") == 0 && i + 1 < argc) {
      file = argv[++i];
    } else if (a[0] != '-' && file == NULL) {
      file = a;
    } else {
      usage(stderr);
      bd_free(bd);
      free(bd);
      return 2;
    }
  }
  if (file == NULL) {
    usage(stderr);
    bd_free(bd);
    free(bd);
    return 2;
  }
  char errbuf[PCAP_ERRBUF_SIZE];
  pcap_t *pc = pcap_open_offline(file, errbuf);
  if (pc == NULL) {
    fprintf(stderr, "bbdump: %s\n", errbuf);
    bd_free(bd);
    free(bd);
    return 1;
  }
  int dlt = pcap_datalink(pc);
  struct pcap_pkthdr *h;
  const u_char *data;
  int rc;
  int status = 0;
  while ((rc = pcap_next_ex(pc, &h, &data)) == 1) {
    jw_reset(&bd->j);
    bd_frame(bd, dlt, data, h->caplen, h->len);
    if (bd->j.oom) {
      fprintf(stderr, "bbdump: out of memory at frame %llu\n",
              (unsigned long long)bd->frame);
      status = 1;
      break;
    }
    fwrite(bd->j.buf, 1, bd->j.len, stdout);
    if (max && bd->frame >= max)
      break;
  }
  if (rc == PCAP_ERROR) {
    fprintf(stderr, "bbdump: %s: %s\n", file, pcap_geterr(pc));
    status = 1;
  }
  pcap_close(pc);
  bd_free(bd);
  free(bd);
  if (fflush(stdout) != 0)
    status = 1;
  return status;
}
