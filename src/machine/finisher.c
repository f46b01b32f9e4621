/* SiFive test finisher (QEMU virt "sifive,test" syscon): poweroff, reset
 * and pass/fail exit for test programs.
 * SPDX-License-Identifier: MIT */
#include "machine/machine_internal.h"

#define FINISHER_FAIL 0x3333
#define FINISHER_PASS 0x5555
#define FINISHER_RESET 0x7777

static uint64_t finisher_read(void *opaque, uint64_t off, unsigned size)
{
    (void)opaque;
    (void)off;
    (void)size;
    return 0;
}

static void finisher_write(void *opaque, uint64_t off, uint64_t val,
                           unsigned size)
{
    Machine *m = opaque;
    (void)size;
    if (off != 0) {
        return;
    }
    switch (val & 0xffff) {
    case FINISHER_PASS:
        machine_request_stop(m, STOP_PASS, 0);
        break;
    case FINISHER_FAIL:
        machine_request_stop(m, STOP_FAIL, (val >> 16) & 0xffff);
        break;
    case FINISHER_RESET:
        machine_request_stop(m, STOP_RESET, 0);
        break;
    default:
        break;
    }
}

bool finisher_init(Machine *m, uint64_t base)
{
    /* 16- and 32-bit accesses, as QEMU's sifive_test: OpenSBI's reset
     * driver writes the 16-bit codes with writew. */
    BusDevice dev = {
        .name = "test", .base = base, .size = 0x1000,
        .sizes = 2u | 4u, .read = finisher_read,
        .write = finisher_write, .opaque = m,
    };
    return bus_add(m->bus, &dev);
}
