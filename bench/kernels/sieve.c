/* CPU benchmark kernel: sieve of Eratosthenes (odd numbers only), repeated.
 * SPDX-License-Identifier: MIT
 *
 * Each pass sieves up to a slightly different limit (so passes are not
 * identical), then counts the primes and folds count and sum into the
 * checksum.  Byte array of 2 MiB: strided byte stores, a scan with a
 * data-dependent branch, and cache-unfriendly access for large primes. */
#include "bench.h"

#define LIMIT 4000000u
#define PASSES 24
#define EXPECTED 0x975caa7950dd2152ULL

/* flags[i] != 0 means 2*i+1 is composite. */
static uint8_t flags[LIMIT / 2 + 1];

static void sieve(uint32_t limit, uint64_t *count, uint64_t *sum)
{
    uint32_t half = limit / 2; /* odd numbers 1, 3, ..., < limit */
    for (uint32_t i = 0; i < half; i++) {
        flags[i] = 0;
    }
    for (uint32_t i = 1; (2 * i + 1) * (2 * i + 1) < limit; i++) {
        if (flags[i]) {
            continue;
        }
        uint32_t p = 2 * i + 1;
        for (uint32_t j = (p * p) / 2; j < half; j += p) {
            flags[j] = 1;
        }
    }
    uint64_t c = limit > 2 ? 1 : 0; /* the prime 2 */
    uint64_t s = limit > 2 ? 2 : 0;
    for (uint32_t i = 1; i < half; i++) {
        if (!flags[i]) {
            c++;
            s += 2 * i + 1;
        }
    }
    *count = c;
    *sum = s;
}

int main(void)
{
    uint64_t acc = 0;
    for (uint32_t pass = 0; pass < PASSES; pass++) {
        uint64_t count, sum;
        sieve(LIMIT - pass * 1000u, &count, &sum);
        acc = bench_mix(acc, count);
        acc = bench_mix(acc, sum);
    }
    return bench_report("sieve", acc, EXPECTED);
}
