/* The entry point of every command (one file per command group). */
#ifndef BBCTL_CMDS_H
#define BBCTL_CMDS_H

#include "cli.h"

int bbctl_cmd_status(bbctl_t *c, bbctl_conn_opts_t *co, int argc, char **argv);
int bbctl_cmd_plugins(bbctl_t *c, bbctl_conn_opts_t *co, int argc, char **argv);
int bbctl_cmd_run(bbctl_t *c, bbctl_conn_opts_t *co, int argc, char **argv);
int bbctl_cmd_ab(bbctl_t *c, bbctl_conn_opts_t *co, int argc, char **argv);
int bbctl_cmd_compare(bbctl_t *c, bbctl_conn_opts_t *co, int argc, char **argv);
int bbctl_cmd_baseline(bbctl_t *c, bbctl_conn_opts_t *co, int argc,
                       char **argv);
int bbctl_cmd_runs(bbctl_t *c, bbctl_conn_opts_t *co, int argc, char **argv);
int bbctl_cmd_show(bbctl_t *c, bbctl_conn_opts_t *co, int argc, char **argv);
int bbctl_cmd_cancel(bbctl_t *c, bbctl_conn_opts_t *co, int argc, char **argv);
int bbctl_cmd_history(bbctl_t *c, bbctl_conn_opts_t *co, int argc, char **argv);
int bbctl_cmd_export(bbctl_t *c, bbctl_conn_opts_t *co, int argc, char **argv);
int bbctl_cmd_doctor(bbctl_t *c, bbctl_conn_opts_t *co, int argc, char **argv);

#endif
