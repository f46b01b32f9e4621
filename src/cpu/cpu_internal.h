/* Hart state and helpers shared by the files of src/cpu only.
 * SPDX-License-Identifier: MIT */
#ifndef CPU_INTERNAL_H
#define CPU_INTERNAL_H

#include "cpu/cpu.h"
#include "cpu/decode.h"
#include "cpu/physmem.h"

/* ---- software TLB ----------------------------------------------------- */

#define TLB_BITS 8
#define TLB_SIZE (1u << TLB_BITS)
#define TLB_INVALID_TAG (~0ULL) /* never equal to a page-aligned address */

/* One cached translation: host address = va + addend.  Entries exist only
 * for whole RAM pages whose permission is uniform over the page. */
typedef struct TlbEntry {
    uint64_t tag;     /* virtual page address, or TLB_INVALID_TAG */
    uintptr_t addend; /* host pointer minus guest virtual address */
} TlbEntry;

/* Translation contexts; each has its own TLBs so that privilege switches
 * (every trap and return) cost nothing. */
enum {
    MMU_M = 0,     /* machine mode: no translation */
    MMU_S = 1,     /* supervisor, SUM = 0 */
    MMU_S_SUM = 2, /* supervisor, SUM = 1 */
    MMU_U = 3,     /* user */
    MMU_COUNT = 4,
};

enum { ACC_READ = 0, ACC_WRITE = 1, ACC_EXEC = 2, ACC_COUNT = 3 };

/* ---- exception causes ------------------------------------------------- */

enum {
    EXC_NONE = -1,
    EXC_INSN_MISALIGNED = 0,
    EXC_INSN_ACCESS = 1,
    EXC_ILLEGAL = 2,
    EXC_BREAKPOINT = 3,
    EXC_LOAD_MISALIGNED = 4,
    EXC_LOAD_ACCESS = 5,
    EXC_STORE_MISALIGNED = 6,
    EXC_STORE_ACCESS = 7,
    EXC_ECALL_U = 8,
    EXC_ECALL_S = 9,
    EXC_ECALL_M = 11,
    EXC_INSN_PAGE = 12,
    EXC_LOAD_PAGE = 13,
    EXC_STORE_PAGE = 15,
};

/* ---- mstatus ---------------------------------------------------------- */

#define MSTATUS_SIE (1ULL << 1)
#define MSTATUS_MIE (1ULL << 3)
#define MSTATUS_SPIE (1ULL << 5)
#define MSTATUS_UBE (1ULL << 6)
#define MSTATUS_MPIE (1ULL << 7)
#define MSTATUS_SPP (1ULL << 8)
#define MSTATUS_MPP (3ULL << 11)
#define MSTATUS_FS (3ULL << 13)
#define MSTATUS_XS (3ULL << 15)
#define MSTATUS_MPRV (1ULL << 17)
#define MSTATUS_SUM (1ULL << 18)
#define MSTATUS_MXR (1ULL << 19)
#define MSTATUS_TVM (1ULL << 20)
#define MSTATUS_TW (1ULL << 21)
#define MSTATUS_TSR (1ULL << 22)
#define MSTATUS_UXL (3ULL << 32)
#define MSTATUS_SXL (3ULL << 34)
#define MSTATUS_SD (1ULL << 63)

#define SATP_MODE_BARE 0
#define SATP_MODE_SV39 8
#define SATP_MODE_SV48 9

#define MENVCFG_STCE (1ULL << 63)
#define MENVCFG_FIOM 1ULL

/* ---- translated blocks ------------------------------------------------ */

#define BLOCK_MAX_INSNS 64

typedef struct Block Block;
struct Block {
    uint64_t vpc;      /* virtual address of the first instruction */
    uint64_t ppc;      /* physical address, or TLB_INVALID_TAG once dropped */
    Block *hash_next;  /* translation cache hash chain */
    Block *page_next;  /* blocks translated from the same physical page */
    Block *link[2];    /* chained successors on the same page:
                          [0] fall-through, [1] taken */
    uint32_t n;        /* instructions, not counting the END sentinel */
    bool cached;       /* false for the hart's one-off scratch blocks */
    DecodedInsn insns[]; /* n instructions followed by OP_END */
};

