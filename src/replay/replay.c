/* The replay layer: live, record and playback implementations of the
 * machine's environment hooks (see replay.h).
 * SPDX-License-Identifier: MIT */
#include "replay/replay.h"

#include "cpu/cpu.h"
#include "host/clock.h"
#include "host/terminal.h"
#include "replay/pcap.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* Live input is gathered from the host at most this often while guest
 * code runs (checking the clock on every run-loop trip would cost more
 * than the check itself saves). */
#define HOST_POLL_NS 1000000ULL
#define HOST_POLL_EVERY 16
/* Chunks are written at least this often, and a state check is logged at
 * least this often while the guest runs, so a killed recorder loses at
 * most about this much of the end of the run. */
#define LOG_FLUSH_NS 200000000ULL
/* Default distance between full state checks in the log. */
#define DEFAULT_CHECK_PERIOD (1ULL << 28)
/* Frames waiting for delivery to the guest; more are dropped, as a real
 * NIC with full buffers would. */
#define NET_QUEUE_MAX 256
#define RECENT_EVENTS 8

typedef struct Frame {
    uint8_t *data;
    size_t len;
} Frame;

struct Replay {
    ReplayOptions o;
    HostTerminal *term;
    uint64_t boot_wallclock_ns;

    /* Live input waiting to be delivered at the next poll. */
    uint8_t console[4096];
    size_t console_len;
    Frame net[NET_QUEUE_MAX];
    unsigned net_len;
    unsigned poll_calls;
    uint64_t last_host_poll;

    /* Record. */
    LogWriter *log;
    Pcap *pcap;
    uint64_t last_flush;
    uint64_t last_full_check;
    uint64_t last_event_ns;     /* host time of the last logged event */
    uint64_t last_event_icount; /* and its instruction count */
    /* Idle stretches at one instruction count: those that ran to their
     * timer are logged only if a later one at the same count is cut short
     * by input, so that a replay gives each its own event. */
    bool idle_seen;
    uint64_t idle_icount;
    uint64_t unlogged_warps[16];
    unsigned n_unlogged;
    LogTotals totals;
    bool io_error;

    /* Playback. */
    LogReader *reader;
    struct {
        unsigned kind;
        uint64_t icount;
        uint32_t len;
    } recent[RECENT_EVENTS];
    unsigned recent_count;
    uint64_t last_verified; /* instruction count of the last check passed */

    Machine *machine; /* set by the first poll (before any instruction) */
    ReplayOutcome outcome;
    bool quit;
    char message[4096];
};

PRINTF_LIKE(2, 3) static void set_message(Replay *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->message, sizeof r->message, fmt, ap);
    va_end(ap);
}

static void append_message(Replay *r, const char *fmt, ...) PRINTF_LIKE(2, 3);
static void append_message(Replay *r, const char *fmt, ...)
{
    size_t n = strlen(r->message);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->message + n, sizeof r->message - n, fmt, ap);
    va_end(ap);
}

/* ---- state checks --------------------------------------------------------- */

enum { FULL_HART_WORDS = 34 }; /* pc, priv, x1..x31, digest */

static size_t encode_full_check(Machine *m, uint8_t *buf)
{
    unsigned n = machine_hart_count(m);
    size_t off = 0;
    store_le(buf, n, 4);
    off += 4;
    for (unsigned i = 0; i < n; i++) {
        Hart *h = machine_hart(m, i);
        uint64_t w[FULL_HART_WORDS];
        w[0] = cpu_get_pc(h);
        w[1] = cpu_get_priv(h);
        for (unsigned r = 1; r < 32; r++) {
            w[1 + r] = cpu_get_xreg(h, r);
        }
        w[33] = cpu_state_hash(h);
        memcpy(buf + off, w, sizeof w);
        off += sizeof w;
    }
    return off;
}

static void record_recent(Replay *r, const LogEvent *ev)
{
    unsigned i = r->recent_count++ % RECENT_EVENTS;
    r->recent[i].kind = ev->kind;
    r->recent[i].icount = ev->icount;
    r->recent[i].len = ev->len;
}

