/* Host network backend for the guest's virtio-net: user-mode networking
 * (libslirp) confined to the host's loopback interface.
 * SPDX-License-Identifier: MIT
 *
 * Spec: "user[,hostfwd=tcp:[127.0.0.1]:HOSTPORT-[10.0.2.15]:GUESTPORT]..."
 * (udp: works too).  The guest network is 10.0.2.0/24: the guest is
 * 10.0.2.15, the host is reachable as 10.0.2.2, which slirp maps to
 * 127.0.0.1.  Nothing else is reachable: frames to any other address
 * (including slirp's DNS at 10.0.2.3) are dropped here, IPv6 is off, and
 * host forwards listen on 127.0.0.1 only.
 *
 * Single-threaded: the caller runs host_net_poll between instruction
 * slices or while the guest idles; frames slirp produces for the guest are
 * handed to its deliver callback (the replay layer logs them and passes
 * them to machine_net_input).  The signature matches ReplayNet. */
#ifndef HOST_NET_H
#define HOST_NET_H

#include "base/base.h"

typedef struct HostNet HostNet;

typedef void (*HostNetDeliver)(void *ctx, const uint8_t *frame, size_t len);

/* NULL + message on a bad spec or when a forward cannot be set up (e.g.
 * the host port is taken).  Ignores SIGPIPE process-wide (a socket whose
 * peer went away must give an error, not kill the emulator). */
HostNet *host_net_new(const char *spec, char *err, size_t err_size);
void host_net_free(HostNet *n);
/* A frame from the guest (env->net_out). */
void host_net_send(HostNet *n, const uint8_t *frame, size_t len);
/* Runs slirp's sockets and timers, waiting up to timeout_ms (0 = just
 * look, < 0 = until something happens), then delivers the frames slirp
 * produced for the guest, in order. */
void host_net_poll(HostNet *n, int timeout_ms, HostNetDeliver deliver,
                   void *ctx);
/* Frames from the guest dropped by the loopback-only filter. */
uint64_t host_net_filtered(const HostNet *n);

#endif
