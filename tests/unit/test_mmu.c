/* Unit test of the MMU (src/cpu/mmu.c), its software TLB, and PMP
 * (src/cpu/pmp.c), through the slow-path API of cpu_internal.h.
 * SPDX-License-Identifier: MIT
 *
 * Page tables are written by hand into a small RAM; the hart's privilege,
 * satp, mstatus and PMP registers are set directly.  Expected results come
 * from the privileged ISA manual (20211203), section 4.3.2 "Virtual
 * Address Translation Process" and 3.7 "Physical Memory Protection": the
 * fault causes, the faulting address reported for accesses that cross a
 * page (the first byte of the page that faults), A/D updates by hardware
 * (this hart updates them instead of faulting), and a debugger walk that
 * must leave A/D alone.  TLB checks look at h->tlb directly. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu_internal.h"
#include "unit.h"

#define RAM_BASE 0x80000000ULL
#define RAM_SIZE (16ULL << 20)
#define TABLES (RAM_BASE + 0x100000) /* page tables grow from here */
#define DATA (RAM_BASE + 0x400000)   /* 4 KiB data pages */
#define CODE (RAM_BASE + 0x600000)
#define MMIO_BASE 0x10000000ULL      /* a fake device, one page */

#define PTE_V 0x01ULL
#define PTE_R 0x02ULL
#define PTE_W 0x04ULL
#define PTE_X 0x08ULL
#define PTE_U 0x10ULL
#define PTE_G 0x20ULL
#define PTE_A 0x40ULL
#define PTE_D 0x80ULL
#define RWX_AD (PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)

#define PMP_R 0x01
#define PMP_W 0x02
#define PMP_X 0x04
#define PMP_TOR 0x08
#define PMP_NA4 0x10
#define PMP_NAPOT 0x18
#define PMP_L 0x80

static PhysMem *mem;
static Hart *h;
static uint64_t next_table, root;
static unsigned levels;
static uint64_t fake_time;

/* ---- machine set-up ------------------------------------------------------ */

static uint64_t get_time(void *opaque, Hart *hart)
{
    (void)opaque;
    (void)hart;
    return fake_time++;
}

static bool mmio_read(void *opaque, uint64_t pa, unsigned size, uint64_t *v)
{
    (void)opaque;
    if (pa < MMIO_BASE || pa - MMIO_BASE >= PAGE_SIZE) {
        return false;
    }
    *v = 0x5a00 + (pa - MMIO_BASE) + size;
    return true;
}

static bool mmio_write(void *opaque, uint64_t pa, unsigned size, uint64_t v)
{
    (void)opaque;
    (void)size;
    (void)v;
    return pa >= MMIO_BASE && pa - MMIO_BASE < PAGE_SIZE;
}

static uint64_t rd64(uint64_t pa)
{
    uint64_t v = 0;
    if (!physmem_read(mem, pa, &v, 8)) {
        fprintf(stderr, "test bug: read outside RAM 0x%llx\n",
                (unsigned long long)pa);
        exit(2);
    }
    return v;
}

static void wr64(uint64_t pa, uint64_t v)
{
    if (!physmem_write(mem, pa, &v, 8)) {
        fprintf(stderr, "test bug: write outside RAM 0x%llx\n",
                (unsigned long long)pa);
        exit(2);
    }
}

static void set_priv(unsigned priv)
{
    h->priv = (uint8_t)priv;
    mmu_update_context(h);
}

static void set_mstatus(uint64_t set, uint64_t clear)
{
    h->mstatus = (h->mstatus | set) & ~clear;
    mmu_flush_all(h); /* like csr.c does for MXR */
    mmu_update_context(h);
}

static void pmp_set(unsigned i, uint8_t cfg, uint64_t addr)
{
    h->pmpcfg[i] = cfg;
    h->pmpaddr[i] = addr;
    pmp_update(h);
    mmu_flush_all(h);
}

static void pmp_clear(void)
{
    memset(h->pmpcfg, 0, sizeof(h->pmpcfg));
    memset(h->pmpaddr, 0, sizeof(h->pmpaddr));
    pmp_update(h);
    mmu_flush_all(h);
}

/* PMP entry 15 (lowest priority) grants S/U everything, as firmware does. */
static void pmp_allow_all(void)
{
    pmp_clear();
    pmp_set(15, PMP_NAPOT | PMP_R | PMP_W | PMP_X, (1ULL << 54) - 1);
}

/* NAPOT pmpaddr for the naturally aligned region [base, base + size). */
static uint64_t napot(uint64_t base, uint64_t size)
{
    return (base >> 2) | ((size >> 3) - 1);
}

static uint64_t new_table(void)
{
    uint64_t t = next_table;
    static const uint8_t zero[PAGE_SIZE];
    next_table += PAGE_SIZE;
    if (!physmem_write(mem, t, zero, PAGE_SIZE)) {
        exit(2);
    }
    return t;
}

/* Fresh, empty page tables of the given mode (SATP_MODE_SV39/48). */
static void set_mode(unsigned mode)
{
    levels = mode == SATP_MODE_SV48 ? 4 : 3;
    next_table = TABLES;
    root = new_table();
    h->satp = ((uint64_t)mode << 60) | (root >> PAGE_SHIFT);
    mmu_flush_all(h);
    mmu_update_context(h);
}

/* Address of the PTE for va at `level` (0 = 4 KiB), creating pointer
 * PTEs above it as needed. */
static uint64_t pte_addr(uint64_t va, unsigned level)
{
    uint64_t table = root;
    for (unsigned l = levels - 1; l > level; l--) {
        uint64_t a = table + ((va >> (12 + 9 * l)) & 511) * 8;
        uint64_t pte = rd64(a);
        if (!(pte & PTE_V) || (pte & (PTE_R | PTE_X))) {
            pte = ((new_table() >> 12) << 10) | PTE_V;
            wr64(a, pte);
        }
        table = ((pte >> 10) & ((1ULL << 44) - 1)) << 12;
    }
    return table + ((va >> (12 + 9 * level)) & 511) * 8;
}

static void map(uint64_t va, uint64_t pa, unsigned level, uint64_t flags)
{
    wr64(pte_addr(va, level), ((pa >> 12) << 10) | flags);
    mmu_flush_all(h);
}

