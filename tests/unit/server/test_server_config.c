/* Unit tests of the daemon's configuration (bbd/server/config.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "err.h"

static void test_listen_parse(void **state) {
  (void)state;
  char host[64];
  int port = -1;
  assert_int_equal(
      bbd_config_parse_listen("127.0.0.1:8740", host, sizeof host, &port), 0);
  assert_string_equal(host, "127.0.0.1");
  assert_int_equal(port, 8740);
  assert_int_equal(bbd_config_parse_listen("[::1]:0", host, sizeof host, &port),
                   0);
  assert_string_equal(host, "::1");
  assert_int_equal(port, 0);
  assert_int_equal(bbd_config_parse_listen(":9", host, sizeof host, &port), 0);
  assert_string_equal(host, "127.0.0.1");
  assert_int_not_equal(
      bbd_config_parse_listen("1.2.3.4", host, sizeof host, &port), 0);
  assert_int_not_equal(
      bbd_config_parse_listen("h:70000", host, sizeof host, &port), 0);
  assert_int_not_equal(
      bbd_config_parse_listen("h:12x", host, sizeof host, &port), 0);
  assert_int_not_equal(bbd_config_parse_listen("h:", host, sizeof host, &port),
                       0);
}

static void test_json_config(void **state) {
  (void)state;
  bbd_config_t c;
  bbd_config_defaults(&c);
  assert_int_equal(c.listen_port, BBD_DEFAULT_PORT);
  assert_int_equal((int)c.max_body, 1 << 20);
  char err[256];
  const char *j =
      "{\"listen\":\"0.0.0.0:1234\",\"plugin_dirs\":[\"/a\",\"/b\"],"
      "\"max_body\":4096,\"auth\":true,\"log_level\":\"warn\","
      "\"idle_timeout_s\":5}";
  assert_int_equal(bbd_config_load_json(&c, j, strlen(j), err, sizeof err), 0);
  assert_string_equal(c.listen_host, "0.0.0.0");
  assert_int_equal(c.listen_port, 1234);
  assert_int_equal(c.n_plugin_dirs, 2);
  assert_string_equal(c.plugin_dirs[1], "/b");
  assert_int_equal((int)c.max_body, 4096);
  assert_int_equal(c.auth, 1);
  assert_int_equal(c.idle_timeout_ms, 5000);

  const char *bad = "{\"no_such\":1}";
  assert_int_equal(bbd_config_load_json(&c, bad, strlen(bad), err, sizeof err),
                   BBD_EINVAL);
  assert_non_null(strstr(err, "no_such"));
  const char *range = "{\"max_body\":1}";
  assert_int_equal(
      bbd_config_load_json(&c, range, strlen(range), err, sizeof err),
      BBD_EINVAL);
  const char *notobj = "[1]";
  assert_int_equal(
      bbd_config_load_json(&c, notobj, strlen(notobj), err, sizeof err),
      BBD_EPARSE);
  const char *dirs = "{\"plugin_dirs\":[1]}";
  assert_int_equal(
      bbd_config_load_json(&c, dirs, strlen(dirs), err, sizeof err),
      BBD_EINVAL);
}

static void test_args(void **state) {
  (void)state;
  bbd_config_t c;
  bbd_config_defaults(&c);
  char err[256];
  char *argv[] = {"bbd", "--listen",     "127.0.0.1:0", "-p",
                  "/x",  "--plugin-dir", "/y",          "--max-connections",
                  "8",   "--data-dir",   "/tmp/dd",     NULL};
  unsetenv("BBD_CONFIG");
  unsetenv("BBD_DATA_DIR");
  assert_int_equal(bbd_config_parse_args(&c, 11, argv, err, sizeof err), 0);
  assert_int_equal(c.listen_port, 0);
  assert_int_equal(c.n_plugin_dirs, 2);
  assert_string_equal(c.plugin_dirs[0], "/x");
  assert_int_equal(c.max_connections, 8);
  assert_string_equal(c.data_dir, "/tmp/dd");

  bbd_config_defaults(&c);
  char *bad[] = {"bbd", "--bogus", NULL};
  assert_int_equal(bbd_config_parse_args(&c, 2, bad, err, sizeof err),
                   BBD_EINVAL);
  char *extra[] = {"bbd", "stray", NULL};
  assert_int_equal(bbd_config_parse_args(&c, 2, extra, err, sizeof err),
                   BBD_EINVAL);

  /* BBD_DATA_DIR ranks below --data-dir but above the default. */
  setenv("BBD_DATA_DIR", "/env/dir", 1);
  bbd_config_defaults(&c);
  char *none[] = {"bbd", NULL};
  assert_int_equal(bbd_config_parse_args(&c, 1, none, err, sizeof err), 0);
  assert_string_equal(c.data_dir, "/env/dir");
  unsetenv("BBD_DATA_DIR");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_listen_parse),
      cmocka_unit_test(test_json_config),
      cmocka_unit_test(test_args),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