static void diverged(Replay *r, Machine *m)
{
    r->outcome = REPLAY_DIVERGED;
    append_message(r, "the state last matched the recording at instruction "
                      "%llu\nlast events before it:\n",
                   (unsigned long long)r->last_verified);
    unsigned n = r->recent_count < RECENT_EVENTS ? r->recent_count
                                                 : RECENT_EVENTS;
    for (unsigned k = n; k > 0; k--) {
        unsigned i = (r->recent_count - k) % RECENT_EVENTS;
        append_message(r, "  at instruction %llu: %s (%u bytes)\n",
                       (unsigned long long)r->recent[i].icount,
                       log_event_name(r->recent[i].kind), r->recent[i].len);
    }
    machine_stop(m);
}

static void check_full(Replay *r, Machine *m, const LogEvent *ev)
{
    static const char *const names[FULL_HART_WORDS] = {
        "pc", "privilege", "ra", "sp", "gp", "tp", "t0", "t1", "t2",
        "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "s2",
        "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4",
        "t5", "t6", "FP/CSR state digest",
    };
    uint8_t buf[4 + MACHINE_MAX_HARTS * FULL_HART_WORDS * 8];
    size_t len = encode_full_check(m, buf);
    if (len == ev->len && memcmp(buf, ev->data, len) == 0) {
        r->last_verified = ev->icount;
        return;
    }
    set_message(r, "replay diverged at instruction %llu: the recorded "
                   "state differs\n", (unsigned long long)ev->icount);
    if (ev->len != len) {
        append_message(r, "  the recording has a different number of "
                          "harts\n");
        diverged(r, m);
        return;
    }
    for (unsigned h = 0; h < machine_hart_count(m); h++) {
        const uint8_t *rec = ev->data + 4 + h * FULL_HART_WORDS * 8;
        const uint8_t *now = buf + 4 + h * FULL_HART_WORDS * 8;
        for (unsigned w = 0; w < FULL_HART_WORDS; w++) {
            uint64_t a = load_le(rec + 8 * w, 8), b = load_le(now + 8 * w, 8);
            if (a != b) {
                append_message(r, "  hart %u %s: recorded %016llx, "
                                  "replayed %016llx\n", h, names[w],
                               (unsigned long long)a, (unsigned long long)b);
            }
        }
    }
    diverged(r, m);
}

static void check_digest(Replay *r, Machine *m, const LogEvent *ev)
{
    uint64_t now = machine_state_digest(m);
    if (ev->len == 8 && load_le(ev->data, 8) == now) {
        r->last_verified = ev->icount;
        return;
    }
    set_message(r, "replay diverged at instruction %llu: state digest "
                   "recorded %016llx, replayed %016llx\n",
                (unsigned long long)ev->icount,
                ev->len == 8 ? (unsigned long long)load_le(ev->data, 8) : 0ULL,
                (unsigned long long)now);
    for (unsigned h = 0; h < machine_hart_count(m); h++) {
        append_message(r, "  hart %u is at pc %016llx\n", h,
                       (unsigned long long)cpu_get_pc(machine_hart(m, h)));
    }
    diverged(r, m);
}

/* ---- record ---------------------------------------------------------- */

static void log_event(Replay *r, unsigned kind, uint64_t icount,
                      const void *data, uint32_t len)
{
    char err[256];
    if (r->io_error) {
        return;
    }
    if (!log_writer_add(r->log, kind, icount, data, len, err, sizeof err)) {
        r->io_error = true;
        set_message(r, "recording failed: %s", err);
    }
    r->last_event_icount = icount;
}

static void log_digest(Replay *r, Machine *m, uint64_t icount)
{
    uint64_t d = machine_state_digest(m);
    log_event(r, LOG_EV_CHECK, icount, &d, 8);
}

static uint64_t guest_wallclock_ns(const Replay *r, const Machine *m)
{
    return r->boot_wallclock_ns +
           machine_mtime(m) * (1000000000ULL / MACHINE_TIMEBASE_HZ);
}

/* Adds a frame to the network capture; a failure stops the recording. */
static void capture_frame(Replay *r, Machine *m, const uint8_t *frame,
                          size_t len)
{
    if (r->pcap && !r->io_error &&
        !pcap_write(r->pcap, guest_wallclock_ns(r, m), frame, len)) {
        r->io_error = true;
        set_message(r, "recording failed: cannot write the network "
                       "capture");
    }
}

/* ---- live input ---------------------------------------------------------- */

