/* RV64M: multiply (low and all high halves with every sign combination),
 * divide and remainder incl. division by zero and the INT_MIN / -1
 * overflow for div/rem/divu/remu and the W forms, W sign extension.
 * SPDX-License-Identifier: MIT */
#include "macros.h"

.macro TRR n, op, res, v1, v2
    TESTNUM \n
    li      a1, \v1
    li      a2, \v2
    \op     a0, a1, a2
    CHECK   a0, \res
    \op     a1, a1, a2
    CHECK   a1, \res
.endm

TEST_BEGIN
    /* mul */
    TRR 1, mul, 0, 0, 0
    TRR 2, mul, 6, 2, 3
    TRR 3, mul, 0xfffffffffffffffa, -2, 3
    TRR 4, mul, 0x0000000000000001, -1, -1
    TRR 5, mul, 0x8000000000000000, 0x8000000000000000, -1
    TRR 6, mul, 0x0000000000001200, 0x0000000000007e00, 0x6db6db6db6db6db7
    TRR 7, mul, 0xfedcba987654321 * 3 & 0xffffffffffffffff, 0xfedcba987654321, 3
    /* mulh (signed x signed) */
    TRR 8, mulh, 0, 2, 3
    TRR 9, mulh, 0xffffffffffffffff, -2, 3
    TRR 10, mulh, 0, -1, -1
    TRR 11, mulh, 0x4000000000000000, 0x8000000000000000, 0x8000000000000000
    TRR 12, mulh, 0xc000000000000000, 0x8000000000000000, 0x7fffffffffffffff
    TRR 13, mulh, 0x3fffffffffffffff, 0x7fffffffffffffff, 0x7fffffffffffffff
    TRR 14, mulh, 0xffffffffffffffff, 0x8000000000000000, 1
    /* mulhu (unsigned x unsigned) */
    TRR 15, mulhu, 0xfffffffffffffffe, -1, -1
    TRR 16, mulhu, 0, -1, 1
    TRR 17, mulhu, 0x4000000000000000, 0x8000000000000000, 0x8000000000000000
    TRR 18, mulhu, 2, -1, 3
    TRR 19, mulhu, 0x0000000000000001, 0x0000000100000000, 0x0000000100000000
    /* mulhsu (signed rs1 x unsigned rs2) */
    TRR 20, mulhsu, 0xffffffffffffffff, -1, -1
    TRR 21, mulhsu, 0xffffffffffffffff, -1, 0xfffffffffffffffe
    TRR 93, mulhsu, 0xfffffffffffffffe, -2, 0xffffffffffffffff
    TRR 22, mulhsu, 0x7ffffffffffffffe, 0x7fffffffffffffff, -1
    TRR 23, mulhsu, 0x8000000000000000, 0x8000000000000000, -1
    TRR 24, mulhsu, 0, 1, -1
    TRR 25, mulhsu, 0xffffffffffffffff, -1, 1
    TRR 26, mulhsu, 0xc000000000000000, 0x8000000000000000, 0x8000000000000000
    /* mulw: low 32 bits of the product, sign-extended; upper input bits
     * ignored */
    TRR 27, mulw, 0xffffffff80000000, 0x40000000, 2
    TRR 28, mulw, 0x0000000000000001, 0xffffffffffffffff, 0x00000000ffffffff
    TRR 29, mulw, 6, 0x1234567800000002, 0xabcdef0000000003
    TRR 30, mulw, 0, 0x10000, 0x10000

    /* div: signed, round toward zero */
    TRR 31, div, 3, 20, 6
    TRR 32, div, -3, -20, 6
    TRR 33, div, -3, 20, -6
    TRR 34, div, 3, -20, -6
    TRR 35, div, 0, 5, 6
    /* division by zero: quotient all ones */
    TRR 36, div, -1, 20, 0
    TRR 37, div, -1, -20, 0
    TRR 38, div, -1, 0, 0
    /* overflow: INT_MIN / -1 = INT_MIN */
    TRR 39, div, 0x8000000000000000, 0x8000000000000000, -1
    TRR 40, div, 0x8000000000000001, 0x7fffffffffffffff, -1
    /* divu */
    TRR 41, divu, 3, 20, 6
    TRR 42, divu, 0x2aaaaaaaaaaaaaa7, -20, 6
    TRR 43, divu, 0, 20, -6
    TRR 44, divu, 0xffffffffffffffff, 20, 0
    TRR 45, divu, 0xffffffffffffffff, 0, 0
    TRR 46, divu, 0, 0x8000000000000000, -1
    TRR 47, divu, 1, -1, -1
    /* rem: sign of the dividend */
    TRR 48, rem, 2, 20, 6
    TRR 49, rem, -2, -20, 6
    TRR 50, rem, 2, 20, -6
    TRR 51, rem, -2, -20, -6
    /* rem by zero = dividend */
    TRR 52, rem, 20, 20, 0
    TRR 53, rem, -20, -20, 0
    TRR 54, rem, 0x8000000000000000, 0x8000000000000000, 0
    /* rem overflow = 0 */
    TRR 55, rem, 0, 0x8000000000000000, -1
    TRR 56, rem, 0, -7, -1
    /* remu */
    TRR 57, remu, 2, 20, 6
    TRR 58, remu, 2, -20, 6
    TRR 59, remu, 20, 20, -6
    TRR 60, remu, 20, 20, 0
    TRR 61, remu, 0xffffffffffffffff, -1, 0
    TRR 62, remu, 0x8000000000000000, 0x8000000000000000, -1

    /* divw: operate on low 32 bits, result sign-extended */
    TRR 63, divw, 3, 20, 6
    TRR 64, divw, -3, 0x00000000ffffffec, 6
    TRR 65, divw, -3, 0x12345678ffffffec, 0xabcdef0000000006
    TRR 66, divw, -1, 20, 0
    TRR 67, divw, -1, 20, 0x100000000
    TRR 68, divw, 0xffffffff80000000, 0x80000000, -1
    TRR 69, divw, 0xffffffff80000000, 0xffffffff80000000, 0xffffffff
    TRR 70, divw, 0x7fffffff, 0x7fffffff, 1
    /* divuw */
    TRR 71, divuw, 0x2aaaaaa7, 0xffffffec, 6
    TRR 72, divuw, 0x2aaaaaa7, 0x00000005ffffffec, 6
    TRR 73, divuw, -1, 20, 0
    TRR 74, divuw, -1, 0, 0x100000000
    TRR 75, divuw, 0xffffffff80000000, 0x80000000, 1
    TRR 76, divuw, 0, 0x80000000, -1
    TRR 77, divuw, 1, 0xffffffff, 0xffffffff
    /* remw */
    TRR 78, remw, 2, 20, 6
    TRR 79, remw, -2, 0xffffffec, 6
    TRR 80, remw, 20, 20, 0
    TRR 81, remw, 0xffffffffffffffec, 0x00000001ffffffec, 0
    TRR 82, remw, 0, 0x80000000, -1
    TRR 83, remw, 0, 0xffffffff80000000, 0xffffffff
    TRR 84, remw, 0xffffffff80000000, 0x80000000, 0
    /* remuw */
    TRR 85, remuw, 2, 0xffffffec, 6
    TRR 86, remuw, 20, 20, 0
    TRR 87, remuw, 0xffffffffffffffec, 0xffffffec, 0
    TRR 88, remuw, 0xffffffff80000000, 0x80000000, -1
    TRR 89, remuw, 0xffffffff80000000, 0x80000000, 0x100000000
    TRR 90, remuw, 0, 0xffffffff, 0xffffffff

    /* writes to x0 are dropped even for divides */
    TESTNUM 91
    li      a1, 5
    li      a2, 0
    div     x0, a1, a2
    mulh    x0, a1, a1
    CHECK   x0, 0
    /* rs1 == rs2 */
    TESTNUM 92
    li      a1, -7
    mul     a0, a1, a1
    CHECK   a0, 49
    div     a0, a1, a1
    CHECK   a0, 1
    rem     a0, a1, a1
    CHECK   a0, 0
    mulhu   a0, a1, a1
    CHECK   a0, 0xfffffffffffffff2
    PASS
