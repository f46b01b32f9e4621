/* Raw disk image backend with an in-memory copy-on-write overlay.
 * SPDX-License-Identifier: MIT */
#include "host/disk.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* The overlay keeps written data in 4 KiB chunks, found through a
 * two-level table: OVL_L2 chunks (1 MiB) per first-level entry, so a large
 * mostly-unwritten image costs 8 bytes per MiB. */
#define CHUNK_SIZE 4096u
#define CHUNK_SECTORS (CHUNK_SIZE / BLOCKDEV_SECTOR_SIZE)
#define OVL_L2 256u

struct HostDisk {
    BlockDev bd;
    char *path;
    int fd;
    uint64_t size;        /* file size in bytes */
    bool snapshot;
    uint8_t ***overlay;   /* [l1][l2] -> CHUNK_SIZE bytes, or NULL */
    uint64_t overlay_l1;  /* first-level entries */
};

static void PRINTF_LIKE(3, 4) set_err(char *err, size_t err_size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, err_size, fmt, ap);
    va_end(ap);
}

/* pread that retries short reads; bytes past the end of the file read as
 * zeros only if `zero_past_eof`. */
static bool read_full(HostDisk *d, uint64_t off, uint8_t *buf, uint64_t len,
                      bool zero_past_eof)
{
    while (len > 0) {
        ssize_t n = pread(d->fd, buf, len, (off_t)off);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return false;
        }
        if (n == 0) {
            if (!zero_past_eof) {
                return false;
            }
            memset(buf, 0, len);
            return true;
        }
        buf += n;
        off += (uint64_t)n;
        len -= (uint64_t)n;
    }
    return true;
}

static bool write_full(HostDisk *d, uint64_t off, const uint8_t *buf,
                       uint64_t len)
{
    while (len > 0) {
        ssize_t n = pwrite(d->fd, buf, len, (off_t)off);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        buf += n;
        off += (uint64_t)n;
        len -= (uint64_t)n;
    }
    return true;
}

static uint8_t *chunk_get(HostDisk *d, uint64_t chunk)
{
    uint8_t **l2 = d->overlay[chunk / OVL_L2];
    return l2 ? l2[chunk % OVL_L2] : NULL;
}

/* The overlay chunk, created from the file's content on first write. */
static uint8_t *chunk_make(HostDisk *d, uint64_t chunk)
{
    uint8_t ***l1 = &d->overlay[chunk / OVL_L2];
    if (*l1 == NULL) {
        *l1 = base_alloc(OVL_L2 * sizeof(uint8_t *));
    }
    uint8_t **slot = &(*l1)[chunk % OVL_L2];
    if (*slot == NULL) {
        uint8_t *c = base_alloc(CHUNK_SIZE);
        if (!read_full(d, chunk * CHUNK_SIZE, c, CHUNK_SIZE, true)) {
            free(c);
            return NULL;
        }
        *slot = c;
    }
    return *slot;
}

static bool disk_read(void *opaque, uint64_t sector, void *buf,
                      uint64_t count)
{
    HostDisk *d = opaque;
    uint8_t *p = buf;
    if (!d->snapshot) {
        return read_full(d, sector * BLOCKDEV_SECTOR_SIZE, p,
                         count * BLOCKDEV_SECTOR_SIZE, false);
    }
    while (count > 0) {
        uint64_t chunk = sector / CHUNK_SECTORS;
        uint64_t in_chunk = sector % CHUNK_SECTORS;
        uint64_t n = CHUNK_SECTORS - in_chunk;
        if (n > count) {
            n = count;
        }
        uint64_t bytes = n * BLOCKDEV_SECTOR_SIZE;
        const uint8_t *c = chunk_get(d, chunk);
        if (c) {
            memcpy(p, c + in_chunk * BLOCKDEV_SECTOR_SIZE, bytes);
        } else if (!read_full(d, sector * BLOCKDEV_SECTOR_SIZE, p, bytes,
                              false)) {
            return false;
        }
        p += bytes;
        sector += n;
        count -= n;
    }
    return true;
}

static bool disk_write(void *opaque, uint64_t sector, const void *buf,
                       uint64_t count)
{
    HostDisk *d = opaque;
    const uint8_t *p = buf;
    if (d->bd.read_only) {
        return false;
    }
    if (!d->snapshot) {
        return write_full(d, sector * BLOCKDEV_SECTOR_SIZE, p,
                          count * BLOCKDEV_SECTOR_SIZE);
    }
    while (count > 0) {
        uint64_t chunk = sector / CHUNK_SECTORS;
        uint64_t in_chunk = sector % CHUNK_SECTORS;
        uint64_t n = CHUNK_SECTORS - in_chunk;
        if (n > count) {
            n = count;
        }
        uint8_t *c = chunk_make(d, chunk);
        if (c == NULL) {
            return false;
        }
        memcpy(c + in_chunk * BLOCKDEV_SECTOR_SIZE, p,
               n * BLOCKDEV_SECTOR_SIZE);
        p += n * BLOCKDEV_SECTOR_SIZE;
        sector += n;
        count -= n;
    }
    return true;
}

static bool disk_flush(void *opaque)
{
    HostDisk *d = opaque;
    if (d->snapshot || d->bd.read_only) {
        return true;
    }
    return fdatasync(d->fd) == 0;
}

