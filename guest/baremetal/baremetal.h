/* Tiny runtime for bare-metal guest programs: console output and exit.
 * SPDX-License-Identifier: MIT
 *
 * Works identically on rvreplay (--bios none) and qemu-system-riscv64
 * -M virt -bios none: output goes to the ns16550a UART at 0x10000000, exit
 * writes the HTIF `tohost` word (rvreplay) and then the SiFive test
 * finisher at 0x100000 (QEMU). */
#ifndef BAREMETAL_H
#define BAREMETAL_H

#include <stdint.h>

#define BM_UART_BASE 0x10000000UL
#define BM_FINISHER_BASE 0x100000UL

extern volatile uint64_t tohost;

static inline void bm_putc(char c)
{
    volatile uint8_t *uart = (volatile uint8_t *)BM_UART_BASE;
    while (!(uart[5] & 0x20)) {
        /* wait for THR empty */
    }
    uart[0] = (uint8_t)c;
}

static inline void bm_puts(const char *s)
{
    while (*s) {
        bm_putc(*s++);
    }
}

static inline void bm_puthex(uint64_t v)
{
    for (int i = 60; i >= 0; i -= 4) {
        bm_putc("0123456789abcdef"[(v >> i) & 0xf]);
    }
}

/* Ends the run: status 0 = pass, n != 0 = failure number n. */
static inline __attribute__((noreturn)) void bm_exit(int status)
{
    volatile uint32_t *finisher = (volatile uint32_t *)BM_FINISHER_BASE;
    tohost = status == 0 ? 1 : (((uint64_t)status << 1) | 1);
    *finisher = status == 0 ? 0x5555 : (((uint32_t)status << 16) | 0x3333);
    for (;;) {
    }
}

#endif
