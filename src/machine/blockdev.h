/* The block device interface between virtio-blk and a disk backend.
 * SPDX-License-Identifier: MIT
 *
 * The one outer-world resource a device model may read directly: a disk
 * image is identified by content hash in recordings and never changes
 * behind the emulator's back, so reading it is deterministic.  Backends
 * (src/host/disk.c) implement this struct; the machine never includes a
 * host header. */
#ifndef MACHINE_BLOCKDEV_H
#define MACHINE_BLOCKDEV_H

#include "base/base.h"

#define BLOCKDEV_SECTOR_SIZE 512u

typedef struct BlockDev {
    void *opaque;
    uint64_t sectors;  /* capacity in BLOCKDEV_SECTOR_SIZE units */
    bool read_only;    /* writes are refused (the guest sees an I/O error) */
    /* Transfer `count` sectors starting at `sector`; the range is inside
     * the capacity (callers check).  false on a host I/O error. */
    bool (*read)(void *opaque, uint64_t sector, void *buf, uint64_t count);
    bool (*write)(void *opaque, uint64_t sector, const void *buf,
                  uint64_t count);
    /* Makes completed writes durable; false on a host I/O error. */
    bool (*flush)(void *opaque);
} BlockDev;

#endif
