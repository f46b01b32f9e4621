/* ns16550a UART (QEMU virt's serial port): registers, receive FIFO,
 * interrupts.
 * SPDX-License-Identifier: MIT
 *
 * Behaviour follows QEMU's hw/char/serial.c where Linux's 8250 driver and
 * OpenSBI can tell the difference: transmission is instantaneous (THR and
 * the shift register are always empty again after a write), the THRE
 * interrupt is pending after a write or after IER.THRI is switched on, and
 * is cleared by reading IIR or writing THR.  Received bytes come only from
 * uart_receive() (the machine's console input) or, in loopback mode, from
 * the UART's own transmitter.
 *
 * One deliberate simplification: a real 16550A with its FIFO enabled
 * raises the receive interrupt only at the FIFO trigger level, or after
 * four character times without input (the "character timeout").  We have
 * no serial line timing, so the timeout indication (IIR = 0xc) is reported
 * as soon as data sits below the trigger level.  Linux handles both IIR
 * codes identically; the result stays deterministic. */
#include "machine/machine_internal.h"

#include "machine/fdt.h"

#include <stdio.h>
#include <stdlib.h>

enum {
    UART_RBR_THR = 0, /* DLL when LCR.DLAB */
    UART_IER = 1,     /* DLM when LCR.DLAB */
    UART_IIR_FCR = 2,
    UART_LCR = 3,
    UART_MCR = 4,
    UART_LSR = 5,
    UART_MSR = 6,
    UART_SCR = 7,
};

#define IER_RDI 0x01  /* received data available */
#define IER_THRI 0x02 /* transmitter holding register empty */
#define IER_RLSI 0x04 /* receiver line status */
#define IER_MSI 0x08  /* modem status (never raised: lines are fixed) */

#define IIR_NONE 0x01
#define IIR_MSI 0x00
#define IIR_THRI 0x02
#define IIR_RDI 0x04
#define IIR_RLSI 0x06
#define IIR_CTI 0x0c
#define IIR_FIFO_ON 0xc0

#define FCR_FE 0x01  /* FIFO enable */
#define FCR_RFR 0x02 /* receive FIFO reset */
#define FCR_XFR 0x04 /* transmit FIFO reset */

#define LCR_DLAB 0x80

#define MCR_DTR 0x01
#define MCR_RTS 0x02
#define MCR_OUT1 0x04
#define MCR_OUT2 0x08
#define MCR_LOOP 0x10

#define LSR_DR 0x01
#define LSR_OE 0x02
#define LSR_BI 0x10
#define LSR_THRE 0x20
#define LSR_TEMT 0x40

#define MSR_CTS 0x10
#define MSR_DSR 0x20
#define MSR_RI 0x40
#define MSR_DCD 0x80

/* The 16550A's receive FIFO; with the FIFO off it holds one byte. */
#define UART_FIFO_SIZE 16

struct Uart {
    Machine *m;
    uint64_t base;
    IrqLine irq;
    uint8_t ier, lcr, mcr, scr, fcr, dll, dlm;
    uint8_t lsr_err;   /* OE/BI, latched until LSR is read */
    bool thr_ipending; /* THRE interrupt condition (see file comment) */
    uint8_t rx[UART_FIFO_SIZE];
    unsigned rx_head, rx_count;
};

static unsigned rx_capacity(const Uart *u)
{
    return (u->fcr & FCR_FE) ? UART_FIFO_SIZE : 1;
}

/* Receive trigger level (FCR bits 7:6). */
static unsigned rx_trigger(const Uart *u)
{
    static const unsigned level[4] = {1, 4, 8, 14};
    return level[u->fcr >> 6];
}

/* Interrupt identification, highest priority first. */
static uint8_t current_iir(const Uart *u)
{
    if ((u->ier & IER_RLSI) && u->lsr_err) {
        return IIR_RLSI;
    }
    if ((u->ier & IER_RDI) && u->rx_count > 0) {
        return ((u->fcr & FCR_FE) && u->rx_count < rx_trigger(u)) ? IIR_CTI
                                                                  : IIR_RDI;
    }
    if ((u->ier & IER_THRI) && u->thr_ipending) {
        return IIR_THRI;
    }
    return IIR_NONE;
}

static void update_irq(Uart *u)
{
    irq_set(&u->irq, current_iir(u) != IIR_NONE);
}

static bool rx_push(Uart *u, uint8_t b)
{
    if (u->rx_count >= rx_capacity(u)) {
        u->lsr_err |= LSR_OE;
        return false;
    }
    u->rx[(u->rx_head + u->rx_count) % UART_FIFO_SIZE] = b;
    u->rx_count++;
    return true;
}

static void rx_flush(Uart *u)
{
    u->rx_head = 0;
    u->rx_count = 0;
}

size_t uart_receive(Uart *u, const uint8_t *buf, size_t len)
{
    size_t stored = 0;
    /* In loopback mode the line is disconnected from the outside. */
    if (!(u->mcr & MCR_LOOP)) {
        for (size_t i = 0; i < len; i++) {
            stored += rx_push(u, buf[i]);
        }
    }
    update_irq(u);
    return stored;
}

size_t uart_rx_room(const Uart *u)
{
    if (u->mcr & MCR_LOOP) {
        return 0;
    }
    return rx_capacity(u) - u->rx_count;
}

static uint8_t read_msr(const Uart *u)
{
    if (u->mcr & MCR_LOOP) {
        /* Modem outputs looped back to the inputs (8250 autoconfig
         * checks this mapping). */
        return (u->mcr & MCR_DTR ? MSR_DSR : 0) |
               (u->mcr & MCR_RTS ? MSR_CTS : 0) |
               (u->mcr & MCR_OUT1 ? MSR_RI : 0) |
               (u->mcr & MCR_OUT2 ? MSR_DCD : 0);
    }
    return MSR_DCD | MSR_DSR | MSR_CTS;
}

