/* Sv39 virtual memory: 4 KiB pages, 2 MiB megapages and 1 GiB gigapages
 * built in assembly; load/store/fetch page faults (causes 13/15/12) with
 * exact stval; hardware A/D updates (QEMU 7.2 sets A/D itself: matched);
 * SUM, MXR, the U bit from S and U; misaligned superpages; SFENCE.VMA after
 * PTE changes (data and code); page-crossing accesses and instruction
 * fetches; satp switching incl. Bare; MPRV.  The common part lives in
 * vm-common.h (shared with priv-sv48.S).
 * SPDX-License-Identifier: MIT */
#define VM_LEVELS 3
#include "macros.h"
#include "vm-common.h"

    /* ---- Sv39-specific ---- */
    /* the top of the address space: root[511] maps the RAM alias at
     * 0xffffffffc0000000 (sign-extended VA) */
    TESTNUM 150
    SETPTEA vm_l2, 511, 0x80000000, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
    SATP_ON
    GOTO_S  1f
1:  la      a1, dpage1
    li      a2, 0x80000000
    sub     a1, a1, a2
    li      a2, 0xffffffffc0000000
    add     a1, a1, a2
    ld      a0, 0x88(a1)
    CHECK   a0, 0x0100000000000088
    /* bits 63:39 must equal bit 38: flip bit 40 */
    TESTNUM 151
    li      a2, 1 << 40
    xor     a1, a1, a2
    MUST_TRAP CAUSE_LOAD_PAGE_FAULT, ld a0, 0(a1)
    CHECK_TVALR a1
    GOTO_M  1f
1:  csrw    satp, zero
    PASS
