/* Zifencei / self-modifying code: code written with ordinary stores, byte
 * stores, AMOs and compressed encodings, then FENCE.I, must execute in its
 * new form; repeatedly rewritten code (stale decoded blocks), patching an
 * instruction later in the currently running routine, and rewriting one
 * half of a 4-byte instruction that straddles a page boundary.
 * SPDX-License-Identifier: MIT */
#include "macros.h"

#define LI_A0(imm) (0x00000513 | ((imm) << 20))    /* addi a0, x0, imm */
#define ADDI_A0(imm) (0x00050513 | ((imm) << 20))  /* addi a0, a0, imm */
#define RET 0x00008067                              /* jalr x0, 0(ra) */
#define NOP 0x00000013

TEST_BEGIN
    la      s1, codebuf
    /* write, fence.i, run */
    TESTNUM 1
    li      a0, LI_A0(1)
    sw      a0, 0(s1)
    li      a0, RET
    sw      a0, 4(s1)
    fence.i
    li      a0, 0
    jalr    ra, 0(s1)
    CHECK   a0, 1
    /* rewrite many times: every version must run */
    TESTNUM 2
    li      s2, 1
1:  li      a0, LI_A0(0)
    slli    a1, s2, 20
    or      a0, a0, a1
    sw      a0, 0(s1)
    fence.i
    jalr    ra, 0(s1)
    CHECKR  a0, s2
    addi    s2, s2, 1
    li      t0, 100
    bne     s2, t0, 1b
    /* partial rewrite with a byte store (imm bits 23:20 live in byte 2) */
    TESTNUM 3
    li      a0, LI_A0(0x10)
    sw      a0, 0(s1)
    fence.i
    jalr    ra, 0(s1)
    CHECK   a0, 0x10
    li      a0, 0x70                /* byte 2 of addi: imm[3:0] << 4 | rs1 hi */
    lbu     a1, 2(s1)
    andi    a1, a1, 0x0f
    or      a0, a0, a1
    sb      a0, 2(s1)
    fence.i
    jalr    ra, 0(s1)
    CHECK   a0, 0x17
    /* rewrite with an AMO */
    TESTNUM 4
    li      a0, LI_A0(0x55)
    amoswap.w a1, a0, (s1)
    fence.i
    jalr    ra, 0(s1)
    CHECK   a0, 0x55
    /* compressed code: c.li a0, 5; c.jr ra, then c.li a0, 9 */
    TESTNUM 5
    li      a0, 0x80824515         /* c.jr ra (hi) ; c.li a0, 5 (lo) */
    sw      a0, 0(s1)
    fence.i
    jalr    ra, 0(s1)
    CHECK   a0, 5
    li      a0, 0x4525              /* c.li a0, 9 */
    sh      a0, 0(s1)
    fence.i
    jalr    ra, 0(s1)
    CHECK   a0, 9
    /* longer routine: patch an instruction that comes later in the same
     * routine, from inside it, then fence.i, then fall into it */
    TESTNUM 6
    la      a0, patch_routine_src
    la      a1, patch_routine_end
    mv      a2, s1
2:  lw      a3, 0(a0)
    sw      a3, 0(a2)
    addi    a0, a0, 4
    addi    a2, a2, 4
    bltu    a0, a1, 2b
    fence.i
    li      a0, 0
    mv      a1, s1
    jalr    ra, 0(s1)
    CHECK   a0, 0x3ff
    /* run it again unchanged... the patched instruction stays patched */
    jalr    ra, 0(s1)
    CHECK   a0, 0x3ff
    /* a 4-byte instruction straddling a page boundary in the buffer:
     * rewrite only its upper half (which lives on the next page) */
    TESTNUM 7
    la      s3, codepage + 4096 - 2
    li      a0, 0x2537              /* lower half of lui a0, 0x?? (imm[3:0]=2) */
    sh      a0, 0(s3)
    li      a0, 0x0001              /* upper half: lui a0, 0x12 */
    sh      a0, 2(s3)
    li      a0, ADDI_A0(0x345)
    sh      a0, 4(s3)
    srli    a0, a0, 16
    sh      a0, 6(s3)
    li      a0, RET
    sh      a0, 8(s3)
    srli    a0, a0, 16
    sh      a0, 10(s3)
    fence.i
    jalr    ra, 0(s3)
    CHECK   a0, 0x12345
    li      a0, 0x0007              /* lui a0, 0x72 */
    sh      a0, 2(s3)
    fence.i
    jalr    ra, 0(s3)
    CHECK   a0, 0x72345
    /* and only the lower half */
    li      a0, 0x3537              /* imm[3:0] = 3: lui a0, 0x73 */
    sh      a0, 0(s3)
    fence.i
    jalr    ra, 0(s3)
    CHECK   a0, 0x73345
    PASS

/* copied to codebuf; a1 = its address.  The addi at `patched` is rewritten
 * from addi a0, a0, 1 to addi a0, a0, 0x3ff before it runs. */
    .balign 4
patch_routine_src:
    .option push
    .option norvc
    li      a2, ADDI_A0(0x3ff)
    sw      a2, 20(a1)          /* = patched - patch_routine_src */
    fence.i
    li      a0, 0
patched:
    addi    a0, a0, 1
    ret
    .option pop
    .if (patched - patch_routine_src) != 20
    .error "patched must be 20 bytes into patch_routine_src"
    .endif
    .balign 4
patch_routine_end:

    .data
    .balign 4096
codebuf:  .skip 4096
codepage: .skip 8192
