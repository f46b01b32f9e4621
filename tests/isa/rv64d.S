/* RV64D double precision: arithmetic in every rounding mode, every fflags
 * bit (incl. tininess after rounding), fused multiply-add family incl.
 * 0*inf+qNaN and single rounding, fmin/fmax with sNaN/qNaN/-0/+0, fclass of
 * every class, sign injection, compares, conversions double<->single
 * (rounding, overflow edge, NaN canonicalisation, boxing of the single
 * result) and double<->integer (fcvt.l.d of large values, rounding that
 * overflows, -0.5 in every mode), raw moves and fld/fsd (NaN payloads are
 * preserved), and FS = Off traps.
 * SPDX-License-Identifier: MIT */
#include "macros.h"

#define QNAN 0x7ff8000000000000
#define SNAN 0x7ff0000000000001
#define INF 0x7ff0000000000000
#define NINF 0xfff0000000000000
#define ONE 0x3ff0000000000000
#define NONE 0xbff0000000000000
#define TWO 0x4000000000000000
#define THREE 0x4008000000000000
#define HALF 0x3fe0000000000000
#define NHALF 0xbfe0000000000000
#define MAXD 0x7fefffffffffffff
#define NMAXD 0xffefffffffffffff
#define MIND 0x0010000000000000
#define NZERO 0x8000000000000000
#define ULPH 0x3ca0000000000000     /* 2^-53 */
#define ULP34 0x3ca8000000000000    /* 1.5 * 2^-53 */

#define SBOX 0xffffffff00000000
#define SQNAN 0x7fc00000
#define SONE 0x3f800000

#define NV 0x10
#define DZ 0x08
#define OF 0x04
#define UF 0x02
#define NX 0x01

.macro LDD freg, bits
    li      t0, \bits
    fmv.d.x \freg, t0
.endm

.macro FD2 n, op, rm, a, b, res, flags
    TESTNUM \n
    LDD     f1, \a
    LDD     f2, \b
    \op     f3, f1, f2, \rm
    CHECKFD f3, \res
    CHECKFLAGS \flags
.endm

.macro FD2N n, op, a, b, res, flags
    TESTNUM \n
    LDD     f1, \a
    LDD     f2, \b
    \op     f3, f1, f2
    CHECKFD f3, \res
    CHECKFLAGS \flags
.endm

.macro FD1 n, op, rm, a, res, flags
    TESTNUM \n
    LDD     f1, \a
    \op     f3, f1, \rm
    CHECKFD f3, \res
    CHECKFLAGS \flags
.endm

.macro FD3 n, op, rm, a, b, c, res, flags
    TESTNUM \n
    LDD     f1, \a
    LDD     f2, \b
    LDD     f4, \c
    \op     f3, f1, f2, f4, \rm
    CHECKFD f3, \res
    CHECKFLAGS \flags
.endm

.macro FCMP n, op, a, b, res, flags
    TESTNUM \n
    LDD     f1, \a
    LDD     f2, \b
    \op     a0, f1, f2
    CHECK   a0, \res
    CHECKFLAGS \flags
.endm

.macro FTOI n, op, rm, a, res, flags
    TESTNUM \n
    LDD     f1, \a
    \op     a0, f1, \rm
    CHECK   a0, \res
    CHECKFLAGS \flags
.endm

.macro ITOF n, op, rm, ival, res, flags
    TESTNUM \n
    li      a0, \ival
    \op     f3, a0, \rm
    CHECKFD f3, \res
    CHECKFLAGS \flags
.endm

.macro ITOFX n, op, ival, res
    TESTNUM \n
    li      a0, \ival
    \op     f3, a0
    CHECKFD f3, \res
    CHECKFLAGS 0
.endm

.macro FCLASS n, a, res
    TESTNUM \n
    LDD     f1, \a
    fclass.d a0, f1
    CHECK   a0, \res
    CHECKFLAGS 0
.endm

