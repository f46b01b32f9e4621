/* Host backends of the virtio devices, opened from the command line.
 * SPDX-License-Identifier: MIT */
#include "cli/devices.h"

#include <stdio.h>

static void net_send(void *opaque, const uint8_t *frame, size_t len)
{
    host_net_send(opaque, frame, len);
}

static void net_poll(void *opaque, int timeout_ms,
                     void (*deliver)(void *ctx, const uint8_t *frame,
                                     size_t len),
                     void *ctx)
{
    host_net_poll(opaque, timeout_ms, deliver, ctx);
}

bool cli_devices_open(CliDevices *d, const char *const *disk_specs,
                      unsigned ndisks, const char *const *net_specs,
                      unsigned nnets, bool force_snapshot,
                      MachineConfig *cfg, char *err, size_t err_size)
{
    memset(d, 0, sizeof(*d));
    if (ndisks > MACHINE_MAX_DISKS) {
        snprintf(err, err_size, "at most %d --disk options (the board has "
                 "8 virtio slots, shared with the network card and the "
                 "entropy device)", MACHINE_MAX_DISKS);
        return false;
    }
    if (nnets > 1) {
        snprintf(err, err_size, "at most one --net option");
        return false;
    }
    for (unsigned i = 0; i < ndisks; i++) {
        d->disks[i] = host_disk_open(disk_specs[i],
                                     force_snapshot ? HOST_DISK_FORCE_SNAPSHOT
                                                    : 0,
                                     err, err_size);
        if (d->disks[i] == NULL) {
            cli_devices_close(d);
            return false;
        }
        d->ndisks++;
        /* Two --disk options on one writable file would corrupt it; the
         * second open already fails on the exclusive lock. */
        cfg->disks[i] = *host_disk_blockdev(d->disks[i]);
    }
    cfg->ndisks = ndisks;
    if (nnets == 1) {
        d->net = host_net_new(net_specs[0], err, err_size);
        if (d->net == NULL) {
            cli_devices_close(d);
            return false;
        }
        d->replay_net = (ReplayNet){
            .opaque = d->net, .send = net_send, .poll = net_poll,
        };
    }
    cfg->net = nnets == 1;
    return true;
}

void cli_devices_close(CliDevices *d)
{
    for (unsigned i = 0; i < d->ndisks; i++) {
        host_disk_close(d->disks[i]);
    }
    host_net_free(d->net);
    memset(d, 0, sizeof(*d));
}
