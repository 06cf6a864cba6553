/*
 * Human units for bbctl's tables: durations (ns/µs/ms/s), throughput
 * (B/s..GiB/s, elem/s), sizes (B..GiB) and signed percentages.
 *
 * Every formatter writes a NUL-terminated string into buf[len] (truncated
 * if short), returns buf, and prints "-" for NaN/inf so a missing estimate
 * never shows as a fake number. Three significant digits, the precision a
 * benchmark estimate deserves.
 */
#ifndef BBCTL_UNITS_H
#define BBCTL_UNITS_H

#include <stddef.h>

/* 0.5 -> "0.500 ns", 1234 -> "1.23 µs", 4.5e7 -> "45.0 ms", 2e9 -> "2.00 s".
 * Negative values keep their sign. */
char *bbctl_fmt_ns(double ns, char *buf, size_t len);

/* Picks the one unit ("ns", "µs", "ms", "s") that suits a set of values, so
 * a column can be printed with one unit; returns the divisor in *scale. */
const char *bbctl_pick_time_unit(const double *ns, size_t n, double *scale);

/* Bytes per second: 1048576 -> "1.00 MiB/s". */
char *bbctl_fmt_bytes_per_s(double bps, char *buf, size_t len);

/* Elements per second: 2.5e6 -> "2.50 Melem/s". */
char *bbctl_fmt_elems_per_s(double eps, char *buf, size_t len);

/* A size in bytes: 512 -> "512 B", 1536 -> "1.50 KiB". */
char *bbctl_fmt_bytes(double bytes, char *buf, size_t len);

/* A relative change in percent: 5.234 -> "+5.23%", -0.5 -> "-0.50%". */
char *bbctl_fmt_pct(double pct, char *buf, size_t len);

/* A CI in percent: (-1.2, 3.4) -> "[-1.20%, +3.40%]". */
char *bbctl_fmt_pct_ci(double lo, double hi, char *buf, size_t len);

/* A plain count with 3 significant digits and SI suffix: 1234567 ->
 * "1.23M", 12 -> "12", 0.25 -> "0.250". */
char *bbctl_fmt_count(double v, char *buf, size_t len);

/* Display width of a UTF-8 string in terminal columns (each code point one
 * column; ANSI escape sequences count zero). */
size_t bbctl_display_width(const char *s);

#endif
