/* `rvreplay info TRACE` and `rvreplay pack TRACE`.
 * SPDX-License-Identifier: MIT */
#include "cli/cli.h"
#include "cli/session.h"
#include "cli/trace_images.h"
#include "replay/log.h"
#include "replay/manifest.h"

#include <stdio.h>

static Manifest *open_manifest(const char *dir, char *err, size_t size)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, TRACE_MANIFEST);
    return manifest_read(path, err, size);
}

static void print_seconds(const char *label, const Manifest *m,
                          const char *key)
{
    uint64_t ns;
    if (manifest_get_u64(m, key, &ns)) {
        printf("%-14s %.3f s\n", label, (double)ns / 1e9);
    }
}

int cli_info(int argc, char **argv)
{
    char err[1024], path[4096];
    if (argc != 2 || argv[1][0] == '-') {
        fprintf(stderr, "usage: rvreplay info TRACE\n");
        return argc == 2 && strcmp(argv[1], "--help") == 0 ? 0 : EXIT_USAGE;
    }
    const char *dir = argv[1];
    Manifest *m = open_manifest(dir, err, sizeof err);
    if (m == NULL) {
        fprintf(stderr, "rvreplay: %s\n", err);
        return EXIT_USAGE;
    }
    uint64_t insns = 0, guest_ns = 0, mem = 0;
    bool finished = manifest_get_u64(m, "instructions", &insns);
    if (!manifest_get_u64(m, "guest-ns", &guest_ns)) {
        guest_ns = 0;
    }
    printf("%-14s %s\n", "trace", dir);
    printf("%-14s %s\n", "command", manifest_get(m, "command", 0)
                                          ? manifest_get(m, "command", 0)
                                          : "?");
    if (manifest_get_u64(m, "mem", &mem)) {
        printf("%-14s %llu MiB RAM, %s hart(s)\n", "machine",
               (unsigned long long)(mem >> 20), manifest_get(m, "smp", 0));
    }
    printf("%-14s %s\n", "status",
           finished ? manifest_get(m, "status", 0)
                    : "unfinished (the recorder did not end normally)");
    if (finished) {
        printf("%-14s %llu\n", "instructions", (unsigned long long)insns);
        print_seconds("guest time", m, "guest-ns");
        print_seconds("wall time", m, "wall-ns");
    }
    const char *const *images = trace_image_keys;
    for (size_t i = 0; i < TRACE_IMAGE_COUNT; i++) {
        char key[32];
        const char *p = manifest_get(m, images[i], 0);
        if (p == NULL) {
            continue;
        }
        snprintf(key, sizeof key, "%s-sha256", images[i]);
        const char *h = manifest_get(m, key, 0);
        snprintf(key, sizeof key, "%s-embedded", images[i]);
        printf("%-14s %s%s%.16s%s\n", images[i], p, h ? "  sha256 " : "",
               h ? h : "", manifest_get(m, key, 0) ? "  (embedded)" : "");
    }
    for (unsigned i = 0; manifest_get(m, "disk", i); i++) {
        printf("%-14s %s  sha256 %.16s%s\n", "disk", manifest_get(m, "disk", i),
               manifest_get(m, "disk-sha256", i)
                   ? manifest_get(m, "disk-sha256", i)
                   : "?",
               manifest_get(m, "disk-embedded", i) ? "  (embedded)" : "");
    }
    for (unsigned i = 0; manifest_get(m, "net", i); i++) {
        printf("%-14s %s (frames in %s/%s)\n", "net", manifest_get(m, "net", i),
               dir, TRACE_PCAP);
    }

    /* Events by kind, from the log itself (which also checks it). */
    snprintf(path, sizeof path, "%s/%s", dir, TRACE_EVENTS);
    LogReader *r = log_reader_open(path, err, sizeof err);
    if (r == NULL) {
        fprintf(stderr, "rvreplay: %s\n", err);
        manifest_free(m);
        return EXIT_USAGE;
    }
    uint64_t count[LOG_EV_KIND_MAX + 1] = {0}, bytes[LOG_EV_KIND_MAX + 1] = {0};
    uint64_t raw = 0, last = 0;
    LogEvent ev;
    int rc;
    while ((rc = log_reader_next(r, &ev)) > 0) {
        count[ev.kind]++;
        bytes[ev.kind] += ev.len;
        raw += ev.len + 3;
        last = ev.icount;
    }
    printf("%-14s", "events");
    for (unsigned k = 1; k <= LOG_EV_KIND_MAX; k++) {
        if (count[k]) {
            printf(" %s %llu (%llu B)", log_event_name(k),
                   (unsigned long long)count[k], (unsigned long long)bytes[k]);
        }
    }
    printf("\n");
    uint64_t file_bytes = 0;
    FILE *f = fopen(path, "rb");
    if (f) {
        fseek(f, 0, SEEK_END);
        file_bytes = (uint64_t)ftell(f);
        fclose(f);
    }
    printf("%-14s %llu bytes in %llu chunks, about %llu bytes of events "
           "(compression %.1fx)\n", "log", (unsigned long long)file_bytes,
           (unsigned long long)log_reader_chunks(r), (unsigned long long)raw,
           file_bytes ? (double)raw / (double)file_bytes : 0.0);
    if (finished && insns > 0) {
        printf("%-14s %.0f bytes per 1e9 instructions", "log rate",
               (double)file_bytes * 1e9 / (double)insns);
        if (guest_ns > 0) {
            printf(", %.0f bytes per guest second",
                   (double)file_bytes * 1e9 / (double)guest_ns);
        }
        printf("\n");
    }
    int status = 0;
    if (rc < 0) {
        printf("%-14s DAMAGED: %s (events up to instruction %llu are "
               "intact)\n", "integrity", log_reader_error(r),
               (unsigned long long)last);
        status = EXIT_TRACE_INCOMPLETE;
    } else {
        printf("%-14s all chunks intact\n", "integrity");
    }
    log_reader_close(r);
    manifest_free(m);
    return status;
}

int cli_pack(int argc, char **argv)
{
    char err[1024], path[4096];
    if (argc != 2 || argv[1][0] == '-') {
        fprintf(stderr, "usage: rvreplay pack TRACE\n\nCopies the firmware, "
                        "kernel, initrd, dtb and disk images a trace uses into "
                        "it (checking their SHA-256), so it replays on another "
                        "machine with nothing else.\n");
        return argc == 2 && strcmp(argv[1], "--help") == 0 ? 0 : EXIT_USAGE;
    }
    Manifest *m = open_manifest(argv[1], err, sizeof err);
    bool ok = m != NULL && trace_embed_images(argv[1], m, err, sizeof err);
    if (ok) {
        snprintf(path, sizeof path, "%s/%s", argv[1], TRACE_MANIFEST);
        ok = manifest_write(m, path, err, sizeof err);
    }
    manifest_free(m);
    if (!ok) {
        fprintf(stderr, "rvreplay: %s\n", err);
        return EXIT_USAGE;
    }
    printf("packed %s: its images are inside it now\n", argv[1]);
    return 0;
}
