/* The replay layer: the only door between the outside world and the
 * deterministic machine.
 * SPDX-License-Identifier: MIT
 *
 * It implements the machine's MachineEnv hooks in three modes:
 *   live      inputs come from the host (terminal, network backend, clocks)
 *   record    the same, and every input is logged with the global
 *             instruction count at which the machine received it
 *   playback  inputs come from the log; live input is ignored; periodic
 *             state checks in the log are verified and a mismatch stops
 *             the run with a divergence report
 * Outputs (console bytes, transmitted frames) are never logged: playback
 * regenerates them. */
#ifndef REPLAY_H
#define REPLAY_H

#include "base/base.h"
#include "machine/machine.h"
#include "replay/log.h"

typedef enum { REPLAY_LIVE, REPLAY_RECORD, REPLAY_PLAYBACK } ReplayMode;

/* A host network backend (user-mode networking), seen from the replay
 * layer.  poll runs the backend for up to timeout_ms (0 = do not block)
 * and hands each frame it produces for the guest to deliver(). */
typedef struct ReplayNet {
    void *opaque;
    void (*send)(void *opaque, const uint8_t *frame, size_t len);
    void (*poll)(void *opaque, int timeout_ms,
                 void (*deliver)(void *ctx, const uint8_t *frame, size_t len),
                 void *ctx);
} ReplayNet;

typedef struct ReplayOptions {
    ReplayMode mode;
    const char *log_path;  /* record: log to write; playback: to read */
    const char *pcap_path; /* record: frames in both directions, or NULL */
    bool console_out;      /* show guest console output (playback option) */
    bool console_in;       /* live/record: take input from the terminal */
    const ReplayNet *net;  /* live/record: network backend or NULL */
    uint64_t check_period; /* instructions between full state checks
                              (record); 0 = default */
} ReplayOptions;

typedef struct Replay Replay;

Replay *replay_new(const ReplayOptions *opts, char *err, size_t err_size);
/* Fills the hooks and power-on values (boot wall clock, entropy seed) of
 * a machine configuration: from the host (logged when recording) or from
 * the log.  Call before machine_new. */
bool replay_setup_env(Replay *r, MachineEnv *env, char *err,
                      size_t err_size) MUST_CHECK;
/* Ends the session after machine_run returned.  Record: logs the end of
 * the recording and closes the files.  Playback: verifies the final state
 * if the end of the log was reached.  false + message on failure. */
bool replay_finish(Replay *r, Machine *m, char *err, size_t err_size)
    MUST_CHECK;
void replay_free(Replay *r);

/* Playback results. */
typedef enum {
    REPLAY_RUNNING,   /* not finished (or not playback) */
    REPLAY_COMPLETE,  /* reached the end of the recording, state matches */
    REPLAY_PREFIX,    /* the log ends early (recorder killed): replayed up
                         to its last event */
    REPLAY_DAMAGED,   /* stopped at a damaged chunk (see message) */
    REPLAY_DIVERGED,  /* a state check failed (see message) */
} ReplayOutcome;
ReplayOutcome replay_outcome(const Replay *r);
/* Human-readable explanation of the outcome (empty while running). */
const char *replay_message(const Replay *r);
/* Event log totals (record, after replay_finish). */
const LogTotals *replay_totals(const Replay *r);

#endif
