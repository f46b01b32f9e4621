/* Control and status registers: one table entry per CSR with its name,
 * an access predicate, and read/write functions.
 * SPDX-License-Identifier: MIT */
#include "cpu/cpu_internal.h"

#include <stdio.h>

enum {
    CSR_FFLAGS = 0x001, CSR_FRM = 0x002, CSR_FCSR = 0x003,
    CSR_SSTATUS = 0x100, CSR_SIE = 0x104, CSR_STVEC = 0x105,
    CSR_SCOUNTEREN = 0x106, CSR_SENVCFG = 0x10a, CSR_SSCRATCH = 0x140,
    CSR_SEPC = 0x141, CSR_SCAUSE = 0x142, CSR_STVAL = 0x143, CSR_SIP = 0x144,
    CSR_STIMECMP = 0x14d, CSR_SATP = 0x180,
    CSR_MSTATUS = 0x300, CSR_MISA = 0x301, CSR_MEDELEG = 0x302,
    CSR_MIDELEG = 0x303, CSR_MIE = 0x304, CSR_MTVEC = 0x305,
    CSR_MCOUNTEREN = 0x306, CSR_MENVCFG = 0x30a, CSR_MCOUNTINHIBIT = 0x320,
    CSR_MHPMEVENT3 = 0x323, CSR_MSCRATCH = 0x340, CSR_MEPC = 0x341,
    CSR_MCAUSE = 0x342, CSR_MTVAL = 0x343, CSR_MIP = 0x344,
    CSR_PMPCFG0 = 0x3a0, CSR_PMPADDR0 = 0x3b0,
    CSR_MCYCLE = 0xb00, CSR_MINSTRET = 0xb02, CSR_MHPMCOUNTER3 = 0xb03,
    CSR_CYCLE = 0xc00, CSR_TIME = 0xc01, CSR_INSTRET = 0xc02,
    CSR_HPMCOUNTER3 = 0xc03,
    CSR_MVENDORID = 0xf11, CSR_MARCHID = 0xf12, CSR_MIMPID = 0xf13,
    CSR_MHARTID = 0xf14, CSR_MCONFIGPTR = 0xf15,
};

#define SSTATUS_MASK                                                         \
    (MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_FS | MSTATUS_SUM |   \
     MSTATUS_MXR)
#define MSTATUS_WRITABLE                                                     \
    (SSTATUS_MASK | MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP |               \
     MSTATUS_MPRV | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR)
#define MIP_S_MASK (MIP_SSIP | MIP_STIP | MIP_SEIP)
#define MIE_MASK (MIP_S_MASK | MIP_MSIP | MIP_MTIP | MIP_MEIP)
/* Exceptions QEMU lets M-mode delegate: 0-9, 11, 12, 13, 15. */
#define MEDELEG_MASK 0xbbffULL
#define COUNTEREN_CY 1u
#define COUNTEREN_TM 2u
#define COUNTEREN_IR 4u

typedef struct CsrDef {
    const char *name;
    /* Extra access condition beyond the privilege encoded in the number. */
    bool (*allowed)(const Hart *h, unsigned csr);
    uint64_t (*read)(Hart *h, unsigned csr);
    /* NULL for read-only CSRs; sets *exit when the write can change
     * pending interrupts, timers or translation. */
    void (*write)(Hart *h, unsigned csr, uint64_t v, bool *exit);
} CsrDef;

static CsrDef csr_table[4096];
static char csr_names[3][29][16]; /* generated names of numbered ranges */

/* ---- counters ---------------------------------------------------------- */

static uint64_t icount_now(const Hart *h)
{
    return h->icount + h->insn_index;
}

static uint64_t read_counter(Hart *h, unsigned csr)
{
    bool cycle = (csr & 0xff) == 0;
    unsigned inhibit_bit = cycle ? COUNTEREN_CY : COUNTEREN_IR;
    if (h->mcountinhibit & inhibit_bit) {
        return cycle ? h->mcycle_offset : h->minstret_offset;
    }
    return icount_now(h) + (cycle ? h->mcycle_offset : h->minstret_offset);
}

