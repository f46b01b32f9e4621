/* The virt machine: harts, RAM, devices, the clock and the run loop.
 * SPDX-License-Identifier: MIT
 *
 * Time is the global retired-instruction count (all harts) plus idle time
 * skipped while every hart waited in WFI; mtime is that count divided by
 * MACHINE_INSNS_PER_TICK (10 MHz timebase, 1 ns per instruction). */
#ifndef MACHINE_H
#define MACHINE_H

#include "base/base.h"
#include "machine/blockdev.h"

typedef struct Machine Machine;
typedef struct Hart Hart;
typedef struct PhysMem PhysMem;

#define MACHINE_RAM_BASE 0x80000000ULL
#define MACHINE_MAX_HARTS 8
#define MACHINE_TIMEBASE_HZ 10000000ULL
#define MACHINE_INSNS_PER_TICK 100ULL

/* The machine's side of the outer world.  Every input reaches the machine
 * through these hooks, which the replay layer (src/replay) implements: in
 * plain runs and recordings it takes the values from the host (and logs
 * them), in replays from the log.  Outputs are never logged. */
typedef struct MachineEnv {
    void *opaque;
    /* Guest console output (UART transmit). */
    void (*console_out)(void *opaque, const uint8_t *buf, size_t len);
    /* Frame sent by the guest's network card. */
    void (*net_out)(void *opaque, const uint8_t *frame, size_t len);
    /* Called between instruction slices at global instruction count
     * `icount`: delivers the inputs due now with machine_console_input()
     * and machine_net_input(). */
    void (*poll)(void *opaque, Machine *m, uint64_t icount);
    /* Global instruction count of the next input the poll hook will
     * deliver, or UINT64_MAX if not known in advance (live input). */
    uint64_t (*next_input)(void *opaque);
    /* Every hart waits for an interrupt.  `skip` is the number of
     * instructions of virtual time until the next timer (UINT64_MAX if
     * none); returns how much virtual time to skip now (<= skip).  A live
     * run sleeps on the host until the timer is due in real time or input
     * arrives; returning 0 with no input and no timer ends the run. */
    uint64_t (*idle)(void *opaque, Machine *m, uint64_t skip);
    /* Host wall-clock time at power-on, ns since the Unix epoch (read
     * once; the RTC runs on guest time from there). */
    uint64_t boot_wallclock_ns;
    /* Seed of the guest's entropy source (virtio-rng). */
    uint8_t entropy_seed[32];
} MachineEnv;

/* virtio-mmio devices: the disks, a network card and the entropy device
 * share the board's 8 slots. */
#define MACHINE_MAX_DISKS 6

typedef struct MachineConfig {
    uint64_t ram_size;  /* bytes */
    unsigned harts;     /* 1..MACHINE_MAX_HARTS */
    MachineEnv env;
    /* ---- virtio devices (virtio_board.c) ---- */
    /* Disk backends in guest order (the first is /dev/vda). */
    BlockDev disks[MACHINE_MAX_DISKS];
    unsigned ndisks;    /* 0..MACHINE_MAX_DISKS */
    bool net;           /* a virtio-net card (frames via env.net_out and
                           machine_net_input) */
} MachineConfig;

/* Inputs, called from the poll hook only (between instruction slices). */
void machine_console_input(Machine *m, const uint8_t *buf, size_t len);
/* Bytes the console (UART receive FIFO) can take now without losing any;
 * a live poll hook delivers at most this many and keeps the rest. */
size_t machine_console_room(const Machine *m);
void machine_net_input(Machine *m, const uint8_t *frame, size_t len);

typedef enum {
    STOP_NONE = 0,     /* still running (internal) */
    STOP_PASS,         /* guest reported success / powered off */
    STOP_FAIL,         /* guest reported failure (see stop_code) */
    STOP_RESET,        /* guest asked for a reboot */
    STOP_LIMIT,        /* instruction limit reached */
    STOP_IDLE_FOREVER, /* every hart waits and nothing can wake one */
    STOP_HOST,         /* the environment asked to stop (user quit, end of
                          a replayed trace, divergence) */
} MachineStop;

Machine *machine_new(const MachineConfig *cfg, const char **err);
void machine_free(Machine *m);
/* System reset (the guest's reboot, STOP_RESET): harts and devices return
 * to their power-on state; RAM keeps its contents, as on QEMU, so the
 * caller reloads the boot images (boot_load).  The instruction count and
 * virtual clock keep running. */
void machine_reset(Machine *m);

/* Runs until a stop condition or until max_insns more instructions have
 * retired (all harts together). */
MachineStop machine_run(Machine *m, uint64_t max_insns);
/* Makes machine_run return STOP_HOST at the next instruction boundary
 * (for environment hooks). */
void machine_stop(Machine *m);
/* Digest of the architectural state of every hart and the clock. */
uint64_t machine_state_digest(const Machine *m);
/* Failure number reported by the guest with STOP_FAIL. */
uint64_t machine_stop_code(const Machine *m);

uint64_t machine_icount(const Machine *m);
uint64_t machine_mtime(const Machine *m);
unsigned machine_hart_count(const Machine *m);
Hart *machine_hart(Machine *m, unsigned i);
PhysMem *machine_mem(Machine *m);

#endif
