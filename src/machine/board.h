/* The virt board's memory map and interrupt numbers (QEMU 7.2 hw/riscv/virt.c).
 * SPDX-License-Identifier: MIT
 *
 * Guests built for QEMU's `-M virt` find their devices here; Linux and
 * OpenSBI learn the addresses from the device tree (fdt.c), bare-metal
 * programs hard-code them. */
#ifndef MACHINE_BOARD_H
#define MACHINE_BOARD_H

#define VIRT_MROM_BASE 0x1000ULL
#define VIRT_MROM_SIZE 0xf000ULL
#define VIRT_TEST_BASE 0x100000ULL
#define VIRT_TEST_SIZE 0x1000ULL
#define VIRT_RTC_BASE 0x101000ULL
#define VIRT_RTC_SIZE 0x1000ULL
#define VIRT_CLINT_BASE 0x2000000ULL
#define VIRT_CLINT_SIZE 0x10000ULL
#define VIRT_PLIC_BASE 0xc000000ULL
/* QEMU sizes the window for its 512-hart maximum: 0x200000 + 2 contexts *
 * 512 harts * 0x1000. */
#define VIRT_PLIC_SIZE 0x600000ULL
#define VIRT_UART0_BASE 0x10000000ULL
#define VIRT_UART0_SIZE 0x100ULL
#define VIRT_VIRTIO_BASE 0x10001000ULL
#define VIRT_VIRTIO_SIZE 0x1000ULL /* per slot */
#define VIRT_VIRTIO_COUNT 8
#define VIRT_DRAM_BASE 0x80000000ULL

/* PLIC sources: virtio-mmio slot N is source 1 + N. */
#define VIRT_VIRTIO_IRQ(n) (1u + (unsigned)(n))
#define VIRT_UART0_IRQ 10u
#define VIRT_RTC_IRQ 11u
/* Number of PLIC sources (the device tree's riscv,ndev). */
#define VIRT_PLIC_NDEV 96u

/* Address of virtio-mmio slot n (0..VIRT_VIRTIO_COUNT-1). */
#define VIRT_VIRTIO_SLOT(n) (VIRT_VIRTIO_BASE + VIRT_VIRTIO_SIZE * (n))

#endif
