/* Writes a small valid event log to use as the fuzzer's seed corpus.
 * SPDX-License-Identifier: MIT */
#include "replay/log.h"

#include <stdio.h>

int main(int argc, char **argv)
{
    char err[256];
    if (argc != 2) {
        fprintf(stderr, "usage: make_seed FILE\n");
        return 2;
    }
    LogWriter *w = log_writer_open(argv[1], err, sizeof err);
    if (w == NULL) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    uint8_t payload[40] = "hello world\n";
    bool ok = true;
    for (unsigned i = 0; i < 40 && ok; i++) {
        ok = log_writer_add(w, 1 + i % LOG_EV_KIND_MAX, 1000ULL * i, payload,
                            i % 40, err, sizeof err);
        if (i % 10 == 9) {
            ok = ok && log_writer_flush(w, err, sizeof err);
        }
    }
    if (!ok || !log_writer_close(w, NULL, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    return 0;
}
