/* Interrupts: machine software interrupt through the CLINT msip register,
 * machine timer through mtimecmp, supervisor software/timer/external
 * pending bits written through mip, Sstc stimecmp; a pending interrupt is
 * not taken while its global enable is off and is taken right after the
 * enabling instruction (mepc = the next instruction); delegation to S
 * (mideleg) incl. "S interrupts are always enabled in U" and "delegated
 * interrupts are never taken in M"; M interrupts taken in S/U regardless
 * of mstatus.MIE; priority order MSI > MTI > SEI > SSI > STI and M over S;
 * vectored mtvec/stvec; WFI wake-up (mepc = the instruction after WFI).
 *
 * Timing-independent: every wait is a bounded polling loop on mip/sip, and
 * timer deadlines are relative to the current mtime.
 * SPDX-License-Identifier: MIT */
#include "macros.h"

#define ICAUSE(n) (INTERRUPT_BIT | (n))

/* Poll until (csr & bit) != 0, at most ~10M iterations, else fail. */
.macro WAIT_SET csr, bit
    li      t1, 10000000
    li      t2, \bit
.Lw\@:
    csrr    t0, \csr
    and     t0, t0, t2
    bnez    t0, .Ld\@
    addi    t1, t1, -1
    bnez    t1, .Lw\@
    j       fail
.Ld\@:
.endm

.macro EXPECT_CLEAR csr, bit
    csrr    t0, \csr
    li      t1, \bit
    and     t0, t0, t1
    CHECK   t0, 0
.endm

/* mtimecmp = mtime + delta (delta = 0: far future) */
.macro TIMER_IN delta
    li      t0, CLINT_MTIME
    ld      t1, 0(t0)
    li      t2, \delta
    add     t1, t1, t2
    li      t0, CLINT_MTIMECMP
    sd      t1, 0(t0)
.endm

.macro TIMER_OFF
    li      t0, CLINT_MTIMECMP
    li      t1, -1
    sd      t1, 0(t0)
.endm

.macro MSIP_SET v
    li      t0, CLINT_MSIP
    li      t1, \v
    sw      t1, 0(t0)
.endm

/* A short busy loop during which no interrupt may be taken (any trap now
 * would be unexpected and fail the test). */
.macro IDLE
    li      t0, 200
.Li\@:
    addi    t0, t0, -1
    bnez    t0, .Li\@
.endm

TEST_BEGIN
    csrw    mie, zero
    TIMER_OFF

    /* ---- machine software interrupt (CLINT msip) ---- */
    TESTNUM 1
    EXPECT_CLEAR mip, MIP_MSIP | MIP_MTIP
    MSIP_SET 0xffffffff
    li      t0, CLINT_MSIP
    lw      a0, 0(t0)
    CHECK   a0, 1                   /* only bit 0 is implemented */
    WAIT_SET mip, MIP_MSIP
    li      a0, MIP_MSIP
    csrw    mie, a0
    IDLE                            /* MIE = 0: not taken */
    TESTNUM 2
    EXPECT_TRAP 2f
    csrsi   mstatus, MSTATUS_MIE
1:  j       fail
2:  CHECK_TCAUSE ICAUSE(IRQ_M_SOFT)
    CHECK_TEPC 1b
    CHECK_TMODE PRV_M
    CHECK_TFIELD TR_IE, MIP_MSIP
    la      t6, trap_rec
    ld      t5, TR_IP(t6)
    andi    t5, t5, MIP_MSIP
    CHECK   t5, MIP_MSIP
    la      t6, trap_rec
    ld      t5, TR_STATUS(t6)
    andi    t5, t5, MSTATUS_MIE | MSTATUS_MPIE
    CHECK   t5, MSTATUS_MPIE
    /* mret restored MIE = 1; the handler masked mie */
    csrr    a0, mstatus
    andi    a0, a0, MSTATUS_MIE
    CHECK   a0, MSTATUS_MIE
    csrci   mstatus, MSTATUS_MIE
    TESTNUM 3
    MSIP_SET 0
    li      t0, CLINT_MSIP
    lw      a0, 0(t0)
    CHECK   a0, 0
    EXPECT_CLEAR mip, MIP_MSIP

    /* ---- machine timer ---- */
    TESTNUM 4
    li      a0, MIP_MTIP
    csrw    mie, a0
    TIMER_IN 100
    WAIT_SET mip, MIP_MTIP          /* pending, MIE = 0: not taken */
    TESTNUM 5
    EXPECT_TRAP 2f
    csrsi   mstatus, MSTATUS_MIE
