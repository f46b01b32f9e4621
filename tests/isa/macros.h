/* Shared start-up, trap handlers and check macros for the assembly ISA tests.
 * SPDX-License-Identifier: MIT
 *
 * Include this once at the top of a tests/isa/*.S file, then write the test
 * body after TEST_BEGIN and finish it with PASS.  Every test must pass under
 * `qemu-system-riscv64 -M virt -bios none` (QEMU 7.2 is the reference) and
 * under `build/rvreplay run --bios none`.
 *
 * Conventions
 *   gp       current test number (TESTNUM n / TEST_CASE(n, ...)); 1..254
 *   t5, t6   scratch for the macros below; do not keep values there across
 *            a macro
 *   mscratch, sscratch  used by the trap handlers to save t0
 *   a5, a6, a7  clobbered by GOTO_M / GOTO_S / GOTO_U
 *
 * Ending a run
 *   PASS     tohost = 1, then 0x5555 to the SiFive test finisher at 0x100000.
 *   fail     (jumped to by the CHECK macros) prints "FAIL test <gp>" on the
 *            UART, writes (gp << 1) | 1 to tohost, then (gp << 16) | 0x3333
 *            to the finisher.  It works from any privilege mode: if one of
 *            its stores faults (U mode under paging, say), the M-mode handler
 *            finishes the job in M mode.
 *   An unexpected trap fails with the distinctive number 0xfff (QEMU exit
 *   status 255) and prints cause, epc, tval and the current test number.
 *
 * Traps
 *   Both M- and S-mode handlers are installed (mtvec, stvec).  A trap is
 *   "expected" after EXPECT_TRAP label [, priv]: the handler records
 *   cause/epc/tval/status/ip/ie and which handler ran in trap_rec, bumps the
 *   trap count, disarms itself and resumes at `label` (in the trapping
 *   privilege mode, or in `priv` if given).  For interrupts the handler also
 *   clears mie (or sie) so the interrupt is not taken again at once; the old
 *   value is in TR_IE.
 *
 *   MUST_TRAP cause, insn...  runs insn, fails if it does not trap, and
 *   checks the cause.  Check the other fields with CHECK_TVAL, CHECK_TEPC,
 *   CHECK_TMODE.
 *
 *   GOTO_M label / GOTO_S label / GOTO_U label continue at `label` in that
 *   mode from any mode (an ecall with a magic value in a7; the S handler
 *   forwards it to M).  Never delegate ecall-from-S (medeleg bit 9).
 */
#ifndef ISA_MACROS_H
#define ISA_MACROS_H

/* ---- constants ------------------------------------------------------ */

#define PRV_U 0
#define PRV_S 1
#define PRV_M 3

#define MSTATUS_SIE   (1 << 1)
#define MSTATUS_MIE   (1 << 3)
#define MSTATUS_SPIE  (1 << 5)
#define MSTATUS_UBE   (1 << 6)
#define MSTATUS_MPIE  (1 << 7)
#define MSTATUS_SPP   (1 << 8)
#define MSTATUS_VS    (3 << 9)
#define MSTATUS_MPP   (3 << 11)
#define MSTATUS_MPP_S (1 << 11)
#define MSTATUS_MPP_M (3 << 11)
#define MSTATUS_FS    (3 << 13)
#define MSTATUS_FS_INITIAL (1 << 13)
#define MSTATUS_FS_CLEAN   (2 << 13)
#define MSTATUS_FS_DIRTY   (3 << 13)
#define MSTATUS_XS    (3 << 15)
#define MSTATUS_MPRV  (1 << 17)
#define MSTATUS_SUM   (1 << 18)
#define MSTATUS_MXR   (1 << 19)
#define MSTATUS_TVM   (1 << 20)
#define MSTATUS_TW    (1 << 21)
#define MSTATUS_TSR   (1 << 22)
#define MSTATUS_UXL   (3 << 32)
#define MSTATUS_SXL   (3 << 34)
#define MSTATUS_SD    (1 << 63)

#define IRQ_S_SOFT  1
#define IRQ_M_SOFT  3
#define IRQ_S_TIMER 5
#define IRQ_M_TIMER 7
#define IRQ_S_EXT   9
#define IRQ_M_EXT   11

#define MIP_SSIP (1 << IRQ_S_SOFT)
#define MIP_MSIP (1 << IRQ_M_SOFT)
#define MIP_STIP (1 << IRQ_S_TIMER)
#define MIP_MTIP (1 << IRQ_M_TIMER)
#define MIP_SEIP (1 << IRQ_S_EXT)
#define MIP_MEIP (1 << IRQ_M_EXT)

