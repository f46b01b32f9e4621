/* Unit test of src/cpu/softfloat.c against the host FPU and hand vectors.
 * SPDX-License-Identifier: MIT
 *
 * Oracle: the x86-64 SSE unit under fesetround() for RNE, RTZ, RDN and
 * RUP, with its exception flags mapped to fflags bits.  SSE, like RISC-V,
 * detects tininess after rounding (the hand vectors pin that down too).
 * Where RISC-V and x86 differ, the host result is adjusted by the rule
 * the RISC-V spec states: NaN results are made canonical; float-to-int
 * conversions take the host's rounding (rint/round) and apply RISC-V
 * saturation; fma(inf, 0, qNaN) raises NV; fmin/fmax follow a small
 * reference model, because C's fmin differs for signalling NaNs and zeros.
 *
 * RMM has no host mode.  For float results it is derived: RMM equals RNE
 * except on an exact tie, where it is the neighbour away from zero (the
 * flags are the same).  A tie is detected exactly with __float128 (113
 * significant bits hold every product of two binary64 values and every
 * midpoint): the exact result equals the midpoint of the RDN and RUP
 * results.  Float-to-int conversions use the host's round() for RMM.
 *
 * Operands are random, biased towards zeros, subnormals, the ends of the
 * normal range, infinities, quiet and signalling NaNs, sparse and dense
 * significands (exact results, halfway cases), cancelling sums and
 * products, and integers near conversion limits.  The seed is fixed and
 * printed; usage: test_softfloat [seed [scale]], scale multiplying the
 * number of operand sets (default 1, about 3.5 million checks).
 *
 * GCC ignores "#pragma STDC FENV_ACCESS ON" (with a warning), so host
 * operations read volatile operands and write volatile results: they can
 * be neither constant-folded nor moved across the fesetround() and
 * fetestexcept() calls around them. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* issignaling(); the Makefile defines it too */
#endif
#include <fenv.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/softfloat.h"

__extension__ typedef __float128 Quad;

/* ---- Random numbers (splitmix64) ---------------------------------------- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
    uint64_t z = (rng_state += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

static int rnd_below(int n)
{
    return (int)(rnd() % (uint64_t)n);
}

/* ---- Value kinds -------------------------------------------------------- */

/* Kinds of operands and results. */
enum { K_F32, K_F64, K_I32, K_U32, K_I64, K_U64, K_BOOL, K_MASK };

typedef struct {
    int mb, eb; /* significand and exponent bits (floats only) */
    int width;  /* bits in the value */
    int is_signed;
} Kind;

static const Kind kinds[] = {
    [K_F32] = { 23, 8, 32, 1 },  [K_F64] = { 52, 11, 64, 1 },
    [K_I32] = { 0, 0, 32, 1 },   [K_U32] = { 0, 0, 32, 0 },
    [K_I64] = { 0, 0, 64, 1 },   [K_U64] = { 0, 0, 64, 0 },
    [K_BOOL] = { 0, 0, 32, 0 },  [K_MASK] = { 0, 0, 32, 0 },
};

static int is_float(int k)
{
    return k == K_F32 || k == K_F64;
}

static uint64_t kind_mask(int k)
{
    return UINT64_MAX >> (64 - kinds[k].width);
}

/* The host is little-endian (x86-64): the low bytes of a uint64_t hold
 * a float's bits. */
static float f32_of(uint64_t b)
{
    float x;
    memcpy(&x, &b, sizeof x);
    return x;
}

static double f64_of(uint64_t b)
{
    double x;
    memcpy(&x, &b, sizeof x);
    return x;
}

/* Bits of a host float or double result, NaNs made canonical. */
static uint64_t bits_of(const void *x, size_t size)
{
    uint64_t u = 0;
    memcpy(&u, x, size);
    return u;
}

static uint64_t bits_f32(float x)
{
    return isnan(x) ? SF_NAN_F32 : bits_of(&x, sizeof x);
}

static uint64_t bits_f64(double x)
{
    return isnan(x) ? SF_NAN_F64 : bits_of(&x, sizeof x);
}

static int32_t i32_of(uint64_t v)
{
    return (int32_t)(uint32_t)v;
}

static uint32_t u32_of(uint64_t v)
{
    return (uint32_t)v;
}

static int64_t i64_of(uint64_t v)
{
    return (int64_t)v;
}

static uint64_t u64_of(uint64_t v)
{
    return v;
}

/* The exact value of a float or integer as a Quad. */
static Quad quad_of(int k, uint64_t v)
{
    switch (k) {
    case K_F32:
        return f32_of(v);
    case K_F64:
        return f64_of(v);
    case K_I32:
        return i32_of(v);
    case K_I64:
        return i64_of(v);
    default:
        return v;
    }
}

static int is_inf_or_nan(int k, uint64_t v)
{
    const Kind *f = &kinds[k];
    uint64_t inf = ((UINT64_C(1) << f->eb) - 1) << f->mb;
    return (v & (inf | ((UINT64_C(1) << f->mb) - 1))) >= inf;
}

/* ---- Host environment --------------------------------------------------- */

static void host_begin(int rm)
{
    static const int modes[] = { FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD,
                                 FE_UPWARD };
    fesetround(modes[rm]);
    feclearexcept(FE_ALL_EXCEPT);
}

/* Reads the host flags as fflags bits and restores round-to-nearest. */
static SfFlags host_end(void)
{
    int e = fetestexcept(FE_ALL_EXCEPT);
    SfFlags fl = 0;

    fl |= (e & FE_INEXACT) ? SF_NX : 0;
    fl |= (e & FE_UNDERFLOW) ? SF_UF : 0;
    fl |= (e & FE_OVERFLOW) ? SF_OF : 0;
    fl |= (e & FE_DIVBYZERO) ? SF_DZ : 0;
    fl |= (e & FE_INVALID) ? SF_NV : 0;
    fesetround(FE_TONEAREST);
    return fl;
}

/* ---- Operations under test ---------------------------------------------- */

/* How RMM is checked: derived from a tie test on the exact result (which
 * the EX_* value names), by the host itself, or not at all because the
 * result does not depend on the rounding mode. */
