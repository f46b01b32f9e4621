/* The virt machine: construction, the clock, and the deterministic run
 * loop that interleaves harts in fixed instruction quanta.
 * SPDX-License-Identifier: MIT */
#include "machine/machine_internal.h"

#include "machine/loader.h"

#include <stdlib.h>

uint64_t machine_vclock(const Machine *m)
{
    uint64_t v = m->icount + m->idle_insns;
    if (m->running) {
        v += cpu_icount(m->running) - m->slice_start;
    }
    return v;
}

uint64_t machine_mtime(const Machine *m)
{
    return machine_vclock(m) / MACHINE_INSNS_PER_TICK +
           (uint64_t)m->mtime_offset;
}

/* Instructions (of virtual clock) until mtime reaches `deadline`; 0 if it
 * already has, UINT64_MAX if never. */
static uint64_t insns_until(const Machine *m, uint64_t deadline)
{
    uint64_t now = machine_mtime(m);
    if (deadline <= now) {
        return 0;
    }
    uint64_t ticks = deadline - now;
    if (ticks > UINT64_MAX / MACHINE_INSNS_PER_TICK) {
        return UINT64_MAX;
    }
    /* Reaching the next tick boundary from the current sub-tick phase. */
    uint64_t phase = machine_vclock(m) % MACHINE_INSNS_PER_TICK;
    return ticks * MACHINE_INSNS_PER_TICK - phase;
}

/* Instructions until the next timed device event (UINT64_MAX if none). */
static uint64_t insns_until_device_event(const Machine *m)
{
    uint64_t at = board_next_event(m), now = machine_vclock(m);
    if (at == UINT64_MAX) {
        return UINT64_MAX;
    }
    return at > now ? at - now : 0;
}

static uint64_t hart_deadline(const Machine *m, unsigned i)
{
    uint64_t a = clint_deadline(m->clint, i);
    uint64_t b = cpu_stimecmp_deadline(m->harts[i]);
    return a < b ? a : b;
}

void machine_request_stop(Machine *m, MachineStop why, uint64_t code)
{
    if (m->stop == STOP_NONE) {
        m->stop = why;
        m->stop_code = code;
    }
    for (unsigned i = 0; i < m->nharts; i++) {
        cpu_request_exit(m->harts[i]);
    }
}

static uint64_t platform_time(void *opaque, Hart *h)
{
    (void)h;
    return machine_mtime(opaque);
}

static bool mmio_read(void *opaque, uint64_t pa, unsigned size, uint64_t *v)
{
    return bus_read(((Machine *)opaque)->bus, pa, size, v);
}

static bool mmio_write(void *opaque, uint64_t pa, unsigned size, uint64_t v)
{
    return bus_write(((Machine *)opaque)->bus, pa, size, v);
}

/* A store is about to hit the tohost page: leave the block right after it
 * so the run loop can look at the value. */
static void tohost_watch(void *opaque, uint64_t pa, uint64_t len)
{
    Machine *m = opaque;
    (void)pa;
    (void)len;
    if (m->running) {
        cpu_request_exit(m->running);
    }
}

static void check_tohost(Machine *m)
{
    uint64_t v;
    if (!m->has_tohost || !physmem_read(m->mem, m->tohost_addr, &v, 8) ||
        v == 0) {
        return;
    }
    if (v == 1) {
        machine_request_stop(m, STOP_PASS, 0);
    } else if (v & 1) {
        machine_request_stop(m, STOP_FAIL, v >> 1);
    }
}

Machine *machine_new(const MachineConfig *cfg, const char **err)
{
    Machine *m;
    if (cfg->harts < 1 || cfg->harts > MACHINE_MAX_HARTS) {
        *err = "the number of harts must be between 1 and 8";
        return NULL;
    }
    m = base_alloc(sizeof(*m));
    m->cfg = *cfg;
    m->mem = physmem_new(MACHINE_RAM_BASE, cfg->ram_size, err);
    if (m->mem == NULL) {
        free(m);
        return NULL;
    }
    m->mem->mmio = (PhysMmio){.read = mmio_read, .write = mmio_write,
                              .opaque = m};
    m->mem->watch = tohost_watch;
    m->mem->watch_opaque = m;
    m->bus = bus_new();
    CpuPlatform plat = {.get_time = platform_time, .opaque = m};
    for (unsigned i = 0; i < cfg->harts; i++) {
        m->harts[i] = cpu_new(m->mem, &plat, i);
    }
    m->nharts = cfg->harts;
    m->quantum_left = MACHINE_QUANTUM;
    board_init(m);
    return m;
}

void machine_free(Machine *m)
{
    if (m == NULL) {
        return;
    }
    board_free(m);
    for (unsigned i = 0; i < m->nharts; i++) {
        cpu_free(m->harts[i]);
    }
    bus_free(m->bus);
    physmem_free(m->mem);
    free(m);
}

void machine_reset(Machine *m)
{
    for (unsigned i = 0; i < m->nharts; i++) {
        cpu_reset(m->harts[i], MACHINE_RAM_BASE);
    }
    m->has_tohost = false;
    m->current = 0;
    m->quantum_left = MACHINE_QUANTUM;
    board_reset(m);
}

static bool all_harts_waiting(const Machine *m)
{
    for (unsigned i = 0; i < m->nharts; i++) {
        if (!cpu_is_waiting(m->harts[i])) {
            return false;
        }
    }
    return true;
}

