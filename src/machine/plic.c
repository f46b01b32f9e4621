/* SiFive PLIC (platform-level interrupt controller) as on QEMU virt.
 * SPDX-License-Identifier: MIT
 *
 * Register map (32-bit accesses only, like QEMU's sifive_plic):
 *   0x000000 + 4*s       priority of source s (0..7; 0 = never interrupts)
 *   0x001000 + 4*w       pending bits of sources 32w..32w+31 (read-only)
 *   0x002000 + 0x80*c    enable bits of context c, one word per 32 sources
 *   0x200000 + 0x1000*c  threshold of context c; +4 claim/complete
 * Context 2*h is hart h's M-mode external interrupt (MEIP), 2*h+1 its
 * S-mode one (SEIP), as QEMU virt wires them.
 *
 * Sources are level-triggered gateways (PLIC spec 1.0.0, "Interrupt
 * Gateways"): a raised line makes the source pending; a claim clears
 * pending and marks the source claimed (in service) until the matching
 * complete, after which a line still high pends again.  A line dropped
 * before the claim leaves the request pending (the handler then finds its
 * device idle), as on SiFive hardware and QEMU 7.2. */
#include "machine/machine_internal.h"

#include "machine/board.h"
#include "machine/fdt.h"

#include <stdio.h>
#include <stdlib.h>

#define PLIC_MAX_SOURCES 128 /* ids 0..127; id 0 means "no interrupt" */
#define PLIC_WORDS (PLIC_MAX_SOURCES / 32)
#define PLIC_CONTEXTS (2 * MACHINE_MAX_HARTS)
#define PLIC_PRIO_MASK 7u /* QEMU virt: 7 priority levels */

#define PLIC_PENDING 0x1000
#define PLIC_ENABLE 0x2000
#define PLIC_ENABLE_STRIDE 0x80
#define PLIC_CONTEXT 0x200000
#define PLIC_CONTEXT_STRIDE 0x1000

struct Plic {
    Machine *m;
    uint64_t base;
    unsigned nsources;  /* valid ids 1..nsources */
    unsigned ncontexts; /* 2 per hart */
    uint32_t priority[PLIC_MAX_SOURCES];
    uint32_t level[PLIC_WORDS];   /* current line levels */
    uint32_t pending[PLIC_WORDS];
    uint32_t claimed[PLIC_WORDS]; /* claimed, not yet completed */
    uint32_t enable[PLIC_CONTEXTS][PLIC_WORDS];
    uint32_t threshold[PLIC_CONTEXTS];
};

static bool bit(const uint32_t *words, unsigned i)
{
    return (words[i / 32] >> (i % 32)) & 1;
}

static void set_bit(uint32_t *words, unsigned i, bool on)
{
    if (on) {
        words[i / 32] |= 1u << (i % 32);
    } else {
        words[i / 32] &= ~(1u << (i % 32));
    }
}

/* Highest-priority source pending for context c and not in service,
 * ties to the lowest id; 0 if none has a priority above `floor`. */
static unsigned best_source(const Plic *p, unsigned c, uint32_t floor)
{
    unsigned best = 0;
    uint32_t best_prio = floor;
    for (unsigned w = 0; w < PLIC_WORDS; w++) {
        uint32_t cand = p->pending[w] & ~p->claimed[w] & p->enable[c][w];
        while (cand) {
            unsigned s = 32 * w + (unsigned)__builtin_ctz(cand);
            cand &= cand - 1;
            if (p->priority[s] > best_prio) {
                best = s;
                best_prio = p->priority[s];
            }
        }
    }
    return best;
}

/* Recomputes every hart's MEIP and SEIP. */
static void plic_update(Plic *p)
{
    for (unsigned c = 0; c < p->ncontexts; c++) {
        bool on = best_source(p, c, p->threshold[c]) != 0;
        uint64_t bitmask = (c & 1) ? MIP_SEIP : MIP_MEIP;
        cpu_set_irq_lines(p->m->harts[c / 2], bitmask, on ? bitmask : 0);
    }
}

