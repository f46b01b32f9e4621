/* Sv48 virtual memory: the tests shared with Sv39 (vm-common.h, with an
 * extra top-level table whose entry 0 points at the Sv39 root) plus 512 GiB
 * terapages, misaligned terapages, the Sv48 canonical-address rule, the
 * top of the address space, and switching satp between Sv48, Sv39 and Bare
 * while running in S mode.
 * SPDX-License-Identifier: MIT */
#define VM_LEVELS 4
#include "macros.h"
#include "vm-common.h"

#define TERA_VA 0x8000000000        /* vm_l3[1]: 512 GiB leaf -> PA 0 */
#define MISTERA_VA 0x10000000000    /* vm_l3[2]: misaligned 512 GiB leaf */

    TESTNUM 150
    SETPTEA vm_l3, 1, 0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
    SETPTEA vm_l3, 2, 0x80000000, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
    SETPTR  vm_l3, 511, vm_l2
    SATP_ON
    GOTO_S  1f
    /* terapage: VA TERA_VA + x -> PA x */
1:  la      a1, dpage2
    li      a2, TERA_VA
    add     a1, a1, a2
    ld      a0, 0x90(a1)
    CHECK   a0, 0x0200000000000090
    li      a1, TERA_VA + CLINT_MTIME
    ld      a0, 0(a1)
    /* store through the terapage, read back physically */
    TESTNUM 151
    la      a1, dpage3
    li      a2, TERA_VA
    add     a1, a1, a2
    li      a0, 0x7e7a7e7a
    sd      a0, 0x98(a1)
    la      a1, dpage3
    ld      a2, 0x98(a1)
    CHECK   a2, 0x7e7a7e7a
    li      a0, 0x0300000000000098
    sd      a0, 0x98(a1)
    /* misaligned terapage (PPN[2:0] != 0) */
    TESTNUM 152
    li      a1, MISTERA_VA + 0x40
    MUST_TRAP CAUSE_LOAD_PAGE_FAULT, ld a0, 0(a1)
    CHECK_TVALR a1
    MUST_TRAP CAUSE_STORE_PAGE_FAULT, sd a0, 0(a1)
    CHECK_TVALR a1
    /* top of the address space: vm_l3[511] reuses vm_l2 */
    TESTNUM 153
    li      a1, 0xffffff8000000000 + VA_L0A(L0A_RO)
    ld      a0, 0xa0(a1)
    CHECK   a0, 0x01000000000000a0
    li      a1, 0xffffff8000000000 + VA_L0A(L0A_INV)
    MUST_TRAP CAUSE_LOAD_PAGE_FAULT, ld a0, 0(a1)
    CHECK_TVALR a1
    /* canonical in Sv48 but not mapped: bit 38 set, vm_l2[256] empty */
    TESTNUM 154
    li      a1, 0x0000004000000000
    MUST_TRAP CAUSE_LOAD_PAGE_FAULT, ld a0, 0(a1)
    CHECK_TVALR a1
    /* not canonical: bits 63:48 differ from bit 47 */
    TESTNUM 155
    li      a1, 0xffff7f8000000000 + VA_L0A(L0A_RO)
    MUST_TRAP CAUSE_LOAD_PAGE_FAULT, ld a0, 0(a1)
    CHECK_TVALR a1

    /* ---- switch to Sv39 (root = vm_l2) while running in S ---- */
    TESTNUM 156
    csrr    s3, satp
    la      t0, vm_l2
    srli    t0, t0, 12
    li      t1, SATP_MODE_SV39 << 60
    or      t0, t0, t1
    csrw    satp, t0
    sfence.vma
    csrr    a0, satp
    srli    a0, a0, 60
    CHECK   a0, SATP_MODE_SV39
    /* the shared tables still map VBASE */
    li      a1, VA_L0A(L0A_RO)
    ld      a0, 0xa8(a1)
    CHECK   a0, 0x01000000000000a8
    /* TERA_VA has bit 39 set: not canonical in Sv39 */
    li      a1, TERA_VA
    MUST_TRAP CAUSE_LOAD_PAGE_FAULT, ld a0, 0(a1)
    CHECK_TVAL TERA_VA
    /* bit 38 set with bits 63:39 clear: not canonical in Sv39 */
    li      a1, 0x0000004000000000
    MUST_TRAP CAUSE_LOAD_PAGE_FAULT, ld a0, 0(a1)
    /* ---- Bare ---- */
    TESTNUM 157
    csrw    satp, zero
    sfence.vma
    la      a1, dpage1
    ld      a0, 0xb0(a1)
    CHECK   a0, 0x01000000000000b0
    li      a1, VBASE + 0x40000000    /* 0x80000000: RAM, physically */
    ld      a0, 0(a1)
    /* ---- back to Sv48 ---- */
    TESTNUM 158
    csrw    satp, s3
    sfence.vma
    la      a1, dpage2
    li      a2, TERA_VA
    add     a1, a1, a2
    ld      a0, 0xb8(a1)
    CHECK   a0, 0x02000000000000b8
    GOTO_M  1f
1:  csrw    satp, zero
    PASS
