/* virtio-mmio transport (version 2, virtio 1.x) for the device models.
 * SPDX-License-Identifier: MIT
 *
 * The transport owns the registers, feature negotiation, status, the
 * interrupt line and the split virtqueues.  A device model supplies a
 * VirtioDevOps and takes requests off its queues with virtio_queue_pop(),
 * which hands out only fully validated descriptor chains: every index is
 * inside its table, chains are at most as long as the queue (so loops end),
 * every buffer lies in guest RAM, device-writable buffers come after
 * device-readable ones and overlap neither another buffer of the chain nor
 * the queue's rings.  Any violation marks the device DEVICE_NEEDS_RESET,
 * raises a configuration-change interrupt, prints one warning and stops
 * all processing until the driver resets the device.
 *
 * Everything happens synchronously, on the emulation thread: in MMIO
 * callbacks (queue notify) or between instruction slices (network input),
 * so the device is deterministic. */
#ifndef MACHINE_VIRTIO_H
#define MACHINE_VIRTIO_H

#include "machine/machine_internal.h"

typedef struct VirtioDev VirtioDev;

/* Registers of one transport (QEMU's window size; board.h has the slots'
 * addresses and interrupt numbers). */
#define VIRTIO_MMIO_SIZE 0x200ULL

/* Largest queue a device offers (QueueNumMax), and so the longest chain. */
#define VIRTIO_QUEUE_MAX 256
#define VIRTIO_MAX_QUEUES 2
#define VIRTIO_CONFIG_MAX 64

/* Transport feature bits (6). */
#define VIRTIO_F_INDIRECT_DESC 28
#define VIRTIO_F_VERSION_1 32

enum {
    VIRTIO_ID_NET = 1,
    VIRTIO_ID_BLOCK = 2,
    VIRTIO_ID_RNG = 4,
};

/* One guest buffer of a request: [addr, addr+len) lies in RAM. */
typedef struct VirtioSeg {
    uint64_t addr;
    uint32_t len;
} VirtioSeg;

/* A popped descriptor chain: seg[0..nread) are device-readable, then
 * seg[nread..nread+nwrite) device-writable. */
typedef struct VirtioReq {
    unsigned queue;
    uint16_t head;
    unsigned nread, nwrite;
    uint64_t read_len, write_len; /* bytes in each direction */
    VirtioSeg seg[VIRTIO_QUEUE_MAX];
} VirtioReq;

typedef struct VirtioDevOps {
    const char *name;      /* "blk", "net", "rng" (for messages) */
    uint32_t device_id;
    uint64_t features;     /* device-specific feature bits offered */
    unsigned num_queues;   /* <= VIRTIO_MAX_QUEUES */
    uint32_t config_size;  /* <= VIRTIO_CONFIG_MAX */
    /* Queue q may hold new buffers: the driver notified it, or it was
     * ready when the driver set DRIVER_OK. */
    void (*notify)(void *opaque, unsigned q);
    /* The driver reset the device (status 0), or the machine was reset. */
    void (*reset)(void *opaque);
    /* Frees the device model (virtio_free). */
    void (*free)(void *opaque);
} VirtioDevOps;

/* ---- board ---- */
/* A transport at `base` driving `irq`; ops == NULL gives an empty slot
 * (device ID 0).  NULL if the window overlaps another device. */
VirtioDev *virtio_new(Machine *m, uint64_t base, IrqLine irq,
                      const VirtioDevOps *ops, void *opaque);
/* Frees the transport and its device model. */
void virtio_free(VirtioDev *d);
/* Power-on state (machine reset): as if the driver wrote status 0. */
void virtio_reset(VirtioDev *d);
uint32_t virtio_device_id(const VirtioDev *d);

/* ---- the devices (one file each) ---- */
/* Each returns its transport (freed with virtio_free), NULL on overlap. */
typedef struct BlockDev BlockDev;
/* virtio-blk on `bd`; `index` names it in GET_ID ("rvreplay-disk<index>"). */
VirtioDev *virtio_blk_new(Machine *m, uint64_t base, IrqLine irq,
                          const BlockDev *bd, unsigned index);
/* virtio-net, MAC 52:54:00:12:34:56; frames go out through env->net_out. */
VirtioDev *virtio_net_new(Machine *m, uint64_t base, IrqLine irq);
/* A frame for the guest (from machine_net_input): queued, then delivered
 * into receive buffers as they become available; dropped if the queue is
 * full or the driver is not running. */
void virtio_net_receive(VirtioDev *d, const uint8_t *frame, size_t len);
/* virtio-rng: a ChaCha20 stream keyed by env->entropy_seed. */
VirtioDev *virtio_rng_new(Machine *m, uint64_t base, IrqLine irq);

/* The slots of the virt board (virtio_board.c): disks from m->cfg, then
 * the network card, then the entropy device, from the highest slot down
 * (where QEMU puts its first -device).  board.c maps its empty transport
 * into the remaining slots. */
void virtio_board_init(Machine *m);
void virtio_board_free(Machine *m);
void virtio_board_reset(Machine *m);

/* ---- for the device models ---- */
/* The opaque pointer given to virtio_new. */
void *virtio_opaque(const VirtioDev *d);
/* Device-specific configuration space (config_size bytes, little-endian). */
uint8_t *virtio_config(VirtioDev *d);
/* Feature bits the driver accepted. */
uint64_t virtio_driver_features(const VirtioDev *d);
/* DRIVER_OK is set and the device is not waiting for a reset. */
bool virtio_running(const VirtioDev *d);
/* Queue q is ready and the device is running. */
bool virtio_queue_usable(const VirtioDev *d, unsigned q);
/* Takes the next available chain of queue q.  false if there is none, or
 * if the driver broke the rules (the device then needs a reset). */
bool virtio_queue_pop(VirtioDev *d, unsigned q, VirtioReq *r) MUST_CHECK;
/* Copies from the readable / to the writable buffers of r at byte offset
 * off (counted within that direction); false if out of range. */
bool virtio_req_read(VirtioDev *d, const VirtioReq *r, uint64_t off,
                     void *buf, uint64_t len) MUST_CHECK;
bool virtio_req_write(VirtioDev *d, const VirtioReq *r, uint64_t off,
                      const void *buf, uint64_t len) MUST_CHECK;
/* Returns r to the driver through the used ring with `written` bytes
 * (<= r->write_len) and interrupts unless the driver suppressed it. */
void virtio_queue_push(VirtioDev *d, const VirtioReq *r, uint32_t written);
/* The driver sent something the device cannot accept (a malformed request
 * detected by the device model): DEVICE_NEEDS_RESET + warning. */
void virtio_device_error(VirtioDev *d, const char *fmt, ...)
    PRINTF_LIKE(2, 3);

#endif
