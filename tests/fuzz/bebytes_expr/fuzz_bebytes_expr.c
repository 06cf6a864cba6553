/*
 * Fuzzes the size-expression parser/evaluator and the definition-time
 * check with arbitrary expression text over a struct whose fields hold
 * fuzzer-chosen values (including zeros for division). Must never crash,
 * overflow the stack or hit undefined behaviour.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../unit/bebytes/test_structs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2 || size > 4096)
    return 0;
  ts_expr x;
  memset(&x, 0, sizeof x);
  x.rows = data[0];
  x.cols = data[1];
  char *expr = malloc(size - 1);
  if (expr == NULL)
    return 0;
  memcpy(expr, data + 2, size - 2);
  expr[size - 2] = '\0';
  uint64_t v;
  bebytes_error e;
  const bebytes_struct_meta *m = ts_expr_meta();
  (void)bebytes_expr_eval(expr, m, &x, "data", &v, &e);
  (void)bebytes_expr_eval(expr, m, &x, "cells", &v, &e);
  (void)bebytes_expr_eval(expr, ts_nested_meta(), &x, "tail", &v, &e);
  free(expr);
  return 0;
}
