#!/bin/sh
# Definitions that libbebytes must reject at compile time: each snippet must
# fail to compile with the expected message, and a valid control snippet
# must compile (so a broken harness cannot pass silently).
# Usage: compile_fail.sh <cc> <include dir>
set -u
cc=$1
inc=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fails=0

try() { # name expect(substring or "OK") fields...
  name=$1
  expect=$2
  shift 2
  printf '#include <bebytes/bebytes.h>\n%s\n' "$*" >"$dir/$name.c"
  if "$cc" -std=c11 -fsyntax-only -I"$inc" "$dir/$name.c" >"$dir/$name.log" 2>&1; then
    if [ "$expect" != OK ]; then
      echo "FAIL $name: compiled, expected an error containing '$expect'"
      fails=$((fails + 1))
    else
      echo "ok   $name (compiles)"
    fi
  else
    if [ "$expect" = OK ] || ! grep -q "$expect" "$dir/$name.log"; then
      echo "FAIL $name: expected '$expect', got:"
      head -5 "$dir/$name.log"
      fails=$((fails + 1))
    else
      echo "ok   $name (rejected: $expect)"
    fi
  fi
}

try control OK '#define F(X) X(BITS, a, U8, 4) X(BITS, b, U8, 4) X(U16, c)
BEBYTES_FIXED_STRUCT(t, F)'
try run_before_field "does not end on a byte boundary" \
  '#define F(X) X(BITS, a, U8, 4) X(U8, m) X(BITS, b, U8, 4)
BEBYTES_STRUCT(t, F)'
try run_at_end "ends inside a bit-field run" \
  '#define F(X) X(U8, m) X(BITS, a, U8, 3)
BEBYTES_STRUCT(t, F)'
try width_too_big "width outside" '#define F(X) X(BITS, a, U8, 9) X(BITS, b, U8, 7)
BEBYTES_STRUCT(t, F)'
try bits_on_bool "must be an integer or CHAR" \
  '#define F(X) X(BITS, a, BOOL, 1) X(BITS, b, U8, 7)
BEBYTES_STRUCT(t, F)'
try rest_not_last "must be the last field" \
  '#define F(X) X(BYTES_REST, r) X(U8, a)
BEBYTES_STRUCT(t, F)'
try after_not_last "must be the last field" \
  '#define F(X) X(BYTES, r, AFTER, 0xFF) X(U8, a)
BEBYTES_STRUCT(t, F)'
try fixed_with_vec "has variable-length fields" \
  '#define F(X) X(U8, n) X(BYTES, d, FIELD, n)
BEBYTES_FIXED_STRUCT(t, F)'
try order_on_bits "byte-order overrides are not allowed" \
  '#define F(X) X(LE, BITS, a, U8, 8)
BEBYTES_STRUCT(t, F)'
try marker_not_byte "must be a byte" \
  '#define F(X) X(BYTES, d, UNTIL, 300) X(U8, a)
BEBYTES_STRUCT(t, F)'
try flag_not_pow2 "not a power of two" '#define L(V) V(FA, 1) V(FB, 3)
BEBYTES_FLAGS(fl, L)'
try enum_negative "is negative" '#define L(V) V(EA, 1) V(EB, -3)
BEBYTES_ENUM(en, L)'
try enum_duplicate "duplicate case value" '#define L(V) V(EA, 1) V(EB, 1)
BEBYTES_ENUM(en, L)'
try unknown_size_field "" '#define F(X) X(U8, n) X(BYTES, d, FIELD, nope)
BEBYTES_STRUCT(t, F)'

[ "$fails" -eq 0 ] || { echo "$fails compile-time check(s) failed"; exit 1; }
echo "all compile-time checks behave"
