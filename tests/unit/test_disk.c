/* Unit test of src/host/disk.c: modes, copy-on-write overlay, locking,
 * spec parsing, content hash, error messages.
 * SPDX-License-Identifier: MIT */
#include "host/disk.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int failures;

#define CHECK(cond)                                                          \
    do {                                                                     \
        if (!(cond)) {                                                       \
            fprintf(stderr, "FAIL line %d: %s\n", __LINE__, #cond);          \
            failures++;                                                      \
        }                                                                    \
    } while (0)

#define IMG_SIZE (64 * 1024 + 100) /* not a multiple of the sector size */

static char dir[] = "/tmp/rvreplay-test-disk-XXXXXX";
static char path[256];
static uint8_t orig[IMG_SIZE];

static void make_image(void)
{
    for (unsigned i = 0; i < IMG_SIZE; i++) {
        orig[i] = (uint8_t)(i * 13 + (i >> 9));
    }
    FILE *f = fopen(path, "wb");
    CHECK(f && fwrite(orig, 1, IMG_SIZE, f) == IMG_SIZE);
    fclose(f);
}

static bool file_is(const uint8_t *want)
{
    static uint8_t now[IMG_SIZE + 1];
    FILE *f = fopen(path, "rb");
    size_t n = f ? fread(now, 1, sizeof now, f) : 0;
    if (f) {
        fclose(f);
    }
    return n == IMG_SIZE && memcmp(now, want, IMG_SIZE) == 0;
}

static HostDisk *open_spec(const char *opts, char *err, size_t errsz)
{
    char spec[300];
    snprintf(spec, sizeof spec, "%s%s", path, opts);
    return host_disk_open(spec, 0, err, errsz);
}

static void test_snapshot(void)
{
    char err[256];
    uint8_t buf[3 * 512], back[3 * 512];
    HostDisk *d = open_spec(",snapshot", err, sizeof err);
    CHECK(d != NULL);
    const BlockDev *bd = host_disk_blockdev(d);
    CHECK(bd->sectors == IMG_SIZE / 512 && !bd->read_only);
    /* A write straddling a 4 KiB chunk boundary, then read around it. */
    memset(buf, 0xab, sizeof buf);
    CHECK(bd->write(bd->opaque, 7, buf, 3));
    CHECK(bd->read(bd->opaque, 6, back, 3));
    CHECK(memcmp(back, orig + 6 * 512, 512) == 0);
    CHECK(memcmp(back + 512, buf, 1024) == 0);
    CHECK(bd->read(bd->opaque, 9, back, 2));
    CHECK(memcmp(back, buf, 512) == 0);
    CHECK(memcmp(back + 512, orig + 10 * 512, 512) == 0);
    /* Last sector (in the partial last chunk). */
    CHECK(bd->write(bd->opaque, bd->sectors - 1, buf, 1));
    CHECK(bd->read(bd->opaque, bd->sectors - 1, back, 1));
    CHECK(memcmp(back, buf, 512) == 0);
    CHECK(bd->flush(bd->opaque));
    /* A second snapshot user may share the file. */
    HostDisk *d2 = open_spec(",snapshot", err, sizeof err);
    CHECK(d2 != NULL);
    host_disk_close(d2);
    /* But no writer. */
    d2 = open_spec("", err, sizeof err);
    CHECK(d2 == NULL && strstr(err, "in use") != NULL);
    host_disk_close(d);
    CHECK(file_is(orig));
}

static void test_read_write(void)
{
    char err[256];
    uint8_t buf[512], want[IMG_SIZE];
    HostDisk *d = open_spec("", err, sizeof err);
    CHECK(d != NULL);
    const BlockDev *bd = host_disk_blockdev(d);
    HostDisk *d2 = open_spec(",ro", err, sizeof err);
    CHECK(d2 == NULL && strstr(err, "in use") != NULL);
    memset(buf, 0x5a, sizeof buf);
    CHECK(bd->write(bd->opaque, 3, buf, 1));
    CHECK(bd->flush(bd->opaque));
    host_disk_close(d);
    memcpy(want, orig, IMG_SIZE);
    memset(want + 3 * 512, 0x5a, 512);
    CHECK(file_is(want));
    make_image();
}

static void test_read_only(void)
{
    char err[256];
    uint8_t buf[512];
    HostDisk *d = open_spec(",ro", err, sizeof err);
    CHECK(d != NULL);
    const BlockDev *bd = host_disk_blockdev(d);
    CHECK(bd->read_only);
    memset(buf, 1, sizeof buf);
    CHECK(!bd->write(bd->opaque, 0, buf, 1));
    CHECK(bd->read(bd->opaque, 0, buf, 1) && memcmp(buf, orig, 512) == 0);
    host_disk_close(d);
    CHECK(file_is(orig));
}

static void test_hash_and_errors(void)
{
    char err[256], hex[SHA256_HEX_SIZE], cmd[400], want[80] = "";
    HostDisk *d = host_disk_open(path, HOST_DISK_FORCE_SNAPSHOT, err,
                                 sizeof err);
    CHECK(d != NULL && host_disk_is_snapshot(d));
    CHECK(host_disk_hash(d, hex, err, sizeof err));
    snprintf(cmd, sizeof cmd, "sha256sum '%s'", path);
    FILE *p = popen(cmd, "r");
    if (p) {
        CHECK(fgets(want, sizeof want, p) != NULL);
        pclose(p);
    }
    CHECK(strncmp(hex, want, 64) == 0);
    host_disk_close(d);

    CHECK(host_disk_open("/nonexistent/x.img", 0, err, sizeof err) == NULL);
    CHECK(strstr(err, "/nonexistent/x.img") && strstr(err, "No such file"));
    CHECK(open_spec(",bogus", err, sizeof err) == NULL &&
          strstr(err, "bogus"));
    CHECK(host_disk_open(",ro", 0, err, sizeof err) == NULL &&
          strstr(err, "missing file name"));
    CHECK(host_disk_open(dir, 0, err, sizeof err) == NULL);
    char empty[300];
    snprintf(empty, sizeof empty, "%s/empty.img", dir);
    FILE *f = fopen(empty, "wb");
    fclose(f);
    CHECK(host_disk_open(empty, 0, err, sizeof err) == NULL &&
          strstr(err, "too small"));
    unlink(empty);
}

int main(void)
{
    if (mkdtemp(dir) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(path, sizeof path, "%s/disk.img", dir);
    make_image();
    test_snapshot();
    test_read_write();
    test_read_only();
    test_hash_and_errors();
    unlink(path);
    rmdir(dir);
    if (failures) {
        fprintf(stderr, "%d failure(s)\n", failures);
        return 1;
    }
    printf("disk: all checks passed\n");
    return 0;
}
