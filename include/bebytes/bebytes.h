/*
 * libbebytes: big/little-endian binary encoding with bit fields, the C
 * counterpart of the Rust BeBytes crate. Umbrella header.
 *
 *   endian.h   leaf load/store helpers (static inline)
 *   reader.h   bounded reader        writer.h  bounded writer
 *   buf.h      growable buffer       error.h   error codes and detail
 *   types.h    slices, metadata      struct.h  declarative structs
 *   enum.h     enums and flag sets   bits.h    bit-field leaf helpers
 *
 * Link with -lbebytes (pkg-config bebytes, CMake bebytes::bebytes).
 */
#ifndef BEBYTES_H
#define BEBYTES_H

#define BEBYTES_VERSION_MAJOR 1
#define BEBYTES_VERSION_MINOR 0
#define BEBYTES_VERSION_PATCH 0
#define BEBYTES_VERSION "1.0.0"

#include "bits.h"
#include "buf.h"
#include "endian.h"
#include "enum.h"
#include "error.h"
#include "reader.h"
#include "struct.h"
#include "types.h"
#include "writer.h"

#endif /* BEBYTES_H */
