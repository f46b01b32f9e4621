/* CPU benchmark kernel: double-precision matrix multiply, iterated.
 * SPDX-License-Identifier: MIT
 *
 * C = A * B (dot products with fused multiply-add, B kept transposed), then
 * C is normalised by its largest magnitude and becomes the next A: a power
 * iteration, so values stay bounded.  Exercises fld/fsd, fmadd.d, fabs,
 * flt, fdiv.d, fsqrt.d and int<->double conversion.  Every operation is
 * correctly rounded in IEEE 754 (no contraction: built with
 * -ffp-contract=off, FMA only where written), so any conforming CPU gives
 * the same bits. */
#include "bench.h"

#define N 96
#define ITERATIONS 72
#define EXPECTED 0x8e76b76062976ad6ULL

static double a[N][N];
static double bt[N][N]; /* B transposed: bt[j][k] = B[k][j] */
static double c[N][N];

static uint64_t double_bits(double x)
{
    union {
        double d;
        uint64_t u;
    } v = {.d = x};
    return v.u;
}

int main(void)
{
    uint64_t seed = 4;
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            /* Values in [-1, 1) from 53 random bits. */
            int64_t r = (int64_t)(bench_rand(&seed) >> 11) -
                        (int64_t)(1ULL << 52);
            a[i][j] = (double)r / 4503599627370496.0;
            r = (int64_t)(bench_rand(&seed) >> 11) - (int64_t)(1ULL << 52);
            bt[i][j] = (double)r / 4503599627370496.0;
        }
    }

    uint64_t acc = 0;
    for (int it = 0; it < ITERATIONS; it++) {
        double max = 0.0;
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                double s = 0.0;
                for (int k = 0; k < N; k++) {
                    s = __builtin_fma(a[i][k], bt[j][k], s);
                }
                c[i][j] = s;
                double m = __builtin_fabs(s);
                if (m > max) {
                    max = m;
                }
            }
        }
        double scale = 1.0 / max;
        double norm2 = 0.0;
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                double v = c[i][j] * scale;
                a[i][j] = v;
                norm2 = __builtin_fma(v, v, norm2);
            }
        }
        double norm = __builtin_sqrt(norm2);
        acc = bench_mix(acc, double_bits(norm));
        acc = bench_mix(acc, (uint64_t)(int64_t)(norm * 1e6));
    }
    for (int i = 0; i < N; i++) {
        acc = bench_mix(acc, double_bits(a[i][(i * 7) % N]));
    }
    return bench_report("matmul", acc, EXPECTED);
}
