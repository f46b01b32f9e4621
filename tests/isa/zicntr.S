/* Zicntr: cycle, time and instret are readable (CSR and pseudo-instruction
 * forms), monotonic, instret/cycle advance over a loop, time follows the
 * CLINT mtime register, mcycle/minstret are writable from M, and the
 * mcounteren/scounteren gating of S- and U-mode access (illegal
 * instruction with mtval = the instruction bits when disabled).
 * No assertion depends on wall-clock time: waits are bounded loops.
 * SPDX-License-Identifier: MIT */
#include "macros.h"

TEST_BEGIN
    /* readable and non-decreasing */
    TESTNUM 1
    rdcycle a0
    rdinstret a1
    rdtime  a2
    csrr    a3, mcycle
    csrr    a4, minstret
    li      t0, 1000
1:  addi    t0, t0, -1
    bnez    t0, 1b
    rdcycle s0
    rdinstret s1
    rdtime  s2
    csrr    s3, mcycle
    csrr    s4, minstret
    bgeu    a0, s0, fail            /* strictly more cycles */
    bgeu    a1, s1, fail            /* strictly more instructions */
    bltu    s2, a2, fail            /* time does not go back */
    bgeu    a3, s3, fail
    bgeu    a4, s4, fail
    /* the loop retired at least 2000 instructions */
    TESTNUM 2
    sub     t1, s1, a1
    li      t2, 2000
    bltu    t1, t2, fail
    sub     t1, s4, a4
    bltu    t1, t2, fail
    /* time advances: bounded wait for a change */
    TESTNUM 3
    rdtime  a0
    li      t0, 10000000
1:  rdtime  a1
    bne     a1, a0, 2f
    addi    t0, t0, -1
    bnez    t0, 1b
    j       fail
2:  bltu    a1, a0, fail
    /* time CSR and the CLINT mtime register agree in order */
    TESTNUM 4
    li      s5, CLINT_MTIME
    rdtime  a0
    ld      a1, 0(s5)
    rdtime  a2
    bltu    a1, a0, fail
    bltu    a2, a1, fail
    /* 16 successive reads never go backwards */
    TESTNUM 5
    li      t0, 16
    rdtime  a0
    rdcycle a1
    rdinstret a2
1:  rdtime  a3
    rdcycle a4
    rdinstret a5
    bltu    a3, a0, fail
    bltu    a4, a1, fail
    bgeu    a2, a5, fail
    mv      a0, a3
    mv      a1, a4
    mv      a2, a5
    addi    t0, t0, -1
    bnez    t0, 1b
    /* minstret / mcycle writable from M; counting continues from there */
    TESTNUM 6
    li      a0, 0x1000000000
    csrw    minstret, a0
    csrr    a1, minstret
    bltu    a1, a0, fail
    li      a2, 0x1000000000 + (1 << 40)  /* QEMU 7.2 counts host ticks */
    bgeu    a1, a2, fail
    rdinstret a1
    bltu    a1, a0, fail
    TESTNUM 7
    li      a0, 0x2000000000
    csrw    mcycle, a0
    csrr    a1, mcycle
    bltu    a1, a0, fail
    li      a2, 0x2000000000 + (1 << 40)
    bgeu    a1, a2, fail
    rdcycle a1
    bltu    a1, a0, fail

    /* ---- counter-enable gating ---- */
    /* M mode always has access */
    TESTNUM 8
    csrw    mcounteren, zero
    csrw    scounteren, zero
    rdcycle a0
    rdtime  a0
    rdinstret a0
    /* S mode with mcounteren = 0: illegal, mtval = instruction */
    TESTNUM 9
    GOTO_S  1f
1:  MUST_TRAP CAUSE_ILLEGAL_INSN, rdcycle a0
    CHECK_TVAL 0xc0002573
    CHECK_TMODE PRV_M
    MUST_TRAP CAUSE_ILLEGAL_INSN, rdtime a0
    CHECK_TVAL 0xc0102573
    MUST_TRAP CAUSE_ILLEGAL_INSN, rdinstret a0
    CHECK_TVAL 0xc0202573
    /* U mode with mcounteren = 0 */
    TESTNUM 10
    GOTO_U  1f
