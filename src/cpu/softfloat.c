/* Soft-float for the guest F and D extensions: IEEE 754-2008 binary32/64.
 * SPDX-License-Identifier: MIT
 *
 * One implementation serves both widths.  Every algorithm is written once
 * as an always-inline function over an SfFormat (significand and exponent
 * widths), and the public sf_*_f32 / sf_*_f64 functions at the end of the
 * file instantiate it with a constant format, so the compiler specialises
 * each one and the shifts and masks become immediates.  Rare special cases
 * (NaN, infinity, zero operands) live in out-of-line functions that take
 * the format at run time, which keeps the hot paths small.
 *
 * Finite non-zero operands are unpacked into a sign, an unbiased exponent
 * and a 64-bit significand normalised so that its leading one is bit 63:
 * value = sig * 2^(exp - 63).  That leaves 11 (binary64) or 40 (binary32)
 * bits below the last kept bit, enough for the guard bits and the sticky
 * bit every operation needs; products and the fused multiply-add use
 * 128-bit intermediates.  Discarded bits are always "jammed" into bit 0
 * (a sticky bit), so one rounding routine, round_pack, handles all cases:
 * it rounds once, detects tininess after rounding, and packs subnormals,
 * overflow and exact results. */
#include "cpu/softfloat.h"

#define SF_INLINE static inline __attribute__((always_inline))
#define SF_COLD static __attribute__((noinline, cold))

__extension__ typedef unsigned __int128 SfU128;

/* An interchange format: stored significand bits and exponent bits. */
typedef struct {
    int mb; /* 23 or 52 */
    int eb; /* 8 or 11 */
} SfFormat;

#define FMT_F32 ((SfFormat){ .mb = 23, .eb = 8 })
#define FMT_F64 ((SfFormat){ .mb = 52, .eb = 11 })

SF_INLINE int fmt_bias(SfFormat f)
{
    return (1 << (f.eb - 1)) - 1;
}

/* The all-ones biased exponent of infinities and NaNs. */
SF_INLINE int fmt_emax(SfFormat f)
{
    return (1 << f.eb) - 1;
}

SF_INLINE uint64_t fmt_sign(SfFormat f)
{
    return UINT64_C(1) << (f.mb + f.eb);
}

SF_INLINE uint64_t fmt_inf(SfFormat f)
{
    return (uint64_t)fmt_emax(f) << f.mb;
}

SF_INLINE uint64_t fmt_nan(SfFormat f)
{
    return fmt_inf(f) | UINT64_C(1) << (f.mb - 1);
}

SF_INLINE uint64_t fmt_zero(int sign, SfFormat f)
{
    return sign ? fmt_sign(f) : 0;
}

SF_INLINE int is_nan(uint64_t a, SfFormat f)
{
    return (a & ~fmt_sign(f)) > fmt_inf(f);
}

SF_INLINE int is_snan(uint64_t a, SfFormat f)
{
    return is_nan(a, f) && !((a >> (f.mb - 1)) & 1);
}

/* Shifts right by n >= 0 bits, ORing everything shifted out into bit 0. */
SF_INLINE uint64_t shr_jam64(uint64_t x, int32_t n)
{
    if (n == 0) {
        return x;
    }
    if (n >= 64) {
        return x != 0;
    }
    return (x >> n) | ((x << (64 - n)) != 0);
}

SF_INLINE SfU128 shr_jam128(SfU128 x, int32_t n)
{
    if (n == 0) {
        return x;
    }
    if (n >= 128) {
        return x != 0;
    }
    return (x >> n) | ((x << (128 - n)) != 0);
}

/* Leading zeros of a non-zero value. */
SF_INLINE int clz64(uint64_t x)
{
    return __builtin_clzll(x);
}

SF_INLINE int clz128(SfU128 x)
{
    uint64_t hi = (uint64_t)(x >> 64);
    return hi ? clz64(hi) : 64 + clz64((uint64_t)x);
}

/* ---- Unpacking --------------------------------------------------------- */

enum { CLS_ZERO, CLS_FINITE, CLS_INF, CLS_QNAN, CLS_SNAN };

typedef struct {
    uint64_t sig; /* CLS_FINITE: leading one at bit 63, else 0 */
    int32_t exp;  /* CLS_FINITE: value = sig * 2^(exp - 63) */
    int sign;     /* 0 or 1 */
    int cls;      /* CLS_*; NaNs compare >= CLS_QNAN */
} SfUnpacked;