static void queue_frame(void *ctx, const uint8_t *frame, size_t len)
{
    Replay *r = ctx;
    if (r->net_len == NET_QUEUE_MAX || len == 0 || len > LOG_MAX_EVENT) {
        return;
    }
    Frame *f = &r->net[r->net_len++];
    f->data = base_alloc(len);
    memcpy(f->data, frame, len);
    f->len = len;
}

/* Collects what the host has for the guest, waiting up to timeout_ns. */
static void gather_host_input(Replay *r, uint64_t timeout_ns)
{
    if (r->o.net) {
        int ms = (int)(timeout_ns / 1000000ULL);
        int fd = r->term ? host_terminal_fd(r->term) : -1;
        if (fd >= 0 && ms > 0 && host_wait_readable(fd, 0)) {
            ms = 0;
        }
        r->o.net->poll(r->o.net->opaque, ms > 10 ? 10 : ms, queue_frame, r);
    } else if (timeout_ns > 0) {
        host_wait_readable(r->term ? host_terminal_fd(r->term) : -1,
                           timeout_ns);
    }
    if (r->term && r->console_len < sizeof r->console) {
        r->console_len += host_terminal_read(
            r->term, r->console + r->console_len,
            sizeof r->console - r->console_len);
        if (host_terminal_quit_requested(r->term)) {
            r->quit = true;
        }
    }
    r->last_host_poll = host_monotonic_ns();
}

/* Whether live input is waiting that the machine can take now (console
 * bytes wait while the UART's receive FIFO is full). */
static bool have_input(const Replay *r, const Machine *m)
{
    return (r->console_len > 0 && machine_console_room(m) > 0) ||
           r->net_len > 0 || r->quit;
}

/* Hands queued live input to the machine (logging it when recording). */
static void deliver_live_input(Replay *r, Machine *m, uint64_t icount)
{
    bool rec = r->o.mode == REPLAY_RECORD;
    /* No more than the UART can take now: the rest waits, as bytes on a
     * real serial line would. */
    size_t n = machine_console_room(m);
    if (n > r->console_len) {
        n = r->console_len;
    }
    if (n > 0) {
        if (rec) {
            log_digest(r, m, icount);
            log_event(r, LOG_EV_CONSOLE_IN, icount, r->console, (uint32_t)n);
        }
        machine_console_input(m, r->console, n);
        memmove(r->console, r->console + n, r->console_len - n);
        r->console_len -= n;
    }
    for (unsigned i = 0; i < r->net_len; i++) {
        Frame *f = &r->net[i];
        if (rec) {
            log_digest(r, m, icount);
            log_event(r, LOG_EV_NET_IN, icount, f->data, (uint32_t)f->len);
            capture_frame(r, m, f->data, f->len);
        }
        machine_net_input(m, f->data, f->len);
        free(f->data);
    }
    r->net_len = 0;
    if (r->quit) {
        machine_stop(m);
    }
}

/* Writes the buffered events out every LOG_FLUSH_NS, so that a recorder
 * killed at any moment leaves all but the last moments replayable. */
static void maybe_flush(Replay *r, Machine *m, uint64_t now, bool may_check)
{
    char err[256];
    if (r->o.mode != REPLAY_RECORD) {
        return;
    }
    /* A guest that runs without input still marks its progress, so that
     * the replayable prefix of a killed recording reaches close to the
     * end. */
    uint64_t icount = machine_icount(m);
    if (may_check && now - r->last_event_ns >= LOG_FLUSH_NS &&
        icount > r->last_event_icount) {
        log_digest(r, m, icount);
        r->last_event_ns = now;
    }
    if (now - r->last_flush < LOG_FLUSH_NS) {
        return;
    }
    r->last_flush = now;
    if (!r->io_error && !log_writer_flush(r->log, err, sizeof err)) {
        r->io_error = true;
        set_message(r, "recording failed: %s", err);
    }
}

static void live_poll(Replay *r, Machine *m, uint64_t icount)
{
    if (++r->poll_calls % HOST_POLL_EVERY == 0 || have_input(r, m)) {
        uint64_t now = host_monotonic_ns();
        if (now - r->last_host_poll >= HOST_POLL_NS) {
            gather_host_input(r, 0);
        }
        maybe_flush(r, m, now, true);
    }
    if (r->o.mode == REPLAY_RECORD &&
        icount - r->last_full_check >= r->o.check_period) {
        uint8_t buf[4 + MACHINE_MAX_HARTS * FULL_HART_WORDS * 8];
        size_t len = encode_full_check(m, buf);
        log_event(r, LOG_EV_CHECK_FULL, icount, buf, (uint32_t)len);
        r->last_full_check = icount;
    }
    if (have_input(r, m)) {
        deliver_live_input(r, m, icount);
    }
    if (r->io_error) {
        machine_stop(m);
    }
}

