/* Event log reader and writer (format described in log.h).
 * SPDX-License-Identifier: MIT */
#include "replay/log.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <xxhash.h>
#include <zstd.h>

#define LOG_MAGIC "RVLC"

/* Fuzz builds (the standard libFuzzer convention) skip checksum
 * comparisons so the fuzzer can reach the parser behind them. */
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
#define CHECKSUM_OK(computed, stored) ((void)(computed), (void)(stored), true)
#else
#define CHECKSUM_OK(computed, stored) ((computed) == (stored))
#endif
/* A chunk is written once this much raw event data is buffered. */
#define LOG_CHUNK_TARGET (64u << 10)
#define LOG_ZSTD_LEVEL 6

static const char *const event_names[LOG_EV_KIND_MAX + 1] = {
    [LOG_EV_ENV] = "env",       [LOG_EV_CONSOLE_IN] = "console-in",
    [LOG_EV_NET_IN] = "net-in", [LOG_EV_IDLE] = "idle",
    [LOG_EV_CHECK] = "check",   [LOG_EV_CHECK_FULL] = "check-full",
    [LOG_EV_END] = "end",
};

const char *log_event_name(unsigned kind)
{
    return kind <= LOG_EV_KIND_MAX && event_names[kind] ? event_names[kind]
                                                        : "unknown";
}

size_t log_put_varint(uint8_t *out, uint64_t v)
{
    size_t n = 0;
    while (v >= 0x80) {
        out[n++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    out[n++] = (uint8_t)v;
    return n;
}

bool log_get_varint(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
    uint64_t r = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
        if (*p >= end) {
            return false;
        }
        uint8_t b = *(*p)++;
        r |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *v = r;
            return true;
        }
    }
    return false;
}

/* ---- writer ------------------------------------------------------------ */

typedef struct ChunkRef {
    uint64_t first, last, offset;
} ChunkRef;

struct LogWriter {
    int fd;
    char *index_path;
    ChunkRef *chunks;
    size_t nchunks, chunks_cap;
    uint8_t *raw;
    size_t raw_len, raw_cap;
    uint8_t *comp;
    size_t comp_cap;
    uint64_t first_icount, last_icount;
    uint32_t count;
    LogTotals totals;
    ZSTD_CCtx *cctx;
};

LogWriter *log_writer_open(const char *path, char *err, size_t err_size)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        snprintf(err, err_size, "cannot create %s: %s", path,
                 strerror(errno));
        return NULL;
    }
    LogWriter *w = base_alloc(sizeof(*w));
    w->fd = fd;
    size_t n = strlen(path) + sizeof LOG_INDEX_SUFFIX;
    w->index_path = base_alloc(n);
    snprintf(w->index_path, n, "%s%s", path, LOG_INDEX_SUFFIX);
    unlink(w->index_path); /* a stale index must not describe this log */
    w->raw_cap = LOG_CHUNK_TARGET + LOG_MAX_EVENT + 32;
    w->raw = base_alloc(w->raw_cap);
    w->comp_cap = ZSTD_compressBound(w->raw_cap);
    w->comp = base_alloc(w->comp_cap);
    w->cctx = ZSTD_createCCtx();
    ASSERT(w->cctx != NULL);
    return w;
}

static void put_u32(uint8_t *p, uint32_t v) { store_le(p, v, 4); }
static void put_u64(uint8_t *p, uint64_t v) { store_le(p, v, 8); }

static bool write_all(int fd, const uint8_t *p, size_t n)
{
    while (n > 0) {
        ssize_t k = write(fd, p, n);
        if (k < 0 && errno == EINTR) {
            continue;
        }
        if (k <= 0) {
            return false;
        }
        p += k;
        n -= (size_t)k;
    }
    return true;
}