static uint64_t pte_of(uint64_t va, unsigned level)
{
    return rd64(pte_addr(va, level));
}

static const TlbEntry *tlb_entry(unsigned ctx, int acc, uint64_t va)
{
    return &h->tlb[ctx][acc][(va >> PAGE_SHIFT) & (TLB_SIZE - 1)];
}

/* True if the TLB maps va's page to guest physical page pa. */
static bool tlb_maps(unsigned ctx, int acc, uint64_t va, uint64_t pa)
{
    const TlbEntry *e = tlb_entry(ctx, acc, va);
    uint64_t page = va & ~PAGE_MASK;
    return e->tag == page &&
           page + e->addend ==
               (uintptr_t)(mem->ram + ((pa & ~PAGE_MASK) - RAM_BASE));
}

/* ---- access helpers ------------------------------------------------------ */

static const char *cause_name(int c)
{
    switch (c) {
    case EXC_NONE: return "ok";
    case EXC_INSN_ACCESS: return "fetch access fault";
    case EXC_LOAD_ACCESS: return "load access fault";
    case EXC_STORE_ACCESS: return "store access fault";
    case EXC_INSN_PAGE: return "fetch page fault";
    case EXC_LOAD_PAGE: return "load page fault";
    case EXC_STORE_PAGE: return "store page fault";
    default: return "other";
    }
}

#define EXPECT_CAUSE(got, want, what, va)                                    \
    CHECK((got) == (want), "%s at 0x%llx: %s (%d), expected %s (%d)\n",       \
          what, (unsigned long long)(va), cause_name(got), got,              \
          cause_name(want), want)

/* Load; on success checks the value, on a fault the cause and tval. */
static void expect_load(const char *what, uint64_t va, unsigned size,
                        int cause, uint64_t want)
{
    uint64_t v = 0xdeadbeef;
    h->fault_tval = 0x1badbad;
    int exc = mmu_load_slow(h, va, size, &v);
    EXPECT_CAUSE(exc, cause, what, va);
    if (exc == EXC_NONE && cause == EXC_NONE) {
        CHECK_EQ(v, want, "%s: value loaded from 0x%llx\n", what,
                 (unsigned long long)va);
    } else if (exc == cause) {
        CHECK_EQ(h->fault_tval, want, "%s: tval of load at 0x%llx\n", what,
                 (unsigned long long)va);
    }
}

/* Store; on a fault checks the cause and tval (want). */
static void expect_store(const char *what, uint64_t va, unsigned size,
                         uint64_t val, int cause, uint64_t want_tval)
{
    h->fault_tval = 0x1badbad;
    int exc = mmu_store_slow(h, va, size, val);
    EXPECT_CAUSE(exc, cause, what, va);
    if (exc == cause && cause != EXC_NONE) {
        CHECK_EQ(h->fault_tval, want_tval, "%s: tval of store at 0x%llx\n",
                 what, (unsigned long long)va);
    }
}

/* Fetch translation; on success checks the physical page. */
static void expect_fetch(const char *what, uint64_t va, int cause,
                         uint64_t want_pa_page)
{
    uint8_t *host = NULL;
    uint64_t pa = 0;
    h->fault_tval = 0x1badbad;
    int exc = mmu_fetch_translate(h, va, &host, &pa);
    EXPECT_CAUSE(exc, cause, what, va);
    if (exc == EXC_NONE && cause == EXC_NONE) {
        CHECK_EQ(pa, want_pa_page, "%s: fetch page of 0x%llx\n", what,
                 (unsigned long long)va);
        CHECK(host == mem->ram + (want_pa_page - RAM_BASE),
              "%s: fetch host pointer\n", what);
    } else if (exc == cause) {
        CHECK_EQ(h->fault_tval, va, "%s: tval of fetch\n", what);
    }
}

/* ---- tests --------------------------------------------------------------- */

static void test_bare(void)
{
    pmp_clear();
    h->satp = 0;
    set_priv(PRV_M);
    expect_store("M bare store", DATA + 8, 8, 0x0123456789abcdefULL,
                 EXC_NONE, 0);
    CHECK_EQ(rd64(DATA + 8), 0x0123456789abcdefULL, "M bare store lands\n");
    expect_load("M bare load", DATA + 9, 2, EXC_NONE, 0xabcd);
    expect_load("M bare load outside RAM", 0x1000, 4, EXC_LOAD_ACCESS,
                0x1000);
    expect_load("M MMIO load", MMIO_BASE + 8, 4, EXC_NONE, 0x5a00 + 8 + 4);
    expect_load("M misaligned MMIO load", MMIO_BASE + 2, 4, EXC_LOAD_ACCESS,
                MMIO_BASE + 2);
    expect_store("M MMIO store", MMIO_BASE, 4, 1, EXC_NONE, 0);
    expect_store("M store to no device", MMIO_BASE + PAGE_SIZE, 4, 1,
                 EXC_STORE_ACCESS, MMIO_BASE + PAGE_SIZE);
    /* S-mode with satp = Bare: physical addresses, PMP still applies. */
    set_priv(PRV_S);
    expect_load("S bare, no PMP entry", DATA + 8, 8, EXC_LOAD_ACCESS,
                DATA + 8);
    pmp_allow_all();
    expect_load("S bare, PMP allows", DATA + 8, 8, EXC_NONE,
                0x0123456789abcdefULL);
    set_priv(PRV_M);
}

