/* virtio-net: one receive and one transmit queue, no offloads.
 * SPDX-License-Identifier: MIT
 *
 * Transmit happens on notify: each chain is a 12-byte virtio_net_hdr and a
 * frame, handed to env->net_out.  Receive: frames from machine_net_input
 * (called by the replay layer between instruction slices) wait in a
 * bounded queue that is part of the device state, and are copied into the
 * driver's receive buffers as soon as there are some. */
#include "machine/machine_internal.h"
#include "machine/virtio.h"

#include <stdlib.h>

/* Feature bits (5.1.3). */
#define NET_F_MAC 5
#define NET_F_STATUS 16
#define NET_S_LINK_UP 1

enum { RXQ = 0, TXQ = 1 };

/* virtio_net_hdr with VIRTIO_F_VERSION_1 (5.1.6): flags, gso_type,
 * hdr_len, gso_size, csum_start, csum_offset, num_buffers. */
#define NET_HDR_SIZE 12
/* Largest frame accepted either way: no GSO is offered, so Linux sends
 * at most MTU + 14; 64 KiB leaves room for any MTU a guest may set. */
#define NET_FRAME_MAX 65536
/* Receive queue bound: frames beyond it are dropped, as a real NIC does
 * when its ring is full (TCP retransmits). */
#define NET_RXQ_FRAMES 256

typedef struct NetFrame {
    uint8_t *data;
    uint32_t len;
} NetFrame;

typedef struct VirtioNet {
    VirtioDev *vdev;
    Machine *m;
    NetFrame rx[NET_RXQ_FRAMES]; /* ring of pending frames */
    unsigned rx_head, rx_count;
    uint64_t rx_dropped, tx_dropped;
    uint8_t tx_buf[NET_HDR_SIZE + NET_FRAME_MAX];
} VirtioNet;

static const uint8_t net_mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};

static void rx_pop(VirtioNet *n)
{
    free(n->rx[n->rx_head].data);
    n->rx[n->rx_head].data = NULL;
    n->rx_head = (n->rx_head + 1) % NET_RXQ_FRAMES;
    n->rx_count--;
}

static void rx_flush(VirtioNet *n)
{
    while (n->rx_count > 0) {
        rx_pop(n);
    }
}

/* Copies pending frames into available receive buffers. */
static void rx_deliver(VirtioNet *n)
{
    VirtioReq r;
    while (n->rx_count > 0 && virtio_queue_pop(n->vdev, RXQ, &r)) {
        const NetFrame *f = &n->rx[n->rx_head];
        uint8_t hdr[NET_HDR_SIZE] = {0};
        store_le(hdr + 10, 1, 2); /* num_buffers */
        if (r.nread > 0) {
            virtio_device_error(n->vdev, "receive buffer is device-readable");
            return;
        }
        if (r.write_len < NET_HDR_SIZE + (uint64_t)f->len) {
            /* Too small for this frame: the driver gets the buffer back
             * empty (Linux counts a length error) and the frame is lost. */
            n->rx_dropped++;
            virtio_queue_push(n->vdev, &r, 0);
        } else if (virtio_req_write(n->vdev, &r, 0, hdr, NET_HDR_SIZE) &&
                   virtio_req_write(n->vdev, &r, NET_HDR_SIZE, f->data,
                                    f->len)) {
            virtio_queue_push(n->vdev, &r, NET_HDR_SIZE + f->len);
        } else {
            virtio_device_error(n->vdev, "cannot write a receive buffer");
            return;
        }
        rx_pop(n);
    }
}

void virtio_net_receive(VirtioDev *d, const uint8_t *frame, size_t len)
{
    VirtioNet *n = virtio_opaque(d);
    ASSERT(virtio_device_id(d) == VIRTIO_ID_NET);
    if (len == 0 || len > NET_FRAME_MAX || !virtio_queue_usable(n->vdev, RXQ) ||
        n->rx_count == NET_RXQ_FRAMES) {
        n->rx_dropped++;
        return;
    }
    NetFrame *f = &n->rx[(n->rx_head + n->rx_count) % NET_RXQ_FRAMES];
    f->data = base_alloc(len);
    memcpy(f->data, frame, len);
    f->len = (uint32_t)len;
    n->rx_count++;
    rx_deliver(n);
}

static void tx_process(VirtioNet *n)
{
    const MachineEnv *env = &n->m->cfg.env;
    VirtioReq r;
    while (virtio_queue_pop(n->vdev, TXQ, &r)) {
        if (r.nwrite > 0 || r.read_len < NET_HDR_SIZE) {
            virtio_device_error(n->vdev, "transmit chain without a 12-byte "
                                "header or with device-writable buffers");
            return;
        }
        uint64_t len = r.read_len - NET_HDR_SIZE;
        if (len == 0 || len > NET_FRAME_MAX) {
            n->tx_dropped++;
        } else if (!virtio_req_read(n->vdev, &r, 0, n->tx_buf,
                                    r.read_len)) {
            virtio_device_error(n->vdev, "cannot read a transmit buffer");
            return;
        } else if (env->net_out) {
            env->net_out(env->opaque, n->tx_buf + NET_HDR_SIZE, len);
        }
        virtio_queue_push(n->vdev, &r, 0);
    }
}

static void net_notify(void *opaque, unsigned q)
{
    VirtioNet *n = opaque;
    if (q == TXQ) {
        tx_process(n);
    } else {
        rx_deliver(n);
    }
}

static void net_reset(void *opaque)
{
    rx_flush(opaque);
}

static void net_free(void *opaque)
{
    rx_flush(opaque);
    free(opaque);
}

static const VirtioDevOps net_ops = {
    .name = "net",
    .device_id = VIRTIO_ID_NET,
    .features = 1ULL << NET_F_MAC | 1ULL << NET_F_STATUS,
    .num_queues = 2,
    .config_size = 8, /* mac, status */
    .notify = net_notify,
    .reset = net_reset,
    .free = net_free,
};

VirtioDev *virtio_net_new(Machine *m, uint64_t base, IrqLine irq)
{
    VirtioNet *n = base_alloc(sizeof(*n));
    n->m = m;
    n->vdev = virtio_new(m, base, irq, &net_ops, n);
    if (n->vdev == NULL) {
        free(n);
        return NULL;
    }
    uint8_t *cfg = virtio_config(n->vdev);
    memcpy(cfg, net_mac, sizeof net_mac);
    store_le(cfg + 6, NET_S_LINK_UP, 2);
    return n->vdev;
}
