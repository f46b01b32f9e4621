/* ns16550a UART (QEMU virt's serial port): transmit path and registers.
 * SPDX-License-Identifier: MIT */
#include "machine/machine_internal.h"

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

#define LCR_DLAB 0x80
#define LSR_THRE 0x20
#define LSR_TEMT 0x40
#define IIR_NONE 0x01

struct Uart {
    Machine *m;
    uint8_t ier, lcr, mcr, scr, fcr, dll, dlm;
};

static uint64_t uart_read(void *opaque, uint64_t off, unsigned size)
{
    Uart *u = opaque;
    (void)size;
    switch (off) {
    case UART_RBR_THR:
        return (u->lcr & LCR_DLAB) ? u->dll : 0;
    case UART_IER:
        return (u->lcr & LCR_DLAB) ? u->dlm : u->ier;
    case UART_IIR_FCR:
        return IIR_NONE | ((u->fcr & 1) ? 0xc0 : 0);
    case UART_LCR:
        return u->lcr;
    case UART_MCR:
        return u->mcr;
    case UART_LSR:
        /* Transmission is instantaneous: the holding register is always
         * empty. */
        return LSR_THRE | LSR_TEMT;
    case UART_MSR:
        return 0xb0; /* DCD, DSR, CTS asserted */
    default:
        return u->scr;
    }
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
        } else if (u->m->cfg.env.console_out) {
            u->m->cfg.env.console_out(u->m->cfg.env.opaque, &b, 1);
        }
        break;
    case UART_IER:
        if (u->lcr & LCR_DLAB) {
            u->dlm = b;
        } else {
            u->ier = b & 0x0f;
        }
        break;
    case UART_IIR_FCR:
        u->fcr = b;
        break;
    case UART_LCR:
        u->lcr = b;
        break;
    case UART_MCR:
        u->mcr = b & 0x1f;
        break;
    case UART_SCR:
        u->scr = b;
        break;
    default:
        break;
    }
}

Uart *uart_new(Machine *m, uint64_t base)
{
    Uart *u = base_alloc(sizeof(*u));
    u->m = m;
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