bool log_writer_flush(LogWriter *w, char *err, size_t err_size)
{
    uint8_t hdr[LOG_HEADER_SIZE];
    if (w->count == 0) {
        return true;
    }
    size_t comp = ZSTD_compressCCtx(w->cctx, w->comp, w->comp_cap, w->raw,
                                    w->raw_len, LOG_ZSTD_LEVEL);
    if (ZSTD_isError(comp)) {
        snprintf(err, err_size, "zstd: %s", ZSTD_getErrorName(comp));
        return false;
    }
    memcpy(hdr, LOG_MAGIC, 4);
    put_u32(hdr + 4, LOG_VERSION);
    put_u64(hdr + 8, w->first_icount);
    put_u64(hdr + 16, w->last_icount);
    put_u32(hdr + 24, w->count);
    put_u32(hdr + 28, (uint32_t)w->raw_len);
    put_u32(hdr + 32, (uint32_t)comp);
    put_u32(hdr + 36, 0);
    put_u64(hdr + 40, XXH64(w->comp, comp, 0));
    put_u64(hdr + 48, XXH64(hdr, 48, 0));
    if (!write_all(w->fd, hdr, sizeof hdr) ||
        !write_all(w->fd, w->comp, comp)) {
        snprintf(err, err_size, "cannot write the event log: %s",
                 strerror(errno));
        return false;
    }
    if (w->nchunks == w->chunks_cap) {
        w->chunks_cap = w->chunks_cap ? 2 * w->chunks_cap : 64;
        w->chunks = base_realloc(w->chunks, w->chunks_cap * sizeof(ChunkRef));
    }
    w->chunks[w->nchunks++] = (ChunkRef){
        .first = w->first_icount, .last = w->last_icount,
        .offset = w->totals.file_bytes};
    w->totals.raw_bytes += w->raw_len;
    w->totals.file_bytes += sizeof hdr + comp;
    w->totals.chunks++;
    w->raw_len = 0;
    w->count = 0;
    return true;
}

bool log_writer_add(LogWriter *w, unsigned kind, uint64_t icount,
                    const void *data, uint32_t len, char *err,
                    size_t err_size)
{
    ASSERT(kind >= 1 && kind <= LOG_EV_KIND_MAX && len <= LOG_MAX_EVENT);
    if (w->count == 0) {
        w->first_icount = w->last_icount = icount;
    }
    ASSERT(icount >= w->last_icount);
    uint8_t *p = w->raw + w->raw_len;
    size_t n = 0;
    p[n++] = (uint8_t)kind;
    n += log_put_varint(p + n, icount - w->last_icount);
    n += log_put_varint(p + n, len);
    memcpy(p + n, data, len);
    n += len;
    w->raw_len += n;
    w->last_icount = icount;
    w->count++;
    w->totals.events[kind]++;
    w->totals.bytes[kind] += n;
    if (w->raw_len >= LOG_CHUNK_TARGET) {
        return log_writer_flush(w, err, err_size);
    }
    return true;
}

/* Writes the chunk index next to the log. */
static bool write_index(const char *path, const ChunkRef *c, size_t n)
{
    size_t size = 16 + n * 24 + 8;
    uint8_t *buf = base_alloc(size);
    memcpy(buf, "RVLI", 4);
    put_u32(buf + 4, LOG_VERSION);
    put_u64(buf + 8, n);
    for (size_t i = 0; i < n; i++) {
        put_u64(buf + 16 + 24 * i, c[i].first);
        put_u64(buf + 24 + 24 * i, c[i].last);
        put_u64(buf + 32 + 24 * i, c[i].offset);
    }
    put_u64(buf + size - 8, XXH64(buf, size - 8, 0));
    FILE *f = fopen(path, "wb");
    bool ok = f && fwrite(buf, 1, size, f) == size;
    if (f && fclose(f) != 0) {
        ok = false;
    }
    free(buf);
    return ok;
}

