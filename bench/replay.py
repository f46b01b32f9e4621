#!/usr/bin/env python3
# Record/replay benchmark: rvreplay run vs record vs replay, log sizes, next
# to QEMU 7.2's own record/replay on the same guest.
# SPDX-License-Identifier: MIT
"""Record/replay benchmark (run through bench/replay.sh).

Cases (each a scripted console session on the Linux guest):

  cpu    boot, type the checked busybox workload of bench/boot.py, wait for
         its end marker, power off.  Stretch timed: workload start marker
         -> end marker (CPU-bound).
  cpu0   the same session with the workload loop run 0 times (record only):
         subtracted from `cpu` it gives the log bytes and instructions of
         the CPU-bound part alone.
  idle   boot, leave the guest idle at the prompt for --idle-seconds
         (default 30), type `poweroff -f`.  Stretch: prompt -> the echo of
         `poweroff -f`.  Recorded and replayed only (running idle is just
         waiting).
  boot   boot to the prompt and power off at once.  Stretch: the whole
         process.  `idle` minus `boot` gives the log growth per idle second.
  net    boot with user networking, wget --download-mib MiB from a
         `python3 -m http.server --bind 127.0.0.1` on this host (the guest
         reaches it as 10.0.2.2), check its SHA-256, power off.  Stretch:
         download start marker -> end marker.

Modes: rvreplay `run`, `record -o TRACE`, `replay TRACE`; QEMU plain TCG,
`-icount shift=auto` (its like-for-like "run"), `-icount
shift=auto,rr=record,rrfile=F` and `rr=replay`.  QEMU gets the UART alone on
stdio (-display none -serial stdio -monitor none, -net none or virtio-net
with -object filter-replay): with -nographic the monitor mux's input is
recorded but not replayed.  QEMU's record drops console bytes typed faster
than the UART takes them, so every session (both emulators) types one
character per --char-delay seconds (default 0.01).

Figures: wall and CPU time of each stretch (medians over --repeat rounds,
interleaved), the record overhead (record / run - 1; QEMU: against
-icount shift=auto), replay / record; log bytes (rvreplay: `rvreplay info`;
QEMU: the rr file), guest instructions (rvreplay info; QEMU: QMP
query-replay at the last prompt) and guest seconds (rvreplay info; QEMU:
the printk timestamp of `reboot: Power down`).  Replays are checked: the
workload's checksums and the download's SHA-256 must appear again, and
rvreplay replay must exit 0.  A QEMU mode that cannot do a case is shown as
n/a with the reason; an rvreplay failure fails the benchmark (exit 1) and
keeps the trace for reproduction.
"""
import argparse
import hashlib
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
import boot as b  # noqa: E402

CASES = ("cpu", "idle", "boot", "net")
NET_START = "NETSTART-42"
NET_END = "NETEND-42"
POWEROFF = "poweroff -f"
POWER_DOWN_RE = re.compile(r"\[\s*(\d+\.\d+)\] reboot: Power down")
KB = 1000.0

# Targets for rvreplay (from the issue) and QEMU 7.2 reference figures.
T_REC_CPU = 0.02
T_REC_NET = 0.10
T_IDLE_REPLAY_S = 1.0
T_LOG_PER_GI = 50 * KB
T_IDLE_GROWTH = 2 * KB
ISSUE_QEMU = {
    "rec_overhead": "+32% (vs plain)",
    "replay": "1.5x slower than plain; idle in real time",
    "log_per_gi": "224 KB (80 KB CPU-bound part)",
    "idle_growth": "28.6 KB/s",
}