static void test_sv39_basic(void)
{
    uint64_t va = 0x10000, pa = DATA;
    pmp_allow_all();
    set_mode(SATP_MODE_SV39);
    set_priv(PRV_S);
    map(va, pa, 0, PTE_V | PTE_R | PTE_W);
    wr64(pa + 0x18, 0x1122334455667788ULL);

    expect_load("Sv39 4K load", va + 0x18, 8, EXC_NONE,
                0x1122334455667788ULL);
    CHECK((pte_of(va, 0) & (PTE_A | PTE_D)) == PTE_A,
          "load sets A only: pte 0x%llx\n",
          (unsigned long long)pte_of(va, 0));
    CHECK(tlb_maps(MMU_S, ACC_READ, va, pa), "read TLB entry installed\n");
    CHECK(tlb_entry(MMU_S, ACC_WRITE, va)->tag == TLB_INVALID_TAG,
          "no write TLB entry after a load\n");
    expect_load("Sv39 byte", va + 0x18, 1, EXC_NONE, 0x88);
    expect_load("Sv39 half", va + 0x1a, 2, EXC_NONE, 0x5566);
    expect_load("Sv39 word", va + 0x1c, 4, EXC_NONE, 0x11223344);
    expect_load("Sv39 misaligned in page", va + 0x19, 8, EXC_NONE,
                0x0011223344556677ULL);

    expect_store("Sv39 4K store", va + 0x20, 8, 0xfeedfacecafef00dULL,
                 EXC_NONE, 0);
    CHECK_EQ(rd64(pa + 0x20), 0xfeedfacecafef00dULL, "store lands\n");
    CHECK((pte_of(va, 0) & (PTE_A | PTE_D)) == (PTE_A | PTE_D),
          "store sets D\n");
    CHECK(tlb_maps(MMU_S, ACC_WRITE, va, pa), "write TLB entry installed\n");
    CHECK(tlb_entry(MMU_U, ACC_READ, va)->tag != (va & ~PAGE_MASK),
          "no entry in the user context\n");

    mmu_flush_va(h, va + 0xabc);
    CHECK(tlb_entry(MMU_S, ACC_READ, va)->tag == TLB_INVALID_TAG &&
              tlb_entry(MMU_S, ACC_WRITE, va)->tag == TLB_INVALID_TAG,
          "mmu_flush_va drops the page's entries\n");

    /* The kernel half: sign-extended addresses are canonical. */
    uint64_t hi = 0xffffffc000000000ULL + 0x3000;
    map(hi, pa, 0, PTE_V | PTE_R | PTE_X | PTE_A);
    expect_load("Sv39 top-half va", hi + 0x18, 4, EXC_NONE, 0x55667788);
    /* Non-canonical addresses whose low 39 bits hit mapped pages: only
     * the canonical check stops them. */
    expect_load("Sv39 non-canonical va (bit 38 without 63..39)",
                0x0000004000003018ULL, 4, EXC_LOAD_PAGE,
                0x0000004000003018ULL);
    expect_load("Sv39 non-canonical va (bit 39 only)", 0x8000010018ULL, 4,
                EXC_LOAD_PAGE, 0x8000010018ULL);
    expect_store("Sv39 non-canonical store", 0xff00000000010018ULL, 4, 0,
                 EXC_STORE_PAGE, 0xff00000000010018ULL);
    expect_fetch("Sv39 non-canonical fetch", 0x4000003000ULL, EXC_INSN_PAGE,
                 0);
    expect_fetch("Sv39 top-half fetch", 0xffffffc000003000ULL, EXC_NONE, pa);
}

static void test_superpages(unsigned mode)
{
    const char *m = mode == SATP_MODE_SV48 ? "Sv48" : "Sv39";
    char what[96];
    uint64_t mega = 0x00600000, giga = 0x40000000;
    pmp_allow_all();
    set_mode(mode);
    set_priv(PRV_S);
    map(mega, RAM_BASE + 0x200000, 1, PTE_V | PTE_R | PTE_W);
    map(giga, RAM_BASE, 2, PTE_V | PTE_R | PTE_W);
    wr64(RAM_BASE + 0x201238, 0x2222);
    wr64(RAM_BASE + 0x401238, 0x3333);

    snprintf(what, sizeof(what), "%s 2M page", m);
    expect_load(what, mega + 0x1238, 8, EXC_NONE, 0x2222);
    CHECK((pte_of(mega, 1) & (PTE_A | PTE_D)) == PTE_A, "%s: A set\n", what);
    CHECK(tlb_maps(MMU_S, ACC_READ, mega + 0x1238, RAM_BASE + 0x201000),
          "%s: TLB holds the 4K piece\n", what);
    snprintf(what, sizeof(what), "%s 1G page", m);
    expect_load(what, giga + 0x401238, 8, EXC_NONE, 0x3333);
    expect_store(what, giga + 0x401240, 8, 0x4444, EXC_NONE, 0);
    CHECK_EQ(rd64(RAM_BASE + 0x401240), 0x4444, "%s: store lands\n", what);
    CHECK((pte_of(giga, 2) & (PTE_A | PTE_D)) == (PTE_A | PTE_D),
          "%s: A and D set\n", what);

    /* mmu_flush_va anywhere in a superpage drops every 4 KiB piece of it
     * that the TLB holds, not just the page at that address. */
    expect_load(what, giga + 0x3000, 8, EXC_NONE, rd64(RAM_BASE + 0x3000));
    expect_load(what, giga + 0x5000, 8, EXC_NONE, rd64(RAM_BASE + 0x5000));
    CHECK(tlb_entry(MMU_S, ACC_READ, giga + 0x3000)->tag == giga + 0x3000 &&
              tlb_entry(MMU_S, ACC_READ, giga + 0x5000)->tag == giga + 0x5000,
          "%s: both pieces cached\n", what);
    mmu_flush_va(h, giga + 0x3ffff000);
    CHECK(tlb_entry(MMU_S, ACC_READ, giga + 0x3000)->tag == TLB_INVALID_TAG &&
              tlb_entry(MMU_S, ACC_READ, giga + 0x5000)->tag ==
                  TLB_INVALID_TAG,
          "%s: flush inside the superpage drops its pieces\n", what);
    expect_load(what, mega + 0x7000, 8, EXC_NONE, rd64(RAM_BASE + 0x207000));
    mmu_flush_va(h, mega + 0x1fffff);
    CHECK(tlb_entry(MMU_S, ACC_READ, mega + 0x7000)->tag == TLB_INVALID_TAG,
          "%s: flush of the 2M page's last byte drops its pieces\n", what);

    /* Misaligned superpages (ppn bits below the level must be zero). */
    map(mega + 0x200000, RAM_BASE + 0x201000, 1, PTE_V | PTE_R | PTE_A);
    snprintf(what, sizeof(what), "%s misaligned 2M page", m);
    expect_load(what, mega + 0x200010, 4, EXC_LOAD_PAGE, mega + 0x200010);
    expect_fetch(what, mega + 0x200010, EXC_INSN_PAGE, 0);
    map(giga + 0x40000000, RAM_BASE + 0x200000, 2, RWX_AD);
    snprintf(what, sizeof(what), "%s misaligned 1G page (ppn[1])", m);
    expect_load(what, giga + 0x40000010, 4, EXC_LOAD_PAGE, giga + 0x40000010);
    expect_store(what, giga + 0x40000010, 4, 0, EXC_STORE_PAGE,
                 giga + 0x40000010);
    map(giga + 0x80000000ULL, RAM_BASE + 0x1000, 2, RWX_AD);
    snprintf(what, sizeof(what), "%s misaligned 1G page (ppn[0])", m);
    expect_load(what, giga + 0x80000000ULL, 4, EXC_LOAD_PAGE,
                giga + 0x80000000ULL);

    if (mode == SATP_MODE_SV48) {
        /* 512 GiB page: va 512G.. maps pa 0.., which holds RAM at 2G. */
        uint64_t tera = 0x8000000000ULL;
        map(tera, 0, 3, PTE_V | PTE_R | PTE_A);
        expect_load("Sv48 512G page", tera + 0x80401238ULL, 8, EXC_NONE,
                    0x3333);
        map(tera * 2, RAM_BASE, 3, PTE_V | PTE_R | PTE_A);
        expect_load("Sv48 misaligned 512G page", tera * 2 + 8, 8,
                    EXC_LOAD_PAGE, tera * 2 + 8);
        map(0xffff800000001000ULL, DATA, 0, PTE_V | PTE_R | PTE_A);
        expect_load("Sv48 top-half va", 0xffff800000001018ULL, 4, EXC_NONE,
                    0x55667788);
        expect_load("Sv48 non-canonical va (bit 47 only)",
                    0x0000800000001018ULL, 4, EXC_LOAD_PAGE,
                    0x0000800000001018ULL);
        expect_load("Sv48 non-canonical va (bit 48 only)",
                    0x0001000000011018ULL, 4, EXC_LOAD_PAGE,
                    0x0001000000011018ULL);
    }
}

