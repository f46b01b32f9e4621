/* The RV64GC hart: public interface used by the machine, debugger, replay.
 * SPDX-License-Identifier: MIT
 *
 * A hart executes instructions from guest physical memory (PhysMem) and
 * counts retired instructions (icount), which is the machine's clock.
 * cpu_run() executes exactly the number of instructions asked for unless
 * the hart stops earlier (WFI, an exit request from a device or CSR write,
 * a debugger stop), and never pays a per-instruction budget check on the
 * fast path: whole translated blocks are charged at once. */
#ifndef CPU_H
#define CPU_H

#include "base/base.h"

typedef struct Hart Hart;
typedef struct PhysMem PhysMem;

/* Privilege levels. */
enum { PRV_U = 0, PRV_S = 1, PRV_M = 3 };

/* Interrupt-pending bits (mip/mie). */
enum {
    IRQ_SSI = 1,
    IRQ_MSI = 3,
    IRQ_STI = 5,
    IRQ_MTI = 7,
    IRQ_SEI = 9,
    IRQ_MEI = 11,
};
#define MIP_SSIP (1ULL << IRQ_SSI)
#define MIP_MSIP (1ULL << IRQ_MSI)
#define MIP_STIP (1ULL << IRQ_STI)
#define MIP_MTIP (1ULL << IRQ_MTI)
#define MIP_SEIP (1ULL << IRQ_SEI)
#define MIP_MEIP (1ULL << IRQ_MEI)

/* Services the machine provides to a hart. */
typedef struct CpuPlatform {
    /* Current mtime (10 MHz ticks) as seen by hart h, exact to the
     * instruction being executed. */
    uint64_t (*get_time)(void *opaque, Hart *h);
    void *opaque;
} CpuPlatform;

/* Per-instruction trace hook (debugging the emulator itself): called after
 * each retired instruction when installed; slows execution a lot. */
typedef void (*CpuTraceFn)(void *opaque, Hart *h, uint64_t pc,
                           uint32_t raw);

/* ---- set-up (machine) ---- */
Hart *cpu_new(PhysMem *mem, const CpuPlatform *plat, unsigned hartid);
void cpu_free(Hart *h);
void cpu_reset(Hart *h, uint64_t pc);
void cpu_set_trace(Hart *h, CpuTraceFn fn, void *opaque);

/* ---- running (machine run loop) ---- */
/* Runs at most max_insns instructions; returns how many retired. */
uint64_t cpu_run(Hart *h, uint64_t max_insns);
/* Instructions retired by this hart so far (exact inside MMIO callbacks). */
uint64_t cpu_icount(const Hart *h);
/* Device-driven interrupt lines (MSIP, MTIP, MEIP, SEIP) for this hart. */
void cpu_set_irq_lines(Hart *h, uint64_t mask, uint64_t value);
/* True while the hart sleeps in WFI with nothing pending-and-enabled. */
bool cpu_is_waiting(const Hart *h);
/* Makes cpu_run return at the next instruction boundary (from callbacks). */
void cpu_request_exit(Hart *h);
/* Sstc: the mtime value at which this hart's stimecmp fires, or UINT64_MAX
 * when Sstc is disabled. */
uint64_t cpu_stimecmp_deadline(const Hart *h);
/* Re-evaluates the Sstc STIP bit against the given mtime. */
void cpu_update_sstc(Hart *h, uint64_t mtime);

/* ---- inspection (CLI, debugger, tests) ---- */
uint64_t cpu_get_pc(const Hart *h);
void cpu_set_pc(Hart *h, uint64_t pc);
uint64_t cpu_get_xreg(const Hart *h, unsigned r);
void cpu_set_xreg(Hart *h, unsigned r, uint64_t v);
uint64_t cpu_get_freg(const Hart *h, unsigned r);
void cpu_set_freg(Hart *h, unsigned r, uint64_t v);
unsigned cpu_get_priv(const Hart *h);
unsigned cpu_hartid(const Hart *h);
/* Reads/writes a CSR with debugger rights (no privilege checks);
 * returns false for an unimplemented CSR. */
bool cpu_debug_csr_read(Hart *h, unsigned csr, uint64_t *val);
bool cpu_debug_csr_write(Hart *h, unsigned csr, uint64_t val);
/* Digest of the architectural state (registers, CSRs, pc, privilege). */
uint64_t cpu_state_hash(const Hart *h);

#endif
