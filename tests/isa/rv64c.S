/* RV64C: every compressed instruction (quadrants 0, 1, 2, incl. the FP
 * loads/stores c.fld/c.fsd/c.fldsp/c.fsdsp and the stack-pointer forms),
 * immediate encodings at their limits, link values of c.jal(r), the
 * reserved encodings QEMU 7.2 treats as illegal (mtval = the 16 instruction
 * bits), c.ebreak, and a 4-byte instruction straddling a page boundary
 * (at page offset 0xffe) mixed with compressed code.
 * SPDX-License-Identifier: MIT */
#include "macros.h"

    .option rvc
TEST_BEGIN
    la      sp, cstack + 512
    /* ---- quadrant 0 ---- */
    TESTNUM 1
    c.addi4spn a0, sp, 4
    addi    a1, sp, 4
    CHECKR  a0, a1
    c.addi4spn s1, sp, 1020
    addi    a1, sp, 1020
    CHECKR  s1, a1
    TESTNUM 2
    la      s0, cdata
    c.lw    a0, 0(s0)
    CHECK   a0, 0xffffffff80000001
    c.lw    a1, 4(s0)
    CHECK   a1, 0x7fffffff
    c.ld    a2, 8(s0)
    CHECK   a2, 0x8877665544332211
    c.lw    a3, 124(s0)
    CHECK   a3, 0xfffffffffedcba98
    c.ld    a4, 248(s0)
    CHECK   a4, 0x0123456789abcdef
    TESTNUM 3
    la      s1, cbuf
    li      a0, 0x1122334455667788
    c.sd    a0, 0(s1)
    c.sw    a0, 8(s1)
    c.sd    a0, 248(s1)
    c.sw    a0, 124(s1)
    ld      a1, 0(s1)
    CHECKR  a1, a0
    ld      a1, 8(s1)
    CHECK   a1, 0x55667788
    ld      a1, 248(s1)
    CHECKR  a1, a0
    lwu     a1, 124(s1)
    CHECK   a1, 0x55667788
    TESTNUM 4
    c.fld   fa0, 8(s0)
    CHECKFD fa0, 0x8877665544332211
    c.fld   fa1, 248(s0)
    CHECKFD fa1, 0x0123456789abcdef
    c.fsd   fa1, 16(s1)
    c.fsd   fa0, 240(s1)
    ld      a1, 16(s1)
    CHECK   a1, 0x0123456789abcdef
    ld      a1, 240(s1)
    CHECK   a1, 0x8877665544332211

    /* ---- quadrant 1 ---- */
    TESTNUM 5
    li      a0, 5
    c.nop
    c.addi  a0, 31
    CHECK   a0, 36
    c.addi  a0, -32
    CHECK   a0, 4
    TESTNUM 6
    li      a0, 0x7fffffff
    c.addiw a0, 1
    CHECK   a0, 0xffffffff80000000
    li      a0, 0x100000000
    c.addiw a0, -1
    CHECK   a0, -1
    li      a0, 0x123456789
    c.addiw a0, 0           /* sext.w */
    CHECK   a0, 0x23456789
    TESTNUM 7
    c.li    a0, -32
    CHECK   a0, -32
    c.li    t3, 31
    CHECK   t3, 31
    TESTNUM 8
    mv      a1, sp
    c.addi16sp sp, -512
    addi    a1, a1, -512
    CHECKR  sp, a1
    c.addi16sp sp, 496
    addi    a1, a1, 496
    CHECKR  sp, a1
    c.addi16sp sp, 16
    TESTNUM 9
    c.lui   a0, 1
    CHECK   a0, 0x1000
    c.lui   a0, 0x1f
    CHECK   a0, 0x1f000
    c.lui   a0, 0xfffe0     /* imm = -32 */
    CHECK   a0, 0xfffffffffffe0000
    c.lui   t4, 0xfffff
    CHECK   t4, 0xfffffffffffff000
    TESTNUM 10
    li      a0, 0x8000000000000000
    c.srli  a0, 63
    CHECK   a0, 1
    li      a0, 0x8000000000000000
    c.srli  a0, 32
    CHECK   a0, 0x80000000
    li      a0, 0x8000000000000000
    c.srai  a0, 63
    CHECK   a0, -1
    li      a0, 0x8000000000000000
    c.srai  a0, 1
    CHECK   a0, 0xc000000000000000
    TESTNUM 11
    li      a0, -1
    c.andi  a0, -32
    CHECK   a0, 0xffffffffffffffe0
    li      a0, 0x1234
    c.andi  a0, 31
    CHECK   a0, 0x14
    TESTNUM 12
    li      a0, 10
    li      a1, 3
    c.sub   a0, a1
    CHECK   a0, 7
    li      a0, 0xff00
    li      a1, 0x0ff0
    c.xor   a0, a1
    CHECK   a0, 0xf0f0
    li      a0, 0xff00
    c.or    a0, a1
    CHECK   a0, 0xfff0
    li      a0, 0xff00
    c.and   a0, a1
    CHECK   a0, 0x0f00
    TESTNUM 13
    li      a0, 0x80000000
    li      a1, 1
    c.subw  a0, a1
    CHECK   a0, 0x7fffffff
    li      a0, 0x7fffffff
    c.addw  a0, a1
    CHECK   a0, 0xffffffff80000000
    li      a0, 0x500000000
    li      a1, 0x700000000
    c.addw  a0, a1
    CHECK   a0, 0
    TESTNUM 14
    c.j     1f
    j       fail
