/* Hostile driver against virtio-blk: bad indices, loops, buffers outside
 * RAM or overlapping, bad indirect tables, bad queue geometry, malformed
 * requests; plus well-formed requests that must still work.
 * SPDX-License-Identifier: MIT
 *
 * The disk (first --disk) holds "RVREPLAY-HOSTILE-DISK" at offset 0 and is
 * 1 MiB (2048 sectors). */
#include "vlib.h"

#define T_IN 0
#define T_OUT 1
#define T_GET_ID 8
#define SECTORS 2048

static const char magic[] = "RVREPLAY-HOSTILE-DISK";

struct blk_hdr {
    uint32_t type;
    uint32_t reserved;
    uint64_t sector;
};

static struct blk_hdr *hdr(void) { return (struct blk_hdr *)buf[0]; }
static uint8_t *data(void) { return buf[1]; }
static volatile uint8_t *status(void) { return buf[2]; }

static void prep(uint32_t type, uint64_t sector)
{
    hdr()->type = type;
    hdr()->reserved = 0;
    hdr()->sector = sector;
    fill(data(), 0xee, 512);
    *status() = 0xff;
}

/* header -> data -> status, the usual three-descriptor chain. */
static void std_chain(uint16_t data_flags, uint32_t data_len)
{
    set_desc(0, (uintptr_t)hdr(), 16, F_NEXT, 1);
    set_desc(1, (uintptr_t)data(), data_len, data_flags | F_NEXT, 2);
    set_desc(2, (uintptr_t)status(), 1, F_WRITE, 0);
}

static int read_sector0_ok(void)
{
    prep(T_IN, 0);
    std_chain(F_WRITE, 512);
    submit(0, 0);
    return !needs_reset() && vq_used.idx == 1 && *status() == 0 &&
           vq_used.ring[0].id == 0 && vq_used.ring[0].len == 513 &&
           same(data(), magic, sizeof magic - 1);
}

