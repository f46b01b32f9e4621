/* RV64I control transfer: conditional branches (taken / not taken, signed
 * and unsigned edges, backwards and forwards), JAL and JALR link values,
 * JALR clearing bit 0 of the target, rd == rs1, 2-byte aligned targets.
 * SPDX-License-Identifier: MIT */
#include "macros.h"

/* Branch op with operands v1, v2 must be taken. */
.macro BR_TAKEN n, op, v1, v2
    TESTNUM \n
    li      a1, \v1
    li      a2, \v2
    \op     a1, a2, .Lt\@
    j       fail
.Lt\@:
    /* backwards too */
    j       .Lf\@
.Lb\@:
    j       .Le\@
.Lf\@:
    \op     a1, a2, .Lb\@
    j       fail
.Le\@:
.endm

.macro BR_NOT n, op, v1, v2
    TESTNUM \n
    li      a1, \v1
    li      a2, \v2
    \op     a1, a2, .Lt\@
    j       .Lok\@
.Lt\@:
    j       fail
.Lok\@:
.endm

TEST_BEGIN
    BR_TAKEN 1, beq, 0, 0
    BR_TAKEN 2, beq, -1, -1
    BR_NOT 3, beq, 0, 1
    BR_NOT 4, beq, 0x100000000, 0
    BR_TAKEN 5, bne, 0x100000000, 0
    BR_TAKEN 6, bne, 1, 0
    BR_NOT 7, bne, 7, 7
    BR_TAKEN 8, blt, -1, 0
    BR_TAKEN 9, blt, 0x8000000000000000, 0x7fffffffffffffff
    BR_NOT 10, blt, 0, -1
    BR_NOT 11, blt, 5, 5
    BR_TAKEN 12, bge, 0, -1
    BR_TAKEN 13, bge, 5, 5
    BR_TAKEN 14, bge, 0x7fffffffffffffff, 0x8000000000000000
    BR_NOT 15, bge, -1, 0
    BR_TAKEN 16, bltu, 0, -1
    BR_TAKEN 17, bltu, 0x7fffffffffffffff, 0x8000000000000000
    BR_NOT 18, bltu, -1, 0
    BR_NOT 19, bltu, 3, 3
    BR_TAKEN 20, bgeu, -1, 0
    BR_TAKEN 21, bgeu, 3, 3
    BR_NOT 22, bgeu, 0, -1
    BR_NOT 23, bgeu, 0x7fffffffffffffff, 0x8000000000000000
    /* upper 32 bits matter (no W branches) */
    BR_TAKEN 24, blt, 0xffffffff00000000, 0x0000000000000001
    BR_NOT 25, bltu, 0xffffffff00000000, 0x0000000000000001

    /* JAL: link = pc + 4 */
    TESTNUM 30
    jal     a0, 1f
2:  j       fail
1:  CHECKA  a0, 2b
    /* JAL x0 does not link */
    TESTNUM 31
    li      a0, 77
    jal     x0, 1f
    j       fail
1:  CHECK   a0, 77
    CHECK   x0, 0
    /* JALR: target = (rs1 + imm) & ~1; link = pc + 4 */
    TESTNUM 32
    la      a1, 3f
    addi    a1, a1, -8
    jalr    a0, 8(a1)
2:  j       fail
3:  CHECKA  a0, 2b
    TESTNUM 33
    la      a1, 3f
    addi    a1, a1, 1      /* odd: bit 0 is dropped */
    jalr    a0, 0(a1)
2:  j       fail
3:  CHECKA  a0, 2b
    TESTNUM 35
    /* rd == rs1: the target uses the old rs1 value */
    la      a0, 3f
    jalr    a0, 0(a0)
2:  j       fail
3:  CHECKA  a0, 2b
    TESTNUM 36
    /* jalr with negative offset */
    la      a1, 3f
    addi    a1, a1, 2047
    addi    a1, a1, 1
    jalr    ra, -2048(a1)
2:  j       fail
3:  CHECKA  ra, 2b
    /* 2-byte aligned targets (C is on): jump into compressed code */
    TESTNUM 37
    la      a1, ctarget
    jalr    ra, 0(a1)
    CHECK   a0, 0x55
    TESTNUM 38
    la      a1, ctarget_odd
    andi    a2, a1, 3
    CHECK   a2, 2
    jalr    ra, 0(a1)
    CHECK   a0, 0x66
    /* Long-distance branches and jumps (near the +-4 KiB / +-1 MiB limits) */
    TESTNUM 39
    li      a1, 1
    bnez    a1, far_fwd
    j       fail
far_back:
    j       far_done
    .skip   4000
far_fwd:
    beqz    zero, far_back_near
    j       fail
far_back_near:
    jal     a2, far_jal
    j       fail
    .skip   0x80000
far_jal:
    jal     a3, far_back
far_done:
    /* Loop with a backward branch counts correctly */
    TESTNUM 40
    li      a0, 0
    li      a1, 1000
1:  addi    a0, a0, 3
    addi    a1, a1, -1
    bnez    a1, 1b
    CHECK   a0, 3000
    /* jalr 34: landing pad check */
    TESTNUM 41
    la      a1, pad_target
    addi    a1, a1, 3      /* (pad_target + 3) & ~1 = pad_target + 2 */
    jalr    ra, 0(a1)
    CHECK   a0, 0x77
    PASS

    .option push
    .option rvc
    .balign 4
ctarget:
    c.li    a0, 0
    addi    a0, a0, 0x55
    ret
    .balign 4
    c.nop
ctarget_odd:
    li      a0, 0x66
    ret
    .balign 4
pad_target:
    c.j     fail_pad
    li      a0, 0x77
    ret
fail_pad:
    j       fail
    .option pop
