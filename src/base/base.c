/* Diagnostics, allocation and hashing shared by every module.
 * SPDX-License-Identifier: MIT */
#include "base/base.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "rvreplay assumes a little-endian host (guest RAM is accessed in place)"
#endif

void base_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("rvreplay: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void base_panic(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "rvreplay: internal error at %s:%d: ", file, line);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

void *base_alloc(size_t size)
{
    void *p = calloc(1, size ? size : 1);
    if (!p) {
        base_panic(__FILE__, __LINE__, "out of memory (%zu bytes)", size);
    }
    return p;
}

void *base_realloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (!q) {
        base_panic(__FILE__, __LINE__, "out of memory (%zu bytes)", size);
    }
    return q;
}

char *base_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = base_alloc(n);
    memcpy(d, s, n);
    return d;
}

uint64_t base_hash(uint64_t seed, const void *data, size_t len)
{
    const uint8_t *p = data;
    uint64_t h = seed ^ 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}