#define INTERRUPT_BIT (1 << 63)

#define CAUSE_MISALIGNED_FETCH 0
#define CAUSE_FETCH_ACCESS     1
#define CAUSE_ILLEGAL_INSN     2
#define CAUSE_BREAKPOINT       3
#define CAUSE_MISALIGNED_LOAD  4
#define CAUSE_LOAD_ACCESS      5
#define CAUSE_MISALIGNED_STORE 6
#define CAUSE_STORE_ACCESS     7
#define CAUSE_USER_ECALL       8
#define CAUSE_SUPERVISOR_ECALL 9
#define CAUSE_MACHINE_ECALL    11
#define CAUSE_FETCH_PAGE_FAULT 12
#define CAUSE_LOAD_PAGE_FAULT  13
#define CAUSE_STORE_PAGE_FAULT 15

#define PTE_V (1 << 0)
#define PTE_R (1 << 1)
#define PTE_W (1 << 2)
#define PTE_X (1 << 3)
#define PTE_U (1 << 4)
#define PTE_G (1 << 5)
#define PTE_A (1 << 6)
#define PTE_D (1 << 7)

#define SATP_MODE_BARE 0
#define SATP_MODE_SV39 8
#define SATP_MODE_SV48 9
#define SATP_MODE_SV57 10

#define CLINT_BASE     0x2000000
#define CLINT_MSIP     0x2000000
#define CLINT_MTIMECMP 0x2004000
#define CLINT_MTIME    0x200bff8
#define UART_BASE      0x10000000
#define FINISHER_BASE  0x100000

#define FAIL_UNEXPECTED_TRAP 0xfff
#define GOTO_MAGIC 0x5157c4

/* Offsets into trap_rec. */
#define TR_RET      0
#define TR_RETPRIV  8
#define TR_CAUSE    16
#define TR_EPC      24
#define TR_TVAL     32
#define TR_STATUS   40
#define TR_MODE     48
#define TR_COUNT    56
#define TR_IE       64
#define TR_IP       72
#define TR_MSAVE1   80
#define TR_MSAVE2   88
#define TR_SSAVE1   96
#define TR_SSAVE2   104
#define TR_SIZE     128

/* ---- check macros --------------------------------------------------- */

.macro TESTNUM n
    .if (\n) < 1 || (\n) > 254
    .error "test numbers must be 1..254 (QEMU exit status is 8 bits)"
    .endif
    li      gp, \n
.endm

/* Fail unless reg == val (64-bit compare). */
.macro CHECK reg, val
    li      t6, \val
    beq     \reg, t6, .Lck\@
    j       fail
.Lck\@:
.endm

/* Fail unless reg == reg2. */
.macro CHECKR reg, reg2
    beq     \reg, \reg2, .Lck\@
    j       fail
.Lck\@:
.endm

/* Fail unless reg == address of label. */
.macro CHECKA reg, label
    la      t6, \label
    beq     \reg, t6, .Lck\@
    j       fail
.Lck\@:
.endm

/* Fail unless the 64-bit word at address label equals val. */
.macro CHECKMEM label, val
    la      t6, \label
    ld      t5, 0(t6)
    CHECK   t5, \val
.endm

/* Fail unless the bits of f-register freg (as a double word) equal val. */
.macro CHECKFD freg, val
    fmv.x.d t5, \freg
    CHECK   t5, \val
.endm

/* Fail unless fflags == val; then clear fflags. */
.macro CHECKFLAGS val
    csrrw   t5, fflags, zero
    CHECK   t5, \val
.endm

/* riscv-tests style: run code, then fail unless testreg == correctval. */
#define TEST_CASE(n, testreg, correctval, code...) \
    TESTNUM n; code; CHECK testreg, correctval

/* ---- trap macros ---------------------------------------------------- */

/* Arm the handlers: the next trap resumes at label (in the trapping mode,
 * or in privilege `priv` if given). */
.macro EXPECT_TRAP label, priv=-1
    la      t5, trap_rec
    la      t6, \label
    sd      t6, TR_RET(t5)
    .if \priv >= 0
    li      t6, (\priv) + 1
    sd      t6, TR_RETPRIV(t5)
    .endif
.endm

/* Disarm (for a trap that was expected but might not have happened). */
.macro EXPECT_NO_TRAP
    la      t5, trap_rec
    sd      zero, TR_RET(t5)
    sd      zero, TR_RETPRIV(t5)
.endm

.macro CHECK_TFIELD off, val
    la      t6, trap_rec
    ld      t5, \off(t6)
    CHECK   t5, \val
