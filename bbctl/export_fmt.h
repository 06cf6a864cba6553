/*
 * Writers of `bbctl export`: CSV (one row per result, RFC 4180 quoting) and
 * Markdown (a summary and a table ready to paste into a pull-request
 * comment). The JSON export is the run object itself plus samples and an
 * environment, built in cmd_export.c; offline.c reads it back.
 */
#ifndef BBCTL_EXPORT_FMT_H
#define BBCTL_EXPORT_FMT_H

#include <cjson/cJSON.h>
#include <stdio.h>

/* The CSV columns, in order (also the header row). */
extern const char bbctl_csv_header[];

/* Writes the results of `run` as CSV (header + one row per result). */
void bbctl_export_csv(FILE *out, const cJSON *run);

/* Writes a Markdown report of `run`. `source` (may be NULL) names the
 * daemon URL in the footer. */
void bbctl_export_markdown(FILE *out, const cJSON *run, const char *source);

/* Writes s as one CSV field (quoted when it holds , " CR or LF). */
void bbctl_csv_field(FILE *out, const char *s);

/* Writes s for a Markdown table cell: '|' escaped, newlines as spaces,
 * control bytes dropped. */
void bbctl_md_cell(FILE *out, const char *s);

#endif