1:  j       fail
2:  CHECK_TCAUSE ICAUSE(IRQ_M_TIMER)
    CHECK_TEPC 1b
    csrci   mstatus, MSTATUS_MIE
    /* a deadline in the future clears MTIP at once */
    TESTNUM 6
    TIMER_OFF
    EXPECT_CLEAR mip, MIP_MTIP
    TIMER_IN 0x10000000
    EXPECT_CLEAR mip, MIP_MTIP
    TIMER_OFF
    /* mtimecmp reads back */
    TESTNUM 7
    li      t0, CLINT_MTIMECMP
    li      a0, 0x7fffffff12345678
    sd      a0, 0(t0)
    ld      a1, 0(t0)
    CHECKR  a1, a0
    lw      a1, 4(t0)
    CHECK   a1, 0x7fffffff
    TIMER_OFF

    /* ---- enabling through mie while MIE = 1 ---- */
    TESTNUM 8
    csrw    mie, zero
    csrsi   mip, MIP_SSIP
    csrsi   mstatus, MSTATUS_MIE
    IDLE                            /* mie = 0: not taken */
    li      a0, MIP_SSIP
    EXPECT_TRAP 2f
    csrw    mie, a0
1:  j       fail
2:  CHECK_TCAUSE ICAUSE(IRQ_S_SOFT)
    CHECK_TEPC 1b
    CHECK_TMODE PRV_M               /* not delegated: M takes it */
    csrci   mstatus, MSTATUS_MIE
    /* ... and through mret restoring MIE: taken at the mret target */
    TESTNUM 9
    li      a0, MIP_SSIP
    csrw    mie, a0
    li      a0, MSTATUS_MPP
    csrs    mstatus, a0             /* MPP = M */
    li      a0, MSTATUS_MPIE
    csrs    mstatus, a0
    la      a0, 1f
    csrw    mepc, a0
    EXPECT_TRAP 2f
    mret
    j       fail
1:  j       fail
2:  CHECK_TCAUSE ICAUSE(IRQ_S_SOFT)
    CHECK_TEPC 1b
    csrci   mstatus, MSTATUS_MIE
    csrci   mip, MIP_SSIP

    /* ---- delegation to S ---- */
    TESTNUM 10
    li      a0, MIP_SSIP | MIP_STIP | MIP_SEIP
    csrw    mideleg, a0
    li      a0, MIP_SSIP
    csrw    mie, a0
    csrsi   mip, MIP_SSIP
    csrsi   mstatus, MSTATUS_MIE | MSTATUS_SIE
    IDLE                            /* delegated: never taken in M */
    csrci   mstatus, MSTATUS_MIE | MSTATUS_SIE
    GOTO_S  1f
1:  IDLE                            /* S with SIE = 0: not taken */
    TESTNUM 11
    EXPECT_TRAP 2f
    csrsi   sstatus, MSTATUS_SIE
1:  j       fail
2:  CHECK_TMODE PRV_S
    CHECK_TCAUSE ICAUSE(IRQ_S_SOFT)
    CHECK_TEPC 1b
    CHECK_TFIELD TR_IE, MIP_SSIP
    la      t6, trap_rec
    ld      t5, TR_STATUS(t6)
    andi    t5, t5, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP
    CHECK   t5, MSTATUS_SPIE | MSTATUS_SPP
    csrr    a0, sie
    CHECK   a0, 0                   /* the S handler masked sie */
    /* S interrupts are always enabled in U, whatever SIE says */
    TESTNUM 12
    csrci   sstatus, MSTATUS_SIE
    csrsi   sie, MIP_SSIP
    EXPECT_TRAP 2f
    GOTO_U  1f
1:  j       fail
2:  CHECK_TMODE PRV_S
    CHECK_TCAUSE ICAUSE(IRQ_S_SOFT)
    CHECK_TEPC 1b
    la      t6, trap_rec
    ld      t5, TR_STATUS(t6)
    andi    t5, t5, MSTATUS_SPP
    CHECK   t5, 0
    GOTO_M  1f
1:  csrci   mip, MIP_SSIP
    /* S clears its own pending bit through sip */
    TESTNUM 13
    csrsi   mip, MIP_SSIP
    GOTO_S  1f
1:  csrr    a0, sip
    andi    a0, a0, MIP_SSIP
    CHECK   a0, MIP_SSIP
    csrci   sip, MIP_SSIP
    csrr    a0, sip
    CHECK   a0, 0
    GOTO_M  1f

    /* ---- M interrupts are taken in S and U even with MIE = 0 ---- */