.endm

.macro CHECK_TCAUSE val
    CHECK_TFIELD TR_CAUSE, \val
.endm

.macro CHECK_TVAL val
    CHECK_TFIELD TR_TVAL, \val
.endm

/* Trap value equals a register. */
.macro CHECK_TVALR reg
    la      t6, trap_rec
    ld      t5, TR_TVAL(t6)
    CHECKR  t5, \reg
.endm

/* Trap value equals address of label (+ optional offset). */
.macro CHECK_TVALA label, off=0
    la      t6, trap_rec
    ld      t5, TR_TVAL(t6)
    la      t6, \label
    addi    t6, t6, \off
    CHECKR  t5, t6
.endm

.macro CHECK_TEPC label
    la      t6, trap_rec
    ld      t5, TR_EPC(t6)
    la      t6, \label
    CHECKR  t5, t6
.endm

.macro CHECK_TEPCR reg
    la      t6, trap_rec
    ld      t5, TR_EPC(t6)
    CHECKR  t5, \reg
.endm

/* Which handler took the trap: PRV_M or PRV_S. */
.macro CHECK_TMODE m
    CHECK_TFIELD TR_MODE, \m
.endm

.macro CHECK_TCOUNT n
    CHECK_TFIELD TR_COUNT, \n
.endm

.macro RESET_TCOUNT
    la      t6, trap_rec
    sd      zero, TR_COUNT(t6)
.endm

/* Run insn (may be several ;-separated instructions, the last one must
 * trap); fail if nothing traps, check the cause. */
.macro MUST_TRAP cause, insn:vararg
    EXPECT_TRAP .Lmt\@
    \insn
    j       fail
.Lmt\@:
    CHECK_TCAUSE \cause
.endm

/* Continue at label in M / S / U mode (works from any mode). */
.macro GOTO_PRIV priv, label
    li      a5, \priv
    la      a6, \label
    li      a7, GOTO_MAGIC
    ecall
    j       fail
.endm

.macro GOTO_M label
    GOTO_PRIV PRV_M, \label
.endm

.macro GOTO_S label
    GOTO_PRIV PRV_S, \label
.endm

.macro GOTO_U label
    GOTO_PRIV PRV_U, \label
.endm

/* Start of the test body (M mode, paging off, FS = Initial, fcsr = 0,
 * PMP entry 0 grants RWX on everything, no delegation, no interrupts). */
.macro TEST_BEGIN
    .text
    .globl  test_main
test_main:
.endm

.macro PASS
    j       pass
.endm

/* ---- start-up ------------------------------------------------------- */

    .section .text.init, "ax", @progbits
    .option push
    .option norvc
    .globl  _start
_start:
    csrr    t0, mhartid
    bnez    t0, park
    /* PMP entry 0: NAPOT over the whole address space, RWX, so S and U can
     * reach memory.  Guarded by a temporary mtvec in case of no PMP. */
    la      t0, 1f
    csrw    mtvec, t0
    li      t0, -1
    csrw    pmpaddr0, t0
    li      t0, 0x1f
    csrw    pmpcfg0, t0
    .align  2
1:
    la      t0, mtrap_vector
    csrw    mtvec, t0
    la      t0, strap_vector
    csrw    stvec, t0
    csrw    medeleg, zero
    csrw    mideleg, zero
    csrw    mie, zero
    csrw    sie, zero
    csrw    satp, zero
    li      t0, MSTATUS_FS_INITIAL
    csrw    mstatus, t0
    csrwi   fcsr, 0
    la      sp, __stack_top
    li      ra, 0
    li      gp, 0
    li      tp, 0
    li      t0, 0
    li      t1, 0
    li      t2, 0
    li      s0, 0
    li      s1, 0
    li      a0, 0
    li      a1, 0
    li      a2, 0
    li      a3, 0
    li      a4, 0
    li      a5, 0
    li      a6, 0
    li      a7, 0
    li      s2, 0
    li      s3, 0
    li      s4, 0
    li      s5, 0
    li      s6, 0
    li      s7, 0
    li      s8, 0
    li      s9, 0
    li      s10, 0
    li      s11, 0
    li      t3, 0
    li      t4, 0
    li      t5, 0
    li      t6, 0
    j       test_main

park:
    wfi
    j       park

/* ---- M-mode trap handler -------------------------------------------- */

    .align  8
    .globl  mtrap_vector
