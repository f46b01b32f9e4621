/* rvreplay entry point: dispatches to one file per subcommand.
 * SPDX-License-Identifier: MIT */
#include "cli/cli.h"

#include "version.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

static const struct {
    const char *name;
    const char *summary;
    int (*fn)(int argc, char **argv);
} commands[] = {
    {"run", "boot a machine (or a bare-metal program) and run it", cli_run},
    {"record", "run a machine and record it into a trace directory",
     cli_record},
    {"replay", "replay a recorded trace, bit for bit", cli_replay},
    {"info", "describe a trace: instructions, time, events, images",
     cli_info},
    {"pack", "copy a trace's images into it so it replays anywhere",
     cli_pack},
};

static void usage(FILE *out)
{
    fprintf(out, "usage: rvreplay COMMAND [OPTIONS]\n\ncommands:\n");
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
        fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
    }
    fprintf(out, "\n'rvreplay COMMAND --help' describes a command.\n");
}

bool cli_parse_u64(const char *s, uint64_t *out)
{
    char *end;
    if (s == NULL || *s == '\0' || *s == '-') {
        return false;
    }
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno != 0 || *end != '\0') {
        return false;
    }
    *out = v;
    return true;
}

bool cli_parse_size(const char *s, uint64_t *out)
{
    char *end;
    if (s == NULL || *s < '0' || *s > '9') {
        return false;
    }
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    unsigned shift = 0;
    if (errno != 0) {
        return false;
    }
    switch (*end) {
    case '\0': break;
    case 'k': case 'K': shift = 10; end++; break;
    case 'm': case 'M': shift = 20; end++; break;
    case 'g': case 'G': shift = 30; end++; break;
    default: return false;
    }
    if (*end != '\0' || v > (UINT64_MAX >> shift)) {
        return false;
    }
    *out = (uint64_t)v << shift;
    return true;
}

const char *cli_version(void)
{
    return RVREPLAY_VERSION;
}

char *cli_join_args(int argc, char **argv)
{
    size_t n = 1;
    for (int i = 0; i < argc; i++) {
        n += strlen(argv[i]) + 3;
    }
    char *s = base_alloc(n), *p = s;
    for (int i = 0; i < argc; i++) {
        bool quote = strchr(argv[i], ' ') != NULL || argv[i][0] == '\0';
        p += sprintf(p, "%s%s%s%s", i ? " " : "", quote ? "'" : "", argv[i],
                     quote ? "'" : "");
    }
    return s;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("rvreplay %s\n", RVREPLAY_VERSION);
        return 0;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
        if (strcmp(argv[1], commands[i].name) == 0) {
            return commands[i].fn(argc - 1, argv + 1);
        }
    }
    fprintf(stderr, "rvreplay: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}
