/* Physical memory protection: pmpcfg/pmpaddr writes and read-back (as QEMU
 * 7.2 does them: 16 entries, pmpcfg1/3/... and pmpaddr16+ are illegal on
 * RV64, no granularity rounding), OFF/TOR/NA4/NAPOT matching, S and U
 * enforcement (access faults 1/5/7 with mtval = the address), partial
 * matches fail, lowest-numbered entry wins, no match with entries present
 * fails for S/U, M is unaffected unless the entry is locked, MPRV applies
 * PMP as MPP, and locked entries (incl. the TOR base of a locked TOR
 * entry) ignore writes.
 *
 * Not tested because QEMU 7.2 is laxer than a strict reading of the spec:
 * reserved cfg bits 5-6 and the reserved R=0/W=1 combination are stored as
 * written, and pmpaddr keeps bits 63:54 (read-only zero in the spec; only
 * bits 53:0 are compared here).
 * SPDX-License-Identifier: MIT */
#include "macros.h"

#define NAPOT4K(pa) (((pa) >> 2) | 0x1ff)
#define A_OFF   0x00
#define A_TOR   0x08
#define A_NA4   0x10
#define A_NAPOT 0x18
#define P_R 1
#define P_W 2
#define P_X 4
#define P_L 0x80

/* load pmpaddrN with NAPOT(4 KiB page at symbol) */
.macro NAPOT_PAGE csr, sym
    la      t0, \sym
    srli    t0, t0, 2
    ori     t0, t0, 0x1ff
    csrw    \csr, t0
.endm

.macro ADDR_OF csr, sym, off=0
    la      t0, \sym
    addi    t0, t0, \off
    srli    t0, t0, 2
    csrw    \csr, t0
.endm

TEST_BEGIN
    /* ---- the start-up entry ---- */
    TESTNUM 1
    csrr    a0, pmpcfg0
    andi    a0, a0, 0xff
    CHECK   a0, A_NAPOT | P_R | P_W | P_X
    csrr    a0, pmpaddr0
    li      a1, 0x003fffffffffffff      /* bits 63:54: QEMU keeps them */
    and     a0, a0, a1
    CHECKR  a0, a1
    /* plain read-back of addresses and configurations */
    TESTNUM 2
    li      a0, 0x20000123
    csrw    pmpaddr3, a0
    csrr    a1, pmpaddr3
    CHECKR  a1, a0
    li      a0, 0x1f000000000000
    csrw    pmpcfg2, a0
    csrr    a1, pmpcfg2
    CHECKR  a1, a0
    csrw    pmpcfg2, zero
    csrr    a1, pmpcfg2
    CHECK   a1, 0
    /* odd pmpcfg and pmpaddr16.. do not exist (RV64, 16 entries) */
    TESTNUM 3
    MUST_TRAP CAUSE_ILLEGAL_INSN, csrr a0, pmpcfg1
    CHECK_TVAL 0x3a102573
    MUST_TRAP CAUSE_ILLEGAL_INSN, csrr a0, pmpcfg3
    MUST_TRAP CAUSE_ILLEGAL_INSN, csrr a0, 0x3c0      /* pmpaddr16 */
    MUST_TRAP CAUSE_ILLEGAL_INSN, csrw 0x3a4, zero    /* pmpcfg4 */
    /* S cannot touch PMP CSRs */
    GOTO_S  1f
1:  MUST_TRAP CAUSE_ILLEGAL_INSN, csrr a0, pmpcfg0
    MUST_TRAP CAUSE_ILLEGAL_INSN, csrw pmpaddr0, zero
    GOTO_M  1f

    /* ---- program the entries (M is not affected while unlocked) ---- */
1:  TESTNUM 4
    NAPOT_PAGE pmpaddr0, pp_r
    NAPOT_PAGE pmpaddr1, pp_none
    ADDR_OF pmpaddr2, tor_buf, 0x100
    ADDR_OF pmpaddr3, tor_buf, 0x300
    ADDR_OF pmpaddr4, na4_buf, 8
    NAPOT_PAGE pmpaddr5, pp_prio
    NAPOT_PAGE pmpaddr6, pp_prio
    NAPOT_PAGE pmpaddr7, noexec_page
    li      t0, -1
    csrw    pmpaddr15, t0
    li      a0, (A_NAPOT|P_R) | (A_NAPOT << 8) | (A_OFF << 16) | (A_TOR << 24) | (A_NA4 << 32) | ((A_NAPOT|P_R|P_W) << 40) | (A_NAPOT << 48) | ((A_NAPOT|P_R) << 56)
    li      a1, (A_NAPOT|P_R|P_W|P_X) << 56
    csrw    pmpcfg2, a1
    csrw    pmpcfg0, a0
    csrr    a2, pmpcfg0
    CHECKR  a2, a0
    csrr    a2, pmpcfg2
    CHECKR  a2, a1
    la      a3, pp_r
    srli    a3, a3, 2
    ori     a3, a3, 0x1ff
    csrr    a2, pmpaddr0
    CHECKR  a2, a3
    /* M still reaches everything */
    TESTNUM 5
    la      a1, pp_none
    ld      a0, 0(a1)
    sd      a0, 8(a1)
    la      a1, pp_r
    sd      a0, 0(a1)
    la      a1, noexec_page
    jalr    ra, 0(a1)
    CHECK   a0, 0x6e78

    /* ---- S mode ---- */
    GOTO_S  1f
