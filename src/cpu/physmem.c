/* Guest physical memory: RAM allocation, bulk access, code coherence.
 * SPDX-License-Identifier: MIT */
#include "cpu/physmem.h"
#include "cpu/cpu_internal.h"

#include <stdlib.h>
#include <sys/mman.h>

PhysMem *physmem_new(uint64_t ram_base, uint64_t ram_size, const char **err)
{
    PhysMem *m;
    if (ram_size == 0 || (ram_size & PAGE_MASK) != 0) {
        *err = "RAM size must be a non-zero multiple of 4 KiB";
        return NULL;
    }
    m = base_alloc(sizeof(*m));
    /* Anonymous mappings are zero-filled and only take host memory for
     * pages the guest touches. */
    void *ram = mmap(NULL, ram_size, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (ram == MAP_FAILED) {
        free(m);
        *err = "cannot allocate guest RAM";
        return NULL;
    }
    m->ram = ram;
    m->ram_base = ram_base;
    m->ram_size = ram_size;
    m->page_flags = calloc(ram_size >> PAGE_SHIFT, 1);
    if (m->page_flags == NULL) {
        munmap(ram, ram_size);
        free(m);
        *err = "cannot allocate guest RAM page table";
        return NULL;
    }
    m->tcache = tcache_new();
    return m;
}

void physmem_free(PhysMem *m)
{
    if (m) {
        munmap(m->ram, m->ram_size);
        free(m->page_flags);
        tcache_free(m->tcache);
        free(m->harts);
        free(m);
    }
}

void physmem_add_hart(PhysMem *m, Hart *h)
{
    m->harts = base_realloc(m->harts, (m->nharts + 1) * sizeof(Hart *));
    m->harts[m->nharts++] = h;
}

void physmem_note_write(PhysMem *m, uint64_t pa, uint64_t len)
{
    if (len == 0 || !physmem_is_ram(m, pa, len)) {
        return;
    }
    uint64_t first = (pa - m->ram_base) >> PAGE_SHIFT;
    uint64_t last = (pa + len - 1 - m->ram_base) >> PAGE_SHIFT;
    for (uint64_t p = first; p <= last; p++) {
        if ((m->page_flags[p] & PHYS_PAGE_WATCH) && m->watch) {
            m->watch(m->watch_opaque, pa, len);
        }
        if (m->page_flags[p] & PHYS_PAGE_CODE) {
            tcache_invalidate_page(m->tcache, m,
                                   m->ram_base + (p << PAGE_SHIFT));
            /* The running hart may be executing the code just dropped. */
            for (unsigned i = 0; i < m->nharts; i++) {
                m->harts[i]->exit_request = true;
            }
        }
    }
}

bool physmem_read(PhysMem *m, uint64_t pa, void *buf, uint64_t len)
{
    const uint8_t *p = physmem_ram_ptr(m, pa, len);
    if (p == NULL) {
        return false;
    }
    memcpy(buf, p, len);
    return true;
}

bool physmem_write(PhysMem *m, uint64_t pa, const void *buf, uint64_t len)
{
    uint8_t *p = physmem_ram_ptr(m, pa, len);
    if (p == NULL) {
        return false;
    }
    physmem_note_write(m, pa, len);
    memcpy(p, buf, len);
    return true;
}

void physmem_set_watch(PhysMem *m, uint64_t pa, bool on)
{
    if (!physmem_is_ram(m, pa, 1)) {
        return;
    }
    uint8_t *f = &m->page_flags[(pa - m->ram_base) >> PAGE_SHIFT];
    if (on) {
        *f |= PHYS_PAGE_WATCH;
        for (unsigned i = 0; i < m->nharts; i++) {
            mmu_flush_write_page(m->harts[i], pa & ~PAGE_MASK);
        }
    } else {
        *f &= (uint8_t)~PHYS_PAGE_WATCH;
    }
}