TEST_BEGIN
    /* ---- arithmetic ---- */
    FD2 1, fadd.d, rne, ONE, TWO, THREE, 0
    FD2 2, fsub.d, rne, ONE, TWO, NONE, 0
    FD2 3, fmul.d, rne, TWO, THREE, 0x4018000000000000, 0
    FD2 4, fdiv.d, rne, THREE, TWO, 0x3ff8000000000000, 0
    FD1 5, fsqrt.d, rne, 0x4010000000000000, TWO, 0
    FD2 6, fsub.d, rne, THREE, THREE, 0, 0
    FD2 7, fsub.d, rdn, THREE, THREE, NZERO, 0
    FD2 8, fadd.d, rne, NZERO, NZERO, NZERO, 0
    /* rounding: 1 + 2^-53 is a tie */
    FD2 10, fadd.d, rne, ONE, ULPH, ONE, NX
    FD2 11, fadd.d, rtz, ONE, ULPH, ONE, NX
    FD2 12, fadd.d, rdn, ONE, ULPH, ONE, NX
    FD2 13, fadd.d, rup, ONE, ULPH, 0x3ff0000000000001, NX
    FD2 14, fadd.d, rmm, ONE, ULPH, 0x3ff0000000000001, NX
    FD2 15, fsub.d, rne, NONE, ULPH, NONE, NX
    FD2 16, fsub.d, rdn, NONE, ULPH, 0xbff0000000000001, NX
    FD2 17, fsub.d, rup, NONE, ULPH, NONE, NX
    FD2 18, fsub.d, rmm, NONE, ULPH, 0xbff0000000000001, NX
    FD2 19, fadd.d, rne, 0x3ff0000000000001, ULPH, 0x3ff0000000000002, NX
    FD2 20, fadd.d, rne, ONE, ULP34, 0x3ff0000000000001, NX
    FD2 21, fadd.d, rtz, ONE, ULP34, ONE, NX
    /* 1/3 (remainder 1/3 ulp: RNE and RMM round down) */
    FD2 22, fdiv.d, rne, ONE, THREE, 0x3fd5555555555555, NX
    FD2 23, fdiv.d, rtz, ONE, THREE, 0x3fd5555555555555, NX
    FD2 24, fdiv.d, rdn, ONE, THREE, 0x3fd5555555555555, NX
    FD2 25, fdiv.d, rup, ONE, THREE, 0x3fd5555555555556, NX
    FD2 26, fdiv.d, rmm, ONE, THREE, 0x3fd5555555555555, NX
    FD2 27, fdiv.d, rdn, NONE, THREE, 0xbfd5555555555556, NX
    /* sqrt(2) */
    FD1 28, fsqrt.d, rne, TWO, 0x3ff6a09e667f3bcd, NX
    FD1 29, fsqrt.d, rtz, TWO, 0x3ff6a09e667f3bcc, NX
    FD1 30, fsqrt.d, rup, TWO, 0x3ff6a09e667f3bcd, NX
    /* dynamic rounding */
    TESTNUM 31
    li      a1, 3
    fsrm    a1
    LDD     f1, ONE
    LDD     f2, THREE
    fdiv.d  f3, f1, f2
    CHECKFD f3, 0x3fd5555555555556
    fsrm    zero
    fdiv.d  f3, f1, f2
    CHECKFD f3, 0x3fd5555555555555
    CHECKFLAGS NX

    /* ---- flags ---- */
    FD2 32, fdiv.d, rne, 0, 0, QNAN, NV
    FD2 33, fsub.d, rne, INF, INF, QNAN, NV
    FD2 34, fmul.d, rne, NINF, 0, QNAN, NV
    FD1 35, fsqrt.d, rne, NONE, QNAN, NV
    FD1 36, fsqrt.d, rne, NINF, QNAN, NV
    FD1 37, fsqrt.d, rne, INF, INF, 0
    FD2 38, fadd.d, rne, SNAN, ONE, QNAN, NV
    FD2 39, fadd.d, rne, 0x7ff8000000012345, ONE, QNAN, 0
    FD2 40, fdiv.d, rne, NONE, 0, NINF, DZ
    FD2 41, fdiv.d, rne, ONE, NZERO, NINF, DZ
    FD2 42, fmul.d, rne, MAXD, TWO, INF, OF|NX
    FD2 43, fmul.d, rtz, MAXD, TWO, MAXD, OF|NX
    FD2 44, fmul.d, rdn, MAXD, TWO, MAXD, OF|NX
    FD2 45, fmul.d, rup, NMAXD, TWO, NMAXD, OF|NX
    FD2 46, fmul.d, rmm, NMAXD, TWO, NINF, OF|NX
    FD2 47, fmul.d, rdn, NMAXD, TWO, NINF, OF|NX
    /* UF, tininess after rounding */
    FD2 48, fmul.d, rne, 0x0010000000000001, HALF, 0x0008000000000000, UF|NX
    FD2 49, fmul.d, rup, 0x0010000000000001, HALF, 0x0008000000000001, UF|NX
    FD2 50, fmul.d, rne, MIND, HALF, 0x0008000000000000, 0
    /* (1-2^-27) * 2^-1022*(1+2^-27) = 2^-1022*(1-2^-54): a tie at unbounded
     * exponent that rounds (RNE, RMM, RUP) to 2^-1022 -> not tiny */
    FD2 51, fmul.d, rne, 0x3feffffffc000000, 0x0010000002000000, MIND, NX
    FD2 52, fmul.d, rmm, 0x3feffffffc000000, 0x0010000002000000, MIND, NX
    FD2 53, fmul.d, rup, 0x3feffffffc000000, 0x0010000002000000, MIND, NX
    FD2 54, fmul.d, rtz, 0x3feffffffc000000, 0x0010000002000000, 0x000fffffffffffff, UF|NX
    FD2 55, fmul.d, rdn, 0x3feffffffc000000, 0x0010000002000000, 0x000fffffffffffff, UF|NX
    FD2 56, fmul.d, rne, 0x0000000000000001, HALF, 0, UF|NX
    FD2 57, fmul.d, rdn, 0x8000000000000001, HALF, 0x8000000000000001, UF|NX
    FD2 58, fadd.d, rne, 0x000fffffffffffff, 0x0000000000000001, MIND, 0

    /* ---- fused multiply-add ---- */
    FD3 60, fmadd.d, rne, TWO, THREE, ONE, 0x401c000000000000, 0
    FD3 61, fmsub.d, rne, TWO, THREE, ONE, 0x4014000000000000, 0
    FD3 62, fnmsub.d, rne, TWO, THREE, ONE, 0xc014000000000000, 0
    FD3 63, fnmadd.d, rne, TWO, THREE, ONE, 0xc01c000000000000, 0
    FD3 64, fmadd.d, rne, 0x3ff0000000000001, 0x3feffffffffffffe, NONE, 0xb970000000000000, 0
    FD3 65, fmadd.d, rne, 0, INF, QNAN, QNAN, NV
    FD3 66, fmsub.d, rne, NINF, NZERO, 0x7ff8000000000001, QNAN, NV
    FD3 67, fnmadd.d, rne, INF, 0, ONE, QNAN, NV
    FD3 68, fmadd.d, rne, TWO, TWO, QNAN, QNAN, 0
    FD3 69, fmadd.d, rne, SNAN, TWO, ONE, QNAN, NV
    FD3 70, fmadd.d, rne, INF, TWO, NINF, QNAN, NV
    FD3 71, fmadd.d, rne, ONE, ONE, NONE, 0, 0
    FD3 72, fmadd.d, rdn, ONE, ONE, NONE, NZERO, 0
    FD3 73, fnmadd.d, rne, ONE, ONE, NONE, 0, 0
    FD3 74, fnmsub.d, rne, ONE, ONE, ONE, 0, 0
    FD3 75, fnmsub.d, rdn, ONE, ONE, ONE, NZERO, 0
    FD3 76, fmadd.d, rne, MAXD, TWO, NMAXD, MAXD, 0
    FD3 77, fmadd.d, rne, MAXD, MAXD, NINF, NINF, 0
    FD3 78, fmadd.d, rne, MAXD, MAXD, 0, INF, OF|NX

    /* ---- min / max ---- */
    FD2N 80, fmin.d, NZERO, 0, NZERO, 0
    FD2N 81, fmin.d, 0, NZERO, NZERO, 0
    FD2N 82, fmax.d, NZERO, 0, 0, 0
    FD2N 83, fmax.d, 0, NZERO, 0, 0
    FD2N 84, fmin.d, QNAN, NONE, NONE, 0
    FD2N 85, fmax.d, NONE, 0x7ff8000000000005, NONE, 0
    FD2N 86, fmin.d, SNAN, TWO, TWO, NV
    FD2N 87, fmax.d, TWO, 0xfff0000000000001, TWO, NV
    FD2N 88, fmin.d, QNAN, 0xfff8000000000000, QNAN, 0
    FD2N 89, fmax.d, SNAN, SNAN, QNAN, NV
    FD2N 90, fmin.d, ONE, TWO, ONE, 0
    FD2N 91, fmax.d, NINF, NMAXD, NMAXD, 0

    /* ---- sign injection ---- */
    FD2N 92, fsgnj.d, ONE, NZERO, NONE, 0
    FD2N 93, fsgnjn.d, ONE, NZERO, ONE, 0
    FD2N 94, fsgnjx.d, NONE, NZERO, ONE, 0
    FD2N 95, fsgnjn.d, SNAN, SNAN, 0xfff0000000000001, 0
    FD2N 96, fsgnjx.d, 0xfff8000000000123, NONE, 0x7ff8000000000123, 0

    /* ---- compares ---- */
    FCMP 97, feq.d, NZERO, 0, 1, 0
    FCMP 98, feq.d, QNAN, QNAN, 0, 0
    FCMP 99, feq.d, ONE, SNAN, 0, NV
    FCMP 100, flt.d, NONE, ONE, 1, 0
    FCMP 101, flt.d, QNAN, ONE, 0, NV
    FCMP 102, fle.d, ONE, ONE, 1, 0
    FCMP 103, fle.d, SNAN, ONE, 0, NV
    FCMP 104, flt.d, 0x0000000000000001, 0x0000000000000002, 1, 0

    /* ---- fclass ---- */
    FCLASS 105, NINF, 1 << 0
    FCLASS 106, NONE, 1 << 1
    FCLASS 107, 0x800fffffffffffff, 1 << 2
    FCLASS 108, NZERO, 1 << 3
    FCLASS 109, 0, 1 << 4
    FCLASS 110, 0x0000000000000001, 1 << 5
    FCLASS 111, MAXD, 1 << 6
    FCLASS 112, INF, 1 << 7
    FCLASS 113, SNAN, 1 << 8
    FCLASS 114, 0xfff7ffffffffffff, 1 << 8
    FCLASS 115, QNAN, 1 << 9
    FCLASS 116, 0xfff8000000000001, 1 << 9

    /* ---- double <-> single ---- */
    /* result of fcvt.s.d is NaN-boxed */
    TESTNUM 117
    LDD     f1, ONE
    fcvt.s.d f3, f1
    CHECKFD f3, SBOX | SONE
    CHECKFLAGS 0
    /* rounding to single */
    FD1 118, fcvt.s.d, rne, 0x3fd5555555555555, SBOX | 0x3eaaaaab, NX
    FD1 119, fcvt.s.d, rtz, 0x3fd5555555555555, SBOX | 0x3eaaaaaa, NX
    /* overflow edge: halfway between FLT_MAX and 2^128 */
    FD1 120, fcvt.s.d, rne, 0x47effffff0000000, SBOX | 0x7f800000, OF|NX
    FD1 121, fcvt.s.d, rtz, 0x47effffff0000000, SBOX | 0x7f7fffff, NX
    FD1 122, fcvt.s.d, rup, 0x47effffff0000000, SBOX | 0x7f800000, OF|NX
    FD1 123, fcvt.s.d, rne, 0x47efffffefffffff, SBOX | 0x7f7fffff, NX
    FD1 124, fcvt.s.d, rne, MAXD, SBOX | 0x7f800000, OF|NX
    FD1 125, fcvt.s.d, rtz, NMAXD, SBOX | 0xff7fffff, OF|NX
    /* tininess after rounding: 2^-126 - 2^-152 */
    FD1 126, fcvt.s.d, rne, 0x380ffffff8000000, SBOX | 0x00800000, NX
    FD1 127, fcvt.s.d, rtz, 0x380ffffff8000000, SBOX | 0x007fffff, UF|NX
    FD1 128, fcvt.s.d, rne, 0x0000000000000001, SBOX | 0, UF|NX
    /* NaNs become the canonical NaN */
    FD1 129, fcvt.s.d, rne, SNAN, SBOX | SQNAN, NV
    FD1 130, fcvt.s.d, rne, 0xfff8000000000123, SBOX | SQNAN, 0
    FD1 131, fcvt.s.d, rne, NINF, SBOX | 0xff800000, 0
    FD1 132, fcvt.s.d, rne, NZERO, SBOX | 0x80000000, 0
    /* single -> double is exact */
    TESTNUM 133
    li      a0, 0x00000001          /* smallest single subnormal */
    fmv.w.x f1, a0
    fcvt.d.s f3, f1
    CHECKFD f3, 0x36a0000000000000
    li      a0, 0x7f800001          /* sNaN */
    fmv.w.x f1, a0
    fcvt.d.s f3, f1
    CHECKFD f3, QNAN
    CHECKFLAGS NV
    li      a0, 0xffc00123          /* qNaN with payload */
    fmv.w.x f1, a0
    fcvt.d.s f3, f1
    CHECKFD f3, QNAN
    li      a0, 0x80000000
    fmv.w.x f1, a0
    fcvt.d.s f3, f1
    CHECKFD f3, NZERO
    li      a0, 0x7f7fffff
    fmv.w.x f1, a0
    fcvt.d.s f3, f1
    CHECKFD f3, 0x47efffffe0000000
    CHECKFLAGS 0

    /* ---- double -> integer ---- */
    FTOI 140, fcvt.w.d, rne, NHALF, 0, NX
    FTOI 141, fcvt.w.d, rtz, NHALF, 0, NX
    FTOI 142, fcvt.w.d, rdn, NHALF, -1, NX
    FTOI 143, fcvt.w.d, rup, NHALF, 0, NX
    FTOI 144, fcvt.w.d, rmm, NHALF, -1, NX
    FTOI 145, fcvt.l.d, rne, NHALF, 0, NX
    FTOI 146, fcvt.l.d, rtz, NHALF, 0, NX
    FTOI 147, fcvt.l.d, rdn, NHALF, -1, NX
    FTOI 148, fcvt.l.d, rup, NHALF, 0, NX
    FTOI 149, fcvt.l.d, rmm, NHALF, -1, NX
    /* 2^31 - 0.5: rounds up out of range in RNE/RUP/RMM */
    FTOI 150, fcvt.w.d, rne, 0x41dfffffffe00000, 0x7fffffff, NV
    FTOI 151, fcvt.w.d, rtz, 0x41dfffffffe00000, 0x7fffffff, NX
    FTOI 152, fcvt.w.d, rdn, 0x41dfffffffe00000, 0x7fffffff, NX
    FTOI 153, fcvt.w.d, rup, 0x41dfffffffe00000, 0x7fffffff, NV
    FTOI 154, fcvt.w.d, rmm, 0x41dfffffffe00000, 0x7fffffff, NV
    /* -2^31 - 0.5 */
    FTOI 155, fcvt.w.d, rne, 0xc1e0000000100000, 0xffffffff80000000, NX
    FTOI 156, fcvt.w.d, rdn, 0xc1e0000000100000, 0xffffffff80000000, NV
    FTOI 157, fcvt.w.d, rmm, 0xc1e0000000100000, 0xffffffff80000000, NV
    FTOI 158, fcvt.w.d, rtz, 0xc1e0000000100000, 0xffffffff80000000, NX
    /* 2^32 - 0.5 unsigned */
    FTOI 159, fcvt.wu.d, rtz, 0x41effffffff00000, 0xffffffffffffffff, NX
    FTOI 160, fcvt.wu.d, rne, 0x41effffffff00000, 0xffffffffffffffff, NV
    FTOI 161, fcvt.wu.d, rtz, 0x41efffffffe00000, 0xffffffffffffffff, 0
    FTOI 162, fcvt.wu.d, rtz, 0x41e0000000000000, 0xffffffff80000000, 0
    FTOI 163, fcvt.wu.d, rtz, NONE, 0, NV
    FTOI 164, fcvt.wu.d, rne, NHALF, 0, NX
    FTOI 165, fcvt.wu.d, rtz, QNAN, 0xffffffffffffffff, NV
    /* large values */
    FTOI 166, fcvt.l.d, rtz, 0x43e0000000000000, 0x7fffffffffffffff, NV
    FTOI 167, fcvt.l.d, rtz, 0xc3e0000000000000, 0x8000000000000000, 0
    FTOI 168, fcvt.l.d, rtz, 0x43dfffffffffffff, 0x7ffffffffffffc00, 0
    FTOI 169, fcvt.l.d, rtz, 0xc3e0000000000001, 0x8000000000000000, NV
    FTOI 170, fcvt.l.d, rtz, INF, 0x7fffffffffffffff, NV
    FTOI 171, fcvt.l.d, rtz, NINF, 0x8000000000000000, NV
    FTOI 172, fcvt.l.d, rtz, QNAN, 0x7fffffffffffffff, NV
    FTOI 173, fcvt.l.d, rtz, 0xfff8000000000000, 0x7fffffffffffffff, NV
    FTOI 174, fcvt.l.d, rtz, SNAN, 0x7fffffffffffffff, NV
    FTOI 175, fcvt.lu.d, rtz, 0x43f0000000000000, 0xffffffffffffffff, NV
    FTOI 176, fcvt.lu.d, rtz, 0x43efffffffffffff, 0xfffffffffffff800, 0
    FTOI 177, fcvt.lu.d, rtz, 0x43e0000000000000, 0x8000000000000000, 0
    FTOI 178, fcvt.lu.d, rtz, NINF, 0, NV
    FTOI 179, fcvt.lu.d, rtz, INF, 0xffffffffffffffff, NV
    FTOI 180, fcvt.lu.d, rtz, NZERO, 0, 0
    FTOI 181, fcvt.l.d, rne, 0x3ff8000000000000, 2, NX
    FTOI 182, fcvt.l.d, rne, 0x4004000000000000, 2, NX
    FTOI 183, fcvt.l.d, rmm, 0x4004000000000000, 3, NX

    /* ---- integer -> double ---- */
    ITOF 184, fcvt.d.l, rne, 0x7fffffffffffffff, 0x43e0000000000000, NX
    ITOF 185, fcvt.d.l, rtz, 0x7fffffffffffffff, 0x43dfffffffffffff, NX
    ITOF 186, fcvt.d.l, rne, 0x8000000000000000, 0xc3e0000000000000, 0
    ITOF 187, fcvt.d.lu, rne, 0xffffffffffffffff, 0x43f0000000000000, NX
    ITOF 188, fcvt.d.lu, rdn, 0xffffffffffffffff, 0x43efffffffffffff, NX
    ITOFX 189, fcvt.d.w, 0x0000000080000000, 0xc1e0000000000000
    ITOFX 190, fcvt.d.wu, 0xffffffffffffffff, 0x41efffffffe00000
    ITOFX 191, fcvt.d.w, 0, 0
    ITOF 192, fcvt.d.l, rne, -3, 0xc008000000000000, 0

    /* ---- moves, loads and stores are raw (payloads kept) ---- */
    TESTNUM 193
    li      a0, 0x7ff0000000000123
    fmv.d.x f1, a0
    fmv.x.d a1, f1
    CHECKR  a1, a0
    la      a2, dbuf
    fsd     f1, 0(a2)
    ld      a3, 0(a2)
    CHECKR  a3, a0
    li      a0, 0xfff4000000000000
    sd      a0, 8(a2)
    fld     f2, 8(a2)
    fmv.x.d a1, f2
    CHECKR  a1, a0
    CHECKFLAGS 0
    /* fsd of a boxed single stores all 64 bits */
    TESTNUM 194
    li      a0, 0x3f800000
    fmv.w.x f1, a0
    fsd     f1, 16(a2)
    ld      a3, 16(a2)
    CHECK   a3, 0xffffffff3f800000
    /* fld / fsd at misaligned addresses work like integer accesses */
    TESTNUM 195
    li      a0, 0x0123456789abcdef
    fmv.d.x f1, a0
    fsd     f1, 3(a2)
    fld     f2, 3(a2)
    fmv.x.d a1, f2
    CHECKR  a1, a0
    /* fmv.d.x / fmv.x.d with x0 */
    TESTNUM 196
    fmv.d.x f1, zero
    fmv.x.d a0, f1
    CHECK   a0, 0
    fmv.x.d zero, f1
    CHECK   zero, 0

    /* ---- FS = Off ---- */
    TESTNUM 197
    li      a0, MSTATUS_FS
    csrc    mstatus, a0
    MUST_TRAP CAUSE_ILLEGAL_INSN, fadd.d f3, f1, f2
    MUST_TRAP CAUSE_ILLEGAL_INSN, fld f1, 0(a2)
    MUST_TRAP CAUSE_ILLEGAL_INSN, fsd f1, 0(a2)
    MUST_TRAP CAUSE_ILLEGAL_INSN, fmv.x.d a0, f1
    MUST_TRAP CAUSE_ILLEGAL_INSN, fmv.d.x f1, a0
    MUST_TRAP CAUSE_ILLEGAL_INSN, fcvt.d.s f1, f2
    MUST_TRAP CAUSE_ILLEGAL_INSN, fcvt.l.d a0, f2
    MUST_TRAP CAUSE_ILLEGAL_INSN, fnmsub.d f1, f2, f2, f2
    CHECK_TVAL 0x122170cb
    li      a0, MSTATUS_FS_INITIAL
    csrs    mstatus, a0
    TESTNUM 198
    fadd.d  f3, f1, f2
    CHECKFLAGS 0

    /* ---- more rounding corner cases ---- */
    FD1 200, fsqrt.d, rne, 0x0000000000000001, 0x1e60000000000000, 0   /* 2^-537 */
    FD1 201, fsqrt.d, rne, SNAN, QNAN, NV
    FD2 202, fdiv.d, rne, MIND, THREE, 0x0005555555555555, UF|NX
    FD2 203, fdiv.d, rup, MIND, THREE, 0x0005555555555556, UF|NX
    FD2 204, fmul.d, rne, 0x3ff0000000000001, 0x3ff0000000000001, 0x3ff0000000000002, NX
    FD2 205, fmul.d, rup, 0x3ff0000000000001, 0x3ff0000000000001, 0x3ff0000000000003, NX
    FD3 206, fmadd.d, rup, 0x1a70000000000000, 0x1a70000000000000, ONE, 0x3ff0000000000001, NX
    FD3 207, fmadd.d, rne, 0x1a70000000000000, 0x1a70000000000000, ONE, ONE, NX
    FD2 208, fdiv.d, rne, NONE, INF, NZERO, 0
    FD1 209, fcvt.s.d, rup, 0x0000000000000001, SBOX | 1, UF|NX
    FTOI 210, fcvt.w.d, rtz, NZERO, 0, 0
    FTOI 211, fcvt.lu.d, rup, 0x3ff0000000000001, 2, NX
    FD2 212, fadd.d, rne, 0x8000000000000001, 0x0000000000000001, 0, 0
    FD2 213, fadd.d, rdn, 0x8000000000000001, 0x0000000000000001, NZERO, 0
    PASS

    .data
    .align  3
dbuf:   .dword  0, 0, 0, 0