1:  TESTNUM 6
    la      a1, pp_r
    ld      a0, 16(a1)
    CHECK   a0, 0x5252525252525252
    MUST_TRAP CAUSE_STORE_ACCESS, sd a0, 16(a1)
    CHECK_TVALA pp_r, 16
    CHECK_TMODE PRV_M
    /* no permission at all */
    TESTNUM 7
    la      a1, pp_none
    MUST_TRAP CAUSE_LOAD_ACCESS, lw a0, 0x24(a1)
    CHECK_TVALA pp_none, 0x24
    MUST_TRAP CAUSE_STORE_ACCESS, sb a0, 0x7ff(a1)
    CHECK_TVALA pp_none, 0x7ff
    /* TOR [tor_buf + 0x100, tor_buf + 0x300): no permissions */
    TESTNUM 8
    la      a1, tor_buf
    ld      a0, 0xf8(a1)                /* just below: entry 15 */
    ld      a0, 0x300(a1)               /* just above */
    MUST_TRAP CAUSE_LOAD_ACCESS, ld a0, 0x100(a1)
    CHECK_TVALA tor_buf, 0x100
    MUST_TRAP CAUSE_LOAD_ACCESS, ld a0, 0x2f8(a1)
    CHECK_TVALA tor_buf, 0x2f8
    MUST_TRAP CAUSE_STORE_ACCESS, sb a0, 0x2ff(a1)
    /* an access only partly inside the region fails */
    TESTNUM 9
    MUST_TRAP CAUSE_LOAD_ACCESS, ld a0, 0xfc(a1)
    CHECK_TVALA tor_buf, 0xfc
    MUST_TRAP CAUSE_STORE_ACCESS, sd a0, 0x2fc(a1)
    CHECK_TVALA tor_buf, 0x2fc
    /* NA4: exactly four bytes */
    TESTNUM 10
    la      a1, na4_buf
    lw      a0, 4(a1)
    lw      a0, 12(a1)
    MUST_TRAP CAUSE_LOAD_ACCESS, lw a0, 8(a1)
    CHECK_TVALA na4_buf, 8
    MUST_TRAP CAUSE_LOAD_ACCESS, lbu a0, 11(a1)
    MUST_TRAP CAUSE_LOAD_ACCESS, ld a0, 8(a1)
    MUST_TRAP CAUSE_STORE_ACCESS, sh a0, 7(a1)       /* straddles */
    /* lowest-numbered matching entry wins: entry 5 (RW) over 6 (none) */
    TESTNUM 11
    la      a1, pp_prio
    li      a0, 0x77
    sd      a0, 0x40(a1)
    ld      a2, 0x40(a1)
    CHECK   a2, 0x77
    /* ... but X is not granted by entry 5 */
    EXPECT_TRAP 1f
    jalr    ra, 0(a1)
    j       fail
1:  CHECK_TCAUSE CAUSE_FETCH_ACCESS
    CHECK_TVALA pp_prio
    /* fetch from a page with R only: instruction access fault */
    TESTNUM 12
    la      a1, noexec_page
    EXPECT_TRAP 1f
    jalr    ra, 0(a1)
    j       fail
1:  CHECK_TCAUSE CAUSE_FETCH_ACCESS
    CHECK_TVALA noexec_page
    la      t6, trap_rec
    ld      t5, TR_EPC(t6)
    CHECKA  t5, noexec_page
    /* U mode is checked the same way */
    TESTNUM 13
    GOTO_U  1f
1:  la      a1, pp_none
    MUST_TRAP CAUSE_LOAD_ACCESS, ld a0, 0(a1)
    la      a1, pp_r
    ld      a0, 0(a1)
    MUST_TRAP CAUSE_STORE_ACCESS, sd a0, 0(a1)
    GOTO_M  1f

    /* ---- MPRV: M-mode data accesses checked as MPP ---- */
