/* RV64I integer computational instructions: register-register, immediate,
 * W forms (32-bit ops with sign extension), shifts, compares, LUI/AUIPC,
 * writes to x0.
 * SPDX-License-Identifier: MIT */
#include "macros.h"

/* rd = op(v1, v2) for register-register ops. */
.macro TRR n, op, res, v1, v2
    TESTNUM \n
    li      a1, \v1
    li      a2, \v2
    \op     a0, a1, a2
    CHECK   a0, \res
    /* rd == rs1 and rd == rs2 forms */
    li      a1, \v1
    li      a2, \v2
    \op     a1, a1, a2
    CHECK   a1, \res
    li      a1, \v1
    li      a2, \v2
    \op     a2, a1, a2
    CHECK   a2, \res
.endm

.macro TRI n, op, res, v1, imm
    TESTNUM \n
    li      a1, \v1
    \op     a0, a1, \imm
    CHECK   a0, \res
    li      a1, \v1
    \op     a1, a1, \imm
    CHECK   a1, \res
.endm

TEST_BEGIN
    /* add/sub */
    TRR 1, add, 0, 0, 0
    TRR 2, add, 2, 1, 1
    TRR 3, add, 0x0000000080000000, 0x7fffffff, 1
    TRR 4, add, 0x8000000000000000, 0x7fffffffffffffff, 1
    TRR 5, add, 0, -1, 1
    TRR 6, sub, 0xffffffffffffffff, 0, 1
    TRR 7, sub, 0x7fffffffffffffff, 0x8000000000000000, 1
    TRR 8, sub, 0, 0x123456789abcdef0, 0x123456789abcdef0
    /* addw/subw: 32-bit result sign-extended, upper input bits ignored */
    TRR 9, addw, 0xffffffff80000000, 0x7fffffff, 1
    TRR 10, addw, 0, 0xffffffff, 1
    TRR 11, addw, 3, 0x1234567800000001, 0xabcdef0000000002
    TRR 12, subw, 0x000000007fffffff, 0x80000000, 1
    TRR 13, subw, 0xffffffffffffffff, 0x100000000, 1
    /* logic */
    TRR 14, and, 0x0f000f00, 0xff00ff00, 0x0ff00ff0
    TRR 15, or, 0xfff0fff0, 0xff00ff00, 0x0ff00ff0
    TRR 16, xor, 0xf0f0f0f0, 0xff00ff00, 0x0ff00ff0
    TRR 17, xor, 0xffffffffffffffff, 0x5555555555555555, 0xaaaaaaaaaaaaaaaa
    /* shifts: only the low 6 bits of rs2 count */
    TRR 18, sll, 0x8000000000000000, 1, 63
    TRR 19, sll, 1, 1, 64
    TRR 20, sll, 2, 1, 0xffffffffffffffc1
    TRR 21, srl, 1, 0x8000000000000000, 63
    TRR 22, srl, 0x8000000000000000, 0x8000000000000000, 0x40
    TRR 23, sra, 0xffffffffffffffff, 0x8000000000000000, 63
    TRR 24, sra, 0xfc00000000000000, 0x8000000000000000, 0xc5
    TRR 25, sra, 0x0000000000000001, 0x4000000000000000, 62
    /* W shifts: low 5 bits, operate on the low 32 bits, sign-extend */
    TRR 26, sllw, 0xffffffff80000000, 1, 31
    TRR 27, sllw, 1, 1, 32
    TRR 28, sllw, 0, 0xffffffff00000000, 0
    TRR 29, srlw, 0x0000000000000001, 0x80000000, 31
    TRR 30, srlw, 0xffffffff80000000, 0xffffffff80000000, 0
    TRR 31, srlw, 0x0000000000000001, 0x80000000, 0xffffffffffffffff
    TRR 32, sraw, 0xffffffffffffffff, 0x80000000, 31
    TRR 33, sraw, 0x000000003fffffff, 0xffffffff7fffffff, 1
    TRR 34, sraw, 0xfffffffff8000000, 0x80000000, 36
    /* compares */
    TRR 35, slt, 1, -1, 0
    TRR 36, slt, 0, 0, -1
    TRR 37, slt, 1, 0x8000000000000000, 0x7fffffffffffffff
    TRR 38, slt, 0, 5, 5
    TRR 39, sltu, 0, -1, 0
    TRR 40, sltu, 1, 0, -1
    TRR 41, sltu, 0, 0x8000000000000000, 0x7fffffffffffffff
    TRR 42, sltu, 1, 0, 1

    /* immediates: 12-bit sign-extended */
    TRI 43, addi, 0x7ff, 0, 2047
    TRI 44, addi, 0xfffffffffffff800, 0, -2048
    TRI 45, addi, 0x7ffffffffffff7ff, 0x7fffffffffffffff, -2048
    TRI 46, addiw, 0xffffffff80000000, 0x7fffffff, 1
    TRI 47, addiw, 0x7fffffff, 0x80000000, -1
    TRI 48, addiw, 0xffffffffffffffff, 0x12345678ffffffff, 0
    TRI 49, andi, 0xfffffffffffff0f0, 0xfffffffffffff0f0, -1
    TRI 50, andi, 0x0f0, 0xff00ff0f0, 0x7f0
    TRI 51, ori, 0xfffffffffffff800, 0, -2048
    TRI 52, xori, 0xffffffffffff0f0f, 0x000000000000f0f0, -1
    TRI 53, slti, 1, -2, -1
    TRI 54, slti, 0, 0, -2048
    TRI 55, sltiu, 1, 5, -1
    TRI 56, sltiu, 0, -1, -1
    TRI 57, sltiu, 1, 0, 1
    TRI 58, slli, 0x8000000000000000, 1, 63
    TRI 59, slli, 0x2468acf0, 0x12345678, 1
    TRI 60, srli, 1, 0x8000000000000000, 63
    TRI 61, srai, 0xffffffffffffffff, 0x8000000000000000, 63
    TRI 62, srai, 0xf800000000000000, 0x8000000000000000, 4
    TRI 63, slliw, 0xffffffff80000000, 1, 31
    TRI 64, slliw, 0, 0x100000000, 0
    TRI 65, srliw, 1, 0xffffffff80000000, 31
    TRI 66, srliw, 0xffffffff80000000, 0x80000000, 0
    TRI 67, sraiw, 0xffffffffffffffff, 0x80000000, 31
    TRI 68, sraiw, 0x0000000012345678, 0xffffffff12345678, 0

    /* LUI: 20-bit immediate shifted, sign-extended from bit 31 */
    TEST_CASE(69, a0, 0xffffffff80000000, lui a0, 0x80000)
    TEST_CASE(70, a0, 0x000000007ffff000, lui a0, 0x7ffff)
    TEST_CASE(71, a0, 0xfffffffffffff000, lui a0, 0xfffff)
    TEST_CASE(72, a0, 0, lui a0, 0)

    /* AUIPC: pc + sign-extended (imm << 12) */
    TESTNUM 73