static void test_sv48_unmapped_high(void)
{
    pmp_allow_all();
    set_mode(SATP_MODE_SV48);
    set_priv(PRV_S);
    expect_load("Sv48 unmapped canonical va", 0xffffffc000003018ULL, 4,
                EXC_LOAD_PAGE, 0xffffffc000003018ULL);
}

static void test_faults(void)
{
    uint64_t va = 0x200000;
    pmp_allow_all();
    set_mode(SATP_MODE_SV39);
    set_priv(PRV_S);
    wr64(DATA + 0x1000, 0x77);

    /* Invalid PTE. */
    map(va, DATA, 0, PTE_R | PTE_W | PTE_X | PTE_A | PTE_D);
    expect_load("V=0 load", va + 4, 4, EXC_LOAD_PAGE, va + 4);
    expect_store("V=0 store", va + 4, 4, 0, EXC_STORE_PAGE, va + 4);
    expect_fetch("V=0 fetch", va + 4, EXC_INSN_PAGE, 0);
    expect_load("unmapped load", va + 0x100000, 4, EXC_LOAD_PAGE,
                va + 0x100000);

    /* W without R is reserved. */
    map(va, DATA, 0, PTE_V | PTE_W | PTE_A | PTE_D);
    expect_load("W-only load", va, 8, EXC_LOAD_PAGE, va);
    expect_store("W-only store", va, 8, 0, EXC_STORE_PAGE, va);
    map(va, DATA, 0, PTE_V | PTE_W | PTE_X | PTE_A | PTE_D);
    expect_fetch("WX without R fetch", va, EXC_INSN_PAGE, 0);

    /* Permissions. */
    map(va, DATA + 0x1000, 0, PTE_V | PTE_R | PTE_A | PTE_D);
    expect_load("R page load", va, 8, EXC_NONE, 0x77);
    expect_store("R page store", va + 8, 8, 0, EXC_STORE_PAGE, va + 8);
    expect_fetch("R page fetch", va, EXC_INSN_PAGE, 0);
    map(va, DATA + 0x1000, 0, PTE_V | PTE_X | PTE_A);
    expect_fetch("X page fetch", va + 2, EXC_NONE, DATA + 0x1000);
    expect_load("X page load, MXR=0", va, 8, EXC_LOAD_PAGE, va);
    set_mstatus(MSTATUS_MXR, 0);
    expect_load("X page load, MXR=1", va, 8, EXC_NONE, 0x77);
    expect_store("X page store, MXR=1", va, 8, 0, EXC_STORE_PAGE, va);
    set_mstatus(0, MSTATUS_MXR);
    expect_load("X page load, MXR cleared again", va, 8, EXC_LOAD_PAGE, va);

    /* A/D bits: hardware sets them; a failed access sets nothing. */
    map(va, DATA + 0x1000, 0, PTE_V | PTE_R);
    expect_store("store to R page without A", va, 8, 0, EXC_STORE_PAGE, va);
    CHECK((pte_of(va, 0) & (PTE_A | PTE_D)) == 0,
          "failed store leaves A/D clear\n");
    map(va, DATA + 0x1000, 0, PTE_V | PTE_X);
    expect_fetch("fetch sets A", va, EXC_NONE, DATA + 0x1000);
    CHECK((pte_of(va, 0) & (PTE_A | PTE_D)) == PTE_A, "fetch sets A only\n");

    /* U pages from S: SUM opens loads and stores, never fetches. */
    map(va, DATA + 0x1000, 0, RWX_AD | PTE_U);
    expect_load("S load of U page, SUM=0", va, 8, EXC_LOAD_PAGE, va);
    expect_store("S store to U page, SUM=0", va, 8, 0x77, EXC_STORE_PAGE,
                 va);
    expect_fetch("S fetch of U page", va, EXC_INSN_PAGE, 0);
    set_mstatus(MSTATUS_SUM, 0);
    expect_load("S load of U page, SUM=1", va, 8, EXC_NONE, 0x77);
    expect_store("S store to U page, SUM=1", va, 8, 0x77, EXC_NONE, 0);
    expect_fetch("S fetch of U page, SUM=1", va, EXC_INSN_PAGE, 0);
    set_mstatus(0, MSTATUS_SUM);
    expect_load("S load of U page, SUM cleared again", va, 8, EXC_LOAD_PAGE,
                va);

    /* U mode: only U pages. */
    set_priv(PRV_U);
    expect_load("U load of U page", va, 8, EXC_NONE, 0x77);
    expect_fetch("U fetch of U page", va, EXC_NONE, DATA + 0x1000);
    map(va, DATA + 0x1000, 0, RWX_AD);
    expect_load("U load of S page", va, 8, EXC_LOAD_PAGE, va);
    expect_store("U store to S page", va, 8, 0, EXC_STORE_PAGE, va);
    expect_fetch("U fetch of S page", va, EXC_INSN_PAGE, 0);
    set_mstatus(MSTATUS_SUM | MSTATUS_MXR, 0);
    expect_load("U load of S page, SUM=MXR=1", va, 8, EXC_LOAD_PAGE, va);
    set_mstatus(0, MSTATUS_SUM | MSTATUS_MXR);

    /* MPRV: M-mode loads and stores translate as MPP, fetches do not. */
    set_priv(PRV_M);
    set_mstatus(MSTATUS_MPRV | (0ULL << 11), MSTATUS_MPP);
    expect_load("MPRV, MPP=U: S page", va, 8, EXC_LOAD_PAGE, va);
    expect_fetch("MPRV: fetch is not translated", DATA + 0x1000, EXC_NONE,
                 DATA + 0x1000);
    set_mstatus((uint64_t)PRV_S << 11, 0);
    expect_load("MPRV, MPP=S: S page", va, 8, EXC_NONE, 0x77);
    set_mstatus(0, MSTATUS_MPRV | MSTATUS_MPP);
    expect_load("MPRV off: M is physical", DATA + 0x1000, 8, EXC_NONE, 0x77);
    set_priv(PRV_S);

    /* Reserved PTE bits 63..54 (N, PBMT and the reserved field: no Svnapot
     * or Svpbmt here) make a leaf or a pointer invalid. */
    static const unsigned reserved[] = {54, 57, 60, 61, 62, 63};
    for (size_t i = 0; i < ARRAY_SIZE(reserved); i++) {
        char what[64];
        snprintf(what, sizeof(what), "leaf with bit %u", reserved[i]);
        map(va, DATA + 0x1000, 0, RWX_AD | (1ULL << reserved[i]));
        expect_load(what, va, 8, EXC_LOAD_PAGE, va);
        expect_fetch(what, va, EXC_INSN_PAGE, 0);
    }
    map(va, DATA + 0x1000, 0, RWX_AD);
    uint64_t ptr = pte_addr(va, 1), saved = rd64(ptr);
    wr64(ptr, saved | (1ULL << 63));
    mmu_flush_all(h);
    expect_load("pointer PTE with bit 63", va, 8, EXC_LOAD_PAGE, va);
    wr64(ptr, saved);
    mmu_flush_all(h);
    expect_load("pointer PTE restored", va, 8, EXC_NONE, 0x77);

    /* A pointer at level 0 (no leaf found). */
    map(va, DATA + 0x1000, 0, PTE_V);
    expect_load("pointer PTE at level 0", va, 8, EXC_LOAD_PAGE, va);

    /* Page tables or data outside RAM: access faults (tval = va). */
    map(va, MMIO_BASE + PAGE_SIZE, 0, RWX_AD);
    expect_load("leaf to no device", va + 8, 4, EXC_LOAD_ACCESS, va + 8);
    expect_store("leaf to no device", va + 8, 4, 0, EXC_STORE_ACCESS, va + 8);
    expect_fetch("leaf to no device", va + 8, EXC_INSN_ACCESS, 0);
    map(va, MMIO_BASE, 0, RWX_AD);
    expect_load("leaf to a device", va + 8, 4, EXC_NONE, 0x5a00 + 8 + 4);
    expect_fetch("fetch from a device", va + 8, EXC_INSN_ACCESS, 0);
    uint64_t satp = h->satp;
    h->satp = ((uint64_t)SATP_MODE_SV39 << 60) | (0x1000 >> 12);
    mmu_flush_all(h);
    expect_load("root table outside RAM", va, 8, EXC_LOAD_ACCESS, va);
    expect_store("root table outside RAM", va, 8, 0, EXC_STORE_ACCESS, va);
    expect_fetch("root table outside RAM", va, EXC_INSN_ACCESS, 0);
    h->satp = satp;
    mmu_flush_all(h);
}

