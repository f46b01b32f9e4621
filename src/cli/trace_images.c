/* Embedding images in a trace directory.
 * SPDX-License-Identifier: MIT */
#include "cli/trace_images.h"

#include "base/sha256.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

/* Disks a trace can name (the board has eight virtio slots). */
#define TRACE_MAX_DISKS 8

const char *const trace_image_keys[TRACE_IMAGE_COUNT] = {"bios", "kernel",
                                                          "initrd", "dtb"};

/* Copies src to dst while hashing it; false + message on I/O errors or
 * if the content's SHA-256 is not `want`. */
static bool copy_checked(const char *src, const char *dst, const char *want,
                         char *err, size_t err_size)
{
    FILE *in = fopen(src, "rb"), *out = NULL;
    uint8_t buf[1 << 16], digest[SHA256_DIGEST_SIZE];
    char hex[SHA256_HEX_SIZE];
    Sha256 s;
    bool ok = in != NULL && (out = fopen(dst, "wb")) != NULL;
    sha256_init(&s);
    while (ok) {
        size_t n = fread(buf, 1, sizeof buf, in);
        if (n == 0) {
            ok = !ferror(in);
            break;
        }
        sha256_update(&s, buf, n);
        ok = fwrite(buf, 1, n, out) == n;
    }
    if (out && fclose(out) != 0) {
        ok = false;
    }
    if (in) {
        fclose(in);
    }
    if (!ok) {
        snprintf(err, err_size, "cannot copy %s into the trace: %s", src,
                 strerror(errno));
        remove(dst);
        return false;
    }
    sha256_final(&s, digest);
    sha256_hex(digest, hex);
    if (want && strcmp(hex, want) != 0) {
        snprintf(err, err_size, "%s changed since it was recorded (sha256 "
                 "%.16s..., recorded %.16s...): cannot embed it", src, hex,
                 want);
        remove(dst);
        return false;
    }
    return true;
}

/* Copies made by one trace_embed_images call, removed again if a later
 * copy fails, so a failed pack leaves the trace as it was. */
typedef struct Copies {
    char paths[4 + TRACE_MAX_DISKS][4096];
    unsigned n;
} Copies;

static bool copy_into(Copies *c, const char *src, const char *dst,
                      const char *want, char *err, size_t err_size)
{
    if (!copy_checked(src, dst, want, err, err_size)) {
        for (unsigned i = 0; i < c->n; i++) {
            remove(c->paths[i]);
        }
        return false;
    }
    if (c->n < ARRAY_SIZE(c->paths)) {
        snprintf(c->paths[c->n++], sizeof c->paths[0], "%s", dst);
    }
    return true;
}

bool trace_embed_images(const char *dir, Manifest *m, char *err,
                        size_t err_size)
{
    char path[4096], key[32], rel[64];
    static Copies copies;
    copies.n = 0;
    snprintf(path, sizeof path, "%s/images", dir);
    if (mkdir(path, 0755) != 0 && errno != EEXIST) {
        snprintf(err, err_size, "cannot create %s: %s", path,
                 strerror(errno));
        return false;
    }
    for (size_t i = 0; i < TRACE_IMAGE_COUNT; i++) {
        const char *src = manifest_get(m, trace_image_keys[i], 0);
        snprintf(key, sizeof key, "%s-embedded", trace_image_keys[i]);
        if (src == NULL || strcmp(src, "none") == 0 ||
            manifest_get(m, key, 0) != NULL) {
            continue;
        }
        snprintf(rel, sizeof rel, "images/%s", trace_image_keys[i]);
        snprintf(path, sizeof path, "%s/%s", dir, rel);
        char hkey[32];
        snprintf(hkey, sizeof hkey, "%s-sha256", trace_image_keys[i]);
        if (!copy_into(&copies, src, path, manifest_get(m, hkey, 0), err,
                       err_size)) {
            return false;
        }
        manifest_set(m, key, "%s", rel);
    }
    if (manifest_get(m, "disk-embedded", 0) != NULL) {
        return true;
    }
    for (unsigned i = 0; manifest_get(m, "disk", i) != NULL; i++) {
        const char *spec = manifest_get(m, "disk", i);
        size_t plen = strcspn(spec, ",");
        char src[4096];
        if (plen >= sizeof src) {
            snprintf(err, err_size, "disk path too long");
            return false;
        }
        memcpy(src, spec, plen);
        src[plen] = '\0';
        snprintf(rel, sizeof rel, "images/disk%u", i);
        snprintf(path, sizeof path, "%s/%s", dir, rel);
        if (!copy_into(&copies, src, path, manifest_get(m, "disk-sha256", i),
                       err, err_size)) {
            return false;
        }
        manifest_add(m, "disk-embedded", "%s%s", rel, spec + plen);
    }
    return true;
}

const char *trace_disk_spec(const char *dir, Manifest *m, unsigned i)
{
    const char *emb = manifest_get(m, "disk-embedded", i);
    if (emb == NULL) {
        return manifest_get(m, "disk", i);
    }
    if (strncmp(emb, "images/disk", 11) != 0 || strstr(emb, "..")) {
        return NULL;
    }
    char key[32];
    snprintf(key, sizeof key, "disk-path-%u", i);
    manifest_set(m, key, "%s/%s", dir, emb);
    return manifest_get(m, key, 0);
}
