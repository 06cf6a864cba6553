/*
 * The data directory: creation, the lock file that keeps a second daemon
 * off the same directory, and the auth token.
 */
#ifndef BBD_SERVER_DATADIR_H
#define BBD_SERVER_DATADIR_H

#include <stddef.h>

#define BBD_LOCK_NAME "bbd.lock"

/* Creates dir (and missing parents) with mode 0700. */
int bbd_datadir_prepare(const char *dir, char *err, size_t errlen);

/*
 * Takes an exclusive flock on DIR/bbd.lock and writes our pid into it. The
 * lock dies with the process (even on kill -9), so a stale file never
 * blocks a restart. If another process holds it: BBD_EBUSY with a message
 * naming the directory and the other pid.
 */
int bbd_lock_acquire(const char *dir, int *fd, char *err, size_t errlen);

/*
 * Reads the token from path, or generates 32 random bytes (hex) into a new
 * file with mode 0600. A token file readable by group or others is refused
 * (BBD_EPERM): the token is a password.
 */
int bbd_token_load_or_create(const char *path, char *out, size_t outlen,
                             char *err, size_t errlen);

#endif
