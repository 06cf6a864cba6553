/*
 * The one context every bbctl function receives: connection settings,
 * output mode and the libcurl handle. There are no globals; main() owns the
 * only instance.
 */
#ifndef BBCTL_CTX_H
#define BBCTL_CTX_H

#include <stdio.h>

#define BBCTL_SCHEMA_VERSION 1
#define BBCTL_DEFAULT_URL "http://127.0.0.1:8740"

typedef struct bbctl {
  char url[512];       /* daemon base URL, no trailing slash */
  char *token;         /* bearer token or NULL (owned) */
  int json;            /* --json: one JSON document on stdout */
  int tty;             /* stdout is a terminal */
  int err_tty;         /* stderr is a terminal (progress bar goes there) */
  int color;           /* colour verdicts (tty and NO_COLOR unset) */
  int quiet;           /* --quiet: no progress lines */
  long timeout_ms;     /* per-request timeout for non-streaming calls */
  const char *command; /* the command being run, for JSON documents */
  FILE *out, *err;
  void *curl;       /* CURL *, reused so keep-alive works */
  int json_emitted; /* a JSON document was already printed */
  char errmsg[512]; /* last error, repeated in the --json error document */
} bbctl_t;

#endif
