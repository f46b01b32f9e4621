/* The virt board's virtio-mmio slots: which device sits where.
 * SPDX-License-Identifier: MIT */
#include "machine/board.h"
#include "machine/virtio.h"

#include <stdlib.h>

struct VirtioBoard {
    VirtioDev *slot[VIRT_VIRTIO_COUNT]; /* NULL: empty (board.c) */
    VirtioDev *net;                     /* also in slot[], or NULL */
};

void virtio_board_init(Machine *m)
{
    const MachineConfig *cfg = &m->cfg;
    VirtioBoard *vb = base_alloc(sizeof(*vb));
    unsigned next = VIRT_VIRTIO_COUNT; /* filled from the top, like QEMU */
    /* The CLI refuses more disks than fit next to the other devices. */
    ASSERT(cfg->ndisks <= MACHINE_MAX_DISKS);
    ASSERT(MACHINE_MAX_DISKS + 2 <= VIRT_VIRTIO_COUNT);
    for (unsigned i = 0; i < cfg->ndisks; i++) {
        next--;
        vb->slot[next] = virtio_blk_new(
            m, VIRT_VIRTIO_SLOT(next),
            board_irq_line(m, VIRT_VIRTIO_IRQ(next)), &cfg->disks[i], i);
    }
    if (cfg->net) {
        next--;
        vb->slot[next] = vb->net = virtio_net_new(
            m, VIRT_VIRTIO_SLOT(next),
            board_irq_line(m, VIRT_VIRTIO_IRQ(next)));
    }
    next--;
    vb->slot[next] = virtio_rng_new(m, VIRT_VIRTIO_SLOT(next),
                                    board_irq_line(m, VIRT_VIRTIO_IRQ(next)));
    for (unsigned i = next; i < VIRT_VIRTIO_COUNT; i++) {
        if (vb->slot[i] == NULL) {
            base_panic(__FILE__, __LINE__, "virtio slot %u overlaps a device",
                       i);
        }
    }
    m->virtio = vb;
}

void virtio_board_free(Machine *m)
{
    VirtioBoard *vb = m->virtio;
    if (vb == NULL) {
        return;
    }
    for (unsigned i = 0; i < VIRT_VIRTIO_COUNT; i++) {
        virtio_free(vb->slot[i]);
    }
    free(vb);
    m->virtio = NULL;
}

void virtio_board_reset(Machine *m)
{
    for (unsigned i = 0; i < VIRT_VIRTIO_COUNT; i++) {
        if (m->virtio->slot[i]) {
            virtio_reset(m->virtio->slot[i]);
        }
    }
}

void machine_net_input(Machine *m, const uint8_t *frame, size_t len)
{
    if (m->virtio && m->virtio->net) {
        virtio_net_receive(m->virtio->net, frame, len);
    }
}