/* Counter writes take effect after the writing instruction retires. */
static void write_counter(Hart *h, unsigned csr, uint64_t v, bool *exit)
{
    bool cycle = (csr & 0xff) == 0;
    unsigned inhibit_bit = cycle ? COUNTEREN_CY : COUNTEREN_IR;
    uint64_t value = (h->mcountinhibit & inhibit_bit)
                         ? v
                         : v - (icount_now(h) + 1);
    (void)exit;
    if (cycle) {
        h->mcycle_offset = value;
    } else {
        h->minstret_offset = value;
    }
}

/* While inhibited, the offset field holds the frozen counter value. */
static void write_mcountinhibit(Hart *h, unsigned csr, uint64_t v,
                                bool *exit)
{
    uint32_t old = h->mcountinhibit, nv = (uint32_t)v & ~COUNTEREN_TM;
    uint64_t now = icount_now(h);
    (void)csr;
    (void)exit;
    if ((old ^ nv) & COUNTEREN_CY) {
        h->mcycle_offset = (nv & COUNTEREN_CY) ? now + h->mcycle_offset
                                               : h->mcycle_offset - now;
    }
    if ((old ^ nv) & COUNTEREN_IR) {
        h->minstret_offset = (nv & COUNTEREN_IR)
                                 ? now + h->minstret_offset
                                 : h->minstret_offset - now;
    }
    h->mcountinhibit = nv;
}

static uint64_t read_time(Hart *h, unsigned csr)
{
    (void)csr;
    return h->plat.get_time(h->plat.opaque, h);
}

static uint64_t read_zero(Hart *h, unsigned csr)
{
    (void)h;
    (void)csr;
    return 0;
}

static void write_ignore(Hart *h, unsigned csr, uint64_t v, bool *exit)
{
    (void)h;
    (void)csr;
    (void)v;
    (void)exit;
}

/* cycle/time/instret/hpmcounterN from S and U, gated by counteren. */
static bool counter_allowed(const Hart *h, unsigned csr)
{
    uint32_t bit = 1u << (csr & 31);
    if (h->priv == PRV_M) {
        return true;
    }
    if (!(h->mcounteren & bit)) {
        return false;
    }
    return h->priv == PRV_S || (h->scounteren & bit);
}

/* ---- floating point ------------------------------------------------------ */

static bool fp_allowed(const Hart *h, unsigned csr)
{
    (void)csr;
    return (h->mstatus & MSTATUS_FS) != 0;
}

static uint64_t read_fp(Hart *h, unsigned csr)
{
    switch (csr) {
    case CSR_FFLAGS:
        return h->fflags;
    case CSR_FRM:
        return h->frm;
    default:
        return h->fflags | ((uint64_t)h->frm << 5);
    }
}

static void write_fp(Hart *h, unsigned csr, uint64_t v, bool *exit)
{
    (void)exit;
    switch (csr) {
    case CSR_FFLAGS:
        h->fflags = v & 0x1f;
        break;
    case CSR_FRM:
        h->frm = v & 7;
        break;
    default:
        h->fflags = v & 0x1f;
        h->frm = (v >> 5) & 7;
        break;
    }
    h->mstatus |= MSTATUS_FS;
}

/* ---- status and interrupts -------------------------------------------- */

static void set_mstatus(Hart *h, uint64_t nv, bool *exit)
{
    uint64_t old = h->mstatus;
    if ((nv & MSTATUS_MPP) == (2ULL << 11)) {
        nv = (nv & ~MSTATUS_MPP) | (old & MSTATUS_MPP); /* reserved value */
    }
    h->mstatus = nv;
    if ((old ^ nv) & MSTATUS_MXR) {
        mmu_flush_all(h);
    }
    mmu_update_context(h);
    *exit = true;
}

static uint64_t read_mstatus(Hart *h, unsigned csr)
{
    (void)csr;
    return cpu_mstatus_read(h);
}

