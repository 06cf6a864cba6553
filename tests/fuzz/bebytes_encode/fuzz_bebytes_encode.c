/*
 * Fuzzes the checked encoders of fixed structs with bit fields: the input
 * bytes become the C struct's object representation (padding included),
 * so bit-field members hold any value of their C type. Byte 0 picks the
 * struct and the byte order. The combined range test must agree with the
 * field-by-field reference (first_bad): an accepted struct encodes to the
 * raw path's bytes; a rejected one reports the first bad field with its
 * value and maximum and leaves the output array untouched. Only structs
 * whose members are all integers are used (any byte pattern is a valid
 * value for them, unlike bool).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../unit/bebytes/test_bitcheck_structs.h"
#include "../../unit/bebytes/test_structs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { SENTINEL = 0xC5 };

#define CASE(T)                                                                \
  do {                                                                         \
    T s_;                                                                      \
    memset(&s_, 0, sizeof s_);                                                 \
    memcpy(&s_, in, len < sizeof s_ ? len : sizeof s_);                        \
    bad_field want_ = {NULL, 0, 0};                                            \
    int bad_ = first_bad(T##_meta(), &s_, &want_);                             \
    uint8_t out_[T##_SIZE + 8], raw_[T##_SIZE];                                \
    memset(out_, SENTINEL, sizeof out_);                                       \
    bebytes_error e_;                                                          \
    memset(&e_, 0, sizeof e_);                                                 \
    size_t w_ = 0;                                                             \
    int rc_ = le ? T##_encode_le_into(&s_, out_, sizeof out_, &w_, &e_)        \
                 : T##_encode_be_into(&s_, out_, sizeof out_, &w_, &e_);       \
    if (bad_) {                                                                \
      if (rc_ != BEBYTES_EBITFIELD || e_.field == NULL ||                      \
          strcmp(e_.field, want_.name) != 0 || e_.value != want_.value ||      \
          e_.max != want_.max)                                                 \
        abort();                                                               \
      for (size_t i_ = 0; i_ < sizeof out_; i_++)                              \
        if (out_[i_] != SENTINEL)                                              \
          abort();                                                             \
    } else {                                                                   \
      if (le)                                                                  \
        T##_encode_le_raw(&s_, raw_);                                          \
      else                                                                     \
        T##_encode_be_raw(&s_, raw_);                                          \
      if (rc_ != 0 || w_ != T##_SIZE || memcmp(out_, raw_, T##_SIZE) != 0 ||   \
          out_[T##_SIZE] != SENTINEL)                                          \
        abort();                                                               \
    }                                                                          \
  } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  unsigned sel = data[0] >> 1, le = data[0] & 1;
  const uint8_t *in = data + 1;
  size_t len = size - 1;
  switch (sel % 12) {
  case 0:
    CASE(bebytes_bench_bitfield);
    break;
  case 1:
    CASE(bebytes_bench_ipv4);
    break;
  case 2:
    CASE(bebytes_bench_tcp);
    break;
  case 3:
    CASE(bebytes_bench_packet);
    break;
  case 4:
    CASE(bebytes_bench_http2);
    break;
  case 5:
    CASE(bebytes_bench_dns);
    break;
  case 6:
    CASE(tc_spread);
    break;
  case 7:
    CASE(tc_far);
    break;
  case 8:
    CASE(tc_outer);
    break;
  case 9:
    CASE(ts_bsigned);
    break;
  case 10:
    CASE(ts_bwide);
    break;
  default:
    CASE(ts_b121073);
    break;
  }
  return 0;
}
