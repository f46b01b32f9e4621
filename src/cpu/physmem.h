/* Guest physical memory: RAM in one host block plus an MMIO dispatcher.
 * SPDX-License-Identifier: MIT
 *
 * Every write into RAM that does not go through a hart's fast TLB path
 * (device DMA, loaders, debugger, slow-path stores) goes through
 * physmem_write(), which keeps the translation cache coherent: code that
 * was translated from a page is dropped as soon as the page is written. */
#ifndef CPU_PHYSMEM_H
#define CPU_PHYSMEM_H

#include "base/base.h"

#define PAGE_SHIFT 12
#define PAGE_SIZE (1ULL << PAGE_SHIFT)
#define PAGE_MASK (PAGE_SIZE - 1)

typedef struct Hart Hart;
typedef struct TCache TCache;

/* MMIO handlers supplied by the machine's bus; they return false for an
 * access fault (no device, or a size the device refuses). */
typedef struct PhysMmio {
    bool (*read)(void *opaque, uint64_t pa, unsigned size, uint64_t *val);
    bool (*write)(void *opaque, uint64_t pa, unsigned size, uint64_t val);
    void *opaque;
} PhysMmio;

typedef struct PhysMem {
    uint8_t *ram;          /* host copy of guest RAM */
    uint64_t ram_base;     /* guest physical address of ram[0] */
    uint64_t ram_size;     /* bytes, a multiple of PAGE_SIZE */
    uint8_t *page_flags;   /* PHYS_PAGE_* per RAM page */
    PhysMmio mmio;
    /* Called before a write to a page flagged PHYS_PAGE_WATCH. */
    void (*watch)(void *opaque, uint64_t pa, uint64_t len);
    void *watch_opaque;
    TCache *tcache;
    Hart **harts;          /* for write-TLB shootdown */
    unsigned nharts;
} PhysMem;

/* page_flags bits */
enum {
    PHYS_PAGE_CODE = 1,  /* blocks were translated from this page */
    PHYS_PAGE_WATCH = 2, /* writes are reported to PhysMem.watch */
};

/* Flags that keep a page's stores off the TLB fast path. */
#define PHYS_PAGE_SLOW_WRITE (PHYS_PAGE_CODE | PHYS_PAGE_WATCH)

/* Allocates RAM (zeroed); returns NULL and sets *err if it cannot. */
PhysMem *physmem_new(uint64_t ram_base, uint64_t ram_size, const char **err);
void physmem_free(PhysMem *m);
void physmem_add_hart(PhysMem *m, Hart *h);

static inline bool physmem_is_ram(const PhysMem *m, uint64_t pa, uint64_t len)
{
    return pa >= m->ram_base && len <= m->ram_size &&
           pa - m->ram_base <= m->ram_size - len;
}

/* Host pointer for guest RAM [pa, pa+len), or NULL if not all RAM. */
static inline uint8_t *physmem_ram_ptr(const PhysMem *m, uint64_t pa,
                                       uint64_t len)
{
    return physmem_is_ram(m, pa, len) ? m->ram + (pa - m->ram_base) : NULL;
}

/* Bulk RAM access for devices, loaders and the debugger; false if any part
 * of the range is outside RAM (nothing is copied then). */
bool physmem_read(PhysMem *m, uint64_t pa, void *buf, uint64_t len)
    MUST_CHECK;
bool physmem_write(PhysMem *m, uint64_t pa, const void *buf, uint64_t len)
    MUST_CHECK;

/* Sets or clears PHYS_PAGE_WATCH on the RAM page holding pa. */
void physmem_set_watch(PhysMem *m, uint64_t pa, bool on);

/* Called before RAM page `pa >> PAGE_SHIFT` is modified by any path other
 * than a cached write TLB entry. */
void physmem_note_write(PhysMem *m, uint64_t pa, uint64_t len);

#endif