void plic_set_irq(Plic *p, unsigned source, bool level)
{
    if (source == 0 || source > p->nsources ||
        bit(p->level, source) == level) {
        return;
    }
    set_bit(p->level, source, level);
    /* A source in service re-pends at completion if still high. */
    if (level && !bit(p->claimed, source)) {
        set_bit(p->pending, source, true);
        plic_update(p);
    }
}

static void plic_irq_set(void *opaque, unsigned n, bool level)
{
    plic_set_irq(opaque, n, level);
}

IrqLine plic_irq_line(Plic *p, unsigned source)
{
    return (IrqLine){.set = plic_irq_set, .opaque = p, .n = source};
}

static uint32_t claim(Plic *p, unsigned c)
{
    unsigned s = best_source(p, c, 0);
    if (s != 0) {
        set_bit(p->pending, s, false);
        set_bit(p->claimed, s, true);
        plic_update(p);
    }
    return s;
}

static void complete(Plic *p, unsigned c, uint32_t s)
{
    /* The spec ignores completions for sources the context has not
     * enabled; QEMU does not check.  Linux only completes what it
     * claimed, so both agree on every correct guest. */
    (void)c;
    if (s == 0 || s > p->nsources || !bit(p->claimed, s)) {
        return;
    }
    set_bit(p->claimed, s, false);
    if (bit(p->level, s)) {
        set_bit(p->pending, s, true);
    }
    plic_update(p);
}

static uint64_t plic_read(void *opaque, uint64_t off, unsigned size)
{
    Plic *p = opaque;
    (void)size;
    if (off < PLIC_PENDING) {
        unsigned s = (unsigned)(off / 4);
        return s <= p->nsources ? p->priority[s] : 0;
    }
    if (off < PLIC_ENABLE) {
        unsigned w = (unsigned)((off - PLIC_PENDING) / 4);
        return w < PLIC_WORDS ? p->pending[w] : 0;
    }
    if (off < PLIC_CONTEXT) {
        uint64_t c = (off - PLIC_ENABLE) / PLIC_ENABLE_STRIDE;
        uint64_t w = (off - PLIC_ENABLE) % PLIC_ENABLE_STRIDE / 4;
        return c < p->ncontexts && w < PLIC_WORDS ? p->enable[c][w] : 0;
    }
    uint64_t c = (off - PLIC_CONTEXT) / PLIC_CONTEXT_STRIDE;
    uint64_t reg = (off - PLIC_CONTEXT) % PLIC_CONTEXT_STRIDE;
    if (c >= p->ncontexts) {
        return 0;
    }
    if (reg == 0) {
        return p->threshold[c];
    }
    if (reg == 4) {
        return claim(p, (unsigned)c);
    }
    return 0;
}

static void plic_write(void *opaque, uint64_t off, uint64_t val,
                       unsigned size)
{
    Plic *p = opaque;
    uint32_t v = (uint32_t)val;
    (void)size;
    if (off < PLIC_PENDING) {
        unsigned s = (unsigned)(off / 4);
        if (s >= 1 && s <= p->nsources) {
            p->priority[s] = v & PLIC_PRIO_MASK;
            plic_update(p);
        }
        return;
    }
    if (off < PLIC_ENABLE) {
        return; /* pending bits are read-only */
    }
    if (off < PLIC_CONTEXT) {
        uint64_t c = (off - PLIC_ENABLE) / PLIC_ENABLE_STRIDE;
        uint64_t w = (off - PLIC_ENABLE) % PLIC_ENABLE_STRIDE / 4;
        if (c < p->ncontexts && w < PLIC_WORDS) {
            uint32_t valid = ~0u;
            for (unsigned b = 0; b < 32; b++) {
                unsigned s = 32 * (unsigned)w + b;
                if (s == 0 || s > p->nsources) {
                    valid &= ~(1u << b);
                }
            }
            p->enable[c][w] = v & valid;
            plic_update(p);
        }
        return;
    }
    uint64_t c = (off - PLIC_CONTEXT) / PLIC_CONTEXT_STRIDE;
    uint64_t reg = (off - PLIC_CONTEXT) % PLIC_CONTEXT_STRIDE;
    if (c >= p->ncontexts) {
        return;
    }
    if (reg == 0) {
        p->threshold[c] = v & PLIC_PRIO_MASK;
        plic_update(p);
    } else if (reg == 4) {
        complete(p, (unsigned)c, v);
    }
}

