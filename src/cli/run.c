/* `rvreplay run`: run a machine with no recording.
 * SPDX-License-Identifier: MIT */
#include "cli/cli.h"

#include "cli/options.h"
#include "cpu/cpu.h"
#include "cpu/decode.h"
#include "cpu/physmem.h"
#include "host/clock.h"
#include "machine/boot.h"
#include "machine/machine.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static const char run_help[] =
    "usage: rvreplay run [OPTIONS]\n"
    "\n"
    "Boots a guest without recording it.  With no options it boots the\n"
    "default guest (OpenSBI + the Linux kernel and initramfs built by\n"
    "'make guest') to a shell on the console; 'poweroff' ends the run,\n"
    "'reboot' restarts the machine.\n"
    "\n"
    "With --bios none the kernel is a bare-metal ELF program started in\n"
    "M-mode at its entry point; it ends the run through the HTIF 'tohost'\n"
    "word (1 = pass, (n<<1)|1 = fail n) or the SiFive test finisher at\n"
    "0x100000 (0x5555 = pass, (n<<16)|0x3333 = fail n).\n"
    "\n"
    "%s"
    "\n"
    "run options:\n"
    "  --max-insns N      stop after N instructions (exit status 3)\n"
    "  --trace FILE       log every instruction to FILE ('-' = stderr):\n"
    "                     icount, hart, pc, disassembly, register written\n"
    "  --stats            print instructions, wall time and MIPS at exit\n"
    "\n"
    "exit status: 0 guest passed / powered off, 1 guest reported failure,\n"
    "2 usage or host error, 3 instruction limit reached, 4 guest hung\n";

static void console_to_stdout(void *opaque, const uint8_t *buf, size_t len)
{
    (void)opaque;
    fwrite(buf, 1, len, stdout);
    fflush(stdout);
}

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

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static bool write_dtb(Machine *m, const BootLayout *l, const char *path)
{
    uint8_t *blob = malloc(l->fdt_size);
    FILE *f = NULL;
    bool ok = blob != NULL &&
              physmem_read(machine_mem(m), l->fdt_addr, blob, l->fdt_size) &&
              (f = fopen(path, "wb")) != NULL &&
              fwrite(blob, 1, l->fdt_size, f) == l->fdt_size;
    if (f && fclose(f) != 0) {
        ok = false;
    }
    free(blob);
    if (!ok) {
        fprintf(stderr, "rvreplay: cannot write the device tree to %s\n",
                path);
    }
    return ok;
}

