/* Machine options shared by run and record; finding the default guest.
 * SPDX-License-Identifier: MIT */
#include "cli/options.h"

#include "cli/cli.h"
#include "host/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

const char options_help[] =
    "machine options:\n"
    "  --kernel FILE      kernel: Linux Image (raw, loaded at the first 2 MiB\n"
    "                     boundary after the firmware) or an ELF program;\n"
    "                     default: the guest built by 'make guest'\n"
    "  --bios FILE|none   firmware, ELF or raw binary loaded at 0x80000000\n"
    "                     (default " OPTIONS_DEFAULT_BIOS ");\n"
    "                     'none' starts the kernel ELF directly in M-mode\n"
    "  --initrd FILE      initial RAM disk (default with the default kernel:\n"
    "                     the guest's initramfs.cpio.gz)\n"
    "  --append ARGS      kernel command line (default \""
    OPTIONS_DEFAULT_APPEND "\")\n"
    "  --dtb FILE         device tree to pass instead of the generated one\n"
    "  --dtb-out FILE     write the device tree given to the guest to FILE\n"
    "  --mem SIZE         guest RAM (default 256M; suffixes K, M, G)\n"
    "  --smp N            number of harts, 1-8 (default 1)\n"
    "  --disk FILE[,ro][,snapshot]\n"
    "                     virtio disk on a raw image (repeatable, up to 6;\n"
    "                     the first is /dev/vda): ro = read-only for the\n"
    "                     guest, snapshot = writes stay in memory and the\n"
    "                     file is never modified\n"
    "  --net user[,hostfwd=tcp:127.0.0.1:HOSTPORT-:GUESTPORT]...\n"
    "                     virtio network card on user-mode networking: the\n"
    "                     guest is 10.0.2.15/24 and reaches only this host's\n"
    "                     loopback, as 10.0.2.2 (no DNS); hostfwd forwards a\n"
    "                     port on 127.0.0.1 to the guest (at most one --net)\n"
    "\n"
    "The default guest is looked up in $RVREPLAY_GUEST (a directory with\n"
    "Image and initramfs.cpio.gz), then in the 'current' link of the guest\n"
    "cache ($RVREPLAY_CACHE, else ${XDG_CACHE_HOME:-~/.cache}/rvreplay), then\n"
    "by asking guest/build.sh --print-dir next to the build directory.\n";

static const struct option machine_longopts[] = {
    {"kernel", required_argument, NULL, OPTIONS_KERNEL},
    {"bios", required_argument, NULL, OPTIONS_BIOS},
    {"initrd", required_argument, NULL, OPTIONS_INITRD},
    {"append", required_argument, NULL, OPTIONS_APPEND},
    {"dtb", required_argument, NULL, OPTIONS_DTB},
    {"dtb-out", required_argument, NULL, OPTIONS_DTB_OUT},
    {"mem", required_argument, NULL, OPTIONS_MEM},
    {"smp", required_argument, NULL, OPTIONS_SMP},
    {"disk", required_argument, NULL, OPTIONS_DISK},
    {"net", required_argument, NULL, OPTIONS_NET},
};

void options_init(MachineOptions *o)
{
    memset(o, 0, sizeof(*o));
    o->mem = 256ULL << 20;
    o->smp = 1;
}

struct option *options_longopts(const struct option *own)
{
    size_t n_own = 0;
    while (own && own[n_own].name) {
        n_own++;
    }
    size_t n = ARRAY_SIZE(machine_longopts);
    struct option *all = base_alloc((n + n_own + 1) * sizeof(*all));
    memcpy(all, machine_longopts, sizeof(machine_longopts));
    if (n_own) {
        memcpy(all + n, own, n_own * sizeof(*all));
    }
    memset(&all[n + n_own], 0, sizeof(*all));
    return all;
}

