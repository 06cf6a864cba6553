/*
 * libbebytes versus hand-written shift/memcpy code on the same C structs:
 * Medium (46 B), Large (232 B), BitField (7 B) and the Ethernet+IPv4+TCP
 * stack (54 B), BE and LE, every method:
 *   raw     encode into a fixed array, no checks (T_encode_*_raw)
 *   into    checked encode into a caller array (T_encode_*_into)
 *   to      append to a reused growable buffer (T_encode_*_to, clear first)
 *   alloc   encode into a fresh malloc'd buffer, then free (T_to_*_bytes)
 *   decode  bounds-checked decode (T_decode_*)
 * Each hand-written case does the same job with the same checks a careful
 * C programmer would write (capacity / length test, buffer bookkeeping).
 *
 * Usage:
 *   bench_bebytes list                 case names
 *   bench_bebytes run CASE ITERS       runs one case (for callgrind
 *                                      --toggle-collect='case_*')
 *   bench_bebytes time [SAMPLES]       ns/op of each lib/hand pair,
 *                                      medians of alternating samples
 *   bench_bebytes allocs               allocations per op of every case
 *   bench_bebytes batch [REPS]         1,000-packet Eth+IPv4+TCP decode
 *                                      batch, bytes/s, lib vs hand
 *
 * Allocation counting wraps malloc/calloc/realloc/free at link time
 * (-Wl,--wrap): the counters are the one piece of process-global state in
 * this program, by necessity.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bebytes/bench_structs.h"
#include "hand_codecs.h"

/* ---- allocation counting (process-global by necessity) ---- */
void *__real_malloc(size_t n);
void *__real_calloc(size_t a, size_t b);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t a, size_t b);
void *__wrap_realloc(void *p, size_t n);
void __wrap_free(void *p);
static unsigned long long g_allocs;
void *__wrap_malloc(size_t n) {
  g_allocs++;
  return __real_malloc(n);
}
void *__wrap_calloc(size_t a, size_t b) {
  g_allocs++;
  return __real_calloc(a, b);
}
void *__wrap_realloc(void *p, size_t n) {
  g_allocs++;
  return __real_realloc(p, n);
}
void __wrap_free(void *p) {
  __real_free(p);
}

/* Keeps the compiler from hoisting or deleting work across iterations. */
#define BARRIER(p) __asm__ volatile("" : : "r"(p) : "memory")
/* Hides where a pointer points (a caller's object, not known to be inside
 * the context), as it would be in a real program. */
#define HIDE(p) __asm__("" : "+r"(p))

/* Per-case context: inputs prepared once, outside the measured loop. */
typedef struct ctx {
  bebytes_bench_medium medium;
  bebytes_bench_large large;
  bebytes_bench_bitfield bitfield;
  bebytes_bench_packet packet;
  uint8_t enc_medium[2][64], enc_large[2][256], enc_bitfield[2][8],
      enc_packet[2][64];
  /* Decode destinations, shared by the lib and hand cases: a local in each
   * case function would sit at a different stack offset in each, and the
   * 4 KiB aliasing between it and the input then differs from run to run
   * (ASLR), which made the Large decode times bimodal (0.8x or 1.2x). */
  bebytes_bench_medium dec_medium;
  bebytes_bench_large dec_large;
  bebytes_bench_bitfield dec_bitfield;
  bebytes_bench_packet dec_packet;
  uint8_t out[512];
  bebytes_buf buf;
  int fails;
} ctx;

/* Hand-written growable-buffer append: the same bookkeeping as the lib. */
static int hand_reserve(bebytes_buf *b, size_t n) {
  if (b->cap - b->len >= n)
    return 0;
  return bebytes_buf_reserve(b, n, NULL);
}

