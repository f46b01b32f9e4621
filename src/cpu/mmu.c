/* Virtual memory: Sv39/Sv48 page walks, the software TLB and the slow
 * paths of loads, stores, atomics and instruction fetch.
 * SPDX-License-Identifier: MIT */
#include "cpu/cpu_internal.h"

#define PTE_V (1ULL << 0)
#define PTE_R (1ULL << 1)
#define PTE_W (1ULL << 2)
#define PTE_X (1ULL << 3)
#define PTE_U (1ULL << 4)
#define PTE_A (1ULL << 6)
#define PTE_D (1ULL << 7)
#define PTE_PPN_MASK ((1ULL << 44) - 1)

static int page_fault(int acc)
{
    return acc == ACC_EXEC    ? EXC_INSN_PAGE
           : acc == ACC_WRITE ? EXC_STORE_PAGE
                              : EXC_LOAD_PAGE;
}

static int access_fault(int acc)
{
    return acc == ACC_EXEC    ? EXC_INSN_ACCESS
           : acc == ACC_WRITE ? EXC_STORE_ACCESS
                              : EXC_LOAD_ACCESS;
}

static unsigned mmu_index(unsigned priv, bool sum)
{
    return priv == PRV_M ? MMU_M : priv == PRV_U ? MMU_U
                                 : sum           ? MMU_S_SUM
                                                 : MMU_S;
}

/* Privilege used for loads and stores (MPRV applies MPP in M-mode). */
static unsigned data_priv(const Hart *h)
{
    if (h->priv == PRV_M && (h->mstatus & MSTATUS_MPRV)) {
        return (unsigned)((h->mstatus & MSTATUS_MPP) >> 11);
    }
    return h->priv;
}

void mmu_update_context(Hart *h)
{
    unsigned dp = data_priv(h);
    h->mmu_data = (uint8_t)mmu_index(dp, h->mstatus & MSTATUS_SUM);
    h->mmu_fetch = (uint8_t)mmu_index(h->priv, false);
    h->tlb_r = h->tlb[h->mmu_data][ACC_READ];
    h->tlb_w = h->tlb[h->mmu_data][ACC_WRITE];
    h->tlb_x = h->tlb[h->mmu_fetch][ACC_EXEC];
}

void mmu_flush_all(Hart *h)
{
    for (unsigned m = 0; m < MMU_COUNT; m++) {
        for (unsigned a = 0; a < ACC_COUNT; a++) {
            for (unsigned i = 0; i < TLB_SIZE; i++) {
                h->tlb[m][a][i].tag = TLB_INVALID_TAG;
            }
        }
        h->tlb_super_lo[m] = UINT64_MAX;
        h->tlb_super_hi[m] = 0;
    }
}

void mmu_flush_va(Hart *h, uint64_t va)
{
    uint64_t page = va & ~PAGE_MASK;
    unsigned idx = (va >> PAGE_SHIFT) & (TLB_SIZE - 1);
    for (unsigned m = 0; m < MMU_COUNT; m++) {
        if (va >= h->tlb_super_lo[m] && va <= h->tlb_super_hi[m]) {
            /* va may lie in a superpage cached as many 4 KiB entries. */
            for (unsigned a = 0; a < ACC_COUNT; a++) {
                for (unsigned i = 0; i < TLB_SIZE; i++) {
                    h->tlb[m][a][i].tag = TLB_INVALID_TAG;
                }
            }
            h->tlb_super_lo[m] = UINT64_MAX;
            h->tlb_super_hi[m] = 0;
            continue;
        }
        for (unsigned a = 0; a < ACC_COUNT; a++) {
            if (h->tlb[m][a][idx].tag == page) {
                h->tlb[m][a][idx].tag = TLB_INVALID_TAG;
            }
        }
    }
}

void mmu_flush_write_page(Hart *h, uint64_t pa_page)
{
    uintptr_t host = (uintptr_t)pa_page + h->ram_host_minus_base;
    for (unsigned m = 0; m < MMU_COUNT; m++) {
        TlbEntry *t = h->tlb[m][ACC_WRITE];
        for (unsigned i = 0; i < TLB_SIZE; i++) {
            if (t[i].tag != TLB_INVALID_TAG && t[i].tag + t[i].addend == host) {
                t[i].tag = TLB_INVALID_TAG;
            }
        }
    }
}

/* Walks the page tables.  On success *pa is the physical address and
 * *page_bits the log2 size of the mapping.  An `inspect` walk (debugger)
 * skips permission checks and never sets A/D bits, so looking at memory
 * cannot change the guest's state. */
