/* Test helper: rewrites an event log with one event's payload changed.
 *   tamper IN OUT KIND N   flips the low bit of the first payload byte of
 *                          the N-th event (0-based) of that kind, and
 *                          prints "ICOUNT NEXT_CHECK_ICOUNT": where it is
 *                          and where the next state check after it is.
 * SPDX-License-Identifier: MIT */
#include "replay/log.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    char err[512];
    if (argc != 5) {
        fprintf(stderr, "usage: tamper IN OUT KIND N\n");
        return 2;
    }
    unsigned kind = (unsigned)atoi(argv[3]);
    long target = atol(argv[4]), seen = 0;
    LogReader *r = log_reader_open(argv[1], err, sizeof err);
    LogWriter *w = r ? log_writer_open(argv[2], err, sizeof err) : NULL;
    if (w == NULL) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    LogEvent ev;
    uint64_t at = 0, next_check = 0;
    bool done = false;
    int rc;
    while ((rc = log_reader_next(r, &ev)) > 0) {
        uint8_t *copy = malloc(ev.len + 1);
        memcpy(copy, ev.data, ev.len);
        if (!done && ev.kind == kind && seen++ == target && ev.len > 0) {
            copy[0] ^= 1;
            at = ev.icount;
            done = true;
        } else if (done && next_check == 0 && ev.kind == LOG_EV_CHECK &&
                   ev.icount > at) {
            next_check = ev.icount;
        }
        if (!log_writer_add(w, ev.kind, ev.icount, copy, ev.len, err,
                            sizeof err)) {
            fprintf(stderr, "%s\n", err);
            return 1;
        }
        free(copy);
    }
    if (rc < 0 || !done || !log_writer_close(w, NULL, err, sizeof err)) {
        fprintf(stderr, "tamper: %s\n", rc < 0 ? log_reader_error(r)
                                                : !done ? "no such event" : err);
        return 1;
    }
    log_reader_close(r);
    printf("%llu %llu\n", (unsigned long long)at,
           (unsigned long long)next_check);
    return 0;
}