static void test_crossing(void)
{
    uint64_t va = 0x300000;
    uint64_t lo = DATA + 0x5000, hi = DATA + 0x2000; /* not contiguous */
    pmp_allow_all();
    set_mode(SATP_MODE_SV39);
    set_priv(PRV_S);
    map(va, lo, 0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D);
    map(va + 0x1000, hi, 0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D);
    wr64(lo + 0xff8, 0x8877665544332211ULL);
    wr64(hi, 0x00ffeeddccbbaa99ULL);

    expect_load("crossing load", va + 0xffc, 8, EXC_NONE,
                0xccbbaa9988776655ULL);
    expect_load("crossing load, 2 bytes", va + 0xfff, 2, EXC_NONE, 0x9988);
    expect_store("crossing store", va + 0xffe, 4, 0xa1b2c3d4, EXC_NONE, 0);
    CHECK_EQ(rd64(lo + 0xff8) >> 48, 0xc3d4, "crossing store, low part\n");
    CHECK_EQ(rd64(hi) & 0xffff, 0xa1b2, "crossing store, high part\n");

    /* Second page faults: tval is its first byte. */
    map(va + 0x1000, hi, 0, PTE_V | PTE_R | PTE_A | PTE_D);
    uint64_t before_lo = rd64(lo + 0xff8), before_hi = rd64(hi);
    expect_store("crossing store, 2nd page read-only", va + 0xffc, 8, 0,
                 EXC_STORE_PAGE, va + 0x1000);
    CHECK(rd64(lo + 0xff8) == before_lo && rd64(hi) == before_hi,
          "faulting crossing store writes nothing\n");
    map(va + 0x1000, hi, 0, PTE_R | PTE_A);
    expect_load("crossing load, 2nd page invalid", va + 0xffa, 8,
                EXC_LOAD_PAGE, va + 0x1000);
    /* First page faults: tval is the access address. */
    map(va + 0x1000, hi, 0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D);
    map(va, lo, 0, PTE_R | PTE_A);
    expect_load("crossing load, 1st page invalid", va + 0xffa, 8,
                EXC_LOAD_PAGE, va + 0xffa);
    expect_store("crossing store, 1st page invalid", va + 0xffa, 8, 0,
                 EXC_STORE_PAGE, va + 0xffa);
    /* Second page not RAM. */
    map(va, lo, 0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D);
    map(va + 0x1000, MMIO_BASE, 0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D);
    expect_load("crossing load into a device", va + 0xffc, 8,
                EXC_LOAD_ACCESS, va + 0x1000);
    expect_store("crossing store into a device", va + 0xffc, 8, 0,
                 EXC_STORE_ACCESS, va + 0x1000);
    /* Crossing at the top of the Sv39 space into non-canonical ground. */
    uint64_t top = 0x3ffffff000ULL;
    map(top, lo, 0, PTE_V | PTE_R | PTE_A);
    expect_load("crossing into a non-canonical page", top + 0xffc, 8,
                EXC_LOAD_PAGE, top + 0x1000);
}