SF_INLINE SfUnpacked unpack(uint64_t a, SfFormat f)
{
    SfUnpacked u = { .sig = 0, .exp = 0, .cls = CLS_FINITE };
    int e = (int)(a >> f.mb) & fmt_emax(f);
    uint64_t m = a & ((UINT64_C(1) << f.mb) - 1);

    u.sign = (int)(a >> (f.mb + f.eb)) & 1;
    if (__builtin_expect(e == fmt_emax(f), 0)) {
        if (m == 0) {
            u.cls = CLS_INF;
        } else {
            u.cls = ((m >> (f.mb - 1)) & 1) ? CLS_QNAN : CLS_SNAN;
        }
    } else if (__builtin_expect(e == 0, 0)) {
        if (m == 0) {
            u.cls = CLS_ZERO;
        } else {
            int sh = clz64(m);
            u.sig = m << sh;
            u.exp = 64 - fmt_bias(f) - f.mb - sh;
        }
    } else {
        u.sig = (m | UINT64_C(1) << f.mb) << (63 - f.mb);
        u.exp = e - fmt_bias(f);
    }
    return u;
}

/* ---- Rounding ---------------------------------------------------------- */

/* Whether a truncated magnitude q must be incremented.  frac is the
 * discarded part as a fraction of one unit of q, scaled by 2^64 (so
 * 2^63 is exactly one half); sign is that of the value being rounded.
 * Unknown modes (the caller must not pass any) truncate. */
SF_INLINE int round_up(uint64_t q, uint64_t frac, int sign, int rm)
{
    const uint64_t half = UINT64_C(1) << 63;

    switch (rm) {
    case SF_RNE:
        return frac > half || (frac == half && (q & 1));
    case SF_RMM:
        return frac >= half;
    case SF_RDN:
        return sign && frac != 0;
    case SF_RUP:
        return !sign && frac != 0;
    default:
        return 0;
    }
}

SF_COLD uint64_t overflow_result(int sign, int rm, SfFlags *flags,
                                 SfFormat f)
{
    int to_inf;

    *flags |= SF_OF | SF_NX;
    switch (rm) {
    case SF_RNE:
    case SF_RMM:
        to_inf = 1;
        break;
    case SF_RDN:
        to_inf = sign;
        break;
    case SF_RUP:
        to_inf = !sign;
        break;
    default:
        to_inf = 0;
        break;
    }
    return fmt_zero(sign, f) | (to_inf ? fmt_inf(f) : fmt_inf(f) - 1);
}

/* Rounds sign * sig * 2^(exp - 63), sig having its leading one at bit 63
 * and any discarded bits jammed into bit 0, to format f, and packs it.
 * Tininess is detected after rounding (RISC-V): a result is tiny when
 * rounding it with an unbounded exponent range would give a magnitude
 * below the smallest normal.  Underflow is signalled for tiny inexact
 * results only. */
SF_INLINE uint64_t round_pack(int sign, int32_t exp, uint64_t sig, int rm,
                              SfFlags *flags, SfFormat f)
{
    const int sh = 63 - f.mb; /* bits below the last kept one */
    int32_t be = exp + fmt_bias(f);
    int tiny = 0;
    uint64_t q, frac;

    if (__builtin_expect(be >= fmt_emax(f), 0)) {
        return overflow_result(sign, rm, flags, f);
    }
    if (__builtin_expect(be <= 0, 0)) {
        /* Below the normal range.  With be == 0 only a carry out of the
         * rounding at full precision keeps the result normal. */
        q = sig >> sh;
        tiny = be < 0 || q != (UINT64_C(2) << f.mb) - 1 ||
               !round_up(q, sig << (64 - sh), sign, rm);
        sig = shr_jam64(sig, 1 - be);
        be = 1; /* a subnormal is packed as exponent field 0 below */
    }
    q = sig >> sh;
    frac = sig << (64 - sh);
    if (frac != 0) {
        *flags |= tiny ? SF_NX | SF_UF : SF_NX;
        q += (uint64_t)round_up(q, frac, sign, rm);
        if (q >> (f.mb + 1)) {
            /* Carried into a new binade (never from a subnormal). */
            q >>= 1;
            be++;
            if (be >= fmt_emax(f)) {
                return overflow_result(sign, rm, flags, f);
            }
        }
    }
    /* q includes the hidden bit, which adds one to the exponent field; a
     * subnormal (be == 1, q < 2^mb) thus packs with field 0, and one
     * that rounded up to 2^mb becomes the smallest normal. */
    return fmt_zero(sign, f) | (((uint64_t)(be - 1) << f.mb) + q);
}

