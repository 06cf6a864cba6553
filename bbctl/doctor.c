#include "doctor.h"

#include <errno.h>
#include <glob.h>
#include <linux/perf_event.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

const char *bbctl_doc_level_name(enum bbctl_doc_level l) {
  switch (l) {
  case BBCTL_DOC_OK:
    return "ok";
  case BBCTL_DOC_INFO:
    return "info";
  case BBCTL_DOC_WARN:
    return "warn";
  default:
    return "fail";
  }
}

static void item_init(bbctl_doc_item_t *it, const char *name, const char *key) {
  memset(it, 0, sizeof *it);
  it->name = name;
  it->key = key;
}

/* Reads the first line of root+path into buf (newline stripped). Returns 0
 * or -1 when the file is absent or unreadable. */
static int read_line(const char *root, const char *path, char *buf,
                     size_t len) {
  char full[1024];
  snprintf(full, sizeof full, "%s%s", root, path);
  FILE *f = fopen(full, "re");
  if (f == NULL)
    return -1;
  if (fgets(buf, (int)len, f) == NULL) {
    fclose(f);
    return -1;
  }
  fclose(f);
  buf[strcspn(buf, "\r\n")] = '\0';
  return 0;
}

void bbctl_doctor_governor(const char *root, bbctl_doc_item_t *it) {
  item_init(it, "cpu governor", "governor");
  char pat[1024];
  snprintf(pat, sizeof pat,
           "%s/sys/devices/system/cpu/cpu[0-9]*/cpufreq/scaling_governor",
           root);
  glob_t g;
  if (glob(pat, 0, NULL, &g) != 0) {
    it->level = BBCTL_DOC_INFO;
    snprintf(it->value, sizeof it->value, "no cpufreq");
    snprintf(it->detail, sizeof it->detail,
             "the kernel exposes no frequency scaling (typical in VMs): the "
             "host decides the frequency");
    return;
  }
  size_t perf = 0, total = 0;
  char other[64] = "";
  for (size_t i = 0; i < g.gl_pathc; i++) {
    char buf[64];
    FILE *f = fopen(g.gl_pathv[i], "re");
    if (f == NULL)
      continue;
    if (fgets(buf, sizeof buf, f) != NULL) {
      buf[strcspn(buf, "\r\n")] = '\0';
      total++;
      if (strcmp(buf, "performance") == 0)
        perf++;
      else if (other[0] == '\0')
        snprintf(other, sizeof other, "%s", buf);
    }
    fclose(f);
  }
  globfree(&g);
  if (total == 0) {
    it->level = BBCTL_DOC_INFO;
    snprintf(it->value, sizeof it->value, "unreadable");
    return;
  }
  if (perf == total) {
    it->level = BBCTL_DOC_OK;
    snprintf(it->value, sizeof it->value, "performance (%zu/%zu CPUs)", perf,
             total);
    return;
  }
  it->level = BBCTL_DOC_WARN;
  snprintf(it->value, sizeof it->value, "%s (%zu/%zu CPUs)", other,
           total - perf, total);
  snprintf(it->detail, sizeof it->detail,
           "a dynamic governor changes the clock during a run; timings "
           "drift with load and temperature");
  snprintf(it->fix, sizeof it->fix,
           "sudo cpupower frequency-set -g performance   # or: echo "
           "performance | sudo tee "
           "/sys/devices/system/cpu/cpu*/cpufreq/scaling_governor");
}

void bbctl_doctor_turbo(const char *root, bbctl_doc_item_t *it) {
  item_init(it, "turbo boost", "turbo");
  char buf[32];
  if (read_line(root, "/sys/devices/system/cpu/intel_pstate/no_turbo", buf,
                sizeof buf) == 0) {
    if (strcmp(buf, "1") == 0) {
      it->level = BBCTL_DOC_OK;
      snprintf(it->value, sizeof it->value, "off (intel_pstate)");
    } else {
      it->level = BBCTL_DOC_WARN;
      snprintf(it->value, sizeof it->value, "on (intel_pstate)");
      snprintf(it->detail, sizeof it->detail,
               "turbo frequency depends on temperature and on the other "
               "cores' load, so identical code measures differently");
      snprintf(it->fix, sizeof it->fix,
               "echo 1 | sudo tee /sys/devices/system/cpu/intel_pstate/"
               "no_turbo");
    }
    return;
  }
  if (read_line(root, "/sys/devices/system/cpu/cpufreq/boost", buf,
                sizeof buf) == 0) {
    if (strcmp(buf, "0") == 0) {
      it->level = BBCTL_DOC_OK;
      snprintf(it->value, sizeof it->value, "off (cpufreq boost)");
    } else {
      it->level = BBCTL_DOC_WARN;
      snprintf(it->value, sizeof it->value, "on (cpufreq boost)");
      snprintf(it->detail, sizeof it->detail,
               "boost frequency depends on temperature and on the other "
               "cores' load, so identical code measures differently");
      snprintf(it->fix, sizeof it->fix,
               "echo 0 | sudo tee /sys/devices/system/cpu/cpufreq/boost");
    }
    return;
  }
  it->level = BBCTL_DOC_INFO;
  snprintf(it->value, sizeof it->value, "not controllable");
  snprintf(it->detail, sizeof it->detail,
           "neither intel_pstate/no_turbo nor cpufreq/boost exists (a VM, "
           "or a driver without boost control)");
}

