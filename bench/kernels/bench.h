/* Shared helpers for the CPU benchmark kernels: PRNG, libc bits, verdict.
 * SPDX-License-Identifier: MIT
 *
 * Every kernel is one translation unit that includes this header, does a
 * fixed, deterministic amount of work (no timers, no input), folds the
 * result into a 64-bit checksum and hands it to bench_report(), which
 * prints "<name> checksum <16 hex digits>" and returns the exit status
 * (0 = checksum matches the value embedded in the kernel source).
 *
 * Built with -DBENCH_HOST the same sources compile as ordinary host
 * programs (bench/kernels/check-host.sh): that is how the embedded
 * expected values were cross-checked against a real CPU. */
#ifndef BENCH_H
#define BENCH_H

#include <stddef.h>
#include <stdint.h>

#ifdef BENCH_HOST
#include <stdio.h>
#include <string.h>

static inline void bm_puts(const char *s)
{
    fputs(s, stdout);
}

static inline void bm_puthex(uint64_t v)
{
    printf("%016llx", (unsigned long long)v);
}
#else
#include "baremetal.h"

/* gcc may emit calls to these even with -ffreestanding (struct copies,
 * recognised loop idioms); the loops below must not be turned back into
 * calls to themselves, hence the optimize attribute. */
#define BENCH_NO_IDIOM __attribute__((optimize("no-tree-loop-distribute-patterns")))

BENCH_NO_IDIOM void *memcpy(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    while (n--) {
        *d++ = *s++;
    }
    return dst;
}

BENCH_NO_IDIOM void *memset(void *dst, int c, size_t n)
{
    uint8_t *d = dst;
    while (n--) {
        *d++ = (uint8_t)c;
    }
    return dst;
}
#endif

/* SplitMix64 (Steele, Lea, Flood 2014): a tiny, well-mixed generator that
 * is easy to reproduce in Python for the reference values. */
static inline uint64_t bench_rand(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Folds one value into a running checksum (order-sensitive). */
static inline uint64_t bench_mix(uint64_t acc, uint64_t v)
{
    acc ^= v + 0x9e3779b97f4a7c15ULL + (acc << 6) + (acc >> 2);
    return acc;
}

/* Prints the checksum line; returns 0 if it matches, 1 otherwise. */
static inline int bench_report(const char *name, uint64_t got,
                               uint64_t expected)
{
    bm_puts(name);
    bm_puts(" checksum ");
    bm_puthex(got);
    bm_puts("\n");
    if (got != expected) {
        bm_puts(name);
        bm_puts(" MISMATCH expected ");
        bm_puthex(expected);
        bm_puts("\n");
        return 1;
    }
    return 0;
}

#endif