/* Splits "FILE[,ro][,snapshot]". */
static bool parse_spec(const char *spec, char **path, bool *ro,
                       bool *snapshot, char *err, size_t err_size)
{
    const char *comma = strchr(spec, ',');
    size_t plen = comma ? (size_t)(comma - spec) : strlen(spec);
    if (plen == 0) {
        set_err(err, err_size, "--disk: missing file name in '%s'", spec);
        return false;
    }
    while (comma) {
        const char *opt = comma + 1;
        const char *end = strchr(opt, ',');
        size_t olen = end ? (size_t)(end - opt) : strlen(opt);
        if (olen == 2 && memcmp(opt, "ro", 2) == 0) {
            *ro = true;
        } else if (olen == 8 && memcmp(opt, "snapshot", 8) == 0) {
            *snapshot = true;
        } else {
            set_err(err, err_size, "--disk: unknown option '%.*s' in '%s' "
                    "(expected ro or snapshot)", (int)olen, opt, spec);
            return false;
        }
        comma = end;
    }
    *path = base_alloc(plen + 1);
    memcpy(*path, spec, plen);
    return true;
}

HostDisk *host_disk_open(const char *spec, unsigned flags, char *err,
                         size_t err_size)
{
    char *path = NULL;
    bool ro = false, snapshot = false;
    struct stat st;
    if (!parse_spec(spec, &path, &ro, &snapshot, err, err_size)) {
        return NULL;
    }
    if (flags & HOST_DISK_FORCE_SNAPSHOT) {
        snapshot = true;
    }
    bool writes_file = !ro && !snapshot;
    int fd = open(path, (writes_file ? O_RDWR : O_RDONLY) | O_CLOEXEC);
    if (fd < 0) {
        set_err(err, err_size, "cannot open disk image '%s'%s: %s", path,
                writes_file ? " for writing" : "", strerror(errno));
        free(path);
        return NULL;
    }
    if (fstat(fd, &st) != 0 || !(S_ISREG(st.st_mode) || S_ISBLK(st.st_mode))) {
        set_err(err, err_size, "disk image '%s' is not a regular file or "
                "block device", path);
        goto fail;
    }
    /* Two writers, or a writer and a reader whose content hash it would
     * invalidate, must not share an image. */
    if (flock(fd, (writes_file ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0) {
        set_err(err, err_size, "disk image '%s' is in use by another process "
                "(%s)", path, errno == EWOULDBLOCK ? "locked" : strerror(errno));
        goto fail;
    }
    off_t size = lseek(fd, 0, SEEK_END);
    if (size < (off_t)BLOCKDEV_SECTOR_SIZE) {
        set_err(err, err_size, "disk image '%s' is %s (a disk needs at least "
                "one %u-byte sector)", path,
                size < 0 ? strerror(errno) : "too small",
                BLOCKDEV_SECTOR_SIZE);
        goto fail;
    }

    HostDisk *d = base_alloc(sizeof(*d));
    d->path = path;
    d->fd = fd;
    d->size = (uint64_t)size;
    d->snapshot = snapshot;
    /* A trailing partial sector is not visible to the guest (as QEMU's raw
     * driver rounds down too). */
    d->bd = (BlockDev){
        .opaque = d,
        .sectors = d->size / BLOCKDEV_SECTOR_SIZE,
        .read_only = ro,
        .read = disk_read,
        .write = disk_write,
        .flush = disk_flush,
    };
    if (snapshot) {
        uint64_t chunks = (d->size + CHUNK_SIZE - 1) / CHUNK_SIZE;
        d->overlay_l1 = (chunks + OVL_L2 - 1) / OVL_L2;
        d->overlay = calloc(d->overlay_l1, sizeof(*d->overlay));
        if (d->overlay == NULL) {
            set_err(err, err_size, "disk image '%s': out of memory for the "
                    "snapshot overlay", path);
            host_disk_close(d);
            return NULL;
        }
    }
    return d;

fail:
    close(fd);
    free(path);
    return NULL;
}

void host_disk_close(HostDisk *d)
{
    if (d == NULL) {
        return;
    }
    if (d->overlay) {
        for (uint64_t i = 0; i < d->overlay_l1; i++) {
            if (d->overlay[i]) {
                for (unsigned j = 0; j < OVL_L2; j++) {
                    free(d->overlay[i][j]);
                }
                free(d->overlay[i]);
            }
        }
        free(d->overlay);
    }
    close(d->fd); /* drops the flock */
    free(d->path);
    free(d);
}

const BlockDev *host_disk_blockdev(const HostDisk *d) { return &d->bd; }
const char *host_disk_path(const HostDisk *d) { return d->path; }
bool host_disk_is_snapshot(const HostDisk *d) { return d->snapshot; }
uint64_t host_disk_size(const HostDisk *d) { return d->size; }

bool host_disk_hash(HostDisk *d, char hex[SHA256_HEX_SIZE], char *err,
                    size_t err_size)
{
    enum { BUF = 1 << 20 };
    uint8_t *buf = base_alloc(BUF);
    uint8_t digest[SHA256_DIGEST_SIZE];
    Sha256 s;
    sha256_init(&s);
    for (uint64_t off = 0; off < d->size; off += BUF) {
        uint64_t n = d->size - off < BUF ? d->size - off : BUF;
        if (!read_full(d, off, buf, n, false)) {
            set_err(err, err_size, "cannot read disk image '%s': %s", d->path,
                    errno ? strerror(errno) : "file shrank");
            free(buf);
            return false;
        }
        sha256_update(&s, buf, n);
    }
    free(buf);
    sha256_final(&s, digest);
    sha256_hex(digest, hex);
    return true;
}