class Skip(Exception):
    """QEMU cannot do this case in this mode (the reason is the text)."""


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Bench:
    def __init__(self, args, tmp, guest, rv):
        self.args = args
        self.tmp = tmp
        self.guest = guest
        self.rv = rv
        self.port = None
        self.blob_sha = None
        self.env = dict(os.environ, RVREPLAY_GUEST=guest)
        self.skips = {}        # (case, emu, mode) -> [failure reasons]
        self.errors = []       # rvreplay failures (benchmark fails)
        self.keep_dir = Path(os.environ.get("BUILD", "build")) / "bench"

    # -- command lines -----------------------------------------------------
    def argv(self, case, emu, mode, trace):
        net = case == "net"
        if emu == "rvreplay":
            extra = ["--net", "user"] if net else []
            if mode == "run":
                return [self.rv, "run", "--stats"] + extra, None
            if mode == "record":
                return [self.rv, "record", "-o", trace, "--stats"] + extra, \
                    None
            return [self.rv, "replay", "--no-progress", "--stats", trace], None
        if net:
            dev = ["-netdev", "user,id=n0",
                   "-device", "virtio-net-device,netdev=n0",
                   "-object", "filter-replay,id=r0,netdev=n0"]
        else:
            dev = ["-net", "none"]
        qmp = None
        if mode == "plain":
            icount = []
        else:
            opt = "shift=auto"
            if mode == "record":
                opt += ",rr=record,rrfile=" + trace
            elif mode == "replay":
                opt += ",rr=replay,rrfile=" + trace
            icount = ["-icount", opt]
            if mode != "replay":
                qmp = os.path.join(self.tmp, "qmp.sock")
                if os.path.exists(qmp):
                    os.unlink(qmp)
                icount += ["-qmp", "unix:%s,server=on,wait=off" % qmp]
        return b.qemu_argv(self.guest, console="serial",
                           extra=dev + icount), qmp

    def modes(self, case, emu):
        if case == "idle":
            return ["record", "replay"]
        if case == "cpu0":
            return ["record"]
        if emu == "rvreplay":
            return ["run", "record", "replay"]
        return ["plain", "run", "record", "replay"]

    # -- one session -----------------------------------------------------
    def session(self, case, emu, mode, trace, rnd, rec_wall=None):
        """Runs one session; returns a dict of figures."""
        argv, qmp = self.argv(case, emu, mode, trace)
        log = os.path.join(self.tmp, "%s-%s-%s-%d.log" % (case, emu, mode,
                                                          rnd))
        what = "%s/%s/%s round %d" % (case, emu, mode, rnd)
        replay = mode == "replay"
        # A replay may take longer than its recording (QEMU replays idle
        # time in real time) but never forever.
        limit = max(60.0, 3 * rec_wall) if replay and rec_wall else \
            b.BOOT_TIMEOUT + b.CMD_TIMEOUT + self.args.idle_seconds
        deadline = time.monotonic() + limit
        s = b.Session(argv, log, char_delay=self.args.char_delay,
                      env=self.env)

        def left():
            return max(deadline - time.monotonic(), 0.1)

        r = {"log": log, "retyped": 0, "round": rnd}

        def typed(line):
            """Types a line and checks its echo.  QEMU loses characters
            typed faster than its UART takes them (an input overrun): the
            line is then cancelled with Ctrl-C and typed again (at most
            twice).  rvreplay must never lose input: that is an error."""
            for attempt in range(3):
                try:
                    b.type_line(s.console, line, self.args.char_delay)
                    return
                except b.ConsoleError as e:
                    if emu == "rvreplay" or attempt == 2:
                        raise b.ConsoleError("typed input lost (the echo "
                                             "differs): %s" % e)
                s.console.send("\x03")
                s.console.expect_prompt(30)
                r["retyped"] += 1

        try:
            s.expect(b.PROMPT, min(left(), b.BOOT_TIMEOUT), mark="prompt")
            if case in ("cpu", "cpu0"):
                if not replay:
                    typed(b.workload_line(1 if case == "cpu" else 0))
                s.expect(b.START, left(), mark="a")
                out = s.expect(b.END, left(), mark="b")
                if case == "cpu":
                    b.check_workload_output(out, what)
            elif case == "net":
                if not replay:
                    typed("echo NETSTART-$((6*7)); wget -q -O - "
                          "http://10.0.2.2:%d/blob.bin | sha256sum; "
                          "echo NETEND-$((6*7))" % self.port)
                s.expect(NET_START, left(), mark="a")
                out = s.expect(NET_END, left(), mark="b")
                if self.blob_sha + "  -" not in out:
                    raise b.BenchError("%s: wrong or missing SHA-256 of the "
                                       "download:\n%s" % (what, out[-500:]))
            elif case == "idle" and not replay:
                time.sleep(self.args.idle_seconds)
            if not replay:
                if case not in ("idle", "boot"):
                    s.expect(b.PROMPT, left())
                if qmp:
                    r["insns"] = b.qmp_query_icount(qmp)
                typed(POWEROFF)
                if case == "idle":
                    s.mark("b")
            elif case == "idle":
                s.expect(POWEROFF, left(), mark="b")
            if case == "idle":
                s.marks["a"] = s.marks["prompt"]
            rc = s.finish(left())
        except b.ConsoleError as e:
            if emu == "qemu" and replay:
                cpu = b.proc_cpu(s.console.proc.pid)
                wall = s.console.elapsed()
                s.close()
                first = str(e).splitlines()[0][:120]
                if "timeout" in first:
                    raise Skip("stalled: no expected console output within "
                               "%.0f s (%s); QEMU used %s CPU meanwhile"
                               % (limit, first, "%.0f%%" % (100 * cpu / wall)
                                  if cpu is not None and wall > 0 else "?"))
                raise Skip("failed: %s" % first)
            raise s.fail(what, e)
        finally:
            s.close()
        r["rc"] = rc
        r["wall_total"], r["cpu_total"] = s.wall, s.cpu
        if case == "boot":
            r["wall"], r["cpu"] = s.wall, s.cpu
        else:
            r["wall"], r["cpu"] = s.interval("a", "b")
        m = POWER_DOWN_RE.findall(s.console.buf)
        if m:
            r["guest_s_printk"] = float(m[-1])
        err = s.stderr()
        if emu == "rvreplay":
            ok = rc == 0 and (not replay or "final state matches" in err)
            if not ok:
                raise b.BenchError("%s: exit status %s (rvreplay exit "
                                   "statuses: 5 diverged, 6 truncated)\n  "
                                   "stderr: %s" % (what, rc,
                                                   err.strip()[-800:]))
            m = b.STATS_RE.search(err)
            if m:
                r["insns_stats"] = int(m.group(1))
        elif rc != 0:
            if replay:
                raise Skip("QEMU rr=replay exited %s: %s"
                           % (rc, err.strip()[-200:]))
            raise b.BenchError("%s: exit status %s\n  stderr: %s"
                               % (what, rc, err.strip()[-800:]))
        if mode == "record":
            r.update(self.log_figures(emu, trace, r))
        return r

    def log_figures(self, emu, trace, r):
        """Log bytes, instructions and guest seconds of a recording."""
        if emu == "qemu":
            return {"log_bytes": os.path.getsize(trace),
                    "guest_s": r.get("guest_s_printk")}
        p = subprocess.run([self.rv, "info", trace], capture_output=True,
                           text=True, timeout=60)
        text = p.stdout

        def grab(rx, conv):
            m = re.search(rx, text, re.M)
            return conv(m.group(1)) if m else None
        f = {
            "log_bytes": grab(r"^log\s+(\d+) bytes", int),
            "insns": grab(r"^instructions\s+(\d+)", int),
            "guest_s": grab(r"^guest time\s+([0-9.]+) s", float),
        }
        if f["log_bytes"] is None or f["insns"] is None:
            raise b.BenchError("rvreplay info %s: cannot parse:\n%s%s"
                               % (trace, text, p.stderr))
        f["trace_bytes"] = sum(x.stat().st_size
                               for x in Path(trace).iterdir() if x.is_file())
        return f

    def keep_trace(self, trace, label):
        """Copies a trace that rvreplay failed to replay to $BUILD/bench."""
        dst = self.keep_dir / ("replay-failure-%s" % label)
        try:
            self.keep_dir.mkdir(parents=True, exist_ok=True)
            shutil.rmtree(dst, ignore_errors=True)
            shutil.copytree(trace, dst)
            shutil.copy2(self.rv, dst / "rvreplay.used")
            return str(dst)
        except OSError as e:
            return "(could not keep %s: %s)" % (trace, e)

    # -- the rounds ---------------------------------------------------------
    def run(self):
        res = {}
        cases = list(self.args.cases)
        if "cpu" in cases:
            cases.insert(cases.index("cpu") + 1, "cpu0")
        for rnd in range(1, self.args.repeat + 1):
            for case in cases:
                for emu in self.args.emulators:
                    self.run_case(res, case, emu, rnd)
        return res

    def run_case(self, res, case, emu, rnd):
        rec_wall = None
        trace = os.path.join(self.tmp, "%s-%s-%d.%s" % (
            case, emu, rnd, "trace" if emu == "rvreplay" else "rr"))
        modes = self.modes(case, emu)
        if rnd % 2 == 0:
            # Every other round runs the unrecorded modes last, so that a
            # drift of the host's speed does not always favour one side of
            # the record / run comparison.
            modes = ([m for m in modes if m in ("record", "replay")]
                     + [m for m in modes if m not in ("record", "replay")])
        try:
            for mode in modes:
                key = (case, emu, mode)
                # A QEMU mode that failed and never worked is not retried.
                if key in self.skips and not res.get(key):
                    continue
                if mode == "replay" and rec_wall is None:
                    continue        # this round's recording failed
                print("replay.py: round %d/%d: %s %s %s"
                      % (rnd, self.args.repeat, case, emu, mode),
                      file=sys.stderr, flush=True)
                try:
                    r = self.session(case, emu, mode, trace, rnd, rec_wall)
                except Skip as e:
                    self.qemu_failed(key, rnd, str(e))
                    continue
                except b.BenchError as e:
                    if emu == "qemu":
                        self.qemu_failed(key, rnd, str(e).splitlines()[0])
                        continue
                    if mode == "replay":
                        kept = self.keep_trace(trace, "%s-%d" % (case, rnd))
                        e = b.BenchError("%s\n  trace kept in %s; reproduce "
                                         "with: %s/rvreplay.used replay %s"
                                         % (e, kept, kept, kept))
                    self.errors.append(str(e))
                    print("replay.py: FAIL: %s" % e, file=sys.stderr)
                    return
                res.setdefault(key, []).append(r)
                if mode == "record":
                    rec_wall = r["wall_total"]
        finally:
            if self.args.keep:
                pass
            elif os.path.isdir(trace):
                shutil.rmtree(trace, ignore_errors=True)
            elif os.path.exists(trace):
                os.unlink(trace)

    def qemu_failed(self, key, rnd, reason):
        self.skips.setdefault(key, []).append("round %d: %s" % (rnd, reason))
        print("replay.py: QEMU %s %s failed: %s" % (key[0], key[2], reason),
              file=sys.stderr)


