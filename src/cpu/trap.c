/* Exceptions, interrupts and trap returns.
 * SPDX-License-Identifier: MIT */
#include "cpu/cpu_internal.h"

/* Delivers a trap; `cause` is the exception or interrupt number.  S and M
 * differ only in which registers and mstatus fields they use. */
static void take_trap(Hart *h, unsigned cause, bool interrupt, uint64_t tval,
                      uint64_t epc)
{
    uint64_t deleg = interrupt ? h->mideleg : h->medeleg;
    bool to_s = h->priv <= PRV_S && ((deleg >> cause) & 1);
    uint64_t tvec = to_s ? h->stvec : h->mtvec;
    uint64_t ie = to_s ? MSTATUS_SIE : MSTATUS_MIE;
    uint64_t pie = to_s ? MSTATUS_SPIE : MSTATUS_MPIE;
    uint64_t pp = to_s ? MSTATUS_SPP : MSTATUS_MPP;
    uint64_t s = h->mstatus & ~(pie | pp | ie);

    h->wfi = false;
    h->res_valid = false; /* traps kill the LR reservation, as in QEMU */
    *(to_s ? &h->scause : &h->mcause) =
        cause | (interrupt ? 1ULL << 63 : 0);
    *(to_s ? &h->sepc : &h->mepc) = epc;
    *(to_s ? &h->stval : &h->mtval) = tval;
    if (h->mstatus & ie) {
        s |= pie;
    }
    /* Previous privilege: SPP is one bit (S or U), MPP two. */
    s |= to_s ? (h->priv == PRV_S ? MSTATUS_SPP : 0)
              : (uint64_t)h->priv << 11;
    h->mstatus = s;
    h->priv = to_s ? PRV_S : PRV_M;
    h->pc = (tvec & ~3ULL) +
            (interrupt && (tvec & 3) == 1 ? 4ULL * cause : 0);
    mmu_update_context(h);
}

void cpu_raise_exception(Hart *h, int cause, uint64_t tval, uint64_t pc)
{
    ASSERT(cause >= 0 && cause < 64);
    take_trap(h, (unsigned)cause, false, tval, pc);
}

bool cpu_take_interrupt(Hart *h)
{
    /* Standard priority order: MEI, MSI, MTI, SEI, SSI, STI. */
    static const unsigned order[] = {IRQ_MEI, IRQ_MSI, IRQ_MTI,
                                     IRQ_SEI, IRQ_SSI, IRQ_STI};
    uint64_t pending = cpu_mip(h) & h->mie;
    uint64_t enabled = 0;
    if (likely(pending == 0)) {
        return false;
    }
    if (h->priv < PRV_M || (h->mstatus & MSTATUS_MIE)) {
        enabled = pending & ~h->mideleg;
    }
    if (enabled == 0 &&
        (h->priv < PRV_S ||
         (h->priv == PRV_S && (h->mstatus & MSTATUS_SIE)))) {
        enabled = pending & h->mideleg;
    }
    if (enabled == 0) {
        return false;
    }
    for (size_t i = 0; i < ARRAY_SIZE(order); i++) {
        if (enabled & (1ULL << order[i])) {
            take_trap(h, order[i], true, 0, h->pc);
            return true;
        }
    }
    /* Only the six standard interrupts can be pending. */
    base_panic(__FILE__, __LINE__, "unexpected interrupt set %llx",
               (unsigned long long)enabled);
}

void cpu_mret(Hart *h)
{
    uint64_t s = h->mstatus;
    unsigned mpp = (unsigned)((s & MSTATUS_MPP) >> 11);
    s &= ~(MSTATUS_MIE | MSTATUS_MPP);
    if (s & MSTATUS_MPIE) {
        s |= MSTATUS_MIE;
    }
    s |= MSTATUS_MPIE;
    if (mpp != PRV_M) {
        s &= ~MSTATUS_MPRV;
    }
    h->mstatus = s;
    h->priv = (uint8_t)mpp;
    h->pc = h->mepc;
    h->res_valid = false;
    mmu_update_context(h);
}

void cpu_sret(Hart *h)
{
    uint64_t s = h->mstatus;
    unsigned spp = (s & MSTATUS_SPP) ? PRV_S : PRV_U;
    s &= ~(MSTATUS_SIE | MSTATUS_SPP | MSTATUS_MPRV);
    if (s & MSTATUS_SPIE) {
        s |= MSTATUS_SIE;
    }
    s |= MSTATUS_SPIE;
    h->mstatus = s;
    h->priv = (uint8_t)spp;
    h->pc = h->sepc;
    h->res_valid = false;
    mmu_update_context(h);
}