/* Jump cache: recently executed blocks per privilege, by virtual pc. */
#define JC_BITS 12
#define JC_SIZE (1u << JC_BITS)

/* ---- the hart --------------------------------------------------------- */

struct Hart {
    /* Hot state first. x[XREG_SINK] absorbs writes to x0. */
    uint64_t x[33];
    uint64_t f[32];
    uint64_t pc;
    uint64_t icount;     /* instructions retired by this hart */
    uint64_t budget_end; /* cpu_run stops when icount reaches this */
    uint32_t insn_index; /* instructions of the current block retired
                            before the one calling out (slow paths) */
    bool exit_request;   /* leave the run loop at the next boundary */
    uint8_t priv;
    bool wfi;            /* sleeping in WFI */
    const TlbEntry *tlb_r; /* current data-read TLB */
    const TlbEntry *tlb_w; /* current data-write TLB */
    const TlbEntry *tlb_x; /* current fetch TLB */
    uint8_t mmu_data, mmu_fetch; /* current translation contexts */
    uintptr_t ram_host_minus_base; /* host = pa + this, for RAM */

    /* Architectural CSR state. */
    uint64_t mstatus; /* without SD, which is derived */
    uint64_t misa;
    uint64_t medeleg, mideleg;
    uint64_t mie;
    uint64_t mip_sw;  /* software-writable pending bits (SSIP, STIP, SEIP) */
    uint64_t mip_hw;  /* lines driven by devices and Sstc (MSIP, MTIP,
                         MEIP, SEIP, STIP) */
    uint64_t mtvec, mscratch, mepc, mcause, mtval;
    uint64_t stvec, sscratch, sepc, scause, stval, satp;
    uint32_t mcounteren, scounteren, mcountinhibit;
    uint64_t menvcfg, senvcfg;
    uint64_t stimecmp;
    uint64_t mcycle_offset;   /* mcycle = icount + offset */
    uint64_t minstret_offset; /* minstret = icount + offset */
    uint32_t fflags;
    uint8_t frm;
    uint8_t pmpcfg[16];
    uint64_t pmpaddr[16];
    /* Decoded active PMP entries in priority order (pmp_update derives
     * them from pmpcfg/pmpaddr after every change). */
    struct {
        uint64_t lo, hi; /* inclusive */
        uint8_t cfg;
    } pmp_rules[16];
    uint8_t pmp_nrules;
    uint64_t tselect;
    unsigned hartid;

    /* LR/SC reservation (value-based, like QEMU: SC succeeds when the
     * reserved address still holds the value LR read). */
    bool res_valid;
    uint64_t res_addr;
    uint64_t res_value;

    /* Fault details for the slow paths. */
    uint64_t fault_tval;

    /* Environment. */
    PhysMem *mem;
    CpuPlatform plat;
    CpuTraceFn trace_fn;
    void *trace_opaque;

    /* Translation caches (not architectural, rebuilt on demand). */
    Block *jc[4][JC_SIZE];
    TlbEntry tlb[MMU_COUNT][ACC_COUNT][TLB_SIZE];
    /* Per context, the virtual range covered by superpage translations
     * cached as 4 KiB entries (empty when lo > hi): SFENCE.VMA of an
     * address inside it flushes the whole context. */
    uint64_t tlb_super_lo[MMU_COUNT], tlb_super_hi[MMU_COUNT];
    Block *scratch; /* one-off block for single steps and page-crossing
                       instructions: one instruction plus END */
};

/* ---- helpers used across src/cpu -------------------------------------- */

static inline uint64_t cpu_mstatus_read(const Hart *h)
{
    uint64_t s = h->mstatus;
    if ((s & MSTATUS_FS) == MSTATUS_FS || (s & MSTATUS_XS) == MSTATUS_XS) {
        s |= MSTATUS_SD;
    }
    return s;
}

static inline uint64_t cpu_mip(const Hart *h)
{
    return h->mip_sw | h->mip_hw;
}

