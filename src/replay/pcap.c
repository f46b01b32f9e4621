/* pcap writer: the classic format (magic 0xa1b23c4d = ns timestamps).
 * SPDX-License-Identifier: MIT */
#include "replay/pcap.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#define PCAP_MAGIC_NS 0xa1b23c4du
#define PCAP_LINKTYPE_ETHERNET 1
#define PCAP_SNAPLEN 65535

struct Pcap {
    FILE *f;
    bool ok;
};

static void put32(uint8_t *p, uint32_t v) { store_le(p, v, 4); }

Pcap *pcap_open(const char *path, char *err, size_t err_size)
{
    uint8_t hdr[24];
    FILE *f = fopen(path, "wb");
    if (f == NULL) {
        snprintf(err, err_size, "cannot create %s: %s", path,
                 strerror(errno));
        return NULL;
    }
    put32(hdr, PCAP_MAGIC_NS);
    store_le(hdr + 4, 2, 2); /* version 2.4 */
    store_le(hdr + 6, 4, 2);
    put32(hdr + 8, 0);       /* timezone */
    put32(hdr + 12, 0);      /* sigfigs */
    put32(hdr + 16, PCAP_SNAPLEN);
    put32(hdr + 20, PCAP_LINKTYPE_ETHERNET);
    Pcap *p = base_alloc(sizeof(*p));
    p->f = f;
    p->ok = fwrite(hdr, sizeof hdr, 1, f) == 1 && fflush(f) == 0;
    return p;
}

bool pcap_write(Pcap *p, uint64_t time_ns, const uint8_t *frame, size_t len)
{
    uint8_t rec[16];
    uint32_t incl = len > PCAP_SNAPLEN ? PCAP_SNAPLEN : (uint32_t)len;
    put32(rec, (uint32_t)(time_ns / 1000000000ULL));
    put32(rec + 4, (uint32_t)(time_ns % 1000000000ULL));
    put32(rec + 8, incl);
    put32(rec + 12, (uint32_t)len);
    if (p->ok) {
        p->ok = fwrite(rec, sizeof rec, 1, p->f) == 1 &&
                fwrite(frame, 1, incl, p->f) == incl && fflush(p->f) == 0;
    }
    return p->ok;
}

bool pcap_close(Pcap *p)
{
    bool ok = p->ok;
    if (fclose(p->f) != 0) {
        ok = false;
    }
    free(p);
    return ok;
}