static void test_code_pages(void)
{
    uint64_t va = 0x400000;
    uint8_t *host = NULL;
    uint64_t pa = 0;
    bool flushed = false;
    /* addi a0,a0,1 ; addi a0,a0,1 ; jal x0,0 */
    static const uint32_t code[] = {0x00150513, 0x00150513, 0x0000006f};

    pmp_allow_all();
    set_mode(SATP_MODE_SV39);
    set_priv(PRV_S);
    map(va, CODE, 0, RWX_AD);
    if (!physmem_write(mem, CODE, code, sizeof(code))) {
        exit(2);
    }
    expect_store("store before translation", va + 0x800, 8, 1, EXC_NONE, 0);
    CHECK(tlb_maps(MMU_S, ACC_WRITE, va, CODE),
          "data page gets a write TLB entry\n");

    CHECK(mmu_fetch_translate(h, va, &host, &pa) == EXC_NONE,
          "fetch translation of the code page\n");
    Block *b = tcache_get(h, va, pa, host, &flushed);
    CHECK(b != NULL && b->n == 3 && b->insns[0].op == OP_ADDI &&
              b->insns[2].op == OP_JAL,
          "block translated\n");
    CHECK(tlb_entry(MMU_S, ACC_WRITE, va)->tag == TLB_INVALID_TAG,
          "translating code drops the page's write TLB entry\n");

    expect_store("store to translated code", va + 0x808, 8, 2, EXC_NONE, 0);
    CHECK(tlb_entry(MMU_S, ACC_WRITE, va)->tag == TLB_INVALID_TAG,
          "a store to translated code installs no write TLB entry\n");
    CHECK_EQ(rd64(CODE + 0x808), 2, "store to code page lands\n");
    CHECK(b->ppc == TLB_INVALID_TAG, "the store drops the block\n");
    CHECK(h->exit_request, "the store asks the hart to leave its block\n");
    h->exit_request = false;
    expect_store("store after the code is gone", va + 0x810, 8, 3, EXC_NONE,
                 0);
    CHECK(tlb_maps(MMU_S, ACC_WRITE, va, CODE),
          "plain data again: write TLB entry back\n");

    /* Same through a second mapping of the same physical page. */
    Block *b2 = tcache_get(h, va, pa, host, &flushed);
    CHECK(b2 != NULL && b2 != b && b2->ppc == pa, "retranslated\n");
    map(0x500000, CODE, 0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D);
    expect_store("store through an alias", 0x500818, 8, 4, EXC_NONE, 0);
    CHECK(tlb_entry(MMU_S, ACC_WRITE, 0x500000)->tag == TLB_INVALID_TAG,
          "alias store installs no write TLB entry\n");
    CHECK(b2->ppc == TLB_INVALID_TAG, "alias store drops the block\n");
    h->exit_request = false;
}

static void test_debug_translate(void)
{
    uint64_t va = 0x600000, pa = 0;
    pmp_allow_all();
    set_mode(SATP_MODE_SV39);
    set_priv(PRV_S);
    map(va, DATA + 0x3000, 0, PTE_V | PTE_R | PTE_W);
    map(0x40000000, RAM_BASE, 2, PTE_V | PTE_R | PTE_U);

    CHECK(mmu_debug_translate(h, va + 0x123, &pa) && pa == DATA + 0x3123,
          "debug translate of a 4K page\n");
    CHECK((pte_of(va, 0) & (PTE_A | PTE_D)) == 0,
          "debug translate sets no A/D\n");
    CHECK(mmu_debug_translate(h, 0x40000000 + 0x456789, &pa) &&
              pa == RAM_BASE + 0x456789,
          "debug translate of a 1G U page from S with SUM=0\n");
    CHECK((pte_of(0x40000000, 2) & (PTE_A | PTE_D)) == 0,
          "debug translate of a superpage sets no A/D\n");
    CHECK(!mmu_debug_translate(h, va + 0x1000, &pa),
          "debug translate of an unmapped page fails\n");
    CHECK(!mmu_debug_translate(h, 0x0000004000000000ULL, &pa),
          "debug translate of a non-canonical va fails\n");
    CHECK(tlb_entry(MMU_S, ACC_READ, va)->tag == TLB_INVALID_TAG,
          "debug translate fills no TLB entry\n");
    set_priv(PRV_M);
    CHECK(mmu_debug_translate(h, va, &pa) && pa == va,
          "debug translate in M mode is the identity\n");
    set_priv(PRV_S);
}

