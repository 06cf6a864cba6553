/*
 * Command-line plumbing shared by all commands: the options every command
 * accepts (--json, --url, --token, --token-file, --no-color, --help), the
 * getopt loop helpers that turn unknown options into exit code 2, and the
 * table of commands with their help texts.
 */
#ifndef BBCTL_CLI_H
#define BBCTL_CLI_H

#include "ctx.h"

#include <getopt.h>

/* Option codes for long-only options, above any character. */
enum {
  BBCTL_OPT_JSON = 1000,
  BBCTL_OPT_URL,
  BBCTL_OPT_TOKEN,
  BBCTL_OPT_TOKEN_FILE,
  BBCTL_OPT_NO_COLOR,
  BBCTL_OPT_TIMEOUT,
  BBCTL_OPT_QUIET,
  BBCTL_OPT_FIRST_LOCAL = 1100 /* commands number their own from here */
};

/* The common entries, to splice into every command's long option table. */
/* clang-format off */
#define BBCTL_COMMON_LONGOPTS                                        \
  {"json", no_argument, NULL, BBCTL_OPT_JSON},                       \
  {"url", required_argument, NULL, BBCTL_OPT_URL},                   \
  {"token", required_argument, NULL, BBCTL_OPT_TOKEN},               \
  {"token-file", required_argument, NULL, BBCTL_OPT_TOKEN_FILE},     \
  {"no-color", no_argument, NULL, BBCTL_OPT_NO_COLOR},               \
  {"timeout", required_argument, NULL, BBCTL_OPT_TIMEOUT},           \
  {"quiet", no_argument, NULL, BBCTL_OPT_QUIET},                     \
  {"help", no_argument, NULL, 'h'}
/* clang-format on */

/* Settings gathered from the command line before connecting. */
typedef struct bbctl_conn_opts {
  const char *url;        /* --url or NULL */
  const char *token;      /* --token or NULL */
  const char *token_file; /* --token-file or NULL */
} bbctl_conn_opts_t;

/* One command. `run` receives argv[0] = command name. */
typedef struct bbctl_cmd {
  const char *name;
  int (*run)(bbctl_t *c, bbctl_conn_opts_t *co, int argc, char **argv);
  const char *summary; /* one line for `bbctl --help` */
  const char *usage;   /* full text for `bbctl CMD --help` */
} bbctl_cmd_t;

/* The NULL-terminated command table (commands.c). */
extern const bbctl_cmd_t bbctl_commands[];

/* Finds a command by name, or NULL. */
const bbctl_cmd_t *bbctl_find_cmd(const char *name);

/*
 * Handles a common option inside a command's getopt loop. Returns 1 when
 * handled, 0 when `opt` is not common, or -2 (exit code 2 already printed)
 * for a bad value or an unknown/malformed option ('?' / ':' from getopt).
 * 'h' prints the command's usage to stdout and returns 2 + 100 (meaning
 * "done, exit 0").
 */
int bbctl_common_opt(bbctl_t *c, bbctl_conn_opts_t *co, const bbctl_cmd_t *cmd,
                     int opt, const char *arg, char **argv);

#define BBCTL_HELP_DONE 102

/* Resolves URL (--url, $BBD_URL, default) and token, and initialises the
 * HTTP client. Returns 0 or an exit code (2 for a bad URL, 3 otherwise). */
int bbctl_connect(bbctl_t *c, const bbctl_conn_opts_t *co);

/* Prints "bbctl CMD: MESSAGE" plus the "try --help" hint; returns 2. */
int bbctl_usage_error(bbctl_t *c, const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Parses a command's options with getopt_long (permuting, so options may
 * follow operands). Calls `local(c, opt, optarg, user)` for options that
 * are not common; it returns 0 or an exit code. On success *first_operand
 * is the index of the first operand in argv. Returns 0, BBCTL_HELP_DONE or
 * an exit code. */
int bbctl_parse_opts(bbctl_t *c, bbctl_conn_opts_t *co, const bbctl_cmd_t *cmd,
                     int argc, char **argv, const char *shortopts,
                     const struct option *longopts,
                     int (*local)(bbctl_t *c, int opt, const char *arg,
                                  void *user),
                     void *user, int *first_operand);

#endif
