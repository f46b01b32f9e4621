/* One machine session (see session.h).
 * SPDX-License-Identifier: MIT */
#include "cli/session.h"

#include "base/sha256.h"
#include "cli/cli.h"
#include "cli/devices.h"
#include "cli/trace_images.h"
#include "cpu/cpu.h"
#include "cpu/decode.h"
#include "cpu/physmem.h"
#include "host/clock.h"
#include "machine/boot.h"
#include "machine/machine.h"
#include "replay/manifest.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* Playback runs the machine in slices this long to update the progress
 * line. */
#define PROGRESS_SLICE 50000000ULL

/* The boot images a recording identifies by content, in the order of
 * trace_image_keys. */
enum { IMG_BIOS, IMG_KERNEL, IMG_INITRD, IMG_DTB, IMG_COUNT };
_Static_assert(IMG_COUNT == TRACE_IMAGE_COUNT, "one image list");

typedef struct Session {
    const SessionOptions *o;
    MachineOptions mo;
    Manifest *manifest;
    BootImages images;
    CliDevices devices;
    Replay *replay;
    Machine *machine;
    FILE *insn_trace;
    char err[8192];
} Session;

static void trace_insn(void *opaque, Hart *h, uint64_t pc, uint32_t raw)
{
    FILE *out = opaque;
    DecodedInsn d;
    char text[64];
    decode_insn(&d, raw, pc);
    decode_disasm(&d, text, sizeof text);
    fprintf(out, "%llu h%u %016llx: %-32s", (unsigned long long)cpu_icount(h),
            cpu_hartid(h), (unsigned long long)pc, text);
    switch (decode_dest_kind(&d)) {
    case 'x':
        fprintf(out, " %s=%016llx", decode_xreg_names[d.rd],
                (unsigned long long)cpu_get_xreg(h, d.rd));
        break;
    case 'f':
        fprintf(out, " %s=%016llx", decode_freg_names[d.rd],
                (unsigned long long)cpu_get_freg(h, d.rd));
        break;
    default:
        break;
    }
    fputc('\n', out);
}

static void image_data(const BootImages *img, unsigned i, const uint8_t **p,
                       size_t *len)
{
    switch (i) {
    case IMG_BIOS: *p = img->bios; *len = img->bios_len; break;
    case IMG_KERNEL: *p = img->kernel; *len = img->kernel_len; break;
    case IMG_INITRD: *p = img->initrd; *len = img->initrd_len; break;
    default: *p = img->dtb; *len = img->dtb_len; break;
    }
}

static void hash_hex(const uint8_t *p, size_t len, char hex[SHA256_HEX_SIZE])
{
    Sha256 s;
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_init(&s);
    sha256_update(&s, p, len);
    sha256_final(&s, d);
    sha256_hex(d, hex);
}

static bool path_in(char *out, size_t size, const char *dir, const char *a,
                    const char *b)
{
    int n = b ? snprintf(out, size, "%s/%s/%s", dir, a, b)
              : snprintf(out, size, "%s/%s", dir, a);
    return n > 0 && (size_t)n < size;
}

static bool write_file(const char *path, const uint8_t *p, size_t len)
{
    FILE *f = fopen(path, "wb");
    bool ok = f && fwrite(p, 1, len, f) == len;
    if (f && fclose(f) != 0) {
        ok = false;
    }
    return ok;
}

/* ---- trace directory ------------------------------------------------------ */

