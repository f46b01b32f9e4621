/* virtio-blk: requests on one queue, processed synchronously on notify.
 * SPDX-License-Identifier: MIT */
#include "machine/blockdev.h"
#include "machine/virtio.h"

#include <stdio.h>
#include <stdlib.h>

/* Feature bits (5.2.3). */
#define BLK_F_SIZE_MAX 1
#define BLK_F_SEG_MAX 2
#define BLK_F_RO 5
#define BLK_F_BLK_SIZE 6
#define BLK_F_FLUSH 9

/* Request types and status values (5.2.6). */
enum { T_IN = 0, T_OUT = 1, T_FLUSH = 4, T_GET_ID = 8 };
enum { S_OK = 0, S_IOERR = 1, S_UNSUPP = 2 };

#define HDR_SIZE 16
#define ID_SIZE 20
/* Largest segment the driver should build; the device copes with any. */
#define SIZE_MAX_BYTES (1u << 20)
/* Header and status take two descriptors of the longest chain. */
#define SEG_MAX (VIRTIO_QUEUE_MAX - 2)
/* Disk data moves through this buffer; bigger requests go in pieces. */
#define BOUNCE_SIZE (64u << 10)

typedef struct VirtioBlk {
    VirtioDev *vdev;
    BlockDev bd;
    char id[ID_SIZE];
    uint8_t bounce[BOUNCE_SIZE];
} VirtioBlk;

/* Moves `bytes` (a multiple of the sector size) between the disk at
 * `sector` and the request's data area starting at byte `data_off` of the
 * writable (IN) or readable (OUT) buffers. */
static uint8_t transfer(VirtioBlk *b, const VirtioReq *r, bool in,
                        uint64_t sector, uint64_t data_off, uint64_t bytes)
{
    uint64_t done = 0;
    while (done < bytes) {
        uint64_t n = bytes - done < BOUNCE_SIZE ? bytes - done : BOUNCE_SIZE;
        uint64_t s = sector + done / BLOCKDEV_SECTOR_SIZE;
        uint64_t count = n / BLOCKDEV_SECTOR_SIZE;
        if (in) {
            if (!b->bd.read(b->bd.opaque, s, b->bounce, count) ||
                !virtio_req_write(b->vdev, r, data_off + done, b->bounce,
                                  n)) {
                return S_IOERR;
            }
        } else {
            if (!virtio_req_read(b->vdev, r, data_off + done, b->bounce, n) ||
                !b->bd.write(b->bd.opaque, s, b->bounce, count)) {
                return S_IOERR;
            }
        }
        done += n;
    }
    return S_OK;
}

/* The used-ring length is 32 bits: longer transfers are refused too. */
static bool in_range(const VirtioBlk *b, uint64_t sector, uint64_t bytes)
{
    return bytes % BLOCKDEV_SECTOR_SIZE == 0 && bytes < UINT32_MAX &&
           sector <= b->bd.sectors &&
           bytes / BLOCKDEV_SECTOR_SIZE <= b->bd.sectors - sector;
}

static void handle(VirtioBlk *b, const VirtioReq *r)
{
    uint8_t hdr[HDR_SIZE];
    if (r->read_len < HDR_SIZE || r->write_len < 1) {
        virtio_device_error(b->vdev, "request without a 16-byte header and "
                            "a writable status byte");
        return;
    }
    if (!virtio_req_read(b->vdev, r, 0, hdr, HDR_SIZE)) {
        virtio_device_error(b->vdev, "cannot read the request header");
        return;
    }
    uint32_t type = (uint32_t)load_le(hdr, 4);
    uint64_t sector = load_le(hdr + 8, 8);
    /* IN and GET_ID data: writable buffers before the status byte; OUT
     * data: readable buffers after the header. */
    uint64_t in_bytes = r->write_len - 1;
    uint64_t out_bytes = r->read_len - HDR_SIZE;
    uint32_t written = 1;
    uint8_t status;

    switch (type) {
    case T_IN:
        status = in_range(b, sector, in_bytes)
                     ? transfer(b, r, true, sector, 0, in_bytes)
                     : S_IOERR;
        if (status == S_OK) {
            written += (uint32_t)in_bytes;
        }
        break;
    case T_OUT:
        if (b->bd.read_only || !in_range(b, sector, out_bytes)) {
            status = S_IOERR;
        } else {
            status = transfer(b, r, false, sector, HDR_SIZE, out_bytes);
        }
        break;
    case T_FLUSH:
        status = b->bd.read_only || b->bd.flush(b->bd.opaque) ? S_OK
                                                              : S_IOERR;
        break;
    case T_GET_ID: {
        uint64_t n = in_bytes < ID_SIZE ? in_bytes : ID_SIZE;
        status = virtio_req_write(b->vdev, r, 0, b->id, n) ? S_OK : S_IOERR;
        written += (uint32_t)n;
        break;
    }
    default:
        status = S_UNSUPP;
        break;
    }
    if (!virtio_req_write(b->vdev, r, r->write_len - 1, &status, 1)) {
        virtio_device_error(b->vdev, "cannot write the status byte");
        return;
    }
    virtio_queue_push(b->vdev, r, written);
}

static void blk_notify(void *opaque, unsigned q)
{
    VirtioBlk *b = opaque;
    VirtioReq r;
    (void)q;
    while (virtio_queue_pop(b->vdev, 0, &r)) {
        handle(b, &r);
    }
}

static void blk_free(void *opaque)
{
    free(opaque);
}

static const VirtioDevOps blk_ops = {
    .name = "blk",
    .device_id = VIRTIO_ID_BLOCK,
    .features = 1ULL << BLK_F_SIZE_MAX | 1ULL << BLK_F_SEG_MAX |
                1ULL << BLK_F_BLK_SIZE | 1ULL << BLK_F_FLUSH,
    .num_queues = 1,
    .config_size = 24, /* capacity .. blk_size */
    .notify = blk_notify,
    .free = blk_free,
};

static const VirtioDevOps blk_ro_ops = {
    .name = "blk",
    .device_id = VIRTIO_ID_BLOCK,
    .features = 1ULL << BLK_F_SIZE_MAX | 1ULL << BLK_F_SEG_MAX |
                1ULL << BLK_F_BLK_SIZE | 1ULL << BLK_F_FLUSH |
                1ULL << BLK_F_RO,
    .num_queues = 1,
    .config_size = 24,
    .notify = blk_notify,
    .free = blk_free,
};

VirtioDev *virtio_blk_new(Machine *m, uint64_t base, IrqLine irq,
                          const BlockDev *bd, unsigned index)
{
    VirtioBlk *b = base_alloc(sizeof(*b));
    b->bd = *bd;
    snprintf(b->id, sizeof b->id, "rvreplay-disk%u", index);
    b->vdev = virtio_new(m, base, irq, bd->read_only ? &blk_ro_ops : &blk_ops,
                         b);
    if (b->vdev == NULL) {
        free(b);
        return NULL;
    }
    uint8_t *cfg = virtio_config(b->vdev);
    store_le(cfg + 0, bd->sectors, 8);           /* capacity */
    store_le(cfg + 8, SIZE_MAX_BYTES, 4);        /* size_max */
    store_le(cfg + 12, SEG_MAX, 4);              /* seg_max */
    store_le(cfg + 20, BLOCKDEV_SECTOR_SIZE, 4); /* blk_size */
    return b->vdev;
}