1:  auipc   a0, 0
    la      a1, 1b
    CHECKR  a0, a1
    TESTNUM 74
1:  auipc   a0, 0xfffff
    la      a1, 1b
    li      a2, -4096
    add     a1, a1, a2
    CHECKR  a0, a1
    TESTNUM 75
1:  auipc   a0, 0x80000
    la      a1, 1b
    li      a2, 0xffffffff80000000
    add     a1, a1, a2
    CHECKR  a0, a1
    TESTNUM 76
1:  auipc   a0, 0x7ffff
    la      a1, 1b
    li      a2, 0x7ffff000
    add     a1, a1, a2
    CHECKR  a0, a1

    /* Writes to x0 are discarded; x0 reads as zero as a source. */
    TESTNUM 77
    li      a1, 5
    add     x0, a1, a1
    addi    x0, x0, 12
    lui     x0, 0x12345
    auipc   x0, 1
    CHECK   x0, 0
    add     a0, x0, x0
    CHECK   a0, 0
    sub     a0, x0, a1
    CHECK   a0, -5
    TESTNUM 78
    li      a1, 7
    sltu    a0, x0, a1      /* snez */
    CHECK   a0, 1
    sltu    a0, x0, x0
    CHECK   a0, 0
    sltiu   a0, a1, 1       /* seqz */
    CHECK   a0, 0
    /* Bypass/dependency chain */
    TESTNUM 79
    li      a0, 1
    add     a0, a0, a0
    add     a0, a0, a0
    add     a0, a0, a0
    slli    a0, a0, 60
    CHECK   a0, 0x8000000000000000
    /* NOP and HINTs (writes to x0 with non-zero operands) do nothing. */
    TESTNUM 80
    li      a0, 42
    nop
    slli    x0, a0, 3
    slti    x0, a0, 1
    CHECK   a0, 42
    CHECK   x0, 0
    /* Reserved shift encodings: W shifts with shamt[5] = 1 and RV64 shifts
     * with a non-zero funct6 bit are illegal (mtval = the instruction) */
    TESTNUM 81
    li      a0, 0x1234
    MUST_TRAP CAUSE_ILLEGAL_INSN, .word 0x0205151b  /* slliw a0,a0,32 */
    CHECK_TVAL 0x0205151b
    MUST_TRAP CAUSE_ILLEGAL_INSN, .word 0x0205551b  /* srliw a0,a0,32 */
    CHECK_TVAL 0x0205551b
    MUST_TRAP CAUSE_ILLEGAL_INSN, .word 0x4205551b  /* sraiw a0,a0,32 */
    CHECK_TVAL 0x4205551b
    MUST_TRAP CAUSE_ILLEGAL_INSN, .word 0x04051513  /* slli, funct6 bit 0 */
    MUST_TRAP CAUSE_ILLEGAL_INSN, .word 0x0405551b  /* srliw, funct7 bit 1 */
    CHECK   a0, 0x1234
    PASS