/* Record: creates the directory and writes the machine description. */
static bool manifest_begin(Session *s)
{
    const SessionOptions *o = s->o;
    char path[4096];
    if (mkdir(o->trace_dir, 0755) != 0 && errno != EEXIST) {
        snprintf(s->err, sizeof s->err, "cannot create %s: %s", o->trace_dir,
                 strerror(errno));
        return false;
    }
    Manifest *m = s->manifest = manifest_new();
    manifest_set(m, "command", "%s", o->command);
    manifest_set(m, "rvreplay-version", "%s", cli_version());
    manifest_set(m, "created-unix-ns", "%llu",
                 (unsigned long long)host_wallclock_ns());
    manifest_set(m, "mem", "%llu", (unsigned long long)s->mo.mem);
    manifest_set(m, "smp", "%u", s->mo.smp);
    manifest_set(m, "append", "%s",
                 s->images.cmdline ? s->images.cmdline : "");
    const char *paths[IMG_COUNT] = {s->mo.bios, s->mo.kernel, s->mo.initrd,
                                    s->mo.dtb};
    for (unsigned i = 0; i < IMG_COUNT; i++) {
        const uint8_t *p;
        size_t len;
        char hex[SHA256_HEX_SIZE], key[32];
        image_data(&s->images, i, &p, &len);
        if (p == NULL) {
            continue;
        }
        hash_hex(p, len, hex);
        manifest_set(m, trace_image_keys[i], "%s", paths[i]);
        snprintf(key, sizeof key, "%s-sha256", trace_image_keys[i]);
        manifest_set(m, key, "%s", hex);
    }
    if (strcmp(s->mo.bios, "none") == 0) {
        manifest_set(m, "bios", "none");
    }
    for (unsigned i = 0; i < s->mo.ndisks; i++) {
        char hex[SHA256_HEX_SIZE];
        if (!host_disk_hash(s->devices.disks[i], hex, s->err,
                            sizeof s->err)) {
            return false;
        }
        manifest_add(m, "disk", "%s", s->mo.disks[i]);
        manifest_add(m, "disk-sha256", "%s", hex);
    }
    for (unsigned i = 0; i < s->mo.nnets; i++) {
        manifest_add(m, "net", "%s", s->mo.nets[i]);
    }
    if (o->embed_images &&
        !trace_embed_images(o->trace_dir, m, s->err, sizeof s->err)) {
        return false;
    }
    path_in(path, sizeof path, o->trace_dir, TRACE_MANIFEST, NULL);
    return manifest_write(m, path, s->err, sizeof s->err);
}

static const char *stop_name(MachineStop stop)
{
    switch (stop) {
    case STOP_PASS: return "poweroff";
    case STOP_FAIL: return "guest-failure";
    case STOP_LIMIT: return "instruction-limit";
    case STOP_IDLE_FOREVER: return "guest-hung";
    case STOP_HOST: return "stopped-by-user";
    default: return "running";
    }
}

/* Record: totals at the end. */
static bool manifest_end(Session *s, MachineStop stop, uint64_t wall_ns)
{
    Manifest *m = s->manifest;
    const LogTotals *t = replay_totals(s->replay);
    char path[4096];
    manifest_set(m, "status", "%s", stop_name(stop));
    manifest_set(m, "instructions", "%llu",
                 (unsigned long long)machine_icount(s->machine));
    manifest_set(m, "guest-ns", "%llu",
                 (unsigned long long)(machine_mtime(s->machine) *
                                      (1000000000ULL / MACHINE_TIMEBASE_HZ)));
    manifest_set(m, "wall-ns", "%llu", (unsigned long long)wall_ns);
    manifest_set(m, "log-bytes", "%llu", (unsigned long long)t->file_bytes);
    manifest_set(m, "log-raw-bytes", "%llu",
                 (unsigned long long)t->raw_bytes);
    manifest_set(m, "log-chunks", "%llu", (unsigned long long)t->chunks);
    path_in(path, sizeof path, s->o->trace_dir, TRACE_MANIFEST, NULL);
    return manifest_write(m, path, s->err, sizeof s->err);
}

/* Playback: machine options from the manifest (strings stay owned by it),
 * preferring images embedded in the trace. */
