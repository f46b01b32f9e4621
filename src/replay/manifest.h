/* The manifest of a trace directory: a versioned list of "key value"
 * lines describing the machine and, once the recording ends, its totals.
 * SPDX-License-Identifier: MIT
 *
 * The first line is "rvreplay-trace VERSION".  Keys are single words;
 * values run to the end of the line (no newlines inside).  Readers refuse
 * versions newer than MANIFEST_VERSION with a clear message. */
#ifndef REPLAY_MANIFEST_H
#define REPLAY_MANIFEST_H

#include "base/base.h"

#define MANIFEST_VERSION 1

typedef struct Manifest Manifest;

Manifest *manifest_new(void);
void manifest_free(Manifest *m);
/* Sets (replacing) or adds a key. */
void manifest_set(Manifest *m, const char *key, const char *fmt, ...)
    PRINTF_LIKE(3, 4);
/* Appends a key even if present (for repeated keys such as disks). */
void manifest_add(Manifest *m, const char *key, const char *fmt, ...)
    PRINTF_LIKE(3, 4);
/* The n-th value of key (0-based), or NULL. */
const char *manifest_get(const Manifest *m, const char *key, unsigned n);
/* Numeric value of key, false if missing or malformed. */
bool manifest_get_u64(const Manifest *m, const char *key, uint64_t *v)
    MUST_CHECK;
/* Writes atomically (temporary file + rename). */
bool manifest_write(const Manifest *m, const char *path, char *err,
                    size_t err_size) MUST_CHECK;
/* Reads and validates; NULL + message on failure. */
Manifest *manifest_read(const char *path, char *err, size_t err_size);
/* Calls fn for every entry in file order (for `rvreplay info`). */
void manifest_foreach(const Manifest *m,
                      void (*fn)(void *ctx, const char *key,
                                 const char *value),
                      void *ctx);

#endif