/* All harts wait: sleep until the next timer is due in real time or input
 * arrives.  Virtual time advances by the real time slept (1 instruction =
 * 1 ns), or exactly to the timer. */
static void log_idle(Replay *r, Machine *m, uint64_t warp)
{
    uint8_t buf[10];
    size_t n = log_put_varint(buf, warp);
    log_event(r, LOG_EV_IDLE, machine_icount(m), buf, (uint32_t)n);
}

static uint64_t live_idle(Replay *r, Machine *m, uint64_t skip)
{
    uint64_t start = host_monotonic_ns(), elapsed = 0;
    uint64_t icount = machine_icount(m);
    bool live_sources = r->o.net || (r->term && host_terminal_fd(r->term) >= 0);
    if (skip == UINT64_MAX && !live_sources && !have_input(r, m)) {
        return UINT64_MAX; /* nothing can ever wake the guest */
    }
    /* A second stretch at the same count logs no state check: a replay
     * would check it before the first stretch's warp. */
    bool repeat = r->idle_seen && r->idle_icount == icount;
    if (!repeat) {
        r->n_unlogged = 0;
    }
    r->idle_seen = true;
    r->idle_icount = icount;
    maybe_flush(r, m, start, !repeat);
    while (!have_input(r, m)) {
        elapsed = host_monotonic_ns() - start;
        if (elapsed >= skip) {
            break;
        }
        uint64_t wait = skip - elapsed;
        gather_host_input(r, wait > 100000000ULL ? 100000000ULL : wait);
        maybe_flush(r, m, host_monotonic_ns(), !repeat);
    }
    uint64_t warp = have_input(r, m) && elapsed < skip ? elapsed : skip;
    if (r->o.mode == REPLAY_RECORD) {
        if (warp != skip || r->n_unlogged == ARRAY_SIZE(r->unlogged_warps)) {
            for (unsigned i = 0; i < r->n_unlogged; i++) {
                log_idle(r, m, r->unlogged_warps[i]);
            }
            r->n_unlogged = 0;
            log_idle(r, m, warp);
        } else {
            r->unlogged_warps[r->n_unlogged++] = warp;
        }
    }
    return warp;
}

/* ---- playback -------------------------------------------------------- */

/* The log has no more events for the machine. */
static void end_of_log(Replay *r, Machine *m, int rc)
{
    if (rc < 0) {
        r->outcome = REPLAY_DAMAGED;
        set_message(r, "%s; replayed up to instruction %llu, the last "
                       "intact event",
                    log_reader_error(r->reader),
                    (unsigned long long)machine_icount(m));
    } else {
        r->outcome = REPLAY_PREFIX;
        set_message(r, "the recording ends without its end marker (the "
                       "recorder was killed?); replayed up to instruction "
                       "%llu, its last event",
                    (unsigned long long)machine_icount(m));
    }
    machine_stop(m);
}

static void play_poll(Replay *r, Machine *m, uint64_t icount)
{
    LogEvent ev;
    int rc;
    while (r->outcome == REPLAY_RUNNING &&
           (rc = log_reader_peek(r->reader, &ev)) != 0) {
        if (rc < 0) {
            end_of_log(r, m, rc);
            return;
        }
        if (ev.icount < icount) {
            set_message(r, "replay diverged at instruction %llu: the "
                           "recording has %s %s event there, but the "
                           "machine went past it (now at %llu)\n",
                        (unsigned long long)ev.icount,
                        ev.kind == LOG_EV_IDLE ? "an" : "a",
                        log_event_name(ev.kind),
                        (unsigned long long)icount);
            diverged(r, m);
            return;
        }
        if (ev.icount > icount || ev.kind == LOG_EV_IDLE) {
            return; /* idle events belong to the idle hook */
        }
        (void)log_reader_next(r->reader, &ev);
        record_recent(r, &ev);
        switch (ev.kind) {
        case LOG_EV_CONSOLE_IN:
            machine_console_input(m, ev.data, ev.len);
            break;
        case LOG_EV_NET_IN:
            machine_net_input(m, ev.data, ev.len);
            break;
        case LOG_EV_CHECK:
            check_digest(r, m, &ev);
            break;
        case LOG_EV_CHECK_FULL:
            check_full(r, m, &ev);
            break;
        case LOG_EV_END:
            check_digest(r, m, &ev);
            if (r->outcome == REPLAY_RUNNING) {
                r->outcome = REPLAY_COMPLETE;
                set_message(r, "replay complete: %llu instructions, final "
                               "state matches the recording",
                            (unsigned long long)icount);
                machine_stop(m);
            }
            return;
        default:
            set_message(r, "unexpected %s event at instruction %llu\n",
                        log_event_name(ev.kind),
                        (unsigned long long)ev.icount);
            diverged(r, m);
            return;
        }
    }
    if (r->outcome == REPLAY_RUNNING) {
        end_of_log(r, m, 0);
    }
}

