/* Unit test of the MMIO bus (src/machine/bus.c): registration and overlap
 * refusal, dispatch with device-relative offsets, refused sizes and
 * misaligned or out-of-window accesses.
 * SPDX-License-Identifier: MIT
 *
 * Contract (bus.h): a window [base, base + size) takes naturally aligned
 * accesses of a size in its `sizes` mask (1, 2, 4, 8) that lie entirely
 * inside it; anything else is refused (false, no callback).  Windows may
 * not overlap; a window that would wrap past the top of the 64-bit
 * address space describes no real range and is refused too. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machine/bus.h"
#include "unit.h"

/* What the devices saw. */
typedef struct {
    unsigned id;
    unsigned calls;
    uint64_t offset;
    unsigned size;
    uint64_t value;
    bool write;
} Seen;

static Seen seen;

typedef struct {
    unsigned id;
} Dev;

static uint64_t dev_read(void *opaque, uint64_t offset, unsigned size)
{
    const Dev *d = opaque;
    seen.id = d->id;
    seen.calls++;
    seen.offset = offset;
    seen.size = size;
    seen.write = false;
    return ((uint64_t)d->id << 32) | offset;
}

static void dev_write(void *opaque, uint64_t offset, uint64_t value,
                      unsigned size)
{
    const Dev *d = opaque;
    seen.id = d->id;
    seen.calls++;
    seen.offset = offset;
    seen.size = size;
    seen.value = value;
    seen.write = true;
}

static Dev devs[256];

static BusDevice window(unsigned id, uint64_t base, uint64_t size,
                        unsigned sizes)
{
    devs[id].id = id;
    BusDevice d = {
        .name = "test",
        .base = base,
        .size = size,
        .sizes = sizes,
        .read = dev_read,
        .write = dev_write,
        .opaque = &devs[id],
    };
    return d;
}

static bool add(Bus *bus, unsigned id, uint64_t base, uint64_t size,
                unsigned sizes)
{
    BusDevice d = window(id, base, size, sizes);
    return bus_add(bus, &d);
}

/* A read that must reach device id at offset. */
static void expect_read(Bus *bus, uint64_t pa, unsigned size, unsigned id,
                        uint64_t offset)
{
    uint64_t v = 0;
    memset(&seen, 0, sizeof(seen));
    bool ok = bus_read(bus, pa, size, &v);
    CHECK(ok, "read 0x%llx/%u refused, expected device %u\n",
          (unsigned long long)pa, size, id);
    if (ok) {
        CHECK(seen.calls == 1 && seen.id == id && seen.offset == offset &&
                  seen.size == size && !seen.write,
              "read 0x%llx/%u: device %u offset 0x%llx size %u (want %u "
              "0x%llx)\n",
              (unsigned long long)pa, size, seen.id,
              (unsigned long long)seen.offset, seen.size, id,
              (unsigned long long)offset);
        CHECK_EQ(v, ((uint64_t)id << 32) | offset,
                 "read 0x%llx/%u: value returned\n", (unsigned long long)pa,
                 size);
    }
}

static void expect_write(Bus *bus, uint64_t pa, unsigned size, uint64_t val,
                         unsigned id, uint64_t offset)
{
    memset(&seen, 0, sizeof(seen));
    bool ok = bus_write(bus, pa, size, val);
    CHECK(ok, "write 0x%llx/%u refused\n", (unsigned long long)pa, size);
    if (ok) {
        CHECK(seen.calls == 1 && seen.id == id && seen.offset == offset &&
                  seen.size == size && seen.write && seen.value == val,
              "write 0x%llx/%u: device %u offset 0x%llx size %u value "
              "0x%llx\n",
              (unsigned long long)pa, size, seen.id,
              (unsigned long long)seen.offset, seen.size,
              (unsigned long long)seen.value);
    }
}

/* Both a read and a write of this shape must be refused, untouched. */
static void expect_refused(Bus *bus, uint64_t pa, unsigned size,
                           const char *why)
{
    uint64_t v = 0x1234;
    memset(&seen, 0, sizeof(seen));
    bool r = bus_read(bus, pa, size, &v);
    bool w = bus_write(bus, pa, size, 0);
    CHECK(!r && !w && seen.calls == 0,
          "%s: access 0x%llx/%u %s (read %d, write %d, %u callbacks)\n", why,
          (unsigned long long)pa, size, "accepted", r, w, seen.calls);
    CHECK_EQ(v, 0x1234, "%s: refused read changed the value\n", why);
}

