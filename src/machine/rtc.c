/* Goldfish RTC (QEMU virt's real-time clock at 0x101000, PLIC source 11).
 * SPDX-License-Identifier: MIT
 *
 * The clock reads as nanoseconds since the Unix epoch: the host wall-clock
 * time at power-on (MachineEnv.boot_wallclock_ns, an input the replay layer
 * logs) plus the guest time elapsed since then, plus whatever the guest
 * added by setting the clock.  Guest time is the machine's virtual clock
 * at mtime resolution (100 ns ticks), independent of guest writes to
 * mtime, so a replay reads exactly the same values.  The alarm fires when
 * the clock reaches it; the run loop ends a slice at that instruction
 * (board_next_event), which makes the interrupt deterministic too.
 *
 * Register semantics follow QEMU's hw/rtc/goldfish_rtc.c: reading
 * TIME_LOW latches the high half for the next TIME_HIGH read; writing
 * either half of TIME shifts the clock; ALARM_LOW arms the alarm. */
#include "machine/machine_internal.h"

#include "machine/fdt.h"

#include <stdio.h>
#include <stdlib.h>

enum {
    RTC_TIME_LOW = 0x00,
    RTC_TIME_HIGH = 0x04,
    RTC_ALARM_LOW = 0x08,
    RTC_ALARM_HIGH = 0x0c,
    RTC_IRQ_ENABLED = 0x10,
    RTC_CLEAR_ALARM = 0x14,
    RTC_ALARM_STATUS = 0x18,
    RTC_CLEAR_INTERRUPT = 0x1c,
};

#define RTC_SIZE 0x1000
/* Nanoseconds per mtime tick (10 MHz timebase). */
#define NS_PER_TICK (1000000000ULL / MACHINE_TIMEBASE_HZ)

struct Rtc {
    Machine *m;
    uint64_t base;
    IrqLine irq;
    uint64_t offset_ns;  /* added by guest writes to TIME (mod 2^64) */
    uint64_t alarm_ns;   /* ALARM_HIGH:ALARM_LOW */
    uint32_t time_high;  /* latched by a TIME_LOW read */
    bool alarm_running;
    bool irq_pending;
    bool irq_enabled;
};

/* Guest nanoseconds since power-on (at 100 ns resolution). */
static uint64_t guest_ns(const Rtc *r)
{
    return machine_vclock(r->m) / MACHINE_INSNS_PER_TICK * NS_PER_TICK;
}

static uint64_t clock_base(const Rtc *r)
{
    return r->m->cfg.env.boot_wallclock_ns + r->offset_ns;
}

static uint64_t now_ns(const Rtc *r)
{
    return clock_base(r) + guest_ns(r);
}

static void update_irq(Rtc *r)
{
    irq_set(&r->irq, r->irq_pending && r->irq_enabled);
}

static void fire(Rtc *r)
{
    r->alarm_running = false;
    r->irq_pending = true;
    update_irq(r);
}

static void arm(Rtc *r)
{
    if (r->alarm_ns <= now_ns(r)) {
        fire(r);
    } else {
        r->alarm_running = true;
    }
}

uint64_t rtc_next_event(const Rtc *r)
{
    if (!r->alarm_running) {
        return UINT64_MAX;
    }
    uint64_t base = clock_base(r);
    /* Alarm set before the clock's origin (after moving the clock
     * forward): due at once. */
    if (r->alarm_ns <= base) {
        return 0;
    }
    uint64_t ticks = (r->alarm_ns - base + NS_PER_TICK - 1) / NS_PER_TICK;
    if (ticks > UINT64_MAX / MACHINE_INSNS_PER_TICK) {
        return UINT64_MAX;
    }
    return ticks * MACHINE_INSNS_PER_TICK;
}

void rtc_update(Rtc *r)
{
    if (r->alarm_running && now_ns(r) >= r->alarm_ns) {
        fire(r);
    }
}

/* Moves the clock so that it reads `want` now. */
static void set_time(Rtc *r, uint64_t want)
{
    r->offset_ns += want - now_ns(r);
}

static uint64_t rtc_read(void *opaque, uint64_t off, unsigned size)
{
    Rtc *r = opaque;
    (void)size;
    switch (off) {
    case RTC_TIME_LOW: {
        uint64_t t = now_ns(r);
        r->time_high = (uint32_t)(t >> 32);
        return (uint32_t)t;
    }
    case RTC_TIME_HIGH:
        return r->time_high;
    case RTC_ALARM_LOW:
        return (uint32_t)r->alarm_ns;
    case RTC_ALARM_HIGH:
        return (uint32_t)(r->alarm_ns >> 32);
    case RTC_IRQ_ENABLED:
        return r->irq_enabled;
    case RTC_ALARM_STATUS:
        return r->alarm_running;
    default:
        return 0;
    }
}

static void rtc_write(void *opaque, uint64_t off, uint64_t val,
                      unsigned size)
{
    Rtc *r = opaque;
    uint32_t v = (uint32_t)val;
    (void)size;
    switch (off) {
    case RTC_TIME_LOW:
        set_time(r, (now_ns(r) & ~0xffffffffULL) | v);
        break;
    case RTC_TIME_HIGH:
        set_time(r, (now_ns(r) & 0xffffffffULL) | (uint64_t)v << 32);
        break;
    case RTC_ALARM_LOW:
        r->alarm_ns = (r->alarm_ns & ~0xffffffffULL) | v;
        arm(r);
        break;
    case RTC_ALARM_HIGH:
        r->alarm_ns = (r->alarm_ns & 0xffffffffULL) | (uint64_t)v << 32;
        break;
    case RTC_IRQ_ENABLED:
        r->irq_enabled = v & 1;
        update_irq(r);
        break;
    case RTC_CLEAR_ALARM:
        r->alarm_running = false;
        break;
    case RTC_CLEAR_INTERRUPT:
        r->irq_pending = false;
        update_irq(r);
        break;
    default:
        break;
    }
    /* Every MMIO access ends the slice (src/cpu), so the run loop sees a
     * moved alarm deadline before the next instruction. */
}

void rtc_reset(Rtc *r)
{
    /* The clock keeps its setting across a reboot, like a battery-backed
     * RTC (and QEMU's, which is not reset); alarm and interrupt are. */
    r->alarm_ns = 0;
    r->alarm_running = false;
    r->irq_pending = false;
    r->irq_enabled = false;
    update_irq(r);
}

Rtc *rtc_new(Machine *m, uint64_t base, IrqLine irq)
{
    Rtc *r = base_alloc(sizeof(*r));
    memset(r, 0, sizeof(*r));
    r->m = m;
    r->base = base;
    r->irq = irq;
    BusDevice dev = {
        .name = "rtc", .base = base, .size = RTC_SIZE,
        .sizes = BUS_SIZES_32, .read = rtc_read, .write = rtc_write,
        .opaque = r,
    };
    if (!bus_add(m->bus, &dev)) {
        free(r);
        return NULL;
    }
    return r;
}

void rtc_free(Rtc *r)
{
    free(r);
}

void rtc_devtree(const Rtc *r, DevTree *t, uint32_t plic)
{
    char path[64];
    snprintf(path, sizeof path, "/soc/rtc@%llx",
             (unsigned long long)r->base);
    devtree_node(t, path);
    devtree_prop_str(t, path, "compatible", "google,goldfish-rtc");
    devtree_prop_reg(t, path, r->base, RTC_SIZE);
    devtree_prop_u32(t, path, "interrupt-parent", plic);
    devtree_prop_u32(t, path, "interrupts", r->irq.n);
}
