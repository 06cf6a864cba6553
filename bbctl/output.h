/*
 * Output conventions shared by every command: errors to stderr (and, with
 * --json, an error document on stdout so a pipeline always gets exactly one
 * document), JSON documents stamped with schema_version, verdict colours.
 */
#ifndef BBCTL_OUTPUT_H
#define BBCTL_OUTPUT_H

#include "ctx.h"
#include "exitcode.h"
#include "table.h"

#include <cjson/cJSON.h>

/* Prints "bbctl: <message>" to stderr, remembers it for the --json error
 * document, and returns `code` so failure paths are one line. */
int bbctl_fail(bbctl_t *c, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prints `doc` (consumed) as the command's JSON document on stdout, with
 * "schema_version" and "command" added first. Returns 0, or 3 when the
 * document cannot be printed (out of memory). */
int bbctl_emit_json(bbctl_t *c, cJSON *doc);

/* With --json and nothing printed yet, prints the error document
 * {"schema_version":1,"command":..,"ok":false,"exit_code":N,"error":..}. */
void bbctl_emit_json_error(bbctl_t *c, int exit_code);

/* The table colour of a verdict. */
enum bbctl_color bbctl_verdict_color(enum bbctl_verdict v);

/* Whether to colour: stream is a terminal and NO_COLOR is unset or empty
 * (https://no-color.org). `no_color_env` is getenv("NO_COLOR"). */
int bbctl_want_color(int is_tty, const char *no_color_env);

#endif
