/* The system bus: a small sorted table of MMIO windows.
 * SPDX-License-Identifier: MIT */
#include "machine/bus.h"

#include <stdlib.h>

#define BUS_MAX_DEVICES 64

struct Bus {
    BusDevice devs[BUS_MAX_DEVICES];
    unsigned count;
    const BusDevice *last; /* most recently used: device polling loops */
};

Bus *bus_new(void)
{
    return base_alloc(sizeof(Bus));
}

void bus_free(Bus *bus)
{
    free(bus);
}

bool bus_add(Bus *bus, const BusDevice *dev)
{
    unsigned i;
    uint64_t last = dev->base + dev->size - 1;
    if (bus->count == BUS_MAX_DEVICES || dev->size == 0 || last < dev->base) {
        return false; /* full, empty, or wrapping past 2^64 */
    }
    for (i = 0; i < bus->count; i++) {
        const BusDevice *d = &bus->devs[i];
        if (dev->base <= d->base + d->size - 1 && d->base <= last) {
            return false;
        }
    }
    /* Keep the table sorted by base address. */
    for (i = bus->count; i > 0 && bus->devs[i - 1].base > dev->base; i--) {
        bus->devs[i] = bus->devs[i - 1];
    }
    bus->devs[i] = *dev;
    bus->count++;
    bus->last = NULL;
    return true;
}

static const BusDevice *find(Bus *bus, uint64_t pa, unsigned size)
{
    const BusDevice *d = bus->last;
    if (d == NULL || pa < d->base || pa - d->base >= d->size) {
        unsigned lo = 0, hi = bus->count;
        d = NULL;
        while (lo < hi) {
            unsigned mid = (lo + hi) / 2;
            const BusDevice *m = &bus->devs[mid];
            if (pa < m->base) {
                hi = mid;
            } else if (pa - m->base >= m->size) {
                lo = mid + 1;
            } else {
                d = m;
                break;
            }
        }
        if (d == NULL) {
            return NULL;
        }
        bus->last = d;
    }
    if (size == 0 || size > 8 || (size & (size - 1)) || !(d->sizes & size) ||
        (pa & (size - 1)) || size > d->size || pa - d->base > d->size - size) {
        return NULL;
    }
    return d;
}

bool bus_read(Bus *bus, uint64_t pa, unsigned size, uint64_t *val)
{
    const BusDevice *d = find(bus, pa, size);
    if (d == NULL) {
        return false;
    }
    *val = d->read(d->opaque, pa - d->base, size);
    return true;
}

bool bus_write(Bus *bus, uint64_t pa, unsigned size, uint64_t val)
{
    const BusDevice *d = find(bus, pa, size);
    if (d == NULL) {
        return false;
    }
    d->write(d->opaque, pa - d->base, val, size);
    return true;
}
