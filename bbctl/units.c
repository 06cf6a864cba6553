#include "units.h"

#include <math.h>
#include <stdio.h>

/* Prints v with three significant digits ("1.23", "12.3", "123"). */
static void sig3(double v, const char *unit, char *buf, size_t len) {
  double a = fabs(v);
  /* Rounding can carry into the next decade (999.6 -> "1000"), which the
   * callers avoid by choosing the unit on the rounded value. */
  if (a < 9.995)
    snprintf(buf, len, "%.2f%s%s", v, unit[0] ? " " : "", unit);
  else if (a < 99.95)
    snprintf(buf, len, "%.1f%s%s", v, unit[0] ? " " : "", unit);
  else
    snprintf(buf, len, "%.0f%s%s", v, unit[0] ? " " : "", unit);
}

static int bad(double v, char *buf, size_t len) {
  if (isfinite(v))
    return 0;
  snprintf(buf, len, "-");
  return 1;
}

/* Scales |v| by steps of `base` until it is below `base` once rounded to
 * three significant digits; returns the number of steps taken. */
static int scale_steps(double *v, double base, int max) {
  int i = 0;
  while (i < max && fabs(*v) >= base * 0.9995) {
    *v /= base;
    i++;
  }
  return i;
}

char *bbctl_fmt_ns(double ns, char *buf, size_t len) {
  static const char *const units[] = {"ns", "µs", "ms", "s"};
  if (bad(ns, buf, len))
    return buf;
  double v = ns;
  int i = scale_steps(&v, 1000.0, 3);
  if (i == 0 && fabs(v) < 1.0 && v != 0.0)
    snprintf(buf, len, "%.3f ns", v);
  else
    sig3(v, units[i], buf, len);
  return buf;
}

const char *bbctl_pick_time_unit(const double *ns, size_t n, double *scale) {
  /* The unit of the median magnitude keeps most cells in 1..999; extreme
   * cells then show as 0.012 or 12300, which is still readable. */
  double best = 0;
  size_t count = 0;
  for (size_t i = 0; i < n; i++) {
    if (isfinite(ns[i]) && ns[i] != 0) {
      best += log10(fabs(ns[i]));
      count++;
    }
  }
  double mag = count ? best / (double)count : 0;
  if (mag < 3) {
    *scale = 1;
    return "ns";
  }
  if (mag < 6) {
    *scale = 1e3;
    return "µs";
  }
  if (mag < 9) {
    *scale = 1e6;
    return "ms";
  }
  *scale = 1e9;
  return "s";
}

char *bbctl_fmt_bytes_per_s(double bps, char *buf, size_t len) {
  static const char *const units[] = {"B/s", "KiB/s", "MiB/s", "GiB/s",
                                      "TiB/s"};
  if (bad(bps, buf, len))
    return buf;
  double v = bps;
  int i = scale_steps(&v, 1024.0, 4);
  sig3(v, units[i], buf, len);
  return buf;
}

char *bbctl_fmt_elems_per_s(double eps, char *buf, size_t len) {
  static const char *const units[] = {"elem/s", "Kelem/s", "Melem/s", "Gelem/s",
                                      "Telem/s"};
  if (bad(eps, buf, len))
    return buf;
  double v = eps;
  int i = scale_steps(&v, 1000.0, 4);
  sig3(v, units[i], buf, len);
  return buf;
}

char *bbctl_fmt_bytes(double bytes, char *buf, size_t len) {
  static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  if (bad(bytes, buf, len))
    return buf;
  double v = bytes;
  int i = scale_steps(&v, 1024.0, 4);
  if (i == 0 && v == floor(v))
    snprintf(buf, len, "%.0f B", v);
  else
    sig3(v, units[i], buf, len);
  return buf;
}

char *bbctl_fmt_pct(double pct, char *buf, size_t len) {
  if (bad(pct, buf, len))
    return buf;
  /* "-0.00%" would suggest a direction that is not there. */
  if (fabs(pct) < 0.005)
    pct = 0.0;
  snprintf(buf, len, "%+.2f%%", pct);
  return buf;
}

char *bbctl_fmt_pct_ci(double lo, double hi, char *buf, size_t len) {
  char a[32], b[32];
  if (!isfinite(lo) || !isfinite(hi)) {
    snprintf(buf, len, "-");
    return buf;
  }
  snprintf(buf, len, "[%s, %s]", bbctl_fmt_pct(lo, a, sizeof a),
           bbctl_fmt_pct(hi, b, sizeof b));
  return buf;
}

char *bbctl_fmt_count(double v, char *buf, size_t len) {
  static const char *const units[] = {"", "k", "M", "G", "T"};
  if (bad(v, buf, len))
    return buf;
  double x = v;
  int i = scale_steps(&x, 1000.0, 4);
  if (i == 0 && x == floor(x)) {
    snprintf(buf, len, "%.0f", x);
    return buf;
  }
  double a = fabs(x);
  if (i == 0 && a < 1)
    snprintf(buf, len, "%.3g", x); /* 0.25, 0.00012: digits that matter */
  else if (a < 9.995)
    snprintf(buf, len, "%.2f%s", x, units[i]);
  else if (a < 99.95)
    snprintf(buf, len, "%.1f%s", x, units[i]);
  else
    snprintf(buf, len, "%.0f%s", x, units[i]);
  return buf;
}

size_t bbctl_display_width(const char *s) {
  size_t w = 0;
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    if (*p == 0x1b && p[1] == '[') {
      /* CSI sequence: ESC [ params final-byte(0x40..0x7e). */
      p += 2;
      while (*p && !(*p >= 0x40 && *p <= 0x7e))
        p++;
      if (*p)
        p++;
      continue;
    }
    if ((*p & 0xc0) != 0x80)
      w++;
    p++;
  }
  return w;
}
