/* Privileged traps: ecall from M/S/U (causes 11/9/8), ebreak, illegal
 * instructions and privileged instructions in the wrong mode (mtval = the
 * instruction bits, as QEMU 7.2 writes them), fetch access fault, mepc,
 * mstatus updates on trap entry and on mret/sret (MPP/SPP/MPIE/SPIE/MIE/
 * SIE/MPRV), medeleg delegation to S (sepc/scause/stval/SPP/SPIE), traps
 * from M are never delegated, mstatus.TVM/TSR/TW, and WFI.
 * SPDX-License-Identifier: MIT */
#include "macros.h"

/* Fail unless (recorded status & mask) == val. */
.macro CHECK_TSTATUS mask, val
    la      t6, trap_rec
    ld      t5, TR_STATUS(t6)
    li      t6, \mask
    and     t5, t5, t6
    CHECK   t5, \val
.endm

/* Fail unless (mstatus & mask) == val. */
.macro CHECK_MSTATUS mask, val
    csrr    t5, mstatus
    li      t6, \mask
    and     t5, t5, t6
    CHECK   t5, \val
.endm

#define RETBITS (MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_MPRV)

TEST_BEGIN
    /* ---- ecall from each mode ---- */
    TESTNUM 1
    EXPECT_TRAP 1f
2:  ecall
    j       fail
1:  CHECK_TCAUSE CAUSE_MACHINE_ECALL
    CHECK_TEPC 2b
    CHECK_TVAL 0
    CHECK_TMODE PRV_M
    CHECK_TSTATUS MSTATUS_MPP, MSTATUS_MPP_M
    TESTNUM 2
    GOTO_S  1f
1:  EXPECT_TRAP 1f
2:  ecall
    j       fail
1:  CHECK_TCAUSE CAUSE_SUPERVISOR_ECALL
    CHECK_TEPC 2b
    CHECK_TVAL 0
    CHECK_TMODE PRV_M
    CHECK_TSTATUS MSTATUS_MPP, MSTATUS_MPP_S
    TESTNUM 3
    GOTO_U  1f
1:  EXPECT_TRAP 1f
2:  ecall
    j       fail
1:  CHECK_TCAUSE CAUSE_USER_ECALL
    CHECK_TEPC 2b
    CHECK_TVAL 0
    CHECK_TSTATUS MSTATUS_MPP, 0
    /* ---- ebreak (mtval = 0 in QEMU 7.2; the spec also allows the pc) ---- */
    TESTNUM 4
    EXPECT_TRAP 1f
2:  ebreak
    j       fail
1:  CHECK_TCAUSE CAUSE_BREAKPOINT
    CHECK_TEPC 2b
    CHECK_TVAL 0
    CHECK_TSTATUS MSTATUS_MPP, 0
    GOTO_M  1f
1:  TESTNUM 5
    EXPECT_TRAP 1f
2:  .option push
    .option norvc
    ebreak
    .option pop
    j       fail
1:  CHECK_TCAUSE CAUSE_BREAKPOINT
    CHECK_TEPC 2b
    CHECK_TVAL 0
    CHECK_TSTATUS MSTATUS_MPP, MSTATUS_MPP_M

    /* ---- illegal instructions: mtval = instruction bits ---- */
    TESTNUM 6
    EXPECT_TRAP 1f
2:  .word   0x0000000b          /* custom-0 */
    j       fail
1:  CHECK_TCAUSE CAUSE_ILLEGAL_INSN
    CHECK_TEPC 2b
    CHECK_TVAL 0x0000000b
    TESTNUM 7
    MUST_TRAP CAUSE_ILLEGAL_INSN, .word 0xfe000033   /* OP, bad funct7 */
    CHECK_TVAL 0xfe000033
    MUST_TRAP CAUSE_ILLEGAL_INSN, .word 0x0045200f   /* MISC-MEM funct3=2 */
    CHECK_TVAL 0x0045200f
    MUST_TRAP CAUSE_ILLEGAL_INSN, .word 0x80000073   /* SYSTEM, bad funct12 */
    CHECK_TVAL 0x80000073
    MUST_TRAP CAUSE_ILLEGAL_INSN, .hword 0x0000      /* compressed zero */
    CHECK_TVAL 0
    /* the same from S and U */
    TESTNUM 8
    GOTO_U  1f