static void test_overlap(void)
{
    Bus *bus = bus_new();
    CHECK(add(bus, 1, 0x1000, 0x100, BUS_SIZES_ALL), "first window\n");
    CHECK(!add(bus, 2, 0x1000, 0x100, BUS_SIZES_ALL), "same window\n");
    CHECK(!add(bus, 2, 0x0f80, 0x100, BUS_SIZES_ALL), "overlapping start\n");
    CHECK(!add(bus, 2, 0x10ff, 0x10, BUS_SIZES_ALL), "overlapping end\n");
    CHECK(!add(bus, 2, 0x1040, 0x10, BUS_SIZES_ALL), "contained\n");
    CHECK(!add(bus, 2, 0x0000, 0x10000, BUS_SIZES_ALL), "containing\n");
    CHECK(!add(bus, 2, 0x0fff, 2, BUS_SIZES_ALL), "one byte of overlap\n");
    CHECK(add(bus, 3, 0x1100, 0x100, BUS_SIZES_ALL), "adjacent above\n");
    CHECK(add(bus, 4, 0x0f00, 0x100, BUS_SIZES_ALL), "adjacent below\n");
    CHECK(!add(bus, 2, 0x2000, 0, BUS_SIZES_ALL), "empty window\n");
    /* Refusals changed nothing. */
    expect_read(bus, 0x1000, 4, 1, 0);
    expect_read(bus, 0x10fc, 4, 1, 0xfc);
    expect_read(bus, 0x1100, 4, 3, 0);
    expect_read(bus, 0x0ffc, 4, 4, 0xfc);
    expect_refused(bus, 0x1200, 4, "after the last window");
    expect_refused(bus, 0x0efc, 4, "before the first window");

    /* The top of the address space. */
    CHECK(add(bus, 5, 0xfffffffffffff000ULL, 0x1000, BUS_SIZES_ALL),
          "window ending at 2^64\n");
    expect_read(bus, 0xfffffffffffffff8ULL, 8, 5, 0xff8);
    CHECK(!add(bus, 6, 0xfffffffffffff800ULL, 0x100, BUS_SIZES_ALL),
          "window inside the one ending at 2^64\n");
    expect_read(bus, 0xfffffffffffff800ULL, 8, 5, 0x800);
    bus_free(bus);

    bus = bus_new();
    CHECK(add(bus, 1, 0x1000, 0x1000, BUS_SIZES_ALL), "low window\n");
    CHECK(!add(bus, 7, 0xfffffffffffff000ULL, 0x3000, BUS_SIZES_ALL),
          "window wrapping past 2^64 (over the low window)\n");
    CHECK(!add(bus, 8, 0xffffffffffffff00ULL, 0x200, BUS_SIZES_ALL),
          "window wrapping past 2^64\n");
    expect_read(bus, 0x1000, 8, 1, 0);
    bus_free(bus);
}