enum {
    EX_ADD, EX_SUB, EX_MUL, EX_DIV, EX_SQRT, EX_FMA, EX_ID,
    EX_HOST_RMM, EX_NO_ROUNDING,
};

/* Operands come in v[0..2]; results are returned as bits in a uint64_t
 * masked to the result kind's width. */
typedef uint64_t OpFn(const uint64_t *v, int rm, SfFlags *fl);

typedef struct {
    const char *name;
    int nargs; /* operands, all of kind src */
    int src, dst;
    int ex; /* EX_* */
    OpFn *soft, *host;
} Op;

#define SOFT(NAME, EXPR)                                                     \
    static uint64_t NAME(const uint64_t *v, int rm, SfFlags *fl)            \
    {                                                                        \
        (void)v;                                                             \
        (void)rm;                                                            \
        (void)fl;                                                            \
        return (uint64_t)(EXPR);                                             \
    }

/* A host operation EXPR on x, y, z (of type ST, converted from the
 * operand bits by SRC) giving a result of type RT, turned into bits by
 * DST. */
#define HOST(NAME, ST, SRC, RT, DST, EXPR)                                   \
    static uint64_t NAME(const uint64_t *v, int rm, SfFlags *fl)            \
    {                                                                        \
        volatile ST x = SRC(v[0]), y = SRC(v[1]), z = SRC(v[2]);             \
        volatile RT r;                                                       \
        (void)y;                                                             \
        (void)z;                                                             \
        host_begin(rm);                                                      \
        r = EXPR;                                                            \
        *fl = host_end();                                                    \
        return DST(r);                                                       \
    }

