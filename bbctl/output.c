#include "output.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int bbctl_fail(bbctl_t *c, int code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(c->errmsg, sizeof c->errmsg, fmt, ap);
  va_end(ap);
  fprintf(c->err, "bbctl: %s\n", c->errmsg);
  return code;
}

int bbctl_emit_json(bbctl_t *c, cJSON *doc) {
  if (doc == NULL)
    return bbctl_fail(c, BBCTL_EXIT_DAEMON, "out of memory");
  /* schema_version and command go first so a reader sees them at once. */
  cJSON *sv = cJSON_CreateNumber(BBCTL_SCHEMA_VERSION);
  cJSON *cmd = cJSON_CreateString(c->command ? c->command : "");
  cJSON_DeleteItemFromObjectCaseSensitive(doc, "schema_version");
  cJSON_DeleteItemFromObjectCaseSensitive(doc, "command");
  if (sv == NULL || cmd == NULL) {
    cJSON_Delete(sv);
    cJSON_Delete(cmd);
    cJSON_Delete(doc);
    return bbctl_fail(c, BBCTL_EXIT_DAEMON, "out of memory");
  }
  cJSON_AddItemToObject(doc, "schema_version", sv);
  cJSON_AddItemToObject(doc, "command", cmd);
  /* Move both to the front: detach and re-insert at index 0. */
  cJSON_DetachItemViaPointer(doc, cmd);
  cJSON_InsertItemInArray(doc, 0, cmd);
  cJSON_DetachItemViaPointer(doc, sv);
  cJSON_InsertItemInArray(doc, 0, sv);
  char *s = cJSON_Print(doc);
  cJSON_Delete(doc);
  if (s == NULL)
    return bbctl_fail(c, BBCTL_EXIT_DAEMON, "out of memory");
  fputs(s, c->out);
  fputc('\n', c->out);
  free(s);
  c->json_emitted = 1;
  return 0;
}

void bbctl_emit_json_error(bbctl_t *c, int exit_code) {
  if (!c->json || c->json_emitted)
    return;
  cJSON *doc = cJSON_CreateObject();
  if (doc == NULL)
    return;
  cJSON_AddBoolToObject(doc, "ok", 0);
  cJSON_AddNumberToObject(doc, "exit_code", exit_code);
  cJSON *e = cJSON_AddObjectToObject(doc, "error");
  if (e)
    cJSON_AddStringToObject(e, "message", c->errmsg[0] ? c->errmsg : "failed");
  bbctl_emit_json(c, doc);
}

enum bbctl_color bbctl_verdict_color(enum bbctl_verdict v) {
  switch (v) {
  case BBCTL_V_REGRESSED:
    return BBCTL_C_RED;
  case BBCTL_V_IMPROVED:
    return BBCTL_C_GREEN;
  case BBCTL_V_INCONCLUSIVE:
    return BBCTL_C_YELLOW;
  case BBCTL_V_FAILED:
    return BBCTL_C_BOLD_RED;
  case BBCTL_V_UNCHANGED:
    return BBCTL_C_DIM;
  default:
    return BBCTL_C_NONE;
  }
}

int bbctl_want_color(int is_tty, const char *no_color_env) {
  if (!is_tty)
    return 0;
  return no_color_env == NULL || no_color_env[0] == '\0';
}
