/* Booting the virt machine: where firmware, kernel, initrd and device tree
 * go in RAM, and how the harts start (QEMU 7.2's hw/riscv/boot.c).
 * SPDX-License-Identifier: MIT */
#ifndef MACHINE_BOOT_H
#define MACHINE_BOOT_H

#include "base/base.h"

typedef struct Machine Machine;

/* Boot inputs, already read into memory (so that a reboot reloads exactly
 * the same bytes).  Any pointer may be NULL. */
typedef struct BootImages {
    const uint8_t *bios;   /* firmware: ELF or raw binary; NULL = none */
    size_t bios_len;
    const uint8_t *kernel; /* ELF or raw image (e.g. Linux's Image) */
    size_t kernel_len;
    const uint8_t *initrd;
    size_t initrd_len;
    const uint8_t *dtb;    /* device tree to use instead of the generated
                              one (its /chosen is updated) */
    size_t dtb_len;
    const char *cmdline;   /* kernel command line (/chosen bootargs) */
} BootImages;

/* Where things went (guest physical addresses; ends are exclusive). */
typedef struct BootLayout {
    uint64_t start_pc;     /* where every hart starts */
    uint64_t bios_start, bios_end;       /* 0, 0 without firmware */
    uint64_t kernel_start, kernel_end, kernel_entry; /* 0 without kernel */
    uint64_t initrd_start, initrd_end;   /* 0, 0 without initrd */
    uint64_t fdt_addr, fdt_size;
    uint64_t fw_dynamic_info; /* OpenSBI fw_dynamic_info (in the ROM) */
} BootLayout;

/* Loads the images into the machine's RAM and ROM and sets every hart's
 * pc and argument registers.  Call on a fresh machine or right after
 * machine_reset().  On bad input returns false with a message in err. */
bool boot_load(Machine *m, const BootImages *img, BootLayout *out,
               char *err, size_t err_size) MUST_CHECK;

#endif
