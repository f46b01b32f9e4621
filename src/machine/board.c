/* The virt board: QEMU's memory map and the devices on it.
 * SPDX-License-Identifier: MIT */
#include "machine/machine_internal.h"

#define VIRT_TEST_BASE 0x100000ULL
#define VIRT_CLINT_BASE 0x2000000ULL
#define VIRT_UART_BASE 0x10000000ULL

void board_init(Machine *m)
{
    m->clint = clint_new(m, VIRT_CLINT_BASE);
    m->uart = uart_new(m, VIRT_UART_BASE);
    if (m->clint == NULL || m->uart == NULL ||
        !finisher_init(m, VIRT_TEST_BASE)) {
        base_panic(__FILE__, __LINE__, "virt devices overlap");
    }
}

void board_free(Machine *m)
{
    clint_free(m->clint);
    uart_free(m->uart);
}

void machine_console_input(Machine *m, const uint8_t *buf, size_t len)
{
    (void)m;
    (void)buf;
    (void)len;
}

void machine_net_input(Machine *m, const uint8_t *frame, size_t len)
{
    (void)m;
    (void)frame;
    (void)len;
}