1:  li      a0, 0
    c.beqz  a0, 1f
    j       fail
1:  c.bnez  a0, 2f
    li      a0, 1
    c.bnez  a0, 1f
2:  j       fail
1:  c.beqz  a0, 2b
    /* backward c.j / c.beqz */
    TESTNUM 15
    li      s1, 3
    li      a0, 0
1:  c.addi  a0, 1
    c.addi  s1, -1
    c.bnez  s1, 1b
    CHECK   a0, 3
    li      s1, 0
    c.j     2f
1:  c.j     3f
2:  c.beqz  s1, 1b
    j       fail
3:

    /* ---- quadrant 2 ---- */
    TESTNUM 16
    li      a0, 1
    c.slli  a0, 63
    CHECK   a0, 0x8000000000000000
    li      a0, 0x12345678
    c.slli  a0, 32
    CHECK   a0, 0x1234567800000000
    TESTNUM 17
    la      sp, cdata
    c.lwsp  a0, 0(sp)
    CHECK   a0, 0xffffffff80000001
    c.lwsp  t0, 124(sp)
    CHECK   t0, 0xfffffffffedcba98
    c.ldsp  a0, 8(sp)
    CHECK   a0, 0x8877665544332211
    c.ldsp  ra, 248(sp)
    CHECK   ra, 0x0123456789abcdef
    c.ldsp  t6, 504(sp)
    CHECK   t6, 0xcafef00dd00dfeed
    c.lwsp  a0, 252(sp)
    CHECK   a0, 0x01234567
    TESTNUM 18
    c.fldsp ft0, 8(sp)
    CHECKFD ft0, 0x8877665544332211
    c.fldsp fs11, 504(sp)
    CHECKFD fs11, 0xcafef00dd00dfeed
    TESTNUM 19
    la      sp, cbuf
    li      a0, 0x1122334455667788
    li      t2, -1
    c.sdsp  a0, 0(sp)
    c.sdsp  t2, 504(sp)
    c.swsp  t2, 8(sp)
    c.swsp  a0, 252(sp)
    c.fsdsp ft0, 16(sp)
    c.fsdsp fs11, 496(sp)
    ld      a1, 0(sp)
    CHECKR  a1, a0
    ld      a1, 504(sp)
    CHECK   a1, -1
    lwu     a1, 8(sp)
    CHECK   a1, 0xffffffff
    lwu     a1, 252(sp)
    CHECK   a1, 0x55667788
    ld      a1, 16(sp)
    CHECK   a1, 0x8877665544332211
    ld      a1, 496(sp)
    CHECK   a1, 0xcafef00dd00dfeed
    la      sp, cstack + 512
    TESTNUM 20
    li      a1, 1234
    c.mv    a0, a1
    CHECK   a0, 1234
    c.mv    t6, a1
    CHECK   t6, 1234
    li      a0, 100
    c.add   a0, a1
    CHECK   a0, 1334
    c.add   s11, a1
    CHECK   s11, 1234
    /* c.jr / c.jalr and their link value (pc + 2) */
    TESTNUM 21
    la      a1, 1f
    c.jr    a1
    j       fail
1:  la      a1, cfunc
    li      a0, 0
    c.jalr  a1
2:  CHECK   a0, 0x99
    addi    ra, ra, 0
    la      a2, 2b
    CHECKR  ra, a2
    /* c.jalr ra (rs1 == ra): target read before the link is written */
    TESTNUM 22
    la      ra, cfunc
    li      a0, 0
    c.jalr  ra
2:  CHECK   a0, 0x99
    la      a2, 2b
    CHECKR  ra, a2
    /* c.jr to a 2-byte-aligned address */
    TESTNUM 23
    la      a1, codd
    c.jalr  a1
    CHECK   a0, 0x42

    /* c.ebreak: breakpoint, mepc = its address, mtval = 0 (the spec
     * allows 0 or the pc; QEMU 7.2 writes 0) */
    TESTNUM 24
    EXPECT_TRAP 1f
