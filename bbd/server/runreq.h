/*
 * Validation of a POST /api/v1/runs body into the "accepted" run config
 * stored with the run: unknown fields are refused, every value is checked
 * against its type and bounds, parameter values become strings.
 */
#ifndef BBD_SERVER_RUNREQ_H
#define BBD_SERVER_RUNREQ_H

#include <cjson/cJSON.h>
#include <stddef.h>

/*
 * Returns the accepted config (new object) or NULL with a code in *code,
 * the offending field in field[fieldlen] and a reason in err[errlen].
 */
cJSON *bbd_runreq_validate(const cJSON *body, int *code, char *field,
                           size_t fieldlen, char *err, size_t errlen);

/*
 * Checks one parameter value (as accepted: text) against its declaration in
 * a plugin descriptor ({"name","type","min","max","choices"}, see
 * GET /api/v1/benchmarks) with the rules bbd-worker applies before setup(),
 * so a bad value is refused when the run is requested instead of failing
 * the benchmark later. 0, or BBD_EINVAL (wrong type, not a choice) /
 * BBD_ERANGE (integer outside [min, max]) with the reason in err.
 */
int bbd_runreq_param_check(const cJSON *decl, const char *value, char *err,
                           size_t errlen);

/* Name rules shared with the baselines API: [A-Za-z0-9_.-]{1,max}. */
int bbd_name_ok(const char *s, size_t max);

#endif
