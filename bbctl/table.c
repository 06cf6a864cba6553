#include "table.h"
#include "units.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int bbctl_table_init(bbctl_table_t *t, size_t ncols, const char *const *head) {
  memset(t, 0, sizeof *t);
  if (ncols == 0 || ncols > BBCTL_TABLE_MAX_COLS)
    return -1;
  t->ncols = ncols;
  for (size_t i = 0; i < ncols; i++) {
    const char *h = head[i];
    if (h[0] == '>') {
      t->align[i] = BBCTL_RIGHT;
      h++;
    }
    t->head[i] = h;
  }
  return 0;
}

long bbctl_table_add_row(bbctl_table_t *t) {
  if (t->nrows == t->caprows) {
    size_t cap = t->caprows ? t->caprows * 2 : 16;
    char **cells = realloc(t->cells, cap * t->ncols * sizeof *cells);
    if (cells == NULL)
      return -1;
    t->cells = cells;
    enum bbctl_color *colors =
        realloc(t->colors, cap * t->ncols * sizeof *colors);
    if (colors == NULL)
      return -1;
    t->colors = colors;
    t->caprows = cap;
  }
  size_t base = t->nrows * t->ncols;
  for (size_t i = 0; i < t->ncols; i++) {
    t->cells[base + i] = NULL;
    t->colors[base + i] = BBCTL_C_NONE;
  }
  return (long)t->nrows++;
}

int bbctl_table_set(bbctl_table_t *t, size_t row, size_t col, const char *text,
                    enum bbctl_color color) {
  if (row >= t->nrows || col >= t->ncols)
    return -1;
  char *copy = strdup(text ? text : "-");
  if (copy == NULL)
    return -1;
  size_t i = row * t->ncols + col;
  free(t->cells[i]);
  t->cells[i] = copy;
  t->colors[i] = color;
  return 0;
}

int bbctl_table_setf(bbctl_table_t *t, size_t row, size_t col,
                     enum bbctl_color color, const char *fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  return bbctl_table_set(t, row, col, buf, color);
}

const char *bbctl_color_start(enum bbctl_color c) {
  switch (c) {
  case BBCTL_C_RED:
    return "\033[31m";
  case BBCTL_C_GREEN:
    return "\033[32m";
  case BBCTL_C_YELLOW:
    return "\033[33m";
  case BBCTL_C_BOLD_RED:
    return "\033[1;31m";
  case BBCTL_C_DIM:
    return "\033[2m";
  default:
    return "";
  }
}

/* Terminal control bytes in a cell (from a plugin name or an error text)
 * could rewrite the screen; print them as '?'. */
static void put_clean(FILE *out, const char *s) {
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    fputc((*p < 0x20 || *p == 0x7f) ? '?' : *p, out);
}

static void put_cell(FILE *out, const char *s, size_t width,
                     enum bbctl_align align, enum bbctl_color color,
                     int use_color, int last) {
  size_t w = bbctl_display_width(s);
  size_t pad = width > w ? width - w : 0;
  if (align == BBCTL_RIGHT)
    for (size_t i = 0; i < pad; i++)
      fputc(' ', out);
  int colored = use_color && color != BBCTL_C_NONE;
  if (colored)
    fputs(bbctl_color_start(color), out);
  put_clean(out, s);
  if (colored)
    fputs("\033[0m", out);
  if (align == BBCTL_LEFT && !last)
    for (size_t i = 0; i < pad; i++)
      fputc(' ', out);
}

void bbctl_table_print(const bbctl_table_t *t, FILE *out, int use_color) {
  size_t width[BBCTL_TABLE_MAX_COLS];
  for (size_t c = 0; c < t->ncols; c++) {
    width[c] = bbctl_display_width(t->head[c]);
    for (size_t r = 0; r < t->nrows; r++) {
      const char *s = t->cells[r * t->ncols + c];
      size_t w = bbctl_display_width(s ? s : "-");
      if (w > width[c])
        width[c] = w;
    }
  }
  for (size_t c = 0; c < t->ncols; c++) {
    if (c)
      fputs("  ", out);
    put_cell(out, t->head[c], width[c], t->align[c], BBCTL_C_NONE, 0,
             c + 1 == t->ncols);
  }
  fputc('\n', out);
  for (size_t r = 0; r < t->nrows; r++) {
    for (size_t c = 0; c < t->ncols; c++) {
      const char *s = t->cells[r * t->ncols + c];
      if (c)
        fputs("  ", out);
      put_cell(out, s ? s : "-", width[c], t->align[c],
               t->colors[r * t->ncols + c], use_color, c + 1 == t->ncols);
    }
    fputc('\n', out);
  }
}

void bbctl_table_free(bbctl_table_t *t) {
  for (size_t i = 0; i < t->nrows * t->ncols; i++)
    free(t->cells[i]);
  free(t->cells);
  free(t->colors);
  memset(t, 0, sizeof *t);
}