/* round_pack for a non-zero sig with its leading one anywhere. */
SF_INLINE uint64_t norm_round_pack(int sign, int32_t exp, uint64_t sig,
                                   int rm, SfFlags *flags, SfFormat f)
{
    int sh = clz64(sig);
    return round_pack(sign, exp - sh, sig << sh, rm, flags, f);
}

/* ---- Special operands -------------------------------------------------- */

SF_COLD uint64_t invalid(SfFlags *flags, SfFormat f)
{
    *flags |= SF_NV;
    return fmt_nan(f);
}

/* The canonical NaN, raising NV if any operand is a signalling NaN. */
SF_COLD uint64_t nan_result(int any_snan, SfFlags *flags, SfFormat f)
{
    if (any_snan) {
        *flags |= SF_NV;
    }
    return fmt_nan(f);
}

#define ANY_SNAN2(x, y) ((x).cls == CLS_SNAN || (y).cls == CLS_SNAN)
#define ANY_NAN2(x, y) ((x).cls >= CLS_QNAN || (y).cls >= CLS_QNAN)

/* a + b where a or b is not finite non-zero. */
SF_COLD uint64_t add_special(SfUnpacked x, SfUnpacked y, uint64_t a,
                             uint64_t b, int rm, SfFlags *flags, SfFormat f)
{
    if (ANY_NAN2(x, y)) {
        return nan_result(ANY_SNAN2(x, y), flags, f);
    }
    if (x.cls == CLS_INF) {
        if (y.cls == CLS_INF && x.sign != y.sign) {
            return invalid(flags, f);
        }
        return a;
    }
    if (y.cls == CLS_INF) {
        return b;
    }
    if (x.cls == CLS_ZERO) {
        if (y.cls == CLS_ZERO) {
            /* Exact zero sum: +0 unless both are -0 or rounding down. */
            return fmt_zero(x.sign == y.sign ? x.sign : rm == SF_RDN, f);
        }
        return b;
    }
    return a;
}

/* a * b where a or b is not finite non-zero. */
SF_COLD uint64_t mul_special(SfUnpacked x, SfUnpacked y, SfFlags *flags,
                             SfFormat f)
{
    int sign = x.sign ^ y.sign;

    if (ANY_NAN2(x, y)) {
        return nan_result(ANY_SNAN2(x, y), flags, f);
    }
    if (x.cls == CLS_INF || y.cls == CLS_INF) {
        if (x.cls == CLS_ZERO || y.cls == CLS_ZERO) {
            return invalid(flags, f);
        }
        return fmt_zero(sign, f) | fmt_inf(f);
    }
    return fmt_zero(sign, f);
}

/* a / b where a or b is not finite non-zero. */
SF_COLD uint64_t div_special(SfUnpacked x, SfUnpacked y, SfFlags *flags,
                             SfFormat f)
{
    int sign = x.sign ^ y.sign;

    if (ANY_NAN2(x, y)) {
        return nan_result(ANY_SNAN2(x, y), flags, f);
    }
    if (x.cls == y.cls) {
        return invalid(flags, f); /* inf / inf, 0 / 0 */
    }
    if (x.cls == CLS_INF || y.cls == CLS_ZERO) {
        if (x.cls != CLS_INF) {
            *flags |= SF_DZ;
        }
        return fmt_zero(sign, f) | fmt_inf(f);
    }
    return fmt_zero(sign, f); /* 0 / y, x / inf */
}

/* sqrt(a) where a is not finite non-zero or is negative. */
SF_COLD uint64_t sqrt_special(SfUnpacked x, uint64_t a, SfFlags *flags,
                              SfFormat f)
{
    if (x.cls >= CLS_QNAN) {
        return nan_result(x.cls == CLS_SNAN, flags, f);
    }
    if (x.cls == CLS_ZERO) {
        return a; /* sqrt(-0) = -0 */
    }
    if (x.sign) {
        return invalid(flags, f);
    }
    return a; /* +inf */
}