mtrap_vector:
    csrw    mscratch, t0
    la      t0, trap_rec
    sd      t1, TR_MSAVE1(t0)
    sd      t2, TR_MSAVE2(t0)
    /* A store in fail/pass faulted in a lower mode: finish in M mode. */
    csrr    t1, mepc
    la      t2, fail_common
    bltu    t1, t2, 1f
    la      t2, fail_common_end
    bgeu    t1, t2, 1f
    j       fail_common
1:
    csrr    t1, mcause
    /* ecall (from U, S or M) with the GOTO magic: switch modes. */
    bltz    t1, 3f
    addi    t2, t1, -CAUSE_USER_ECALL
    bltz    t2, 3f
    addi    t2, t2, -(CAUSE_MACHINE_ECALL - CAUSE_USER_ECALL)
    bgtz    t2, 3f
    li      t2, GOTO_MAGIC
    bne     a7, t2, 3f
    csrw    mepc, a6
    li      a7, 0           /* no stale magic for a later ecall test */
    li      t2, MSTATUS_MPP
    csrc    mstatus, t2
    slli    t2, a5, 11
    csrs    mstatus, t2
    j       9f
3:
    ld      t2, TR_RET(t0)
    beqz    t2, m_unexpected
    sd      zero, TR_RET(t0)
    sd      t1, TR_CAUSE(t0)
    csrr    t1, mepc
    sd      t1, TR_EPC(t0)
    csrw    mepc, t2
    csrr    t1, mtval
    sd      t1, TR_TVAL(t0)
    csrr    t1, mstatus
    sd      t1, TR_STATUS(t0)
    li      t1, PRV_M
    sd      t1, TR_MODE(t0)
    csrr    t1, mip
    sd      t1, TR_IP(t0)
    csrr    t1, mie
    sd      t1, TR_IE(t0)
    ld      t1, TR_COUNT(t0)
    addi    t1, t1, 1
    sd      t1, TR_COUNT(t0)
    /* Interrupt: mask everything so it is not taken again at once. */
    csrr    t1, mcause
    bgez    t1, 4f
    csrw    mie, zero
4:
    ld      t1, TR_RETPRIV(t0)
    beqz    t1, 9f
    sd      zero, TR_RETPRIV(t0)
    addi    t1, t1, -1
    slli    t1, t1, 11
    li      t2, MSTATUS_MPP
    csrc    mstatus, t2
    csrs    mstatus, t1
9:
    ld      t1, TR_MSAVE1(t0)
    ld      t2, TR_MSAVE2(t0)
    csrr    t0, mscratch
    mret

m_unexpected:
    sd      t1, TR_CAUSE(t0)
    csrr    t1, mepc
    sd      t1, TR_EPC(t0)
    csrr    t1, mtval
    sd      t1, TR_TVAL(t0)
    li      t1, PRV_M
    sd      t1, TR_MODE(t0)
    li      s0, FAIL_UNEXPECTED_TRAP
    j       fail_common

/* ---- S-mode trap handler -------------------------------------------- */

    .align  8
    .globl  strap_vector
strap_vector:
    csrw    sscratch, t0
    la      t0, trap_rec
    sd      t1, TR_SSAVE1(t0)
    sd      t2, TR_SSAVE2(t0)
    csrr    t1, sepc
    la      t2, fail_common
    bltu    t1, t2, 1f
    la      t2, fail_common_end
    bgeu    t1, t2, 1f
    j       fail_common
1:
    csrr    t1, scause
    bltz    t1, 3f
    addi    t2, t1, -CAUSE_USER_ECALL
    bltz    t2, 3f
    addi    t2, t2, -(CAUSE_SUPERVISOR_ECALL - CAUSE_USER_ECALL)
    bgtz    t2, 3f
    li      t2, GOTO_MAGIC
    bne     a7, t2, 3f
    /* Forward the mode switch to M. */
    ld      t1, TR_SSAVE1(t0)
    ld      t2, TR_SSAVE2(t0)
    csrr    t0, sscratch
    ecall
    j       fail
3:
    ld      t2, TR_RET(t0)
    beqz    t2, s_unexpected
    sd      zero, TR_RET(t0)
    sd      t1, TR_CAUSE(t0)
    csrr    t1, sepc
    sd      t1, TR_EPC(t0)
    csrw    sepc, t2
    csrr    t1, stval
    sd      t1, TR_TVAL(t0)
    csrr    t1, sstatus
    sd      t1, TR_STATUS(t0)
    li      t1, PRV_S
    sd      t1, TR_MODE(t0)
    csrr    t1, sip
    sd      t1, TR_IP(t0)
    csrr    t1, sie
    sd      t1, TR_IE(t0)
    ld      t1, TR_COUNT(t0)
    addi    t1, t1, 1
    sd      t1, TR_COUNT(t0)
    csrr    t1, scause
    bgez    t1, 4f
    csrw    sie, zero
