/* RV64F single precision: arithmetic in every static rounding mode and the
 * dynamic mode via frm, every fflags bit (NV DZ OF UF NX, incl. tininess
 * detected after rounding), NaN boxing (single-precision ops read an
 * improperly boxed register as the canonical NaN; transfers fmv.x.w and fsw
 * do not check), fmv.x.w sign extension, fcvt to/from integers incl. NaN,
 * infinities, overflow and -0.5 in every rounding mode, fmin/fmax with
 * sNaN/qNaN/-0/+0, fclass of every class, fsgnj family, fused multiply-add
 * family incl. 0*inf+qNaN, compares, fcsr/frm/fflags CSRs, reserved rounding
 * modes, and mstatus.FS (Off traps, Dirty tracking).
 * SPDX-License-Identifier: MIT */
#include "macros.h"

#define BOX 0xffffffff00000000
#define QNAN 0x7fc00000
#define SNAN 0x7f800001
#define INF 0x7f800000
#define NINF 0xff800000
#define ONE 0x3f800000
#define NONE 0xbf800000
#define TWO 0x40000000
#define THREE 0x40400000
#define HALF 0x3f000000
#define MAXF 0x7f7fffff
#define NMAXF 0xff7fffff
#define MINN 0x00800000
#define NZERO 0x80000000

#define NV 0x10
#define DZ 0x08
#define OF 0x04
#define UF 0x02
#define NX 0x01

/* Load single-precision bits into freg (boxed by fmv.w.x). */
.macro LDF freg, bits
    li      t0, \bits
    fmv.w.x \freg, t0
.endm

/* Check the full 64-bit register: properly boxed single result. */
.macro CHECKF freg, bits
    CHECKFD \freg, (BOX | (\bits))
.endm

.macro FS2 n, op, rm, a, b, res, flags
    TESTNUM \n
    LDF     f1, \a
    LDF     f2, \b
    \op     f3, f1, f2, \rm
    CHECKF  f3, \res
    CHECKFLAGS \flags
.endm

/* no rounding-mode operand */
.macro FS2N n, op, a, b, res, flags
    TESTNUM \n
    LDF     f1, \a
    LDF     f2, \b
    \op     f3, f1, f2
    CHECKF  f3, \res
    CHECKFLAGS \flags
.endm

.macro FS1 n, op, rm, a, res, flags
    TESTNUM \n
    LDF     f1, \a
    \op     f3, f1, \rm
    CHECKF  f3, \res
    CHECKFLAGS \flags
.endm

.macro FS3 n, op, rm, a, b, c, res, flags
    TESTNUM \n
    LDF     f1, \a
    LDF     f2, \b
    LDF     f4, \c
    \op     f3, f1, f2, f4, \rm
    CHECKF  f3, \res
    CHECKFLAGS \flags
.endm

/* integer result from one or two f operands */
.macro FCMP n, op, a, b, res, flags
    TESTNUM \n
    LDF     f1, \a
    LDF     f2, \b
    \op     a0, f1, f2
    CHECK   a0, \res
    CHECKFLAGS \flags
.endm

.macro FTOI n, op, rm, a, res, flags
    TESTNUM \n
    LDF     f1, \a
    \op     a0, f1, \rm
    CHECK   a0, \res
    CHECKFLAGS \flags
.endm

.macro ITOF n, op, rm, ival, res, flags
    TESTNUM \n
    li      a0, \ival
    \op     f3, a0, \rm
    CHECKF  f3, \res
    CHECKFLAGS \flags
.endm

.macro FCLASS n, a, res
    TESTNUM \n
    LDF     f1, \a
    fclass.s a0, f1
    CHECK   a0, \res
    CHECKFLAGS 0
.endm