static uint64_t play_idle(Replay *r, Machine *m, uint64_t skip)
{
    LogEvent ev;
    int rc = log_reader_peek(r->reader, &ev);
    if (rc > 0 && ev.kind == LOG_EV_IDLE && ev.icount == machine_icount(m)) {
        const uint8_t *p = ev.data;
        uint64_t warp;
        (void)log_reader_next(r->reader, &ev);
        record_recent(r, &ev);
        if (!log_get_varint(&p, ev.data + ev.len, &warp) || warp > skip) {
            set_message(r, "replay diverged at instruction %llu: recorded "
                           "idle time does not fit the guest's timers\n",
                        (unsigned long long)ev.icount);
            diverged(r, m);
            return 0;
        }
        return warp;
    }
    if (rc <= 0) {
        end_of_log(r, m, rc);
        return 0;
    }
    if (skip == UINT64_MAX) {
        set_message(r, "replay diverged at instruction %llu: every hart "
                       "waits with no timer armed, but the recording "
                       "continues\n", (unsigned long long)machine_icount(m));
        diverged(r, m);
        return 0;
    }
    return skip;
}

/* ---- hooks ---------------------------------------------------------------- */

static void hook_console_out(void *opaque, const uint8_t *buf, size_t len)
{
    Replay *r = opaque;
    if (r->o.mode != REPLAY_PLAYBACK || r->o.console_out) {
        host_terminal_write(r->term, buf, len);
    }
}

static void hook_net_out(void *opaque, const uint8_t *frame, size_t len)
{
    Replay *r = opaque;
    (void)r;
    if (r->o.mode == REPLAY_PLAYBACK || r->o.net == NULL) {
        return; /* replay regenerates output; nobody listens */
    }
    r->o.net->send(r->o.net->opaque, frame, len);
}

static void hook_net_out_record(void *opaque, const uint8_t *frame,
                                size_t len)
{
    Replay *r = opaque;
    if (r->machine) {
        capture_frame(r, r->machine, frame, len);
    }
    hook_net_out(opaque, frame, len);
}

static void hook_poll(void *opaque, Machine *m, uint64_t icount)
{
    Replay *r = opaque;
    r->machine = m;
    if (r->o.mode == REPLAY_PLAYBACK) {
        play_poll(r, m, icount);
    } else {
        live_poll(r, m, icount);
    }
}

static uint64_t hook_next_input(void *opaque)
{
    Replay *r = opaque;
    LogEvent ev;
    if (r->o.mode == REPLAY_PLAYBACK && r->outcome == REPLAY_RUNNING &&
        log_reader_peek(r->reader, &ev) > 0) {
        return ev.icount;
    }
    return UINT64_MAX;
}

static uint64_t hook_idle(void *opaque, Machine *m, uint64_t skip)
{
    Replay *r = opaque;
    if (r->o.mode == REPLAY_PLAYBACK) {
        return play_idle(r, m, skip);
    }
    return live_idle(r, m, skip);
}

/* ---- life cycle --------------------------------------------------------- */

