/* Booting the virt machine: image placement and hart start-up state.
 * SPDX-License-Identifier: MIT
 *
 * Placement follows QEMU 7.2 (hw/riscv/boot.c, hw/riscv/virt.c) so that
 * the same images boot the same way on both:
 *   firmware   at the start of RAM (0x80000000), or where its ELF says;
 *   kernel     at the first 2 MiB boundary after the firmware (0x80200000
 *              for OpenSBI), or where its ELF says;
 *   initrd     at kernel + min(RAM / 2, 128 MiB);
 *   device     at the highest 2 MiB boundary that leaves room for it
 *   tree       below the end of RAM or 3 GiB, whichever is lower;
 *   ROM        QEMU's reset vector and OpenSBI's fw_dynamic_info at 0x1000.
 * Every hart starts at the firmware (or, without firmware, the kernel)
 * with the registers QEMU's reset vector sets: a0 = hart id, a1 = device
 * tree, a2 = fw_dynamic_info, t0 = start address. */
#include "machine/boot.h"

#include "machine/board.h"
#include "machine/fdt.h"
#include "machine/loader.h"
#include "machine/machine_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#define MiB (1ULL << 20)

/* OpenSBI's struct fw_dynamic_info (include/sbi/fw_dynamic.h), version 2:
 * six little-endian XLEN words. */
#define FW_DYNAMIC_INFO_MAGIC 0x4942534fULL /* "OSBI" */
#define FW_DYNAMIC_INFO_VERSION 2
#define FW_DYNAMIC_INFO_NEXT_MODE_S 1

/* QEMU's reset vector (riscv_setup_rom_reset_vec), RV64 flavour:
 *   auipc t0, 0; addi a2, t0, 40; csrr a0, mhartid; ld a1, 32(t0);
 *   ld t0, 24(t0); jr t0; .dword start; .dword fdt; fw_dynamic_info: */
static const uint32_t reset_vec_code[6] = {
    0x00000297, 0x02828613, 0xf1402573, 0x0202b583, 0x0182b283, 0x00028067,
};
#define RESET_VEC_SIZE 40 /* code + start + fdt; fw_dynamic_info follows */

static bool fail(char *err, size_t err_size, const char *fmt, ...)
    PRINTF_LIKE(3, 4);

static bool fail(char *err, size_t err_size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, err_size, fmt, ap);
    va_end(ap);
    return false;
}

static bool is_elf(const uint8_t *p, size_t len)
{
    return len >= 4 && p[0] == 0x7f && p[1] == 'E' && p[2] == 'L' &&
           p[3] == 'F';
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
    return (v + a - 1) & ~(a - 1);
}

/* Loads an ELF or raw image; [*start, *end) is what it occupies. */
static bool load_image(Machine *m, const char *what, const uint8_t *img,
                       size_t len, uint64_t raw_addr, uint64_t *start,
                       uint64_t *end, uint64_t *entry, char *err,
                       size_t err_size)
{
    if (is_elf(img, len)) {
        LoadedImage li;
        const char *e = NULL;
        if (!loader_load_elf(m->mem, img, len, &li, &e)) {
            return fail(err, err_size, "%s: %s", what, e);
        }
        *start = li.lowest;
        *end = li.highest;
        *entry = li.entry;
        if (li.has_tohost) {
            m->has_tohost = true;
            m->tohost_addr = li.tohost;
            physmem_set_watch(m->mem, li.tohost, true);
        }
        return true;
    }
    if (!physmem_is_ram(m->mem, raw_addr, len) ||
        !physmem_write(m->mem, raw_addr, img, len)) {
        return fail(err, err_size,
                    "%s (%zu bytes) does not fit in RAM at 0x%llx "
                    "(see --mem)", what, len, (unsigned long long)raw_addr);
    }
    *start = *entry = raw_addr;
    *end = raw_addr + len;
    return true;
}

static void write_rom(Machine *m, uint64_t start, uint64_t fdt,
                      uint64_t next_addr)
{
    uint8_t *rom = m->mrom;
    memset(rom, 0, sizeof(m->mrom));
    for (unsigned i = 0; i < ARRAY_SIZE(reset_vec_code); i++) {
        store_le(rom + 4 * i, reset_vec_code[i], 4);
    }
    store_le(rom + 24, start, 8);
    store_le(rom + 32, fdt, 8);
    uint64_t info[6] = {
        FW_DYNAMIC_INFO_MAGIC, FW_DYNAMIC_INFO_VERSION, next_addr,
        FW_DYNAMIC_INFO_NEXT_MODE_S, 0 /* options */, 0 /* boot hart */,
    };
    ASSERT(RESET_VEC_SIZE + sizeof(info) <= sizeof(m->mrom));
    for (unsigned i = 0; i < ARRAY_SIZE(info); i++) {
        store_le(rom + RESET_VEC_SIZE + 8 * i, info[i], 8);
    }
}

