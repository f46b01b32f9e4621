/* Minimal virtio-mmio driver pieces for the hostile-driver test programs.
 * SPDX-License-Identifier: MIT
 *
 * The programs play a buggy or malicious driver: they build descriptor
 * chains by hand and check that the device refuses them (status bit
 * DEVICE_NEEDS_RESET, or an error status for requests that are well
 * formed but impossible) while the emulator keeps running. */
#ifndef VLIB_H
#define VLIB_H

#include "baremetal.h"

#define RAM_BASE 0x80000000UL
/* The test script runs every program with --mem 64M. */
#define RAM_END (RAM_BASE + (64UL << 20))

#define SLOT(n) (0x10001000UL + 0x1000UL * (n))
#define R_MAGIC 0x000
#define R_VERSION 0x004
#define R_DEVICE_ID 0x008
#define R_DEV_FEATURES 0x010
#define R_DEV_FEATURES_SEL 0x014
#define R_DRV_FEATURES 0x020
#define R_DRV_FEATURES_SEL 0x024
#define R_QUEUE_SEL 0x030
#define R_QUEUE_NUM_MAX 0x034
#define R_QUEUE_NUM 0x038
#define R_QUEUE_READY 0x044
#define R_QUEUE_NOTIFY 0x050
#define R_ISR 0x060
#define R_ISR_ACK 0x064
#define R_STATUS 0x070
#define R_DESC_LO 0x080
#define R_DESC_HI 0x084
#define R_AVAIL_LO 0x090
#define R_AVAIL_HI 0x094
#define R_USED_LO 0x0a0
#define R_USED_HI 0x0a4
#define R_CONFIG 0x100

#define S_ACK 1
#define S_DRIVER 2
#define S_DRIVER_OK 4
#define S_FEATURES_OK 8
#define S_NEEDS_RESET 64

#define F_NEXT 1
#define F_WRITE 2
#define F_INDIRECT 4

#define FEAT_INDIRECT (1ULL << 28)
#define FEAT_VERSION_1 (1ULL << 32)

#define QSIZE 8

struct desc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags;
    uint16_t next;
};

struct avail {
    uint16_t flags;
    uint16_t idx;
    uint16_t ring[256];
};

struct used_elem {
    uint32_t id;
    uint32_t len;
};

struct used {
    uint16_t flags;
    uint16_t idx;
    struct used_elem ring[256];
};

/* One queue's rings, page aligned, plus scratch buffers. */
static struct desc vq_desc[256] __attribute__((aligned(4096)));
static struct avail vq_avail __attribute__((aligned(4096)));
static struct used vq_used __attribute__((aligned(4096)));
__attribute__((unused)) static struct desc vq_indirect[512] __attribute__((aligned(4096)));
static uint8_t buf[4][4096] __attribute__((aligned(4096)));

static uintptr_t dev;
static int failures_seen;
static int case_no;

static inline uint32_t rd(unsigned off)
{
    return *(volatile uint32_t *)(dev + off);
}

static inline void wr(unsigned off, uint32_t v)
{
    *(volatile uint32_t *)(dev + off) = v;
}

static inline void fence(void)
{
    __asm__ volatile("fence rw, rw" ::: "memory");
}

