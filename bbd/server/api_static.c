/*
 * Static files of the web report. The request path is checked segment by
 * segment (no "..", no dot-files, no empty tricks), then the file's real
 * path must still lie inside the real web dir, so neither "../" nor a
 * symlink can reach outside it.
 */
#include "api.h"

#include "err.h"

#include <errno.h>
#include <fcntl.h>
#include <http_parser.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define STATIC_MAX_FILE (32u << 20)

static const char not_built_html[] =
    "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>bbd</title>"
    "</head>\n<body><h1>bbd</h1>\n<p>The web report is not built (no "
    "index.html in the web directory). The API is available at "
    "<a href=\"/api/v1/status\">/api/v1/status</a>; see docs/API.md.</p>"
    "\n</body></html>\n";

static const char *mime_of(const char *path) {
  const char *dot = strrchr(path, '.');
  if (dot == NULL)
    return "application/octet-stream";
  static const struct {
    const char *ext, *type;
  } types[] = {
      {".html", "text/html; charset=utf-8"},
      {".htm", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".txt", "text/plain; charset=utf-8"},
      {".woff2", "font/woff2"},
      {".wasm", "application/wasm"},
  };
  for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
    if (strcasecmp(dot, types[i].ext) == 0)
      return types[i].type;
  }
  return "application/octet-stream";
}

/* Rejects "..", dot-files, backslashes and control bytes in any segment. */
static int path_is_clean(const char *p) {
  const char *seg = p;
  while (*seg == '/')
    seg++;
  while (*seg) {
    const char *end = strchr(seg, '/');
    size_t n = end ? (size_t)(end - seg) : strlen(seg);
    if (n > 0 && seg[0] == '.')
      return 0;
    for (size_t i = 0; i < n; i++) {
      unsigned char c = (unsigned char)seg[i];
      if (c < 0x20 || c == 0x7f || c == '\\')
        return 0;
    }
    if (end == NULL)
      break;
    seg = end + 1;
  }
  return 1;
}

static void send_file(bbd_http_resp_t *resp, const char *real) {
  int fd = open(real, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    if (fd >= 0)
      close(fd);
    bbd_api_fail(resp, BBD_ENOTFOUND, "no such file");
    return;
  }
  if ((uint64_t)st.st_size > STATIC_MAX_FILE) {
    close(fd);
    bbd_api_fail(resp, BBD_ETOOBIG, "file too large to serve");
    return;
  }
  size_t size = (size_t)st.st_size;
  char *buf = malloc(size ? size : 1);
  size_t got = 0;
  while (buf != NULL && got < size) {
    ssize_t n = read(fd, buf + got, size - got);
    if (n <= 0)
      break;
    got += (size_t)n;
  }
  close(fd);
  if (buf == NULL || got != size) {
    free(buf);
    bbd_api_fail(resp, BBD_EIO, "cannot read file");
    return;
  }
  resp->status = 200;
  resp->content_type = mime_of(real);
  resp->body = buf;
  resp->len = size;
  snprintf(resp->headers, sizeof resp->headers, "Cache-Control: no-cache\r\n");
}

void bbd_api_static(bbd_server_t *s, bbd_http_req_t *req,
                    bbd_http_resp_t *resp) {
  if (req->method != HTTP_GET && req->method != HTTP_HEAD) {
    bbd_api_method_not_allowed(resp, "GET, HEAD");
    return;
  }
  const char *path = req->path;
  if (path[0] != '/' || !path_is_clean(path)) {
    bbd_api_error(resp, 403, BBD_EPERM, "path not allowed", NULL);
    return;
  }
  char root[PATH_MAX];
  int have_root = realpath(s->cfg.web_dir, root) != NULL;
  char want[PATH_MAX * 2];
  int is_root = strcmp(path, "/") == 0;
  if (have_root) {
    snprintf(want, sizeof want, "%s%s%s", root, path,
             path[strlen(path) - 1] == '/' ? "index.html" : "");
    struct stat st;
    if (stat(want, &st) == 0 && S_ISDIR(st.st_mode)) {
      size_t n = strlen(want);
      snprintf(want + n, sizeof want - n, "/index.html");
    }
    char real[PATH_MAX];
    if (realpath(want, real) != NULL) {
      size_t rl = strlen(root);
      if (strncmp(real, root, rl) != 0 || (real[rl] != '/' && real[rl] != 0)) {
        bbd_api_error(resp, 403, BBD_EPERM, "path escapes the web directory",
                      NULL);
        return;
      }
      send_file(resp, real);
      return;
    }
  }
  if (is_root || strcmp(path, "/index.html") == 0) {
    resp->status = 200;
    resp->content_type = "text/html; charset=utf-8";
    resp->body = strdup(not_built_html);
    resp->len = resp->body ? strlen(not_built_html) : 0;
    return;
  }
  bbd_api_fail(resp, BBD_ENOTFOUND, "no such file");
}
