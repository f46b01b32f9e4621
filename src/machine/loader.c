/* ELF64 loader for RISC-V executables (bare-metal programs, firmware).
 * SPDX-License-Identifier: MIT
 *
 * Every offset and size in the file is checked against the image before
 * use; segments must land entirely in guest RAM. */
#include "machine/loader.h"

#include "cpu/physmem.h"

#define EM_RISCV 243
#define PT_LOAD 1
#define SHT_SYMTAB 2

static uint64_t rd(const uint8_t *p, unsigned n)
{
    return load_le(p, n);
}

/* True if [off, off+len) lies within the image. */
static bool in_image(size_t image_len, uint64_t off, uint64_t len)
{
    return off <= image_len && len <= image_len - off;
}

static void find_symbol(const uint8_t *img, size_t len, const char *want,
                        uint64_t *value, bool *found)
{
    uint64_t shoff = rd(img + 40, 8);
    unsigned shentsize = (unsigned)rd(img + 58, 2);
    unsigned shnum = (unsigned)rd(img + 60, 2);
    *found = false;
    if (shentsize < 64 || !in_image(len, shoff, (uint64_t)shnum * shentsize)) {
        return;
    }
    for (unsigned i = 0; i < shnum; i++) {
        const uint8_t *sh = img + shoff + (uint64_t)i * shentsize;
        if (rd(sh + 4, 4) != SHT_SYMTAB) {
            continue;
        }
        uint64_t off = rd(sh + 24, 8), size = rd(sh + 32, 8);
        unsigned link = (unsigned)rd(sh + 40, 4);
        if (link >= shnum || !in_image(len, off, size)) {
            continue;
        }
        const uint8_t *strsh = img + shoff + (uint64_t)link * shentsize;
        uint64_t stroff = rd(strsh + 24, 8), strsize = rd(strsh + 32, 8);
        if (!in_image(len, stroff, strsize)) {
            continue;
        }
        for (uint64_t s = 0; s + 24 <= size; s += 24) {
            uint64_t name = rd(img + off + s, 4);
            size_t wlen = strlen(want);
            if (name < strsize && strsize - name > wlen &&
                memcmp(img + stroff + name, want, wlen + 1) == 0) {
                *value = rd(img + off + s + 8, 8);
                *found = true;
                return;
            }
        }
    }
}

bool loader_load_elf(PhysMem *mem, const uint8_t *img, size_t len,
                     LoadedImage *out, const char **err)
{
    static const uint8_t magic[4] = {0x7f, 'E', 'L', 'F'};
    memset(out, 0, sizeof(*out));
    if (len < 64 || memcmp(img, magic, 4) != 0) {
        *err = "not an ELF file";
        return false;
    }
    if (img[4] != 2 || img[5] != 1) {
        *err = "not a little-endian 64-bit ELF file";
        return false;
    }
    if (rd(img + 18, 2) != EM_RISCV) {
        *err = "ELF file is not for RISC-V";
        return false;
    }
    uint64_t phoff = rd(img + 32, 8);
    unsigned phentsize = (unsigned)rd(img + 54, 2);
    unsigned phnum = (unsigned)rd(img + 56, 2);
    if (phentsize < 56 || !in_image(len, phoff, (uint64_t)phnum * phentsize)) {
        *err = "ELF program headers are truncated";
        return false;
    }
    unsigned loaded = 0;
    for (unsigned i = 0; i < phnum; i++) {
        const uint8_t *ph = img + phoff + (uint64_t)i * phentsize;
        if (rd(ph, 4) != PT_LOAD) {
            continue;
        }
        uint64_t off = rd(ph + 8, 8), paddr = rd(ph + 24, 8);
        uint64_t filesz = rd(ph + 32, 8), memsz = rd(ph + 40, 8);
        if (filesz > memsz || !in_image(len, off, filesz)) {
            *err = "ELF segment lies outside the file";
            return false;
        }
        if (!physmem_is_ram(mem, paddr, memsz)) {
            *err = "ELF segment does not fit in guest RAM "
                   "(RAM starts at 0x80000000; check --mem)";
            return false;
        }
        if (!physmem_write(mem, paddr, img + off, filesz)) {
            *err = "cannot write ELF segment to RAM";
            return false;
        }
        uint8_t *rest = physmem_ram_ptr(mem, paddr + filesz, memsz - filesz);
        physmem_note_write(mem, paddr + filesz, memsz - filesz);
        memset(rest, 0, memsz - filesz);
        if (loaded == 0 || paddr < out->lowest) {
            out->lowest = paddr;
        }
        if (paddr + memsz > out->highest) {
            out->highest = paddr + memsz;
        }
        loaded++;
    }
    if (loaded == 0) {
        *err = "ELF file has no loadable segments";
        return false;
    }
    out->entry = rd(img + 24, 8);
    find_symbol(img, len, "tohost", &out->tohost, &out->has_tohost);
    return true;
}