/* ---- Arithmetic -------------------------------------------------------- */

SF_INLINE uint64_t add_generic(uint64_t a, uint64_t b, int rm, SfFlags *flags,
                               SfFormat f)
{
    SfUnpacked x = unpack(a, f), y = unpack(b, f);
    uint64_t mx, my;
    int32_t d;

    if (__builtin_expect(x.cls != CLS_FINITE || y.cls != CLS_FINITE, 0)) {
        return add_special(x, y, a, b, rm, flags, f);
    }
    if (x.exp < y.exp || (x.exp == y.exp && x.sig < y.sig)) {
        SfUnpacked t = x;
        x = y;
        y = t;
    }
    /* |x| >= |y|.  Work one bit lower so the sum cannot carry out.  For a
     * difference, jamming y is exact enough: when the exponents differ by
     * two or more, at most one bit cancels and the sticky bit stays far
     * below the rounding position; otherwise nothing is shifted out. */
    d = x.exp - y.exp;
    mx = x.sig >> 1;
    my = shr_jam64(y.sig, d + 1);
    if (x.sign == y.sign) {
        return norm_round_pack(x.sign, x.exp + 1, mx + my, rm, flags, f);
    }
    if (mx == my) {
        return fmt_zero(rm == SF_RDN, f);
    }
    return norm_round_pack(x.sign, x.exp + 1, mx - my, rm, flags, f);
}

SF_INLINE uint64_t mul_finite(SfUnpacked x, SfUnpacked y, int rm,
                              SfFlags *flags, SfFormat f)
{
    SfU128 p = (SfU128)x.sig * y.sig; /* in [2^126, 2^128) */
    uint64_t hi = (uint64_t)(p >> 64) | ((uint64_t)p != 0);

    return norm_round_pack(x.sign ^ y.sign, x.exp + y.exp + 1, hi, rm, flags,
                           f);
}

SF_INLINE uint64_t mul_generic(uint64_t a, uint64_t b, int rm, SfFlags *flags,
                               SfFormat f)
{
    SfUnpacked x = unpack(a, f), y = unpack(b, f);

    if (__builtin_expect(x.cls != CLS_FINITE || y.cls != CLS_FINITE, 0)) {
        return mul_special(x, y, flags, f);
    }
    return mul_finite(x, y, rm, flags, f);
}

SF_INLINE uint64_t div_generic(uint64_t a, uint64_t b, int rm, SfFlags *flags,
                               SfFormat f)
{
    SfUnpacked x = unpack(a, f), y = unpack(b, f);
    uint64_t q;

    if (__builtin_expect(x.cls != CLS_FINITE || y.cls != CLS_FINITE, 0)) {
        return div_special(x, y, flags, f);
    }
    /* q = x.sig / y.sig * 2^63 with a sticky bit: the quotient of the
     * significands is in (1/2, 2), so q has 63 or 64 significant bits. */
    if (f.mb < 32) {
        /* 24-bit significands: a 64-bit division gives 39-40 bits. */
        uint64_t n = (x.sig >> 40) << 39, dv = y.sig >> 40;
        q = (n / dv) << 24 | (n % dv != 0);
    } else {
        SfU128 n = (SfU128)x.sig << 63;
        q = (uint64_t)(n / y.sig) | (n % y.sig != 0);
    }
    return norm_round_pack(x.sign ^ y.sign, x.exp - y.exp, q, rm, flags, f);
}

/* Approximates 2^63 / sqrt(m) for mq = m * 2^62, m in [1, 4), with
 * Newton's iteration y' = y * (3 - m * y^2) / 2, which roughly squares
 * the relative error each step.  The seed is the minimax straight line
 * for 1/sqrt on [1, 2) (1.27398 - 0.29289 m, relative error < 2^-5.4),
 * or on [2, 4) the same line divided by sqrt(2); coefficients scaled by
 * 2^16.  Three steps give about 2^-39, four reach the ~2^-58 limit of the
 * fixed-point arithmetic.  The caller corrects the root exactly, so a
 * worse approximation would only cost time. */
