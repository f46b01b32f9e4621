/* The virt machine: harts, RAM, devices, the clock and the run loop.
 * SPDX-License-Identifier: MIT
 *
 * Time is the global retired-instruction count (all harts) plus idle time
 * skipped while every hart waited in WFI; mtime is that count divided by
 * MACHINE_INSNS_PER_TICK (10 MHz timebase, 1 ns per instruction). */
#ifndef MACHINE_H
#define MACHINE_H

#include "base/base.h"

typedef struct Machine Machine;
typedef struct Hart Hart;
typedef struct PhysMem PhysMem;

#define MACHINE_RAM_BASE 0x80000000ULL
#define MACHINE_MAX_HARTS 8
#define MACHINE_TIMEBASE_HZ 10000000ULL
#define MACHINE_INSNS_PER_TICK 100ULL

/* Where guest output goes (the CLI connects these to the terminal). */
typedef struct MachineOutput {
    void (*console)(void *opaque, const uint8_t *buf, size_t len);
    void *opaque;
} MachineOutput;

typedef struct MachineConfig {
    uint64_t ram_size;  /* bytes */
    unsigned harts;     /* 1..MACHINE_MAX_HARTS */
    MachineOutput output;
} MachineConfig;

typedef enum {
    STOP_NONE = 0,     /* still running (internal) */
    STOP_PASS,         /* guest reported success / powered off */
    STOP_FAIL,         /* guest reported failure (see stop_code) */
    STOP_RESET,        /* guest asked for a reboot */
    STOP_LIMIT,        /* instruction limit reached */
    STOP_IDLE_FOREVER, /* every hart waits and nothing can wake one */
} MachineStop;

Machine *machine_new(const MachineConfig *cfg, const char **err);
void machine_free(Machine *m);

/* Loads a RISC-V ELF64 executable into RAM and points every hart at its
 * entry; records the `tohost` symbol if present.  false + *err on bad
 * input. */
bool machine_load_elf(Machine *m, const uint8_t *image, size_t len,
                      const char **err) MUST_CHECK;

/* Runs until a stop condition or until max_insns more instructions have
 * retired (all harts together). */
MachineStop machine_run(Machine *m, uint64_t max_insns);
/* Failure number reported by the guest with STOP_FAIL. */
uint64_t machine_stop_code(const Machine *m);

uint64_t machine_icount(const Machine *m);
uint64_t machine_mtime(const Machine *m);
unsigned machine_hart_count(const Machine *m);
Hart *machine_hart(Machine *m, unsigned i);
PhysMem *machine_mem(Machine *m);

#endif