/* PMP rules on their own (3.7.1). */
static void test_pmp_rules(void)
{
    uint64_t r4k = RAM_BASE + 0x3000;
    pmp_clear();
    CHECK(pmp_check(h, RAM_BASE, 8, ACC_READ, PRV_M),
          "no entries: M allowed\n");
    CHECK(!pmp_check(h, RAM_BASE, 8, ACC_READ, PRV_S),
          "no entries: S denied\n");
    CHECK(!pmp_check(h, RAM_BASE, 8, ACC_EXEC, PRV_U),
          "no entries: U denied\n");

    /* NAPOT 4 KiB, read-only. */
    pmp_set(0, PMP_NAPOT | PMP_R, napot(r4k, 0x1000));
    CHECK(pmp_check(h, r4k, 8, ACC_READ, PRV_S), "NAPOT: S read inside\n");
    CHECK(pmp_check(h, r4k + 0xff8, 8, ACC_READ, PRV_U),
          "NAPOT: U read at the end\n");
    CHECK(!pmp_check(h, r4k, 8, ACC_WRITE, PRV_S), "NAPOT: S write\n");
    CHECK(!pmp_check(h, r4k, 4, ACC_EXEC, PRV_S), "NAPOT: S exec\n");
    CHECK(!pmp_check(h, r4k + 0x1000, 8, ACC_READ, PRV_S),
          "NAPOT: S read after the region (no match)\n");
    CHECK(!pmp_check(h, r4k + 0x1000, 1, ACC_READ, PRV_S),
          "NAPOT: byte after the region\n");
    CHECK(!pmp_check(h, r4k - 1, 1, ACC_READ, PRV_S),
          "NAPOT: byte before the region\n");
    CHECK(!pmp_check(h, r4k - 8, 8, ACC_READ, PRV_S),
          "NAPOT: S read before the region\n");
    CHECK(pmp_check(h, r4k, 8, ACC_WRITE, PRV_M),
          "NAPOT unlocked: M write ignores R-only\n");
    CHECK(!pmp_check(h, r4k + 0xffc, 8, ACC_READ, PRV_S),
          "NAPOT: access straddling the end fails\n");
    CHECK(!pmp_check(h, r4k + 0xffc, 8, ACC_READ, PRV_M),
          "NAPOT: straddling access fails for M too\n");
    CHECK(pmp_page_uniform(h, r4k, ACC_READ, PRV_S),
          "NAPOT page: uniform read\n");
    CHECK(!pmp_page_uniform(h, r4k, ACC_WRITE, PRV_S),
          "NAPOT page: uniform but denied write\n");

    /* Locked: applies to M as well. */
    pmp_set(0, PMP_NAPOT | PMP_R | PMP_L, napot(r4k, 0x1000));
    CHECK(!pmp_check(h, r4k, 8, ACC_WRITE, PRV_M), "locked: M write\n");
    CHECK(pmp_check(h, r4k, 8, ACC_READ, PRV_M), "locked: M read\n");
    CHECK(!pmp_check(h, r4k, 2, ACC_EXEC, PRV_M), "locked: M exec\n");
    CHECK(pmp_check(h, r4k + 0x1000, 8, ACC_WRITE, PRV_M),
          "locked: M outside the region\n");
    pmp_clear();

    /* TOR: entry 1 covers [pmpaddr0 << 2, pmpaddr1 << 2). */
    pmp_set(0, 0, (RAM_BASE + 0x1000) >> 2);
    pmp_set(1, PMP_TOR | PMP_R | PMP_W, (RAM_BASE + 0x2000) >> 2);
    CHECK(pmp_check(h, RAM_BASE + 0x1000, 8, ACC_WRITE, PRV_S),
          "TOR: first byte\n");
    CHECK(pmp_check(h, RAM_BASE + 0x1ff8, 8, ACC_READ, PRV_U),
          "TOR: last bytes\n");
    CHECK(!pmp_check(h, RAM_BASE + 0x2000, 8, ACC_READ, PRV_S),
          "TOR: top is exclusive\n");
    CHECK(!pmp_check(h, RAM_BASE + 0x2000, 1, ACC_READ, PRV_S),
          "TOR: top is exclusive (1 byte)\n");
    CHECK(!pmp_check(h, RAM_BASE + 0xfff, 1, ACC_READ, PRV_S),
          "TOR: byte below the bottom\n");
    CHECK(!pmp_check(h, RAM_BASE + 0xff8, 8, ACC_READ, PRV_S),
          "TOR: below the bottom\n");
    CHECK(!pmp_check(h, RAM_BASE + 0x1ffc, 8, ACC_READ, PRV_S),
          "TOR: straddling the top\n");
    CHECK(pmp_page_uniform(h, RAM_BASE + 0x1000, ACC_WRITE, PRV_S),
          "TOR page uniform\n");
    /* Entry 0 in TOR mode starts at address 0. */
    pmp_set(1, 0, 0);
    pmp_set(0, PMP_TOR | PMP_X, (RAM_BASE + 0x1000) >> 2);
    CHECK(pmp_check(h, 0, 4, ACC_EXEC, PRV_U), "TOR entry 0 from 0\n");
    CHECK(pmp_check(h, RAM_BASE + 0xffc, 4, ACC_EXEC, PRV_S),
          "TOR entry 0 to its top\n");
    CHECK(!pmp_check(h, RAM_BASE + 0x1000, 4, ACC_EXEC, PRV_S),
          "TOR entry 0 exclusive top\n");
    /* Empty TOR range (top <= bottom) matches nothing. */
    pmp_set(0, 0, (RAM_BASE + 0x2000) >> 2);
    pmp_set(1, PMP_TOR | PMP_R, (RAM_BASE + 0x1000) >> 2);
    CHECK(!pmp_check(h, RAM_BASE + 0x1800, 4, ACC_READ, PRV_S),
          "empty TOR range\n");
    pmp_clear();

    /* NA4 and priority: the lowest-numbered matching entry decides. */
    pmp_set(0, PMP_NA4, (RAM_BASE + 0x104) >> 2);
    pmp_set(1, PMP_NAPOT | PMP_R | PMP_W | PMP_X, (1ULL << 54) - 1);
    CHECK(!pmp_check(h, RAM_BASE + 0x104, 4, ACC_READ, PRV_S),
          "NA4 entry 0 denies\n");
    CHECK(pmp_check(h, RAM_BASE + 0x100, 4, ACC_READ, PRV_S),
          "next to NA4: entry 1\n");
    CHECK(pmp_check(h, RAM_BASE + 0x108, 4, ACC_READ, PRV_S),
          "after NA4: entry 1\n");
    CHECK(pmp_check(h, RAM_BASE + 0x108, 1, ACC_READ, PRV_S) &&
              pmp_check(h, RAM_BASE + 0x103, 1, ACC_READ, PRV_S) &&
              !pmp_check(h, RAM_BASE + 0x107, 1, ACC_READ, PRV_S),
          "NA4 covers exactly 4 bytes\n");
    CHECK(!pmp_check(h, RAM_BASE + 0x100, 8, ACC_READ, PRV_S),
          "8 bytes over the NA4 word: partial match fails\n");
    /* 3.7.1.4: "if the PMP entry matches any byte of an access but not
     * all of them, the access fails", which also holds when the entry
     * lies strictly inside a misaligned access. */
    CHECK(!pmp_check(h, RAM_BASE + 0x102, 8, ACC_READ, PRV_S),
          "misaligned 8 bytes around the NA4 word: partial match fails\n");
    CHECK(!pmp_check(h, RAM_BASE + 0x102, 8, ACC_READ, PRV_M),
          "misaligned 8 bytes around the NA4 word (M): partial match\n");
    CHECK(!pmp_page_uniform(h, RAM_BASE, ACC_READ, PRV_S),
          "page holding the NA4 word is not uniform\n");
    CHECK(pmp_page_uniform(h, RAM_BASE + 0x1000, ACC_READ, PRV_S),
          "neighbouring page is uniform\n");
    /* NAPOT of 8 bytes and of the whole address space. */
    pmp_set(0, PMP_NAPOT, napot(RAM_BASE + 0x208, 8));
    CHECK(!pmp_check(h, RAM_BASE + 0x208, 8, ACC_READ, PRV_S),
          "NAPOT 8: denied\n");
    CHECK(pmp_check(h, RAM_BASE + 0x210, 8, ACC_READ, PRV_S),
          "NAPOT 8: next word\n");
    CHECK(pmp_check(h, 0xfffffffffffffff8ULL, 8, ACC_WRITE, PRV_U),
          "whole-space NAPOT reaches the top\n");
    pmp_clear();
    /* OFF entries match nothing, whatever their address. */
    pmp_set(0, PMP_R, (1ULL << 54) - 1);
    CHECK(!pmp_check(h, RAM_BASE, 8, ACC_READ, PRV_S), "OFF entry\n");
    pmp_clear();
}