SF_INLINE uint64_t rsqrt_q63(uint64_t mq, int odd, int steps)
{
    uint64_t m16 = mq >> 48; /* m * 2^14 */
    uint64_t y = odd ? 59037 - ((6786 * m16) >> 14)
                     : 83491 - ((19195 * m16) >> 14);

    y <<= 47;
    for (int i = 0; i < steps; i++) {
        uint64_t y2 = (uint64_t)(((SfU128)y * y) >> 64);    /* y^2 2^62 */
        uint64_t my2 = (uint64_t)(((SfU128)mq * y2) >> 64); /* m y^2 2^60 */
        y = (uint64_t)(((SfU128)y * (3 * (UINT64_C(1) << 60) - my2)) >> 61);
    }
    return y;
}

SF_INLINE uint64_t sqrt_generic(uint64_t a, int rm, SfFlags *flags,
                                SfFormat f)
{
    SfUnpacked x = unpack(a, f);
    const int k = f.mb + 2; /* the root gets k + 1 bits: 2 guard bits */
    int odd;
    int32_t e;
    uint64_t mq, r;
    SfU128 n;

    if (__builtin_expect(x.cls != CLS_FINITE || x.sign, 0)) {
        return sqrt_special(x, a, flags, f);
    }
    /* value = m * 2^(2e) with m in [1, 4) (an odd exponent moves into m),
     * held as mq = m * 2^62 (exact: sig has at most 53 significant bits).
     * The root of n = m * 2^(2k) is an integer of k + 1 bits; whether n is
     * a perfect square gives the sticky bit. */
    odd = x.exp & 1;
    e = (x.exp - odd) / 2;
    mq = odd ? x.sig : x.sig >> 1;
    n = 2 * k >= 62 ? (SfU128)mq << (2 * k - 62) : mq >> (62 - 2 * k);
    r = (uint64_t)(((SfU128)mq * rsqrt_q63(mq, odd, f.mb < 32 ? 3 : 4)) >>
                   (125 - k));
    /* Make r = floor(sqrt(n)) exactly; at most a step or two. */
    while ((SfU128)r * r > n) {
        r--;
    }
    while ((SfU128)(r + 1) * (r + 1) <= n) {
        r++;
    }
    return round_pack(0, e, r << (63 - k) | ((SfU128)r * r != n), rm, flags,
                      f);
}

/* a*b + c where some operand is not finite non-zero. */
SF_COLD uint64_t fma_special(SfUnpacked x, SfUnpacked y, SfUnpacked z,
                             uint64_t c, int rm, SfFlags *flags, SfFormat f)
{
    int ps = x.sign ^ y.sign;
    int inf_times_zero = (x.cls == CLS_INF && y.cls == CLS_ZERO) ||
                         (x.cls == CLS_ZERO && y.cls == CLS_INF);

    /* RISC-V: inf * 0 is invalid even when c is a quiet NaN. */
    if (ANY_NAN2(x, y) || z.cls >= CLS_QNAN || inf_times_zero) {
        return nan_result(ANY_SNAN2(x, y) || z.cls == CLS_SNAN ||
                              inf_times_zero,
                          flags, f);
    }
    if (x.cls == CLS_INF || y.cls == CLS_INF) {
        if (z.cls == CLS_INF && z.sign != ps) {
            return invalid(flags, f);
        }
        return fmt_zero(ps, f) | fmt_inf(f);
    }
    if (z.cls == CLS_INF) {
        return c;
    }
    if (x.cls == CLS_ZERO || y.cls == CLS_ZERO) {
        if (z.cls == CLS_ZERO) {
            return fmt_zero(ps == z.sign ? ps : rm == SF_RDN, f);
        }
        return c;
    }
    /* Finite non-zero product plus zero: just the rounded product. */
    return mul_finite(x, y, rm, flags, f);
}

