#include "datadir.h"

#include "err.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

int bbd_datadir_prepare(const char *dir, char *err, size_t errlen) {
  char tmp[PATH_MAX];
  if (dir[0] == '\0' || strlen(dir) >= sizeof tmp)
    return bbd_errf(BBD_EINVAL, err, errlen, "invalid data dir '%s'", dir);
  snprintf(tmp, sizeof tmp, "%s", dir);
  for (char *p = tmp + 1; *p; p++) {
    if (*p != '/')
      continue;
    *p = '\0';
    if (mkdir(tmp, 0700) != 0 && errno != EEXIST)
      return bbd_errf(BBD_EIO, err, errlen, "create %s: %s", tmp,
                      strerror(errno));
    *p = '/';
  }
  if (mkdir(tmp, 0700) != 0 && errno != EEXIST)
    return bbd_errf(BBD_EIO, err, errlen, "create data dir %s: %s", tmp,
                    strerror(errno));
  struct stat st;
  if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
    return bbd_errf(BBD_EIO, err, errlen, "data dir %s is not a directory",
                    dir);
  if (access(dir, W_OK) != 0)
    return bbd_errf(BBD_EPERM, err, errlen, "data dir %s is not writable", dir);
  return 0;
}

int bbd_lock_acquire(const char *dir, int *out, char *err, size_t errlen) {
  char path[PATH_MAX];
  if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, BBD_LOCK_NAME) >=
      sizeof path)
    return bbd_errf(BBD_ERANGE, err, errlen, "data dir path too long");
  int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    return bbd_errf(BBD_EIO, err, errlen, "open lock file %s: %s", path,
                    strerror(errno));
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int e = errno;
    char pid[32] = "";
    ssize_t n = pread(fd, pid, sizeof pid - 1, 0);
    pid[n > 0 ? n : 0] = '\0';
    pid[strcspn(pid, "\n")] = '\0';
    close(fd);
    if (e == EWOULDBLOCK)
      return bbd_errf(BBD_EBUSY, err, errlen,
                      "data directory %s is already in use by another bbd "
                      "(pid %s, lock file %s); stop it or use another "
                      "--data-dir",
                      dir, pid[0] ? pid : "unknown", path);
    return bbd_errf(BBD_EIO, err, errlen, "lock %s: %s", path, strerror(e));
  }
  char buf[32];
  int n = snprintf(buf, sizeof buf, "%ld\n", (long)getpid());
  if (ftruncate(fd, 0) != 0 || pwrite(fd, buf, (size_t)n, 0) != n) {
    close(fd);
    return bbd_errf(BBD_EIO, err, errlen, "write lock file %s: %s", path,
                    strerror(errno));
  }
  *out = fd;
  return 0;
}

int bbd_token_load_or_create(const char *path, char *out, size_t outlen,
                             char *err, size_t errlen) {
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd >= 0) {
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
      close(fd);
      return bbd_errf(BBD_EPERM, err, errlen, "token %s: not a regular file",
                      path);
    }
    if (st.st_mode & 077) {
      close(fd);
      return bbd_errf(BBD_EPERM, err, errlen,
                      "token file %s is accessible by group or others (mode "
                      "%04o); chmod 600 it",
                      path, (unsigned)(st.st_mode & 07777));
    }
    char buf[256];
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
      return bbd_errf(BBD_EIO, err, errlen, "token %s: empty or unreadable",
                      path);
    buf[n] = '\0';
    buf[strcspn(buf, "\r\n \t")] = '\0';
    if (strlen(buf) < 16 || strlen(buf) >= outlen)
      return bbd_errf(BBD_EINVAL, err, errlen,
                      "token %s: must be 16..%zu characters", path, outlen - 1);
    snprintf(out, outlen, "%s", buf);
    return 0;
  }
  if (errno != ENOENT)
    return bbd_errf(BBD_EIO, err, errlen, "open token %s: %s", path,
                    strerror(errno));
  unsigned char rnd[32];
  if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd)
    return bbd_errf(BBD_ESYS, err, errlen, "getrandom: %s", strerror(errno));
  if (outlen < 65)
    return bbd_errf(BBD_ERANGE, err, errlen, "token buffer too small");
  for (size_t i = 0; i < sizeof rnd; i++)
    snprintf(out + 2 * i, 3, "%02x", rnd[i]);
  fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    return bbd_errf(BBD_EIO, err, errlen, "create token %s: %s", path,
                    strerror(errno));
  char line[80];
  int n = snprintf(line, sizeof line, "%s\n", out);
  if (write(fd, line, (size_t)n) != n) {
    close(fd);
    unlink(path);
    return bbd_errf(BBD_EIO, err, errlen, "write token %s", path);
  }
  close(fd);
  return 0;
}