static int walk(Hart *h, uint64_t va, int acc, unsigned priv, bool inspect,
                uint64_t *pa, unsigned *page_bits)
{
    unsigned mode = (unsigned)(h->satp >> 60);
    unsigned levels = mode == SATP_MODE_SV48 ? 4 : 3;
    unsigned va_bits = PAGE_SHIFT + 9 * levels;
    bool sum = (h->mstatus & MSTATUS_SUM) != 0;
    bool mxr = (h->mstatus & MSTATUS_MXR) != 0;
    uint64_t base = (h->satp & PTE_PPN_MASK) << PAGE_SHIFT;

    if ((uint64_t)sext(va, (int)va_bits) != va) {
        return page_fault(acc);
    }
    for (int level = (int)levels - 1; level >= 0; level--) {
        unsigned shift = PAGE_SHIFT + 9 * (unsigned)level;
        uint64_t pte_addr = base + ((va >> shift) & 511) * 8;
        uint8_t *p = physmem_ram_ptr(h->mem, pte_addr, 8);
        uint64_t pte;
        if (p == NULL || !pmp_check(h, pte_addr, 8, ACC_READ, PRV_S)) {
            return access_fault(acc);
        }
        pte = load_le(p, 8);
        if (!(pte & PTE_V) || (!(pte & PTE_R) && (pte & PTE_W)) ||
            (pte >> 54) != 0) {
            return page_fault(acc);
        }
        uint64_t ppn = (pte >> 10) & PTE_PPN_MASK;
        if (!(pte & (PTE_R | PTE_X))) {
            base = ppn << PAGE_SHIFT;
            continue;
        }
        uint64_t mask = (1ULL << shift) - 1;
        *pa = ((ppn << PAGE_SHIFT) & ~mask) | (va & mask);
        *page_bits = shift;
        if (inspect) {
            return EXC_NONE;
        }
        /* Leaf: permission checks. */
        if (priv == PRV_U && !(pte & PTE_U)) {
            return page_fault(acc);
        }
        if (priv == PRV_S && (pte & PTE_U) && (acc == ACC_EXEC || !sum)) {
            return page_fault(acc);
        }
        if ((acc == ACC_EXEC && !(pte & PTE_X)) ||
            (acc == ACC_WRITE && !(pte & PTE_W)) ||
            (acc == ACC_READ &&
             !((pte & PTE_R) || (mxr && (pte & PTE_X))))) {
            return page_fault(acc);
        }
        if (level > 0 && (ppn & ((1ULL << (9 * level)) - 1)) != 0) {
            return page_fault(acc); /* misaligned superpage */
        }
        uint64_t want = pte | PTE_A | (acc == ACC_WRITE ? PTE_D : 0);
        if (want != pte) {
            if (!pmp_check(h, pte_addr, 8, ACC_WRITE, PRV_S)) {
                return access_fault(acc);
            }
            physmem_note_write(h->mem, pte_addr, 8);
            store_le(p, want, 8);
        }
        return EXC_NONE;
    }
    return page_fault(acc);
}

/* Translates va for an access by `priv`, checks PMP for [pa, pa+len),
 * and caches the page in the TLB when that is safe. */
static int translate(Hart *h, uint64_t va, uint64_t len, int acc,
                     unsigned priv, uint64_t *pa)
{
    unsigned page_bits = PAGE_SHIFT;
    unsigned mode = (unsigned)(h->satp >> 60);
    int exc;

    if (priv == PRV_M || mode == SATP_MODE_BARE) {
        *pa = va;
    } else {
        exc = walk(h, va, acc, priv, false, pa, &page_bits);
        if (exc != EXC_NONE) {
            return exc;
        }
    }
    if (!pmp_check(h, *pa, len, acc, priv)) {
        return access_fault(acc);
    }

    uint64_t ppage = *pa & ~PAGE_MASK;
    PhysMem *m = h->mem;
    if (!physmem_is_ram(m, ppage, PAGE_SIZE) ||
        !pmp_page_uniform(h, ppage, acc, priv)) {
        return EXC_NONE;
    }
    if (acc == ACC_WRITE &&
        (m->page_flags[(ppage - m->ram_base) >> PAGE_SHIFT] &
         PHYS_PAGE_SLOW_WRITE)) {
        return EXC_NONE; /* e.g. stores to translated code: slow path */
    }
    unsigned ctx = acc == ACC_EXEC ? h->mmu_fetch
                                   : mmu_index(priv, h->mstatus & MSTATUS_SUM);
    TlbEntry *e = &h->tlb[ctx][acc][(va >> PAGE_SHIFT) & (TLB_SIZE - 1)];
    e->tag = va & ~PAGE_MASK;
    e->addend = (uintptr_t)ppage + h->ram_host_minus_base - e->tag;
    if (page_bits > PAGE_SHIFT) {
        uint64_t lo = va & ~((1ULL << page_bits) - 1);
        uint64_t hi = lo + (1ULL << page_bits) - 1;
        if (lo < h->tlb_super_lo[ctx]) {
            h->tlb_super_lo[ctx] = lo;
        }
        if (hi > h->tlb_super_hi[ctx]) {
            h->tlb_super_hi[ctx] = hi;
        }
    }
    return EXC_NONE;
}

