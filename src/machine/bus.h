/* The system bus: MMIO devices registered by address range.
 * SPDX-License-Identifier: MIT */
#ifndef MACHINE_BUS_H
#define MACHINE_BUS_H

#include "base/base.h"

/* One MMIO device window.  Offsets passed to the callbacks are relative
 * to base; accesses are naturally aligned and of a size in `sizes` (a
 * bit mask of 1, 2, 4, 8), others are refused with an access fault. */
typedef struct BusDevice {
    const char *name;
    uint64_t base;
    uint64_t size;
    unsigned sizes;
    uint64_t (*read)(void *opaque, uint64_t offset, unsigned size);
    void (*write)(void *opaque, uint64_t offset, uint64_t value,
                  unsigned size);
    void *opaque;
} BusDevice;

#define BUS_SIZES_ALL (1u | 2u | 4u | 8u)
#define BUS_SIZES_32 4u
#define BUS_SIZES_32_64 (4u | 8u)

typedef struct Bus Bus;

Bus *bus_new(void);
void bus_free(Bus *bus);
/* Registers a device; false if it overlaps one already there. */
bool bus_add(Bus *bus, const BusDevice *dev) MUST_CHECK;
/* MMIO access; false when no device accepts it (an access fault). */
bool bus_read(Bus *bus, uint64_t pa, unsigned size, uint64_t *val);
bool bus_write(Bus *bus, uint64_t pa, unsigned size, uint64_t val);

#endif
