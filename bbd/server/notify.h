/*
 * sd_notify without libsystemd: one datagram to $NOTIFY_SOCKET, as the
 * protocol in sd_notify(3) describes ("READY=1", "STOPPING=1", ...). A
 * no-op when not started by systemd with Type=notify.
 */
#ifndef BBD_SERVER_NOTIFY_H
#define BBD_SERVER_NOTIFY_H

/* Returns 1 if sent, 0 if there is no notify socket, -1 on error. */
int bbd_sd_notify(const char *state);

#endif
