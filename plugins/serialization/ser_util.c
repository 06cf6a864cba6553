/* Instances and parameter helpers of the serialization plugin. */
#include "ser.h"

#include <stdio.h>
#include <string.h>

void ser_init_tiny(bebytes_bench_tiny *s) {
  memset(s, 0, sizeof *s);
  s->a = 0x1234;
  s->b = 0x5678;
}

void ser_init_small(bebytes_bench_small *s, uint32_t i) {
  memset(s, 0, sizeof *s);
  /* The old suite's {0x12345678, 0xABCD, 0xEF01}, varied per record so a
   * batch is not 1,000 copies of one value. */
  s->header = 0x12345678u ^ i;
  s->flags = (uint16_t)(0xABCDu ^ i);
  s->data = (uint16_t)(0xEF01u + i);
}

void ser_init_medium(bebytes_bench_medium *s) {
  memset(s, 0, sizeof *s);
  s->header = 0x123456789ABCDEF0ull;
  memset(s->payload, 0x42, sizeof s->payload);
  s->checksum = 0xDEADBEEFu;
  s->footer = 0x1234;
}

void ser_init_large(bebytes_bench_large *s) {
  memset(s, 0, sizeof *s);
  s->id = 0x123456789ABCDEF0ull;
  s->timestamp = 1234567890;
  memset(s->data, 0xAA, sizeof s->data);
  memset(s->metadata, 0xBB, sizeof s->metadata);
  s->checksum1 = 0xDEADBEEFCAFEBABEull;
  s->checksum2 = 0x0123456789ABCDEFull;
  s->flags = 0xFF00FF00u;
  s->version = 0x01020304u;
}

void ser_init_bitfield(bebytes_bench_bitfield *s) {
  memset(s, 0, sizeof *s);
  s->version = 4;
  s->flags = 10;
  s->length = 1024;
  s->type_field = 7;
  s->payload = 0x12345678u;
}

void ser_init_vector(bebytes_bench_vector *s, const uint8_t *payload) {
  memset(s, 0, sizeof *s);
  s->header = 0x12345678u;
  s->fixed_data.ptr = payload;
  s->fixed_data.len = 16;
  s->footer = 0xABCD;
}

void ser_init_dynamic(bebytes_bench_dynamic_vector *s, const uint8_t *payload,
                      uint8_t n) {
  memset(s, 0, sizeof *s);
  s->length = n;
  s->data.ptr = payload;
  s->data.len = n;
  s->checksum = 0xDEADBEEFu;
}

void ser_init_mixed(bebytes_bench_mixed *s, const uint8_t *payload,
                    uint16_t n) {
  memset(s, 0, sizeof *s);
  s->version = 2;
  s->flags = 63;
  s->length = n;
  s->payload.ptr = payload;
  s->payload.len = n;
  s->footer = 0xDEADBEEFu;
}

ser_method_t ser_arg_method(const bbd_host_t *host, const bbd_args_t *args) {
  const char *v = NULL;
  if (host == NULL || host->arg_str == NULL ||
      host->arg_str(host, args, "method", &v) != 0 || v == NULL)
    return SER_VEC;
  if (strcmp(v, "bufmut") == 0)
    return SER_BUFMUT;
  if (strcmp(v, "decode") == 0)
    return SER_DECODE;
  return SER_VEC;
}

const bbd_param_t ser_params_var[] = {
    WL_PARAM_ORDER,
    {"method", BBD_PARAM_ENUM, "vec",
     "vec = fresh buffer per call, bufmut = one reused buffer, decode", 0, 0,
     "vec,bufmut,decode"},
    WL_PARAM_END,
};

const bbd_param_t ser_params_batch[] = {
    WL_PARAM_ORDER,
    {"count", BBD_PARAM_INT, "1000", "Small records per iteration", 1, 1 << 20,
     NULL},
    WL_PARAM_END,
};