static bool options_from_manifest(Session *s)
{
    const SessionOptions *o = s->o;
    char path[4096];
    path_in(path, sizeof path, o->trace_dir, TRACE_MANIFEST, NULL);
    Manifest *m = s->manifest = manifest_read(path, s->err, sizeof s->err);
    if (m == NULL) {
        return false;
    }
    options_init(&s->mo);
    uint64_t mem, smp;
    if (!manifest_get_u64(m, "mem", &mem) ||
        !manifest_get_u64(m, "smp", &smp) || smp < 1 ||
        smp > MACHINE_MAX_HARTS || manifest_get(m, "kernel", 0) == NULL ||
        manifest_get(m, "bios", 0) == NULL) {
        snprintf(s->err, sizeof s->err, "%s lacks the machine description "
                 "(mem, smp, bios, kernel)", path);
        return false;
    }
    s->mo.mem = mem;
    s->mo.smp = (unsigned)smp;
    const char *version = manifest_get(m, "rvreplay-version", 0);
    if (version && strcmp(version, cli_version()) != 0) {
        base_warn("this trace was recorded by rvreplay %s and is replayed "
                  "by %s: if the machine model changed in between, the "
                  "replay will diverge", version, cli_version());
    }
    s->mo.append = manifest_get(m, "append", 0);
    const char **slots[IMG_COUNT] = {&s->mo.bios, &s->mo.kernel,
                                     &s->mo.initrd, &s->mo.dtb};
    for (unsigned i = 0; i < IMG_COUNT; i++) {
        char key[32];
        snprintf(key, sizeof key, "%s-embedded", trace_image_keys[i]);
        const char *embedded = manifest_get(m, key, 0);
        if (embedded) {
            if (strstr(embedded, "..") || embedded[0] == '/') {
                snprintf(s->err, sizeof s->err, "%s: bad embedded image "
                         "path '%s'", path, embedded);
                return false;
            }
            char full[4096];
            path_in(full, sizeof full, o->trace_dir, embedded, NULL);
            manifest_set(m, key, "%s", full); /* keep the string alive */
            *slots[i] = manifest_get(m, key, 0);
        } else {
            *slots[i] = manifest_get(m, trace_image_keys[i], 0);
        }
    }
    for (unsigned i = 0; i < OPTIONS_MAX_DISKS; i++) {
        if (manifest_get(m, "disk", i) == NULL) {
            break;
        }
        const char *d = trace_disk_spec(o->trace_dir, m, i);
        if (d == NULL) {
            snprintf(s->err, sizeof s->err, "%s: malformed disk entry",
                     path);
            return false;
        }
        s->mo.disks[s->mo.ndisks++] = d;
    }
    for (unsigned i = 0; i < OPTIONS_MAX_NETS; i++) {
        const char *n = manifest_get(m, "net", i);
        if (n == NULL) {
            break;
        }
        s->mo.nets[s->mo.nnets++] = n;
    }
    return true;
}

/* Playback: the images must be the recorded ones. */
static bool verify_images(Session *s)
{
    for (unsigned i = 0; i < IMG_COUNT; i++) {
        const uint8_t *p;
        size_t len;
        char key[32], hex[SHA256_HEX_SIZE];
        snprintf(key, sizeof key, "%s-sha256", trace_image_keys[i]);
        const char *want = manifest_get(s->manifest, key, 0);
        image_data(&s->images, i, &p, &len);
        if ((want == NULL) != (p == NULL)) {
            snprintf(s->err, sizeof s->err, "the recording %s a %s image",
                     want ? "used" : "did not use", trace_image_keys[i]);
            return false;
        }
        if (p == NULL) {
            continue;
        }
        hash_hex(p, len, hex);
        if (strcmp(hex, want) != 0) {
            snprintf(s->err, sizeof s->err,
                     "the %s image %s is not the one recorded (sha256 %.16s..., "
                     "recorded %.16s...); replay needs the very same image "
                     "('rvreplay pack' embeds images in a trace)",
                     trace_image_keys[i],
                     manifest_get(s->manifest, trace_image_keys[i], 0),
                     hex, want);
            return false;
        }
    }
    for (unsigned i = 0; i < s->mo.ndisks; i++) {
        char hex[SHA256_HEX_SIZE];
        const char *want = manifest_get(s->manifest, "disk-sha256", i);
        if (!host_disk_hash(s->devices.disks[i], hex, s->err,
                            sizeof s->err)) {
            return false;
        }
        if (want == NULL || strcmp(hex, want) != 0) {
            snprintf(s->err, sizeof s->err,
                     "disk image %s is not the one recorded (sha256 "
                     "%.16s..., recorded %.16s...): refusing to replay",
                     s->mo.disks[i], hex, want ? want : "none");
            return false;
        }
    }
    return true;
}

/* ---- running ------------------------------------------------------------ */