1:  MUST_TRAP CAUSE_ILLEGAL_INSN, .word 0x0000000b
    CHECK_TVAL 0x0000000b
    CHECK_TSTATUS MSTATUS_MPP, 0
    /* privileged instructions in U mode */
    TESTNUM 9
    MUST_TRAP CAUSE_ILLEGAL_INSN, mret
    CHECK_TVAL 0x30200073
    MUST_TRAP CAUSE_ILLEGAL_INSN, sret
    CHECK_TVAL 0x10200073
    MUST_TRAP CAUSE_ILLEGAL_INSN, wfi
    CHECK_TVAL 0x10500073
    MUST_TRAP CAUSE_ILLEGAL_INSN, sfence.vma
    CHECK_TVAL 0x12000073
    MUST_TRAP CAUSE_ILLEGAL_INSN, sfence.vma a0, a1
    CHECK_TVAL 0x12b50073
    /* mret in S mode */
    TESTNUM 10
    GOTO_S  1f
1:  MUST_TRAP CAUSE_ILLEGAL_INSN, mret
    CHECK_TVAL 0x30200073
    CHECK_TSTATUS MSTATUS_MPP, MSTATUS_MPP_S
    GOTO_M  1f

    /* ---- fetch access fault ---- */
1:  TESTNUM 11
    li      a0, 0x1000000
    EXPECT_TRAP 1f
    jalr    ra, 0(a0)
2:  j       fail
1:  CHECK_TCAUSE CAUSE_FETCH_ACCESS
    CHECK_TVAL 0x1000000
    la      t6, trap_rec
    ld      t5, TR_EPC(t6)
    CHECK   t5, 0x1000000
    CHECKA  ra, 2b

    /* ---- mstatus on trap entry ---- */
    /* MIE -> MPIE, MIE cleared, MPP = previous mode */
    TESTNUM 12
    csrw    mie, zero
    csrsi   mstatus, MSTATUS_MIE
    MUST_TRAP CAUSE_MACHINE_ECALL, ecall
    CHECK_TSTATUS MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP, MSTATUS_MPIE | MSTATUS_MPP_M
    /* ... and mret restored MIE from MPIE, set MPIE, MPP = U */
    CHECK_MSTATUS MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP, MSTATUS_MIE | MSTATUS_MPIE
    csrci   mstatus, MSTATUS_MIE
    TESTNUM 13
    MUST_TRAP CAUSE_MACHINE_ECALL, ecall
    CHECK_TSTATUS MSTATUS_MIE | MSTATUS_MPIE, 0
    CHECK_MSTATUS MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP, MSTATUS_MPIE

    /* ---- mret ---- */
    /* mret to M: pc = mepc, MIE = MPIE, MPIE = 1, MPP = U, MPRV kept */
    TESTNUM 14
    li      a0, RETBITS
    csrc    mstatus, a0
    li      a0, MSTATUS_MPP_M | MSTATUS_MPRV
    csrs    mstatus, a0
    la      a0, 1f
    csrw    mepc, a0
    mret
    j       fail
1:  CHECK_MSTATUS RETBITS, MSTATUS_MPIE | MSTATUS_MPRV
    li      a0, MSTATUS_MPRV
    csrc    mstatus, a0
    /* mret to S with MPIE = 1: in S, MIE = 1 (seen by the next trap as
     * MPIE).  Priv spec 1.12 says an mret/sret to a mode below M clears
     * MPRV; QEMU 7.2 does not, so MPRV is not checked after an xRET to S/U
     * (tests 15-17 accept either). */
    TESTNUM 15
    li      a0, RETBITS
    csrc    mstatus, a0
    li      a0, MSTATUS_MPP_S | MSTATUS_MPIE | MSTATUS_MPRV
    csrs    mstatus, a0
    la      a0, 1f
    csrw    mepc, a0
    mret
    j       fail