void plic_reset(Plic *p)
{
    memset(p->priority, 0, sizeof(p->priority));
    memset(p->pending, 0, sizeof(p->pending));
    memset(p->claimed, 0, sizeof(p->claimed));
    memset(p->enable, 0, sizeof(p->enable));
    memset(p->threshold, 0, sizeof(p->threshold));
    /* Line levels belong to the devices, which reset separately and
     * lower their lines; a line still high is pending again at once. */
    memcpy(p->pending, p->level, sizeof(p->pending));
    plic_update(p);
}

Plic *plic_new(Machine *m, uint64_t base, unsigned nsources)
{
    ASSERT(nsources < PLIC_MAX_SOURCES);
    Plic *p = base_alloc(sizeof(*p));
    memset(p, 0, sizeof(*p));
    p->m = m;
    p->base = base;
    p->nsources = nsources;
    p->ncontexts = 2 * m->nharts;
    BusDevice dev = {
        .name = "plic", .base = base, .size = VIRT_PLIC_SIZE,
        .sizes = BUS_SIZES_32, .read = plic_read, .write = plic_write,
        .opaque = p,
    };
    if (!bus_add(m->bus, &dev)) {
        free(p);
        return NULL;
    }
    return p;
}

void plic_free(Plic *p)
{
    free(p);
}

uint32_t plic_devtree(const Plic *p, DevTree *t,
                      const uint32_t *cpu_intc_phandles)
{
    enum { IRQ_CAUSE_S_EXT = 9, IRQ_CAUSE_M_EXT = 11 };
    static const char *const compat[] = {"sifive,plic-1.0.0", "riscv,plic0"};
    uint32_t cells[4 * MACHINE_MAX_HARTS];
    unsigned harts = p->ncontexts / 2;
    char path[64];

    for (unsigned h = 0; h < harts; h++) {
        cells[4 * h + 0] = cpu_intc_phandles[h];
        cells[4 * h + 1] = IRQ_CAUSE_M_EXT;
        cells[4 * h + 2] = cpu_intc_phandles[h];
        cells[4 * h + 3] = IRQ_CAUSE_S_EXT;
    }
    uint32_t phandle = devtree_new_phandle(t);
    snprintf(path, sizeof path, "/soc/plic@%llx",
             (unsigned long long)p->base);
    devtree_node(t, path);
    devtree_prop_u32(t, path, "#interrupt-cells", 1);
    devtree_prop_u32(t, path, "#address-cells", 0);
    devtree_prop_strs(t, path, "compatible", compat, 2);
    devtree_prop_empty(t, path, "interrupt-controller");
    devtree_prop_cells(t, path, "interrupts-extended", cells, 4 * harts);
    devtree_prop_reg(t, path, p->base, VIRT_PLIC_SIZE);
    devtree_prop_u32(t, path, "riscv,ndev", p->nsources);
    devtree_prop_u32(t, path, "phandle", phandle);
    return phandle;
}

uint64_t plic_state_hash(const Plic *p, uint64_t seed)
{
    uint64_t h = base_hash(seed, p->priority, sizeof p->priority);
    h = base_hash(h, p->level, sizeof p->level);
    h = base_hash(h, p->pending, sizeof p->pending);
    h = base_hash(h, p->claimed, sizeof p->claimed);
    h = base_hash(h, p->enable, sizeof p->enable);
    return base_hash(h, p->threshold, sizeof p->threshold);
}
