/* RV64I loads and stores: every width, sign/zero extension, offsets at the
 * immediate limits, partial writes, loads into x0, misaligned accesses
 * (QEMU 7.2 performs ordinary misaligned loads/stores in hardware instead of
 * trapping; the spec allows either, we match QEMU), accesses crossing a page
 * boundary, and access faults on unmapped physical addresses.
 * SPDX-License-Identifier: MIT */
#include "macros.h"

.macro TLD n, op, res, off
    TESTNUM \n
    la      a1, tdata
    \op     a0, \off(a1)
    CHECK   a0, \res
.endm

TEST_BEGIN
    /* tdata = 00 ff 80 7f 01 80 ff 7f  f0 0f 55 aa 00 00 00 80 ... */
    TLD 1, lb, 0, 0
    TLD 2, lb, 0xffffffffffffffff, 1
    TLD 3, lb, 0xffffffffffffff80, 2
    TLD 4, lb, 0x7f, 3
    TLD 5, lbu, 0xff, 1
    TLD 6, lbu, 0x80, 2
    TLD 7, lh, 0xffffffffffffff00, 0
    TLD 8, lh, 0x7f80, 2
    TLD 9, lh, 0xffffffffffff8001, 4
    TLD 10, lhu, 0xff00, 0
    TLD 11, lhu, 0x8001, 4
    TLD 12, lw, 0x7f80ff00, 0
    TLD 13, lw, 0x7fff8001, 4
    TLD 14, lw, 0xffffffffaa550ff0, 8
    TLD 15, lwu, 0xaa550ff0, 8
    TLD 16, lwu, 0x80000000, 12
    TLD 17, lw, 0xffffffff80000000, 12
    TLD 18, ld, 0x7fff80017f80ff00, 0
    TLD 19, ld, 0x80000000aa550ff0, 8
    /* negative offsets */
    TESTNUM 20
    la      a1, tdata + 16
    ld      a0, -8(a1)
    CHECK   a0, 0x80000000aa550ff0
    lb      a0, -15(a1)
    CHECK   a0, -1
    /* offsets at the limits of the 12-bit immediate */
    TESTNUM 21
    la      a1, bigbuf + 2048
    li      a0, 0x1122334455667788
    sd      a0, -2048(a1)
    sd      a0, 2040(a1)
    la      a2, bigbuf
    ld      a3, 0(a2)
    CHECK   a3, 0x1122334455667788
    ld      a3, 2040(a1)
    CHECK   a3, 0x1122334455667788
    addi    a2, a2, 2047
    ld      a3, 2041(a2)    /* bigbuf + 4088 */
    CHECK   a3, 0x1122334455667788
    lbu     a3, 2047(a1)
    CHECK   a3, 0x11
    lbu     a3, -2048(a1)
    CHECK   a3, 0x88

    /* stores write exactly their width */
    TESTNUM 22
    la      a1, sbuf
    li      a0, -1
    sd      a0, 0(a1)
    sd      a0, 8(a1)
    li      a2, 0x1234567890abcdef
    sb      a2, 1(a1)
    ld      a3, 0(a1)
    CHECK   a3, 0xffffffffffffefff
    TESTNUM 23
    sh      a2, 4(a1)
    ld      a3, 0(a1)
    CHECK   a3, 0xffffcdefffffefff
    TESTNUM 24
    sw      a2, 8(a1)
    ld      a3, 8(a1)
    CHECK   a3, 0xffffffff90abcdef
    TESTNUM 25
    sd      a2, 0(a1)
    ld      a3, 0(a1)
    CHECKR  a3, a2
    ld      a3, 8(a1)
    CHECK   a3, 0xffffffff90abcdef
    /* store x0 */
    TESTNUM 26
    sw      x0, 12(a1)
    ld      a3, 8(a1)
    CHECK   a3, 0x0000000090abcdef
    /* load into x0 is performed but discarded */
    TESTNUM 27
    ld      x0, 0(a1)
    lb      x0, 0(a1)
    CHECK   x0, 0
    /* load-after-store, rd == rs1 */
    TESTNUM 28
    la      a1, sbuf
    sd      a1, 0(a1)
    ld      a1, 0(a1)
    CHECKA  a1, sbuf

    /* misaligned loads and stores at every offset (performed, no trap) */
    TESTNUM 30
    la      a1, mbuf
    li      a0, 0x0706050403020100
    sd      a0, 0(a1)
    li      a0, 0x0f0e0d0c0b0a0908
    sd      a0, 8(a1)
    li      a0, 0x1716151413121110
    sd      a0, 16(a1)
    ld      a2, 1(a1)
    CHECK   a2, 0x0807060504030201
    ld      a2, 3(a1)
    CHECK   a2, 0x0a09080706050403
    ld      a2, 7(a1)
    CHECK   a2, 0x0e0d0c0b0a090807
    lw      a2, 1(a1)
    CHECK   a2, 0x04030201
    lw      a2, 6(a1)
    CHECK   a2, 0x09080706
    lwu     a2, 7(a1)
    CHECK   a2, 0x0a090807
    lh      a2, 3(a1)
    CHECK   a2, 0x0403
    lh      a2, 7(a1)
    CHECK   a2, 0x0807
    lhu     a2, 15(a1)
    CHECK   a2, 0x100f
    TESTNUM 31
    li      a0, 0x8899aabbccddeeff
    sd      a0, 5(a1)
    ld      a2, 0(a1)
    CHECK   a2, 0xddeeff0403020100
    ld      a2, 8(a1)
    CHECK   a2, 0x0f0e0d8899aabbcc
    lw      a2, 9(a1)
    CHECK   a2, 0xffffffff8899aabb
    TESTNUM 32
    sw      a0, 13(a1)
    ld      a2, 8(a1)
    CHECK   a2, 0xddeeff8899aabbcc
    lbu     a2, 16(a1)
    CHECK   a2, 0xcc
    lbu     a2, 17(a1)
    CHECK   a2, 0x11
    lbu     a2, 18(a1)
    CHECK   a2, 0x12
    TESTNUM 33
    sh      a0, 19(a1)
    ld      a2, 16(a1)
    CHECK   a2, 0x171615eeff1211cc
    /* negative misaligned values sign-extend */
    TESTNUM 34
    li      a0, 0xffff8000
    sw      a0, 3(a1)
    lh      a2, 5(a1)
    CHECK   a2, -1
    lh      a2, 4(a1)
    CHECK   a2, 0xffffffffffffff80
    lw      a2, 3(a1)
    CHECK   a2, 0xffffffffffff8000

    /* misaligned accesses that straddle a page boundary */
    TESTNUM 35
    la      a1, pagebuf + 4096
    li      a0, 0x0123456789abcdef
    sd      a0, -3(a1)
    ld      a2, -3(a1)
    CHECKR  a2, a0
    lbu     a2, -3(a1)
    CHECK   a2, 0xef
    lbu     a2, -1(a1)
    CHECK   a2, 0xab
    lbu     a2, 0(a1)
    CHECK   a2, 0x89
    lbu     a2, 4(a1)
    CHECK   a2, 0x01
    TESTNUM 36
    lw      a2, -2(a1)
    CHECK   a2, 0x6789abcd
    lh      a2, -1(a1)
    CHECK   a2, 0xffffffffffff89ab
    sw      zero, -1(a1)
    ld      a2, -3(a1)
    CHECK   a2, 0x012300000000cdef
    TESTNUM 37
    li      a0, 0xa5a5
    sh      a0, -1(a1)
    lhu     a2, -1(a1)
    CHECK   a2, 0xa5a5
    ld      a2, -8(a1)
    srli    a2, a2, 32
    CHECK   a2, 0xa5cdef00

    /* Access faults: nothing is mapped at 0x1000000 on the virt board.
     * Loads give cause 5, stores cause 7, mtval = the address. */
    TESTNUM 40
    li      a1, 0x1000000
    MUST_TRAP CAUSE_LOAD_ACCESS, ld a0, 8(a1)
    CHECK_TVAL 0x1000008
    CHECK_TMODE PRV_M
    TESTNUM 41
    MUST_TRAP CAUSE_LOAD_ACCESS, lbu a0, 3(a1)
    CHECK_TVAL 0x1000003
    TESTNUM 42
    MUST_TRAP CAUSE_STORE_ACCESS, sw a0, 0x10(a1)
    CHECK_TVAL 0x1000010
    TESTNUM 43
    MUST_TRAP CAUSE_STORE_ACCESS, sb a0, -1(a1)
    CHECK_TVAL 0xffffff
    /* the destination of a faulting load is not written */
    TESTNUM 44
    li      a0, 0x1234
    MUST_TRAP CAUSE_LOAD_ACCESS, lw a0, 0(a1)
    CHECK   a0, 0x1234
    /* addresses with high bits set never alias RAM */
    TESTNUM 45
    li      a1, 0x0000000180000000          /* RAM base + 4 GiB */
    MUST_TRAP CAUSE_LOAD_ACCESS, ld a0, 0(a1)
    CHECK_TVAL 0x0000000180000000
    li      a1, 0x8000000080000000
    MUST_TRAP CAUSE_LOAD_ACCESS, ld a0, 0(a1)
    CHECK_TVAL 0x8000000080000000
    MUST_TRAP CAUSE_STORE_ACCESS, sd a0, 8(a1)
    CHECK_TVAL 0x8000000080000008
    /* the very top of the address space, reached by wrapping */
    TESTNUM 46
    MUST_TRAP CAUSE_LOAD_ACCESS, ld a0, -8(zero)
    CHECK_TVAL 0xfffffffffffffff8
    li      a1, -1
    MUST_TRAP CAUSE_LOAD_ACCESS, lbu a0, 0(a1)
    CHECK_TVAL 0xffffffffffffffff
    MUST_TRAP CAUSE_STORE_ACCESS, sb a0, 0(a1)
    CHECK_TVAL 0xffffffffffffffff
    /* base + offset wraps around to a RAM address: works */
    TESTNUM 47
    la      a1, tdata
    li      a2, -0x800
    add     a1, a1, a2
    li      a2, 0x800
    add     a1, a1, a2              /* back to tdata */
    lbu     a0, 1(a1)
    CHECK   a0, 0xff
    PASS

    .data
    .align  4
tdata:
    .byte 0x00, 0xff, 0x80, 0x7f, 0x01, 0x80, 0xff, 0x7f
    .byte 0xf0, 0x0f, 0x55, 0xaa, 0x00, 0x00, 0x00, 0x80
    .align  4
sbuf:   .fill 4, 8, 0
mbuf:   .fill 4, 8, 0
    .align  12
bigbuf: .fill 512, 8, 0
    .align  12
pagebuf: .fill 1024, 8, 0
         .fill 512, 8, 0
