/* Unit test: event log round trip, and damaged logs (truncated at every
 * length, flipped bytes, bad headers) always end with a message, never a
 * crash and never a wrong event.
 * SPDX-License-Identifier: MIT */
#include "replay/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int failures;

#define CHECK(cond)                                                          \
    do {                                                                     \
        if (!(cond)) {                                                       \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, \
                    #cond);                                                  \
            failures++;                                                      \
        }                                                                    \
    } while (0)

typedef struct {
    unsigned kind;
    uint64_t icount;
    uint32_t len;
    uint8_t data[300];
} Expected;

static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static uint64_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static uint8_t *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *buf = malloc(*len ? *len : 1);
    if (fread(buf, 1, *len, f) != *len) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    return buf;
}

/* Reads a log from memory; returns how many events matched `want` in
 * order before the end; *rc_out is the final reader status. */
static unsigned read_back(const uint8_t *data, size_t len, const Expected *want,
                          unsigned n, int *rc_out, bool *mismatch)
{
    LogReader *r = log_reader_open_mem(data, len);
    LogEvent ev;
    unsigned got = 0;
    int rc;
    *mismatch = false;
    while ((rc = log_reader_next(r, &ev)) > 0) {
        if (got >= n || ev.kind != want[got].kind ||
            ev.icount != want[got].icount || ev.len != want[got].len ||
            memcmp(ev.data, want[got].data, ev.len) != 0) {
            *mismatch = true;
        }
        got++;
    }
    *rc_out = rc;
    if (rc < 0) {
        CHECK(strlen(log_reader_error(r)) > 0);
    }
    log_reader_close(r);
    return got;
}

int main(void)
{
    enum { N = 5000 };
    static Expected ev[N];
    char err[256];
    char path[] = "/tmp/rvreplay-test-log-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);

    /* Write events of every kind with growing instruction counts, large
     * enough to span several chunks. */
    LogWriter *w = log_writer_open(path, err, sizeof err);
    CHECK(w != NULL);
    uint64_t icount = 0;
    for (unsigned i = 0; i < N; i++) {
        ev[i].kind = 1 + (unsigned)(next_rand() % LOG_EV_KIND_MAX);
        icount += next_rand() % 3 == 0 ? 0 : next_rand() % 100000;
        ev[i].icount = icount;
        ev[i].len = (uint32_t)(next_rand() % sizeof ev[i].data);
        for (uint32_t k = 0; k < ev[i].len; k++) {
            ev[i].data[k] = (uint8_t)(next_rand() % 7); /* compressible */
        }
        CHECK(log_writer_add(w, ev[i].kind, ev[i].icount, ev[i].data,
                             ev[i].len, err, sizeof err));
        if (i % 1000 == 999) {
            CHECK(log_writer_flush(w, err, sizeof err));
        }
    }
    LogTotals totals;
    CHECK(log_writer_close(w, &totals, err, sizeof err));
    CHECK(totals.chunks >= 5);

    size_t len;
    uint8_t *data = read_all(path, &len);
    CHECK(data != NULL && len == totals.file_bytes);

    /* Seeking: with the index, then with it removed (rebuilt by scanning
     * chunk headers); the first event returned is the first at or after
     * the target. */
    char index_path[64];
    snprintf(index_path, sizeof index_path, "%s%s", path, LOG_INDEX_SUFFIX);
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            CHECK(unlink(index_path) == 0);
        }
        LogReader *sr = log_reader_open(path, err, sizeof err);
        CHECK(sr != NULL);
        for (unsigned t = 0; t < 50; t++) {
            unsigned pick = (unsigned)(next_rand() % N);
            uint64_t target = ev[pick].icount - (next_rand() % 2);
            unsigned want = 0;
            while (ev[want].icount < target) {
                want++;
            }
            LogEvent got;
            CHECK(log_reader_seek(sr, target));
            CHECK(log_reader_next(sr, &got) == 1 &&
                  got.icount == ev[want].icount && got.kind == ev[want].kind &&
                  got.len == ev[want].len);
        }
        log_reader_close(sr);
    }
    unlink(path);

    int rc;
    bool mismatch;
    CHECK(read_back(data, len, ev, N, &rc, &mismatch) == N);
    CHECK(rc == 0 && !mismatch);

    /* Truncation anywhere: only a prefix of intact events, then either a
     * clean end (cut exactly between chunks) or a damage report. */
    unsigned truncations = 0;
    for (size_t cut = 0; cut < len; cut += 1 + cut / 64) {
        unsigned got = read_back(data, cut, ev, N, &rc, &mismatch);
        CHECK(!mismatch && got <= N);
        CHECK(rc <= 0);
        truncations++;
    }

    /* Single flipped bytes: events before the damaged chunk are intact,
     * nothing wrong is ever returned. */
    unsigned flips = 0;
    uint8_t *copy = malloc(len);
    for (unsigned t = 0; t < 3000; t++) {
        memcpy(copy, data, len);
        size_t at = next_rand() % len;
        copy[at] ^= (uint8_t)(1u << (next_rand() % 8));
        unsigned got = read_back(copy, len, ev, N, &rc, &mismatch);
        CHECK(!mismatch);
        CHECK(rc < 0 && got < N);
        flips++;
    }
    free(copy);
    free(data);

    /* Varints. */
    uint8_t buf[16];
    uint64_t values[] = {0, 1, 127, 128, 300, UINT32_MAX, UINT64_MAX};
    for (size_t i = 0; i < ARRAY_SIZE(values); i++) {
        size_t n = log_put_varint(buf, values[i]);
        const uint8_t *p = buf;
        uint64_t v;
        CHECK(log_get_varint(&p, buf + n, &v) && v == values[i] &&
              p == buf + n);
        p = buf;
        CHECK(n == 1 || !log_get_varint(&p, buf + n - 1, &v));
    }

    printf("test_log: %d failures (%u events, %llu chunks, %u truncations, "
           "%u corruptions)\n", failures, (unsigned)N,
           (unsigned long long)totals.chunks, truncations, flips);
    return failures ? 1 : 0;
}