1:  MUST_TRAP CAUSE_ILLEGAL_INSN, rdcycle a0
    MUST_TRAP CAUSE_ILLEGAL_INSN, rdtime a0
    MUST_TRAP CAUSE_ILLEGAL_INSN, rdinstret a0
    GOTO_M  1f
    /* each bit enables exactly its counter for S */
1:  TESTNUM 11
    csrwi   mcounteren, 1       /* CY */
    GOTO_S  1f
1:  rdcycle a0
    MUST_TRAP CAUSE_ILLEGAL_INSN, rdtime a0
    MUST_TRAP CAUSE_ILLEGAL_INSN, rdinstret a0
    GOTO_M  1f
1:  TESTNUM 12
    csrwi   mcounteren, 2       /* TM */
    GOTO_S  1f
1:  rdtime  a0
    MUST_TRAP CAUSE_ILLEGAL_INSN, rdcycle a0
    MUST_TRAP CAUSE_ILLEGAL_INSN, rdinstret a0
    GOTO_M  1f
1:  TESTNUM 13
    csrwi   mcounteren, 4       /* IR */
    GOTO_S  1f
1:  rdinstret a0
    MUST_TRAP CAUSE_ILLEGAL_INSN, rdcycle a0
    MUST_TRAP CAUSE_ILLEGAL_INSN, rdtime a0
    /* U needs both mcounteren and scounteren */
    GOTO_M  1f
1:  TESTNUM 14
    csrwi   mcounteren, 7
    csrwi   scounteren, 0
    GOTO_S  1f
1:  rdcycle a0
    rdtime  a0
    rdinstret a0
    GOTO_U  1f
1:  MUST_TRAP CAUSE_ILLEGAL_INSN, rdcycle a0
    MUST_TRAP CAUSE_ILLEGAL_INSN, rdtime a0
    MUST_TRAP CAUSE_ILLEGAL_INSN, rdinstret a0
    GOTO_M  1f
1:  TESTNUM 15
    csrwi   mcounteren, 0
    csrwi   scounteren, 7
    GOTO_U  1f
1:  MUST_TRAP CAUSE_ILLEGAL_INSN, rdcycle a0
    MUST_TRAP CAUSE_ILLEGAL_INSN, rdtime a0
    MUST_TRAP CAUSE_ILLEGAL_INSN, rdinstret a0
    GOTO_M  1f
1:  TESTNUM 16
    csrwi   mcounteren, 5       /* CY, IR */
    csrwi   scounteren, 6       /* TM, IR */
    GOTO_U  1f
1:  rdinstret a0
    MUST_TRAP CAUSE_ILLEGAL_INSN, rdcycle a0
    MUST_TRAP CAUSE_ILLEGAL_INSN, rdtime a0
    GOTO_M  1f
1:  TESTNUM 17
    csrwi   mcounteren, 7
    csrwi   scounteren, 7
    GOTO_U  1f
1:  rdcycle a0
    rdtime  a1
    rdinstret a2
    /* values seen from U are the same counters */
    rdinstret a3
    bgeu    a2, a3, fail
    /* still read-only from U */
    MUST_TRAP CAUSE_ILLEGAL_INSN, csrw cycle, a0
    /* delegated to S: the S handler sees the illegal instruction */
    GOTO_M  1f
1:  TESTNUM 18
    csrwi   scounteren, 0
    li      a0, 1 << CAUSE_ILLEGAL_INSN
    csrw    medeleg, a0
    GOTO_U  1f
1:  MUST_TRAP CAUSE_ILLEGAL_INSN, rdtime a0
    CHECK_TMODE PRV_S
    CHECK_TVAL 0xc0102573
    GOTO_M  1f
1:  csrw    medeleg, zero
    csrw    mcounteren, zero
    PASS
