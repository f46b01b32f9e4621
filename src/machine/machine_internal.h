/* Machine state shared by the board, run loop and device models.
 * SPDX-License-Identifier: MIT */
#ifndef MACHINE_INTERNAL_H
#define MACHINE_INTERNAL_H

#include "cpu/cpu.h"
#include "cpu/physmem.h"
#include "machine/bus.h"
#include "machine/machine.h"

typedef struct Clint Clint;
typedef struct Uart Uart;

/* Instructions a hart runs before the next one gets its turn.  Smaller
 * quanta make spinning on a lock held by another hart cheaper; larger ones
 * cost fewer run-loop trips.  Any value is deterministic. */
#define MACHINE_QUANTUM 8192

struct Machine {
    MachineConfig cfg;
    PhysMem *mem;
    Bus *bus;
    Hart *harts[MACHINE_MAX_HARTS];
    unsigned nharts;

    /* Clock: instructions retired by all harts before the current slice,
     * the running hart and its count when the slice began, and idle time
     * skipped in instruction units. */
    uint64_t icount;
    Hart *running;
    uint64_t slice_start;
    uint64_t idle_insns;
    int64_t mtime_offset; /* guest writes to mtime */

    /* Round-robin scheduling: the hart whose turn it is and what is left
     * of its turn. */
    unsigned current;
    uint64_t quantum_left;

    /* Stop requests from devices. */
    MachineStop stop;
    uint64_t stop_code;

    /* HTIF tohost word, if the loaded program has one. */
    uint64_t tohost_addr;
    bool has_tohost;

    /* Devices (board.c creates them). */
    Clint *clint;
    Uart *uart;
};

/* Creates the devices of the virt board and maps them (board.c). */
void board_init(Machine *m);
void board_free(Machine *m);

/* Exact virtual clock in instruction units, valid inside MMIO callbacks. */
uint64_t machine_vclock(const Machine *m);
/* Asks the run loop to stop with the given reason (device callbacks). */
void machine_request_stop(Machine *m, MachineStop why, uint64_t code);

/* Devices (one file each). */
Clint *clint_new(Machine *m, uint64_t base);
void clint_free(Clint *c);
/* Updates MTIP/MSIP of every hart for the current time. */
void clint_update(Clint *c);
/* mtime value at which hart i's timer fires (UINT64_MAX if never). */
uint64_t clint_deadline(const Clint *c, unsigned hart);

Uart *uart_new(Machine *m, uint64_t base);
void uart_free(Uart *u);

bool finisher_init(Machine *m, uint64_t base);

#endif
