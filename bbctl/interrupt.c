#include "interrupt.h"

#include <signal.h>
#include <string.h>

/* Process-global by necessity: written by the handler, read by the wait
 * loop and libcurl's progress callback. */
static volatile sig_atomic_t bbctl_signal_seen;

static void on_signal(int sig) {
  bbctl_signal_seen = sig;
}

void bbctl_interrupt_arm(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
}

int bbctl_interrupted(void) {
  return (int)bbctl_signal_seen;
}

void bbctl_interrupt_die(void) {
  int sig = (int)bbctl_signal_seen;
  if (sig == 0)
    return;
  signal(sig, SIG_DFL);
  raise(sig);
}