bool options_parse(MachineOptions *o, int opt, const char *arg)
{
    uint64_t v;
    switch (opt) {
    case OPTIONS_KERNEL: o->kernel = arg; return true;
    case OPTIONS_BIOS: o->bios = arg; return true;
    case OPTIONS_INITRD: o->initrd = arg; return true;
    case OPTIONS_APPEND: o->append = arg; return true;
    case OPTIONS_DTB: o->dtb = arg; return true;
    case OPTIONS_DTB_OUT: o->dtb_out = arg; return true;
    case OPTIONS_MEM:
        if (!cli_parse_size(arg, &v) || v < (1ULL << 20) ||
            v > (64ULL << 30) || (v & 0xfff)) {
            fprintf(stderr, "rvreplay: --mem: bad size '%s' (1M to 64G, a "
                            "multiple of 4K)\n", arg);
            return false;
        }
        o->mem = v;
        return true;
    case OPTIONS_SMP:
        if (!cli_parse_u64(arg, &v) || v < 1 || v > 8) {
            fprintf(stderr, "rvreplay: --smp: expected 1 to 8, got '%s'\n",
                    arg);
            return false;
        }
        o->smp = (unsigned)v;
        return true;
    case OPTIONS_DISK:
        if (o->ndisks == OPTIONS_MAX_DISKS) {
            fprintf(stderr, "rvreplay: at most %d --disk options\n",
                    OPTIONS_MAX_DISKS);
            return false;
        }
        o->disks[o->ndisks++] = arg;
        return true;
    case OPTIONS_NET:
        if (o->nnets == OPTIONS_MAX_NETS) {
            fprintf(stderr, "rvreplay: at most %d --net options\n",
                    OPTIONS_MAX_NETS);
            return false;
        }
        o->nets[o->nnets++] = arg;
        return true;
    default:
        fprintf(stderr, "rvreplay: internal error: option %d\n", opt);
        return false;
    }
}

/* ---- default guest ---------------------------------------------------- */

/* out = dir + "/" + name; false if it does not fit. */
static bool path_join(char *out, size_t size, const char *dir,
                      const char *name)
{
    int n = snprintf(out, size, "%s/%s", dir, name);
    return n >= 0 && (size_t)n < size;
}

