/*
 * Strict UTF-8 and JSON-escape checks for everything a client sends, so
 * the daemon never stores or echoes bytes that would make its own JSON
 * invalid.
 */
#ifndef BBD_SERVER_UTF8_H
#define BBD_SERVER_UTF8_H

#include <stddef.h>

/* 1 if s[0..n) is well-formed UTF-8 (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF). */
int bbd_utf8_valid(const char *s, size_t n);

/* Cuts s (NUL-terminated) at its first ill-formed byte, so a message
 * built with a bounded %.Ns from client text (which may split a character)
 * stays valid UTF-8. */
void bbd_utf8_sanitize(char *s);

/* 1 if the \u escapes of a JSON text are acceptable: no \u0000 (it would
 * cut C strings short) and surrogates only as high+low pairs. Other bytes
 * are not looked at. */
int bbd_json_escapes_ok(const char *s, size_t n);

#endif