#define CASES(S, n, o, SIZE)                                                   \
  __attribute__((noinline)) static void case_lib_raw_##n##_##o(ctx *c,         \
                                                               size_t it) {    \
    for (size_t i = 0; i < it; i++) {                                          \
      BARRIER(&c->n);                                                          \
      S##_encode_##o##_raw(&c->n, c->out);                                     \
      BARRIER(c->out);                                                         \
    }                                                                          \
  }                                                                            \
  __attribute__((noinline)) static void case_hand_raw_##n##_##o(ctx *c,        \
                                                                size_t it) {   \
    for (size_t i = 0; i < it; i++) {                                          \
      BARRIER(&c->n);                                                          \
      hand_##n##_w_##o(&c->n, c->out);                                         \
      BARRIER(c->out);                                                         \
    }                                                                          \
  }                                                                            \
  __attribute__((noinline)) static void case_lib_into_##n##_##o(ctx *c,        \
                                                                size_t it) {   \
    for (size_t i = 0; i < it; i++) {                                          \
      size_t w = 0;                                                            \
      BARRIER(&c->n);                                                          \
      if (S##_encode_##o##_into(&c->n, c->out, sizeof c->out, &w, NULL))       \
        c->fails++;                                                            \
      BARRIER(c->out);                                                         \
      BARRIER(&w);                                                             \
    }                                                                          \
  }                                                                            \
  __attribute__((noinline)) static void case_hand_into_##n##_##o(ctx *c,       \
                                                                 size_t it) {  \
    for (size_t i = 0; i < it; i++) {                                          \
      size_t w = 0, cap = sizeof c->out;                                       \
      BARRIER(&c->n);                                                          \
      BARRIER(&cap);                                                           \
      if (cap < (SIZE)) {                                                      \
        c->fails++;                                                            \
      } else {                                                                 \
        hand_##n##_w_##o(&c->n, c->out);                                       \
        w = (SIZE);                                                            \
      }                                                                        \
      BARRIER(c->out);                                                         \
      BARRIER(&w);                                                             \
    }                                                                          \
  }                                                                            \
  __attribute__((noinline)) static void case_lib_to_##n##_##o(ctx *c,          \
                                                              size_t it) {     \
    for (size_t i = 0; i < it; i++) {                                          \
      BARRIER(&c->n);                                                          \
      bebytes_buf_clear(&c->buf);                                              \
      if (S##_encode_##o##_to(&c->n, &c->buf, NULL))                           \
        c->fails++;                                                            \
      BARRIER(c->buf.data);                                                    \
    }                                                                          \
  }                                                                            \
  __attribute__((noinline)) static void case_hand_to_##n##_##o(ctx *c,         \
                                                               size_t it) {    \
    for (size_t i = 0; i < it; i++) {                                          \
      BARRIER(&c->n);                                                          \
      c->buf.len = 0;                                                          \
      if (hand_reserve(&c->buf, (SIZE))) {                                     \
        c->fails++;                                                            \
      } else {                                                                 \
        hand_##n##_w_##o(&c->n, c->buf.data + c->buf.len);                     \
        c->buf.len += (SIZE);                                                  \
      }                                                                        \
      BARRIER(c->buf.data);                                                    \
    }                                                                          \
  }                                                                            \
  __attribute__((noinline)) static void case_lib_alloc_##n##_##o(ctx *c,       \
                                                                 size_t it) {  \
    for (size_t i = 0; i < it; i++) {                                          \
      uint8_t *p = NULL;                                                       \
      size_t len = 0;                                                          \
      BARRIER(&c->n);                                                          \
      if (S##_to_##o##_bytes(&c->n, &p, &len, NULL))                           \
        c->fails++;                                                            \
      BARRIER(p);                                                              \
      free(p);                                                                 \
    }                                                                          \
  }                                                                            \
  __attribute__((noinline)) static void case_hand_alloc_##n##_##o(ctx *c,      \
                                                                  size_t it) { \
    for (size_t i = 0; i < it; i++) {                                          \
      BARRIER(&c->n);                                                          \
      uint8_t *p = malloc(SIZE);                                               \
      if (p == NULL)                                                           \
        c->fails++;                                                            \
      else                                                                     \
        hand_##n##_w_##o(&c->n, p);                                            \
      BARRIER(p);                                                              \
      free(p);                                                                 \
    }                                                                          \
  }                                                                            \
  __attribute__((noinline)) static void case_lib_decode_##n##_##o(ctx *c,      \
                                                                  size_t it) { \
    const size_t oi = #o[0] == 'l';                                            \
    S *d = &c->dec_##n;                                                        \
    HIDE(d);                                                                   \
    for (size_t i = 0; i < it; i++) {                                          \
      size_t used = 0;                                                         \
      BARRIER(c->enc_##n[oi]);                                                 \
      if (S##_decode_##o(d, c->enc_##n[oi], (SIZE), &used, NULL))              \
        c->fails++;                                                            \
      BARRIER(d);                                                              \
      BARRIER(&used);                                                          \
    }                                                                          \
  }                                                                            \
  __attribute__((noinline)) static void case_hand_decode_##n##_##o(            \
      ctx *c, size_t it) {                                                     \
    const size_t oi = #o[0] == 'l';                                            \
    S *d = &c->dec_##n;                                                        \
    HIDE(d);                                                                   \
    for (size_t i = 0; i < it; i++) {                                          \
      size_t used = 0, len = (SIZE);                                           \
      BARRIER(c->enc_##n[oi]);                                                 \
      BARRIER(&len);                                                           \
      if (len < (SIZE)) {                                                      \
        c->fails++;                                                            \
      } else {                                                                 \
        hand_##n##_r_##o(d, c->enc_##n[oi]);                                   \
        used = (SIZE);                                                         \
      }                                                                        \
      BARRIER(d);                                                              \
      BARRIER(&used);                                                          \
    }                                                                          \
  }

#define BOTH(S, n, SIZE) CASES(S, n, be, SIZE) CASES(S, n, le, SIZE)
BOTH(bebytes_bench_medium, medium, 46)
BOTH(bebytes_bench_large, large, 232)
BOTH(bebytes_bench_bitfield, bitfield, 7)
BOTH(bebytes_bench_packet, packet, 54)

typedef void (*case_fn)(ctx *, size_t);
typedef struct bench_case {
  const char *name; /* method/struct/order/impl */
  case_fn fn;
} bench_case;

#define ENTRY(m, n, o)                                                         \
  {#m "/" #n "/" #o "/lib", case_lib_##m##_##n##_##o},                         \
      {#m "/" #n "/" #o "/hand", case_hand_##m##_##n##_##o},
#define ENTRIES(n, o)                                                          \
  ENTRY(raw, n, o)                                                             \
  ENTRY(into, n, o)                                                            \
  ENTRY(to, n, o) ENTRY(alloc, n, o) ENTRY(decode, n, o)
static const bench_case k_cases[] = {
    ENTRIES(medium, be) ENTRIES(medium, le) ENTRIES(large, be)
        ENTRIES(large, le) ENTRIES(bitfield, be) ENTRIES(bitfield, le)
            ENTRIES(packet, be) ENTRIES(packet, le)};
#define NCASES (sizeof k_cases / sizeof k_cases[0])

static void ctx_init(ctx *c) {
  memset(c, 0, sizeof *c);
  c->medium.header = 0x123456789ABCDEF0;
  memset(c->medium.payload, 0x42, sizeof c->medium.payload);
  c->medium.checksum = 0xDEADBEEF;
  c->medium.footer = 0x1234;
  c->large.id = 0x123456789ABCDEF0;
  c->large.timestamp = 1234567890;
  memset(c->large.data, 0xAA, sizeof c->large.data);
  memset(c->large.metadata, 0xBB, sizeof c->large.metadata);
  c->large.checksum1 = 0xDEADBEEFCAFEBABE;
  c->large.checksum2 = 0x0123456789ABCDEF;
  c->large.flags = 0xFF00FF00;
  c->large.version = 0x01020304;
  c->bitfield = (bebytes_bench_bitfield){4, 10, 1024, 7, 0x12345678};
  bebytes_bench_eth e = {{0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF},
                         {0x11, 0x22, 0x33, 0x44, 0x55, 0x66},
                         0x0800};
  bebytes_bench_ipv4 ip = {4, 5,  0, 0,      60,         0x1234,    2,
                           0, 64, 6, 0xABCD, 0xC0A80001, 0xC0A80002};
  bebytes_bench_tcp t = {80, 8080, 0x12345678, 0x87654321, 5,     0,      0, 1,
                         0,  0,    0,          0,          65535, 0xABCD, 0};
  c->packet = (bebytes_bench_packet){e, ip, t};
  bebytes_bench_medium_encode_be_raw(&c->medium, c->enc_medium[0]);
  bebytes_bench_medium_encode_le_raw(&c->medium, c->enc_medium[1]);
  bebytes_bench_large_encode_be_raw(&c->large, c->enc_large[0]);
  bebytes_bench_large_encode_le_raw(&c->large, c->enc_large[1]);
  bebytes_bench_bitfield_encode_be_raw(&c->bitfield, c->enc_bitfield[0]);
  bebytes_bench_bitfield_encode_le_raw(&c->bitfield, c->enc_bitfield[1]);
  bebytes_bench_packet_encode_be_raw(&c->packet, c->enc_packet[0]);
  bebytes_bench_packet_encode_le_raw(&c->packet, c->enc_packet[1]);
  bebytes_buf_init(&c->buf, 0);
  bebytes_buf_reserve(&c->buf, 512, NULL); /* steady state: no growth */
}

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/*
 * ns/op of a lib case and its hand twin: many short samples, alternating
 * which runs first, median of each. Robust against other load on a shared
 * machine, where back-to-back long runs differ by 2x.
 */
static void time_pair(ctx *c, case_fn lib, case_fn hand, size_t iters,
                      int samples, double *lib_ns, double *hand_ns) {
  static double a[2001], b[2001];
  if (samples > 2001)
    samples = 2001;
  lib(c, iters);
  hand(c, iters);
  for (int r = 0; r < samples; r++) {
    for (int k = 0; k < 2; k++) {
      int do_lib = (k == 0) == (r % 2 == 0);
      double t0 = now_ns();
      (do_lib ? lib : hand)(c, iters);
      double dt = (now_ns() - t0) / (double)iters;
      if (do_lib)
        a[r] = dt;
      else
        b[r] = dt;
    }
  }
  qsort(a, (size_t)samples, sizeof a[0], cmp_double);
  qsort(b, (size_t)samples, sizeof b[0], cmp_double);
  *lib_ns = a[samples / 2];
  *hand_ns = b[samples / 2];
}

/* ---- the 1,000-packet batch ---- */
enum { BATCH = 1000, PKT = bebytes_bench_packet_SIZE };

__attribute__((noinline)) static size_t batch_lib(const uint8_t *in, size_t len,
                                                  bebytes_bench_packet *out) {
  size_t off = 0, n = 0;
  while (off < len) {
    size_t used = 0;
    if (bebytes_bench_packet_decode_be(&out[n], in + off, len - off, &used,
                                       NULL))
      break;
    off += used;
    n++;
  }
  return n;
}
__attribute__((noinline)) static size_t
batch_hand(const uint8_t *in, size_t len, bebytes_bench_packet *out) {
  size_t off = 0, n = 0;
  while (off < len) {
    if (len - off < PKT)
      break;
    hand_packet_r_be(&out[n], in + off);
    off += PKT;
    n++;
  }
  return n;
}

static int run_batch(int reps) {
  uint8_t *in = malloc((size_t)BATCH * PKT);
  bebytes_bench_packet *out = malloc(sizeof *out * BATCH);
  if (in == NULL || out == NULL)
    return 1;
  uint64_t x = 0x2545F4914F6CDD1Dull;
  for (size_t i = 0; i < BATCH; i++) {
    bebytes_bench_packet p;
    memset(&p, 0, sizeof p);
    for (int k = 0; k < 6; k++) {
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;
      p.eth.destination_mac[k] = (uint8_t)x;
      p.eth.source_mac[k] = (uint8_t)(x >> 8);
    }
    p.eth.ethertype = 0x0800;
    p.ip = (bebytes_bench_ipv4){4,
                                5,
                                (uint8_t)(x & 63),
                                0,
                                40,
                                (uint16_t)i,
                                2,
                                0,
                                64,
                                6,
                                (uint16_t)x,
                                (uint32_t)x,
                                (uint32_t)(x >> 32)};
    p.tcp.source_port = (uint16_t)(x >> 16);
    p.tcp.destination_port = 443;
    p.tcp.sequence_number = (uint32_t)(x >> 3);
    p.tcp.data_offset = 5;
    p.tcp.ack = 1;
    p.tcp.window_size = 65535;
    bebytes_bench_packet_encode_be_raw(&p, in + i * PKT);
  }
  const size_t bytes = (size_t)BATCH * PKT;
  /* Many short samples, lib and hand alternating (and swapping which goes
   * first), medians of each: robust against other load on a shared box. */
  enum { ROUNDS = 3001 };
  static double lib[ROUNDS], hand[ROUNDS];
  int rounds = reps > 0 ? ROUNDS : 1;
  for (int r = 0; r < rounds; r++) {
    for (int k = 0; k < 2; k++) {
      int do_lib = (k == 0) == (r % 2 == 0);
      double t0 = now_ns();
      BARRIER(in);
      size_t n =
          do_lib ? batch_lib(in, bytes, out) : batch_hand(in, bytes, out);
      BARRIER(out);
      double dt = now_ns() - t0;
      if (n != BATCH)
        return 1;
      if (do_lib)
        lib[r] = dt;
      else
        hand[r] = dt;
    }
  }
  qsort(lib, (size_t)rounds, sizeof lib[0], cmp_double);
  qsort(hand, (size_t)rounds, sizeof hand[0], cmp_double);
  double bl = (double)bytes / (lib[rounds / 2] / 1e9);
  double bh = (double)bytes / (hand[rounds / 2] / 1e9);
  printf("batch 1000 x Eth+IPv4+TCP (54 B) BE decode, median of %d "
         "alternating samples:\n",
         rounds);
  printf("  libbebytes  %.2f GB/s\n  hand        %.2f GB/s\n  ratio       "
         "%.3f\n",
         bl / 1e9, bh / 1e9, bl / bh);
  free(in);
  free(out);
  return 0;
}

/* Iterations per timing sample (about 10-50 us each). */
static size_t sample_iters(const char *name) {
  if (strncmp(name, "alloc/", 6) == 0)
    return 500;
  if (strstr(name, "/large/"))
    return 1000;
  return 3000;
}

int main(int argc, char **argv) {
  static ctx c;
  ctx_init(&c);
  const char *mode = argc > 1 ? argv[1] : "time";
  if (strcmp(mode, "list") == 0) {
    for (size_t i = 0; i < NCASES; i++)
      printf("%s\n", k_cases[i].name);
    return 0;
  }
  if (strcmp(mode, "run") == 0 && argc == 4) {
    size_t iters = strtoull(argv[3], NULL, 10);
    for (size_t i = 0; i < NCASES; i++)
      if (strcmp(k_cases[i].name, argv[2]) == 0) {
        k_cases[i].fn(&c, iters);
        return c.fails ? 1 : 0;
      }
    fprintf(stderr, "unknown case %s\n", argv[2]);
    return 2;
  }
  if (strcmp(mode, "time") == 0) {
    int samples = argc > 2 ? atoi(argv[2]) : 501;
    if (samples < 1)
      samples = 1;
    /* k_cases holds lib/hand twins next to each other. */
    for (size_t i = 0; i + 1 < NCASES; i += 2) {
      double l = 0, h = 0;
      time_pair(&c, k_cases[i].fn, k_cases[i + 1].fn,
                sample_iters(k_cases[i].name), samples, &l, &h);
      printf("%s %.3f\n%s %.3f\n", k_cases[i].name, l, k_cases[i + 1].name, h);
    }
    return c.fails ? 1 : 0;
  }
  if (strcmp(mode, "allocs") == 0) {
    for (size_t i = 0; i < NCASES; i++) {
      k_cases[i].fn(&c, 10); /* warm-up (first growth of the buffer) */
      unsigned long long before = g_allocs;
      k_cases[i].fn(&c, 1000);
      printf("%s %.3f\n", k_cases[i].name,
             (double)(g_allocs - before) / 1000.0);
    }
    return c.fails ? 1 : 0;
  }
  if (strcmp(mode, "batch") == 0)
    return run_batch(argc > 2 ? atoi(argv[2]) : 7);
  fprintf(stderr,
          "usage: %s list|run CASE ITERS|time [REPS]|allocs|batch "
          "[REPS]\n",
          argv[0]);
  return 2;
}
