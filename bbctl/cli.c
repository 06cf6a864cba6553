#include "cli.h"

#include "args.h"
#include "exitcode.h"
#include "http.h"
#include "output.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const bbctl_cmd_t *bbctl_find_cmd(const char *name) {
  for (const bbctl_cmd_t *k = bbctl_commands; k->name; k++)
    if (strcmp(k->name, name) == 0)
      return k;
  return NULL;
}

int bbctl_usage_error(bbctl_t *c, const char *cmd, const char *fmt, ...) {
  char msg[400];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (cmd)
    bbctl_fail(c, BBCTL_EXIT_USAGE, "%s: %s (see `bbctl %s --help`)", cmd, msg,
               cmd);
  else
    bbctl_fail(c, BBCTL_EXIT_USAGE, "%s (see `bbctl --help`)", msg);
  return BBCTL_EXIT_USAGE;
}

int bbctl_common_opt(bbctl_t *c, bbctl_conn_opts_t *co, const bbctl_cmd_t *cmd,
                     int opt, const char *arg, char **argv) {
  const char *name = cmd ? cmd->name : NULL;
  char err[256];
  long v;
  switch (opt) {
  case BBCTL_OPT_JSON:
    c->json = 1;
    return 1;
  case BBCTL_OPT_URL:
    co->url = arg;
    return 1;
  case BBCTL_OPT_TOKEN:
    co->token = arg;
    return 1;
  case BBCTL_OPT_TOKEN_FILE:
    co->token_file = arg;
    return 1;
  case BBCTL_OPT_NO_COLOR:
    c->color = 0;
    return 1;
  case BBCTL_OPT_QUIET:
    c->quiet = 1;
    return 1;
  case BBCTL_OPT_TIMEOUT:
    if (bbctl_parse_long("--timeout", arg, 1, 86400, &v, err, sizeof err)) {
      bbctl_usage_error(c, name, "%s", err);
      return -2;
    }
    c->timeout_ms = v * 1000;
    return 1;
  case 'h':
    if (cmd)
      fputs(cmd->usage, c->out);
    c->json_emitted = 1; /* help is text even with --json */
    return BBCTL_HELP_DONE;
  case '?':
    if (optopt)
      bbctl_usage_error(c, name, "unknown option '-%c'", optopt);
    else
      bbctl_usage_error(c, name, "unknown option '%s'", argv[optind - 1]);
    return -2;
  case ':':
    if (optopt && optopt < 256)
      bbctl_usage_error(c, name, "option '-%c' needs a value", optopt);
    else
      bbctl_usage_error(c, name, "option '%s' needs a value", argv[optind - 1]);
    return -2;
  default:
    return 0;
  }
}

int bbctl_parse_opts(bbctl_t *c, bbctl_conn_opts_t *co, const bbctl_cmd_t *cmd,
                     int argc, char **argv, const char *shortopts,
                     const struct option *longopts,
                     int (*local)(bbctl_t *c, int opt, const char *arg,
                                  void *user),
                     void *user, int *first_operand) {
  /* getopt keeps its cursor in libc globals; optind = 0 makes glibc
   * re-initialise fully, so each command parses from a clean state. */
  optind = 0;
  opterr = 0;
  int opt;
  while ((opt = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
    int r = bbctl_common_opt(c, co, cmd, opt, optarg, argv);
    if (r == 1)
      continue;
    if (r == BBCTL_HELP_DONE)
      return BBCTL_HELP_DONE;
    if (r < 0)
      return BBCTL_EXIT_USAGE;
    int rc = local ? local(c, opt, optarg, user) : BBCTL_EXIT_USAGE;
    if (rc != 0)
      return rc;
  }
  *first_operand = optind;
  return 0;
}

int bbctl_connect(bbctl_t *c, const bbctl_conn_opts_t *co) {
  char err[256];
  const char *url = co->url;
  if (url == NULL) {
    url = getenv("BBD_URL");
    if (url == NULL || *url == '\0')
      url = BBCTL_DEFAULT_URL;
  }
  if (bbctl_set_url(c, url, err, sizeof err) != 0)
    return bbctl_usage_error(c, c->command, "%s", err);
  int failed = 0;
  free(c->token);
  c->token =
      bbctl_load_token(co->token, co->token_file, &failed, err, sizeof err);
  if (failed)
    return bbctl_fail(c, BBCTL_EXIT_USAGE, "%s", err);
  if (c->curl == NULL && bbctl_http_init(c) != 0)
    return bbctl_fail(c, BBCTL_EXIT_DAEMON, "cannot initialise libcurl");
  return 0;
}