SF_INLINE uint64_t fma_generic(uint64_t a, uint64_t b, uint64_t c, int rm,
                               SfFlags *flags, SfFormat f)
{
    SfUnpacked x = unpack(a, f), y = unpack(b, f), z = unpack(c, f);
    int ps = x.sign ^ y.sign, sign, sh;
    int32_t pe = x.exp + y.exp, e;
    SfU128 p, s;

    if (__builtin_expect(x.cls != CLS_FINITE || y.cls != CLS_FINITE ||
                             z.cls != CLS_FINITE,
                         0)) {
        return fma_special(x, y, z, c, rm, flags, f);
    }
    /* Exact product with its leading one at bit 124 or 125, addend with
     * its leading one at bit 124: value = p * 2^(pe - 124) and
     * s * 2^(z.exp - 124).  Align the smaller-exponent one with jamming:
     * as for addition, the sticky bit ends up far below the rounding
     * position whenever anything was shifted out. */
    p = (SfU128)(x.sig >> 1) * (y.sig >> 1);
    s = (SfU128)(z.sig >> 1) << 62;
    if (pe >= z.exp) {
        s = shr_jam128(s, pe - z.exp);
        e = pe;
    } else {
        p = shr_jam128(p, z.exp - pe);
        e = z.exp;
    }
    if (ps == z.sign) {
        s = p + s;
        sign = ps;
    } else if (p >= s) {
        s = p - s;
        sign = ps;
    } else {
        s = s - p;
        sign = z.sign;
    }
    if (s == 0) {
        return fmt_zero(rm == SF_RDN, f);
    }
    sh = clz128(s);
    s <<= sh;
    return round_pack(sign, e + 3 - sh,
                      (uint64_t)(s >> 64) | ((uint64_t)s != 0), rm, flags,
                      f);
}

/* ---- Comparisons, min/max, class ---------------------------------------- */

/* a < b for non-NaN a, b with -0 < +0 (the order fmin/fmax use). */
SF_INLINE int total_less(uint64_t a, uint64_t b, SfFormat f)
{
    uint64_t sa = a & fmt_sign(f), sb = b & fmt_sign(f);

    if (sa != sb) {
        return sa != 0;
    }
    return a != b && ((a < b) ^ (sa != 0));
}

SF_INLINE int both_zero(uint64_t a, uint64_t b, SfFormat f)
{
    return ((a | b) & ~fmt_sign(f)) == 0;
}

/* Compares with NaN operands: false, NV for a signalling NaN (quiet
 * compare) or for any NaN (signalling compare). */
SF_COLD int compare_nan(uint64_t a, uint64_t b, int signalling,
                        SfFlags *flags, SfFormat f)
{
    if (signalling || is_snan(a, f) || is_snan(b, f)) {
        *flags |= SF_NV;
    }
    return 0;
}

SF_INLINE int eq_generic(uint64_t a, uint64_t b, SfFlags *flags, SfFormat f)
{
    if (__builtin_expect(is_nan(a, f) || is_nan(b, f), 0)) {
        return compare_nan(a, b, 0, flags, f);
    }
    return a == b || both_zero(a, b, f);
}

SF_INLINE int lt_generic(uint64_t a, uint64_t b, SfFlags *flags, SfFormat f)
{
    if (__builtin_expect(is_nan(a, f) || is_nan(b, f), 0)) {
        return compare_nan(a, b, 1, flags, f);
    }
    return total_less(a, b, f) && !both_zero(a, b, f);
}

SF_INLINE int le_generic(uint64_t a, uint64_t b, SfFlags *flags, SfFormat f)
{
    if (__builtin_expect(is_nan(a, f) || is_nan(b, f), 0)) {
        return compare_nan(a, b, 1, flags, f);
    }
    return !total_less(b, a, f) || both_zero(a, b, f);
}

/* fmin/fmax (RISC-V 2.2, IEEE 754-2019 minimumNumber/maximumNumber): a
 * NaN operand is ignored unless both are NaNs, -0 < +0, and only a
 * signalling NaN raises NV. */
SF_INLINE uint64_t minmax_generic(uint64_t a, uint64_t b, int want_max,
                                  SfFlags *flags, SfFormat f)
{
    int na = is_nan(a, f), nb = is_nan(b, f);

    if (__builtin_expect(na || nb, 0)) {
        if (is_snan(a, f) || is_snan(b, f)) {
            *flags |= SF_NV;
        }
        if (na && nb) {
            return fmt_nan(f);
        }
        return na ? b : a;
    }
    return (total_less(a, b, f) ^ want_max) ? a : b;
}