1:  TESTNUM 14
    la      a1, pp_r
    EXPECT_TRAP 1f
    li      t0, MSTATUS_MPP
    csrc    mstatus, t0
    li      t0, MSTATUS_MPP_S | MSTATUS_MPRV
    csrs    mstatus, t0
    sd      a0, 0(a1)
    j       fail
1:  li      t0, MSTATUS_MPRV
    csrc    mstatus, t0
    CHECK_TCAUSE CAUSE_STORE_ACCESS
    CHECK_TVALA pp_r
    CHECK_TMODE PRV_M
    /* MPP = M: unchecked */
    li      t0, MSTATUS_MPP_M | MSTATUS_MPRV
    csrs    mstatus, t0
    sd      a0, 0(a1)
    li      t0, MSTATUS_MPRV
    csrc    mstatus, t0

    /* ---- no matching entry: S/U fail, M succeeds ---- */
    TESTNUM 15
    li      a0, 0xff << 56
    csrc    pmpcfg2, a0                 /* entry 15 off */
    la      a1, tor_buf
    ld      a0, 0(a1)
    EXPECT_TRAP 1f, PRV_M
    GOTO_S  2f
2:  j       fail                        /* cannot even fetch this */
1:  CHECK_TCAUSE CAUSE_FETCH_ACCESS
    CHECK_TVALA 2b
    li      a0, (A_NAPOT|P_R|P_W|P_X) << 56
    csrs    pmpcfg2, a0

    /* ---- locking ---- */
    /* entry 14 locked, R only: now enforced on M too */
    TESTNUM 16
    NAPOT_PAGE pmpaddr14, pp_lock
    li      a0, (A_NAPOT | P_R | P_L) << 48
    csrs    pmpcfg2, a0
    la      a1, pp_lock
    ld      a0, 0(a1)
    CHECK   a0, 0x4c4c4c4c4c4c4c4c
    MUST_TRAP CAUSE_STORE_ACCESS, sd a0, 0(a1)
    CHECK_TVALA pp_lock
    CHECK_TMODE PRV_M
    la      a1, pp_lock
    EXPECT_TRAP 1f
    jalr    ra, 0(a1)
    j       fail
1:  CHECK_TCAUSE CAUSE_FETCH_ACCESS
    /* writes to a locked entry are ignored; other entries still change */
    TESTNUM 17
    csrr    s1, pmpaddr14
    csrw    pmpaddr14, zero
    csrr    a0, pmpaddr14
    CHECKR  a0, s1
    li      a0, 0xff << 48
    csrc    pmpcfg2, a0
    csrr    a0, pmpcfg2
    srli    a0, a0, 48
    andi    a0, a0, 0xff
    CHECK   a0, A_NAPOT | P_R | P_L
    li      a0, (A_NA4 | P_R | P_X) << 8
    csrs    pmpcfg2, a0                 /* entry 9: still writable */
    csrr    a0, pmpcfg2
    srli    a0, a0, 8
    andi    a0, a0, 0xff
    CHECK   a0, A_NA4 | P_R | P_X
    li      a0, 0xff << 8
    csrc    pmpcfg2, a0
    csrr    a0, pmpcfg2
    srli    a0, a0, 8
    andi    a0, a0, 0xff
    CHECK   a0, 0
    /* a locked TOR entry also locks the pmpaddr below it */
    TESTNUM 18
    ADDR_OF pmpaddr12, pp_lock2
    ADDR_OF pmpaddr13, pp_lock2, 0x400
    li      a0, (A_TOR | P_R | P_L) << 40
    csrs    pmpcfg2, a0
    csrr    s1, pmpaddr12
    csrw    pmpaddr12, zero
    csrr    a0, pmpaddr12
    CHECKR  a0, s1
    csrr    s1, pmpaddr13
    csrw    pmpaddr13, zero
    csrr    a0, pmpaddr13
    CHECKR  a0, s1
    la      a1, pp_lock2
    MUST_TRAP CAUSE_STORE_ACCESS, sd a0, 0x3f8(a1)
    sd      a0, 0x400(a1)               /* above the TOR range */
    PASS

    .data
    .balign 4096
pp_r:       .rept 512
            .dword 0x5252525252525252
            .endr
pp_none:    .fill 512, 8, 0
pp_prio:    .fill 512, 8, 0
pp_lock:    .rept 512
            .dword 0x4c4c4c4c4c4c4c4c
            .endr
pp_lock2:   .fill 512, 8, 0
tor_buf:    .fill 128, 8, 0
na4_buf:    .fill 4, 8, 0
    .text
    .balign 4096
noexec_page:
    li      a0, 0x6e78
    ret
    .balign 4096