bool boot_load(Machine *m, const BootImages *img, BootLayout *out,
               char *err, size_t err_size)
{
    const uint64_t ram_base = m->mem->ram_base;
    const uint64_t ram_size = m->mem->ram_size;
    const uint64_t ram_end = ram_base + ram_size;
    BootLayout l;
    memset(&l, 0, sizeof(l));

    if (img->bios == NULL && img->kernel == NULL) {
        return fail(err, err_size, "nothing to boot: no firmware and no "
                                   "kernel");
    }
    m->has_tohost = false;

    uint64_t firmware_end = ram_base, bios_entry = ram_base;
    if (img->bios) {
        if (!load_image(m, "firmware", img->bios, img->bios_len, ram_base,
                        &l.bios_start, &l.bios_end, &bios_entry, err,
                        err_size)) {
            return false;
        }
        firmware_end = l.bios_end;
    }

    if (img->kernel) {
        uint64_t at = align_up(firmware_end, 2 * MiB);
        if (!load_image(m, "kernel", img->kernel, img->kernel_len, at,
                        &l.kernel_start, &l.kernel_end, &l.kernel_entry,
                        err, err_size)) {
            return false;
        }
        if (img->bios && l.kernel_start < l.bios_end &&
            l.bios_start < l.kernel_end) {
            return fail(err, err_size, "the kernel overlaps the firmware");
        }
    }

    if (img->initrd) {
        if (img->kernel == NULL) {
            return fail(err, err_size, "an initrd needs a kernel");
        }
        uint64_t half = ram_size / 2 < 128 * MiB ? ram_size / 2 : 128 * MiB;
        l.initrd_start = l.kernel_entry + half;
        l.initrd_end = l.initrd_start + img->initrd_len;
        if (l.initrd_start < l.kernel_end ||
            !physmem_write(m->mem, l.initrd_start, img->initrd,
                           img->initrd_len)) {
            return fail(err, err_size,
                        "the initrd (%zu bytes) does not fit in RAM at "
                        "0x%llx (see --mem)", img->initrd_len,
                        (unsigned long long)l.initrd_start);
        }
    }

    DevTreeChosen chosen = {
        .bootargs = img->kernel ? img->cmdline : NULL,
        .has_initrd = img->initrd != NULL,
        .initrd_start = l.initrd_start,
        .initrd_end = l.initrd_end,
    };
    size_t fdt_size;
    uint8_t *fdt;
    if (img->dtb) {
        const char *e = NULL;
        fdt = devtree_patch_chosen(img->dtb, img->dtb_len, &chosen,
                                   &fdt_size, &e);
        if (fdt == NULL) {
            return fail(err, err_size, "device tree: %s", e);
        }
    } else {
        fdt = devtree_build_virt(m, &chosen, &fdt_size);
    }
    /* As far up as possible (the kernel and initrd must not overwrite
     * it) but below 3 GiB so 32-bit code can reach it. */
    uint64_t top = ram_base < 3072 * MiB && ram_end > 3072 * MiB
                       ? 3072 * MiB
                       : ram_end;
    l.fdt_size = fdt_size;
    uint64_t used_end = l.initrd_end > l.kernel_end ? l.initrd_end
                                                    : l.kernel_end;
    if (used_end < firmware_end) {
        used_end = firmware_end;
    }
    l.fdt_addr = top >= ram_base + fdt_size
                     ? (top - fdt_size) & ~(2 * MiB - 1)
                     : 0;
    if (l.fdt_addr < ram_base || l.fdt_addr < used_end) {
        /* Less than 2 MiB left (tiny --mem): QEMU would overlap the
         * images; take the last 8-byte-aligned spot instead. */
        l.fdt_addr = top >= ram_base + fdt_size ? (top - fdt_size) & ~7ULL
                                                : 0;
    }
    if (l.fdt_addr < ram_base || l.fdt_addr < used_end ||
        !physmem_write(m->mem, l.fdt_addr, fdt, fdt_size)) {
        free(fdt);
        return fail(err, err_size, "no room for the device tree below the "
                                   "end of RAM (see --mem)");
    }
    free(fdt);

    l.start_pc = img->bios ? bios_entry : l.kernel_entry;
    l.fw_dynamic_info = VIRT_MROM_BASE + RESET_VEC_SIZE;
    write_rom(m, l.start_pc, l.fdt_addr, l.kernel_entry);
    for (unsigned i = 0; i < m->nharts; i++) {
        Hart *h = m->harts[i];
        cpu_reset(h, l.start_pc);
        cpu_set_xreg(h, 5, l.start_pc);        /* t0 */
        cpu_set_xreg(h, 10, i);                /* a0: hart id */
        cpu_set_xreg(h, 11, l.fdt_addr);       /* a1: device tree */
        cpu_set_xreg(h, 12, l.fw_dynamic_info); /* a2 */
    }
    *out = l;
    return true;
}
