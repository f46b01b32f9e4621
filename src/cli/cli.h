/* Command-line front end: shared helpers for the subcommands.
 * SPDX-License-Identifier: MIT */
#ifndef CLI_H
#define CLI_H

#include "base/base.h"

/* Exit statuses of rvreplay. */
enum {
    EXIT_GUEST_PASS = 0,  /* guest powered off or reported success */
    EXIT_GUEST_FAIL = 1,  /* guest reported failure */
    EXIT_USAGE = 2,       /* bad command line, unreadable input, host error */
    EXIT_LIMIT = 3,       /* --max-insns reached */
    EXIT_GUEST_HUNG = 4,  /* every hart waits for an interrupt that cannot
                             come */
    EXIT_DIVERGED = 5,    /* replay diverged from the recording */
    EXIT_TRACE_INCOMPLETE = 6, /* the trace is truncated or damaged: the
                                  intact prefix was replayed */
};

/* Subcommands (one file each). */
int cli_run(int argc, char **argv);
int cli_record(int argc, char **argv);
int cli_replay(int argc, char **argv);
int cli_info(int argc, char **argv);
int cli_pack(int argc, char **argv);

/* rvreplay's version (git describe of the build). */
const char *cli_version(void);

/* The process's command line as one string (for trace manifests). */
char *cli_join_args(int argc, char **argv);

/* Parses a size such as 256M, 1G, 4096; false if malformed. */
bool cli_parse_size(const char *s, uint64_t *out) MUST_CHECK;
/* Parses a non-negative integer (decimal or 0x hex); false if malformed. */
bool cli_parse_u64(const char *s, uint64_t *out) MUST_CHECK;

#endif
