/* The event log of a recording: a stream of checksummed, zstd-compressed
 * chunks of events, each stamped with the global instruction count at
 * which it takes effect.
 * SPDX-License-Identifier: MIT
 *
 * File layout (all integers little-endian):
 *   chunk*            until end of file
 *   chunk  = header body
 *   header = "RVLC" u32 version, u64 first_icount, u64 last_icount,
 *            u32 event_count, u32 raw_size, u32 comp_size, u32 reserved,
 *            u64 body_hash (XXH64 of the compressed body),
 *            u64 header_hash (XXH64 of the 48 bytes before it)   = 56 bytes
 *   body   = zstd frame; decompressed: event*
 *   event  = u8 kind, varint icount delta (from the previous event, or from
 *            first_icount for the first event of a chunk), varint length,
 *            length payload bytes
 * An index file (LOG_INDEX_SUFFIX appended to the log's name) lists every
 * chunk's instruction-count range and file offset so a reader can seek:
 *   "RVLI" u32 version, u64 count, count * (u64 first_icount,
 *   u64 last_icount, u64 offset), u64 XXH64 of everything before it.
 * It is written when the recording ends; a missing or damaged index is
 * rebuilt by scanning the chunk headers.
 * Each chunk is written with one write() as soon as it is complete, so a
 * recorder killed at any moment leaves every earlier chunk intact.  A
 * reader stops at the first chunk that is truncated or fails a check and
 * says exactly which and why.  Event kinds are assigned by hand and never
 * reused (LOG_EV_*); any change to the layout bumps LOG_VERSION. */
#ifndef REPLAY_LOG_H
#define REPLAY_LOG_H

#include "base/base.h"

#include <stdio.h>

#define LOG_VERSION 1
#define LOG_INDEX_SUFFIX ".idx"
#define LOG_HEADER_SIZE 56
/* Upper bounds a reader enforces before allocating anything. */
#define LOG_MAX_RAW_CHUNK (16u << 20)
#define LOG_MAX_EVENT (1u << 20)

/* Event kinds: stable numeric ids, see the file comment. */
enum {
    LOG_EV_ENV = 1,        /* boot wall clock (u64 ns) + entropy seed (32) */
    LOG_EV_CONSOLE_IN = 2, /* bytes typed on the console */
    LOG_EV_NET_IN = 3,     /* one Ethernet frame for the guest */
    LOG_EV_IDLE = 4,       /* varint: virtual time skipped while idle */
    LOG_EV_CHECK = 5,      /* short state check: u64 pc, u64 digest */
    LOG_EV_CHECK_FULL = 6, /* full hart state, see replay.c */
    LOG_EV_END = 7,        /* end of recording: u64 final digest */
    LOG_EV_KIND_MAX = 7,
};

const char *log_event_name(unsigned kind);

typedef struct LogEvent {
    unsigned kind;
    uint64_t icount;
    uint32_t len;
    const uint8_t *data; /* valid until the next read */
} LogEvent;

/* ---- writer ---- */
typedef struct LogWriter LogWriter;

/* Creates (truncates) the log file; NULL + message on failure. */
LogWriter *log_writer_open(const char *path, char *err, size_t err_size);
/* Appends an event; icount must not decrease.  Flushes a chunk when the
 * buffer is full.  false + message on a write error. */
bool log_writer_add(LogWriter *w, unsigned kind, uint64_t icount,
                    const void *data, uint32_t len, char *err,
                    size_t err_size) MUST_CHECK;
/* Writes the buffered events as one chunk (no-op when empty). */
bool log_writer_flush(LogWriter *w, char *err, size_t err_size) MUST_CHECK;
/* Flushes and closes; totals for the manifest. */
typedef struct LogTotals {
    uint64_t events[LOG_EV_KIND_MAX + 1];
    uint64_t bytes[LOG_EV_KIND_MAX + 1]; /* payload + framing, raw */
    uint64_t raw_bytes, file_bytes, chunks;
} LogTotals;
bool log_writer_close(LogWriter *w, LogTotals *totals, char *err,
                      size_t err_size) MUST_CHECK;

/* ---- reader ---- */
typedef struct LogReader LogReader;

LogReader *log_reader_open(const char *path, char *err, size_t err_size);
/* Reads from an in-memory copy of a log (used by the fuzzer and tests). */
LogReader *log_reader_open_mem(const uint8_t *data, size_t len);
void log_reader_close(LogReader *r);
/* Next event: 1 = got one, 0 = clean end of log, -1 = damaged log (see
 * log_reader_error; events before the damage were all returned). */
int log_reader_next(LogReader *r, LogEvent *ev);
/* Peeks at the next event without consuming it (same return values). */
int log_reader_peek(LogReader *r, LogEvent *ev);
const char *log_reader_error(const LogReader *r);
/* Positions the reader at the first event whose instruction count is
 * >= icount (using the index, or rebuilding it by scanning chunk headers).
 * File readers only; false + log_reader_error if the log is damaged before
 * that point. */
bool log_reader_seek(LogReader *r, uint64_t icount) MUST_CHECK;
/* Chunks read successfully so far. */
uint64_t log_reader_chunks(const LogReader *r);

/* Varint helpers shared with payload encoders. */
size_t log_put_varint(uint8_t *out, uint64_t v);
/* Decodes a varint from [*p, end); false if truncated or too long. */
bool log_get_varint(const uint8_t **p, const uint8_t *end, uint64_t *v);

#endif