static void test_dispatch(void)
{
    Bus *bus = bus_new();
    /* Registered out of order. */
    CHECK(add(bus, 10, 0x10000000, 0x100, BUS_SIZES_ALL), "uart-like\n");
    CHECK(add(bus, 11, 0x02000000, 0x10000, BUS_SIZES_32_64), "clint-like\n");
    CHECK(add(bus, 12, 0x00100000, 0x1000, BUS_SIZES_32), "finisher-like\n");
    CHECK(add(bus, 13, 0x0c000000, 0x4000000, BUS_SIZES_32), "plic-like\n");
    CHECK(add(bus, 14, 0x10001000, 0x1000, BUS_SIZES_32), "next to uart\n");

    expect_read(bus, 0x10000005, 1, 10, 5);
    expect_write(bus, 0x10000000, 1, 0x41, 10, 0);
    expect_read(bus, 0x02004000, 8, 11, 0x4000);
    expect_write(bus, 0x0200bff8, 8, 0x1122334455667788ULL, 11, 0xbff8);
    expect_read(bus, 0x02000000, 4, 11, 0);
    expect_write(bus, 0x00100000, 4, 0x5555, 12, 0);
    expect_read(bus, 0x0fffffff & ~3ULL, 4, 13, 0x3fffffc);
    expect_read(bus, 0x10001ffc, 4, 14, 0xffc);
    /* Alternate between devices (the bus remembers the last one). */
    for (unsigned i = 0; i < 8; i++) {
        expect_read(bus, 0x100000ff - (i & 1) * 0xff, 1, 10,
                    0xff - (i & 1) * 0xff);
        expect_read(bus, 0x10001000 + 4 * i, 4, 14, 4 * i);
        expect_refused(bus, 0x10000100 + i, 1, "gap after the uart window");
        expect_read(bus, 0x00100ffc, 4, 12, 0xffc);
        expect_refused(bus, 0x00101000, 4, "just after the finisher");
    }

    /* Sizes the window does not take. */
    expect_refused(bus, 0x00100000, 1, "byte to a 32-bit-only window");
    expect_refused(bus, 0x00100000, 2, "half to a 32-bit-only window");
    expect_refused(bus, 0x00100000, 8, "dword to a 32-bit-only window");
    expect_refused(bus, 0x02000000, 2, "half to a 32/64 window");
    /* Sizes that are not access sizes at all. */
    expect_refused(bus, 0x10000000, 0, "size 0");
    expect_refused(bus, 0x10000000, 3, "size 3");
    expect_refused(bus, 0x10000000, 16, "size 16");
    expect_refused(bus, 0x10000000, 6, "size 6");
    /* Misaligned. */
    expect_refused(bus, 0x10000001, 2, "misaligned half");
    expect_refused(bus, 0x10000002, 4, "misaligned word");
    expect_refused(bus, 0x10000004, 8, "misaligned dword");
    expect_refused(bus, 0x02000004, 8, "misaligned dword (clint)");
    expect_refused(bus, 0x00100002, 4, "misaligned word (finisher)");
    /* Crossing the end of a window into the neighbour. */
    CHECK(add(bus, 15, 0x20000000, 0x6, BUS_SIZES_ALL), "6-byte window\n");
    CHECK(add(bus, 16, 0x20000006, 0x2, BUS_SIZES_ALL), "its neighbour\n");
    expect_read(bus, 0x20000004, 2, 15, 4);
    expect_read(bus, 0x20000006, 2, 16, 0);
    expect_refused(bus, 0x20000004, 4, "word over two windows");
    expect_refused(bus, 0x20000000, 8, "dword over two windows");
    bus_free(bus);

    /* A window smaller than the access size. */
    bus = bus_new();
    CHECK(add(bus, 17, 0x30000000, 4, BUS_SIZES_ALL), "4-byte window\n");
    expect_read(bus, 0x30000000, 4, 17, 0);
    expect_refused(bus, 0x30000000, 8, "dword to a 4-byte window");
    CHECK(add(bus, 18, 0x30000008, 2, BUS_SIZES_ALL), "2-byte window\n");
    expect_refused(bus, 0x30000008, 4, "word to a 2-byte window");
    expect_refused(bus, 0x30000008, 8, "dword to a 2-byte window");
    bus_free(bus);
}

/* Many windows in scrambled order; every one reachable, gaps refused. */
static void test_many(void)
{
    Bus *bus = bus_new();
    unsigned n = 0, order[48];
    for (unsigned i = 0; i < 48; i++) {
        order[i] = (i * 29 + 7) % 48; /* 29 is coprime with 48 */
    }
    for (unsigned i = 0; i < 48; i++) {
        unsigned k = order[i];
        uint64_t base = 0x40000000ULL + (uint64_t)k * 0x10000;
        if (add(bus, 100 + k, base, 0x1000 + 0x100 * (k % 4), BUS_SIZES_ALL)) {
            n++;
        }
    }
    CHECK_EQ(n, 48, "48 windows registered\n");
    for (unsigned k = 0; k < 48; k++) {
        uint64_t base = 0x40000000ULL + (uint64_t)k * 0x10000;
        uint64_t size = 0x1000 + 0x100 * (k % 4);
        expect_read(bus, base, 8, 100 + k, 0);
        expect_read(bus, base + size - 8, 8, 100 + k, size - 8);
        expect_refused(bus, base + size, 1, "gap after a window");
        expect_refused(bus, base - 1, 1, "gap before a window");
    }
    /* More windows than the table may hold: refusals must be clean. */
    unsigned extra = 0;
    for (unsigned k = 0; k < 100; k++) {
        if (add(bus, 150 + k, 0x80000000ULL + (uint64_t)k * 0x1000, 0x1000,
                BUS_SIZES_ALL)) {
            extra++;
        }
    }
    for (unsigned k = 0; k < extra; k++) {
        expect_read(bus, 0x80000000ULL + (uint64_t)k * 0x1000, 4, 150 + k, 0);
    }
    for (unsigned k = 0; k < 48; k++) {
        expect_read(bus, 0x40000000ULL + (uint64_t)k * 0x10000 + 8, 4,
                    100 + k, 8);
    }
    bus_free(bus);
}

int main(void)
{
    test_overlap();
    test_dispatch();
    test_many();
    return unit_finish("test_bus");
}
