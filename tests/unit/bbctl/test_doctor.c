/* Doctor checks on fake /sys and /proc trees. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "doctor.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[256];

static void put(const char *rel, const char *content) {
  char path[512];
  snprintf(path, sizeof path, "%s%s", root, rel);
  /* mkdir -p of the parent. */
  for (char *p = path + strlen(root) + 1; *p; p++) {
    if (*p == '/') {
      *p = '\0';
      mkdir(path, 0700);
      *p = '/';
    }
  }
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(content, f);
  fclose(f);
}

static int setup(void **state) {
  snprintf(root, sizeof root, "/tmp/bbctl-doctor-XXXXXX");
  return mkdtemp(root) ? 0 : -1;
}

static int teardown(void **state) {
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
  return system(cmd) == 0 ? 0 : -1;
}

static void test_governor(void **state) {
  bbctl_doc_item_t it;
  bbctl_doctor_governor(root, &it);
  assert_int_equal(it.level, BBCTL_DOC_INFO); /* no cpufreq at all */
  put("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "performance\n");
  put("/sys/devices/system/cpu/cpu1/cpufreq/scaling_governor", "powersave\n");
  bbctl_doctor_governor(root, &it);
  assert_int_equal(it.level, BBCTL_DOC_WARN);
  assert_string_equal(it.value, "powersave (1/2 CPUs)");
  assert_non_null(strstr(it.fix, "cpupower frequency-set -g performance"));
  put("/sys/devices/system/cpu/cpu1/cpufreq/scaling_governor", "performance\n");
  bbctl_doctor_governor(root, &it);
  assert_int_equal(it.level, BBCTL_DOC_OK);
  assert_string_equal(it.fix, "");
}

static void test_turbo(void **state) {
  bbctl_doc_item_t it;
  bbctl_doctor_turbo(root, &it);
  assert_int_equal(it.level, BBCTL_DOC_INFO);
  put("/sys/devices/system/cpu/cpufreq/boost", "1\n");
  bbctl_doctor_turbo(root, &it);
  assert_int_equal(it.level, BBCTL_DOC_WARN);
  assert_non_null(strstr(it.fix, "cpufreq/boost"));
  put("/sys/devices/system/cpu/intel_pstate/no_turbo", "0\n");
  bbctl_doctor_turbo(root, &it);
  assert_int_equal(it.level, BBCTL_DOC_WARN);
  assert_non_null(strstr(it.fix, "echo 1 | sudo tee"));
  put("/sys/devices/system/cpu/intel_pstate/no_turbo", "1\n");
  bbctl_doctor_turbo(root, &it);
  assert_int_equal(it.level, BBCTL_DOC_OK);
}

static void test_paranoid(void **state) {
  bbctl_doc_item_t it;
  bbctl_doctor_paranoid(root, &it);
  assert_int_equal(it.level, BBCTL_DOC_FAIL);
  put("/proc/sys/kernel/perf_event_paranoid", "3\n");
  bbctl_doctor_paranoid(root, &it);
  assert_int_equal(it.level, BBCTL_DOC_WARN);
  assert_non_null(strstr(it.fix, "sysctl -w kernel.perf_event_paranoid=2"));
  put("/proc/sys/kernel/perf_event_paranoid", "2\n");
  bbctl_doctor_paranoid(root, &it);
  assert_int_equal(it.level, BBCTL_DOC_OK);
  put("/proc/sys/kernel/perf_event_paranoid", "-1\n");
  bbctl_doctor_paranoid(root, &it);
  assert_int_equal(it.level, BBCTL_DOC_OK);
  assert_string_equal(it.value, "-1");
}

static void test_smt_load_clock(void **state) {
  bbctl_doc_item_t it;
  put("/sys/devices/system/cpu/smt/control", "on\n");
  put("/sys/devices/system/cpu/smt/active", "1\n");
  bbctl_doctor_smt(root, &it);
  assert_int_equal(it.level, BBCTL_DOC_WARN);
  assert_non_null(strstr(it.fix, "smt/control"));
  put("/sys/devices/system/cpu/smt/active", "0\n");
  bbctl_doctor_smt(root, &it);
  assert_int_equal(it.level, BBCTL_DOC_OK);

  put("/proc/loadavg", "3.50 2.00 1.00 3/200 1234\n");
  bbctl_doctor_load(root, 2, &it);
  assert_int_equal(it.level, BBCTL_DOC_WARN);
  put("/proc/loadavg", "0.10 0.05 0.01 1/200 1234\n");
  bbctl_doctor_load(root, 2, &it);
  assert_int_equal(it.level, BBCTL_DOC_OK);
  put("/proc/loadavg", "garbage\n");
  bbctl_doctor_load(root, 2, &it);
  assert_int_equal(it.level, BBCTL_DOC_INFO);

  put("/sys/devices/system/clocksource/clocksource0/current_clocksource",
      "hpet\n");
  put("/sys/devices/system/clocksource/clocksource0/available_clocksource",
      "tsc hpet acpi_pm\n");
  bbctl_doctor_clocksource(root, &it);
  assert_int_equal(it.level, BBCTL_DOC_WARN);
  assert_non_null(strstr(it.fix, "echo tsc"));
}

static void test_perf_errno(void **state) {
  char d[320], f[400];
  assert_int_equal(
      bbctl_doctor_explain_perf_errno(ENOENT, 2, d, sizeof d, f, sizeof f),
      BBCTL_DOC_FAIL);
  assert_non_null(strstr(d, "no hardware PMU"));
  assert_non_null(strstr(f, "pmu=on"));
  bbctl_doctor_explain_perf_errno(EACCES, 3, d, sizeof d, f, sizeof f);
  assert_non_null(strstr(d, "perf_event_paranoid=3"));
  assert_non_null(strstr(f, "CAP_PERFMON"));
}

static void test_real_trial(void **state) {
  /* The real kernel: whatever it says, the item must be explained. */
  bbctl_doc_item_t it;
  bbctl_doctor_hw_counters(2, &it);
  assert_true(it.value[0] != '\0');
  if (it.level != BBCTL_DOC_OK)
    assert_true(it.detail[0] != '\0');
  bbctl_doc_item_t items[16];
  assert_int_equal(bbctl_doctor_all("", items, 16), 8);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_governor),   cmocka_unit_test(test_turbo),
      cmocka_unit_test(test_paranoid),   cmocka_unit_test(test_smt_load_clock),
      cmocka_unit_test(test_perf_errno), cmocka_unit_test(test_real_trial),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