1:  MUST_TRAP CAUSE_ILLEGAL_INSN, csrr a0, mstatus      /* we are in S */
    CHECK_TSTATUS MSTATUS_MPP | MSTATUS_MPIE, MSTATUS_MPP_S | MSTATUS_MPIE
    GOTO_M  1f
1:  csrci   mstatus, MSTATUS_MIE
    /* mret to U with MPIE = 0 */
    TESTNUM 16
    li      a0, RETBITS
    csrc    mstatus, a0
    li      a0, MSTATUS_MPRV
    csrs    mstatus, a0
    la      a0, 1f
    csrw    mepc, a0
    mret
    j       fail
1:  MUST_TRAP CAUSE_ILLEGAL_INSN, csrr a0, sstatus      /* we are in U */
    CHECK_TSTATUS MSTATUS_MPP | MSTATUS_MPIE, 0
    GOTO_M  1f

    /* ---- sret ---- */
    /* sret executed in M (legal): SPP = U -> U mode, SIE = SPIE, SPIE = 1,
     * SPP = U (MPRV: see test 15) */
1:  TESTNUM 17
    li      a0, RETBITS
    csrc    mstatus, a0
    li      a0, MSTATUS_SPIE | MSTATUS_MPRV | MSTATUS_MPP_M
    csrs    mstatus, a0
    la      a0, 1f
    csrw    sepc, a0
    sret
    j       fail
1:  MUST_TRAP CAUSE_ILLEGAL_INSN, csrr a0, sstatus      /* U */
    CHECK_TSTATUS MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_MPP, MSTATUS_SIE | MSTATUS_SPIE
    GOTO_M  1f
1:  li      a0, MSTATUS_MPRV
    csrc    mstatus, a0
    j       1f
1:
    /* sret in S with SPP = S stays in S */
1:  TESTNUM 18
    li      a0, RETBITS
    csrc    mstatus, a0
    GOTO_S  1f
1:  li      a0, MSTATUS_SPP
    csrs    sstatus, a0
    la      a0, 2f
    csrw    sepc, a0
    sret
    j       fail
2:  csrr    a0, sstatus                                 /* still S: legal */
    andi    a1, a0, MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE
    CHECK   a1, MSTATUS_SPIE
    /* sret in S to U with SPIE = 0 */
    TESTNUM 19
    li      a0, MSTATUS_SPP | MSTATUS_SPIE
    csrc    sstatus, a0
    la      a0, 1f
    csrw    sepc, a0
    sret
    j       fail
1:  MUST_TRAP CAUSE_ILLEGAL_INSN, csrr a0, sstatus      /* U */
    CHECK_TSTATUS MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP, MSTATUS_SPIE
    GOTO_M  1f

    /* ---- delegation ---- */
1:  TESTNUM 20
    li      a0, (1 << CAUSE_USER_ECALL) | (1 << CAUSE_ILLEGAL_INSN) | (1 << CAUSE_BREAKPOINT) | (1 << CAUSE_LOAD_ACCESS) | (1 << CAUSE_STORE_ACCESS) | (1 << CAUSE_FETCH_ACCESS)
    csrw    medeleg, a0
    csrr    a1, medeleg
    and     a1, a1, a0
    CHECKR  a1, a0
    /* ecall from U -> S handler */
    GOTO_U  1f
1:  EXPECT_TRAP 1f
2:  ecall
    j       fail
1:  CHECK_TMODE PRV_S
    CHECK_TCAUSE CAUSE_USER_ECALL
    CHECK_TEPC 2b
    CHECK_TVAL 0
    CHECK_TSTATUS MSTATUS_SPP, 0
    /* illegal instruction from U -> S, stval = bits */
    TESTNUM 21
    MUST_TRAP CAUSE_ILLEGAL_INSN, .word 0xfe000033
    CHECK_TMODE PRV_S
    CHECK_TVAL 0xfe000033
    /* load access fault from U -> S, stval = address */
    TESTNUM 22
    li      a0, 0x1000000
    MUST_TRAP CAUSE_LOAD_ACCESS, lw a1, 4(a0)
    CHECK_TMODE PRV_S
    CHECK_TVAL 0x1000004
    MUST_TRAP CAUSE_STORE_ACCESS, sd a1, 8(a0)
    CHECK_TMODE PRV_S
    CHECK_TVAL 0x1000008
    /* ecall from S is never delegated here: goes to M */
    TESTNUM 23
    GOTO_S  1f