static void write_mstatus(Hart *h, unsigned csr, uint64_t v, bool *exit)
{
    (void)csr;
    set_mstatus(h, (h->mstatus & ~MSTATUS_WRITABLE) | (v & MSTATUS_WRITABLE),
                exit);
}

static uint64_t read_sstatus(Hart *h, unsigned csr)
{
    (void)csr;
    return cpu_mstatus_read(h) &
           (SSTATUS_MASK | MSTATUS_XS | MSTATUS_UXL | MSTATUS_SD);
}

static void write_sstatus(Hart *h, unsigned csr, uint64_t v, bool *exit)
{
    (void)csr;
    set_mstatus(h, (h->mstatus & ~SSTATUS_MASK) | (v & SSTATUS_MASK), exit);
}

static uint64_t read_mip(Hart *h, unsigned csr)
{
    (void)csr;
    return cpu_mip(h);
}

/* STIP is writable by M-mode only while Sstc does not drive it. */
static uint64_t mip_writable(const Hart *h)
{
    uint64_t m = MIP_S_MASK;
    if (h->menvcfg & MENVCFG_STCE) {
        m &= ~MIP_STIP;
    }
    return m;
}

static void write_mip(Hart *h, unsigned csr, uint64_t v, bool *exit)
{
    uint64_t m = mip_writable(h);
    (void)csr;
    h->mip_sw = (h->mip_sw & ~m) | (v & m);
    *exit = true;
}

static uint64_t read_sip(Hart *h, unsigned csr)
{
    (void)csr;
    return cpu_mip(h) & h->mideleg;
}

static void write_sip(Hart *h, unsigned csr, uint64_t v, bool *exit)
{
    uint64_t m = MIP_SSIP & h->mideleg;
    (void)csr;
    h->mip_sw = (h->mip_sw & ~m) | (v & m);
    *exit = true;
}

static uint64_t read_sie(Hart *h, unsigned csr)
{
    (void)csr;
    return h->mie & h->mideleg;
}

static void write_sie(Hart *h, unsigned csr, uint64_t v, bool *exit)
{
    uint64_t m = h->mideleg & MIP_S_MASK;
    (void)csr;
    h->mie = (h->mie & ~m) | (v & m);
    *exit = true;
}

static void write_mie(Hart *h, unsigned csr, uint64_t v, bool *exit)
{
    (void)csr;
    h->mie = v & MIE_MASK;
    *exit = true;
}

static void write_mideleg(Hart *h, unsigned csr, uint64_t v, bool *exit)
{
    (void)csr;
    h->mideleg = v & MIP_S_MASK;
    *exit = true;
}

static void write_medeleg(Hart *h, unsigned csr, uint64_t v, bool *exit)
{
    (void)csr;
    (void)exit;
    h->medeleg = v & MEDELEG_MASK;
}

/* ---- plain registers ---------------------------------------------------- */

/* Field of the hart that a simple CSR is stored in. */
static uint64_t *simple_field(Hart *h, unsigned csr)
{
    switch (csr) {
    case CSR_MSCRATCH: return &h->mscratch;
    case CSR_MEPC: return &h->mepc;
    case CSR_MCAUSE: return &h->mcause;
    case CSR_MTVAL: return &h->mtval;
    case CSR_MTVEC: return &h->mtvec;
    case CSR_MEDELEG: return &h->medeleg;
    case CSR_MIDELEG: return &h->mideleg;
    case CSR_MIE: return &h->mie;
    case CSR_MENVCFG: return &h->menvcfg;
    case CSR_SSCRATCH: return &h->sscratch;
    case CSR_SEPC: return &h->sepc;
    case CSR_SCAUSE: return &h->scause;
    case CSR_STVAL: return &h->stval;
    case CSR_STVEC: return &h->stvec;
    case CSR_SATP: return &h->satp;
    case CSR_SENVCFG: return &h->senvcfg;
    case CSR_STIMECMP: return &h->stimecmp;
    default:
        base_panic(__FILE__, __LINE__, "CSR 0x%03x has no field", csr);
    }
}

static uint64_t read_simple(Hart *h, unsigned csr)
{
    return *simple_field(h, csr);
}

