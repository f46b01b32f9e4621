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
typedef struct Plic Plic;
typedef struct Rtc Rtc;
typedef struct DevTree DevTree;
typedef struct VirtioBoard VirtioBoard;

/* An interrupt line: a device output wired to one input of an interrupt
 * controller (TinyEMU's IRQSignal).  Devices hold one by value and drive
 * it with irq_set(); the controller decides what a level means. */
typedef struct IrqLine {
    void (*set)(void *opaque, unsigned n, bool level);
    void *opaque;
    unsigned n; /* input number at the controller (PLIC source) */
} IrqLine;

static inline void irq_set(const IrqLine *line, bool level)
{
    if (line->set) {
        line->set(line->opaque, line->n, level);
    }
}

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
    Plic *plic;
    Rtc *rtc;
    VirtioBoard *virtio; /* virtio-mmio slots (virtio_board.c) */
    /* QEMU virt's mask ROM at 0x1000: reset vector + fw_dynamic_info
     * written by boot.c (read-only to the guest). */
    uint8_t mrom[256];
};

/* Creates the devices of the virt board and maps them (board.c). */
void board_init(Machine *m);
void board_free(Machine *m);
/* Puts every device back in its power-on state (machine_reset). */
void board_reset(Machine *m);
/* Virtual clock (machine_vclock units) of the next timed device event,
 * UINT64_MAX if none: the run loop ends slices there so the event happens
 * at the same instruction in every run. */
uint64_t board_next_event(const Machine *m);
/* Performs the timed device events that are due (run loop, between
 * slices). */
void board_update(Machine *m);
/* The line to PLIC source `source` (1..VIRT_PLIC_NDEV). */
IrqLine board_irq_line(Machine *m, unsigned source);

/* Exact virtual clock in instruction units, valid inside MMIO callbacks. */
uint64_t machine_vclock(const Machine *m);
/* Asks the run loop to stop with the given reason (device callbacks). */
void machine_request_stop(Machine *m, MachineStop why, uint64_t code);

/* Devices (one file each). */
/* Digests of device state for the replay layer's state checks: every
 * input the machine receives lands in one of these first. */
uint64_t uart_state_hash(const Uart *u, uint64_t seed);
uint64_t plic_state_hash(const Plic *p, uint64_t seed);

Clint *clint_new(Machine *m, uint64_t base);
void clint_free(Clint *c);
/* Updates MTIP/MSIP of every hart for the current time. */
void clint_update(Clint *c);
/* mtime value at which hart i's timer fires (UINT64_MAX if never). */
uint64_t clint_deadline(const Clint *c, unsigned hart);

void clint_reset(Clint *c);

/* SiFive PLIC: `nsources` sources (1..nsources), two contexts per hart
 * (2*hart = M-mode external interrupt, 2*hart+1 = S-mode). */
Plic *plic_new(Machine *m, uint64_t base, unsigned nsources);
void plic_free(Plic *p);
void plic_reset(Plic *p);
/* Sets the level of a source's interrupt line (level-triggered). */
void plic_set_irq(Plic *p, unsigned source, bool level);
IrqLine plic_irq_line(Plic *p, unsigned source);
/* Device-tree node; returns the PLIC's phandle (interrupt parent). */
uint32_t plic_devtree(const Plic *p, DevTree *t,
                      const uint32_t *cpu_intc_phandles);

Uart *uart_new(Machine *m, uint64_t base, IrqLine irq);
void uart_free(Uart *u);
void uart_reset(Uart *u);
/* Bytes arriving on the serial line; those that do not fit in the
 * receive FIFO are lost (LSR.OE), as on the real chip.  Returns the number
 * of bytes stored. */
size_t uart_receive(Uart *u, const uint8_t *buf, size_t len);
/* Free space in the receive FIFO (what uart_receive takes without loss). */
size_t uart_rx_room(const Uart *u);
void uart_devtree(const Uart *u, DevTree *t, uint32_t plic);

/* Goldfish RTC: wall-clock time = boot time from the environment + guest
 * time since power-on; alarms fire on guest time. */
Rtc *rtc_new(Machine *m, uint64_t base, IrqLine irq);
void rtc_free(Rtc *r);
void rtc_reset(Rtc *r);
uint64_t rtc_next_event(const Rtc *r);
void rtc_update(Rtc *r);
void rtc_devtree(const Rtc *r, DevTree *t, uint32_t plic);

bool finisher_init(Machine *m, uint64_t base);

#endif