static int exit_status(Session *s, MachineStop stop)
{
    Machine *m = s->machine;
    if (s->o->mode == REPLAY_PLAYBACK) {
        /* replay_finish may reach the end marker only now. */
        if (!replay_finish(s->replay, m, s->err, sizeof s->err)) {
            fprintf(stderr, "rvreplay: %s\n", s->err);
            return EXIT_USAGE;
        }
        ReplayOutcome out = replay_outcome(s->replay);
        if (out != REPLAY_RUNNING) {
            fprintf(stderr, "rvreplay: %s\n", replay_message(s->replay));
        }
        switch (out) {
        case REPLAY_DIVERGED: return EXIT_DIVERGED;
        case REPLAY_DAMAGED:
        case REPLAY_PREFIX: return EXIT_TRACE_INCOMPLETE;
        case REPLAY_COMPLETE: return EXIT_GUEST_PASS;
        default: break;
        }
    }
    switch (stop) {
    case STOP_PASS:
        return EXIT_GUEST_PASS;
    case STOP_FAIL:
        fprintf(stderr, "rvreplay: guest reported failure %llu\n",
                (unsigned long long)machine_stop_code(m));
        return EXIT_GUEST_FAIL;
    case STOP_LIMIT:
        fprintf(stderr, "rvreplay: instruction limit reached\n");
        return EXIT_LIMIT;
    case STOP_HOST:
        return EXIT_GUEST_PASS;
    default:
        fprintf(stderr, "rvreplay: guest hung: every hart waits for an "
                        "interrupt and no timer is armed (pc %016llx)\n",
                (unsigned long long)cpu_get_pc(machine_hart(m, 0)));
        return EXIT_GUEST_HUNG;
    }
}

static void show_progress(const Session *s, uint64_t total, bool done)
{
    uint64_t now = machine_icount(s->machine);
    double pct = total ? 100.0 * (double)now / (double)total : 0.0;
    fprintf(stderr, "\rreplaying: %5.1f%%  %llu of %llu instructions%s",
            pct > 100.0 ? 100.0 : pct, (unsigned long long)now,
            (unsigned long long)total, done ? "\n" : "");
}

/* Runs to the end, rebooting the machine when the guest asks. */
static MachineStop run_machine(Session *s, BootLayout *layout)
{
    uint64_t left = s->o->max_insns, total = 0;
    bool progress = s->o->progress && s->o->mode == REPLAY_PLAYBACK &&
                    isatty(STDERR_FILENO) &&
                    manifest_get_u64(s->manifest, "instructions", &total);
    MachineStop stop;
    for (;;) {
        uint64_t slice = progress && left > PROGRESS_SLICE ? PROGRESS_SLICE
                                                           : left;
        uint64_t before = machine_icount(s->machine);
        stop = machine_run(s->machine, slice);
        uint64_t ran = machine_icount(s->machine) - before;
        left -= left == UINT64_MAX ? 0 : (ran < left ? ran : left);
        if (progress) {
            show_progress(s, total, stop != STOP_LIMIT);
        }
        if (stop == STOP_LIMIT && slice != left + ran && left > 0) {
            continue; /* only a progress slice ended */
        }
        if (stop == STOP_LIMIT && progress && left > 0) {
            continue;
        }
        if (stop != STOP_RESET) {
            return stop;
        }
        /* Reboot, as QEMU without -no-reboot: reset and boot the same
         * images again (deterministic: part of the recorded run). */
        machine_reset(s->machine);
        if (!boot_load(s->machine, &s->images, layout, s->err,
                       sizeof s->err)) {
            fprintf(stderr, "rvreplay: reboot: %s\n", s->err);
            return STOP_FAIL;
        }
    }
}

static bool write_dtb(Session *s, const BootLayout *l, const char *path)
{
    uint8_t *blob = malloc(l->fdt_size);
    bool ok = blob != NULL &&
              physmem_read(machine_mem(s->machine), l->fdt_addr, blob,
                           l->fdt_size) &&
              write_file(path, blob, l->fdt_size);
    free(blob);
    if (!ok) {
        snprintf(s->err, sizeof s->err, "cannot write the device tree to %s",
                 path);
    }
    return ok;
}

