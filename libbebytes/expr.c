/*
 * Size expressions: + - * / % and parentheses over non-negative integer
 * literals and dotted paths of earlier integer fields, evaluated in 64-bit
 * unsigned arithmetic. Every hazard is an error, never undefined behaviour:
 * division or modulo by zero, overflow, a negative intermediate result,
 * unknown or later fields, syntax errors, nesting deeper than 32.
 *
 * The same parser runs in "check" mode for bebytes_struct_check(): field
 * values are not read (paths count as 1), but each path must name an integer
 * field declared before the sized field, and dividing by a literal 0 is
 * reported at definition time.
 */
#include <ctype.h>
#include <string.h>

#include "bebytes/types.h"

typedef struct expr_ctx {
  const char *p;
  const bebytes_struct_meta *m;
  const void *s;   /* NULL in check mode */
  size_t limit;    /* index of the sized field: paths must come before */
  const char *why; /* reason of the first failure */
  int depth;
} expr_ctx;

typedef struct expr_val {
  uint64_t v;
  int literal; /* a bare number (for the definition-time /0 check) */
} expr_val;

static int parse_sum(expr_ctx *c, expr_val *out);

static void skip_ws(expr_ctx *c) {
  while (*c->p == ' ' || *c->p == '\t')
    c->p++;
}

static int fail(expr_ctx *c, const char *why) {
  if (c->why == NULL)
    c->why = why;
  return -1;
}

static int parse_path(expr_ctx *c, expr_val *out) {
  const char *start = c->p;
  while (isalnum((unsigned char)*c->p) || *c->p == '_' || *c->p == '.')
    c->p++;
  size_t len = (size_t)(c->p - start);
  /* The top-level part must be a field declared before the sized one. */
  const char *dot = memchr(start, '.', len);
  size_t head = dot ? (size_t)(dot - start) : len;
  const bebytes_field_meta *f = bebytes_meta_field(c->m, start, head);
  if (f == NULL)
    return fail(c, "unknown field in size expression");
  if ((size_t)(f - c->m->fields) >= c->limit)
    return fail(c, "size expression uses a field that is not declared "
                   "before it");
  out->literal = 0;
  if (c->s == NULL) {
    /* Check mode: validate the whole path's shape with a zeroed instance
     * is not possible without one, so check kinds along the path. */
    const bebytes_struct_meta *m = c->m;
    const char *p = start;
    size_t left = len;
    for (int d = 0; d < 32; d++) {
      const char *dd = memchr(p, '.', left);
      size_t part = dd ? (size_t)(dd - p) : left;
      const bebytes_field_meta *g = bebytes_meta_field(m, p, part);
      if (g == NULL)
        return fail(c, "unknown field in size expression");
      if (dd == NULL) {
        if (!g->is_int || g->csize > 8)
          return fail(c, "size expression field is not an integer");
        out->v = 1;
        return 0;
      }
      if (g->nested == NULL || strcmp(g->kind, "struct") != 0)
        return fail(c, "path goes through a field that is not a struct");
      m = g->nested();
      p = dd + 1;
      left -= part + 1;
    }
    return fail(c, "path too deep");
  }
  int rc = bebytes_meta_get_uint(c->m, c->s, start, len, &out->v);
  if (rc == BEBYTES_EEXPR)
    return fail(c, "negative size field");
  if (rc)
    return fail(c, "size expression field is not an integer");
  return 0;
}

static int parse_atom(expr_ctx *c, expr_val *out) {
  skip_ws(c);
  if (*c->p == '(') {
    if (++c->depth > 32)
      return fail(c, "size expression nested too deeply");
    c->p++;
    if (parse_sum(c, out))
      return -1;
    skip_ws(c);
    if (*c->p != ')')
      return fail(c, "missing ')' in size expression");
    c->p++;
    c->depth--;
    out->literal = 0;
    return 0;
  }
  if (isdigit((unsigned char)*c->p)) {
    uint64_t v = 0;
    while (isdigit((unsigned char)*c->p)) {
      unsigned d = (unsigned)(*c->p - '0');
      if (v > (UINT64_MAX - d) / 10)
        return fail(c, "number too large in size expression");
      v = v * 10 + d;
      c->p++;
    }
    out->v = v;
    out->literal = 1;
    return 0;
  }
  if (isalpha((unsigned char)*c->p) || *c->p == '_')
    return parse_path(c, out);
  return fail(c, "syntax error in size expression");
}

