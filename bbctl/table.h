/*
 * Aligned text tables. Cells are copied in; widths are measured in terminal
 * columns (UTF-8 aware, so "µs" is two columns), and colour is applied only
 * when printing, so alignment never counts escape bytes.
 */
#ifndef BBCTL_TABLE_H
#define BBCTL_TABLE_H

#include <stddef.h>
#include <stdio.h>

enum bbctl_align { BBCTL_LEFT = 0, BBCTL_RIGHT = 1 };

/* Colours a cell may carry; printed only when the table is told to. */
enum bbctl_color {
  BBCTL_C_NONE = 0,
  BBCTL_C_RED,
  BBCTL_C_GREEN,
  BBCTL_C_YELLOW,
  BBCTL_C_BOLD_RED,
  BBCTL_C_DIM,
};

#define BBCTL_TABLE_MAX_COLS 16

typedef struct bbctl_table {
  size_t ncols;
  size_t nrows, caprows;
  const char *head[BBCTL_TABLE_MAX_COLS];
  enum bbctl_align align[BBCTL_TABLE_MAX_COLS];
  char **cells;             /* nrows * ncols strings, owned */
  enum bbctl_color *colors; /* nrows * ncols */
} bbctl_table_t;

/* Starts a table with `ncols` columns (<= BBCTL_TABLE_MAX_COLS). Header
 * strings are borrowed and must outlive the table. A header starting with
 * '>' is right-aligned (the '>' is not printed). */
int bbctl_table_init(bbctl_table_t *t, size_t ncols, const char *const *head);

/* Appends an empty row; returns its index or -1 on allocation failure. */
long bbctl_table_add_row(bbctl_table_t *t);

/* Sets cell (row, col) to a copy of `text` (NULL -> "-"). */
int bbctl_table_set(bbctl_table_t *t, size_t row, size_t col, const char *text,
                    enum bbctl_color color);

/* printf-style variant of bbctl_table_set. */
int bbctl_table_setf(bbctl_table_t *t, size_t row, size_t col,
                     enum bbctl_color color, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Prints the header and rows, columns separated by two spaces, trailing
 * blanks trimmed. Colours are emitted only when `use_color` is set. */
void bbctl_table_print(const bbctl_table_t *t, FILE *out, int use_color);

void bbctl_table_free(bbctl_table_t *t);

/* The ANSI start sequence of a colour ("" for NONE). */
const char *bbctl_color_start(enum bbctl_color c);

#endif