1:  TESTNUM 14
    csrci   mstatus, MSTATUS_MIE
    li      a0, MIP_MSIP
    csrw    mie, a0
    MSIP_SET 1
    WAIT_SET mip, MIP_MSIP
    EXPECT_TRAP 2f
    GOTO_S  1f
1:  j       fail
2:  CHECK_TMODE PRV_M
    CHECK_TCAUSE ICAUSE(IRQ_M_SOFT)
    CHECK_TEPC 1b
    la      t6, trap_rec
    ld      t5, TR_STATUS(t6)
    li      t6, MSTATUS_MPP
    and     t5, t5, t6
    CHECK   t5, MSTATUS_MPP_S
    /* (the handler resumed us in S) */
    TESTNUM 15
    GOTO_M  1f
1:  li      a0, MIP_MTIP
    csrw    mie, a0
    MSIP_SET 0
    TIMER_IN 50
    WAIT_SET mip, MIP_MTIP
    EXPECT_TRAP 2f
    GOTO_U  1f
1:  j       fail
2:  CHECK_TMODE PRV_M
    CHECK_TCAUSE ICAUSE(IRQ_M_TIMER)
    CHECK_TEPC 1b
    GOTO_M  1f
1:  TIMER_OFF

    /* ---- Sstc: stimecmp drives STIP ---- */
    TESTNUM 16
    li      a0, (1 << 63)
    csrw    menvcfg, a0             /* STCE */
    csrwi   mcounteren, 2           /* TM: S may read time / stimecmp */
    li      a0, -1
    csrw    stimecmp, a0
    EXPECT_CLEAR mip, MIP_STIP
    li      t0, MIP_STIP
    csrs    mip, t0           /* read-only while STCE = 1 */
    EXPECT_CLEAR mip, MIP_STIP
    li      a0, MIP_STIP
    csrw    mie, a0
    GOTO_S  1f
1:  csrci   sstatus, MSTATUS_SIE
    rdtime  a0
    addi    a0, a0, 100
    csrw    stimecmp, a0
    csrr    a1, stimecmp
    CHECKR  a1, a0
    WAIT_SET sip, MIP_STIP
    TESTNUM 17
    EXPECT_TRAP 2f
    csrsi   sstatus, MSTATUS_SIE
1:  j       fail
2:  CHECK_TMODE PRV_S
    CHECK_TCAUSE ICAUSE(IRQ_S_TIMER)
    CHECK_TEPC 1b
    csrci   sstatus, MSTATUS_SIE
    li      a0, -1
    csrw    stimecmp, a0
    EXPECT_CLEAR sip, MIP_STIP
    /* S-mode access to stimecmp needs menvcfg.STCE and mcounteren.TM */
    TESTNUM 18
    GOTO_M  1f
1:  csrwi   mcounteren, 0
    GOTO_S  1f
1:  MUST_TRAP CAUSE_ILLEGAL_INSN, csrr a0, stimecmp
    CHECK_TMODE PRV_M
    GOTO_M  1f
1:  csrwi   mcounteren, 2
    csrw    menvcfg, zero
    GOTO_S  1f
1:  MUST_TRAP CAUSE_ILLEGAL_INSN, csrw stimecmp, a0
    GOTO_M  1f
1:  csrwi   mcounteren, 0
    li      t0, MIP_STIP
    csrc    mip, t0
    /* without Sstc, M injects STIP through mip; delegated to S */
    TESTNUM 19
    li      a0, MIP_STIP
    csrw    mie, a0
    li      t0, MIP_STIP
    csrs    mip, t0
    csrr    a0, mip
    andi    a0, a0, MIP_STIP
    CHECK   a0, MIP_STIP
    GOTO_S  1f
1:  EXPECT_TRAP 2f
    csrsi   sstatus, MSTATUS_SIE
1:  j       fail
2:  CHECK_TMODE PRV_S
    CHECK_TCAUSE ICAUSE(IRQ_S_TIMER)
    csrci   sstatus, MSTATUS_SIE
    /* STIP is read-only in sip: S cannot clear it */
    li      t0, MIP_STIP
    csrc    sip, t0
    csrr    a0, sip
    andi    a0, a0, MIP_STIP
    CHECK   a0, MIP_STIP
    GOTO_M  1f
