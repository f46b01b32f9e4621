/* Loading guest images (ELF executables) into RAM.
 * SPDX-License-Identifier: MIT */
#ifndef MACHINE_LOADER_H
#define MACHINE_LOADER_H

#include "base/base.h"

typedef struct PhysMem PhysMem;

typedef struct LoadedImage {
    uint64_t entry;
    uint64_t lowest, highest; /* physical range occupied */
    uint64_t tohost;          /* address of the `tohost` symbol */
    bool has_tohost;
} LoadedImage;

/* Copies the PT_LOAD segments of a RISC-V ELF64 image into RAM (at their
 * physical addresses).  On bad input returns false with *err set. */
bool loader_load_elf(PhysMem *mem, const uint8_t *image, size_t len,
                     LoadedImage *out, const char **err) MUST_CHECK;

#endif