static bool has_guest_files(const char *dir)
{
    char path[4096];
    struct stat st;
    return path_join(path, sizeof path, dir, "Image") &&
           stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Runs `script --print-dir` and returns the last line it prints (the
 * guest directory) if it exits 0.  The script computes the cache key from
 * the guest sources, so it names the guest matching this tree. */
static char *ask_build_script(const char *script)
{
    int fds[2];
    if (access(script, X_OK) != 0 || pipe(fds) != 0) {
        return NULL;
    }
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return NULL;
    }
    if (pid == 0) {
        int null = open("/dev/null", O_RDWR);
        dup2(null, 0);
        dup2(null, 2);
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        execl(script, script, "--print-dir", (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    char out[4096];
    size_t len = 0;
    for (;;) {
        ssize_t n = read(fds[0], out + len, sizeof(out) - 1 - len);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        len += (size_t)n;
        if (len == sizeof(out) - 1) {
            break;
        }
    }
    close(fds[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        return NULL;
    }
    out[len] = '\0';
    while (len > 0 && out[len - 1] == '\n') {
        out[--len] = '\0';
    }
    char *last = strrchr(out, '\n');
    return base_strdup(last ? last + 1 : out);
}

/* The directory of the default guest, or NULL; free() it. */
static char *find_default_guest(void)
{
    char path[4096];
    const char *env = getenv("RVREPLAY_GUEST");
    if (env && *env) {
        return base_strdup(env);
    }
    const char *cache = getenv("RVREPLAY_CACHE");
    if (cache && *cache && path_join(path, sizeof path, cache, "current") &&
        has_guest_files(path)) {
        return base_strdup(path);
    }
    const char *xdg = getenv("XDG_CACHE_HOME");
    const char *home = getenv("HOME");
    bool ok = false;
    if (xdg && *xdg) {
        ok = path_join(path, sizeof path, xdg, "rvreplay/current");
    } else if (home && *home) {
        ok = path_join(path, sizeof path, home, ".cache/rvreplay/current");
    }
    if (ok && has_guest_files(path)) {
        return base_strdup(path);
    }
    /* build/rvreplay -> guest/build.sh of the same tree. */
    ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 32);
    if (n > 0) {
        path[n] = '\0';
        for (int up = 0; up < 2; up++) {
            char *slash = strrchr(path, '/');
            if (slash == NULL) {
                return NULL;
            }
            *slash = '\0';
        }
        strcat(path, "/guest/build.sh");
        char *dir = ask_build_script(path);
        if (dir && has_guest_files(dir)) {
            return dir;
        }
        free(dir);
    }
    return NULL;
}

/* ---- images ----------------------------------------------------------- */

static bool read_into(const char *path, const uint8_t **data, size_t *len,
                      char *err, size_t err_size)
{
    uint8_t *p;
    if (!host_read_file(path, &p, len, err, err_size)) {
        return false;
    }
    *data = p;
    return true;
}

bool options_resolve(MachineOptions *o, char *err, size_t err_size)
{
    char path[4096];
    bool no_bios = o->bios && strcmp(o->bios, "none") == 0;
    if (o->bios == NULL) {
        o->bios = OPTIONS_DEFAULT_BIOS;
    }
    if (o->kernel != NULL) {
        return true;
    }
    if (no_bios) {
        snprintf(err, err_size, "--bios none needs --kernel FILE");
        return false;
    }
    char *guest = find_default_guest();
    if (guest == NULL) {
        snprintf(err, err_size,
                 "no --kernel given and the default guest is not built; "
                 "run 'make guest' (or set RVREPLAY_GUEST to a directory "
                 "holding Image and initramfs.cpio.gz)");
        return false;
    }
    bool ok = path_join(path, sizeof path, guest, "Image");
    if (ok) {
        o->kernel = o->resolved[0] = base_strdup(path);
    }
    if (ok && o->initrd == NULL) {
        ok = path_join(path, sizeof path, guest, "initramfs.cpio.gz");
        if (ok) {
            o->initrd = o->resolved[1] = base_strdup(path);
        }
    }
    free(guest);
    if (!ok) {
        snprintf(err, err_size, "path of the default guest is too long");
    }
    return ok;
}

void options_release(MachineOptions *o)
{
    for (unsigned i = 0; i < ARRAY_SIZE(o->resolved); i++) {
        free(o->resolved[i]);
        o->resolved[i] = NULL;
    }
}

bool options_load_images(const MachineOptions *opts, BootImages *img,
                         char *err, size_t err_size)
{
    MachineOptions o = *opts;
    o.resolved[0] = o.resolved[1] = NULL;
    memset(img, 0, sizeof(*img));
    err[0] = '\0';
    bool ok = options_resolve(&o, err, err_size);
    bool default_bios = opts->bios == NULL;
    if (ok && strcmp(o.bios, "none") != 0) {
        ok = read_into(o.bios, &img->bios, &img->bios_len, err, err_size);
        if (!ok && default_bios) {
            snprintf(err, err_size, "the default firmware %s is missing "
                     "(Debian package opensbi), or give --bios FILE",
                     OPTIONS_DEFAULT_BIOS);
        }
    }
    if (ok) {
        ok = read_into(o.kernel, &img->kernel, &img->kernel_len, err,
                       err_size);
    }
    if (ok && o.initrd) {
        ok = read_into(o.initrd, &img->initrd, &img->initrd_len, err,
                       err_size);
    }
    if (ok && o.dtb) {
        ok = read_into(o.dtb, &img->dtb, &img->dtb_len, err, err_size);
    }
    img->cmdline = o.append ? o.append : OPTIONS_DEFAULT_APPEND;
    options_release(&o);
    if (!ok) {
        options_free_images(img);
    }
    return ok;
}

void options_free_images(BootImages *img)
{
    free((void *)img->bios);
    free((void *)img->kernel);
    free((void *)img->initrd);
    free((void *)img->dtb);
    memset(img, 0, sizeof(*img));
}