4:
    ld      t1, TR_RETPRIV(t0)
    beqz    t1, 9f
    sd      zero, TR_RETPRIV(t0)
    li      t2, MSTATUS_SPP
    csrc    sstatus, t2
    addi    t1, t1, -1
    beqz    t1, 9f
    csrs    sstatus, t2
9:
    ld      t1, TR_SSAVE1(t0)
    ld      t2, TR_SSAVE2(t0)
    csrr    t0, sscratch
    sret

s_unexpected:
    sd      t1, TR_CAUSE(t0)
    csrr    t1, sepc
    sd      t1, TR_EPC(t0)
    csrr    t1, stval
    sd      t1, TR_TVAL(t0)
    li      t1, PRV_S
    sd      t1, TR_MODE(t0)
    li      s0, FAIL_UNEXPECTED_TRAP
    j       fail_common

/* ---- pass / fail ---------------------------------------------------- */

    .globl  pass
pass:
    li      s0, 0
    j       fail_common
    .globl  fail
fail:
    mv      s0, gp
    j       fail_common

/* s0 = 0 (pass) or the failure number.  Any mode; restartable from the top
 * by the M-mode handler if a store here faults. */
fail_common:
    beqz    s0, 5f
    la      a0, msg_fail
    jal     ra, fc_puts
    mv      a0, gp
    jal     ra, fc_puthex
    li      t0, FAIL_UNEXPECTED_TRAP
    bne     s0, t0, 4f
    la      a0, msg_unexp
    jal     ra, fc_puts
    la      s1, trap_rec
    ld      a0, TR_CAUSE(s1)
    jal     ra, fc_puthex
    la      a0, msg_epc
    jal     ra, fc_puts
    ld      a0, TR_EPC(s1)
    jal     ra, fc_puthex
    la      a0, msg_tval
    jal     ra, fc_puts
    ld      a0, TR_TVAL(s1)
    jal     ra, fc_puthex
    la      a0, msg_mode
    jal     ra, fc_puts
    ld      a0, TR_MODE(s1)
    jal     ra, fc_puthex
4:
    li      a0, '\n'
    jal     ra, fc_putc
5:
    li      t0, 1
    beqz    s0, 6f
    slli    t0, s0, 1
    ori     t0, t0, 1
6:
    la      t1, tohost
    sd      t0, 0(t1)
    li      t0, 0x5555
    beqz    s0, 7f
    slli    t0, s0, 16
    li      t1, 0x3333
    or      t0, t0, t1
7:
    li      t1, FINISHER_BASE
    sw      t0, 0(t1)
8:
    j       8b

/* Put the character in a0 (bounded wait for THR empty). */
fc_putc:
    li      t0, UART_BASE
    li      t1, 100000
1:
    lbu     t2, 5(t0)
    andi    t2, t2, 0x20
    bnez    t2, 2f
    addi    t1, t1, -1
    bnez    t1, 1b
2:
    sb      a0, 0(t0)
    ret

/* Put the NUL-terminated string at a0. */
fc_puts:
    mv      t3, ra
    mv      t4, a0
1:
    lbu     a0, 0(t4)
    beqz    a0, 2f
    jal     ra, fc_putc
    addi    t4, t4, 1
    j       1b
2:
    mv      ra, t3
    ret

/* Put a0 as 16 hex digits. */
fc_puthex:
    mv      t3, ra
    mv      t4, a0
    li      s2, 60
1:
    srl     a0, t4, s2
    andi    a0, a0, 0xf
    addi    a0, a0, '0'
    li      t0, '9'
    ble     a0, t0, 2f
    addi    a0, a0, 'a' - '0' - 10
2:
    jal     ra, fc_putc
    addi    s2, s2, -4
    bgez    s2, 1b
    mv      ra, t3
    ret
fail_common_end:
    .option pop

msg_fail:  .asciz "FAIL test "
msg_unexp: .asciz ": unexpected trap cause="
msg_epc:   .asciz " epc="
msg_tval:  .asciz " tval="
msg_mode:  .asciz " handler="
    .align  3

/* ---- data ----------------------------------------------------------- */

    .section .tohost, "aw", @progbits
    .align  6
    .globl  tohost
tohost:   .dword 0
    .align  6
    .globl  fromhost
fromhost: .dword 0

    .data
    .align  6
    .globl  trap_rec
trap_rec:
    .fill   TR_SIZE / 8, 8, 0

#endif