# -- report -------------------------------------------------------------------

def med(res, key, field):
    return b.median([r.get(field) for r in res.get(key, [])])


def pct(x):
    return "-" if x is None else "%+.1f%%" % (100 * x)


def kb(x):
    return "-" if x is None else "%.1f KB" % (x / KB)


def secs(x):
    return "-" if x is None else "%.2f" % x


def overhead(a, base):
    return a / base - 1 if a is not None and base else None


def by_round(res, key_a, key_b):
    """(a, b) result pairs of the same round."""
    other = {r["round"]: r for r in res.get(key_b, [])}
    return [(r, other[r["round"]]) for r in res.get(key_a, [])
            if r["round"] in other]


def paired(res, key_a, key_b, field):
    """Per-round a.field / b.field - 1 (rounds are interleaved, so pairing
    cancels slow drifts of the host's load)."""
    return [ra[field] / rb[field] - 1 for ra, rb in by_round(res, key_a, key_b)
            if ra.get(field) is not None and rb.get(field)]


def paired_diff(res, key_a, key_b, field_num, field_den):
    """Median over rounds of (a.num - b.num) / (a.den - b.den)."""
    vals = []
    for ra, rb in by_round(res, key_a, key_b):
        n = [ra.get(field_num), rb.get(field_num)]
        d = [ra.get(field_den), rb.get(field_den)]
        if None in n or None in d or d[0] - d[1] <= 0:
            continue
        vals.append((n[0] - n[1]) / (d[0] - d[1]))
    return b.median(vals)