void bbctl_doctor_paranoid(const char *root, bbctl_doc_item_t *it) {
  item_init(it, "perf_event_paranoid", "perf_event_paranoid");
  char buf[32];
  if (read_line(root, "/proc/sys/kernel/perf_event_paranoid", buf,
                sizeof buf) != 0) {
    it->level = BBCTL_DOC_FAIL;
    snprintf(it->value, sizeof it->value, "missing");
    snprintf(it->detail, sizeof it->detail,
             "the kernel has no perf_event support (CONFIG_PERF_EVENTS)");
    return;
  }
  int v = atoi(buf);
  snprintf(it->value, sizeof it->value, "%d", v);
  if (v <= 1) {
    it->level = BBCTL_DOC_OK;
    return;
  }
  if (v == 2) {
    it->level = BBCTL_DOC_OK;
    snprintf(it->detail, sizeof it->detail,
             "user-space counting allowed (bbd counts user space only); "
             "kernel time is not counted");
    return;
  }
  it->level = BBCTL_DOC_WARN;
  snprintf(it->detail, sizeof it->detail,
           "%d forbids perf_event_open for unprivileged users: no "
           "counters unless bbd has CAP_PERFMON",
           v);
  snprintf(it->fix, sizeof it->fix,
           "sudo sysctl -w kernel.perf_event_paranoid=2 && echo "
           "'kernel.perf_event_paranoid=2' | sudo tee "
           "/etc/sysctl.d/60-bbd-perf.conf");
}

void bbctl_doctor_smt(const char *root, bbctl_doc_item_t *it) {
  item_init(it, "SMT (hyper-threading)", "smt");
  char control[32] = "", active[8] = "";
  int hc = read_line(root, "/sys/devices/system/cpu/smt/control", control,
                     sizeof control);
  int ha = read_line(root, "/sys/devices/system/cpu/smt/active", active,
                     sizeof active);
  if (hc != 0 && ha != 0) {
    it->level = BBCTL_DOC_INFO;
    snprintf(it->value, sizeof it->value, "unknown");
    snprintf(it->detail, sizeof it->detail,
             "/sys/devices/system/cpu/smt is absent (old kernel)");
    return;
  }
  if (strcmp(active, "1") == 0) {
    it->level = BBCTL_DOC_WARN;
    snprintf(it->value, sizeof it->value, "on (control=%s)",
             control[0] ? control : "?");
    snprintf(it->detail, sizeof it->detail,
             "a sibling thread on the same core shares caches and ports "
             "with the benchmark");
    snprintf(it->fix, sizeof it->fix,
             "echo off | sudo tee /sys/devices/system/cpu/smt/control   "
             "# or pin bbd's worker to a core whose sibling is idle");
    return;
  }
  it->level = BBCTL_DOC_OK;
  snprintf(it->value, sizeof it->value, "off (control=%s)",
           control[0] ? control : "?");
}