static uint64_t uart_read(void *opaque, uint64_t off, unsigned size)
{
    Uart *u = opaque;
    uint8_t v;
    (void)size;
    switch (off) {
    case UART_RBR_THR:
        if (u->lcr & LCR_DLAB) {
            return u->dll;
        }
        if (u->rx_count == 0) {
            return 0;
        }
        v = u->rx[u->rx_head];
        u->rx_head = (u->rx_head + 1) % UART_FIFO_SIZE;
        u->rx_count--;
        update_irq(u);
        return v;
    case UART_IER:
        return (u->lcr & LCR_DLAB) ? u->dlm : u->ier;
    case UART_IIR_FCR:
        v = current_iir(u);
        if (v == IIR_THRI) {
            u->thr_ipending = false;
            update_irq(u);
        }
        return v | ((u->fcr & FCR_FE) ? IIR_FIFO_ON : 0);
    case UART_LCR:
        return u->lcr;
    case UART_MCR:
        return u->mcr;
    case UART_LSR:
        v = LSR_THRE | LSR_TEMT | u->lsr_err | (u->rx_count ? LSR_DR : 0);
        if (u->lsr_err) {
            u->lsr_err = 0;
            update_irq(u);
        }
        return v;
    case UART_MSR:
        return read_msr(u);
    default:
        return u->scr;
    }
}

static void transmit(Uart *u, uint8_t b)
{
    if (u->mcr & MCR_LOOP) {
        rx_push(u, b);
    } else if (u->m->cfg.env.console_out) {
        u->m->cfg.env.console_out(u->m->cfg.env.opaque, &b, 1);
    }
    /* The byte left at once: THR is empty again. */
    u->thr_ipending = true;
}

static void write_fcr(Uart *u, uint8_t v)
{
    /* Switching the FIFO on or off flushes both FIFOs. */
    if ((v ^ u->fcr) & FCR_FE) {
        v |= FCR_RFR | FCR_XFR;
    }
    if (v & FCR_RFR) {
        rx_flush(u);
    }
    u->fcr = v & 0xc9; /* reset bits self-clear; keep FE, DMA mode, level */
}

static void uart_write(void *opaque, uint64_t off, uint64_t val,
                       unsigned size)
{
    Uart *u = opaque;
    uint8_t b = (uint8_t)val;
    (void)size;
    switch (off) {
    case UART_RBR_THR:
        if (u->lcr & LCR_DLAB) {
            u->dll = b;
            return;
        }
        transmit(u, b);
        break;
    case UART_IER:
        if (u->lcr & LCR_DLAB) {
            u->dlm = b;
            return;
        }
        /* Switching THRI on with THR empty raises the interrupt even if
         * it had been acknowledged by reading IIR (QEMU does the same,
         * and the 8250 driver's THRE test relies on it). */
        if ((u->ier ^ b) & IER_THRI) {
            u->thr_ipending = (b & IER_THRI) != 0;
        }
        u->ier = b & 0x0f;
        break;
    case UART_IIR_FCR:
        write_fcr(u, b);
        break;
    case UART_LCR:
        u->lcr = b;
        return;
    case UART_MCR:
        u->mcr = b & 0x1f;
        break;
    case UART_SCR:
        u->scr = b;
        return;
    default:
        return;
    }
    update_irq(u);
}

void uart_reset(Uart *u)
{
    u->ier = u->lcr = u->mcr = u->scr = u->fcr = u->dll = u->dlm = 0;
    u->lsr_err = 0;
    u->thr_ipending = false;
    rx_flush(u);
    update_irq(u);
}

Uart *uart_new(Machine *m, uint64_t base, IrqLine irq)
{
    Uart *u = base_alloc(sizeof(*u));
    memset(u, 0, sizeof(*u));
    u->m = m;
    u->base = base;
    u->irq = irq;
    BusDevice dev = {
        .name = "uart", .base = base, .size = 0x100, .sizes = 1,
        .read = uart_read, .write = uart_write, .opaque = u,
    };
    if (!bus_add(m->bus, &dev)) {
        free(u);
        return NULL;
    }
    return u;
}

void uart_free(Uart *u)
{
    free(u);
}

void uart_devtree(const Uart *u, DevTree *t, uint32_t plic)
{
    char path[64];
    snprintf(path, sizeof path, "/soc/serial@%llx",
             (unsigned long long)u->base);
    devtree_node(t, path);
    devtree_prop_str(t, path, "compatible", "ns16550a");
    devtree_prop_reg(t, path, u->base, 0x100);
    /* 3.6864 MHz: the classic PC UART crystal, as on QEMU. */
    devtree_prop_u32(t, path, "clock-frequency", 3686400);
    devtree_prop_u32(t, path, "interrupt-parent", plic);
    devtree_prop_u32(t, path, "interrupts", u->irq.n);
}

uint64_t uart_state_hash(const Uart *u, uint64_t seed)
{
    uint8_t regs[] = {u->ier, u->lcr, u->mcr, u->scr, u->fcr, u->dll,
                      u->dlm, u->lsr_err, u->thr_ipending};
    uint64_t h = base_hash(seed, regs, sizeof regs);
    for (unsigned i = 0; i < u->rx_count; i++) {
        h = base_hash(h, &u->rx[(u->rx_head + i) % UART_FIFO_SIZE], 1);
    }
    return h;
}