TEST_BEGIN
    /* ---- basic arithmetic ---- */
    FS2 1, fadd.s, rne, ONE, TWO, THREE, 0
    FS2 2, fsub.s, rne, ONE, TWO, NONE, 0
    FS2 3, fmul.s, rne, TWO, THREE, 0x40c00000, 0
    FS2 4, fdiv.s, rne, THREE, TWO, 0x3fc00000, 0
    FS1 5, fsqrt.s, rne, 0x40800000, TWO, 0
    /* x - x = +0 except in RDN where it is -0 */
    FS2 6, fsub.s, rne, THREE, THREE, 0, 0
    FS2 7, fsub.s, rdn, THREE, THREE, NZERO, 0
    FS2 8, fadd.s, rne, NZERO, NZERO, NZERO, 0
    FS2 9, fadd.s, rne, NZERO, 0, 0, 0
    FS2 10, fadd.s, rdn, NZERO, 0, NZERO, 0

    /* ---- rounding: 1 + 2^-24 is a tie ---- */
    FS2 11, fadd.s, rne, ONE, 0x33800000, 0x3f800000, NX
    FS2 12, fadd.s, rtz, ONE, 0x33800000, 0x3f800000, NX
    FS2 13, fadd.s, rdn, ONE, 0x33800000, 0x3f800000, NX
    FS2 14, fadd.s, rup, ONE, 0x33800000, 0x3f800001, NX
    FS2 15, fadd.s, rmm, ONE, 0x33800000, 0x3f800001, NX
    /* tie, odd neighbour below: 1+2^-23 + 2^-24 */
    FS2 16, fadd.s, rne, 0x3f800001, 0x33800000, 0x3f800002, NX
    FS2 17, fadd.s, rtz, 0x3f800001, 0x33800000, 0x3f800001, NX
    /* negative tie */
    FS2 18, fsub.s, rne, NONE, 0x33800000, 0xbf800000, NX
    FS2 19, fsub.s, rtz, NONE, 0x33800000, 0xbf800000, NX
    FS2 20, fsub.s, rdn, NONE, 0x33800000, 0xbf800001, NX
    FS2 21, fsub.s, rup, NONE, 0x33800000, 0xbf800000, NX
    FS2 22, fsub.s, rmm, NONE, 0x33800000, 0xbf800001, NX
    /* not a tie: 1 + 0.75 ulp */
    FS2 23, fadd.s, rne, ONE, 0x33c00000, 0x3f800001, NX
    FS2 24, fadd.s, rtz, ONE, 0x33c00000, 0x3f800000, NX
    FS2 25, fadd.s, rdn, ONE, 0x33c00000, 0x3f800000, NX
    FS2 26, fadd.s, rup, ONE, 0x33c00000, 0x3f800001, NX
    FS2 27, fadd.s, rmm, ONE, 0x33c00000, 0x3f800001, NX
    /* 1/3 and -1/3 */
    FS2 28, fdiv.s, rne, ONE, THREE, 0x3eaaaaab, NX
    FS2 29, fdiv.s, rtz, ONE, THREE, 0x3eaaaaaa, NX
    FS2 30, fdiv.s, rdn, ONE, THREE, 0x3eaaaaaa, NX
    FS2 31, fdiv.s, rup, ONE, THREE, 0x3eaaaaab, NX
    FS2 32, fdiv.s, rmm, ONE, THREE, 0x3eaaaaab, NX
    FS2 33, fdiv.s, rne, NONE, THREE, 0xbeaaaaab, NX
    FS2 34, fdiv.s, rtz, NONE, THREE, 0xbeaaaaaa, NX
    FS2 35, fdiv.s, rdn, NONE, THREE, 0xbeaaaaab, NX
    FS2 36, fdiv.s, rup, NONE, THREE, 0xbeaaaaaa, NX
    FS2 37, fdiv.s, rmm, NONE, THREE, 0xbeaaaaab, NX
    /* sqrt(2) */
    FS1 38, fsqrt.s, rne, TWO, 0x3fb504f3, NX
    FS1 39, fsqrt.s, rup, TWO, 0x3fb504f4, NX
    FS1 40, fsqrt.s, rdn, TWO, 0x3fb504f3, NX

    /* ---- dynamic rounding mode from frm ---- */
    TESTNUM 41
    li      a1, 1           /* RTZ */
    fsrm    a2, a1
    CHECK   a2, 0
    LDF     f1, ONE
    LDF     f2, THREE
    fdiv.s  f3, f1, f2, dyn
    CHECKF  f3, 0x3eaaaaaa
    fdiv.s  f3, f1, f2      /* the assembler's default is dyn */
    CHECKF  f3, 0x3eaaaaaa
    fdiv.s  f3, f1, f2, rne /* static overrides frm */
    CHECKF  f3, 0x3eaaaaab
    CHECKFLAGS NX
    TESTNUM 42
    li      a1, 3           /* RUP */
    fsrm    a1
    LDF     f1, ONE
    LDF     f2, 0x33800000
    fadd.s  f3, f1, f2, dyn
    CHECKF  f3, 0x3f800001
    li      a1, 2           /* RDN */
    fsrm    a1
    fsub.s  f3, f2, f2, dyn
    CHECKF  f3, NZERO
    li      a1, 4           /* RMM */
    fsrm    a1
    fadd.s  f3, f1, f2, dyn
    CHECKF  f3, 0x3f800001
    li      a1, 0           /* RNE */
    fsrm    a1
    fadd.s  f3, f1, f2, dyn
    CHECKF  f3, 0x3f800000
    CHECKFLAGS NX

    /* ---- every flag ---- */
    /* NV: 0/0, inf-inf, 0*inf, sqrt(-1), sNaN operand */
    FS2 43, fdiv.s, rne, 0, 0, QNAN, NV
    FS2 44, fsub.s, rne, INF, INF, QNAN, NV
    FS2 45, fmul.s, rne, 0, INF, QNAN, NV
    FS1 46, fsqrt.s, rne, NONE, QNAN, NV
    FS1 47, fsqrt.s, rne, NZERO, NZERO, 0
    FS2 48, fadd.s, rne, SNAN, ONE, QNAN, NV
    /* qNaN operand: canonical NaN out, no flag */
    FS2 49, fadd.s, rne, 0x7fc12345, ONE, QNAN, 0
    FS2 50, fmul.s, rne, 0xffc00000, ONE, QNAN, 0
    /* DZ */
    FS2 51, fdiv.s, rne, ONE, 0, INF, DZ
    FS2 52, fdiv.s, rne, ONE, NZERO, NINF, DZ
    FS2 53, fdiv.s, rne, INF, 0, INF, 0
    /* OF in every mode, both signs */
    FS2 54, fmul.s, rne, MAXF, TWO, INF, OF|NX
    FS2 55, fmul.s, rtz, MAXF, TWO, MAXF, OF|NX
    FS2 56, fmul.s, rdn, MAXF, TWO, MAXF, OF|NX
    FS2 57, fmul.s, rup, MAXF, TWO, INF, OF|NX
    FS2 58, fmul.s, rmm, MAXF, TWO, INF, OF|NX
    FS2 59, fmul.s, rne, NMAXF, TWO, NINF, OF|NX
    FS2 60, fmul.s, rtz, NMAXF, TWO, NMAXF, OF|NX
    FS2 61, fmul.s, rdn, NMAXF, TWO, NINF, OF|NX
    FS2 62, fmul.s, rup, NMAXF, TWO, NMAXF, OF|NX
    FS2 63, fmul.s, rmm, NMAXF, TWO, NINF, OF|NX
    /* inf arithmetic is exact: no flags */
    FS2 64, fmul.s, rne, INF, TWO, INF, 0
    /* UF: tiny and inexact.  0x00800001 * 0.5 is a tie in the subnormal
     * range */
    FS2 65, fmul.s, rne, 0x00800001, HALF, 0x00400000, UF|NX
    FS2 66, fmul.s, rtz, 0x00800001, HALF, 0x00400000, UF|NX
    FS2 67, fmul.s, rup, 0x00800001, HALF, 0x00400001, UF|NX
    FS2 68, fmul.s, rmm, 0x00800001, HALF, 0x00400001, UF|NX
    /* exact subnormal result: no UF (UF needs inexact) */
    FS2 69, fmul.s, rne, MINN, HALF, 0x00400000, 0
    /* tininess is detected after rounding: (1-2^-13)*(2^-126*(1+2^-13))
     * = 2^-126*(1-2^-26) rounds (unbounded exponent) to 2^-126 in RNE, so
     * it is not tiny: NX only.  In RTZ it stays below: UF|NX. */
    FS2 70, fmul.s, rne, 0x3f7ff800, 0x00800400, MINN, NX
    FS2 71, fmul.s, rtz, 0x3f7ff800, 0x00800400, 0x007fffff, UF|NX
    FS2 72, fmul.s, rdn, 0x3f7ff800, 0x00800400, 0x007fffff, UF|NX
    FS2 73, fmul.s, rup, 0x3f7ff800, 0x00800400, MINN, NX
    /* underflow to zero */
    FS2 74, fmul.s, rne, 0x00000001, HALF, 0, UF|NX
    FS2 75, fmul.s, rup, 0x00000001, HALF, 0x00000001, UF|NX
    FS2 76, fmul.s, rne, 0x80000001, HALF, NZERO, UF|NX
    /* subnormal operands are not flushed */
    FS2 77, fadd.s, rne, 0x00000001, 0x00000001, 0x00000002, 0
    /* NX alone */
    FS2 78, fadd.s, rne, 0x4b800000, ONE, 0x4b800000, NX
    /* flags accumulate until cleared */
    TESTNUM 79
    LDF     f1, ONE
    LDF     f2, 0
    fdiv.s  f3, f1, f2
    fdiv.s  f3, f2, f2
    LDF     f2, THREE
    fdiv.s  f3, f1, f2
    CHECKFLAGS NV|DZ|NX

    /* ---- fused multiply-add family ---- */
    FS3 80, fmadd.s, rne, TWO, THREE, ONE, 0x40e00000, 0     /* 7 */
    FS3 81, fmsub.s, rne, TWO, THREE, ONE, 0x40a00000, 0     /* 5 */
    FS3 82, fnmsub.s, rne, TWO, THREE, ONE, 0xc0a00000, 0    /* -5 */
    FS3 83, fnmadd.s, rne, TWO, THREE, ONE, 0xc0e00000, 0    /* -7 */
    /* single rounding: (1+2^-23)(1-2^-23) - 1 = -2^-46 exactly */
    FS3 84, fmadd.s, rne, 0x3f800001, 0x3f7ffffe, NONE, 0xa8800000, 0
    /* 0 * inf + qNaN raises NV (spec requires it even for a quiet addend) */
    FS3 85, fmadd.s, rne, 0, INF, QNAN, QNAN, NV
    FS3 86, fmadd.s, rne, INF, 0, 0x7fc00001, QNAN, NV
    FS3 87, fnmsub.s, rne, 0, INF, ONE, QNAN, NV
    /* qNaN addend with a finite product: no flag */
    FS3 88, fmadd.s, rne, ONE, ONE, QNAN, QNAN, 0
    /* sNaN addend: NV */
    FS3 89, fmsub.s, rne, ONE, ONE, SNAN, QNAN, NV
    /* inf - inf inside the fma */
    FS3 90, fmadd.s, rne, INF, ONE, NINF, QNAN, NV
    /* exact zero results: sign rules.  a*b + c with opposite signs gives
     * +0 (-0 in RDN); fnmadd = -(a*b) - c is computed as such: +0 */
    FS3 91, fmadd.s, rne, ONE, ONE, NONE, 0, 0
    FS3 92, fmadd.s, rdn, ONE, ONE, NONE, NZERO, 0
    FS3 93, fnmadd.s, rne, ONE, ONE, NONE, 0, 0
    FS3 94, fnmadd.s, rdn, ONE, ONE, NONE, NZERO, 0
    FS3 95, fmadd.s, rne, NZERO, ONE, NZERO, NZERO, 0
    FS3 96, fnmadd.s, rne, 0, ONE, 0, NZERO, 0
    FS3 97, fnmsub.s, rne, 0, ONE, 0, 0, 0
    /* rounding of an fma */
    FS3 98, fmadd.s, rtz, ONE, THREE, 0x33c00000, THREE, NX
    FS3 99, fmadd.s, rup, ONE, THREE, 0x33c00000, 0x40400001, NX
    FS3 100, fmadd.s, rne, MAXF, TWO, NMAXF, MAXF, 0

    /* ---- fmin / fmax ---- */
    FS2N 101, fmin.s, ONE, TWO, ONE, 0
    FS2N 102, fmax.s, ONE, TWO, TWO, 0
    FS2N 103, fmin.s, NZERO, 0, NZERO, 0
    FS2N 104, fmin.s, 0, NZERO, NZERO, 0
    FS2N 105, fmax.s, NZERO, 0, 0, 0
    FS2N 106, fmax.s, 0, NZERO, 0, 0
    FS2N 107, fmin.s, QNAN, ONE, ONE, 0
    FS2N 108, fmax.s, ONE, 0x7fc00123, ONE, 0
    FS2N 109, fmin.s, SNAN, ONE, ONE, NV
    FS2N 110, fmax.s, ONE, 0xff800001, ONE, NV
    FS2N 111, fmin.s, QNAN, QNAN, QNAN, 0
    FS2N 112, fmax.s, 0x7fc00123, 0xffc00001, QNAN, 0
    FS2N 113, fmin.s, SNAN, SNAN, QNAN, NV
    FS2N 114, fmax.s, SNAN, QNAN, QNAN, NV
    FS2N 115, fmin.s, NINF, MAXF, NINF, 0
    FS2N 116, fmax.s, NINF, INF, INF, 0

    /* ---- sign injection (no NaN canonicalisation, never flags) ---- */
    FS2N 117, fsgnj.s, ONE, NONE, NONE, 0
    FS2N 118, fsgnj.s, NONE, ONE, ONE, 0
    FS2N 119, fsgnjn.s, ONE, ONE, NONE, 0
    FS2N 120, fsgnjn.s, ONE, NONE, ONE, 0
    FS2N 121, fsgnjx.s, NONE, NONE, ONE, 0
    FS2N 122, fsgnjx.s, NONE, ONE, NONE, 0
    FS2N 123, fsgnjn.s, SNAN, SNAN, 0xff800001, 0
    FS2N 124, fsgnj.s, 0x7fc12345, NONE, 0xffc12345, 0
    FS2N 125, fsgnjx.s, 0xff800001, NONE, SNAN, 0

    /* ---- compares ---- */
    FCMP 126, feq.s, ONE, ONE, 1, 0
    FCMP 127, feq.s, NZERO, 0, 1, 0
    FCMP 128, feq.s, QNAN, QNAN, 0, 0
    FCMP 129, feq.s, SNAN, ONE, 0, NV
    FCMP 130, flt.s, ONE, TWO, 1, 0
    FCMP 131, flt.s, TWO, ONE, 0, 0
    FCMP 132, flt.s, NZERO, 0, 0, 0
    FCMP 133, flt.s, QNAN, ONE, 0, NV
    FCMP 134, fle.s, NZERO, 0, 1, 0
    FCMP 135, fle.s, ONE, QNAN, 0, NV
    FCMP 136, fle.s, NINF, INF, 1, 0
    FCMP 137, flt.s, NINF, NINF, 0, 0

    /* ---- fclass: every class ---- */
    FCLASS 138, NINF, 1 << 0
    FCLASS 139, NONE, 1 << 1
    FCLASS 140, 0x807fffff, 1 << 2
    FCLASS 141, NZERO, 1 << 3
    FCLASS 142, 0, 1 << 4
    FCLASS 143, 0x00000001, 1 << 5
    FCLASS 144, MAXF, 1 << 6
    FCLASS 145, INF, 1 << 7
    FCLASS 146, SNAN, 1 << 8
    FCLASS 147, 0xffbfffff, 1 << 8
    FCLASS 148, QNAN, 1 << 9
    FCLASS 149, 0xffc00001, 1 << 9

    /* ---- conversions to integer ---- */
    /* -0.5 in every rounding mode */
    FTOI 150, fcvt.w.s, rne, 0xbf000000, 0, NX
    FTOI 151, fcvt.w.s, rtz, 0xbf000000, 0, NX
    FTOI 152, fcvt.w.s, rdn, 0xbf000000, -1, NX
    FTOI 153, fcvt.w.s, rup, 0xbf000000, 0, NX
    FTOI 154, fcvt.w.s, rmm, 0xbf000000, -1, NX
    /* -1.5 and 2.5 */
    FTOI 155, fcvt.w.s, rne, 0xbfc00000, -2, NX
    FTOI 156, fcvt.w.s, rtz, 0xbfc00000, -1, NX
    FTOI 157, fcvt.w.s, rdn, 0xbfc00000, -2, NX
    FTOI 158, fcvt.w.s, rup, 0xbfc00000, -1, NX
    FTOI 159, fcvt.w.s, rmm, 0xbfc00000, -2, NX
    FTOI 160, fcvt.w.s, rne, 0x40200000, 2, NX
    FTOI 161, fcvt.w.s, rup, 0x40200000, 3, NX
    FTOI 162, fcvt.w.s, rmm, 0x40200000, 3, NX
    FTOI 163, fcvt.w.s, rdn, 0x40200000, 2, NX
    /* dynamic rm for conversions */
    TESTNUM 164
    li      a1, 2
    fsrm    a1
    LDF     f1, 0xbf000000
    fcvt.w.s a0, f1, dyn
    CHECK   a0, -1
    fsrm    zero
    CHECKFLAGS NX
    /* out of range / NaN / inf */
    FTOI 165, fcvt.w.s, rtz, QNAN, 0x7fffffff, NV
    FTOI 166, fcvt.w.s, rtz, SNAN, 0x7fffffff, NV
    FTOI 167, fcvt.w.s, rtz, 0xffc00000, 0x7fffffff, NV
    FTOI 168, fcvt.w.s, rtz, INF, 0x7fffffff, NV
    FTOI 169, fcvt.w.s, rtz, NINF, 0xffffffff80000000, NV
    FTOI 170, fcvt.w.s, rtz, 0x4f000000, 0x7fffffff, NV           /* 2^31 */
    FTOI 171, fcvt.w.s, rtz, 0xcf000000, 0xffffffff80000000, 0    /* -2^31 */
    FTOI 172, fcvt.w.s, rtz, 0xcf000001, 0xffffffff80000000, NV
    FTOI 173, fcvt.w.s, rne, NONE, -1, 0
    /* unsigned: results are sign-extended from 32 bits on RV64 */
    FTOI 174, fcvt.wu.s, rtz, 0x4f32d05e, 0xffffffffb2d05e00, 0   /* 3e9 */
    FTOI 175, fcvt.wu.s, rtz, 0x4f800000, 0xffffffffffffffff, NV  /* 2^32 */
    FTOI 176, fcvt.wu.s, rtz, QNAN, 0xffffffffffffffff, NV
    FTOI 177, fcvt.wu.s, rtz, INF, 0xffffffffffffffff, NV
    FTOI 178, fcvt.wu.s, rtz, NINF, 0, NV
    FTOI 179, fcvt.wu.s, rtz, NONE, 0, NV
    FTOI 180, fcvt.wu.s, rne, 0xbf000000, 0, NX      /* -0.5 -> -0 -> 0 */
    FTOI 181, fcvt.wu.s, rdn, 0xbf000000, 0, NV      /* -0.5 -> -1 */
    FTOI 182, fcvt.wu.s, rtz, NZERO, 0, 0
    /* 64-bit */
    FTOI 183, fcvt.l.s, rtz, 0x5f000000, 0x7fffffffffffffff, NV   /* 2^63 */
    FTOI 184, fcvt.l.s, rtz, 0xdf000000, 0x8000000000000000, 0    /* -2^63 */
    FTOI 185, fcvt.l.s, rtz, 0x4f000000, 0x80000000, 0
    FTOI 186, fcvt.l.s, rtz, QNAN, 0x7fffffffffffffff, NV
    FTOI 187, fcvt.l.s, rtz, NINF, 0x8000000000000000, NV
    FTOI 188, fcvt.l.s, rmm, 0xbf000000, -1, NX
    FTOI 189, fcvt.lu.s, rtz, 0x5f000000, 0x8000000000000000, 0
    FTOI 190, fcvt.lu.s, rtz, 0x5f800000, 0xffffffffffffffff, NV  /* 2^64 */
    FTOI 191, fcvt.lu.s, rtz, NONE, 0, NV
    FTOI 192, fcvt.lu.s, rtz, SNAN, 0xffffffffffffffff, NV

    /* ---- conversions from integer ---- */
    ITOF 193, fcvt.s.w, rne, 16777217, 0x4b800000, NX
    ITOF 194, fcvt.s.w, rup, 16777217, 0x4b800001, NX
    ITOF 195, fcvt.s.w, rne, 0xffffffff80000000, 0xcf000000, 0
    ITOF 196, fcvt.s.w, rne, 0x00000000ffffffff, NONE, 0    /* only low 32 */
    ITOF 197, fcvt.s.wu, rne, 0xffffffffffffffff, 0x4f800000, NX
    ITOF 198, fcvt.s.wu, rtz, 0x00000000ffffffff, 0x4f7fffff, NX
    ITOF 199, fcvt.s.l, rne, 0x8000000000000000, 0xdf000000, 0
    ITOF 200, fcvt.s.l, rne, 0x7fffffffffffffff, 0x5f000000, NX
    ITOF 201, fcvt.s.l, rtz, 0x7fffffffffffffff, 0x5effffff, NX
    ITOF 202, fcvt.s.lu, rne, 0xffffffffffffffff, 0x5f800000, NX
    ITOF 203, fcvt.s.l, rne, 0, 0, 0
    ITOF 204, fcvt.s.l, rne, -1, NONE, 0

    /* ---- moves and NaN boxing ---- */
    /* fmv.x.w sign-extends bit 31 */
    TESTNUM 205
    LDF     f1, 0x80000000
    fmv.x.w a0, f1
    CHECK   a0, 0xffffffff80000000
    LDF     f1, 0x7fffffff
    fmv.x.w a0, f1
    CHECK   a0, 0x7fffffff
    /* fmv.w.x boxes, ignoring the upper half of the source */
    TESTNUM 206
    li      a0, 0x123456783f800000
    fmv.w.x f1, a0
    CHECKFD f1, 0xffffffff3f800000
    /* flw boxes */
    TESTNUM 207
    la      a1, fdata
    flw     f1, 0(a1)
    CHECKFD f1, 0xffffffffc0490fdb
    flw     f1, 4(a1)
    CHECKFD f1, 0xffffffff7f800001
    /* fsw stores the low 32 bits (no check of the box) */
    TESTNUM 208
    la      a1, fbuf
    li      a0, 0x123456789abcdef0
    fmv.d.x f1, a0
    fsw     f1, 0(a1)
    ld      a2, 0(a1)
    CHECK   a2, 0x9abcdef0
    /* fmv.x.w of an improperly boxed value: low 32 bits, no check */
    TESTNUM 209
    li      a0, 0x000000003f800000
    fmv.d.x f1, a0
    fmv.x.w a2, f1
    CHECK   a2, 0x3f800000
    /* arithmetic on an improperly boxed operand sees the canonical NaN */
    TESTNUM 210
    li      a0, 0x000000003f800000     /* 1.0f, not boxed */
    fmv.d.x f1, a0
    LDF     f2, ONE
    fadd.s  f3, f1, f2
    CHECKF  f3, QNAN
    CHECKFLAGS 0
    fadd.s  f3, f2, f1
    CHECKF  f3, QNAN
    fmul.s  f3, f1, f1
    CHECKF  f3, QNAN
    CHECKFLAGS 0
    /* partially boxed: upper half not all ones */
    TESTNUM 211
    li      a0, 0xfffffffe3f800000
    fmv.d.x f1, a0
    fsqrt.s f3, f1
    CHECKF  f3, QNAN
    CHECKFLAGS 0
    /* an unboxed sNaN pattern is still just the canonical qNaN: no NV */
    TESTNUM 212
    li      a0, 0x000000007f800001
    fmv.d.x f1, a0
    fadd.s  f3, f1, f1
    CHECKF  f3, QNAN
    CHECKFLAGS 0
    /* sign injection checks boxing too: unboxed input reads as canonical
     * NaN, whose sign then gets injected */
    TESTNUM 213
    li      a0, 0x00000000bf800000
    fmv.d.x f1, a0
    LDF     f2, ONE
    fsgnj.s f3, f1, f2
    CHECKF  f3, QNAN
    fsgnjn.s f3, f1, f2
    CHECKF  f3, 0xffc00000
    fneg.s  f3, f1
    CHECKF  f3, 0xffc00000
    fabs.s  f3, f1
    CHECKF  f3, QNAN
    fsgnj.s f3, f2, f1      /* sign source unboxed: sign of canonical NaN (+) */
    CHECKF  f3, ONE
    fsgnjn.s f3, f2, f1
    CHECKF  f3, NONE
    CHECKFLAGS 0
    /* compare / classify / convert / min of an unboxed value */
    TESTNUM 214
    li      a0, 0x000000003f800000
    fmv.d.x f1, a0
    LDF     f2, ONE
    feq.s   a0, f1, f2
    CHECK   a0, 0
    CHECKFLAGS 0
    flt.s   a0, f1, f2
    CHECK   a0, 0
    CHECKFLAGS NV
    fclass.s a0, f1
    CHECK   a0, 1 << 9
    fmin.s  f3, f1, f2
    CHECKF  f3, ONE
    fcvt.w.s a0, f1, rtz
    CHECK   a0, 0x7fffffff
    CHECKFLAGS NV
    fcvt.d.s f3, f1
    CHECKFD f3, 0x7ff8000000000000
    CHECKFLAGS 0
    /* fmadd with an unboxed addend */
    TESTNUM 215
    li      a0, 0x000000003f800000
    fmv.d.x f4, a0
    LDF     f1, ONE
    fmadd.s f3, f1, f1, f4
    CHECKF  f3, QNAN
    CHECKFLAGS 0

    /* ---- fcsr / frm / fflags ---- */
    TESTNUM 216
    li      a0, 0xffffffff
    csrw    fcsr, a0
    csrr    a1, fcsr
    CHECK   a1, 0xff
    csrr    a1, frm
    CHECK   a1, 7
    csrr    a1, fflags
    CHECK   a1, 0x1f
    TESTNUM 217
    csrwi   fflags, 0x5
    csrr    a1, fcsr
    CHECK   a1, 0xe5
    li      a0, 0xfa
    csrw    frm, a0
    csrr    a1, frm
    CHECK   a1, 2
    csrr    a1, fcsr
    CHECK   a1, 0x45
    TESTNUM 218
    csrrci  a1, fflags, 0x4
    CHECK   a1, 0x5
    csrrsi  a1, fflags, 0x1a
    CHECK   a1, 0x1
    csrr    a1, fflags
    CHECK   a1, 0x1b
    frflags a1
    CHECK   a1, 0x1b
    fsflags a2, zero
    CHECK   a2, 0x1b
    csrr    a1, fcsr
    CHECK   a1, 0x40
    TESTNUM 219
    li      a0, 0x3e0
    csrw    fcsr, a0
    csrr    a1, frm
    CHECK   a1, 7
    csrr    a1, fflags
    CHECK   a1, 0
    fscsr   a2, zero
    CHECK   a2, 0xe0
    csrr    a1, fcsr
    CHECK   a1, 0
    /* reserved static rounding modes 5 and 6: illegal instruction,
     * mtval = the instruction */
    TESTNUM 220
    LDF     f1, ONE
    MUST_TRAP CAUSE_ILLEGAL_INSN, .word 0x0010d1d3   /* fadd.s f3,f1,f1,rm=5 */
    CHECK_TVAL 0x0010d1d3
    TESTNUM 221
    MUST_TRAP CAUSE_ILLEGAL_INSN, .word 0x0010e1d3   /* fadd.s f3,f1,f1,rm=6 */
    CHECK_TVAL 0x0010e1d3
    /* dynamic rounding with frm = 5, 6, 7: illegal */
    TESTNUM 222
    li      a0, 5
    fsrm    a0
    MUST_TRAP CAUSE_ILLEGAL_INSN, fadd.s f3, f1, f1, dyn
    li      a0, 6
    fsrm    a0
    MUST_TRAP CAUSE_ILLEGAL_INSN, fmul.s f3, f1, f1, dyn
    li      a0, 7
    fsrm    a0
    MUST_TRAP CAUSE_ILLEGAL_INSN, fcvt.w.s a0, f1, dyn
    li      a0, 7
    fsrm    a0
    MUST_TRAP CAUSE_ILLEGAL_INSN, fmadd.s f3, f1, f1, f1, dyn
    /* ... while static modes and rm-less instructions still work */
    TESTNUM 223
    LDF     f2, TWO
    fadd.s  f3, f1, f2, rne
    CHECKF  f3, THREE
    fsgnjn.s f3, f1, f1
    CHECKF  f3, NONE
    fmin.s  f3, f1, f2
    CHECKF  f3, ONE
    feq.s   a0, f1, f1
    CHECK   a0, 1
    fmv.x.w a0, f1
    CHECK   a0, ONE
    csrr    a0, frm
    CHECK   a0, 7
    fsrm    zero
    CHECKFLAGS 0

    /* ---- mstatus.FS ---- */
    /* FS = Off: every FP instruction and FP CSR access is illegal */
    TESTNUM 224
    li      a0, MSTATUS_FS
    csrc    mstatus, a0
    csrr    a1, mstatus
    and     a1, a1, a0
    CHECK   a1, 0
    MUST_TRAP CAUSE_ILLEGAL_INSN, fadd.s f3, f1, f2
    CHECK_TVAL 0x0020f1d3
    TESTNUM 225
    la      a1, fbuf
    MUST_TRAP CAUSE_ILLEGAL_INSN, flw f1, 0(a1)
    MUST_TRAP CAUSE_ILLEGAL_INSN, fsw f1, 0(a1)
    MUST_TRAP CAUSE_ILLEGAL_INSN, fmv.x.w a0, f1
    MUST_TRAP CAUSE_ILLEGAL_INSN, fmv.w.x f1, a0
    MUST_TRAP CAUSE_ILLEGAL_INSN, fsgnj.s f1, f2, f2
    MUST_TRAP CAUSE_ILLEGAL_INSN, fclass.s a0, f1
    MUST_TRAP CAUSE_ILLEGAL_INSN, feq.s a0, f1, f2
    MUST_TRAP CAUSE_ILLEGAL_INSN, fcvt.s.w f1, a0
    MUST_TRAP CAUSE_ILLEGAL_INSN, fmadd.s f1, f2, f2, f2
    TESTNUM 226
    MUST_TRAP CAUSE_ILLEGAL_INSN, csrr a0, fflags
    CHECK_TVAL 0x00102573
    MUST_TRAP CAUSE_ILLEGAL_INSN, csrr a0, frm
    MUST_TRAP CAUSE_ILLEGAL_INSN, csrr a0, fcsr
    MUST_TRAP CAUSE_ILLEGAL_INSN, csrwi fflags, 0
    /* FS = Initial: an FP write makes it Dirty and sets SD */
    TESTNUM 227
    li      a0, MSTATUS_FS_INITIAL
    csrs    mstatus, a0
    csrr    a1, mstatus
    bltz    a1, fail                        /* SD clear */
    fadd.s  f3, f1, f2
    csrr    a1, mstatus
    li      a0, MSTATUS_FS
    and     a2, a1, a0
    CHECK   a2, MSTATUS_FS_DIRTY
    srli    a2, a1, 63
    CHECK   a2, 1
    /* FS = Clean: a write to fflags makes it Dirty */
    TESTNUM 228
    li      a0, MSTATUS_FS
    csrc    mstatus, a0
    li      a0, MSTATUS_FS_CLEAN
    csrs    mstatus, a0
    csrr    a1, mstatus
    bltz    a1, fail
    csrwi   fflags, 1
    csrr    a1, mstatus
    li      a0, MSTATUS_FS
    and     a2, a1, a0
    CHECK   a2, MSTATUS_FS_DIRTY
    bgez    a1, fail
    /* FS = Clean: flw (writes an f register) makes it Dirty */
    TESTNUM 229
    li      a0, MSTATUS_FS
    csrc    mstatus, a0
    li      a0, MSTATUS_FS_CLEAN
    csrs    mstatus, a0
    la      a1, fdata
    flw     f5, 0(a1)
    csrr    a1, mstatus
    li      a0, MSTATUS_FS
    and     a2, a1, a0
    CHECK   a2, MSTATUS_FS_DIRTY
    /* sstatus shows FS and SD too */
    TESTNUM 230
    csrr    a1, sstatus
    li      a0, MSTATUS_FS
    and     a2, a1, a0
    CHECK   a2, MSTATUS_FS_DIRTY
    bgez    a1, fail
    csrwi   fflags, 0

    /* ---- more rounding corner cases ---- */
    FS1 231, fsqrt.s, rne, 0x00000001, 0x1a3504f3, NX     /* subnormal in */
    FS1 232, fsqrt.s, rup, 0x00000001, 0x1a3504f4, NX
    FS1 233, fsqrt.s, rne, 0x007fffff, 0x1fffffff, NX
    FS1 234, fsqrt.s, rne, SNAN, QNAN, NV
    FS2 235, fdiv.s, rne, MINN, THREE, 0x002aaaab, UF|NX   /* subnormal out */
    FS2 236, fdiv.s, rtz, MINN, THREE, 0x002aaaaa, UF|NX
    FS2 237, fdiv.s, rne, MAXF, HALF, INF, OF|NX
    FS2 238, fdiv.s, rne, ONE, INF, 0, 0
    FS2 239, fdiv.s, rne, NONE, INF, NZERO, 0
    /* product far below the addend: only sticky bits remain */
    FS3 240, fmadd.s, rne, 0x0d800000, 0x0d800000, ONE, ONE, NX
    FS3 241, fmadd.s, rup, 0x0d800000, 0x0d800000, ONE, 0x3f800001, NX
    FS3 242, fmsub.s, rdn, 0x0d800000, 0x0d800000, NONE, ONE, NX
    FS3 243, fnmadd.s, rup, 0x0d800000, 0x0d800000, ONE, NONE, NX
    /* sticky bit in a product */
    FS2 244, fmul.s, rne, 0x3f800001, 0x3f800001, 0x3f800002, NX
    FS2 245, fmul.s, rup, 0x3f800001, 0x3f800001, 0x3f800003, NX
    FS2 246, fmul.s, rne, 0x00000001, 0x4b000000, MINN, 0
    /* large exponent difference in an add */
    FS2 247, fadd.s, rne, ONE, 0x21800000, ONE, NX
    FS2 248, fadd.s, rup, ONE, 0x21800000, 0x3f800001, NX
    FS2 249, fsub.s, rdn, ONE, 0x21800000, 0x3f7fffff, NX
    FS2 250, fsub.s, rne, 0x3f800001, ONE, 0x34000000, 0
    /* signed zeros through fma */
    FS3 251, fmadd.s, rne, NZERO, ONE, 0, 0, 0
    FS3 252, fmadd.s, rdn, NZERO, ONE, 0, NZERO, 0
    FS3 253, fmadd.s, rne, NZERO, ONE, NZERO, NZERO, 0
    FTOI 254, fcvt.w.s, rtz, 0x4effffff, 0x7fffff80, 0
    PASS

    .data
    .align  3
fdata:  .word   0xc0490fdb, 0x7f800001
fbuf:   .dword  0, 0
