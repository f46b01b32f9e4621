/* Disk images for virtio-blk: raw files, read-only or copy-on-write.
 * SPDX-License-Identifier: MIT
 *
 * Implements the machine's BlockDev interface.  Modes:
 *   (default)  reads and writes go to the image file (exclusive flock)
 *   ro         the guest sees a read-only disk (shared flock)
 *   snapshot   writes stay in memory, the file is never written (shared
 *              flock, so no other rvreplay writes it while we read it)
 * The content hash identifies the base image in recordings. */
#ifndef HOST_DISK_H
#define HOST_DISK_H

#include "base/base.h"
#include "base/sha256.h"
#include "machine/blockdev.h"

typedef struct HostDisk HostDisk;

/* host_disk_open flags */
enum {
    HOST_DISK_FORCE_SNAPSHOT = 1, /* as if ",snapshot" were given (record) */
};

/* Opens "FILE[,ro][,snapshot]"; NULL + message (naming the file and the
 * reason) on failure. */
HostDisk *host_disk_open(const char *spec, unsigned flags, char *err,
                         size_t err_size);
void host_disk_close(HostDisk *d);

/* The interface handed to MachineConfig.disks (valid until close). */
const BlockDev *host_disk_blockdev(const HostDisk *d);
const char *host_disk_path(const HostDisk *d);
bool host_disk_is_snapshot(const HostDisk *d);
uint64_t host_disk_size(const HostDisk *d); /* bytes in the file */

/* SHA-256 of the image file as it is on disk (the snapshot overlay is not
 * included), as 64 lower-case hex digits; false + message on a read
 * error. */
bool host_disk_hash(HostDisk *d, char hex[SHA256_HEX_SIZE], char *err,
                    size_t err_size) MUST_CHECK;

#endif