static int parse_product(expr_ctx *c, expr_val *out) {
  if (parse_atom(c, out))
    return -1;
  for (;;) {
    skip_ws(c);
    char op = *c->p;
    if (op != '*' && op != '/' && op != '%')
      return 0;
    c->p++;
    expr_val r;
    if (parse_atom(c, &r))
      return -1;
    if (op == '*') {
      if (__builtin_mul_overflow(out->v, r.v, &out->v))
        return fail(c, "overflow in size expression");
    } else {
      if (r.v == 0)
        return fail(c, "division by zero in size expression");
      out->v = op == '/' ? out->v / r.v : out->v % r.v;
    }
    out->literal = 0;
  }
}

static int parse_sum(expr_ctx *c, expr_val *out) {
  if (parse_product(c, out))
    return -1;
  for (;;) {
    skip_ws(c);
    char op = *c->p;
    if (op != '+' && op != '-')
      return 0;
    c->p++;
    expr_val r;
    if (parse_product(c, &r))
      return -1;
    if (op == '+') {
      if (__builtin_add_overflow(out->v, r.v, &out->v))
        return fail(c, "overflow in size expression");
    } else {
      /* In check mode values are placeholders: only real values can
       * underflow. */
      if (c->s && r.v > out->v)
        return fail(c, "negative result in size expression");
      out->v = c->s ? out->v - r.v : out->v;
    }
    out->literal = 0;
  }
}

static int run(expr_ctx *c, const char *expr, uint64_t *out) {
  expr_val v = {0, 0};
  if (parse_sum(c, &v))
    return -1;
  skip_ws(c);
  if (*c->p != '\0')
    return fail(c, "syntax error in size expression");
  (void)expr;
  *out = v.v;
  return 0;
}

static size_t field_index(const bebytes_struct_meta *m, const char *field) {
  const bebytes_field_meta *f =
      field ? bebytes_meta_field(m, field, strlen(field)) : NULL;
  return f ? (size_t)(f - m->fields) : m->nfields;
}

int bebytes_expr_eval(const char *expr, const bebytes_struct_meta *m,
                      const void *s, const char *field, uint64_t *out,
                      bebytes_error *e) {
  if (expr == NULL || m == NULL || s == NULL || out == NULL)
    return bebytes__fail_value(e, BEBYTES_EINVAL, 0, 0, field, "NULL argument");
  expr_ctx c = {expr, m, s, field_index(m, field), NULL, 0};
  if (run(&c, expr, out))
    return bebytes__fail_value(e, BEBYTES_EEXPR, 0, 0, field, c.why);
  return 0;
}

/* Definition-time check of one expression. */
static int check_expr(const bebytes_struct_meta *m, size_t idx,
                      const char *expr, bebytes_error *e) {
  expr_ctx c = {expr, m, NULL, idx, NULL, 0};
  uint64_t v;
  if (run(&c, expr, &v))
    return bebytes__fail_value(e, BEBYTES_EEXPR, 0, 0, m->fields[idx].name,
                               c.why);
  return 0;
}

int bebytes_struct_check(const bebytes_struct_meta *m, bebytes_error *e) {
  if (m == NULL)
    return bebytes__fail_value(e, BEBYTES_EINVAL, 0, 0, NULL, "NULL meta");
  for (size_t i = 0; i < m->nfields; i++) {
    const bebytes_field_meta *f = &m->fields[i];
    if (f->sizing && strcmp(f->sizing, "expr") == 0) {
      if (f->size_arg == NULL)
        return bebytes__fail_value(e, BEBYTES_EEXPR, 0, 0, f->name,
                                   "missing size expression");
      int rc = check_expr(m, i, f->size_arg, e);
      if (rc)
        return rc;
    }
    if (f->sizing && strcmp(f->sizing, "field") == 0 && f->size_arg) {
      /* The C compiler checked that the path exists; check the order. */
      const char *dot = strchr(f->size_arg, '.');
      size_t head = dot ? (size_t)(dot - f->size_arg) : strlen(f->size_arg);
      const bebytes_field_meta *g = bebytes_meta_field(m, f->size_arg, head);
      if (g == NULL || g >= f)
        return bebytes__fail_value(e, BEBYTES_EINVAL, 0, 0, f->name,
                                   "size field is not declared before it");
    }
    if (f->nested) {
      int rc = bebytes_struct_check(f->nested(), e);
      if (rc)
        return rc;
    }
  }
  return 0;
}
