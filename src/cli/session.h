/* One machine session, shared by `run`, `record` and `replay`: images,
 * devices, the replay layer, the run loop with reboots, and the trace
 * directory (manifest, event log, pcap, embedded images).
 * SPDX-License-Identifier: MIT */
#ifndef CLI_SESSION_H
#define CLI_SESSION_H

#include "cli/options.h"
#include "replay/replay.h"

typedef struct SessionOptions {
    ReplayMode mode;
    MachineOptions machine; /* live/record; playback takes the manifest's */
    const char *trace_dir;  /* record/playback */
    const char *command;    /* command line, for the manifest */
    bool embed_images;      /* record: copy images into the trace */
    bool quiet;             /* playback: hide the guest console */
    bool progress;          /* playback: progress line on a terminal */
    uint64_t max_insns;
    const char *insn_trace; /* --trace FILE */
    bool stats;
} SessionOptions;

/* Trace directory file names. */
#define TRACE_MANIFEST "manifest"
#define TRACE_EVENTS "events"
#define TRACE_PCAP "net.pcap"
#define TRACE_IMAGES "images"

/* Runs the session; returns the process exit status (cli.h). */
int session_run(const SessionOptions *o);

#endif
