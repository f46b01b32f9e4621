/* `rvreplay run` and `rvreplay record`: run a machine, optionally
 * recording it.
 * SPDX-License-Identifier: MIT */
#include "cli/cli.h"
#include "cli/session.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

static const char run_help[] =
    "usage: rvreplay run [OPTIONS]\n"
    "\n"
    "Boots a guest without recording it.  With no options it boots the\n"
    "default guest (OpenSBI + the Linux kernel and initramfs built by\n"
    "'make guest') to a shell on the console; 'poweroff' ends the run,\n"
    "'reboot' restarts the machine.  On a terminal, Ctrl-A x quits and\n"
    "Ctrl-A h lists the console commands.\n"
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

static const char record_help[] =
    "usage: rvreplay record -o TRACE [OPTIONS]\n"
    "\n"
    "Runs a guest like 'rvreplay run' and records everything it receives\n"
    "from the outside world (console input, network frames, idle time, the\n"
    "power-on clock and entropy seed) into the directory TRACE, so that\n"
    "'rvreplay replay TRACE' reproduces the run exactly.  Disk images are\n"
    "never written while recording (writes go to a copy-on-write overlay);\n"
    "the trace identifies every image by its SHA-256.\n"
    "\n"
    "%s"
    "\n"
    "record options:\n"
    "  -o, --output TRACE  trace directory to create\n"
    "  --embed-images      copy firmware, kernel, initrd, dtb and disk\n"
    "                      images into the trace (see also 'rvreplay pack')\n"
    "  --max-insns N       stop after N instructions\n"
    "  --trace FILE        log every instruction to FILE\n"
    "  --stats             print instructions, wall time and MIPS at exit\n";

/* Shared by run and record: parses argv into o; returns -1 to go on, or
 * an exit status. */
static int parse(int argc, char **argv, bool record, SessionOptions *o)
{
    enum { OPT_MAX = 256, OPT_TRACE, OPT_STATS, OPT_HELP, OPT_EMBED };
    static const struct option own_opts[] = {
        {"max-insns", required_argument, NULL, OPT_MAX},
        {"trace", required_argument, NULL, OPT_TRACE},
        {"stats", no_argument, NULL, OPT_STATS},
        {"help", no_argument, NULL, OPT_HELP},
        {"output", required_argument, NULL, 'o'},
        {"embed-images", no_argument, NULL, OPT_EMBED},
        {NULL, 0, NULL, 0},
    };
    const char *name = record ? "record" : "run";
    int c, status = -1;

    options_init(&o->machine);
    o->max_insns = UINT64_MAX;
    o->mode = record ? REPLAY_RECORD : REPLAY_LIVE;
    struct option *opts = options_longopts(own_opts);
    optind = 1;
    opterr = 0;
    while (status < 0 &&
           (c = getopt_long(argc, argv, record ? "o:" : "", opts, NULL)) != -1) {
        switch (c) {
        case OPT_MAX:
            if (!cli_parse_u64(optarg, &o->max_insns)) {
                fprintf(stderr, "rvreplay: --max-insns: bad number '%s'\n",
                        optarg);
                status = EXIT_USAGE;
            }
            break;
        case OPT_TRACE: o->insn_trace = optarg; break;
        case OPT_STATS: o->stats = true; break;
        case OPT_HELP:
            printf(record ? record_help : run_help, options_help);
            status = 0;
            break;
        case 'o':
            if (record) {
                o->trace_dir = optarg;
                break;
            }
            goto unknown;
        case OPT_EMBED:
            if (record) {
                o->embed_images = true;
                break;
            }
            goto unknown;
        default:
            if (c >= OPTIONS_FIRST && c < OPTIONS_LAST) {
                if (!options_parse(&o->machine, c, optarg)) {
                    status = EXIT_USAGE;
                }
                break;
            }
        unknown:
            fprintf(stderr, "rvreplay %s: unknown or incomplete option "
                            "'%s' (see 'rvreplay %s --help')\n",
                    name, argv[optind - 1], name);
            status = EXIT_USAGE;
            break;
        }
    }
    free(opts);
    if (status < 0 && optind < argc) {
        fprintf(stderr, "rvreplay %s: unexpected argument '%s'\n", name,
                argv[optind]);
        status = EXIT_USAGE;
    }
    if (status < 0 && record && o->trace_dir == NULL) {
        fprintf(stderr, "rvreplay record: -o TRACE is required\n");
        status = EXIT_USAGE;
    }
    return status;
}

int cli_run(int argc, char **argv)
{
    SessionOptions o = {0};
    int status = parse(argc, argv, false, &o);
    return status >= 0 ? status : session_run(&o);
}

int cli_record(int argc, char **argv)
{
    SessionOptions o = {0};
    int status = parse(argc, argv, true, &o);
    if (status >= 0) {
        return status;
    }
    char *command = cli_join_args(argc, argv);
    size_t n = strlen(command) + 16;
    char *full = base_alloc(n);
    snprintf(full, n, "rvreplay %s", command);
    o.command = full;
    status = session_run(&o);
    free(command);
    free(full);
    return status;
}