/* PMP as seen through the MMU: faults and TLB filling. */
static void test_pmp_mmu(void)
{
    uint64_t va = 0x700000;
    pmp_allow_all();
    set_mode(SATP_MODE_SV39);
    set_priv(PRV_S);
    map(va, DATA + 0x6000, 0, RWX_AD);
    wr64(DATA + 0x6008, 0x99);

    /* Data page read-only by PMP. */
    pmp_set(0, PMP_NAPOT | PMP_R, napot(DATA + 0x6000, 0x1000));
    expect_load("PMP R page: load", va + 8, 8, EXC_NONE, 0x99);
    CHECK(tlb_maps(MMU_S, ACC_READ, va, DATA + 0x6000),
          "PMP-uniform page gets a read TLB entry\n");
    expect_store("PMP R page: store", va + 8, 8, 0, EXC_STORE_ACCESS, va + 8);
    expect_fetch("PMP R page: fetch", va, EXC_INSN_ACCESS, 0);

    /* A region smaller than the page: accesses work, no TLB entry. */
    pmp_set(0, PMP_NA4, (DATA + 0x6100) >> 2);
    expect_load("page with an NA4 hole: load elsewhere", va + 8, 8, EXC_NONE,
                0x99);
    CHECK(tlb_entry(MMU_S, ACC_READ, va)->tag == TLB_INVALID_TAG,
          "page with a PMP hole gets no TLB entry\n");
    expect_load("page with an NA4 hole: load the hole", va + 0x100, 4,
                EXC_LOAD_ACCESS, va + 0x100);
    expect_load("misaligned load over the NA4 hole", va + 0xfe, 8,
                EXC_LOAD_ACCESS, va + 0xfe);
    expect_store("misaligned store over the NA4 hole", va + 0xfe, 8, 0,
                 EXC_STORE_ACCESS, va + 0xfe);

    /* Page-table page denied to S: the walk itself faults (access). */
    pmp_set(0, PMP_NAPOT, napot(root, 0x1000));
    expect_load("root table denied by PMP", va + 8, 8, EXC_LOAD_ACCESS,
                va + 8);
    expect_store("root table denied by PMP", va + 8, 8, 0, EXC_STORE_ACCESS,
                 va + 8);
    expect_fetch("root table denied by PMP", va, EXC_INSN_ACCESS, 0);
    /* Readable but not writable table: A/D update is a store access. */
    map(va, DATA + 0x6000, 0, PTE_V | PTE_R | PTE_W);
    pmp_set(0, PMP_NAPOT | PMP_R, napot(pte_addr(va, 0) & ~PAGE_MASK, 0x1000));
    expect_load("A update to a read-only table", va + 8, 8, EXC_LOAD_ACCESS,
                va + 8);
    CHECK((pte_of(va, 0) & PTE_A) == 0, "A not set when PMP forbids\n");

    /* M mode, locked entry denying exec. */
    pmp_allow_all();
    set_priv(PRV_M);
    pmp_set(0, PMP_NAPOT | PMP_R | PMP_W | PMP_L, napot(CODE, 0x1000));
    expect_fetch("M fetch from a locked R/W region", CODE, EXC_INSN_ACCESS,
                 0);
    expect_load("M load from a locked R/W region", CODE, 4, EXC_NONE,
                0x00150513);
    pmp_allow_all();
    set_priv(PRV_S);
}

int main(void)
{
    const char *err = NULL;
    mem = physmem_new(RAM_BASE, RAM_SIZE, &err);
    if (mem == NULL) {
        fprintf(stderr, "physmem_new: %s\n", err);
        return 2;
    }
    mem->mmio.read = mmio_read;
    mem->mmio.write = mmio_write;
    CpuPlatform plat = {.get_time = get_time, .opaque = NULL};
    h = cpu_new(mem, &plat, 0);

    test_bare();
    test_sv39_basic();
    test_superpages(SATP_MODE_SV39);
    test_superpages(SATP_MODE_SV48);
    test_sv48_unmapped_high();
    test_faults();
    test_crossing();
    test_code_pages();
    test_debug_translate();
    test_pmp_rules();
    test_pmp_mmu();

    cpu_free(h);
    physmem_free(mem);
    return unit_finish("test_mmu");
}