int main(void)
{
    dev = find_device(2);
    if (!dev) {
        bm_puts("no virtio-blk device\n");
        return 100;
    }
    uint64_t feats = FEAT_VERSION_1 | FEAT_INDIRECT;

    begin("valid read of sector 0");
    verdict(bring_up(feats, 0) == 0 && read_sector0_ok());

    begin("GET_ID");
    bring_up(feats, 0);
    prep(T_GET_ID, 0);
    std_chain(F_WRITE, 20);
    submit(0, 0);
    verdict(!needs_reset() && *status() == 0 &&
            same(data(), "rvreplay-disk0", 15));

    begin("read past the end: IOERR, device keeps working");
    bring_up(feats, 0);
    prep(T_IN, SECTORS);
    std_chain(F_WRITE, 512);
    submit(0, 0);
    verdict(!needs_reset() && vq_used.idx == 1 && *status() == 1);

    begin("sector number overflow: IOERR");
    bring_up(feats, 0);
    prep(T_IN, 0xffffffffffffffffULL);
    std_chain(F_WRITE, 512);
    submit(0, 0);
    verdict(!needs_reset() && vq_used.idx == 1 && *status() == 1);

    begin("unknown request type: UNSUPP");
    bring_up(feats, 0);
    prep(77, 0);
    std_chain(F_WRITE, 512);
    submit(0, 0);
    verdict(!needs_reset() && vq_used.idx == 1 && *status() == 2);

    begin("head index beyond the queue");
    bring_up(feats, 0);
    prep(T_IN, 0);
    std_chain(F_WRITE, 512);
    submit(0, 200);
    expect_reset();

    begin("next index beyond the queue");
    bring_up(feats, 0);
    prep(T_IN, 0);
    std_chain(F_WRITE, 512);
    vq_desc[1].next = 9;
    submit(0, 0);
    expect_reset();

    begin("descriptor loop");
    bring_up(feats, 0);
    prep(T_IN, 0);
    set_desc(0, (uintptr_t)hdr(), 16, F_NEXT, 1);
    set_desc(1, (uintptr_t)data(), 512, F_NEXT, 0);
    submit(0, 0);
    expect_reset();

    begin("self loop on one descriptor");
    bring_up(feats, 0);
    prep(T_IN, 0);
    set_desc(0, (uintptr_t)hdr(), 16, F_NEXT, 0);
    submit(0, 0);
    expect_reset();

    begin("data buffer in MMIO space (the UART)");
    bring_up(feats, 0);
    prep(T_IN, 0);
    std_chain(F_WRITE, 512);
    vq_desc[1].addr = 0x10000000;
    submit(0, 0);
    expect_reset();

    begin("data buffer crossing the end of RAM");
    bring_up(feats, 0);
    prep(T_IN, 0);
    std_chain(F_WRITE, 512);
    vq_desc[1].addr = RAM_END - 256;
    submit(0, 0);
    expect_reset();

    begin("data buffer address wrapping around 2^64");
    bring_up(feats, 0);
    prep(T_IN, 0);
    std_chain(F_WRITE, 512);
    vq_desc[1].addr = 0xffffffffffffff00ULL;
    submit(0, 0);
    expect_reset();

    begin("huge length");
    bring_up(feats, 0);
    prep(T_IN, 0);
    std_chain(F_WRITE, 0xffffffffu);
    submit(0, 0);
    expect_reset();

    begin("writable buffer overlapping the header");
    bring_up(feats, 0);
    prep(T_IN, 0);
    std_chain(F_WRITE, 512);
    vq_desc[1].addr = (uintptr_t)hdr();
    submit(0, 0);
    expect_reset();

    begin("writable buffer overlapping the descriptor table");
    bring_up(feats, 0);
    prep(T_IN, 0);
    std_chain(F_WRITE, 512);
    vq_desc[1].addr = (uintptr_t)vq_desc;
    submit(0, 0);
    expect_reset();

    begin("writable buffer over the used ring");
    bring_up(feats, 0);
    prep(T_IN, 0);
    std_chain(F_WRITE, 512);
    vq_desc[1].addr = (uintptr_t)&vq_used;
    submit(0, 0);
    expect_reset();

    begin("readable descriptor after a writable one");
    bring_up(feats, 0);
    prep(T_IN, 0);
    set_desc(0, (uintptr_t)data(), 512, F_WRITE | F_NEXT, 1);
    set_desc(1, (uintptr_t)hdr(), 16, F_NEXT, 2);
    set_desc(2, (uintptr_t)status(), 1, F_WRITE, 0);
    submit(0, 0);
    expect_reset();

    begin("no writable status byte");
    bring_up(feats, 0);
    prep(T_IN, 0);
    set_desc(0, (uintptr_t)hdr(), 16, 0, 0);
    submit(0, 0);
    expect_reset();

    begin("header shorter than 16 bytes");
    bring_up(feats, 0);
    prep(T_IN, 0);
    std_chain(F_WRITE, 512);
    vq_desc[0].len = 8;
    submit(0, 0);
    expect_reset();

    begin("indirect descriptor without the feature");
    bring_up(FEAT_VERSION_1, 0);
    prep(T_IN, 0);
    vq_indirect[0] = (struct desc){(uintptr_t)hdr(), 16, F_NEXT, 1};
    vq_indirect[1] = (struct desc){(uintptr_t)data(), 512, F_WRITE | F_NEXT, 2};
    vq_indirect[2] = (struct desc){(uintptr_t)status(), 1, F_WRITE, 0};
    set_desc(0, (uintptr_t)vq_indirect, 48, F_INDIRECT, 0);
    submit(0, 0);
    expect_reset();

    begin("valid indirect request");
    bring_up(feats, 0);
    prep(T_IN, 0);
    set_desc(0, (uintptr_t)vq_indirect, 48, F_INDIRECT, 0);
    submit(0, 0);
    verdict(!needs_reset() && vq_used.idx == 1 && *status() == 0 &&
            same(data(), magic, sizeof magic - 1));

    begin("indirect table length not a multiple of 16");
    bring_up(feats, 0);
    prep(T_IN, 0);
    set_desc(0, (uintptr_t)vq_indirect, 40, F_INDIRECT, 0);
    submit(0, 0);
    expect_reset();

    begin("indirect table longer than the largest queue");
    bring_up(feats, 0);
    prep(T_IN, 0);
    set_desc(0, (uintptr_t)vq_indirect, 300 * 16, F_INDIRECT, 0);
    submit(0, 0);
    expect_reset();

    begin("indirect table outside RAM");
    bring_up(feats, 0);
    prep(T_IN, 0);
    set_desc(0, RAM_END - 16, 48, F_INDIRECT, 0);
    submit(0, 0);
    expect_reset();

    begin("indirect loop");
    bring_up(feats, 0);
    prep(T_IN, 0);
    vq_indirect[0] = (struct desc){(uintptr_t)hdr(), 16, F_NEXT, 1};
    vq_indirect[1] = (struct desc){(uintptr_t)data(), 512, F_NEXT, 0};
    set_desc(0, (uintptr_t)vq_indirect, 48, F_INDIRECT, 0);
    submit(0, 0);
    expect_reset();

    begin("indirect next index beyond the table");
    bring_up(feats, 0);
    prep(T_IN, 0);
    vq_indirect[0] = (struct desc){(uintptr_t)hdr(), 16, F_NEXT, 1};
    vq_indirect[1] = (struct desc){(uintptr_t)data(), 512, F_WRITE | F_NEXT, 3};
    set_desc(0, (uintptr_t)vq_indirect, 48, F_INDIRECT, 0);
    submit(0, 0);
    expect_reset();

    begin("nested indirect table");
    bring_up(feats, 0);
    prep(T_IN, 0);
    vq_indirect[0] = (struct desc){(uintptr_t)&vq_indirect[4], 48, F_INDIRECT, 0};
    set_desc(0, (uintptr_t)vq_indirect, 48, F_INDIRECT, 0);
    submit(0, 0);
    expect_reset();

    begin("indirect descriptor with NEXT in a chain");
    bring_up(feats, 0);
    prep(T_IN, 0);
    set_desc(0, (uintptr_t)hdr(), 16, F_NEXT, 1);
    set_desc(1, (uintptr_t)vq_indirect, 48, F_INDIRECT, 0);
    submit(0, 0);
    expect_reset();

    begin("indirect table overwritten by the request's own data");
    bring_up(feats, 0);
    prep(T_IN, 0);
    vq_indirect[0] = (struct desc){(uintptr_t)hdr(), 16, F_NEXT, 1};
    vq_indirect[1] = (struct desc){(uintptr_t)vq_indirect, 512, F_WRITE | F_NEXT, 2};
    vq_indirect[2] = (struct desc){(uintptr_t)status(), 1, F_WRITE, 0};
    set_desc(0, (uintptr_t)vq_indirect, 48, F_INDIRECT, 0);
    submit(0, 0);
    expect_reset();

    begin("queue size above QueueNumMax");
    dev_init(feats);
    wr(R_QUEUE_SEL, 0);
    {
        int max_ok = rd(R_QUEUE_NUM_MAX) == 256;
        clear_rings();
        queue_setup_at(0, 512, (uintptr_t)vq_desc, (uintptr_t)&vq_avail,
                       (uintptr_t)&vq_used);
        verdict(max_ok && needs_reset() && rd(R_QUEUE_READY) == 0);
    }

    begin("queue size not a power of two");
    dev_init(feats);
    clear_rings();
    queue_setup_at(0, 3, (uintptr_t)vq_desc, (uintptr_t)&vq_avail,
                   (uintptr_t)&vq_used);
    verdict(needs_reset() && rd(R_QUEUE_READY) == 0);

    begin("queue size 0");
    dev_init(feats);
    clear_rings();
    queue_setup_at(0, 0, (uintptr_t)vq_desc, (uintptr_t)&vq_avail,
                   (uintptr_t)&vq_used);
    verdict(needs_reset() && rd(R_QUEUE_READY) == 0);

    begin("rings outside RAM");
    dev_init(feats);
    queue_setup_at(0, QSIZE, 0x1000, (uintptr_t)&vq_avail,
                   (uintptr_t)&vq_used);
    verdict(needs_reset() && rd(R_QUEUE_READY) == 0);

    begin("used ring at the very end of RAM, too long");
    dev_init(feats);
    queue_setup_at(0, 256, (uintptr_t)vq_desc, (uintptr_t)&vq_avail,
                   RAM_END - 64);
    verdict(needs_reset() && rd(R_QUEUE_READY) == 0);

    begin("misaligned descriptor table");
    dev_init(feats);
    queue_setup_at(0, QSIZE, (uintptr_t)vq_desc + 8, (uintptr_t)&vq_avail,
                   (uintptr_t)&vq_used);
    verdict(needs_reset() && rd(R_QUEUE_READY) == 0);

    begin("used ring overlapping the descriptor table");
    dev_init(feats);
    queue_setup_at(0, QSIZE, (uintptr_t)vq_desc, (uintptr_t)&vq_avail,
                   (uintptr_t)vq_desc + 64);
    verdict(needs_reset() && rd(R_QUEUE_READY) == 0);

    begin("available index jumps beyond the queue size");
    bring_up(feats, 0);
    prep(T_IN, 0);
    std_chain(F_WRITE, 512);
    vq_avail.ring[0] = 0;
    vq_avail.idx = 100;
    fence();
    wr(R_QUEUE_NOTIFY, 0);
    expect_reset();

    begin("notify of a queue that does not exist");
    bring_up(feats, 0);
    wr(R_QUEUE_NOTIFY, 5);
    wr(R_QUEUE_NOTIFY, 0xffffffff);
    verdict(!needs_reset());

    begin("no processing after DEVICE_NEEDS_RESET");
    bring_up(feats, 0);
    prep(T_IN, 0);
    std_chain(F_WRITE, 512);
    submit(0, 200); /* broken */
    vq_avail.ring[1] = 0;
    submit(0, 0);
    verdict(needs_reset() && vq_used.idx == 0 && *status() == 0xff);

    begin("device works again after a reset");
    verdict(bring_up(feats, 0) == 0 && read_sector0_ok());

    begin("write then read back sector 1");
    bring_up(feats, 0);
    prep(T_OUT, 1);
    for (int i = 0; i < 512; i++) {
        data()[i] = (uint8_t)(i * 7);
    }
    set_desc(0, (uintptr_t)hdr(), 16, F_NEXT, 1);
    set_desc(1, (uintptr_t)data(), 512, F_NEXT, 2);
    set_desc(2, (uintptr_t)status(), 1, F_WRITE, 0);
    submit(0, 0);
    {
        int ok = *status() == 0 && vq_used.idx == 1;
        prep(T_IN, 1);
        std_chain(F_WRITE, 512);
        vq_avail.ring[1] = 0;
        submit(0, 0);
        ok = ok && *status() == 0 && vq_used.idx == 2;
        for (int i = 0; i < 512 && ok; i++) {
            ok = data()[i] == (uint8_t)(i * 7);
        }
        verdict(ok);
    }
    return finish();
}
