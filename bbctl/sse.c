#include "sse.h"

#include <stdlib.h>
#include <string.h>

void bbctl_sse_init(bbctl_sse_t *p, bbctl_sse_cb cb, void *user) {
  memset(p, 0, sizeof *p);
  p->cb = cb;
  p->user = user;
}

void bbctl_sse_free(bbctl_sse_t *p) {
  free(p->line);
  free(p->data);
  memset(p, 0, sizeof *p);
}

static int grow(char **buf, size_t *cap, size_t need) {
  if (need <= *cap)
    return 0;
  size_t n = *cap ? *cap : 256;
  while (n < need)
    n *= 2;
  char *b = realloc(*buf, n);
  if (b == NULL)
    return -2;
  *buf = b;
  *cap = n;
  return 0;
}

static int dispatch(bbctl_sse_t *p) {
  int rc = 0;
  if (p->skip_event) {
    p->dropped++;
  } else if (p->data_len > 0) {
    /* The spec strips the final '\n' that joining added. */
    p->data[p->data_len - 1] = '\0';
    p->dispatched++;
    if (p->cb(p->user, p->event[0] ? p->event : "message", p->data) != 0) {
      p->stopped = 1;
      rc = 1;
    }
  }
  p->data_len = 0;
  p->event[0] = '\0';
  p->skip_event = 0;
  return rc;
}

/* Handles one complete line (without its terminator). */
static int line(bbctl_sse_t *p, const char *l, size_t n) {
  if (n == 0)
    return dispatch(p);
  if (l[0] == ':')
    return 0;
  size_t fn = 0;
  while (fn < n && l[fn] != ':')
    fn++;
  const char *v = l + fn;
  size_t vn = 0;
  if (fn < n) {
    v = l + fn + 1;
    vn = n - fn - 1;
    if (vn > 0 && v[0] == ' ') {
      v++;
      vn--;
    }
  }
  if (fn == 4 && memcmp(l, "data", 4) == 0) {
    if (p->skip_event)
      return 0;
    if (p->data_len + vn + 1 > BBCTL_SSE_MAX) {
      p->skip_event = 1;
      return 0;
    }
    if (grow(&p->data, &p->data_cap, p->data_len + vn + 2) != 0)
      return -2;
    memcpy(p->data + p->data_len, v, vn);
    p->data_len += vn;
    p->data[p->data_len++] = '\n';
    p->data[p->data_len] = '\0';
  } else if (fn == 5 && memcmp(l, "event", 5) == 0) {
    if (vn >= sizeof p->event)
      vn = 0; /* an overlong type cannot be one we know */
    memcpy(p->event, v, vn);
    p->event[vn] = '\0';
  } else if (fn == 2 && memcmp(l, "id", 2) == 0) {
    /* Ids with NUL or overlong ones are ignored, as the spec says for NUL. */
    if (vn < sizeof p->last_id && memchr(v, '\0', vn) == NULL) {
      memcpy(p->last_id, v, vn);
      p->last_id[vn] = '\0';
    }
  }
  /* "retry" is not needed: bbctl decides itself when to reconnect. */
  return 0;
}

int bbctl_sse_feed(bbctl_sse_t *p, const char *buf, size_t len) {
  if (p->stopped)
    return 1;
  for (size_t i = 0; i < len; i++) {
    char ch = buf[i];
    if (p->last_cr) {
      p->last_cr = 0;
      if (ch == '\n')
        continue; /* second half of \r\n */
    }
    if (ch == '\n' || ch == '\r') {
      p->last_cr = (ch == '\r');
      int rc = 0;
      if (p->skip_line) {
        p->skip_line = 0;
        p->skip_event = 1;
      } else {
        rc = line(p, p->line ? p->line : "", p->line_len);
      }
      p->line_len = 0;
      if (rc != 0)
        return rc;
      continue;
    }
    if (p->skip_line)
      continue;
    if (p->line_len + 1 >= BBCTL_SSE_MAX) {
      p->skip_line = 1;
      p->line_len = 0;
      continue;
    }
    if (grow(&p->line, &p->line_cap, p->line_len + 2) != 0)
      return -2;
    p->line[p->line_len++] = ch;
  }
  return 0;
}