static bool setup(Session *s)
{
    const SessionOptions *o = s->o;
    bool play = o->mode == REPLAY_PLAYBACK;
    char path[4096], pcap[4096];

    if (play) {
        if (!options_from_manifest(s)) {
            return false;
        }
    } else {
        s->mo = o->machine;
        if (!options_resolve(&s->mo, s->err, sizeof s->err)) {
            return false;
        }
    }
    if (!options_load_images(&s->mo, &s->images, s->err, sizeof s->err)) {
        return false;
    }
    MachineConfig cfg = {.ram_size = s->mo.mem, .harts = s->mo.smp};
    /* Recording and replay never write a base disk image. */
    if (!cli_devices_open(&s->devices, s->mo.disks, s->mo.ndisks, s->mo.nets,
                          play ? 0 : s->mo.nnets, o->mode != REPLAY_LIVE,
                          &cfg, s->err, sizeof s->err)) {
        return false;
    }
    cfg.net = s->mo.nnets > 0;
    if (play ? !verify_images(s)
             : (o->mode == REPLAY_RECORD && !manifest_begin(s))) {
        return false;
    }

    ReplayOptions ro = {
        .mode = o->mode,
        .console_out = !o->quiet,
        .console_in = !play,
        .net = !play && s->mo.nnets ? &s->devices.replay_net : NULL,
    };
    if (o->trace_dir) {
        path_in(path, sizeof path, o->trace_dir, TRACE_EVENTS, NULL);
        ro.log_path = path;
        if (o->mode == REPLAY_RECORD && s->mo.nnets) {
            path_in(pcap, sizeof pcap, o->trace_dir, TRACE_PCAP, NULL);
            ro.pcap_path = pcap;
        }
    }
    s->replay = replay_new(&ro, s->err, sizeof s->err);
    if (s->replay == NULL ||
        !replay_setup_env(s->replay, &cfg.env, s->err, sizeof s->err)) {
        return false;
    }
    const char *merr = NULL;
    s->machine = machine_new(&cfg, &merr);
    if (s->machine == NULL) {
        snprintf(s->err, sizeof s->err, "%s", merr);
        return false;
    }
    return true;
}

int session_run(const SessionOptions *o)
{
    Session s = {.o = o};
    int status = EXIT_USAGE;
    BootLayout layout;

    if (!setup(&s) ||
        !boot_load(s.machine, &s.images, &layout, s.err, sizeof s.err) ||
        (s.mo.dtb_out && !write_dtb(&s, &layout, s.mo.dtb_out))) {
        fprintf(stderr, "rvreplay: %s\n", s.err);
        goto out;
    }
    if (o->insn_trace) {
        s.insn_trace = strcmp(o->insn_trace, "-") == 0
                           ? stderr
                           : fopen(o->insn_trace, "w");
        if (s.insn_trace == NULL) {
            fprintf(stderr, "rvreplay: cannot write trace to %s\n",
                    o->insn_trace);
            goto out;
        }
        for (unsigned i = 0; i < machine_hart_count(s.machine); i++) {
            cpu_set_trace(machine_hart(s.machine, i), trace_insn,
                          s.insn_trace);
        }
    }

    uint64_t t0 = host_monotonic_ns();
    MachineStop stop = run_machine(&s, &layout);
    uint64_t wall = host_monotonic_ns() - t0;
    status = exit_status(&s, stop);
    if (o->mode != REPLAY_PLAYBACK &&
        (!replay_finish(s.replay, s.machine, s.err, sizeof s.err) ||
         (o->mode == REPLAY_RECORD && !manifest_end(&s, stop, wall)))) {
        fprintf(stderr, "rvreplay: %s\n", s.err);
        status = EXIT_USAGE;
    }
    if (o->stats) {
        uint64_t n = machine_icount(s.machine);
        double secs = (double)wall / 1e9;
        fprintf(stderr, "rvreplay: instructions=%llu wall=%.3f mips=%.1f\n",
                (unsigned long long)n, secs,
                secs > 0 ? (double)n / secs / 1e6 : 0.0);
    }
out:
    if (s.insn_trace && s.insn_trace != stderr) {
        fclose(s.insn_trace);
    }
    machine_free(s.machine);
    replay_free(s.replay);
    cli_devices_close(&s.devices);
    options_free_images(&s.images);
    if (o->mode != REPLAY_PLAYBACK) {
        options_release(&s.mo);
    }
    manifest_free(s.manifest);
    return status;
}