typedef enum {
    IDLE_FOREVER,  /* nothing can ever wake a hart */
    IDLE_TO_TIMER, /* skipped all the way to the next timer or device event */
    IDLE_CUT,      /* ended early (live input arrived; a replay knows it
                      from its log) */
} IdleEnd;

/* Every hart waits: let the environment skip virtual time (and, live,
 * wait for the host). */
static IdleEnd idle(Machine *m)
{
    uint64_t skip = UINT64_MAX;
    for (unsigned i = 0; i < m->nharts; i++) {
        /* A timer that has fired without waking its hart is disabled. */
        uint64_t d = insns_until(m, hart_deadline(m, i));
        if (d > 0 && d < skip) {
            skip = d;
        }
    }
    uint64_t dev = insns_until_device_event(m);
    if (dev > 0 && dev < skip) {
        skip = dev;
    }
    uint64_t warp = skip;
    if (m->cfg.env.idle) {
        warp = m->cfg.env.idle(m->cfg.env.opaque, m, skip);
    }
    if (warp == UINT64_MAX) {
        return IDLE_FOREVER;
    }
    m->idle_insns += warp;
    return warp == skip ? IDLE_TO_TIMER : IDLE_CUT;
}

/* Harts take turns of MACHINE_QUANTUM instructions.  A turn is cut short
 * by timer deadlines and input delivery, but the same hart then continues
 * its turn, so where inputs arrive never changes the interleaving: a
 * replay that stops at extra points runs the very same schedule. */
MachineStop machine_run(Machine *m, uint64_t max_insns)
{
    const MachineEnv *env = &m->cfg.env;
    uint64_t end = UINT64_MAX - m->icount < max_insns ? UINT64_MAX
                                                      : m->icount + max_insns;
    /* After an idle stretch that ran to its timer the environment is not
     * polled again at the same instruction count: such a stretch leaves no
     * trace in a recording, so a replay could not tell a poll after it
     * from the one before it. */
    bool skip_poll = false;
    m->stop = STOP_NONE;
    while (m->stop == STOP_NONE) {
        if (m->icount >= end) {
            return STOP_LIMIT;
        }
        /* Timer lines and device events first, so that everything the
         * environment observes or logs at this instruction count sees the
         * same state. */
        clint_update(m->clint);
        board_update(m);
        /* The one point per iteration where inputs are delivered: before
         * the scheduling decision, which they may change (an interrupt
         * wakes a hart).  A replay stops at the same instruction counts
         * and so makes the same decisions in the same order. */
        if (env->poll && !skip_poll) {
            env->poll(env->opaque, m, m->icount);
            if (m->stop != STOP_NONE) {
                break;
            }
        }
        skip_poll = false;
        if (all_harts_waiting(m)) {
            IdleEnd end_of_idle = idle(m);
            if (end_of_idle == IDLE_FOREVER) {
                return STOP_IDLE_FOREVER;
            }
            skip_poll = end_of_idle == IDLE_TO_TIMER;
            continue;
        }
        /* The current hart keeps its turn unless the turn is over or it
         * waits; switching happens here, without another poll. */
        while (m->quantum_left == 0 || cpu_is_waiting(m->harts[m->current])) {
            m->current = (m->current + 1) % m->nharts;
            m->quantum_left = MACHINE_QUANTUM;
        }
        Hart *h = m->harts[m->current];
        uint64_t budget = m->quantum_left;
        uint64_t to_deadline = insns_until(m, hart_deadline(m, m->current));
        if (to_deadline > 0 && to_deadline < budget) {
            budget = to_deadline;
        }
        uint64_t to_event = insns_until_device_event(m);
        if (to_event > 0 && to_event < budget) {
            budget = to_event;
        }
        if (end - m->icount < budget) {
            budget = end - m->icount;
        }
        if (env->next_input) {
            uint64_t next = env->next_input(env->opaque);
            if (next > m->icount && next - m->icount < budget) {
                budget = next - m->icount;
            }
        }
        m->running = h;
        m->slice_start = cpu_icount(h);
        uint64_t ran = cpu_run(h, budget);
        m->running = NULL;
        m->icount += ran;
        m->quantum_left -= ran;
        check_tohost(m);
    }
    return m->stop;
}

void machine_stop(Machine *m)
{
    machine_request_stop(m, STOP_HOST, 0);
}

uint64_t machine_state_digest(const Machine *m)
{
    uint64_t d = base_hash(0, &m->icount, sizeof m->icount);
    d = base_hash(d, &m->idle_insns, sizeof m->idle_insns);
    for (unsigned i = 0; i < m->nharts; i++) {
        uint64_t h = cpu_state_hash(m->harts[i]);
        d = base_hash(d, &h, sizeof h);
    }
    d = uart_state_hash(m->uart, d);
    return plic_state_hash(m->plic, d);
}

uint64_t machine_stop_code(const Machine *m) { return m->stop_code; }
uint64_t machine_icount(const Machine *m) { return m->icount; }
unsigned machine_hart_count(const Machine *m) { return m->nharts; }
Hart *machine_hart(Machine *m, unsigned i) { return m->harts[i]; }
PhysMem *machine_mem(Machine *m) { return m->mem; }
