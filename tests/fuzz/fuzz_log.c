/* libFuzzer target: the event log reader must survive any input.
 * SPDX-License-Identifier: MIT */
#include "replay/log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    LogReader *r = log_reader_open_mem(data, size);
    LogEvent ev;
    uint64_t last = 0, sum = 0;
    int rc;
    while ((rc = log_reader_next(r, &ev)) > 0) {
        /* Events come in instruction-count order with in-bounds data. */
        if (ev.icount < last || ev.kind == 0 || ev.kind > LOG_EV_KIND_MAX ||
            ev.len > LOG_MAX_EVENT) {
            __builtin_trap();
        }
        for (uint32_t i = 0; i < ev.len; i++) {
            sum += ev.data[i];
        }
        last = ev.icount;
    }
    if (rc < 0 && log_reader_error(r)[0] == '\0') {
        __builtin_trap();
    }
    log_reader_close(r);
    return (int)(sum & 0);
}
