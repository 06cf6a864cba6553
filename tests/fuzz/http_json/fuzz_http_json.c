/*
 * Fuzzes the JSON request bodies and query strings the API accepts: the
 * run request validator, the config file loader and the query parameter
 * decoder get arbitrary bytes. Errors are expected; crashes, sanitizer
 * reports and leaks are bugs.
 */
#include "api.h"
#include "config.h"
#include "runreq.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 1 << 20)
    return 0;
  cJSON *doc = cJSON_ParseWithLength((const char *)data, size);
  if (cJSON_IsObject(doc)) {
    int code = 0;
    char field[64], err[512];
    cJSON *cfg =
        bbd_runreq_validate(doc, &code, field, sizeof field, err, sizeof err);
    if (cfg != NULL) {
      char *txt = cJSON_PrintUnformatted(cfg);
      free(txt);
      cJSON_Delete(cfg);
    }
  }
  cJSON_Delete(doc);

  bbd_config_t *c = malloc(sizeof *c);
  if (c != NULL) {
    bbd_config_defaults(c);
    char err[512];
    bbd_config_load_json(c, (const char *)data, size, err, sizeof err);
    free(c);
  }

  /* The same bytes as a query string. */
  char *q = malloc(size + 1);
  if (q != NULL) {
    memcpy(q, data, size);
    q[size] = '\0';
    static const char *const keys[] = {"a", "b", "tag", "limit", "state"};
    char out[256];
    for (size_t k = 0; k < 5; k++) {
      for (size_t n = 0; n < 3; n++)
        bbd_query_get(q, keys[k], n, out, sizeof out);
    }
    int64_t v;
    bbd_query_int(q, "limit", 1, 1000, 50, &v);
    free(q);
  }
  return 0;
}