/* Takes a synchronous exception at the instruction at `pc`. */
void cpu_raise_exception(Hart *h, int cause, uint64_t tval, uint64_t pc);
/* Takes the highest-priority pending, enabled interrupt; false if none. */
bool cpu_take_interrupt(Hart *h);
/* Returns from a trap (MRET/SRET semantics). */
void cpu_mret(Hart *h);
void cpu_sret(Hart *h);

/* CSR access with full privilege checks; return EXC_NONE or EXC_ILLEGAL.
 * `exit` is set when the write changes state that requires leaving the
 * translated block (interrupt enables, translation, timers). */
int csr_read(Hart *h, unsigned csr, uint64_t *val) MUST_CHECK;
int csr_write(Hart *h, unsigned csr, uint64_t val, bool *exit) MUST_CHECK;
/* The value a read-modify-write CSR instruction (CSRRS/CSRRC and their
 * immediate forms) modifies, given what it read: for mip the external
 * SEIP line is excluded, so setting SSIP cannot latch SEIP in software. */
uint64_t csr_rmw_base(const Hart *h, unsigned csr, uint64_t read);
/* Whether a CSR instruction at the current privilege may access csr. */
bool csr_accessible(const Hart *h, unsigned csr, bool write);
/* Name of a CSR, or NULL if it is not implemented. */
const char *csr_name(unsigned csr);

/* MMU (mmu.c). */
void mmu_update_context(Hart *h);
void mmu_flush_all(Hart *h);
void mmu_flush_va(Hart *h, uint64_t va);
void mmu_flush_write_page(Hart *h, uint64_t pa_page);
/* Slow paths: return EXC_NONE or a cause; fault address in h->fault_tval. */
int mmu_load_slow(Hart *h, uint64_t va, unsigned size, uint64_t *val)
    MUST_CHECK;
int mmu_store_slow(Hart *h, uint64_t va, unsigned size, uint64_t val)
    MUST_CHECK;
/* Atomic read-modify-write of an aligned word: op(old, operand) -> new.
 * Returns the old value in *old.  LR/SC use mmu_amo_translate. */
int mmu_amo_translate(Hart *h, uint64_t va, unsigned size, bool write,
                      uint8_t **host) MUST_CHECK;
/* Fetch translation: host pointer to the page holding va (RAM only). */
int mmu_fetch_translate(Hart *h, uint64_t va, uint8_t **host_page,
                        uint64_t *pa_page) MUST_CHECK;
/* Debugger access through the current page tables; false on failure. */
bool mmu_debug_translate(Hart *h, uint64_t va, uint64_t *pa);

/* PMP (pmp.c). */
/* Re-derives the active rules after pmpcfg/pmpaddr changed. */
void pmp_update(Hart *h);
bool pmp_check(const Hart *h, uint64_t pa, uint64_t len, int acc,
               unsigned priv);
/* True if the whole page has the same PMP verdict for (acc, priv). */
bool pmp_page_uniform(const Hart *h, uint64_t pa_page, int acc,
                      unsigned priv);

/* Translation cache (tcache.c). */
TCache *tcache_new(void);
void tcache_free(TCache *tc);
/* Looks up or translates the block at (vpc, ppc); host points at the
 * instruction's bytes.  May flush the whole cache first if it is full, in
 * which case *flushed is set (other Block pointers are then stale). */
Block *tcache_get(Hart *h, uint64_t vpc, uint64_t ppc, const uint8_t *host,
                  bool *flushed);
/* Drops every block translated from the physical page (pa >> 12). */
void tcache_invalidate_page(TCache *tc, PhysMem *m, uint64_t pa);
/* Interpreter handler addresses indexed by DecodeOp (exec.c). */
const void *const *cpu_exec_handler_table(void);
void cpu_exec_init(void);

/* FP helpers. */
static inline uint32_t fp_unbox32(uint64_t v)
{
    return (v >> 32) == 0xffffffffu ? (uint32_t)v : 0x7fc00000u;
}

static inline uint64_t fp_box32(uint32_t v)
{
    return 0xffffffff00000000ULL | v;
}

#endif