SF_INLINE uint32_t class_generic(uint64_t a, SfFormat f)
{
    SfUnpacked x = unpack(a, f);
    int is_subnormal = (a & fmt_inf(f)) == 0; /* exponent field 0 */

    switch (x.cls) {
    case CLS_QNAN:
        return SF_CLASS_QNAN;
    case CLS_SNAN:
        return SF_CLASS_SNAN;
    case CLS_INF:
        return x.sign ? SF_CLASS_NEG_INF : SF_CLASS_POS_INF;
    case CLS_ZERO:
        return x.sign ? SF_CLASS_NEG_ZERO : SF_CLASS_POS_ZERO;
    default:
        if (is_subnormal) {
            return x.sign ? SF_CLASS_NEG_SUBNORMAL : SF_CLASS_POS_SUBNORMAL;
        }
        return x.sign ? SF_CLASS_NEG_NORMAL : SF_CLASS_POS_NORMAL;
    }
}

/* ---- Conversions ------------------------------------------------------- */

/* Converts to a width-bit integer (32 or 64), signed or not, rounding with
 * rm.  Out of range (after rounding) saturates and raises NV only; NaN
 * gives the largest value.  Returns the result's two's complement bits. */
SF_INLINE uint64_t to_int_generic(uint64_t a, int rm, SfFlags *flags,
                                  SfFormat f, int is_signed, int width)
{
    SfUnpacked x = unpack(a, f);
    const uint64_t max_pos = is_signed ? (UINT64_C(1) << (width - 1)) - 1
                                       : UINT64_MAX >> (64 - width);
    const uint64_t max_neg = is_signed ? UINT64_C(1) << (width - 1) : 0;
    uint64_t q = 0, frac = 0;
    int big = 0;

    if (x.cls >= CLS_QNAN) {
        *flags |= SF_NV;
        return max_pos;
    }
    if (x.cls == CLS_INF || x.exp >= 64) {
        big = 1;
    } else if (x.cls == CLS_FINITE) {
        if (x.exp >= 0) {
            q = x.sig >> (63 - x.exp);
            frac = x.exp == 63 ? 0 : x.sig << (x.exp + 1);
        } else {
            frac = shr_jam64(x.sig, -1 - x.exp);
        }
        /* No wrap: q == UINT64_MAX only when x.exp == 63, with frac 0. */
        q += (uint64_t)round_up(q, frac, x.sign, rm);
    }
    if (big || q > (x.sign ? max_neg : max_pos)) {
        *flags |= SF_NV;
        return x.sign ? 0 - max_neg : max_pos;
    }
    if (frac != 0) {
        *flags |= SF_NX;
    }
    return x.sign ? 0 - q : q;
}

/* Converts sign * mag to format f. */
SF_INLINE uint64_t from_int_generic(int sign, uint64_t mag, int rm,
                                    SfFlags *flags, SfFormat f)
{
    if (mag == 0) {
        return 0;
    }
    return norm_round_pack(sign, 63, mag, rm, flags, f);
}

SF_INLINE uint64_t from_signed_generic(int64_t v, int rm, SfFlags *flags,
                                       SfFormat f)
{
    return from_int_generic(v < 0, v < 0 ? 0 - (uint64_t)v : (uint64_t)v, rm,
                            flags, f);
}

/* Converts between the two formats. */
SF_INLINE uint64_t convert_generic(uint64_t a, int rm, SfFlags *flags,
                                   SfFormat from, SfFormat to)
{
    SfUnpacked x = unpack(a, from);

    switch (x.cls) {
    case CLS_FINITE:
        return round_pack(x.sign, x.exp, x.sig, rm, flags, to);
    case CLS_ZERO:
        return fmt_zero(x.sign, to);
    case CLS_INF:
        return fmt_zero(x.sign, to) | fmt_inf(to);
    default:
        return nan_result(x.cls == CLS_SNAN, flags, to);
    }
}

/* ---- Public entry points ----------------------------------------------- */

/* Instantiates, for width W (32 or 64) with bit type T and format F:
 * sf_{add,sub,mul,div,sqrt,fma,min,max,eq,lt,le,class}_fW,
 * sf_fW_to_{i32,u32,i64,u64} and sf_{i32,u32,i64,u64}_to_fW. */
