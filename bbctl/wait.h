/*
 * Waiting for a run to finish while showing its progress, from the
 * daemon's event stream (GET /api/v1/events?run=ID, Server-Sent Events).
 * On a terminal (stderr) a one-line progress bar is redrawn in place; on a
 * pipe or CI log each finished benchmark is one plain line. Progress never
 * goes to stdout, which carries the results table or the JSON document.
 */
#ifndef BBCTL_WAIT_H
#define BBCTL_WAIT_H

#include "ctx.h"

/* Progress styles. */
enum { BBCTL_PROGRESS_NONE = 0, BBCTL_PROGRESS_LINES, BBCTL_PROGRESS_BAR };

/*
 * Blocks until run `id` reaches a terminal state (done, failed, cancelled,
 * interrupted). Copies that state into state[len]. Returns 0, or an exit
 * code when the daemon became unreachable (already printed).
 *
 * The event stream is reconnected with Last-Event-ID (the daemon replays
 * missed events); when no event arrives for a while the run is polled, so a
 * lost "run finished" event costs seconds, never a hang.
 */
int bbctl_wait_run(bbctl_t *c, long long id, int style, char *state,
                   size_t len);

/* Renders a progress bar line into buf (no escape codes), e.g.
 * "[#######.............]  3/10  fx/math/add  measure 20/50". Exposed for
 * unit tests. */
void bbctl_progress_line(char *buf, size_t len, int index, int total,
                         const char *bench, const char *phase, int sample,
                         int samples, int width);

#endif
