/*
 * bbctl: the command-line client of the bbd benchmark daemon.
 *
 * main() parses the global options that may precede the command, finds the
 * command in the table (bbctl/commands.c) and hands it the rest of argv.
 * Every command re-accepts the global options, so `bbctl runs --json` and
 * `bbctl --json runs` are the same. The exit-code contract is in
 * bbctl/exitcode.h and docs/CLI.md.
 */
#include "bbctl/cli.h"
#include "bbctl/exitcode.h"
#include "bbctl/http.h"
#include "bbctl/output.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void print_main_help(FILE *out) {
  fputs("Usage: bbctl [OPTIONS] COMMAND [ARGS...]\n"
        "\n"
        "Client of the bbd benchmark daemon (HTTP/JSON). Run benchmarks,\n"
        "compare runs and baselines, export reports, check the machine.\n"
        "\n"
        "Commands:\n",
        out);
  for (const bbctl_cmd_t *k = bbctl_commands; k->name; k++)
    fprintf(out, "  %-9s %s\n", k->name, k->summary);
  fputs(
      "\n"
      "Options (accepted before or after any command):\n"
      "  --url URL          daemon URL (env BBD_URL; default " BBCTL_DEFAULT_URL
      ")\n"
      "  --token TOKEN      bearer token (env BBD_TOKEN)\n"
      "  --token-file FILE  read the token from FILE (env BBD_TOKEN_FILE;\n"
      "                     default: the daemon's data dir token file,\n"
      "                     $BBD_DATA_DIR/token or ~/.local/state/bbd/token)\n"
      "  --json             print one JSON document with \"schema_version\"\n"
      "  --no-color         no colours (they are used only on a terminal,\n"
      "                     and never when NO_COLOR is set)\n"
      "  --timeout SECONDS  per-request timeout (default 30)\n"
      "  -h, --help         this help; `bbctl COMMAND --help` for a command\n"
      "  --version          print the version\n"
      "\n",
      out);
  fputs(bbctl_exit_help, out);
}

int main(int argc, char **argv) {
  bbctl_t c;
  memset(&c, 0, sizeof c);
  c.out = stdout;
  c.err = stderr;
  c.tty = isatty(STDOUT_FILENO);
  c.err_tty = isatty(STDERR_FILENO);
  c.color = bbctl_want_color(c.tty, getenv("NO_COLOR"));
  c.timeout_ms = 30000;
  bbctl_conn_opts_t co = {0};

  static const struct option longopts[] = {
      BBCTL_COMMON_LONGOPTS,
      {"version", no_argument, NULL, 'V'},
      {NULL, 0, NULL, 0},
  };
  optind = 0;
  opterr = 0;
  int opt, rc = 0;
  /* '+': stop at the command name; its own options follow it. */
  while ((opt = getopt_long(argc, argv, "+:hV", longopts, NULL)) != -1) {
    if (opt == 'h') {
      print_main_help(c.out);
      return 0;
    }
    if (opt == 'V') {
      printf("bbctl %s\n", BBCTL_VERSION);
      return 0;
    }
    int r = bbctl_common_opt(&c, &co, NULL, opt, optarg, argv);
    if (r < 0) {
      rc = BBCTL_EXIT_USAGE;
      goto out;
    }
  }
  if (optind >= argc) {
    rc = bbctl_usage_error(&c, NULL, "missing command");
    goto out;
  }
  const char *name = argv[optind];
  if (strcmp(name, "help") == 0) {
    const bbctl_cmd_t *k =
        optind + 1 < argc ? bbctl_find_cmd(argv[optind + 1]) : NULL;
    if (optind + 1 < argc && k == NULL) {
      rc =
          bbctl_usage_error(&c, NULL, "unknown command '%s'", argv[optind + 1]);
      goto out;
    }
    if (k)
      fputs(k->usage, c.out);
    else
      print_main_help(c.out);
    return 0;
  }
  const bbctl_cmd_t *cmd = bbctl_find_cmd(name);
  if (cmd == NULL) {
    rc = bbctl_usage_error(&c, NULL, "unknown command '%s'", name);
    goto out;
  }
  c.command = cmd->name;
  rc = cmd->run(&c, &co, argc - optind, argv + optind);
  if (rc == BBCTL_HELP_DONE)
    rc = 0;
out:
  if (rc != 0)
    bbctl_emit_json_error(&c, rc);
  if (c.curl)
    bbctl_http_cleanup(&c);
  free(c.token);
  if (fflush(stdout) != 0 && rc == 0)
    rc = BBCTL_EXIT_DAEMON; /* output lost (e.g. disk full): not success */
  return rc;
}
