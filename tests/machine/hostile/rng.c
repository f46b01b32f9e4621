/* Hostile driver against virtio-rng, plus two good reads.
 * SPDX-License-Identifier: MIT */
#include "vlib.h"

static int nonzero(const uint8_t *p, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        if (p[i]) {
            return 1;
        }
    }
    return 0;
}

int main(void)
{
    dev = find_device(4);
    if (!dev) {
        bm_puts("no virtio-rng device\n");
        return 100;
    }
    uint64_t feats = FEAT_VERSION_1;

    begin("two 64-byte reads: random and different");
    bring_up(feats, 0);
    fill(buf[0], 0, 64);
    fill(buf[1], 0, 64);
    set_desc(0, (uintptr_t)buf[0], 64, F_WRITE, 0);
    set_desc(1, (uintptr_t)buf[1], 64, F_WRITE, 0);
    submit(0, 0);
    submit(0, 1);
    verdict(!needs_reset() && vq_used.idx == 2 && vq_used.ring[0].len == 64 &&
            vq_used.ring[1].len == 64 && nonzero(buf[0], 64) &&
            !same(buf[0], buf[1], 64));
    /* Print them so the test script can compare seeds. */
    bm_puts("rng bytes: ");
    for (int i = 0; i < 16; i++) {
        bm_putc("0123456789abcdef"[buf[0][i] >> 4]);
        bm_putc("0123456789abcdef"[buf[0][i] & 15]);
    }
    bm_putc('\n');

    begin("device-readable buffer");
    bring_up(feats, 0);
    set_desc(0, (uintptr_t)buf[0], 64, 0, 0);
    submit(0, 0);
    expect_reset();

    begin("buffer outside RAM");
    bring_up(feats, 0);
    set_desc(0, 0x2000000, 64, F_WRITE, 0); /* the CLINT */
    submit(0, 0);
    expect_reset();

    begin("buffer over the available ring");
    bring_up(feats, 0);
    set_desc(0, (uintptr_t)&vq_avail, 64, F_WRITE, 0);
    submit(0, 0);
    expect_reset();

    begin("two writable buffers overlapping each other");
    bring_up(feats, 0);
    set_desc(0, (uintptr_t)buf[0], 64, F_WRITE | F_NEXT, 1);
    set_desc(1, (uintptr_t)buf[0] + 32, 64, F_WRITE, 0);
    submit(0, 0);
    expect_reset();

    begin("head index beyond the queue");
    bring_up(feats, 0);
    submit(0, 8);
    expect_reset();

    begin("large request is served in part");
    bring_up(feats, 0);
    set_desc(0, (uintptr_t)buf[0], 4096, F_WRITE | F_NEXT, 1);
    set_desc(1, (uintptr_t)buf[1], 4096, F_WRITE, 0);
    submit(0, 0);
    verdict(!needs_reset() && vq_used.idx == 1 && vq_used.ring[0].len > 0 &&
            vq_used.ring[0].len <= 8192);
    return finish();
}