#define SF_DEFINE_FORMAT(W, T, F)                                            \
    T sf_add_f##W(T a, T b, int rm, SfFlags *flags)                          \
    {                                                                        \
        return (T)add_generic(a, b, rm, flags, F);                           \
    }                                                                        \
    T sf_sub_f##W(T a, T b, int rm, SfFlags *flags)                          \
    {                                                                        \
        return (T)add_generic(a, b ^ (T)fmt_sign(F), rm, flags, F);          \
    }                                                                        \
    T sf_mul_f##W(T a, T b, int rm, SfFlags *flags)                          \
    {                                                                        \
        return (T)mul_generic(a, b, rm, flags, F);                           \
    }                                                                        \
    T sf_div_f##W(T a, T b, int rm, SfFlags *flags)                          \
    {                                                                        \
        return (T)div_generic(a, b, rm, flags, F);                           \
    }                                                                        \
    T sf_sqrt_f##W(T a, int rm, SfFlags *flags)                              \
    {                                                                        \
        return (T)sqrt_generic(a, rm, flags, F);                             \
    }                                                                        \
    T sf_fma_f##W(T a, T b, T c, int rm, SfFlags *flags)                     \
    {                                                                        \
        return (T)fma_generic(a, b, c, rm, flags, F);                        \
    }                                                                        \
    T sf_min_f##W(T a, T b, SfFlags *flags)                                  \
    {                                                                        \
        return (T)minmax_generic(a, b, 0, flags, F);                         \
    }                                                                        \
    T sf_max_f##W(T a, T b, SfFlags *flags)                                  \
    {                                                                        \
        return (T)minmax_generic(a, b, 1, flags, F);                         \
    }                                                                        \
    int sf_eq_f##W(T a, T b, SfFlags *flags)                                 \
    {                                                                        \
        return eq_generic(a, b, flags, F);                                   \
    }                                                                        \
    int sf_lt_f##W(T a, T b, SfFlags *flags)                                 \
    {                                                                        \
        return lt_generic(a, b, flags, F);                                   \
    }                                                                        \
    int sf_le_f##W(T a, T b, SfFlags *flags)                                 \
    {                                                                        \
        return le_generic(a, b, flags, F);                                   \
    }                                                                        \
    uint32_t sf_class_f##W(T a)                                              \
    {                                                                        \
        return class_generic(a, F);                                          \
    }                                                                        \
    int32_t sf_f##W##_to_i32(T a, int rm, SfFlags *flags)                    \
    {                                                                        \
        return (int32_t)(uint32_t)to_int_generic(a, rm, flags, F, 1, 32);    \
    }                                                                        \
    uint32_t sf_f##W##_to_u32(T a, int rm, SfFlags *flags)                   \
    {                                                                        \
        return (uint32_t)to_int_generic(a, rm, flags, F, 0, 32);             \
    }                                                                        \
    int64_t sf_f##W##_to_i64(T a, int rm, SfFlags *flags)                    \
    {                                                                        \
        return (int64_t)to_int_generic(a, rm, flags, F, 1, 64);              \
    }                                                                        \
    uint64_t sf_f##W##_to_u64(T a, int rm, SfFlags *flags)                   \
    {                                                                        \
        return to_int_generic(a, rm, flags, F, 0, 64);                       \
    }                                                                        \
    T sf_i32_to_f##W(int32_t v, int rm, SfFlags *flags)                      \
    {                                                                        \
        return (T)from_signed_generic(v, rm, flags, F);                      \
    }                                                                        \
    T sf_u32_to_f##W(uint32_t v, int rm, SfFlags *flags)                     \
    {                                                                        \
        return (T)from_int_generic(0, v, rm, flags, F);                      \
    }                                                                        \
    T sf_i64_to_f##W(int64_t v, int rm, SfFlags *flags)                      \
    {                                                                        \
        return (T)from_signed_generic(v, rm, flags, F);                      \
    }                                                                        \
    T sf_u64_to_f##W(uint64_t v, int rm, SfFlags *flags)                     \
    {                                                                        \
        return (T)from_int_generic(0, v, rm, flags, F);                      \
    }

SF_DEFINE_FORMAT(32, uint32_t, FMT_F32)
SF_DEFINE_FORMAT(64, uint64_t, FMT_F64)

uint64_t sf_f32_to_f64(uint32_t a, SfFlags *flags)
{
    /* Exact: the rounding mode is never consulted. */
    return convert_generic(a, SF_RNE, flags, FMT_F32, FMT_F64);
}

uint32_t sf_f64_to_f32(uint64_t a, int rm, SfFlags *flags)
{
    return (uint32_t)convert_generic(a, rm, flags, FMT_F64, FMT_F32);
}
