/* bbctl doctor: environment checks with the command that fixes each. */
#include "cmds.h"

#include "doctor.h"
#include "output.h"

#include <string.h>

int bbctl_cmd_doctor(bbctl_t *c, bbctl_conn_opts_t *co, int argc, char **argv) {
  static const struct option longopts[] = {BBCTL_COMMON_LONGOPTS,
                                           {NULL, 0, NULL, 0}};
  int first;
  int rc = bbctl_parse_opts(c, co, bbctl_find_cmd("doctor"), argc, argv, ":h",
                            longopts, NULL, NULL, &first);
  if (rc)
    return rc;
  if (first < argc)
    return bbctl_usage_error(c, "doctor", "unexpected argument '%s'",
                             argv[first]);
  bbctl_doc_item_t items[16];
  size_t n = bbctl_doctor_all("", items, 16);
  size_t warn = 0, fail = 0;
  for (size_t i = 0; i < n; i++) {
    warn += items[i].level == BBCTL_DOC_WARN;
    fail += items[i].level == BBCTL_DOC_FAIL;
  }
  if (c->json) {
    cJSON *doc = cJSON_CreateObject();
    cJSON *arr = cJSON_AddArrayToObject(doc, "checks");
    for (size_t i = 0; i < n && arr; i++) {
      cJSON *o = cJSON_CreateObject();
      if (o == NULL)
        break;
      cJSON_AddStringToObject(o, "check", items[i].key);
      cJSON_AddStringToObject(o, "name", items[i].name);
      cJSON_AddStringToObject(o, "status",
                              bbctl_doc_level_name(items[i].level));
      cJSON_AddStringToObject(o, "value", items[i].value);
      if (items[i].detail[0])
        cJSON_AddStringToObject(o, "detail", items[i].detail);
      if (items[i].fix[0])
        cJSON_AddStringToObject(o, "fix", items[i].fix);
      cJSON_AddItemToArray(arr, o);
    }
    cJSON_AddNumberToObject(doc, "warnings", (double)warn);
    cJSON_AddNumberToObject(doc, "failures", (double)fail);
    return bbctl_emit_json(c, doc);
  }
  bbctl_table_t t;
  static const char *const head[] = {"CHECK", "STATUS", "VALUE"};
  bbctl_table_init(&t, 3, head);
  for (size_t i = 0; i < n; i++) {
    long r = bbctl_table_add_row(&t);
    if (r < 0)
      break;
    enum bbctl_color col = items[i].level == BBCTL_DOC_OK     ? BBCTL_C_GREEN
                           : items[i].level == BBCTL_DOC_WARN ? BBCTL_C_YELLOW
                           : items[i].level == BBCTL_DOC_FAIL ? BBCTL_C_RED
                                                              : BBCTL_C_NONE;
    bbctl_table_set(&t, (size_t)r, 0, items[i].name, BBCTL_C_NONE);
    bbctl_table_set(&t, (size_t)r, 1, bbctl_doc_level_name(items[i].level),
                    col);
    bbctl_table_set(&t, (size_t)r, 2, items[i].value, BBCTL_C_NONE);
  }
  bbctl_table_print(&t, c->out, c->color);
  bbctl_table_free(&t);
  int any = 0;
  for (size_t i = 0; i < n; i++) {
    if (!items[i].detail[0] && !items[i].fix[0])
      continue;
    if (!any)
      fputs("\n", c->out);
    any = 1;
    fprintf(c->out, "%s: %s\n", items[i].name,
            items[i].detail[0] ? items[i].detail : items[i].value);
    if (items[i].fix[0])
      fprintf(c->out, "  fix: %s\n", items[i].fix);
  }
  fprintf(c->out, "\n%zu warning%s, %zu failure%s\n", warn,
          warn == 1 ? "" : "s", fail, fail == 1 ? "" : "s");
  return 0;
}