/* Arithmetic, binary32 and binary64. */
#define ARITH_OPS(W, T, FT, SRC, DST, SQRT, FMA)                             \
    SOFT(s_add_f##W, sf_add_f##W((T)v[0], (T)v[1], rm, fl))                  \
    SOFT(s_sub_f##W, sf_sub_f##W((T)v[0], (T)v[1], rm, fl))                  \
    SOFT(s_mul_f##W, sf_mul_f##W((T)v[0], (T)v[1], rm, fl))                  \
    SOFT(s_div_f##W, sf_div_f##W((T)v[0], (T)v[1], rm, fl))                  \
    SOFT(s_sqrt_f##W, sf_sqrt_f##W((T)v[0], rm, fl))                         \
    SOFT(s_fma_f##W, sf_fma_f##W((T)v[0], (T)v[1], (T)v[2], rm, fl))         \
    SOFT(s_eq_f##W, sf_eq_f##W((T)v[0], (T)v[1], fl))                        \
    SOFT(s_lt_f##W, sf_lt_f##W((T)v[0], (T)v[1], fl))                        \
    SOFT(s_le_f##W, sf_le_f##W((T)v[0], (T)v[1], fl))                        \
    SOFT(s_min_f##W, sf_min_f##W((T)v[0], (T)v[1], fl))                      \
    SOFT(s_max_f##W, sf_max_f##W((T)v[0], (T)v[1], fl))                      \
    SOFT(s_class_f##W, sf_class_f##W((T)v[0]))                               \
    HOST(h_add_f##W, FT, SRC, FT, DST, x + y)                                \
    HOST(h_sub_f##W, FT, SRC, FT, DST, x - y)                                \
    HOST(h_mul_f##W, FT, SRC, FT, DST, x * y)                                \
    HOST(h_div_f##W, FT, SRC, FT, DST, x / y)                                \
    HOST(h_sqrt_f##W, FT, SRC, FT, DST, SQRT(x))                             \
    HOST(h_fma_raw_f##W, FT, SRC, FT, DST, FMA(x, y, z))                     \
    HOST(h_eq_f##W, FT, SRC, int, u64_of, x == y)                            \
    HOST(h_lt_f##W, FT, SRC, int, u64_of, x < y)                             \
    HOST(h_le_f##W, FT, SRC, int, u64_of, x <= y)                            \
    static uint64_t h_fma_f##W(const uint64_t *v, int rm, SfFlags *fl)      \
    {                                                                        \
        uint64_t r = h_fma_raw_f##W(v, rm, fl);                              \
        fma_fix_nv(K_F##W, v, fl);                                           \
        return r;                                                            \
    }                                                                        \
    static uint64_t h_minmax_f##W(const uint64_t *v, int want_max,          \
                                  SfFlags *fl)                               \
    {                                                                        \
        FT x = SRC(v[0]), y = SRC(v[1]);                                     \
        *fl = issignaling(x) || issignaling(y) ? SF_NV : 0;                  \
        if (isnan(x) || isnan(y)) {                                          \
            return isnan(x) ? DST(y) : DST(x);                               \
        }                                                                    \
        if (x == y) { /* equal, or zeros of either sign: -0 is less */       \
            return (signbit(x) != 0) != want_max ? v[0] : v[1];              \
        }                                                                    \
        return (x < y) != want_max ? v[0] : v[1];                            \
    }                                                                        \
    static uint64_t h_min_f##W(const uint64_t *v, int rm, SfFlags *fl)      \
    {                                                                        \
        (void)rm;                                                            \
        return h_minmax_f##W(v, 0, fl);                                      \
    }                                                                        \
    static uint64_t h_max_f##W(const uint64_t *v, int rm, SfFlags *fl)      \
    {                                                                        \
        (void)rm;                                                            \
        return h_minmax_f##W(v, 1, fl);                                      \
    }                                                                        \
    static uint64_t h_class_f##W(const uint64_t *v, int rm, SfFlags *fl)    \
    {                                                                        \
        FT x = SRC(v[0]);                                                    \
        int neg = signbit(x) != 0;                                           \
        (void)rm;                                                            \
        *fl = 0;                                                             \
        switch (fpclassify(x)) {                                             \
        case FP_NAN:                                                         \
            return issignaling(x) ? SF_CLASS_SNAN : SF_CLASS_QNAN;           \
        case FP_INFINITE:                                                    \
            return neg ? SF_CLASS_NEG_INF : SF_CLASS_POS_INF;                \
        case FP_ZERO:                                                        \
            return neg ? SF_CLASS_NEG_ZERO : SF_CLASS_POS_ZERO;              \
        case FP_SUBNORMAL:                                                   \
            return neg ? SF_CLASS_NEG_SUBNORMAL : SF_CLASS_POS_SUBNORMAL;    \
        default:                                                             \
            return neg ? SF_CLASS_NEG_NORMAL : SF_CLASS_POS_NORMAL;          \
        }                                                                    \
    }

/* RISC-V raises NV for inf * 0 + qNaN; x86 does not. */
static void fma_fix_nv(int k, const uint64_t *v, SfFlags *fl)
{
    Quad a = quad_of(k, v[0]), b = quad_of(k, v[1]);

    if ((a == 0 && is_inf_or_nan(k, v[1]) && b == b) ||
        (b == 0 && is_inf_or_nan(k, v[0]) && a == a)) {
        *fl |= SF_NV;
    }
}

ARITH_OPS(32, uint32_t, float, f32_of, bits_f32, sqrtf, fmaf)
ARITH_OPS(64, uint64_t, double, f64_of, bits_f64, sqrt, fma)

/* Float-to-float conversions. */
SOFT(s_f32_to_f64, sf_f32_to_f64((uint32_t)v[0], fl))
SOFT(s_f64_to_f32, sf_f64_to_f32(v[0], rm, fl))
HOST(h_f32_to_f64, float, f32_of, double, bits_f64, (double)x)
HOST(h_f64_to_f32, double, f64_of, float, bits_f32, (float)x)

/* The RISC-V result of converting x, already rounded to the integral
 * value r (host flags in *fl), to a width-bit integer: saturation, NV and
 * no NX when out of range, NaN gives the largest value. */
static uint64_t saturate(double x, double r, int is_signed, int width,
                         SfFlags *fl)
{
    double lo = is_signed ? -ldexp(1, width - 1) : 0;
    double hi = ldexp(1, width - is_signed); /* exclusive */
    uint64_t max = UINT64_MAX >> (64 - width + is_signed);

    if (isnan(x) || r >= hi) {
        *fl = SF_NV;
        return max;
    }
    if (r < lo) {
        *fl = SF_NV;
        return is_signed ? ~max : 0;
    }
    *fl &= SF_NX;
    return is_signed ? (uint64_t)(int64_t)r : (uint64_t)r;
}

/* Float-to-int: the host rounds with rint (current mode) or round (ties
 * away from zero, for RMM), then RISC-V saturation applies. */
#define TO_INT_OPS(W, T, FT, SRC, RINT, ROUND, I, SIGNED, WIDTH)             \
    SOFT(s_f##W##_to_##I, sf_f##W##_to_##I((T)v[0], rm, fl))                 \
    static uint64_t h_f##W##_to_##I(const uint64_t *v, int rm, SfFlags *fl) \
    {                                                                        \
        volatile FT x = SRC(v[0]), r;                                        \
        if (rm == SF_RMM) {                                                  \
            r = ROUND(x);                                                    \
            *fl = r != x && !isnan(x) ? SF_NX : 0;                           \
        } else {                                                             \
            host_begin(rm);                                                  \
            r = RINT(x);                                                     \
            *fl = host_end();                                                \
        }                                                                    \
        return saturate(x, r, SIGNED, WIDTH, fl);                            \
    }

/* Int-to-float: the host converts in the current mode. */
#define FROM_INT_OPS(W, T, FT, DST, I, IT, SRC)                              \
    SOFT(s_##I##_to_f##W, sf_##I##_to_f##W(SRC(v[0]), rm, fl))               \
    HOST(h_##I##_to_f##W, IT, SRC, FT, DST, (FT)x)

#define INT_OPS(W, T, FT, SRC, DST, RINT, ROUND)                             \
    TO_INT_OPS(W, T, FT, SRC, RINT, ROUND, i32, 1, 32)                       \
    TO_INT_OPS(W, T, FT, SRC, RINT, ROUND, u32, 0, 32)                       \
    TO_INT_OPS(W, T, FT, SRC, RINT, ROUND, i64, 1, 64)                       \
    TO_INT_OPS(W, T, FT, SRC, RINT, ROUND, u64, 0, 64)                       \
    FROM_INT_OPS(W, T, FT, DST, i32, int32_t, i32_of)                        \
    FROM_INT_OPS(W, T, FT, DST, u32, uint32_t, u32_of)                       \
    FROM_INT_OPS(W, T, FT, DST, i64, int64_t, i64_of)                        \
    FROM_INT_OPS(W, T, FT, DST, u64, uint64_t, u64_of)

/* Called through pointers: without -frounding-math GCC inlines rint() as
 * an add-and-subtract-2^52 sequence that is wrong in directed modes. */
static float (*volatile host_rintf)(float) = rintf;
static float (*volatile host_roundf)(float) = roundf;
static double (*volatile host_rint)(double) = rint;
static double (*volatile host_round)(double) = round;

INT_OPS(32, uint32_t, float, f32_of, bits_f32, host_rintf, host_roundf)
INT_OPS(64, uint64_t, double, f64_of, bits_f64, host_rint, host_round)

#define FORMAT_OPS(W)                                                        \
    { "add.f" #W, 2, K_F##W, K_F##W, EX_ADD, s_add_f##W, h_add_f##W },      \
    { "sub.f" #W, 2, K_F##W, K_F##W, EX_SUB, s_sub_f##W, h_sub_f##W },      \
    { "mul.f" #W, 2, K_F##W, K_F##W, EX_MUL, s_mul_f##W, h_mul_f##W },      \
    { "div.f" #W, 2, K_F##W, K_F##W, EX_DIV, s_div_f##W, h_div_f##W },      \
    { "sqrt.f" #W, 1, K_F##W, K_F##W, EX_SQRT, s_sqrt_f##W, h_sqrt_f##W },  \
    { "fma.f" #W, 3, K_F##W, K_F##W, EX_FMA, s_fma_f##W, h_fma_f##W },      \
    { "eq.f" #W, 2, K_F##W, K_BOOL, EX_NO_ROUNDING, s_eq_f##W, h_eq_f##W }, \
    { "lt.f" #W, 2, K_F##W, K_BOOL, EX_NO_ROUNDING, s_lt_f##W, h_lt_f##W }, \
    { "le.f" #W, 2, K_F##W, K_BOOL, EX_NO_ROUNDING, s_le_f##W, h_le_f##W }, \
    { "min.f" #W, 2, K_F##W, K_F##W, EX_NO_ROUNDING, s_min_f##W,            \
      h_min_f##W },                                                          \
    { "max.f" #W, 2, K_F##W, K_F##W, EX_NO_ROUNDING, s_max_f##W,            \
      h_max_f##W },                                                          \
    { "class.f" #W, 1, K_F##W, K_MASK, EX_NO_ROUNDING, s_class_f##W,        \
      h_class_f##W },                                                        \
    { "f" #W ".to.i32", 1, K_F##W, K_I32, EX_HOST_RMM, s_f##W##_to_i32,     \
      h_f##W##_to_i32 },                                                     \
    { "f" #W ".to.u32", 1, K_F##W, K_U32, EX_HOST_RMM, s_f##W##_to_u32,     \
      h_f##W##_to_u32 },                                                     \
    { "f" #W ".to.i64", 1, K_F##W, K_I64, EX_HOST_RMM, s_f##W##_to_i64,     \
      h_f##W##_to_i64 },                                                     \
    { "f" #W ".to.u64", 1, K_F##W, K_U64, EX_HOST_RMM, s_f##W##_to_u64,     \
      h_f##W##_to_u64 },                                                     \
    { "i32.to.f" #W, 1, K_I32, K_F##W, EX_ID, s_i32_to_f##W,                \
      h_i32_to_f##W },                                                       \
    { "u32.to.f" #W, 1, K_U32, K_F##W, EX_ID, s_u32_to_f##W,                \
      h_u32_to_f##W },                                                       \
    { "i64.to.f" #W, 1, K_I64, K_F##W, EX_ID, s_i64_to_f##W,                \
      h_i64_to_f##W },                                                       \
    { "u64.to.f" #W, 1, K_U64, K_F##W, EX_ID, s_u64_to_f##W,                \
      h_u64_to_f##W }

static const Op ops[] = {
    FORMAT_OPS(32),
    FORMAT_OPS(64),
    { "f32.to.f64", 1, K_F32, K_F64, EX_NO_ROUNDING, s_f32_to_f64,
      h_f32_to_f64 },
    { "f64.to.f32", 1, K_F64, K_F32, EX_ID, s_f64_to_f32, h_f64_to_f32 },
};

/* ---- Reporting ---------------------------------------------------------- */

enum { MAX_SHOWN = 100 };

static const char *const rm_names[] = { "RNE", "RTZ", "RDN", "RUP", "RMM" };
static unsigned long n_checks, n_failures;

/* Coverage of the current op: expected flags by bit, and RMM ties. */
static unsigned long n_flag[5], n_ties;

static void print_value(int k, uint64_t v)
{
    if (k == K_F32) {
        printf("0x%08" PRIx64 " (%a)", v, (double)f32_of(v));
    } else if (k == K_F64) {
        printf("0x%016" PRIx64 " (%a)", v, f64_of(v));
    } else if (kinds[k].is_signed) {
        printf("0x%" PRIx64 " (%" PRId64 ")", v,
               kinds[k].width == 32 ? i32_of(v) : i64_of(v));
    } else {
        printf("0x%" PRIx64 " (%" PRIu64 ")", v, v);
    }
}

static void print_flags(SfFlags fl)
{
    static const char *const names[] = { "NX", "UF", "OF", "DZ", "NV" };
    int first = 1;

    for (int i = 4; i >= 0; i--) {
        if (fl & (1u << i)) {
            printf("%s%s", first ? "" : "|", names[i]);
            first = 0;
        }
    }
    if (first) {
        printf("-");
    }
}

/* Runs the soft-float operation and compares with the expectation. */
static int check(const Op *op, const uint64_t *v, int rm, uint64_t expect,
                 SfFlags expect_fl)
{
    SfFlags fl = 0;
    uint64_t got = op->soft(v, rm, &fl) & kind_mask(op->dst);

    n_checks++;
    for (int i = 0; i < 5; i++) {
        n_flag[i] += (expect_fl >> i) & 1;
    }
    if (got == expect && fl == expect_fl) {
        return 1;
    }
    if (++n_failures <= MAX_SHOWN) {
        printf("FAIL %s rm=%s", op->name, rm_names[rm]);
        for (int i = 0; i < op->nargs; i++) {
            printf(" %c=", 'a' + i);
            print_value(op->src, v[i]);
        }
        printf(": expected ");
        print_value(op->dst, expect);
        printf(" ");
        print_flags(expect_fl);
        printf(", got ");
        print_value(op->dst, got);
        printf(" ");
        print_flags(fl);
        printf("\n");
    }
    return 0;
}

static const Op *find_op(const char *name)
{
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        if (strcmp(ops[i].name, name) == 0) {
            return &ops[i];
        }
    }
    printf("FAIL: no op named %s\n", name);
    exit(1);
}

/* ---- Differential testing ----------------------------------------------- */

/* Whether the exact result of op on v equals m. */
static int exact_equals(const Op *op, const uint64_t *v, Quad m)
{
    Quad a = quad_of(op->src, v[0]), b = quad_of(op->src, v[1]);
    Quad c = quad_of(op->src, v[2]);
    volatile Quad r;
    int exact;

    host_begin(SF_RNE);
    switch (op->ex) {
    case EX_ADD:
        r = a + b;
        break;
    case EX_SUB:
        r = a - b;
        break;
    case EX_MUL:
        r = a * b;
        break;
    case EX_DIV: /* m * b and m * m are exact: at most 108 bits */
        r = m * b;
        m = a;
        break;
    case EX_SQRT:
        r = m * m;
        m = a;
        break;
    case EX_FMA:
        r = a * b + c;
        break;
    default:
        r = a;
        break;
    }
    exact = !(host_end() & SF_NX);
    return exact && r == m;
}

/* The RMM result derived from the RNE, RDN and RUP ones (see top). */
static uint64_t derive_rmm(const Op *op, const uint64_t *v,
                           const uint64_t *res)
{
    uint64_t lo = res[SF_RDN], hi = res[SF_RUP];
    Quad qlo, qhi;

    if (lo == hi || is_inf_or_nan(op->dst, lo) ||
        is_inf_or_nan(op->dst, hi)) {
        return res[SF_RNE]; /* exact, invalid, or at the overflow edge */
    }
    qlo = quad_of(op->dst, lo);
    qhi = quad_of(op->dst, hi);
    if (!exact_equals(op, v, (qlo + qhi) / 2)) {
        return res[SF_RNE];
    }
    n_ties++;
    return (qlo < 0 ? -qlo : qlo) > (qhi < 0 ? -qhi : qhi) ? lo : hi;
}

/* Checks one operand set in every rounding mode. */
static void check_all_modes(const Op *op, const uint64_t *v)
{
    uint64_t res[5];
    SfFlags fl[5];
    int rm;

    for (rm = SF_RNE; rm <= SF_RUP; rm++) {
        res[rm] = op->host(v, rm, &fl[rm]) & kind_mask(op->dst);
        check(op, v, rm, res[rm], fl[rm]);
        if (op->ex == EX_NO_ROUNDING) {
            return;
        }
    }
    if (op->ex == EX_HOST_RMM) {
        res[SF_RMM] = op->host(v, SF_RMM, &fl[SF_RMM]) & kind_mask(op->dst);
    } else {
        res[SF_RMM] = derive_rmm(op, v, res);
        fl[SF_RMM] = fl[SF_RNE];
    }
    check(op, v, SF_RMM, res[SF_RMM], fl[SF_RMM]);
}

/* A float of kind k biased towards edge cases. */
static uint64_t gen_float(int k)
{
    const Kind *f = &kinds[k];
    const int emax = (1 << f->eb) - 1, bias = emax >> 1;
    uint64_t mmask = (UINT64_C(1) << f->mb) - 1, m;
    int e, r = rnd_below(32);

    if (r == 0) {
        return rnd() & kind_mask(k); /* anything at all */
    }
    /* Exponent. */
    if (r < 3) {
        e = emax; /* infinity, quiet or signalling NaN */
    } else if (r < 7) {
        e = 0; /* zero or subnormal */
    } else if (r < 11) {
        e = 1 + rnd_below(3); /* smallest normals */
    } else if (r < 15) {
        e = emax - 1 - rnd_below(3); /* largest normals */
    } else if (r < 24) {
        e = bias - 32 + rnd_below(64); /* near 1 */
    } else {
        e = 1 + rnd_below(emax - 1);
    }
    /* Significand. */
    switch (rnd_below(8)) {
    case 0:
        m = 0;
        break;
    case 1: /* a few leading bits: exact results, halfway cases */
        m = mmask >> (1 + rnd_below(8));
        m = rnd() & ~m;
        break;
    case 2:
        m = mmask;
        break;
    case 3: /* dense top, random low bit */
        m = mmask & ~(mmask >> (1 + rnd_below(f->mb)));
        m |= rnd() & 1;
        break;
    case 4:
        m = UINT64_C(1) << rnd_below(f->mb);
        break;
    default:
        m = rnd();
        break;
    }
    m &= mmask;
    if (e == emax && rnd_below(2)) {
        m |= UINT64_C(1) << rnd_below(f->mb); /* make sure of a NaN */
    }
    return (rnd() & 1) << (f->mb + f->eb) | (uint64_t)e << f->mb | m;
}

/* A float of kind k near an integer, often a limit of some integer
 * type, or halfway between integers. */
static uint64_t gen_near_int(int k)
{
    static const double offsets[] = { 0, 0.5, -0.5, 0.25, 0.75, 1.5, -1 };
    double base;
    uint64_t b;
    int e;

    switch (rnd_below(4)) {
    case 0:
        e = 31 + rnd_below(2);
        base = ldexp(1, e + 32 * rnd_below(2));
        break;
    case 1:
        base = rnd_below(21) - 10;
        break;
    case 2:
        e = rnd_below(64);
        base = (double)(rnd() >> e);
        break;
    default:
        return gen_float(k);
    }
    base += offsets[rnd_below(7)];
    base = rnd_below(2) ? -base : base;
    b = k == K_F32 ? bits_f32((float)base) : bits_f64(base);
    return (b + (uint64_t)(rnd_below(5) - 2)) & kind_mask(k); /* ulps off */
}

/* An integer of kind k biased towards edge cases. */
static uint64_t gen_int(int k)
{
    const int w = kinds[k].width;
    uint64_t v;
    int bits;

    switch (rnd_below(6)) {
    case 0:
        v = (uint64_t)(rnd_below(201) - 100);
        break;
    case 1: /* near a power of two */
        v = UINT64_C(1) << rnd_below(w);
        v += (uint64_t)(rnd_below(7) - 3);
        break;
    case 2: /* few significant bits, for halfway cases */
        bits = 1 + rnd_below(w);
        v = (rnd() | UINT64_C(1) << 63) >> (64 - bits);
        v <<= rnd_below(w - bits + 1);
        break;
    case 3: /* around the type's limits */
        v = (UINT64_C(1) << (w - 1)) + (uint64_t)(rnd_below(5) - 2);
        break;
    default:
        v = rnd();
        break;
    }
    if (rnd_below(4) == 0) {
        v = 0 - v;
    }
    return v & kind_mask(k);
}

/* b near a: the same or a close exponent, for cancellation and ties. */
static uint64_t gen_related(int k, uint64_t a)
{
    const Kind *f = &kinds[k];
    const uint64_t mmask = (UINT64_C(1) << f->mb) - 1;
    const int emax = (1 << f->eb) - 1;
    int e = (int)((a >> f->mb) & (uint64_t)emax);
    uint64_t m;

    e += rnd_below(2 * f->mb + 7) - (f->mb + 3);
    e = e < 0 ? 0 : e > emax ? emax : e;
    if (rnd_below(2)) {
        m = gen_float(k) & mmask;
    } else {
        m = (a + (uint64_t)(rnd_below(5) - 2)) & mmask;
    }
    return (rnd() & 1) << (f->mb + f->eb) | (uint64_t)e << f->mb | m;
}

/* An fma addend that cancels most of a * b (or sits just below it). */
static uint64_t gen_addend(const Op *op, const uint64_t *v)
{
    const Op *mul = find_op(op->src == K_F32 ? "mul.f32" : "mul.f64");
    SfFlags fl;
    uint64_t p = mul->host(v, SF_RNE, &fl);
    uint64_t sign = UINT64_C(1) << (kinds[op->src].width - 1);

    if (rnd_below(2)) {
        return (p ^ sign) + (uint64_t)(rnd_below(5) - 2);
    }
    return gen_related(op->src, p);
}

static void run_random(const Op *op, long count)
{
    unsigned long failures_before = n_failures;
    uint64_t v[3] = { 0, 0, 0 };

    memset(n_flag, 0, sizeof n_flag);
    n_ties = 0;

    for (long n = 0; n < count; n++) {
        for (int i = 0; i < op->nargs; i++) {
            if (!is_float(op->src)) {
                v[i] = gen_int(op->src);
            } else if (is_float(op->dst) || op->dst == K_BOOL ||
                       op->dst == K_MASK) {
                v[i] = gen_float(op->src);
            } else {
                v[i] = gen_near_int(op->src);
            }
        }
        if (op->nargs >= 2 && rnd_below(4) == 0) {
            v[1] = gen_related(op->src, v[0]);
        }
        if (op->nargs == 3 && rnd_below(2) == 0) {
            v[2] = gen_addend(op, v);
        }
        if (op->ex == EX_SQRT && rnd_below(4) != 0) {
            v[0] &= kind_mask(op->src) >> 1; /* mostly non-negative */
        }
        for (int i = 0; i < op->nargs; i++) {
            v[i] &= kind_mask(op->src);
        }
        check_all_modes(op, v);
    }
    printf("%-11s %7ld sets  NX %7lu  UF %6lu  OF %6lu  DZ %5lu  NV %6lu"
           "  ties %5lu  failures %lu\n",
           op->name, count, n_flag[0], n_flag[1], n_flag[2], n_flag[3],
           n_flag[4], n_ties, n_failures - failures_before);
}

/* ---- Hand-checked vectors ----------------------------------------------- */

typedef struct {
    const char *op;
    int rm;
    uint64_t v[3];
    uint64_t expect;
    SfFlags flags;
} Vector;

#define F32_ONE 0x3f800000
#define F64_ONE UINT64_C(0x3ff0000000000000)
#define F32_QNAN 0x7fc00000
#define F32_SNAN 0x7f800001
#define F64_SNAN UINT64_C(0x7ff0000000000001)
#define F32_INF 0x7f800000
#define F32_MAX 0x7f7fffff
#define F32_NEG 0x80000000
#define F64_NEG UINT64_C(0x8000000000000000)
#define NX SF_NX
#define UF SF_UF
#define OF SF_OF
#define DZ SF_DZ
#define NV SF_NV
#define RNE SF_RNE
#define RTZ SF_RTZ
#define RDN SF_RDN
#define RUP SF_RUP
#define RMM SF_RMM

static const Vector vectors[] = {
    /* RMM: ties away from zero, otherwise like RNE. */
    { "add.f32", RMM, { F32_ONE, 0x33800000 }, 0x3f800001, NX },
    { "add.f32", RNE, { F32_ONE, 0x33800000 }, 0x3f800000, NX },
    { "add.f32", RMM, { 0xbf800000, 0xb3800000 }, 0xbf800001, NX },
    { "add.f32", RMM, { F32_ONE, 0x34400000 }, 0x3f800002, NX },
    { "add.f64", RMM, { F64_ONE, 0x3ca0000000000000 }, F64_ONE + 1, NX },
    { "add.f64", RMM, { F64_ONE, 0x3c90000000000000 }, F64_ONE, NX },
    { "u32.to.f32", RMM, { 16777217 }, 0x4b800001, NX },
    { "u32.to.f32", RNE, { 16777217 }, 0x4b800000, NX },
    { "i32.to.f32", RMM, { (uint32_t)-16777217 }, 0xcb800001, NX },
    { "i64.to.f64", RMM, { (UINT64_C(1) << 53) + 1 }, 0x4340000000000001,
      NX },
    { "f64.to.f32", RMM, { 0x3ff0000010000000 }, 0x3f800001, NX },
    { "f64.to.f32", RNE, { 0x3ff0000010000000 }, 0x3f800000, NX },
    { "f64.to.i32", RMM, { 0x4004000000000000 }, 3, NX },
    { "f64.to.i32", RNE, { 0x4004000000000000 }, 2, NX },
    { "f64.to.i32", RMM, { 0xc004000000000000 }, 0xfffffffd, NX },
    { "f64.to.i32", RNE, { 0xc004000000000000 }, 0xfffffffe, NX },
    { "f32.to.i32", RMM, { 0x40200000 }, 3, NX },
    { "f64.to.u32", RMM, { 0x3fe0000000000000 }, 1, NX },
    { "f64.to.u32", RMM, { 0xbfe0000000000000 }, 0, NV },
    { "f64.to.u32", RNE, { 0xbfe0000000000000 }, 0, NX },
    { "mul.f32", RMM, { F32_MAX, 0x40000000 }, F32_INF, OF | NX },
    /* Conversions to integers: saturation, NV without NX. */
    { "f32.to.i32", RNE, { F32_QNAN }, 0x7fffffff, NV },
    { "f32.to.i32", RNE, { 0xffc00000 }, 0x7fffffff, NV },
    { "f32.to.u32", RNE, { F32_SNAN }, 0xffffffff, NV },
    { "f32.to.i64", RNE, { F32_QNAN }, 0x7fffffffffffffff, NV },
    { "f32.to.u64", RNE, { F32_QNAN }, UINT64_MAX, NV },
    { "f32.to.i32", RNE, { F32_INF }, 0x7fffffff, NV },
    { "f32.to.i32", RNE, { 0xff800000 }, 0x80000000, NV },
    { "f32.to.u32", RNE, { 0xff800000 }, 0, NV },
    { "f32.to.u32", RNE, { F32_INF }, 0xffffffff, NV },
    { "f64.to.i32", RNE, { 0x41e0000000000000 }, 0x7fffffff, NV },
    { "f64.to.u32", RNE, { 0x41e0000000000000 }, 0x80000000, 0 },
    { "f64.to.i32", RNE, { 0xc1e0000000000000 }, 0x80000000, 0 },
    { "f64.to.i32", RTZ, { 0xc1e0000000100000 }, 0x80000000, NX },
    { "f64.to.i32", RNE, { 0xc1e0000000100000 }, 0x80000000, NX },
    { "f64.to.i32", RMM, { 0xc1e0000000100000 }, 0x80000000, NV },
    { "f64.to.i32", RDN, { 0xc1e0000000100000 }, 0x80000000, NV },
    { "f64.to.u32", RNE, { 0x41effffffff00000 }, 0xffffffff, NV },
    { "f64.to.u32", RDN, { 0x41effffffff00000 }, 0xffffffff, NX },
    { "f64.to.u32", RNE, { 0xbff0000000000000 }, 0, NV },
    { "f64.to.u32", RTZ, { 0xbfeccccccccccccd }, 0, NX },
    { "f64.to.u32", RUP, { 0xbfeccccccccccccd }, 0, NX },
    { "f64.to.u32", RDN, { 0xbfeccccccccccccd }, 0, NV },
    { "f64.to.u32", RNE, { F64_NEG }, 0, 0 },
    { "f64.to.i64", RNE, { 0x43e0000000000000 }, 0x7fffffffffffffff, NV },
    { "f64.to.u64", RNE, { 0x43e0000000000000 }, F64_NEG, 0 },
    { "f64.to.i64", RNE, { 0xc3e0000000000000 }, F64_NEG, 0 },
    { "f64.to.u64", RNE, { 0x43f0000000000000 }, UINT64_MAX, NV },
    { "f32.to.i64", RNE, { 0x5f000000 }, 0x7fffffffffffffff, NV },
    { "f32.to.i64", RNE, { 0xdf000000 }, F64_NEG, 0 },
    /* fmin/fmax: minimumNumber/maximumNumber. */
    { "min.f32", RNE, { F32_NEG, 0 }, F32_NEG, 0 },
    { "min.f32", RNE, { 0, F32_NEG }, F32_NEG, 0 },
    { "max.f32", RNE, { F32_NEG, 0 }, 0, 0 },
    { "max.f32", RNE, { 0, F32_NEG }, 0, 0 },
    { "min.f32", RNE, { F32_QNAN, F32_ONE }, F32_ONE, 0 },
    { "max.f32", RNE, { F32_ONE, 0xffc00001 }, F32_ONE, 0 },
    { "min.f32", RNE, { F32_SNAN, F32_ONE }, F32_ONE, NV },
    { "min.f32", RNE, { F32_QNAN, 0x7fc00123 }, F32_QNAN, 0 },
    { "max.f32", RNE, { F32_SNAN, F32_QNAN }, F32_QNAN, NV },
    { "min.f64", RNE, { 0, F64_NEG }, F64_NEG, 0 },
    { "max.f64", RNE, { F64_SNAN, F64_ONE }, F64_ONE, NV },
    /* Compares: feq quiet, flt/fle signalling. */
    { "eq.f32", RNE, { F32_QNAN, F32_QNAN }, 0, 0 },
    { "eq.f32", RNE, { F32_SNAN, F32_ONE }, 0, NV },
    { "lt.f32", RNE, { F32_QNAN, F32_ONE }, 0, NV },
    { "le.f32", RNE, { F32_ONE, F32_QNAN }, 0, NV },
    { "eq.f32", RNE, { F32_NEG, 0 }, 1, 0 },
    { "lt.f32", RNE, { F32_NEG, 0 }, 0, 0 },
    { "le.f32", RNE, { 0, F32_NEG }, 1, 0 },
    { "lt.f64", RNE, { F64_ONE, 0x4000000000000000 }, 1, 0 },
    { "le.f64", RNE, { F64_SNAN, F64_ONE }, 0, NV },
    /* fclass: all ten classes. */
    { "class.f32", RNE, { 0xff800000 }, 1 << 0, 0 },
    { "class.f32", RNE, { 0xbf800000 }, 1 << 1, 0 },
    { "class.f32", RNE, { 0x80000001 }, 1 << 2, 0 },
    { "class.f32", RNE, { F32_NEG }, 1 << 3, 0 },
    { "class.f32", RNE, { 0 }, 1 << 4, 0 },
    { "class.f32", RNE, { 0x007fffff }, 1 << 5, 0 },
    { "class.f32", RNE, { 0x00800000 }, 1 << 6, 0 },
    { "class.f32", RNE, { F32_INF }, 1 << 7, 0 },
    { "class.f32", RNE, { F32_SNAN }, 1 << 8, 0 },
    { "class.f32", RNE, { 0xffc00000 }, 1 << 9, 0 },
    { "class.f64", RNE, { 0x000fffffffffffff }, 1 << 5, 0 },
    { "class.f64", RNE, { F64_SNAN }, 1 << 8, 0 },
    /* fma: inf * 0 is invalid even with a quiet NaN addend; zero signs. */
    { "fma.f32", RNE, { F32_INF, 0, F32_QNAN }, F32_QNAN, NV },
    { "fma.f32", RNE, { 0, F32_INF, F32_ONE }, F32_QNAN, NV },
    { "fma.f32", RNE, { F32_INF, F32_ONE, 0xff800000 }, F32_QNAN, NV },
    { "fma.f32", RNE, { F32_ONE, F32_ONE, F32_QNAN }, F32_QNAN, 0 },
    { "fma.f32", RNE, { 0, F32_ONE, F32_NEG }, 0, 0 },
    { "fma.f32", RDN, { 0, F32_ONE, F32_NEG }, F32_NEG, 0 },
    { "fma.f32", RNE, { F32_NEG, F32_ONE, F32_NEG }, F32_NEG, 0 },
    { "fma.f32", RNE, { F32_ONE, F32_ONE, 0xbf800000 }, 0, 0 },
    { "fma.f32", RDN, { F32_ONE, F32_ONE, 0xbf800000 }, F32_NEG, 0 },
    { "fma.f64", RNE, { 0x7ff0000000000000, 0, 0x7ff8000000000000 },
      SF_NAN_F64, NV },
    /* sqrt. */
    { "sqrt.f32", RNE, { F32_NEG }, F32_NEG, 0 },
    { "sqrt.f32", RNE, { 0xbf800000 }, F32_QNAN, NV },
    { "sqrt.f32", RNE, { 0xff800000 }, F32_QNAN, NV },
    { "sqrt.f32", RNE, { F32_INF }, F32_INF, 0 },
    { "sqrt.f32", RNE, { 0x7fc00001 }, F32_QNAN, 0 },
    { "sqrt.f64", RNE, { F64_SNAN }, SF_NAN_F64, NV },
    { "sqrt.f64", RNE, { 0x4010000000000000 }, 0x4000000000000000, 0 },
    /* Zero sums, infinities, overflow by mode, NaNs made canonical. */
    { "add.f32", RNE, { F32_INF, 0xff800000 }, F32_QNAN, NV },
    { "add.f32", RNE, { 0, F32_NEG }, 0, 0 },
    { "add.f32", RDN, { 0, F32_NEG }, F32_NEG, 0 },
    { "add.f32", RNE, { F32_NEG, F32_NEG }, F32_NEG, 0 },
    { "sub.f32", RDN, { F32_ONE, F32_ONE }, F32_NEG, 0 },
    { "sub.f32", RUP, { F32_ONE, F32_ONE }, 0, 0 },
    { "add.f32", RNE, { F32_MAX, F32_MAX }, F32_INF, OF | NX },
    { "add.f32", RTZ, { F32_MAX, F32_MAX }, F32_MAX, OF | NX },
    { "add.f32", RDN, { F32_MAX, F32_MAX }, F32_MAX, OF | NX },
    { "add.f32", RUP, { 0xff7fffff, 0xff7fffff }, 0xff7fffff, OF | NX },
    { "add.f32", RDN, { 0xff7fffff, 0xff7fffff }, 0xff800000, OF | NX },
    { "add.f32", RNE, { 0x7fc00123, F32_ONE }, F32_QNAN, 0 },
    { "add.f32", RNE, { 0xffc00000, F32_ONE }, F32_QNAN, 0 },
    { "add.f32", RNE, { F32_SNAN, F32_ONE }, F32_QNAN, NV },
    { "f32.to.f64", RNE, { F32_SNAN }, SF_NAN_F64, NV },
    { "f32.to.f64", RNE, { 0xffc00001 }, SF_NAN_F64, 0 },
    { "f32.to.f64", RNE, { 1 }, 0x36a0000000000000, 0 },
    { "f64.to.f32", RNE, { F64_SNAN }, F32_QNAN, NV },
    { "div.f32", RNE, { F32_ONE, 0 }, F32_INF, DZ },
    { "div.f32", RNE, { F32_ONE, F32_NEG }, 0xff800000, DZ },
    { "div.f32", RNE, { 0, 0 }, F32_QNAN, NV },
    { "div.f32", RNE, { F32_INF, F32_INF }, F32_QNAN, NV },
    { "div.f32", RNE, { F32_INF, 0 }, F32_INF, 0 },
    /* Tininess after rounding.  (1 - 2^-24) * 2^-126 = 2^-126 - 2^-150
     * is a tie at subnormal precision and exact at full precision: tiny,
     * rounds to the smallest normal, still underflows. */
    { "mul.f32", RNE, { 0x3f7fffff, 0x00800000 }, 0x00800000, UF | NX },
    { "mul.f32", RMM, { 0x3f7fffff, 0x00800000 }, 0x00800000, UF | NX },
    { "mul.f32", RTZ, { 0x3f7fffff, 0x00800000 }, 0x007fffff, UF | NX },
    /* 2^-126 - 2^-151: rounding with an unbounded exponent gives 2^-126,
     * so not tiny in RNE/RUP (tiny before rounding: UF); tiny in RTZ. */
    { "f64.to.f32", RNE, { 0x380ffffff0000000 }, 0x00800000, NX },
    { "f64.to.f32", RUP, { 0x380ffffff0000000 }, 0x00800000, NX },
    { "f64.to.f32", RTZ, { 0x380ffffff0000000 }, 0x007fffff, UF | NX },
    /* Exact subnormal results raise nothing; inexact ones underflow. */
    { "mul.f32", RNE, { 0x00000002, 0x3f000000 }, 0x00000001, 0 },
    { "mul.f32", RNE, { 0x00000001, 0x3f000000 }, 0, UF | NX },
    { "mul.f32", RMM, { 0x00000001, 0x3f000000 }, 0x00000001, UF | NX },
    { "mul.f32", RUP, { 0x80000001, 0x3f000000 }, F32_NEG, UF | NX },
};

static void run_vectors(void)
{
    for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
        const Vector *t = &vectors[i];
        check(find_op(t->op), t->v, t->rm, t->expect, t->flags);
    }
}

/* ---- Main --------------------------------------------------------------- */

int main(int argc, char **argv)
{
    uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : 0x5eed0f10a7;
    long scale = argc > 2 ? strtol(argv[2], NULL, 0) : 1;
    unsigned long vector_failures;

    printf("test_softfloat: seed 0x%" PRIx64 " scale %ld\n", seed, scale);
    rng_state = seed;
    run_vectors();
    vector_failures = n_failures;
    printf("hand vectors: %zu, failures %lu\n",
           sizeof vectors / sizeof vectors[0], vector_failures);
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        const Op *op = &ops[i];
        long count = op->ex == EX_NO_ROUNDING ? 40000 : 60000;
        run_random(op, count * scale);
    }
    printf("test_softfloat: %lu checks, %lu failures%s\n", n_checks,
           n_failures, n_failures > MAX_SHOWN ? " (first 100 shown)" : "");
    return n_failures == 0 ? 0 : 1;
}
