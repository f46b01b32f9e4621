/* `rvreplay run`: run a machine with no recording.
 * SPDX-License-Identifier: MIT */
#include "cli/cli.h"

#include "cpu/cpu.h"
#include "cpu/decode.h"
#include "host/file.h"
#include "machine/machine.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static const char run_help[] =
    "usage: rvreplay run [OPTIONS]\n"
    "\n"
    "Runs a guest.  With --bios none the kernel is a bare-metal ELF program\n"
    "started in M-mode at its entry point; it ends the run through the HTIF\n"
    "'tohost' word (1 = pass, (n<<1)|1 = fail n) or the SiFive test\n"
    "finisher at 0x100000 (0x5555 = pass, (n<<16)|0x3333 = fail n).\n"
    "\n"
    "options:\n"
    "  --kernel FILE      ELF program or kernel to load\n"
    "  --bios none        run without firmware\n"
    "  --mem SIZE         guest RAM (default 256M; suffixes K, M, G)\n"
    "  --smp N            number of harts, 1-8 (default 1)\n"
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

int cli_run(int argc, char **argv)
{
    enum { OPT_KERNEL = 256, OPT_BIOS, OPT_MEM, OPT_SMP, OPT_MAX, OPT_TRACE,
           OPT_STATS, OPT_HELP };
    static const struct option opts[] = {
        {"kernel", required_argument, NULL, OPT_KERNEL},
        {"bios", required_argument, NULL, OPT_BIOS},
        {"mem", required_argument, NULL, OPT_MEM},
        {"smp", required_argument, NULL, OPT_SMP},
        {"max-insns", required_argument, NULL, OPT_MAX},
        {"trace", required_argument, NULL, OPT_TRACE},
        {"stats", no_argument, NULL, OPT_STATS},
        {"help", no_argument, NULL, OPT_HELP},
        {NULL, 0, NULL, 0},
    };
    const char *kernel = NULL, *bios = NULL, *trace_path = NULL;
    uint64_t mem = 256ULL << 20, smp = 1, max_insns = UINT64_MAX;
    bool stats = false;
    int c;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case OPT_KERNEL: kernel = optarg; break;
        case OPT_BIOS: bios = optarg; break;
        case OPT_MEM:
            if (!cli_parse_size(optarg, &mem) || mem < (1ULL << 20) ||
                mem > (64ULL << 30) || (mem & 0xfff)) {
                fprintf(stderr, "rvreplay: --mem: bad size '%s' (1M to 64G, "
                                "a multiple of 4K)\n", optarg);
                return EXIT_USAGE;
            }
            break;
        case OPT_SMP:
            if (!cli_parse_u64(optarg, &smp) || smp < 1 || smp > 8) {
                fprintf(stderr, "rvreplay: --smp: expected 1 to 8, got '%s'\n",
                        optarg);
                return EXIT_USAGE;
            }
            break;
        case OPT_MAX:
            if (!cli_parse_u64(optarg, &max_insns)) {
                fprintf(stderr, "rvreplay: --max-insns: bad number '%s'\n",
                        optarg);
                return EXIT_USAGE;
            }
            break;
        case OPT_TRACE: trace_path = optarg; break;
        case OPT_STATS: stats = true; break;
        case OPT_HELP: fputs(run_help, stdout); return 0;
        default:
            fprintf(stderr, "rvreplay run: unknown or incomplete option '%s'\n"
                            "(see 'rvreplay run --help')\n",
                    argv[optind - 1]);
            return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "rvreplay run: unexpected argument '%s'\n",
                argv[optind]);
        return EXIT_USAGE;
    }
    if (bios == NULL || strcmp(bios, "none") != 0) {
        fprintf(stderr, "rvreplay run: only '--bios none' (bare-metal) is "
                        "supported by this build\n");
        return EXIT_USAGE;
    }
    if (kernel == NULL) {
        fprintf(stderr, "rvreplay run: --bios none needs --kernel FILE\n");
        return EXIT_USAGE;
    }

    char err[512];
    uint8_t *image;
    size_t image_len;
    if (!host_read_file(kernel, &image, &image_len, err, sizeof err)) {
        fprintf(stderr, "rvreplay: %s\n", err);
        return EXIT_USAGE;
    }
    const char *merr = NULL;
    MachineConfig cfg = {
        .ram_size = mem, .harts = (unsigned)smp,
        .env = {.console_out = console_to_stdout},
    };
    Machine *m = machine_new(&cfg, &merr);
    if (m == NULL) {
        fprintf(stderr, "rvreplay: %s\n", merr);
        free(image);
        return EXIT_USAGE;
    }
    if (!machine_load_elf(m, image, image_len, &merr)) {
        fprintf(stderr, "rvreplay: %s: %s\n", kernel, merr);
        free(image);
        machine_free(m);
        return EXIT_USAGE;
    }
    free(image);

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
    MachineStop stop = machine_run(m, max_insns);
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
    case STOP_RESET:
        fprintf(stderr, "rvreplay: guest requested a reset\n");
        status = EXIT_GUEST_PASS;
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
    return status;
}