1:  li      t0, MIP_STIP
    csrc    mip, t0
    /* SEIP injected by M, delegated */
    TESTNUM 20
    li      a0, MIP_SEIP
    csrs    mip, a0
    csrw    mie, a0
    GOTO_S  1f
1:  EXPECT_TRAP 2f
    csrsi   sstatus, MSTATUS_SIE
1:  j       fail
2:  CHECK_TMODE PRV_S
    CHECK_TCAUSE ICAUSE(IRQ_S_EXT)
    csrci   sstatus, MSTATUS_SIE
    GOTO_M  1f
1:  li      a0, MIP_SEIP
    csrc    mip, a0
    csrw    mideleg, zero

    /* ---- priority ----
     * The spec order for M-mode is MEI > MSI > MTI > SEI > SSI > STI.
     * QEMU 7.2 without AIA takes the lowest-numbered pending interrupt
     * instead (SSI 1 < MSI 3 < STI 5 < MTI 7 < SEI 9 < MEI 11), so only
     * the orders on which both agree are tested: MSI > MTI > SEI, and
     * SSI > STI, and M-level before a delegated S-level one. */
    TESTNUM 21
    li      a0, MIP_SEIP
    csrs    mip, a0
    MSIP_SET 1
    li      t0, CLINT_MTIMECMP
    sd      zero, 0(t0)             /* deadline passed: MTIP */
    WAIT_SET mip, MIP_MSIP
    WAIT_SET mip, MIP_MTIP
    li      s1, MIP_MSIP | MIP_MTIP | MIP_SEIP
    csrw    mie, s1
    MUST_TRAP ICAUSE(IRQ_M_SOFT), csrsi mstatus, MSTATUS_MIE
    li      a0, ~MIP_MSIP
    and     s1, s1, a0
    TESTNUM 22
    MUST_TRAP ICAUSE(IRQ_M_TIMER), csrw mie, s1
    li      a0, ~MIP_MTIP
    and     s1, s1, a0
    TESTNUM 23
    MUST_TRAP ICAUSE(IRQ_S_EXT), csrw mie, s1
    csrci   mstatus, MSTATUS_MIE
    li      a0, MIP_SEIP
    csrc    mip, a0
    TESTNUM 24
    li      a0, MIP_SSIP | MIP_STIP
    csrs    mip, a0
    li      s1, MIP_SSIP | MIP_STIP
    csrw    mie, s1
    MUST_TRAP ICAUSE(IRQ_S_SOFT), csrsi mstatus, MSTATUS_MIE
    li      a0, ~MIP_SSIP
    and     s1, s1, a0
    TESTNUM 25
    MUST_TRAP ICAUSE(IRQ_S_TIMER), csrw mie, s1
    csrci   mstatus, MSTATUS_MIE
    TESTNUM 26
    /* M-level interrupt beats a delegated S-level one while in S */
    li      a0, MIP_SSIP
    csrw    mideleg, a0
    li      a0, MIP_SSIP | MIP_MTIP
    csrw    mie, a0
    csrsi   mstatus, MSTATUS_SIE    /* both enabled once in S */
    EXPECT_TRAP 2f
    GOTO_S  1f
1:  j       fail
2:  CHECK_TMODE PRV_M
    CHECK_TCAUSE ICAUSE(IRQ_M_TIMER)
    /* now only SSIP remains enabled (M handler cleared mie; re-enable) */
    GOTO_M  1f
1:  TIMER_OFF
    MSIP_SET 0
    li      a0, MIP_SSIP
    csrw    mie, a0
    EXPECT_TRAP 2f
    GOTO_U  1f
1:  j       fail
2:  CHECK_TMODE PRV_S
    CHECK_TCAUSE ICAUSE(IRQ_S_SOFT)
    GOTO_M  1f