Replay *replay_new(const ReplayOptions *opts, char *err, size_t err_size)
{
    Replay *r = base_alloc(sizeof(*r));
    r->o = *opts;
    if (r->o.check_period == 0) {
        r->o.check_period = DEFAULT_CHECK_PERIOD;
    }
    if (opts->mode == REPLAY_PLAYBACK) {
        r->reader = log_reader_open(opts->log_path, err, err_size);
        if (r->reader == NULL) {
            free(r);
            return NULL;
        }
    } else {
        if (opts->mode == REPLAY_RECORD) {
            r->log = log_writer_open(opts->log_path, err, err_size);
            if (r->log == NULL) {
                free(r);
                return NULL;
            }
            if (opts->pcap_path) {
                r->pcap = pcap_open(opts->pcap_path, err, err_size);
                if (r->pcap == NULL) {
                    replay_free(r);
                    return NULL;
                }
            }
        }
        if (opts->console_in) {
            r->term = host_terminal_open();
        }
        r->last_flush = r->last_host_poll = host_monotonic_ns();
    }
    return r;
}

bool replay_setup_env(Replay *r, MachineEnv *env, char *err, size_t err_size)
{
    env->opaque = r;
    env->console_out = hook_console_out;
    env->net_out = r->o.mode == REPLAY_RECORD ? hook_net_out_record
                                              : hook_net_out;
    env->poll = hook_poll;
    env->next_input = hook_next_input;
    env->idle = hook_idle;
    if (r->o.mode == REPLAY_PLAYBACK) {
        LogEvent ev;
        int rc = log_reader_next(r->reader, &ev);
        if (rc <= 0 || ev.kind != LOG_EV_ENV || ev.icount != 0 ||
            ev.len != 8 + sizeof env->entropy_seed) {
            snprintf(err, err_size, "%s",
                     rc < 0 ? log_reader_error(r->reader)
                            : "the event log does not start with the "
                              "machine's power-on values");
            return false;
        }
        record_recent(r, &ev);
        env->boot_wallclock_ns = load_le(ev.data, 8);
        memcpy(env->entropy_seed, ev.data + 8, sizeof env->entropy_seed);
    } else {
        env->boot_wallclock_ns = host_wallclock_ns();
        if (!host_entropy(env->entropy_seed, sizeof env->entropy_seed)) {
            snprintf(err, err_size, "cannot read host entropy");
            return false;
        }
        if (r->o.mode == REPLAY_RECORD) {
            uint8_t buf[8 + sizeof env->entropy_seed];
            store_le(buf, env->boot_wallclock_ns, 8);
            memcpy(buf + 8, env->entropy_seed, sizeof env->entropy_seed);
            log_event(r, LOG_EV_ENV, 0, buf, sizeof buf);
        }
    }
    r->boot_wallclock_ns = env->boot_wallclock_ns;
    return true;
}

bool replay_finish(Replay *r, Machine *m, char *err, size_t err_size)
{
    if (r->o.mode == REPLAY_RECORD) {
        uint64_t d = machine_state_digest(m);
        log_event(r, LOG_EV_END, machine_icount(m), &d, 8);
        bool ok = log_writer_close(r->log, &r->totals, err, err_size);
        r->log = NULL;
        if (r->io_error) {
            snprintf(err, err_size, "%s", r->message);
            ok = false;
        }
        if (r->pcap) {
            if (!pcap_close(r->pcap) && ok) {
                snprintf(err, err_size, "cannot write the network capture");
                ok = false;
            }
            r->pcap = NULL;
        }
        return ok;
    }
    if (r->o.mode == REPLAY_PLAYBACK && r->outcome == REPLAY_RUNNING) {
        /* The machine stopped by itself (e.g. guest power-off): the end
         * marker must be right here. */
        play_poll(r, m, machine_icount(m));
    }
    return true;
}

void replay_free(Replay *r)
{
    if (r == NULL) {
        return;
    }
    /* Error paths only: the session failed already, so failures to close
     * add nothing the caller could act on. */
    char err[64];
    if (r->log && !log_writer_close(r->log, NULL, err, sizeof err)) {
        base_warn("%s", err);
    }
    if (r->pcap && !pcap_close(r->pcap)) {
        base_warn("cannot write the network capture");
    }
    log_reader_close(r->reader);
    host_terminal_close(r->term);
    for (unsigned i = 0; i < r->net_len; i++) {
        free(r->net[i].data);
    }
    free(r);
}

ReplayOutcome replay_outcome(const Replay *r) { return r->outcome; }
const char *replay_message(const Replay *r) { return r->message; }
const LogTotals *replay_totals(const Replay *r) { return &r->totals; }
