/* bbd-worker: loads plugins and measures their benchmarks (docs/WORKER.md). */
#include "alloc.h"
#include "commands.h"
#include "err.h"
#include "options.h"
#include "wjson.h"

#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

static void usage(void) {
  fputs("usage: bbd-worker describe PLUGIN.so\n"
        "       bbd-worker run PLUGIN.so [FILTER...] [--quick] [--samples N]\n"
        "              [--warmup S] [--measure S] [--flat] [-p name=value]...\n"
        "              [--counters LIST|default|none] [--counter-mode "
        "auto|u|uk]\n"
        "              [--no-alloc] [--cpu N] [--timeout S] [--mem-limit B]\n"
        "              [--seed N] [--clock monotonic|tsc] [--json] [--out-fd "
        "N]\n"
        "       bbd-worker serve PLUGIN.so BENCH_ID [-p name=value]... "
        "[options]\n"
        "       bbd-worker env [--counters LIST] [--counter-mode M] [--cpu N] "
        "[--no-alloc]\n"
        "See docs/WORKER.md.\n",
        stderr);
}

int main(int argc, char **argv) {
  bbd_wk_opts_t o;
  char err[512];
  if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
    usage();
    return 0;
  }
  if (argc >= 2 && !strcmp(argv[1], "--version")) {
    printf("bbd-worker %s (plugin ABI %d.%d)\n", BBD_VERSION,
           BBD_PLUGIN_ABI_MAJOR, BBD_PLUGIN_ABI_MINOR);
    return 0;
  }
  if (argc >= 2 && !strcmp(argv[1], "env"))
    return bbd_wk_cmd_env(argc, argv); /* no plugin: its own options */
  if (bbd_wk_opts_parse(argc, argv, &o, err, sizeof err) != 0) {
    fprintf(stderr, "bbd-worker: %s\n", err);
    usage();
    for (int i = 1; i < argc; i++)
      if (!strcmp(argv[i], "--json")) {
        cJSON *e = bbd_wk_error_json(BBD_EINVAL, NULL, err);
        bbd_wk_json_write(1, e);
        cJSON_Delete(e);
        break;
      }
    return 2;
  }
  /* A worker never outlives its parent (the daemon, or the shell or
   * profiler that started it): after a kill -9 of bbd, nothing may go on
   * measuring beside the restarted daemon's runs. */
  pid_t parent = getppid();
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent)
    return 1;
  /* Absolute path (without resolving symlinks: the file name is the plugin
   * name), so documents name the file unambiguously. */
  char abs[PATH_MAX], cwd[PATH_MAX];
  if (o.plugin[0] != '/' && getcwd(cwd, sizeof cwd) != NULL) {
    int w = snprintf(abs, sizeof abs, "%s/%s", cwd, o.plugin);
    if (w > 0 && (size_t)w < sizeof abs)
      o.plugin = abs;
  }
  if (strcmp(o.cmd, "describe") != 0 && !o.no_alloc)
    bbd_wk_alloc_reexec(argv); /* returns only if already preloaded or
                                  impossible */
  if (!strcmp(o.cmd, "describe"))
    return bbd_wk_cmd_describe(&o);
  if (!strcmp(o.cmd, "run"))
    return bbd_wk_cmd_run(&o);
  return bbd_wk_cmd_serve(&o);
}