STRETCH = {
    "cpu": "workload start -> end marker",
    "idle": "prompt -> `poweroff -f` echoed",
    "boot": "whole process",
    "net": "download start -> end marker",
}


def report(bench, res):
    args = bench.args
    run_mode = {"rvreplay": "run", "qemu": "run"}
    name = {"rvreplay": "rvreplay", "qemu": "QEMU 7.2"}

    def na(case, emu, mode):
        key = (case, emu, mode)
        return "n/a" if key in bench.skips and not res.get(key) else "-"

    lines = ["Record/replay benchmark, Linux 6.1 + busybox guest (%s), "
             "median of %d rounds; %s" % (bench.guest_name, args.repeat,
                                          b.host_description()), "",
             "Time of the measured stretch (s); QEMU's run = -icount "
             "shift=auto without rr, plain = TCG without -icount; "
             "overhead = record / run - 1:", "",
             "| case | stretch | emulator | plain | run | record | record "
             "overhead | replay | replay / record | CPU: run | record | "
             "overhead | replay |",
             "|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for case in args.cases:
        for emu in args.emulators:
            k = lambda m: (case, emu, m)  # noqa: E731
            w = {m: med(res, k(m), "wall") for m in
                 ("plain", "run", "record", "replay")}
            c = {m: med(res, k(m), "cpu") for m in
                 ("plain", "run", "record", "replay")}
            cell = {m: secs(w[m]) if w[m] is not None else na(case, emu, m)
                    for m in w}
            ccell = {m: secs(c[m]) if c[m] is not None else na(case, emu, m)
                     for m in c}
            rr = b.median(paired(res, k("replay"), k("record"), "wall"))
            lines.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s "
                         "| %s | %s | %s |" % (
                             case, STRETCH[case], name[emu], cell["plain"],
                             cell[run_mode[emu]], cell["record"],
                             pct(b.median(paired(res, k("record"), k("run"),
                                                 "wall"))),
                             cell["replay"],
                             secs(rr + 1 if rr is not None else None),
                             ccell["run"], ccell["record"],
                             pct(b.median(paired(res, k("record"), k("run"),
                                                 "cpu"))),
                             ccell["replay"]))
    lines += ["", "Logs of the recordings (KB = 1000 bytes; rvreplay: the "
              "event log as `rvreplay info` reports it; QEMU: the rr file):",
              "",
              "| case | emulator | log | guest s | guest insns | per guest s "
              "| per 1e9 insns |",
              "|---|---|--:|--:|--:|--:|--:|"]
    for case in list(args.cases) + (["cpu0"] if "cpu" in args.cases else []):
        for emu in args.emulators:
            key = (case, emu, "record")
            lb, gs, ins = (med(res, key, f) for f in
                           ("log_bytes", "guest_s", "insns"))
            lines.append("| %s | %s | %s | %s | %s | %s | %s |" % (
                case, name[emu], kb(lb), secs(gs),
                b.fmt(int(ins)) if ins else "-",
                kb(b.ratio(lb, gs)) + "/s" if lb is not None and gs else "-",
                kb(b.ratio(lb, ins) * 1e9) if lb is not None and ins
                else "-"))
    derived = {}
    for emu in args.emulators:
        derived[emu] = {
            "cpu_part": paired_diff(res, ("cpu", emu, "record"),
                                    ("cpu0", emu, "record"), "log_bytes",
                                    "insns"),
            "idle_growth": paired_diff(res, ("idle", emu, "record"),
                                       ("boot", emu, "record"), "log_bytes",
                                       "guest_s"),
        }
        lines.append("| cpu - cpu0 (CPU-bound part) | %s | | | | | %s |" % (
            name[emu], kb(derived[emu]["cpu_part"] * 1e9)
            if derived[emu]["cpu_part"] is not None else "-"))
        lines.append("| idle - boot (idle growth) | %s | | | | %s | |" % (
            name[emu], kb(derived[emu]["idle_growth"]) + "/s"
            if derived[emu]["idle_growth"] is not None else "-"))

    # Targets.
    def fig(emu):
        def w(case, mode):
            return med(res, (case, emu, mode), "wall")

        def rec(case, base, field):
            """Median per-round record overhead and the per-round values."""
            vals = paired(res, (case, emu, "record"), (case, emu, base),
                          field)
            return b.median(vals), vals

        def worst(field):
            """The case with the largest median replay / record."""
            best = None
            for case in args.cases:
                vals = paired(res, (case, emu, "replay"),
                              (case, emu, "record"), field)
                m = b.median(vals)
                if m is not None and (best is None or m + 1 > best[0]):
                    best = (m + 1, case, [v + 1 for v in vals])
            return best
        key = ("cpu", emu, "record")
        lb, ins = med(res, key, "log_bytes"), med(res, key, "insns")
        return {
            "rec_cpu": (rec("cpu", "run", "wall"), rec("cpu", "run", "cpu")),
            "rec_net": (rec("net", "run", "wall"), rec("net", "run", "cpu")),
            "rec_cpu_plain": rec("cpu", "plain", "wall")[0],
            "rec_net_plain": rec("net", "plain", "wall")[0],
            "replay_vs_record": (worst("wall"), worst("cpu")),
            "idle_replay": w("idle", "replay"),
            "log_per_gi": b.ratio(lb, ins) * 1e9 if lb is not None and ins
            else None,
            "idle_growth": derived[emu]["idle_growth"],
        }

    f = {emu: fig(emu) for emu in args.emulators}

    def rounds(vals, render):
        return "[%s]" % ", ".join(render(v) for v in vals)

    def ovh(pair):
        (wall, wv), (cpu, cv) = pair
        if wall is None:
            return "-"
        return "%s %s (CPU %s %s)" % (pct(wall), rounds(wv, pct), pct(cpu),
                                      rounds(cv, pct))

    def met(value, limit, cpu=None):
        if value is None:
            return "-"
        ok = value <= limit
        if cpu is not None and (cpu <= limit) != ok:
            return "%s (CPU time: %s)" % ("yes" if ok else "no",
                                          "yes" if cpu <= limit else "no")
        return "yes" if ok else "no"

    def get(emu, k):
        return f.get(emu, {}).get(k)

    def qemu_cell(k, render):
        if "qemu" not in f:
            return "-"
        v = get("qemu", k)
        text = render(v)
        if k in ("rec_cpu", "rec_net") and get("qemu", k + "_plain"):
            text += "; %s vs plain" % pct(get("qemu", k + "_plain"))
        if k == "rec_net" and na("net", "qemu", "replay") == "n/a":
            text += "; replay n/a"
        if k == "idle_replay" and na("idle", "qemu", "replay") == "n/a":
            return "n/a"
        return text

    def ratio_pair(pair):
        wall, cpu = pair if pair else (None, None)
        if wall is None:
            return "-"

        def x(v):
            return "%.3fx" % v
        text = "%s %s, %s" % (x(wall[0]), rounds(wall[2], x), wall[1])
        if cpu is not None:
            text += " (CPU %s %s, %s)" % (x(cpu[0]), rounds(cpu[2], x),
                                         cpu[1])
        return text

    rv = "rvreplay" in f
    rows = [
        ("record overhead, CPU-bound (cpu) <= 2%", "rec_cpu", ovh,
         lambda v: met(v[0][0], T_REC_CPU, v[1][0]),
         ISSUE_QEMU["rec_overhead"]),
        ("record overhead, network (net) <= 10%", "rec_net", ovh,
         lambda v: met(v[0][0], T_REC_NET, v[1][0]), ""),
        ("replay at least as fast as record (worst case: replay / record)",
         "replay_vs_record", ratio_pair,
         lambda v: met(v[0][0], 1.0, v[1][0] if v[1] else None)
         if v and v[0] else "-", ISSUE_QEMU["replay"]),
        ("%g s idle replays in < 1 s" % args.idle_seconds, "idle_replay",
         lambda v: secs(v) + " s" if v is not None else "-",
         lambda v: met(v, T_IDLE_REPLAY_S), "real time"),
        ("log per 1e9 insns, boot + workload (cpu) <= 50 KB", "log_per_gi",
         kb, lambda v: met(v, T_LOG_PER_GI), ISSUE_QEMU["log_per_gi"]),
        ("idle log growth < 2 KB/s", "idle_growth",
         lambda v: kb(v) + "/s" if v is not None else "-",
         lambda v: met(v, T_IDLE_GROWTH - 1e-9), ISSUE_QEMU["idle_growth"]),
    ]
    lines += ["", "Targets (rvreplay) and the same figures for QEMU:", "",
              "| target | rvreplay | met | QEMU 7.2 here | QEMU 7.2 (issue) "
              "|", "|---|--:|---|--:|---|"]
    for label, k, render, judge, issue in rows:
        v = get("rvreplay", k)
        lines.append("| %s | %s | %s | %s | %s |" % (
            label, render(v) if rv else "-", judge(v) if rv else "-",
            qemu_cell(k, render), issue))
    if bench.skips:
        lines += ["", "QEMU failures (n/a = failed in every round tried; "
                  "otherwise the figures are the rounds that worked):"]
        for key, reasons in sorted(bench.skips.items()):
            ok = len(res.get(key, []))
            lines.append("* %s %s: %s in %d of %d rounds; %s"
                         % (key[0], key[2], "n/a, failed" if not ok
                            else "failed", len(reasons), len(reasons) + ok,
                            "; ".join(reasons)))
    retyped = sum(r.get("retyped", 0) for k, rs in res.items()
                  if k[1] == "qemu" for r in rs)
    if retyped:
        lines += ["", "QEMU lost typed characters (UART input overrun) %d "
                  "times; each time the line was cancelled with Ctrl-C and "
                  "typed again." % retyped]
    lines += [
        "",
        "Stretches are timed from the console output on a pseudo-terminal; "
        "typing: one character per %g s in every session.  rvreplay run "
        "and record sleep through idle time in real time, replay skips it."
        % args.char_delay,
    ]
    busy = sorted({"%s/%s/%s" % k for k, rs in res.items()
                   if k[0] == "cpu" for r in rs
                   if r.get("cpu") is not None and r["wall"] > 0.2
                   and r["wall"] > 1.25 * r["cpu"]})
    if busy:
        lines.append("WARNING: host busy: the CPU-bound stretch's wall time "
                     "exceeded its CPU time by more than 25%% in %s; the CPU "
                     "figures are the fairer comparison." % ", ".join(busy))
    return lines