static void put_dec(unsigned v)
{
    char s[12];
    int i = 0;
    do {
        s[i++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (i) {
        bm_putc(s[--i]);
    }
}

/* Finds the slot holding device `id`; 0 if none. */
static uintptr_t find_device(uint32_t id)
{
    for (int i = 7; i >= 0; i--) {
        volatile uint32_t *p = (volatile uint32_t *)SLOT(i);
        if (p[0] == 0x74726976 && p[1] == 2 && p[2] == id) {
            return SLOT(i);
        }
    }
    return 0;
}

/* Reset and feature negotiation; returns 0 on success. */
static int dev_init(uint64_t features)
{
    wr(R_STATUS, 0);
    if (rd(R_STATUS) != 0) {
        return 1;
    }
    wr(R_STATUS, S_ACK);
    wr(R_STATUS, S_ACK | S_DRIVER);
    wr(R_DRV_FEATURES_SEL, 0);
    wr(R_DRV_FEATURES, (uint32_t)features);
    wr(R_DRV_FEATURES_SEL, 1);
    wr(R_DRV_FEATURES, (uint32_t)(features >> 32));
    wr(R_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK);
    if (!(rd(R_STATUS) & S_FEATURES_OK)) {
        return 2;
    }
    return 0;
}

static void clear_rings(void)
{
    for (unsigned i = 0; i < sizeof vq_desc / sizeof vq_desc[0]; i++) {
        vq_desc[i] = (struct desc){0, 0, 0, 0};
    }
    vq_avail.flags = 0;
    vq_avail.idx = 0;
    vq_used.flags = 0;
    vq_used.idx = 0;
}

static void queue_setup_at(unsigned q, unsigned num, uint64_t d, uint64_t a,
                           uint64_t u)
{
    wr(R_QUEUE_SEL, q);
    wr(R_QUEUE_NUM, num);
    wr(R_DESC_LO, (uint32_t)d);
    wr(R_DESC_HI, (uint32_t)(d >> 32));
    wr(R_AVAIL_LO, (uint32_t)a);
    wr(R_AVAIL_HI, (uint32_t)(a >> 32));
    wr(R_USED_LO, (uint32_t)u);
    wr(R_USED_HI, (uint32_t)(u >> 32));
    wr(R_QUEUE_READY, 1);
}

static void queue_setup(unsigned q)
{
    clear_rings();
    queue_setup_at(q, QSIZE, (uintptr_t)vq_desc, (uintptr_t)&vq_avail,
                   (uintptr_t)&vq_used);
}

static void driver_ok(void)
{
    wr(R_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK);
}

/* Full bring-up with one queue (q) on the standard rings. */
__attribute__((unused)) static int bring_up(uint64_t features, unsigned q)
{
    int r = dev_init(features);
    if (r) {
        return r;
    }
    queue_setup(q);
    driver_ok();
    return 0;
}

static void set_desc(unsigned i, uint64_t addr, uint32_t len, uint16_t flags,
                     uint16_t next)
{
    vq_desc[i] = (struct desc){addr, len, flags, next};
}

/* Publishes head `head` and notifies queue q. */
static void submit(unsigned q, uint16_t head)
{
    vq_avail.ring[vq_avail.idx % QSIZE] = head;
    fence();
    vq_avail.idx++;
    fence();
    wr(R_QUEUE_NOTIFY, q);
    fence();
}

static int needs_reset(void)
{
    return (rd(R_STATUS) & S_NEEDS_RESET) != 0;
}

/* Each case prints its name and verdict; the first failing case number is
 * the program's exit status. */
static void begin(const char *name)
{
    case_no++;
    bm_puts("case ");
    put_dec((unsigned)case_no);
    bm_puts(": ");
    bm_puts(name);
    bm_puts(": ");
}

static void verdict(int ok)
{
    bm_puts(ok ? "ok\n" : "FAILED\n");
    if (!ok && failures_seen == 0) {
        failures_seen = case_no;
    }
}

/* The device must have flagged DEVICE_NEEDS_RESET with a configuration
 * change interrupt, and must not have used the buffer. */
static void expect_reset(void)
{
    int ok = needs_reset() && (rd(R_ISR) & 2) && vq_used.idx == 0;
    verdict(ok);
}

static void fill(void *p, int v, unsigned n)
{
    uint8_t *b = p;
    for (unsigned i = 0; i < n; i++) {
        b[i] = (uint8_t)v;
    }
}

__attribute__((unused)) static int same(const void *a, const void *b, unsigned n)
{
    const uint8_t *x = a, *y = b;
    for (unsigned i = 0; i < n; i++) {
        if (x[i] != y[i]) {
            return 0;
        }
    }
    return 1;
}

/* ---- waiting for the device, the way a driver does ---- */

#define PLIC_BASE 0x0c000000UL
#define PLIC_ENABLE_CTX0 (PLIC_BASE + 0x2000)
#define PLIC_THRESHOLD_CTX0 (PLIC_BASE + 0x200000)
#define PLIC_CLAIM_CTX0 (PLIC_BASE + 0x200004)
#define CLINT_MTIMECMP0 0x2004000UL
#define CLINT_MTIME 0x200bff8UL
#define MTIME_PER_MS 10000UL /* 10 MHz */

static int irq_seen; /* the device's PLIC source was claimed */

static unsigned dev_source(void)
{
    return (unsigned)((dev - SLOT(0)) / 0x1000UL) + 1;
}

static inline volatile uint32_t *mmio32(uintptr_t a)
{
    return (volatile uint32_t *)a;
}

static inline volatile uint64_t *mmio64(uintptr_t a)
{
    return (volatile uint64_t *)a;
}

/* Routes the device's interrupt to hart 0 in M-mode (context 0); the hart
 * only wakes from WFI on it (mstatus.MIE stays 0, no trap is taken). */
__attribute__((unused)) static void irq_setup(void)
{
    unsigned src = dev_source();
    *mmio32(PLIC_BASE + 4 * src) = 1;
    *mmio32(PLIC_ENABLE_CTX0 + 4 * (src / 32)) |= 1u << (src % 32);
    *mmio32(PLIC_THRESHOLD_CTX0) = 0;
    __asm__ volatile("csrs mie, %0" ::"r"((1UL << 11) | (1UL << 7)));
    irq_seen = 0;
}

/* Sleeps in WFI until cond() holds or `ms` of guest time passed (a CLINT
 * timer bounds the wait); claims, acknowledges and completes the device's
 * interrupts on the way.  Returns cond(). */
__attribute__((unused)) static int wait_for(int (*cond)(void), unsigned ms)
{
    uint64_t deadline = *mmio64(CLINT_MTIME) + ms * MTIME_PER_MS;
    int ok;
    *mmio64(CLINT_MTIMECMP0) = deadline;
    while (!(ok = cond()) && *mmio64(CLINT_MTIME) < deadline) {
        __asm__ volatile("wfi");
        uint32_t id = *mmio32(PLIC_CLAIM_CTX0);
        if (id == dev_source()) {
            irq_seen = 1;
            wr(R_ISR_ACK, rd(R_ISR));
        }
        if (id) {
            *mmio32(PLIC_CLAIM_CTX0) = id;
        }
    }
    *mmio64(CLINT_MTIMECMP0) = ~0ULL;
    return ok;
}

static int finish(void)
{
    bm_puts(failures_seen ? "hostile: FAILED\n" : "hostile: all cases passed\n");
    return failures_seen;
}

#endif
