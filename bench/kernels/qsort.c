/* CPU benchmark kernel: quicksort and mergesort of pseudo-random arrays.
 * SPDX-License-Identifier: MIT
 *
 * Each round fills an array from the PRNG (alternately full-range values and
 * values with many duplicates), sorts it with a median-of-three quicksort
 * (insertion sort below 16 elements), checks the order, then does the same
 * with a bottom-up mergesort.  Compare-heavy, unpredictable branches,
 * indirect-free recursion. */
#include "bench.h"

#define N 100000
#define ROUNDS 20
#define EXPECTED 0x5139e4dc33d0643cULL

static uint32_t data[N];
static uint32_t tmp[N];

static void insertion_sort(uint32_t *a, long n)
{
    for (long i = 1; i < n; i++) {
        uint32_t v = a[i];
        long j = i - 1;
        while (j >= 0 && a[j] > v) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
}

static inline void swap(uint32_t *a, uint32_t *b)
{
    uint32_t t = *a;
    *a = *b;
    *b = t;
}

/* Recurses into the smaller side and loops on the larger one, so stack
 * depth stays O(log n) (the bare-metal stack is 64 KiB). */
static void quick_sort(uint32_t *a, long n)
{
    while (n > 16) {
        long mid = n / 2;
        if (a[mid] < a[0]) {
            swap(&a[mid], &a[0]);
        }
        if (a[n - 1] < a[0]) {
            swap(&a[n - 1], &a[0]);
        }
        if (a[n - 1] < a[mid]) {
            swap(&a[n - 1], &a[mid]);
        }
        uint32_t pivot = a[mid];
        long i = 0, j = n - 1;
        for (;;) {
            while (a[i] < pivot) {
                i++;
            }
            while (a[j] > pivot) {
                j--;
            }
            if (i >= j) {
                break;
            }
            swap(&a[i], &a[j]);
            i++;
            j--;
        }
        /* a[0..j] <= pivot <= a[j+1..n-1] */
        long left = j + 1;
        if (left < n - left) {
            quick_sort(a, left);
            a += left;
            n -= left;
        } else {
            quick_sort(a + left, n - left);
            n = left;
        }
    }
    insertion_sort(a, n);
}

static void merge_sort(uint32_t *a, uint32_t *t, long n)
{
    uint32_t *src = a, *dst = t;
    for (long width = 1; width < n; width *= 2) {
        for (long lo = 0; lo < n; lo += 2 * width) {
            long mid = lo + width < n ? lo + width : n;
            long hi = lo + 2 * width < n ? lo + 2 * width : n;
            long i = lo, j = mid, k = lo;
            while (i < mid && j < hi) {
                dst[k++] = src[j] < src[i] ? src[j++] : src[i++];
            }
            while (i < mid) {
                dst[k++] = src[i++];
            }
            while (j < hi) {
                dst[k++] = src[j++];
            }
        }
        uint32_t *x = src;
        src = dst;
        dst = x;
    }
    if (src != a) {
        for (long i = 0; i < n; i++) {
            a[i] = src[i];
        }
    }
}

static void fill(uint64_t *seed, uint32_t mask)
{
    for (long i = 0; i < N; i++) {
        data[i] = (uint32_t)bench_rand(seed) & mask;
    }
}

/* Returns a digest of the sorted array, or 0 if it is not sorted. */
static uint64_t digest_sorted(void)
{
    uint64_t d = 0;
    for (long i = 0; i < N; i++) {
        if (i > 0 && data[i - 1] > data[i]) {
            return 0;
        }
        if ((i & 1023) == 0) {
            d = bench_mix(d, data[i]);
        }
    }
    return d;
}

int main(void)
{
    uint64_t seed = 3;
    uint64_t acc = 0;
    for (int r = 0; r < ROUNDS; r++) {
        uint32_t mask = (r & 1) ? 0x3ffu : 0xffffffffu;
        fill(&seed, mask);
        quick_sort(data, N);
        acc = bench_mix(acc, digest_sorted());
        fill(&seed, mask);
        merge_sort(data, tmp, N);
        acc = bench_mix(acc, digest_sorted());
    }
    return bench_report("qsort", acc, EXPECTED);
}