int cli_run(int argc, char **argv)
{
    enum { OPT_MAX = 256, OPT_TRACE, OPT_STATS, OPT_HELP };
    static const struct option own_opts[] = {
        {"max-insns", required_argument, NULL, OPT_MAX},
        {"trace", required_argument, NULL, OPT_TRACE},
        {"stats", no_argument, NULL, OPT_STATS},
        {"help", no_argument, NULL, OPT_HELP},
        {NULL, 0, NULL, 0},
    };
    MachineOptions mo;
    const char *trace_path = NULL;
    uint64_t max_insns = UINT64_MAX;
    bool stats = false;
    int c;

    options_init(&mo);
    struct option *opts = options_longopts(own_opts);
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case OPT_MAX:
            if (!cli_parse_u64(optarg, &max_insns)) {
                fprintf(stderr, "rvreplay: --max-insns: bad number '%s'\n",
                        optarg);
                free(opts);
                return EXIT_USAGE;
            }
            break;
        case OPT_TRACE: trace_path = optarg; break;
        case OPT_STATS: stats = true; break;
        case OPT_HELP:
            printf(run_help, options_help);
            free(opts);
            return 0;
        default:
            if (c >= OPTIONS_FIRST && c < OPTIONS_LAST) {
                if (!options_parse(&mo, c, optarg)) {
                    free(opts);
                    return EXIT_USAGE;
                }
                break;
            }
            fprintf(stderr, "rvreplay run: unknown or incomplete option '%s'\n"
                            "(see 'rvreplay run --help')\n",
                    argv[optind - 1]);
            free(opts);
            return EXIT_USAGE;
        }
    }
    free(opts);
    if (optind < argc) {
        fprintf(stderr, "rvreplay run: unexpected argument '%s'\n",
                argv[optind]);
        return EXIT_USAGE;
    }
    if (mo.ndisks || mo.nnets) {
        fprintf(stderr, "rvreplay run: --disk and --net are not supported "
                        "by this build yet\n");
        return EXIT_USAGE;
    }

    char err[512];
    BootImages images;
    if (!options_load_images(&mo, &images, err, sizeof err)) {
        fprintf(stderr, "rvreplay: %s\n", err);
        return EXIT_USAGE;
    }
    const char *merr = NULL;
    MachineConfig cfg = {
        .ram_size = mo.mem, .harts = mo.smp,
        .env = {.console_out = console_to_stdout,
                .boot_wallclock_ns = host_wallclock_ns()},
    };
    Machine *m = machine_new(&cfg, &merr);
    if (m == NULL) {
        fprintf(stderr, "rvreplay: %s\n", merr);
        options_free_images(&images);
        return EXIT_USAGE;
    }
    BootLayout layout;
    if (!boot_load(m, &images, &layout, err, sizeof err)) {
        fprintf(stderr, "rvreplay: %s\n", err);
        options_free_images(&images);
        machine_free(m);
        return EXIT_USAGE;
    }
    if (mo.dtb_out && !write_dtb(m, &layout, mo.dtb_out)) {
        options_free_images(&images);
        machine_free(m);
        return EXIT_USAGE;
    }

    FILE *trace = NULL;
    if (trace_path) {
        trace = strcmp(trace_path, "-") == 0 ? stderr : fopen(trace_path, "w");
        if (trace == NULL) {
            fprintf(stderr, "rvreplay: cannot write trace to %s\n",
                    trace_path);
            machine_free(m);
            return EXIT_USAGE;
        }
        for (unsigned i = 0; i < machine_hart_count(m); i++) {
            cpu_set_trace(machine_hart(m, i), trace_insn, trace);
        }
    }

    double t0 = now_seconds();
    MachineStop stop;
    for (;;) {
        uint64_t ran = machine_icount(m);
        stop = machine_run(m, max_insns);
        ran = machine_icount(m) - ran;
        max_insns -= max_insns == UINT64_MAX ? 0 : ran;
        if (stop != STOP_RESET) {
            break;
        }
        /* Reboot: as QEMU without -no-reboot, reset and boot the same
         * images again. */
        machine_reset(m);
        if (!boot_load(m, &images, &layout, err, sizeof err)) {
            fprintf(stderr, "rvreplay: reboot: %s\n", err);
            stop = STOP_FAIL;
            break;
        }
    }
    double wall = now_seconds() - t0;
    int status;
    switch (stop) {
    case STOP_PASS:
        status = EXIT_GUEST_PASS;
        break;
    case STOP_FAIL:
        fprintf(stderr, "rvreplay: guest reported failure %llu\n",
                (unsigned long long)machine_stop_code(m));
        status = EXIT_GUEST_FAIL;
        break;
    case STOP_LIMIT:
        fprintf(stderr, "rvreplay: instruction limit reached\n");
        status = EXIT_LIMIT;
        break;
    default:
        fprintf(stderr, "rvreplay: guest hung: every hart waits for an "
                        "interrupt and no timer is armed (pc %016llx)\n",
                (unsigned long long)cpu_get_pc(machine_hart(m, 0)));
        status = EXIT_GUEST_HUNG;
        break;
    }
    if (stats) {
        uint64_t n = machine_icount(m);
        fprintf(stderr, "rvreplay: instructions=%llu wall=%.3f mips=%.1f\n",
                (unsigned long long)n, wall,
                wall > 0 ? (double)n / wall / 1e6 : 0.0);
    }
    if (trace && trace != stderr) {
        fclose(trace);
    }
    machine_free(m);
    options_free_images(&images);
    return status;
}