static void write_simple(Hart *h, unsigned csr, uint64_t v, bool *exit)
{
    (void)exit;
    *simple_field(h, csr) = v;
}

static void write_epc(Hart *h, unsigned csr, uint64_t v, bool *exit)
{
    write_simple(h, csr, v & ~1ULL, exit);
}

/* Trap vectors: modes 2 and 3 are reserved, such writes are ignored. */
static void write_tvec(Hart *h, unsigned csr, uint64_t v, bool *exit)
{
    if ((v & 3) < 2) {
        write_simple(h, csr, v, exit);
    }
}

static uint64_t read_counteren(Hart *h, unsigned csr)
{
    return csr == CSR_MCOUNTEREN ? h->mcounteren : h->scounteren;
}

static void write_counteren(Hart *h, unsigned csr, uint64_t v, bool *exit)
{
    (void)exit;
    if (csr == CSR_MCOUNTEREN) {
        h->mcounteren = (uint32_t)v;
    } else {
        h->scounteren = (uint32_t)v;
    }
}

static uint64_t read_mcountinhibit(Hart *h, unsigned csr)
{
    (void)csr;
    return h->mcountinhibit;
}

static void write_menvcfg(Hart *h, unsigned csr, uint64_t v, bool *exit)
{
    (void)csr;
    h->menvcfg = v & (MENVCFG_FIOM | MENVCFG_STCE);
    cpu_update_sstc(h, h->plat.get_time(h->plat.opaque, h));
    *exit = true;
}

static void write_senvcfg(Hart *h, unsigned csr, uint64_t v, bool *exit)
{
    (void)csr;
    (void)exit;
    h->senvcfg = v & MENVCFG_FIOM;
}

static bool satp_allowed(const Hart *h, unsigned csr)
{
    (void)csr;
    return !(h->priv == PRV_S && (h->mstatus & MSTATUS_TVM));
}

static void write_satp(Hart *h, unsigned csr, uint64_t v, bool *exit)
{
    unsigned mode = (unsigned)(v >> 60);
    (void)csr;
    if (mode != SATP_MODE_BARE && mode != SATP_MODE_SV39 &&
        mode != SATP_MODE_SV48) {
        return; /* unsupported modes leave satp unchanged (WARL) */
    }
    h->satp = v & ((0xfULL << 60) | (0xffffULL << 44) | ((1ULL << 44) - 1));
    mmu_flush_all(h);
    *exit = true;
}

/* Sstc: S-mode access needs menvcfg.STCE and mcounteren.TM. */
static bool stimecmp_allowed(const Hart *h, unsigned csr)
{
    (void)csr;
    return h->priv == PRV_M || ((h->menvcfg & MENVCFG_STCE) &&
                                (h->mcounteren & COUNTEREN_TM));
}

static void write_stimecmp(Hart *h, unsigned csr, uint64_t v, bool *exit)
{
    (void)csr;
    h->stimecmp = v;
    cpu_update_sstc(h, h->plat.get_time(h->plat.opaque, h));
    *exit = true;
}

static uint64_t read_misa(Hart *h, unsigned csr)
{
    (void)csr;
    return h->misa;
}

static uint64_t read_mhartid(Hart *h, unsigned csr)
{
    (void)csr;
    return h->hartid;
}

/* ---- PMP ------------------------------------------------------------- */

static bool pmpcfg_allowed(const Hart *h, unsigned csr)
{
    (void)h;
    return (csr & 1) == 0; /* RV64 has only the even pmpcfg registers */
}

static uint64_t read_pmpcfg(Hart *h, unsigned csr)
{
    unsigned first = (csr - CSR_PMPCFG0) * 4;
    uint64_t v = 0;
    for (unsigned i = 0; i < 8; i++) {
        v |= (uint64_t)h->pmpcfg[first + i] << (8 * i);
    }
    return v;
}

