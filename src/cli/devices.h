/* Host backends of the virtio devices for a subcommand: disk images and
 * the user-mode network, opened from --disk / --net specifications.
 * SPDX-License-Identifier: MIT */
#ifndef CLI_DEVICES_H
#define CLI_DEVICES_H

#include "host/disk.h"
#include "host/net.h"
#include "machine/machine.h"
#include "replay/replay.h"

typedef struct CliDevices {
    HostDisk *disks[MACHINE_MAX_DISKS];
    unsigned ndisks;
    HostNet *net;          /* NULL without --net */
    ReplayNet replay_net;  /* adapter for ReplayOptions.net when net */
} CliDevices;

/* Opens every backend and fills cfg->disks, cfg->ndisks and cfg->net.
 * force_snapshot opens every disk copy-on-write (recording never writes
 * the base image).  false + message; nothing stays open then. */
bool cli_devices_open(CliDevices *d, const char *const *disk_specs,
                      unsigned ndisks, const char *const *net_specs,
                      unsigned nnets, bool force_snapshot,
                      MachineConfig *cfg, char *err, size_t err_size)
    MUST_CHECK;
void cli_devices_close(CliDevices *d);

#endif