1:  MUST_TRAP CAUSE_SUPERVISOR_ECALL, ecall
    CHECK_TMODE PRV_M
    /* a delegated trap taken in S: SPP = S, SPIE = old SIE, SIE cleared */
    TESTNUM 24
    csrsi   sstatus, MSTATUS_SIE
    EXPECT_TRAP 1f
2:  ebreak
    j       fail
1:  CHECK_TMODE PRV_S
    CHECK_TCAUSE CAUSE_BREAKPOINT
    CHECK_TEPC 2b
    CHECK_TSTATUS MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE, MSTATUS_SPP | MSTATUS_SPIE
    /* sret restored SIE; the S handler resumed us in S */
    csrr    a0, sstatus
    andi    a0, a0, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP
    CHECK   a0, MSTATUS_SIE | MSTATUS_SPIE
    csrci   sstatus, MSTATUS_SIE
    /* fetch access fault from S delegated: stval = address */
    TESTNUM 25
    li      a0, 0x1000000
    EXPECT_TRAP 1f
    jalr    ra, 2(a0)
    j       fail
1:  CHECK_TMODE PRV_S
    CHECK_TCAUSE CAUSE_FETCH_ACCESS
    CHECK_TVAL 0x1000002
    /* the same traps from M go to M despite medeleg */
    GOTO_M  1f
1:  TESTNUM 26
    MUST_TRAP CAUSE_ILLEGAL_INSN, .word 0xfe000033
    CHECK_TMODE PRV_M
    MUST_TRAP CAUSE_BREAKPOINT, ebreak
    CHECK_TMODE PRV_M
    li      a0, 0x1000000
    MUST_TRAP CAUSE_LOAD_ACCESS, ld a1, 0(a0)
    CHECK_TMODE PRV_M
    /* a cause that is not delegated goes to M from U */
    TESTNUM 27
    GOTO_U  1f
1:  li      a0, 0x1000001
    MUST_TRAP CAUSE_LOAD_ACCESS, lb a1, 0(a0)
    CHECK_TMODE PRV_S
    la      a0, misal
    addi    a0, a0, 1           /* misaligned AMO: cause 4 or 6, not delegated */
    EXPECT_TRAP 1f
    amoadd.w a1, a1, (a0)
    j       fail
1:  CHECK_TMODE PRV_M
    GOTO_M  1f
1:  csrw    medeleg, zero
    /* medeleg bit 11 (ecall from M) can never route a trap to S */
    TESTNUM 28
    li      a0, 1 << CAUSE_MACHINE_ECALL
    csrw    medeleg, a0
    MUST_TRAP CAUSE_MACHINE_ECALL, ecall
    CHECK_TMODE PRV_M
    csrw    medeleg, zero

    /* ---- TVM, TSR, TW ---- */
    TESTNUM 29
    li      a0, MSTATUS_TVM
    csrs    mstatus, a0
    csrr    a1, satp                /* M is not affected */
    sfence.vma
    GOTO_S  1f
1:  MUST_TRAP CAUSE_ILLEGAL_INSN, csrr a1, satp
    CHECK_TVAL 0x180025f3
    MUST_TRAP CAUSE_ILLEGAL_INSN, csrw satp, zero
    MUST_TRAP CAUSE_ILLEGAL_INSN, sfence.vma
    CHECK_TVAL 0x12000073
    GOTO_M  1f
1:  li      a0, MSTATUS_TVM
    csrc    mstatus, a0
    GOTO_S  1f
1:  csrr    a1, satp
    sfence.vma
    GOTO_M  1f
1:  TESTNUM 30
    li      a0, MSTATUS_TSR
    csrs    mstatus, a0
    GOTO_S  1f
