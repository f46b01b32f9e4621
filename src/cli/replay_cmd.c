/* `rvreplay replay TRACE`: replay a recording bit for bit.
 * SPDX-License-Identifier: MIT */
#include "cli/cli.h"
#include "cli/session.h"

#include <getopt.h>
#include <stdio.h>

static const char replay_help[] =
    "usage: rvreplay replay [OPTIONS] TRACE\n"
    "\n"
    "Replays the recording in the directory TRACE: the machine described\n"
    "by its manifest runs again with the recorded inputs, producing the\n"
    "same console output and ending in the same state.  Live input is\n"
    "ignored and idle time is skipped.  The log's state checks are\n"
    "verified as replay passes them; a mismatch stops the replay with a\n"
    "divergence report.\n"
    "\n"
    "options:\n"
    "  -q, --quiet        do not show the guest console output\n"
    "  --no-progress      no progress line on the terminal\n"
    "  --max-insns N      stop after N instructions\n"
    "  --trace FILE       log every instruction to FILE ('-' = stderr)\n"
    "  --stats            print instructions, wall time and MIPS at exit\n"
    "\n"
    "exit status: 0 replay complete, 5 diverged, 6 trace truncated or\n"
    "damaged (the intact prefix was replayed), 2 bad trace or images\n";

int cli_replay(int argc, char **argv)
{
    enum { OPT_MAX = 256, OPT_TRACE, OPT_STATS, OPT_HELP, OPT_NOPROG };
    static const struct option opts[] = {
        {"quiet", no_argument, NULL, 'q'},
        {"no-progress", no_argument, NULL, OPT_NOPROG},
        {"max-insns", required_argument, NULL, OPT_MAX},
        {"trace", required_argument, NULL, OPT_TRACE},
        {"stats", no_argument, NULL, OPT_STATS},
        {"help", no_argument, NULL, OPT_HELP},
        {NULL, 0, NULL, 0},
    };
    SessionOptions o = {.mode = REPLAY_PLAYBACK, .max_insns = UINT64_MAX,
                        .progress = true};
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "q", opts, NULL)) != -1) {
        switch (c) {
        case 'q': o.quiet = true; break;
        case OPT_NOPROG: o.progress = false; break;
        case OPT_MAX:
            if (!cli_parse_u64(optarg, &o.max_insns)) {
                fprintf(stderr, "rvreplay: --max-insns: bad number '%s'\n",
                        optarg);
                return EXIT_USAGE;
            }
            break;
        case OPT_TRACE: o.insn_trace = optarg; break;
        case OPT_STATS: o.stats = true; break;
        case OPT_HELP: fputs(replay_help, stdout); return 0;
        default:
            fprintf(stderr, "rvreplay replay: unknown or incomplete option "
                            "'%s' (see 'rvreplay replay --help')\n",
                    argv[optind - 1]);
            return EXIT_USAGE;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "rvreplay replay: expected one TRACE directory "
                        "(see 'rvreplay replay --help')\n");
        return EXIT_USAGE;
    }
    o.trace_dir = argv[optind];
    return session_run(&o);
}