bool log_writer_close(LogWriter *w, LogTotals *totals, char *err,
                      size_t err_size)
{
    bool ok = log_writer_flush(w, err, err_size);
    if (ok && !write_index(w->index_path, w->chunks, w->nchunks)) {
        snprintf(err, err_size, "cannot write %s", w->index_path);
        ok = false;
    }
    if (close(w->fd) != 0 && ok) {
        snprintf(err, err_size, "cannot close the event log: %s",
                 strerror(errno));
        ok = false;
    }
    if (totals) {
        *totals = w->totals;
    }
    ZSTD_freeCCtx(w->cctx);
    free(w->raw);
    free(w->comp);
    free(w->chunks);
    free(w->index_path);
    free(w);
    return ok;
}

/* ---- reader ------------------------------------------------------------ */

struct LogReader {
    FILE *file;               /* or, for in-memory logs: */
    char *index_path;
    const uint8_t *mem;
    size_t mem_len, mem_pos;
    uint64_t offset;          /* file offset of the current chunk */
    uint64_t chunk_bytes;     /* size of the current chunk in the file */
    uint8_t *raw;             /* current chunk, decompressed */
    size_t raw_len, raw_pos;
    uint32_t left;            /* events left in the current chunk */
    uint64_t icount;          /* icount of the last event returned */
    uint64_t chunk_last;      /* last_icount of the current chunk */
    uint64_t chunks;
    bool have_peek, failed;
    int peek_rc;
    LogEvent peek;
    char error[256];
};

LogReader *log_reader_open(const char *path, char *err, size_t err_size)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        snprintf(err, err_size, "cannot open %s: %s", path, strerror(errno));
        return NULL;
    }
    LogReader *r = base_alloc(sizeof(*r));
    r->file = f;
    size_t n = strlen(path) + sizeof LOG_INDEX_SUFFIX;
    r->index_path = base_alloc(n);
    snprintf(r->index_path, n, "%s%s", path, LOG_INDEX_SUFFIX);
    return r;
}

LogReader *log_reader_open_mem(const uint8_t *data, size_t len)
{
    LogReader *r = base_alloc(sizeof(*r));
    r->mem = data;
    r->mem_len = len;
    return r;
}

void log_reader_close(LogReader *r)
{
    if (r) {
        if (r->file) {
            fclose(r->file);
        }
        free(r->raw);
        free(r->index_path);
        free(r);
    }
}

const char *log_reader_error(const LogReader *r)
{
    return r->error;
}

uint64_t log_reader_chunks(const LogReader *r)
{
    return r->chunks;
}

/* Reads up to n bytes; returns how many were available. */
static size_t source_read(LogReader *r, void *buf, size_t n)
{
    if (r->file) {
        return fread(buf, 1, n, r->file);
    }
    size_t k = r->mem_len - r->mem_pos < n ? r->mem_len - r->mem_pos : n;
    memcpy(buf, r->mem + r->mem_pos, k);
    r->mem_pos += k;
    return k;
}

PRINTF_LIKE(2, 3) static int fail(LogReader *r, const char *fmt, ...)
{
    va_list ap;
    int n = snprintf(r->error, sizeof r->error,
                     "event log damaged in chunk %llu (file offset %llu): ",
                     (unsigned long long)r->chunks + 1,
                     (unsigned long long)r->offset);
    va_start(ap, fmt);
    vsnprintf(r->error + n, sizeof r->error - (size_t)n, fmt, ap);
    va_end(ap);
    r->failed = true;
    return -1;
}

