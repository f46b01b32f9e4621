/* Hostile driver against virtio-net, plus a real ARP exchange with the
 * user-mode network (the host side answers for 10.0.2.2).
 * SPDX-License-Identifier: MIT */
#include "vlib.h"

#define RXQ 0
#define TXQ 1

/* virtio_net_hdr (12 bytes) + ARP request who-has 10.0.2.2 tell 10.0.2.15 */
static const uint8_t arp_frame[12 + 42] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x52, 0x54, 0x00, 0x12, 0x34, 0x56,
    0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x01,
    0x52, 0x54, 0x00, 0x12, 0x34, 0x56, 10, 0, 2, 15,
    0, 0, 0, 0, 0, 0, 10, 0, 2, 2,
};

/* The rx queue uses the second set of rings. */
static struct desc rx_desc[QSIZE] __attribute__((aligned(4096)));
static struct avail rx_avail __attribute__((aligned(4096)));
static struct used rx_used __attribute__((aligned(4096)));

static void setup_rx(void)
{
    for (int i = 0; i < QSIZE; i++) {
        rx_desc[i] = (struct desc){0, 0, 0, 0};
    }
    rx_avail.idx = 0;
    rx_used.idx = 0;
    queue_setup_at(RXQ, QSIZE, (uintptr_t)rx_desc, (uintptr_t)&rx_avail,
                   (uintptr_t)&rx_used);
}

static int rx_arrived(void)
{
    return *(volatile uint16_t *)&rx_used.idx != 0;
}

static int net_up(uint64_t feats)
{
    if (dev_init(feats)) {
        return 1;
    }
    setup_rx();
    queue_setup(TXQ);
    driver_ok();
    return 0;
}

int main(void)
{
    dev = find_device(1);
    if (!dev) {
        bm_puts("no virtio-net device\n");
        return 100;
    }
    uint64_t feats = FEAT_VERSION_1 | FEAT_INDIRECT | (1ULL << 5) |
                     (1ULL << 16);

    begin("config: MAC 52:54:00:12:34:56, link up");
    {
        volatile uint8_t *cfg = (volatile uint8_t *)(dev + R_CONFIG);
        static const uint8_t mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
        int ok = 1;
        for (int i = 0; i < 6; i++) {
            ok = ok && cfg[i] == mac[i];
        }
        verdict(ok && (cfg[6] & 1));
    }

    begin("ARP request out, reply in (with an interrupt)");
    net_up(feats);
    irq_setup();
    for (unsigned i = 0; i < sizeof arp_frame; i++) {
        buf[0][i] = arp_frame[i];
    }
    fill(buf[1], 0, 2048);
    rx_desc[0] = (struct desc){(uintptr_t)buf[1], 2048, F_WRITE, 0};
    rx_avail.ring[0] = 0;
    fence();
    rx_avail.idx = 1;
    fence();
    wr(R_QUEUE_NOTIFY, RXQ);
    set_desc(0, (uintptr_t)buf[0], sizeof arp_frame, 0, 0);
    submit(TXQ, 0);
    {
        int tx_ok = vq_used.idx == 1;
        /* The reply arrives between instruction slices, with an
         * interrupt; wait for it in WFI (at most 5 s of guest time). */
        wait_for(rx_arrived, 5000);
        const uint8_t *f = buf[1] + 12;
        int rx_ok = rx_used.idx == 1 && rx_used.ring[0].len >= 12 + 42 &&
                    f[12] == 0x08 && f[13] == 0x06 && f[21] == 2 &&
                    f[28] == 10 && f[31] == 2;
        if (!irq_seen) {
            bm_puts("(no interrupt) ");
        }
        if (!tx_ok) {
            bm_puts("(tx not used) ");
        }
        if (!rx_ok) {
            bm_puts("(no ARP reply) ");
        }
        verdict(tx_ok && rx_ok && irq_seen && !needs_reset());
    }

    begin("transmit chain with a device-writable buffer");
    net_up(feats);
    set_desc(0, (uintptr_t)buf[0], sizeof arp_frame, F_WRITE, 0);
    submit(TXQ, 0);
    expect_reset();

    begin("transmit shorter than the virtio-net header");
    net_up(feats);
    set_desc(0, (uintptr_t)buf[0], 8, 0, 0);
    submit(TXQ, 0);
    expect_reset();

    begin("transmit buffer outside RAM");
    net_up(feats);
    set_desc(0, 0x0c000000, 64, 0, 0);
    submit(TXQ, 0);
    expect_reset();

    begin("transmit descriptor loop");
    net_up(feats);
    set_desc(0, (uintptr_t)buf[0], 12, F_NEXT, 1);
    set_desc(1, (uintptr_t)buf[0] + 12, 42, F_NEXT, 0);
    submit(TXQ, 0);
    expect_reset();

    begin("oversized transmit frame is dropped, device fine");
    net_up(feats);
    set_desc(0, RAM_BASE + (1 << 20), 70000, 0, 0);
    submit(TXQ, 0);
    verdict(!needs_reset() && vq_used.idx == 1);

    begin("receive queue with head index beyond the queue");
    net_up(feats);
    rx_avail.ring[0] = 50;
    fence();
    rx_avail.idx = 1;
    fence();
    wr(R_QUEUE_NOTIFY, RXQ);
    /* The bad head is only looked at when a frame arrives: send an ARP
     * request so that one does. */
    for (unsigned i = 0; i < sizeof arp_frame; i++) {
        buf[0][i] = arp_frame[i];
    }
    set_desc(0, (uintptr_t)buf[0], sizeof arp_frame, 0, 0);
    submit(TXQ, 0);
    wait_for(needs_reset, 5000);
    verdict(needs_reset() && rx_used.idx == 0);
    return finish();
}
