/* SiFive CLINT (ACLINT MSWI + MTIMER) at QEMU virt's address and layout.
 * SPDX-License-Identifier: MIT */
#include "machine/machine_internal.h"

#include <stdlib.h>

#define CLINT_MSIP 0x0000
#define CLINT_MTIMECMP 0x4000
#define CLINT_MTIME 0xbff8
#define CLINT_SIZE 0x10000

struct Clint {
    Machine *m;
    uint32_t msip[MACHINE_MAX_HARTS];
    uint64_t mtimecmp[MACHINE_MAX_HARTS];
};

void clint_update(Clint *c)
{
    uint64_t now = machine_mtime(c->m);
    for (unsigned i = 0; i < c->m->nharts; i++) {
        Hart *h = c->m->harts[i];
        cpu_set_irq_lines(h, MIP_MSIP | MIP_MTIP,
                          (c->msip[i] & 1 ? MIP_MSIP : 0) |
                              (now >= c->mtimecmp[i] ? MIP_MTIP : 0));
        cpu_update_sstc(h, now);
    }
}

uint64_t clint_deadline(const Clint *c, unsigned hart)
{
    return c->mtimecmp[hart];
}

/* Reads `size` bytes at `off` within a little-endian 64-bit register. */
static uint64_t reg_read(uint64_t reg, uint64_t off, unsigned size)
{
    uint64_t v = reg >> (8 * (off & 7));
    return size == 8 ? v : v & ((1ULL << (8 * size)) - 1);
}

static uint64_t reg_write(uint64_t reg, uint64_t off, uint64_t val,
                          unsigned size)
{
    unsigned shift = 8 * (unsigned)(off & 7);
    uint64_t mask = size == 8 ? ~0ULL : ((1ULL << (8 * size)) - 1) << shift;
    return (reg & ~mask) | ((val << shift) & mask);
}

static uint64_t clint_read(void *opaque, uint64_t off, unsigned size)
{
    Clint *c = opaque;
    if (off < CLINT_MSIP + 4 * c->m->nharts && size == 4) {
        return c->msip[off / 4];
    }
    if (off >= CLINT_MTIMECMP && off < CLINT_MTIMECMP + 8 * c->m->nharts) {
        uint64_t i = (off - CLINT_MTIMECMP) / 8;
        return reg_read(c->mtimecmp[i], off, size);
    }
    if (off >= CLINT_MTIME && off < CLINT_MTIME + 8) {
        return reg_read(machine_mtime(c->m), off, size);
    }
    return 0;
}

static void clint_write(void *opaque, uint64_t off, uint64_t val,
                        unsigned size)
{
    Clint *c = opaque;
    if (off < CLINT_MSIP + 4 * c->m->nharts && size == 4) {
        c->msip[off / 4] = (uint32_t)val & 1;
    } else if (off >= CLINT_MTIMECMP &&
               off < CLINT_MTIMECMP + 8 * c->m->nharts) {
        uint64_t i = (off - CLINT_MTIMECMP) / 8;
        c->mtimecmp[i] = reg_write(c->mtimecmp[i], off, val, size);
    } else if (off >= CLINT_MTIME && off < CLINT_MTIME + 8) {
        uint64_t now = machine_mtime(c->m);
        c->m->mtime_offset += (int64_t)(reg_write(now, off, val, size) - now);
    }
    clint_update(c);
}

/* ACLINT reset: MTIME reads 0 again, no software interrupts pending,
 * comparators parked (their reset value is unspecified; QEMU's start at 0,
 * which would fire at once and nobody relies on). */
void clint_reset(Clint *c)
{
    c->m->mtime_offset -= (int64_t)machine_mtime(c->m);
    for (unsigned i = 0; i < MACHINE_MAX_HARTS; i++) {
        c->msip[i] = 0;
        c->mtimecmp[i] = UINT64_MAX;
    }
    clint_update(c);
}

Clint *clint_new(Machine *m, uint64_t base)
{
    Clint *c = base_alloc(sizeof(*c));
    c->m = m;
    for (unsigned i = 0; i < MACHINE_MAX_HARTS; i++) {
        c->mtimecmp[i] = UINT64_MAX;
    }
    BusDevice dev = {
        .name = "clint", .base = base, .size = CLINT_SIZE,
        .sizes = BUS_SIZES_32_64, .read = clint_read, .write = clint_write,
        .opaque = c,
    };
    if (!bus_add(m->bus, &dev)) {
        free(c);
        return NULL;
    }
    return c;
}

void clint_free(Clint *c)
{
    free(c);
}