/* Loads the next chunk: 1 loaded, 0 clean end, -1 damaged. */
static int load_chunk(LogReader *r)
{
    uint8_t hdr[LOG_HEADER_SIZE];
    size_t got = source_read(r, hdr, sizeof hdr);
    if (got == 0) {
        return 0;
    }
    if (got < sizeof hdr) {
        return fail(r, "truncated header (%zu of %d bytes): the recording "
                       "was probably interrupted", got, LOG_HEADER_SIZE);
    }
    if (memcmp(hdr, LOG_MAGIC, 4) != 0) {
        return fail(r, "bad magic (not a chunk start)");
    }
    if (!CHECKSUM_OK(XXH64(hdr, 48, 0), load_le(hdr + 48, 8))) {
        return fail(r, "header checksum mismatch");
    }
    uint32_t version = (uint32_t)load_le(hdr + 4, 4);
    if (version != LOG_VERSION) {
        return fail(r, "log format version %u, this rvreplay reads %d",
                    version, LOG_VERSION);
    }
    uint64_t first = load_le(hdr + 8, 8), last = load_le(hdr + 16, 8);
    uint32_t count = (uint32_t)load_le(hdr + 24, 4);
    uint32_t raw_size = (uint32_t)load_le(hdr + 28, 4);
    uint32_t comp_size = (uint32_t)load_le(hdr + 32, 4);
    if (first > last || first < r->icount || count == 0 ||
        raw_size > LOG_MAX_RAW_CHUNK ||
        comp_size > ZSTD_compressBound(LOG_MAX_RAW_CHUNK)) {
        return fail(r, "inconsistent header fields");
    }
    uint8_t *comp = malloc(comp_size ? comp_size : 1);
    if (comp == NULL) {
        return fail(r, "out of memory");
    }
    got = source_read(r, comp, comp_size);
    if (got < comp_size) {
        free(comp);
        return fail(r, "truncated body (%zu of %u bytes): the recording was "
                       "probably interrupted", got, comp_size);
    }
    if (!CHECKSUM_OK(XXH64(comp, comp_size, 0), load_le(hdr + 40, 8))) {
        free(comp);
        return fail(r, "body checksum mismatch");
    }
    r->raw = malloc(raw_size ? raw_size : 1);
    if (r->raw == NULL) {
        free(comp);
        return fail(r, "out of memory");
    }
    size_t n = ZSTD_decompress(r->raw, raw_size, comp, comp_size);
    free(comp);
    if (ZSTD_isError(n) || n != raw_size) {
        return fail(r, "body does not decompress");
    }
    r->raw_len = raw_size;
    r->raw_pos = 0;
    r->chunk_bytes = LOG_HEADER_SIZE + (uint64_t)comp_size;
    r->left = count;
    r->icount = first;
    r->chunk_last = last;
    return 1;
}

static int read_event(LogReader *r, LogEvent *ev)
{
    if (r->failed) {
        return -1;
    }
    while (r->left == 0) {
        if (r->raw != NULL && r->raw_pos != r->raw_len) {
            return fail(r, "trailing bytes after the last event");
        }
        if (r->raw != NULL) {
            r->offset += r->chunk_bytes;
            r->chunk_bytes = 0;
            r->chunks++;
            free(r->raw);
            r->raw = NULL;
        }
        int rc = load_chunk(r);
        if (rc <= 0) {
            return rc;
        }
    }
    const uint8_t *p = r->raw + r->raw_pos, *end = r->raw + r->raw_len;
    uint64_t delta, len;
    if (p >= end) {
        return fail(r, "fewer events than the header says");
    }
    unsigned kind = *p++;
    if (kind == 0 || kind > LOG_EV_KIND_MAX) {
        return fail(r, "unknown event kind %u", kind);
    }
    if (!log_get_varint(&p, end, &delta) || !log_get_varint(&p, end, &len) ||
        len > LOG_MAX_EVENT || len > (uint64_t)(end - p)) {
        return fail(r, "malformed event");
    }
    if (r->icount + delta < r->icount || r->icount + delta > r->chunk_last) {
        return fail(r, "event instruction count out of the chunk's range");
    }
    r->icount += delta;
    ev->kind = kind;
    ev->icount = r->icount;
    ev->len = (uint32_t)len;
    ev->data = p;
    r->raw_pos = (size_t)(p + len - r->raw);
    r->left--;
    return 1;
}

int log_reader_peek(LogReader *r, LogEvent *ev)
{
    if (!r->have_peek) {
        r->peek_rc = read_event(r, &r->peek);
        r->have_peek = true;
    }
    *ev = r->peek;
    return r->peek_rc;
}