1:  la      a0, 2f
    csrw    sepc, a0
    li      a0, MSTATUS_SPP
    csrs    sstatus, a0
    MUST_TRAP CAUSE_ILLEGAL_INSN, sret
    CHECK_TVAL 0x10200073
    GOTO_M  1f
2:  j       fail
1:  li      a0, MSTATUS_TSR
    csrc    mstatus, a0
    /* TW = 1: WFI in S traps (QEMU 7.2 traps at once) */
    TESTNUM 31
    li      a0, MSTATUS_TW
    csrs    mstatus, a0
    GOTO_S  1f
1:  MUST_TRAP CAUSE_ILLEGAL_INSN, wfi
    CHECK_TVAL 0x10500073
    CHECK_TMODE PRV_M
    GOTO_M  1f
1:  li      a0, MSTATUS_TW
    csrc    mstatus, a0

    /* ---- WFI completes when an enabled interrupt is pending, even with
     * the global enable off (no trap is taken) ---- */
    TESTNUM 32
    csrci   mstatus, MSTATUS_MIE
    csrsi   mip, MIP_SSIP
    li      a0, MIP_SSIP
    csrw    mie, a0
    wfi
    wfi
    /* in S with TW = 0 and SIE = 0, SSIP delegated and enabled */
    TESTNUM 33
    csrw    mideleg, a0
    GOTO_S  1f
1:  csrci   sstatus, MSTATUS_SIE
    wfi
    csrr    a1, sip
    andi    a1, a1, MIP_SSIP
    CHECK   a1, MIP_SSIP
    csrci   sip, MIP_SSIP
    GOTO_M  1f
1:  csrw    mie, zero
    csrw    mideleg, zero
    csrci   mip, MIP_SSIP
    /* TW does not affect M */
    TESTNUM 34
    li      a0, MSTATUS_TW
    csrs    mstatus, a0
    csrsi   mip, MIP_SSIP
    li      a0, MIP_SSIP
    csrw    mie, a0
    wfi
    csrw    mie, zero
    csrci   mip, MIP_SSIP
    li      a0, MSTATUS_TW
    csrc    mstatus, a0

    /* ---- precise exceptions: everything before the faulting instruction
     * is done, nothing after it ---- */
    TESTNUM 36
    li      a0, 0
    li      a1, 0
    li      a3, 0
    li      a4, 0x1000000
    la      a5, ptbuf
    EXPECT_TRAP 1f
    li      a0, 1
    sd      a0, 0(a5)
    addi    a1, a0, 1
2:  ld      a2, 0(a4)
    li      a3, 3
    sd      a3, 8(a5)
    j       fail
1:  CHECK_TEPC 2b
    CHECK   a0, 1
    CHECK   a1, 2
    CHECK   a3, 0
    ld      a0, 0(a5)
    CHECK   a0, 1
    ld      a0, 8(a5)
    CHECK   a0, 0
    /* the same in a tight loop: fault on the 1000th iteration */
    TESTNUM 37
    li      a0, 0
    li      a1, 1000
    la      a2, ptbuf
    li      a3, 0x1000000 - 999 * 8
    EXPECT_TRAP 1f
3:  addi    a0, a0, 1
    addi    a1, a1, -1
    beqz    a1, 2f
    ld      a4, 0(a2)
    j       3b
2:  ld      a4, 0(a3)
    j       fail
1:  CHECK   a0, 1000
    CHECK   a1, 0
    CHECK_TEPC 2b
    CHECK_TVAL 0x1000000 - 999 * 8

    /* ---- exceptions have mcause bit 63 clear; mepc is exact for
     * compressed instructions ---- */
    TESTNUM 35
    EXPECT_TRAP 1f
    .option push
    .option rvc
    c.nop
2:  c.ebreak
    .option pop
    j       fail
1:  CHECK_TCAUSE CAUSE_BREAKPOINT
    CHECK_TEPC 2b
    PASS

    .data
    .align  3
misal:  .word 0, 0
ptbuf:  .dword 0, 0
