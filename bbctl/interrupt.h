/*
 * Ctrl-C while bbctl follows a run. The run lives in the daemon, so
 * interrupting bbctl must not look like cancelling it: bbctl stops
 * following, clears the progress bar, says how to cancel, and then dies of
 * SIGINT as an interrupted Unix tool should (the shell sees the signal).
 *
 * This is the one piece of process-global state in bbctl: a signal handler
 * can only talk to the program through a volatile sig_atomic_t. It is
 * confined to this file.
 */
#ifndef BBCTL_INTERRUPT_H
#define BBCTL_INTERRUPT_H

/* Installs the SIGINT/SIGTERM handler (idempotent). */
void bbctl_interrupt_arm(void);

/* The signal received since arming, or 0. */
int bbctl_interrupted(void);

/* Restores the default action and re-raises the received signal. Returns
 * only if no signal was received. */
void bbctl_interrupt_die(void);

#endif