int log_reader_next(LogReader *r, LogEvent *ev)
{
    int rc = log_reader_peek(r, ev);
    if (rc > 0) {
        r->have_peek = false;
    }
    return rc;
}

/* Reads the index file; NULL if missing or damaged. */
static ChunkRef *read_index(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    uint8_t head[16];
    ChunkRef *c = NULL;
    if (f == NULL) {
        return NULL;
    }
    if (fread(head, 1, 16, f) == 16 && memcmp(head, "RVLI", 4) == 0 &&
        load_le(head + 4, 4) == LOG_VERSION &&
        load_le(head + 8, 8) < (1ULL << 32)) {
        size_t count = load_le(head + 8, 8), size = 16 + count * 24 + 8;
        uint8_t *buf = malloc(size);
        if (buf && (memcpy(buf, head, 16), fread(buf + 16, 1, size - 16, f)) ==
                       size - 16 &&
            XXH64(buf, size - 8, 0) == load_le(buf + size - 8, 8)) {
            c = base_alloc((count ? count : 1) * sizeof(ChunkRef));
            for (size_t i = 0; i < count; i++) {
                c[i].first = load_le(buf + 16 + 24 * i, 8);
                c[i].last = load_le(buf + 24 + 24 * i, 8);
                c[i].offset = load_le(buf + 32 + 24 * i, 8);
            }
            *n = count;
        }
        free(buf);
    }
    fclose(f);
    return c;
}

/* Rebuilds the index by walking the chunk headers (checked, bodies
 * skipped); stops quietly at the first damaged header. */
static ChunkRef *scan_chunks(FILE *f, size_t *n)
{
    ChunkRef *c = NULL;
    size_t cap = 0;
    uint64_t offset = 0;
    uint8_t hdr[LOG_HEADER_SIZE];
    *n = 0;
    while (fseek(f, (long)offset, SEEK_SET) == 0 &&
           fread(hdr, 1, sizeof hdr, f) == sizeof hdr &&
           memcmp(hdr, LOG_MAGIC, 4) == 0 &&
           CHECKSUM_OK(XXH64(hdr, 48, 0), load_le(hdr + 48, 8))) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 64;
            c = base_realloc(c, cap * sizeof(ChunkRef));
        }
        c[*n].first = load_le(hdr + 8, 8);
        c[*n].last = load_le(hdr + 16, 8);
        c[*n].offset = offset;
        (*n)++;
        offset += LOG_HEADER_SIZE + load_le(hdr + 32, 4);
    }
    return c;
}

bool log_reader_seek(LogReader *r, uint64_t icount)
{
    size_t n = 0;
    if (r->file == NULL) {
        snprintf(r->error, sizeof r->error, "cannot seek an in-memory log");
        return false;
    }
    ChunkRef *c = read_index(r->index_path, &n);
    if (c == NULL) {
        c = scan_chunks(r->file, &n);
    }
    /* The first chunk whose events reach icount. */
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c[mid].last < icount) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    uint64_t offset = lo < n ? c[lo].offset : 0;
    size_t index = lo < n ? lo : 0;
    free(c);
    if (fseek(r->file, (long)offset, SEEK_SET) != 0) {
        snprintf(r->error, sizeof r->error, "cannot seek in the event log");
        return false;
    }
    free(r->raw);
    r->raw = NULL;
    r->raw_len = r->raw_pos = 0;
    r->left = 0;
    r->icount = 0;
    r->offset = offset;
    r->chunk_bytes = 0;
    r->chunks = index;
    r->have_peek = false;
    r->failed = false;
    r->error[0] = '\0';
    LogEvent ev;
    int rc;
    while ((rc = log_reader_peek(r, &ev)) > 0 && ev.icount < icount) {
        (void)log_reader_next(r, &ev);
    }
    return rc >= 0;
}