/* One access that stays within a page. */
static int access_page(Hart *h, uint64_t va, unsigned size, int acc,
                       uint64_t *val)
{
    uint64_t pa;
    int exc = translate(h, va, size, acc, data_priv(h), &pa);
    if (exc != EXC_NONE) {
        h->fault_tval = va;
        return exc;
    }
    uint8_t *p = physmem_ram_ptr(h->mem, pa, size);
    if (p != NULL) {
        if (acc == ACC_WRITE) {
            physmem_note_write(h->mem, pa, size);
            store_le(p, *val, size);
        } else {
            *val = load_le(p, size);
        }
        return EXC_NONE;
    }
    /* MMIO: naturally aligned 1/2/4/8-byte accesses only. */
    bool ok = (pa & (size - 1)) == 0;
    if (ok) {
        const PhysMmio *io = &h->mem->mmio;
        ok = acc == ACC_WRITE ? io->write(io->opaque, pa, size, *val)
                              : io->read(io->opaque, pa, size, val);
        h->exit_request = true; /* device state may affect interrupts */
    }
    if (!ok) {
        h->fault_tval = va;
        return access_fault(acc);
    }
    return EXC_NONE;
}

/* Translates one half of a page-crossing access, which must be RAM;
 * on a fault the half's first address is the faulting one. */
static int translate_half(Hart *h, uint64_t va, unsigned len, int acc,
                          uint64_t *pa)
{
    int exc = translate(h, va, len, acc, data_priv(h), pa);
    if (exc == EXC_NONE && !physmem_is_ram(h->mem, *pa, len)) {
        exc = access_fault(acc);
    }
    if (exc != EXC_NONE) {
        h->fault_tval = va;
    }
    return exc;
}

int mmu_load_slow(Hart *h, uint64_t va, unsigned size, uint64_t *val)
{
    unsigned first = (unsigned)(PAGE_SIZE - (va & PAGE_MASK));
    uint64_t lo = 0, hi = 0, pa1, pa2;
    int exc;
    if (first >= size) {
        return access_page(h, va, size, ACC_READ, val);
    }
    /* Page-crossing: both halves must translate before anything is read
     * (a fault names the half that failed). */
    exc = translate_half(h, va, first, ACC_READ, &pa1);
    if (exc == EXC_NONE) {
        exc = translate_half(h, va + first, size - first, ACC_READ, &pa2);
    }
    if (exc != EXC_NONE) {
        return exc;
    }
    ASSERT(physmem_read(h->mem, pa1, &lo, first));
    ASSERT(physmem_read(h->mem, pa2, &hi, size - first));
    *val = lo | (hi << (8 * first));
    return EXC_NONE;
}

int mmu_store_slow(Hart *h, uint64_t va, unsigned size, uint64_t val)
{
    unsigned first = (unsigned)(PAGE_SIZE - (va & PAGE_MASK));
    uint64_t pa1, pa2;
    int exc;
    if (first >= size) {
        return access_page(h, va, size, ACC_WRITE, &val);
    }
    /* Page-crossing: translate both halves before writing anything. */
    exc = translate_half(h, va, first, ACC_WRITE, &pa1);
    if (exc == EXC_NONE) {
        exc = translate_half(h, va + first, size - first, ACC_WRITE, &pa2);
    }
    if (exc != EXC_NONE) {
        return exc;
    }
    ASSERT(physmem_write(h->mem, pa1, &val, first));
    uint64_t rest = val >> (8 * first);
    ASSERT(physmem_write(h->mem, pa2, &rest, size - first));
    return EXC_NONE;
}

int mmu_amo_translate(Hart *h, uint64_t va, unsigned size, bool write,
                      uint8_t **host)
{
    int acc = write ? ACC_WRITE : ACC_READ;
    uint64_t pa;
    int exc = translate(h, va, size, acc, data_priv(h), &pa);
    if (exc == EXC_NONE) {
        *host = physmem_ram_ptr(h->mem, pa, size);
        if (*host == NULL) {
            exc = access_fault(acc);
        } else if (write) {
            physmem_note_write(h->mem, pa, size);
        }
    }
    h->fault_tval = va;
    return exc;
}

int mmu_fetch_translate(Hart *h, uint64_t va, uint8_t **host_page,
                        uint64_t *pa_page)
{
    uint64_t pa;
    int exc = translate(h, va, 2, ACC_EXEC, h->priv, &pa);
    if (exc == EXC_NONE) {
        *host_page = physmem_ram_ptr(h->mem, pa & ~PAGE_MASK, PAGE_SIZE);
        *pa_page = pa & ~PAGE_MASK;
        if (*host_page == NULL) {
            exc = EXC_INSN_ACCESS;
        }
    }
    h->fault_tval = va;
    return exc;
}

bool mmu_debug_translate(Hart *h, uint64_t va, uint64_t *pa)
{
    unsigned page_bits;
    if (data_priv(h) == PRV_M || (h->satp >> 60) == SATP_MODE_BARE) {
        *pa = va;
        return true;
    }
    return walk(h, va, ACC_READ, PRV_S, true, pa, &page_bits) == EXC_NONE;
}