void bbctl_doctor_clocksource(const char *root, bbctl_doc_item_t *it) {
  item_init(it, "clocksource", "clocksource");
  char cur[64], avail[256] = "";
  if (read_line(root,
                "/sys/devices/system/clocksource/clocksource0/"
                "current_clocksource",
                cur, sizeof cur) != 0) {
    it->level = BBCTL_DOC_INFO;
    snprintf(it->value, sizeof it->value, "unknown");
    return;
  }
  read_line(root,
            "/sys/devices/system/clocksource/clocksource0/"
            "available_clocksource",
            avail, sizeof avail);
  snprintf(it->value, sizeof it->value, "%s", cur);
  if (strcmp(cur, "tsc") == 0 || strcmp(cur, "arch_sys_counter") == 0) {
    it->level = BBCTL_DOC_OK;
    return;
  }
  /* kvm-clock and hyperv are vDSO-capable and fine; hpet/acpi_pm make
   * every clock_gettime a slow system call. */
  if (strcmp(cur, "kvm-clock") == 0 || strncmp(cur, "hyperv", 6) == 0) {
    it->level = BBCTL_DOC_INFO;
    snprintf(it->detail, sizeof it->detail,
             "paravirtual clock: fast (vDSO), slightly coarser than tsc");
    return;
  }
  it->level = BBCTL_DOC_WARN;
  snprintf(it->detail, sizeof it->detail,
           "%s makes each clock read a system call (~1 µs), inflating short "
           "samples",
           cur);
  if (strstr(avail, "tsc"))
    snprintf(it->fix, sizeof it->fix,
             "echo tsc | sudo tee /sys/devices/system/clocksource/"
             "clocksource0/current_clocksource");
}

void bbctl_doctor_load(const char *root, long ncpu, bbctl_doc_item_t *it) {
  item_init(it, "load", "load");
  char buf[128];
  if (read_line(root, "/proc/loadavg", buf, sizeof buf) != 0) {
    it->level = BBCTL_DOC_INFO;
    snprintf(it->value, sizeof it->value, "unknown");
    return;
  }
  double l1 = 0, l5 = 0;
  if (sscanf(buf, "%lf %lf", &l1, &l5) != 2) {
    it->level = BBCTL_DOC_INFO;
    snprintf(it->value, sizeof it->value, "unparsable");
    return;
  }
  if (ncpu <= 0)
    ncpu = sysconf(_SC_NPROCESSORS_ONLN);
  if (ncpu <= 0)
    ncpu = 1;
  snprintf(it->value, sizeof it->value, "%.2f (1 min), %.2f (5 min), %ld CPUs",
           l1, l5, ncpu);
  /* The worker needs one quiet CPU and the daemon another: more than
   * ncpu - 1 runnable tasks means the worker shares its CPU. */
  if (l1 > (double)ncpu - 1.0 + 0.5 || l1 > (double)ncpu * 0.5 + 0.5) {
    it->level = BBCTL_DOC_WARN;
    snprintf(it->detail, sizeof it->detail,
             "other processes compete for CPU time; expect noisy samples "
             "and inconclusive verdicts");
    snprintf(it->fix, sizeof it->fix,
             "top -b -n1 -o %%CPU | head -15   # find and stop the busy "
             "processes, or use `bbctl ab` (paired) instead of baselines");
    return;
  }
  it->level = BBCTL_DOC_OK;
}

static long perf_open(struct perf_event_attr *a) {
  return syscall(SYS_perf_event_open, a, 0, -1, -1, 0);
}

enum bbctl_doc_level bbctl_doctor_explain_perf_errno(int err, int paranoid,
                                                     char *detail, size_t dlen,
                                                     char *fix, size_t flen) {
  fix[0] = '\0';
  switch (err) {
  case ENOENT:
  case EOPNOTSUPP:
  case ENODEV:
    snprintf(detail, dlen,
             "%s: the kernel has no hardware PMU driver for this CPU (a VM "
             "without a virtual PMU); software counters still work",
             strerror(err));
    snprintf(fix, flen,
             "on the host: QEMU -cpu host,pmu=on; libvirt <cpu "
             "mode='host-passthrough'/> with <pmu state='on'/>; VMware "
             "vhv.enable/vpmc.enable=TRUE; or use a bare-metal machine");
    return BBCTL_DOC_FAIL;
  case EACCES:
  case EPERM:
    snprintf(detail, dlen,
             "%s: denied by kernel.perf_event_paranoid=%d for this user",
             strerror(err), paranoid);
    snprintf(fix, flen,
             "sudo sysctl -w kernel.perf_event_paranoid=2   # or give bbd "
             "CAP_PERFMON: AmbientCapabilities=CAP_PERFMON in bbd.service");
    return BBCTL_DOC_FAIL;
  case ENOSYS:
    snprintf(detail, dlen,
             "perf_event_open is not available (seccomp or "
             "kernel without CONFIG_PERF_EVENTS)");
    snprintf(fix, flen,
             "run outside the container sandbox, or allow "
             "perf_event_open in its seccomp profile");
    return BBCTL_DOC_FAIL;
  case EMFILE:
    snprintf(detail, dlen, "too many open files");
    snprintf(fix, flen, "ulimit -n 4096");
    return BBCTL_DOC_FAIL;
  default:
    snprintf(detail, dlen, "perf_event_open failed: %s", strerror(err));
    return BBCTL_DOC_FAIL;
  }
}