static void write_pmpcfg(Hart *h, unsigned csr, uint64_t v, bool *exit)
{
    unsigned first = (csr - CSR_PMPCFG0) * 4;
    for (unsigned i = 0; i < 8; i++) {
        if (!(h->pmpcfg[first + i] & 0x80)) {
            h->pmpcfg[first + i] = (uint8_t)((v >> (8 * i)) & 0x9f);
        }
    }
    pmp_update(h);
    mmu_flush_all(h);
    *exit = true;
}

static uint64_t read_pmpaddr(Hart *h, unsigned csr)
{
    return h->pmpaddr[csr - CSR_PMPADDR0];
}

static void write_pmpaddr(Hart *h, unsigned csr, uint64_t v, bool *exit)
{
    unsigned i = csr - CSR_PMPADDR0;
    bool locked = h->pmpcfg[i] & 0x80;
    /* A locked TOR entry also locks the address below it. */
    if (i + 1 < 16 && (h->pmpcfg[i + 1] & 0x80) &&
        ((h->pmpcfg[i + 1] >> 3) & 3) == 1) {
        locked = true;
    }
    if (!locked) {
        h->pmpaddr[i] = v & ((1ULL << 54) - 1);
        pmp_update(h);
        mmu_flush_all(h);
        *exit = true;
    }
}

/* ---- table ------------------------------------------------------------ */

static void def(unsigned num, const char *name,
                bool (*allowed)(const Hart *, unsigned),
                uint64_t (*read)(Hart *, unsigned),
                void (*write)(Hart *, unsigned, uint64_t, bool *))
{
    csr_table[num] = (CsrDef){
        .name = name, .allowed = allowed, .read = read, .write = write};
}

static void csr_table_init(void)
{
    def(CSR_FFLAGS, "fflags", fp_allowed, read_fp, write_fp);
    def(CSR_FRM, "frm", fp_allowed, read_fp, write_fp);
    def(CSR_FCSR, "fcsr", fp_allowed, read_fp, write_fp);
    def(CSR_CYCLE, "cycle", counter_allowed, read_counter, NULL);
    def(CSR_TIME, "time", counter_allowed, read_time, NULL);
    def(CSR_INSTRET, "instret", counter_allowed, read_counter, NULL);

    def(CSR_SSTATUS, "sstatus", NULL, read_sstatus, write_sstatus);
    def(CSR_SIE, "sie", NULL, read_sie, write_sie);
    def(CSR_STVEC, "stvec", NULL, read_simple, write_tvec);
    def(CSR_SCOUNTEREN, "scounteren", NULL, read_counteren,
        write_counteren);
    def(CSR_SENVCFG, "senvcfg", NULL, read_simple, write_senvcfg);
    def(CSR_SSCRATCH, "sscratch", NULL, read_simple, write_simple);
    def(CSR_SEPC, "sepc", NULL, read_simple, write_epc);
    def(CSR_SCAUSE, "scause", NULL, read_simple, write_simple);
    def(CSR_STVAL, "stval", NULL, read_simple, write_simple);
    def(CSR_SIP, "sip", NULL, read_sip, write_sip);
    def(CSR_STIMECMP, "stimecmp", stimecmp_allowed, read_simple,
        write_stimecmp);
    def(CSR_SATP, "satp", satp_allowed, read_simple, write_satp);

    def(CSR_MVENDORID, "mvendorid", NULL, read_zero, NULL);
    def(CSR_MARCHID, "marchid", NULL, read_zero, NULL);
    def(CSR_MIMPID, "mimpid", NULL, read_zero, NULL);
    def(CSR_MHARTID, "mhartid", NULL, read_mhartid, NULL);
    def(CSR_MCONFIGPTR, "mconfigptr", NULL, read_zero, NULL);
    def(CSR_MSTATUS, "mstatus", NULL, read_mstatus, write_mstatus);
    def(CSR_MISA, "misa", NULL, read_misa, write_ignore);
    def(CSR_MEDELEG, "medeleg", NULL, read_simple, write_medeleg);
    def(CSR_MIDELEG, "mideleg", NULL, read_simple, write_mideleg);
    def(CSR_MIE, "mie", NULL, read_simple, write_mie);
    def(CSR_MTVEC, "mtvec", NULL, read_simple, write_tvec);
    def(CSR_MCOUNTEREN, "mcounteren", NULL, read_counteren,
        write_counteren);
    def(CSR_MENVCFG, "menvcfg", NULL, read_simple, write_menvcfg);
    def(CSR_MCOUNTINHIBIT, "mcountinhibit", NULL, read_mcountinhibit,
        write_mcountinhibit);
    def(CSR_MSCRATCH, "mscratch", NULL, read_simple, write_simple);
    def(CSR_MEPC, "mepc", NULL, read_simple, write_epc);
    def(CSR_MCAUSE, "mcause", NULL, read_simple, write_simple);
    def(CSR_MTVAL, "mtval", NULL, read_simple, write_simple);
    def(CSR_MIP, "mip", NULL, read_mip, write_mip);
    def(CSR_MCYCLE, "mcycle", NULL, read_counter, write_counter);
    def(CSR_MINSTRET, "minstret", NULL, read_counter, write_counter);

    static char pmp_names[4 + 16][12];
    for (unsigned i = 0; i < 4; i++) {
        snprintf(pmp_names[i], sizeof pmp_names[i], "pmpcfg%u", i);
        def(CSR_PMPCFG0 + i, pmp_names[i], pmpcfg_allowed, read_pmpcfg,
            write_pmpcfg);
    }
    for (unsigned i = 0; i < 16; i++) {
        snprintf(pmp_names[4 + i], sizeof pmp_names[4 + i], "pmpaddr%u", i);
        def(CSR_PMPADDR0 + i, pmp_names[4 + i], NULL, read_pmpaddr,
            write_pmpaddr);
    }
    /* Performance counters 3..31 exist but count nothing (read-only 0 is
     * a legal implementation; OpenSBI probes and finds none usable). */
    for (unsigned i = 3; i < 32; i++) {
        char(*n)[16] = &csr_names[0][i - 3];
        snprintf(*n, sizeof *n, "hpmcounter%u", i);
        def(CSR_HPMCOUNTER3 + i - 3, *n, counter_allowed, read_zero, NULL);
        n = &csr_names[1][i - 3];
        snprintf(*n, sizeof *n, "mhpmcounter%u", i);
        def(CSR_MHPMCOUNTER3 + i - 3, *n, NULL, read_zero, write_ignore);
        n = &csr_names[2][i - 3];
        snprintf(*n, sizeof *n, "mhpmevent%u", i);
        def(CSR_MHPMEVENT3 + i - 3, *n, NULL, read_zero, write_ignore);
    }
}

