/* Common definitions for every module: compiler hints, bit helpers, checks.
 * SPDX-License-Identifier: MIT */
#ifndef BASE_H
#define BASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MUST_CHECK __attribute__((warn_unused_result))
#define NORETURN __attribute__((noreturn))
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))

/* Extracts bits [hi:lo] of v. */
static inline uint64_t bits(uint64_t v, int hi, int lo)
{
    return (v >> lo) & ((~0ULL) >> (63 - hi + lo));
}

/* Sign-extends the low `width` bits of v. */
static inline int64_t sext(uint64_t v, int width)
{
    return (int64_t)(v << (64 - width)) >> (64 - width);
}

/* Unaligned little-endian host memory access (the host is little-endian;
 * the build refuses big-endian hosts in base.c). */
static inline uint64_t load_le(const void *p, unsigned size)
{
    uint64_t v = 0;
    memcpy(&v, p, size);
    return v;
}

static inline void store_le(void *p, uint64_t v, unsigned size)
{
    memcpy(p, &v, size);
}

/* Messages to stderr, prefixed with the program name. */
void base_warn(const char *fmt, ...) PRINTF_LIKE(1, 2);

/* A broken internal invariant: prints the message and where, then aborts.
 * Assertions stay on in release builds. */
NORETURN void base_panic(const char *file, int line, const char *fmt, ...)
    PRINTF_LIKE(3, 4);

#define ASSERT(cond)                                                         \
    do {                                                                     \
        if (unlikely(!(cond))) {                                             \
            base_panic(__FILE__, __LINE__, "assertion failed: %s", #cond);   \
        }                                                                    \
    } while (0)

/* Allocation of emulator-sized objects: aborts on exhaustion, because there
 * is no sensible way to continue.  Guest-sized allocations (RAM, images)
 * use plain calloc/mmap and report failure to the caller. */
void *base_alloc(size_t size);
void *base_realloc(void *p, size_t size);
char *base_strdup(const char *s);

/* 64-bit FNV-1a, for digests that must be identical across hosts/runs. */
uint64_t base_hash(uint64_t seed, const void *data, size_t len);

#endif
