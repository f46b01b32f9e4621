/* Regression: mip.SEIP is the OR of a software-writable bit and the external
 * interrupt line, but CSRRS/CSRRC on mip must read-modify-write only the
 * software bit (privileged spec 1.12, section 3.1.9: "the value used in
 * the read-modify-write sequence of a CSRRS or CSRRC instruction contains
 * only the software-writable SEIP bit, ignoring the interrupt value from
 * the external interrupt controller").
 *
 * Symptom when wrong: OpenSBI sets mip.SSIP with csrs to forward an IPI;
 * if a PLIC line was up at that moment, SEIP was copied into the software
 * bit and stayed set after the device dropped its line, so Linux took
 * supervisor external interrupts for ever (2-hart boot hung after
 * "random: crng init done").
 *
 * The external line comes from the goldfish RTC (PLIC source 11), whose
 * alarm fires at once when set in the past, on QEMU virt and rvreplay
 * alike: PLIC priority 1, enabled for hart 0's S-mode context (1),
 * threshold 0.  Lowering it means what a handler does: clear the RTC
 * interrupt, then claim and complete the request the PLIC latched.
 * SPDX-License-Identifier: MIT */
#include "macros.h"

#define PLIC_BASE       0xc000000
#define PLIC_PRIO_RTC   (PLIC_BASE + 4 * 11)
#define PLIC_ENABLE_S0  (PLIC_BASE + 0x2000 + 0x80 * 1)
#define PLIC_THRESH_S0  (PLIC_BASE + 0x200000 + 0x1000 * 1)
#define PLIC_CLAIM_S0   (PLIC_THRESH_S0 + 4)
#define RTC_BASE        0x101000
#define RTC_ALARM_LOW   (RTC_BASE + 0x08)
#define RTC_ALARM_HIGH  (RTC_BASE + 0x0c)
#define RTC_IRQ_ENABLED (RTC_BASE + 0x10)
#define RTC_CLEAR_IRQ   (RTC_BASE + 0x1c)

/* Poll until mip.SEIP == want (bounded), else fail. */
.macro WAIT_SEIP want
    li      t1, 1000000
.Lw\@:
    csrr    t0, mip
    srli    t0, t0, IRQ_S_EXT
    andi    t0, t0, 1
    li      t2, \want
    beq     t0, t2, .Ld\@
    addi    t1, t1, -1
    bnez    t1, .Lw\@
    j       fail
.Ld\@:
.endm

.macro RTC_LINE_UP
    li      t0, RTC_IRQ_ENABLED
    li      t1, 1
    sw      t1, 0(t0)
    li      t0, RTC_ALARM_HIGH
    sw      zero, 0(t0)
    li      t0, RTC_ALARM_LOW
    sw      zero, 0(t0)             /* alarm at 0 ns: already due */
.endm

.macro RTC_LINE_DOWN
    li      t0, RTC_CLEAR_IRQ
    li      t1, 1
    sw      t1, 0(t0)
    li      t0, PLIC_CLAIM_S0
    lw      t1, 0(t0)
    li      t2, 11
    bne     t1, t2, fail            /* the RTC request was pending */
    sw      t1, 0(t0)               /* complete */
.endm

TEST_BEGIN
    csrw    mie, zero               /* observe mip only, take nothing */
    li      t0, PLIC_PRIO_RTC
    li      t1, 1
    sw      t1, 0(t0)
    li      t0, PLIC_ENABLE_S0
    li      t1, 1 << 11
    sw      t1, 0(t0)
    li      t0, PLIC_THRESH_S0
    sw      zero, 0(t0)

    /* The line alone drives mip.SEIP. */
    TESTNUM 1
    WAIT_SEIP 0
    RTC_LINE_UP
    WAIT_SEIP 1
    RTC_LINE_DOWN
    WAIT_SEIP 0

    /* csrs on another mip bit while the line is up must not latch SEIP. */
    TESTNUM 2
    RTC_LINE_UP
    WAIT_SEIP 1
    csrs    mip, MIP_SSIP
    csrc    mip, MIP_SSIP
    RTC_LINE_DOWN
    WAIT_SEIP 0

    /* Neither must csrc of another bit. */
    TESTNUM 3
    csrs    mip, MIP_SSIP
    RTC_LINE_UP
    WAIT_SEIP 1
    csrc    mip, MIP_SSIP
    RTC_LINE_DOWN
    WAIT_SEIP 0

    /* The software bit itself: set, seen with the line down, cleared. */
    TESTNUM 4
    li      t0, MIP_SEIP
    csrs    mip, t0
    WAIT_SEIP 1
    RTC_LINE_UP
    RTC_LINE_DOWN
    WAIT_SEIP 1                     /* still the software bit */
    li      t0, MIP_SEIP
    csrc    mip, t0
    WAIT_SEIP 0

    /* The read value is the OR: csrr sees the line while sw bit is 0. */
    TESTNUM 5
    RTC_LINE_UP
    WAIT_SEIP 1
    li      t0, MIP_SEIP
    csrrc   a0, mip, t0             /* clears only the (clear) sw bit */
    srli    a0, a0, IRQ_S_EXT
    andi    a0, a0, 1
    CHECK   a0, 1                   /* old value includes the line */
    WAIT_SEIP 1                     /* line still up */
    RTC_LINE_DOWN
    WAIT_SEIP 0
    PASS
