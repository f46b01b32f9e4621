/* Hart creation, reset and the accessors used outside src/cpu.
 * SPDX-License-Identifier: MIT */
#include "cpu/cpu_internal.h"

#include <stdlib.h>

/* misa: RV64 with A, C, D, F, I, M, S, U. */
#define MISA_VALUE                                                           \
    ((2ULL << 62) | (1u << 0) | (1u << 2) | (1u << 3) | (1u << 5) |          \
     (1u << 8) | (1u << 12) | (1u << 18) | (1u << 20))

Hart *cpu_new(PhysMem *mem, const CpuPlatform *plat, unsigned hartid)
{
    Hart *h = base_alloc(sizeof(*h));
    cpu_exec_init();
    h->mem = mem;
    h->plat = *plat;
    h->hartid = hartid;
    h->ram_host_minus_base = (uintptr_t)mem->ram - (uintptr_t)mem->ram_base;
    h->scratch = base_alloc(sizeof(Block) + 2 * sizeof(DecodedInsn));
    physmem_add_hart(mem, h);
    cpu_reset(h, 0);
    return h;
}

void cpu_free(Hart *h)
{
    if (h) {
        free(h->scratch);
        free(h);
    }
}

void cpu_reset(Hart *h, uint64_t pc)
{
    memset(h->x, 0, sizeof(h->x));
    memset(h->f, 0, sizeof(h->f));
    h->pc = pc;
    h->priv = PRV_M;
    h->wfi = false;
    h->misa = MISA_VALUE;
    h->mstatus = (2ULL << 32) | (2ULL << 34); /* UXL = SXL = 64 */
    h->medeleg = h->mideleg = h->mie = h->mip_sw = h->mip_hw = 0;
    h->mtvec = h->mscratch = h->mepc = h->mcause = h->mtval = 0;
    h->stvec = h->sscratch = h->sepc = h->scause = h->stval = h->satp = 0;
    h->mcounteren = h->scounteren = h->mcountinhibit = 0;
    h->menvcfg = h->senvcfg = 0;
    h->stimecmp = UINT64_MAX;
    h->mcycle_offset = (uint64_t)0 - h->icount;
    h->minstret_offset = (uint64_t)0 - h->icount;
    h->fflags = 0;
    h->frm = 0;
    memset(h->pmpcfg, 0, sizeof(h->pmpcfg));
    memset(h->pmpaddr, 0, sizeof(h->pmpaddr));
    pmp_update(h);
    h->res_valid = false;
    mmu_flush_all(h);
    memset(h->jc, 0, sizeof(h->jc));
    mmu_update_context(h);
}

void cpu_set_trace(Hart *h, CpuTraceFn fn, void *opaque)
{
    h->trace_fn = fn;
    h->trace_opaque = opaque;
}

uint64_t cpu_icount(const Hart *h)
{
    return h->icount + h->insn_index;
}

void cpu_set_irq_lines(Hart *h, uint64_t mask, uint64_t value)
{
    h->mip_hw = (h->mip_hw & ~mask) | (value & mask);
}

bool cpu_is_waiting(const Hart *h)
{
    return h->wfi && (cpu_mip(h) & h->mie) == 0;
}

void cpu_request_exit(Hart *h)
{
    h->exit_request = true;
}

uint64_t cpu_stimecmp_deadline(const Hart *h)
{
    return (h->menvcfg & MENVCFG_STCE) ? h->stimecmp : UINT64_MAX;
}

void cpu_update_sstc(Hart *h, uint64_t mtime)
{
    if (h->menvcfg & MENVCFG_STCE) {
        cpu_set_irq_lines(h, MIP_STIP, mtime >= h->stimecmp ? MIP_STIP : 0);
    } else {
        cpu_set_irq_lines(h, MIP_STIP, 0);
    }
}

uint64_t cpu_get_pc(const Hart *h) { return h->pc; }
void cpu_set_pc(Hart *h, uint64_t pc) { h->pc = pc; }
unsigned cpu_get_priv(const Hart *h) { return h->priv; }
unsigned cpu_hartid(const Hart *h) { return h->hartid; }

uint64_t cpu_get_xreg(const Hart *h, unsigned r)
{
    return r > 0 && r < 32 ? h->x[r] : 0;
}

void cpu_set_xreg(Hart *h, unsigned r, uint64_t v)
{
    if (r > 0 && r < 32) {
        h->x[r] = v;
    }
}

uint64_t cpu_get_freg(const Hart *h, unsigned r)
{
    return r < 32 ? h->f[r] : 0;
}

void cpu_set_freg(Hart *h, unsigned r, uint64_t v)
{
    if (r < 32) {
        h->f[r] = v;
    }
}

bool cpu_debug_csr_read(Hart *h, unsigned csr, uint64_t *val)
{
    return csr_read(h, csr, val) == EXC_NONE;
}

bool cpu_debug_csr_write(Hart *h, unsigned csr, uint64_t val)
{
    bool exit = false;
    return csr_write(h, csr, val, &exit) == EXC_NONE;
}

uint64_t cpu_state_hash(const Hart *h)
{
    uint64_t s = base_hash(0, h->x, 32 * sizeof(uint64_t));
    uint64_t csrs[] = {
        h->pc,       h->priv,      h->mstatus,  h->medeleg,  h->mideleg,
        h->mie,      cpu_mip(h),   h->mtvec,    h->mscratch, h->mepc,
        h->mcause,   h->mtval,     h->stvec,    h->sscratch, h->sepc,
        h->scause,   h->stval,     h->satp,     h->fflags,   h->frm,
        h->stimecmp, h->menvcfg,   h->icount,
    };
    s = base_hash(s, h->f, sizeof(h->f));
    return base_hash(s, csrs, sizeof(csrs));
}
