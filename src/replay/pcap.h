/* Writing captured network frames as a pcap file (Wireshark/tshark).
 * SPDX-License-Identifier: MIT */
#ifndef REPLAY_PCAP_H
#define REPLAY_PCAP_H

#include "base/base.h"

typedef struct Pcap Pcap;

/* Creates a pcap file with nanosecond timestamps and Ethernet link type. */
Pcap *pcap_open(const char *path, char *err, size_t err_size);
/* Appends one frame with the given timestamp (ns since the Unix epoch). */
bool pcap_write(Pcap *p, uint64_t time_ns, const uint8_t *frame,
                size_t len) MUST_CHECK;
bool pcap_close(Pcap *p) MUST_CHECK;

#endif