def main():
    ap = argparse.ArgumentParser(
        description="Record/replay benchmark: rvreplay vs QEMU 7.2 rr.")
    ap.add_argument("--repeat", type=int, default=3,
                    help="rounds; medians are shown (default 3)")
    ap.add_argument("--cases", default=",".join(CASES),
                    help="comma-separated subset of %s" % ",".join(CASES))
    ap.add_argument("--emulators", default="rvreplay,qemu",
                    help="comma-separated subset of rvreplay,qemu")
    ap.add_argument("--idle-seconds", type=float, default=30.0,
                    help="idle time at the prompt in the idle case (30)")
    ap.add_argument("--download-mib", type=int, default=4,
                    help="size of the net case's download (4 MiB)")
    ap.add_argument("--char-delay", type=float, default=0.01,
                    help="seconds between typed characters (0.01)")
    ap.add_argument("--output", type=Path,
                    help="also write the tables to this file (and the "
                    "per-round figures to the same name with .json)")
    ap.add_argument("--keep", action="store_true",
                    help="keep console logs and traces (directory printed)")
    args = ap.parse_args()
    args.cases = [c for c in args.cases.split(",") if c]
    args.emulators = [e for e in args.emulators.split(",") if e]
    if (not args.cases or set(args.cases) - set(CASES)
            or not args.emulators
            or set(args.emulators) - {"rvreplay", "qemu"}):
        ap.error("bad --cases or --emulators")
    if not 1 <= args.repeat <= 20 or not 0 < args.idle_seconds <= 600 \
            or not 1 <= args.download_mib <= 64 \
            or not 0 <= args.char_delay <= 0.1:
        ap.error("--repeat 1..20, --idle-seconds 0..600, --download-mib "
                 "1..64, --char-delay 0..0.1")
    b.exit_on_signals()
    tmp = tempfile.mkdtemp(prefix="rvreplay-bench-replay-")
    server = None
    try:
        try:
            orig = b.guest_dir()
            guest = b.private_guest(orig, tmp)
            rv = b.private_rvreplay(tmp) if "rvreplay" in args.emulators \
                else None
        except b.BenchError as e:
            print("replay.py: %s" % e, file=sys.stderr)
            return 2
        bench = Bench(args, tmp, guest, rv)
        bench.guest_name = os.path.basename(orig)
        if "net" in args.cases:
            www = os.path.join(tmp, "www")
            os.mkdir(www)
            blob = random.Random(42).randbytes(args.download_mib << 20)
            with open(os.path.join(www, "blob.bin"), "wb") as fh:
                fh.write(blob)
            bench.blob_sha = hashlib.sha256(blob).hexdigest()
            bench.port = free_port()
            server = subprocess.Popen(
                [sys.executable, "-m", "http.server", "--bind", "127.0.0.1",
                 "--directory", www, str(bench.port)],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL)
            if not wait_port(bench.port, 30):
                print("replay.py: the HTTP server did not start",
                      file=sys.stderr)
                return 2
        res = bench.run()
        text = "\n".join(report(bench, res)) + "\n"
        print(text, end="")
        if args.output:
            args.output.parent.mkdir(parents=True, exist_ok=True)
            args.output.write_text(text)
            raw = {"/".join(k): v for k, v in res.items()}
            raw["qemu_failures"] = {"/".join(k): v
                                    for k, v in bench.skips.items()}
            args.output.with_suffix(".json").write_text(
                json.dumps(raw, indent=1, sort_keys=True) + "\n")
        if bench.errors:
            print("replay.py: FAIL: %d rvreplay run(s) failed:\n%s"
                  % (len(bench.errors), "\n".join(bench.errors)),
                  file=sys.stderr)
            return 1
        return 0
    finally:
        if server:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=10)
        if args.keep:
            print("replay.py: files in %s" % tmp, file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def wait_port(port, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.2)
    return False


if __name__ == "__main__":
    sys.exit(main())