1:  li      a0, MIP_SSIP | MIP_STIP | MIP_SEIP
    csrc    mip, a0
    csrw    mideleg, zero
    csrw    mie, zero
    li      a0, MSTATUS_SIE | MSTATUS_SPIE
    csrc    mstatus, a0

    /* ---- vectored mtvec: interrupt n goes to base + 4n, exceptions to
     * base ---- */
    TESTNUM 27
    la      a0, mvtable
    ori     a0, a0, 1
    csrw    mtvec, a0
    la      a1, vec_hit
    sd      zero, 0(a1)
    MUST_TRAP CAUSE_MACHINE_ECALL, ecall
    ld      a2, 0(a1)
    CHECK   a2, 0
    TESTNUM 28
    csrsi   mip, MIP_SSIP
    li      a0, MIP_SSIP
    csrw    mie, a0
    MUST_TRAP ICAUSE(IRQ_S_SOFT), csrsi mstatus, MSTATUS_MIE
    ld      a2, 0(a1)
    CHECKA  a2, vec_hit
    csrci   mstatus, MSTATUS_MIE
    csrci   mip, MIP_SSIP
    la      a0, mtrap_vector
    csrw    mtvec, a0
    /* vectored stvec */
    TESTNUM 29
    la      a0, svtable
    ori     a0, a0, 1
    csrw    stvec, a0
    la      a1, vec_hit_s
    sd      zero, 0(a1)
    li      a0, MIP_SSIP
    csrw    mideleg, a0
    csrw    mie, a0
    csrsi   mip, MIP_SSIP
    GOTO_S  1f
1:  MUST_TRAP ICAUSE(IRQ_S_SOFT), csrsi sstatus, MSTATUS_SIE
    CHECK_TMODE PRV_S
    csrci   sstatus, MSTATUS_SIE
    GOTO_M  1f
1:  la      a1, vec_hit_s
    ld      a2, 0(a1)
    CHECKA  a2, vec_hit_s
    la      a0, strap_vector
    csrw    stvec, a0
    csrci   mip, MIP_SSIP
    csrw    mideleg, zero
    csrw    mie, zero

    /* ---- a timer interrupt lands inside a tight loop of plain ALU
     * instructions (no CSR access, no memory access) ---- */
    TESTNUM 32
    li      a1, 20000000
    li      a2, 0
    li      a0, MIP_MTIP
    csrw    mie, a0
    EXPECT_TRAP 2f
    TIMER_IN 20000                  /* 2 ms of guest time */
    csrsi   mstatus, MSTATUS_MIE
3:  addi    a2, a2, 1
    addi    a1, a1, -1
4:  bnez    a1, 3b
    j       fail
2:  CHECK_TCAUSE ICAUSE(IRQ_M_TIMER)
    csrci   mstatus, MSTATUS_MIE
    TIMER_OFF
    la      t6, trap_rec
    ld      t5, TR_EPC(t6)
    la      t4, 3b
    bltu    t5, t4, fail
    la      t4, 4b
    bgtu    t5, t4, fail
    /* the loop state is consistent with where it stopped */
    li      t0, 20000000
    add     t1, a1, a2
    beq     t1, t0, 5f
    addi    t1, t1, -1              /* stopped between the two addi */
    bne     t1, t0, fail
5:

    /* ---- WFI ---- */
    /* with MIE = 1, the interrupt that ends the WFI is taken with mepc =
     * the instruction after the WFI */
    TESTNUM 30
    li      a0, MIP_MTIP
    csrw    mie, a0
    csrsi   mstatus, MSTATUS_MIE
    TIMER_IN 5000
    EXPECT_TRAP 2f
    wfi
1:  j       fail
2:  CHECK_TCAUSE ICAUSE(IRQ_M_TIMER)
    CHECK_TEPC 1b
    csrci   mstatus, MSTATUS_MIE
    TIMER_OFF
    /* with MIE = 0 the WFI just ends once the timer is pending (QEMU
     * waits for it; the spec would also allow WFI to return early) */
    TESTNUM 31
    li      a0, MIP_MTIP
    csrw    mie, a0
    TIMER_IN 2000
    wfi
    csrr    a0, mip
    andi    a0, a0, MIP_MTIP
    CHECK   a0, MIP_MTIP
    TIMER_OFF
    csrw    mie, zero
    PASS

    /* vector tables: 4-byte jumps */
    .option push
    .option norvc
    .balign 256
mvtable:
    j       mtrap_vector            /* 0: exceptions */
    j       mvec_ssi                /* 1: SSI */
    .rept   14
    j       fail
    .endr
/* mark vec_hit with its own address (non-zero), then the normal handler */
mvec_ssi:
    csrw    mscratch, t0
    la      t0, vec_hit
    sd      t0, 0(t0)
    csrr    t0, mscratch
    j       mtrap_vector
    .balign 256
svtable:
    j       strap_vector
    j       svec_ssi
    .rept   14
    j       fail
    .endr
svec_ssi:
    csrw    sscratch, t0
    la      t0, vec_hit_s
    sd      t0, 0(t0)
    csrr    t0, sscratch
    j       strap_vector
    .option pop

    .data
    .align  3
vec_hit: .dword 0
vec_hit_s: .dword 0
