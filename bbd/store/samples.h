/*
 * The compact on-disk encoding of raw samples (codec only, no database).
 *
 * Two blob kinds share one 12-byte header; every number is little-endian
 * and doubles are their IEEE-754 bit pattern as a u64.
 *
 *   offset 0        4      5       6         8                12
 *          +--------+------+-------+---------+----------------+
 *          | "BBS1" | kind | flags | reserved| count (u32 LE) |
 *          +--------+------+-------+---------+----------------+
 *   kind 1 (samples): count records of 16 bytes
 *          +----------------------+----------------------+
 *          | iters (u64 LE)       | ns (f64 LE)          |  x count
 *          +----------------------+----------------------+
 *   kind 2 (counter series): count values of 8 bytes
 *          +----------------------+
 *          | value (f64 LE)       |  x count     (NaN = no value)
 *          +----------------------+
 *
 * flags and reserved are 0 in version 1; a decoder refuses anything else.
 * The blob length must be exactly 12 + count * record size. Decoding never
 * reads past the blob and rejects records no encoder writes (iters == 0,
 * ns negative or not finite), so a damaged database row is an error, not a
 * crash or a silently wrong statistic.
 */
#ifndef BBD_STORE_SAMPLES_H
#define BBD_STORE_SAMPLES_H

#include <stddef.h>
#include <stdint.h>

#define BBD_SAMPLES_MAGIC "BBS1"
#define BBD_SAMPLES_HEADER 12
#define BBD_SAMPLES_KIND_PAIRS 1
#define BBD_SAMPLES_KIND_SERIES 2

/* Encoded size of n pairs / n series values. */
size_t bbd_samples_pairs_size(size_t n);
size_t bbd_samples_series_size(size_t n);

/* Encodes n (iters, ns) pairs into out[outlen] (outlen must be at least
 * bbd_samples_pairs_size(n)). BBD_EINVAL if a pair is invalid (iters 0, ns
 * negative or not finite) or n exceeds BBD_STORE_MAX_SAMPLES. */
int bbd_samples_pairs_encode(const uint64_t *iters, const double *ns, size_t n,
                             uint8_t *out, size_t outlen, char *err,
                             size_t errlen);

/* Encodes n counter values (any double; NaN marks "no value"). */
int bbd_samples_series_encode(const double *values, size_t n, uint8_t *out,
                              size_t outlen, char *err, size_t errlen);

/* Reads the header of a blob: its kind and record count, checking magic,
 * flags, the count bound and the exact length. BBD_EPARSE on any mismatch. */
int bbd_samples_header(const uint8_t *buf, size_t len, int *kind, size_t *n,
                       char *err, size_t errlen);

/* Decodes a kind-1 blob into caller arrays of cap entries (cap >= the count
 * from bbd_samples_header). BBD_EPARSE on a damaged blob. */
int bbd_samples_pairs_decode(const uint8_t *buf, size_t len, uint64_t *iters,
                             double *ns, size_t cap, size_t *n, char *err,
                             size_t errlen);

/* Decodes a kind-2 blob into values[cap]. */
int bbd_samples_series_decode(const uint8_t *buf, size_t len, double *values,
                              size_t cap, size_t *n, char *err, size_t errlen);

#endif