static const CsrDef *lookup(unsigned csr)
{
    if (csr_table[CSR_MSTATUS].read == NULL) {
        csr_table_init();
    }
    return csr < 4096 && csr_table[csr].read ? &csr_table[csr] : NULL;
}

uint64_t csr_rmw_base(const Hart *h, unsigned csr, uint64_t read)
{
    if (csr == CSR_MIP) {
        return (read & ~MIP_SEIP) | (h->mip_sw & MIP_SEIP);
    }
    return read;
}

bool csr_accessible(const Hart *h, unsigned csr, bool write)
{
    const CsrDef *d = lookup(csr);
    if (d == NULL || ((csr >> 8) & 3) > h->priv) {
        return false;
    }
    if (write && ((csr >> 10) == 3 || d->write == NULL)) {
        return false;
    }
    return d->allowed == NULL || d->allowed(h, csr);
}

int csr_read(Hart *h, unsigned csr, uint64_t *val)
{
    const CsrDef *d = lookup(csr);
    if (d == NULL) {
        return EXC_ILLEGAL;
    }
    *val = d->read(h, csr);
    return EXC_NONE;
}

int csr_write(Hart *h, unsigned csr, uint64_t val, bool *exit)
{
    const CsrDef *d = lookup(csr);
    if (d == NULL || d->write == NULL) {
        return EXC_ILLEGAL;
    }
    d->write(h, csr, val, exit);
    return EXC_NONE;
}

const char *csr_name(unsigned csr)
{
    const CsrDef *d = lookup(csr);
    return d ? d->name : NULL;
}
