/*
 * Environment checks for `bbctl doctor`: what on this machine makes
 * benchmark numbers noisy or counters unavailable, and the exact command
 * that fixes each. The checks read files below `root` ("" for the real
 * /sys and /proc; unit tests pass a directory with fake files), except the
 * perf_event_open trial, which always asks the running kernel.
 */
#ifndef BBCTL_DOCTOR_H
#define BBCTL_DOCTOR_H

#include <stddef.h>

enum bbctl_doc_level {
  BBCTL_DOC_OK = 0,
  BBCTL_DOC_INFO, /* nothing to fix, but worth knowing */
  BBCTL_DOC_WARN, /* hurts the quality of results */
  BBCTL_DOC_FAIL, /* a feature does not work */
};

typedef struct bbctl_doc_item {
  const char *name; /* "cpu governor" */
  const char *key;  /* "governor", for JSON */
  enum bbctl_doc_level level;
  char value[160];  /* what was found: "powersave (2/2 CPUs)" */
  char detail[320]; /* why it matters / why it fails */
  char fix[400];    /* the exact command(s), "" if none */
} bbctl_doc_item_t;

const char *bbctl_doc_level_name(enum bbctl_doc_level l);

void bbctl_doctor_governor(const char *root, bbctl_doc_item_t *it);
void bbctl_doctor_turbo(const char *root, bbctl_doc_item_t *it);
void bbctl_doctor_paranoid(const char *root, bbctl_doc_item_t *it);
void bbctl_doctor_smt(const char *root, bbctl_doc_item_t *it);
void bbctl_doctor_clocksource(const char *root, bbctl_doc_item_t *it);
/* ncpu: online CPUs (0 = ask the system). */
void bbctl_doctor_load(const char *root, long ncpu, bbctl_doc_item_t *it);

/* Opens PERF_COUNT_HW_INSTRUCTIONS (user-only) for this thread, counts a
 * short loop and reports the value, or the errno with its meaning and
 * fix. `paranoid` is the value read from perf_event_paranoid (or -99 if
 * unknown), used to tell "denied by policy" from "no PMU". */
void bbctl_doctor_hw_counters(int paranoid, bbctl_doc_item_t *it);

/* Same trial with the software event task-clock, which works in VMs. */
void bbctl_doctor_sw_counters(bbctl_doc_item_t *it);

/* Explains a perf_event_open errno for a hardware event: fills detail and
 * fix and returns the level. Exposed for unit tests. */
enum bbctl_doc_level bbctl_doctor_explain_perf_errno(int err, int paranoid,
                                                     char *detail, size_t dlen,
                                                     char *fix, size_t flen);

/* Runs every check into items[max]; returns how many were filled. */
size_t bbctl_doctor_all(const char *root, bbctl_doc_item_t *items, size_t max);

#endif
