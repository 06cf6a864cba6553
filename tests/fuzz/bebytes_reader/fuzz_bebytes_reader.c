/*
 * Fuzzes the layer-1 reader: the input is both the program and the data.
 * The first half drives a sequence of get/skip/view/bit/mark/rollback calls
 * on the second half. Checks the reader's invariants after every call: the
 * cursor stays inside the data, a failing call does not move it, a latched
 * error is sticky.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bebytes/bebytes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  size_t nops = size / 2;
  const uint8_t *ops = data;
  /* Copy the data part so ASan catches any read past its end. */
  size_t dlen = size - nops;
  uint8_t *buf = malloc(dlen ? dlen : 1);
  if (buf == NULL)
    return 0;
  memcpy(buf, data + nops, dlen);
  bebytes_reader r;
  bebytes_reader_init(&r, buf, dlen);
  bebytes_rmark mark = bebytes_reader_mark(&r);
  for (size_t i = 0; i < nops; i++) {
    size_t pos = r.pos;
    unsigned bit = r.bit;
    int had = r.err.code;
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;
    float f;
    double d;
    const uint8_t *view;
    uint8_t tmp[16];
    int rc = 0;
    unsigned op = ops[i] & 0x1F, arg = ops[i] >> 5;
    switch (op) {
    case 0:
      rc = bebytes_get_u8(&r, &u8);
      break;
    case 1:
      rc = bebytes_get_be16(&r, &u16);
      break;
    case 2:
      rc = bebytes_get_le16(&r, &u16);
      break;
    case 3:
      rc = bebytes_get_be24(&r, &u32);
      break;
    case 4:
      rc = bebytes_get_le24(&r, &u32);
      break;
    case 5:
      rc = bebytes_get_be32(&r, &u32);
      break;
    case 6:
      rc = bebytes_get_le32(&r, &u32);
      break;
    case 7:
      rc = bebytes_get_be48(&r, &u64);
      break;
    case 8:
      rc = bebytes_get_le48(&r, &u64);
      break;
    case 9:
      rc = bebytes_get_be64(&r, &u64);
      break;
    case 10:
      rc = bebytes_get_le64(&r, &u64);
      break;
    case 11:
      rc = bebytes_get_bef32(&r, &f);
      break;
    case 12:
      rc = bebytes_get_lef64(&r, &d);
      break;
    case 13:
      rc = bebytes_get_bits_be(&r, 1 + arg * 9, &u64);
      break;
    case 14:
      rc = bebytes_get_bits_le(&r, 1 + arg * 9, &u64);
      break;
    case 15:
      rc = bebytes_get_bits_be(&r, arg + 1, &u64);
      break;
    case 16:
      rc = bebytes_get_bits_le(&r, arg + 1, &u64);
      break;
    case 17:
      rc = bebytes_get_view(&r, arg * 3, &view);
      break;
    case 18:
      rc = bebytes_get_bytes(&r, tmp, arg * 2);
      break;
    case 19:
      rc = bebytes_skip(&r, arg);
      break;
    case 20:
      mark = bebytes_reader_mark(&r);
      break;
    case 21:
      rc = bebytes_reader_rollback(&r, mark);
      break;
    case 22:
      bebytes_reader_clear_error(&r);
      break;
    case 23:
      rc = bebytes_get_bits_be(&r, 64, &u64);
      break;
    default:
      rc = bebytes_get_bits_le(&r, 64, &u64);
      break;
    }
    if (r.pos > dlen || r.bit > 7)
      abort();
    if (rc != 0 && op != 21 && (r.pos != pos || r.bit != bit))
      abort(); /* a failing call moved the cursor */
    if (had && op < 20 && rc != had)
      abort(); /* latched errors are sticky */
  }
  free(buf);
  return 0;
}
