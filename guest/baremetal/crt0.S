/* Start-up code for bare-metal C guest programs: stack, FPU, bss, main, exit.
 * SPDX-License-Identifier: MIT */
    .section .text.init
    .globl _start
_start:
    /* Only hart 0 runs the program; others park. */
    csrr    t0, mhartid
    bnez    t0, park
    la      sp, __stack_top
    /* mstatus.FS = Initial so FP instructions are legal. */
    li      t0, (1 << 13)
    csrs    mstatus, t0
    csrwi   fcsr, 0
    la      t0, __bss_start
    la      t1, __bss_end
1:  bgeu    t0, t1, 2f
    sd      zero, 0(t0)
    addi    t0, t0, 8
    j       1b
2:  call    main
    /* Exit with main's return value: tohost (rvreplay), finisher (QEMU). */
    la      t0, tohost
    li      t1, 1
    beqz    a0, 3f
    slli    t1, a0, 1
    ori     t1, t1, 1
3:  sd      t1, 0(t0)
    li      t0, 0x100000
    li      t1, 0x5555
    beqz    a0, 4f
    slli    t1, a0, 16
    li      t2, 0x3333
    or      t1, t1, t2
4:  sw      t1, 0(t0)
    j       park
park:
    wfi
    j       park

    .section .tohost, "aw", @progbits
    .align  6
    .globl  tohost
tohost: .dword 0
    .align  6
    .globl  fromhost
fromhost: .dword 0