2:  c.ebreak
    j       fail
1:  CHECK_TCAUSE CAUSE_BREAKPOINT
    CHECK_TEPC 2b
    CHECK_TVAL 0

    /* Reserved / illegal encodings (QEMU 7.2 raises illegal instruction
     * with mtval = the 16-bit instruction) */
    TESTNUM 25
    MUST_TRAP CAUSE_ILLEGAL_INSN, .hword 0x0000     /* all zeros */
    CHECK_TVAL 0
    TESTNUM 26
    MUST_TRAP CAUSE_ILLEGAL_INSN, .hword 0x0010     /* c.addi4spn nzuimm=0 */
    CHECK_TVAL 0x0010
    TESTNUM 27
    MUST_TRAP CAUSE_ILLEGAL_INSN, .hword 0x6101     /* c.addi16sp imm=0 */
    CHECK_TVAL 0x6101
    TESTNUM 28
    MUST_TRAP CAUSE_ILLEGAL_INSN, .hword 0x6501     /* c.lui a0, imm=0 */
    CHECK_TVAL 0x6501
    TESTNUM 29
    MUST_TRAP CAUSE_ILLEGAL_INSN, .hword 0x8002     /* c.jr x0 */
    CHECK_TVAL 0x8002
    TESTNUM 30
    MUST_TRAP CAUSE_ILLEGAL_INSN, .hword 0x4002     /* c.lwsp x0 */
    CHECK_TVAL 0x4002
    TESTNUM 31
    MUST_TRAP CAUSE_ILLEGAL_INSN, .hword 0x6002     /* c.ldsp x0 */
    CHECK_TVAL 0x6002
    TESTNUM 32
    MUST_TRAP CAUSE_ILLEGAL_INSN, .hword 0x2001     /* c.addiw x0 */
    CHECK_TVAL 0x2001
    TESTNUM 33
    MUST_TRAP CAUSE_ILLEGAL_INSN, .hword 0x9c41     /* reserved CA op */
    CHECK_TVAL 0x9c41
    /* c.fld etc. are illegal while mstatus.FS = Off */
    TESTNUM 34
    li      a0, MSTATUS_FS
    csrc    mstatus, a0
    la      s0, cdata
    MUST_TRAP CAUSE_ILLEGAL_INSN, c.fld fa0, 8(s0)
    CHECK_TVAL 0x2408
    TESTNUM 35
    MUST_TRAP CAUSE_ILLEGAL_INSN, c.fsdsp fs11, 496(sp)
    CHECK_TVAL 0xbbee
    li      a0, MSTATUS_FS_INITIAL
    csrs    mstatus, a0

    /* Instruction fetch across a page boundary: a 4-byte instruction at
     * page offset 0xffe, surrounded by compressed instructions */
    TESTNUM 36
    li      a0, 0
    la      a1, straddle
    jalr    ra, 0(a1)
    CHECK   a0, 0x12345
    CHECK   a2, 3
    /* enter right at the straddling instruction */
    TESTNUM 37
    li      a0, 0
    la      a1, straddle_insn
    li      a2, 0xffe
    li      a3, 0xfff
    and     a3, a1, a3
    CHECKR  a3, a2
    jalr    ra, 0(a1)
    CHECK   a0, 0x12345
    /* run it several times (decoded-block caches must agree) */
    TESTNUM 38
    li      s1, 5
    li      a4, 0
1:  jalr    ra, 0(a1)
    add     a4, a4, a0
    addi    s1, s1, -1
    bnez    s1, 1b
    CHECK   a4, 5 * 0x12345
    PASS

cfunc:
    li      a0, 0x99
    c.jr    ra
    .balign 4
    c.nop
codd:
    c.li    a0, 0x2
    c.addi  a0, 31
    c.addi  a0, 31
    c.addi  a0, 2
    c.jr    ra

    /* The straddling instruction: lui a0, 0x12 (4 bytes) at 0x...ffe */
    .balign 4096
    .skip   4096 - 8
straddle:
    c.li    a2, 1
    c.addi  a2, 1
    c.addi  a2, 1
straddle_insn:
    .option push
    .option norvc
    lui     a0, 0x12
    .option pop
    c.nop
    addi    a0, a0, 0x345
    c.jr    ra

    .data
    .balign 8
cdata:
    .word   0x80000001, 0x7fffffff
    .dword  0x8877665544332211
    .fill   27, 4, 0
    .word   0xfedcba98          /* +124 */
    .fill   30, 4, 0
    .dword  0x0123456789abcdef  /* +248 */
    .fill   31, 8, 0
    .dword  0xcafef00dd00dfeed  /* +504 */
    .balign 8
cbuf:   .fill 64, 8, 0
cstack: .fill 128, 8, 0