/* Counts `type/config` over a short loop. Returns the count, or -errno. */
static long long trial(uint32_t type, uint64_t config) {
  struct perf_event_attr a;
  memset(&a, 0, sizeof a);
  a.size = sizeof a;
  a.type = type;
  a.config = config;
  a.disabled = 1;
  a.exclude_kernel = 1; /* user-only works up to paranoid=2 */
  a.exclude_hv = 1;
  long fd = perf_open(&a);
  if (fd < 0)
    return -(long long)errno;
  ioctl((int)fd, PERF_EVENT_IOC_RESET, 0);
  ioctl((int)fd, PERF_EVENT_IOC_ENABLE, 0);
  uint64_t acc = 0;
  for (uint64_t i = 0; i < 1000000; i++) {
    acc += i;
    /* An empty asm that "modifies" acc keeps the compiler from folding the
     * loop away, so there are instructions to count. */
    __asm__ volatile("" : "+r"(acc));
  }
  ioctl((int)fd, PERF_EVENT_IOC_DISABLE, 0);
  uint64_t v = 0;
  ssize_t n = read((int)fd, &v, sizeof v);
  close((int)fd);
  if (n != (ssize_t)sizeof v)
    return -(long long)EIO;
  return (long long)v;
}

void bbctl_doctor_hw_counters(int paranoid, bbctl_doc_item_t *it) {
  item_init(it, "hardware counters", "hw_counters");
  long long v = trial(PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS);
  if (v >= 0) {
    it->level = v > 0 ? BBCTL_DOC_OK : BBCTL_DOC_WARN;
    snprintf(it->value, sizeof it->value,
             "instructions: %lld for a 1M-iteration loop", v);
    if (v == 0)
      snprintf(it->detail, sizeof it->detail,
               "the event opened but counted nothing (PMU multiplexed away "
               "or virtualised without counting)");
    return;
  }
  int e = (int)-v;
  snprintf(it->value, sizeof it->value, "unavailable (%s)",
           e == ENOENT       ? "ENOENT"
           : e == EOPNOTSUPP ? "EOPNOTSUPP"
           : e == ENODEV     ? "ENODEV"
           : e == EACCES     ? "EACCES"
           : e == EPERM      ? "EPERM"
                             : "error");
  it->level = bbctl_doctor_explain_perf_errno(
      e, paranoid, it->detail, sizeof it->detail, it->fix, sizeof it->fix);
}

void bbctl_doctor_sw_counters(bbctl_doc_item_t *it) {
  item_init(it, "software counters", "sw_counters");
  long long v = trial(PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK);
  if (v >= 0) {
    it->level = BBCTL_DOC_OK;
    snprintf(it->value, sizeof it->value, "task-clock: %lld ns", v);
    return;
  }
  int e = (int)-v;
  snprintf(it->value, sizeof it->value, "unavailable");
  it->level = bbctl_doctor_explain_perf_errno(
      e, -99, it->detail, sizeof it->detail, it->fix, sizeof it->fix);
}

size_t bbctl_doctor_all(const char *root, bbctl_doc_item_t *items, size_t max) {
  size_t n = 0;
  if (n < max)
    bbctl_doctor_governor(root, &items[n++]);
  if (n < max)
    bbctl_doctor_turbo(root, &items[n++]);
  int paranoid = -99;
  if (n < max) {
    bbctl_doctor_paranoid(root, &items[n]);
    if (items[n].value[0] == '-' ||
        (items[n].value[0] >= '0' && items[n].value[0] <= '9'))
      paranoid = atoi(items[n].value);
    n++;
  }
  if (n < max)
    bbctl_doctor_hw_counters(paranoid, &items[n++]);
  if (n < max)
    bbctl_doctor_sw_counters(&items[n++]);
  if (n < max)
    bbctl_doctor_clocksource(root, &items[n++]);
  if (n < max)
    bbctl_doctor_load(root, 0, &items[n++]);
  if (n < max)
    bbctl_doctor_smt(root, &items[n++]);
  return n;
}
