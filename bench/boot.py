#!/usr/bin/env python3
# Boots the Linux guest under rvreplay and QEMU, runs a scripted workload,
# prints a table of wall and CPU times (the "virt machine" benchmark).
# SPDX-License-Identifier: MIT
"""Boot + workload benchmark (run through bench/boot.sh).

For each of --repeat rounds (default 3), interleaved so a busy patch of the
host hits every configuration alike:

  rvreplay      $RVREPLAY run --stats   (the default guest; idle time is
                real time in run mode, so phases are timed from the console)
  qemu          $QEMU -M virt -smp 1 -m 256M -bios fw_jump.bin -kernel Image
                -initrd initramfs.cpio.gz -append "console=ttyS0
                earlycon=sbi" -nographic -no-reboot
  qemu-icount   the same with -icount shift=auto (plus a QMP socket to read
                QEMU's instruction count with query-replay)
  rvreplay boot-only   boot to the prompt and power off at once: its
                --stats count, subtracted from the full run's, splits
                rvreplay's instructions into boot and workload

Each configuration runs on a pseudo-terminal (tests/guest/console_driver.py).
Times: "to prompt" = process start until the shell prompt appears;
"workload" = prompt until the workload's end marker appears (the command
line is typed right after the prompt); "total" = process start until the
emulator exited after `poweroff -f`.  CPU time (user + sys of the emulator
process, all threads) is sampled from /proc/PID/stat at the same moments
and from getrusage at exit.  The workload prints checksums that are checked
against values computed here on the host; a wrong checksum fails the run.

This file is also the library of bench/replay.py (guest lookup, QEMU command
lines, timed console sessions, QMP).
"""
import argparse
import hashlib
import json
import os
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.dont_write_bytecode = True   # no __pycache__ next to the sources
BENCH_DIR = Path(__file__).resolve().parent
os.environ.setdefault("QEMU", "qemu-system-riscv64")
ROOT = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))
sys.path.insert(0, str(ROOT / "tests" / "guest"))
from console_driver import Console, ConsoleError, exit_on_signals  # noqa: E402
from cpu import STATS_RE, fmt, host_description  # noqa: E402,F401

PROMPT = "~ # "
BANNER = "rvreplay guest ready"
BIOS_QEMU = "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin"
APPEND = "console=ttyS0 earlycon=sbi"
BOOT_TIMEOUT = 300.0
CMD_TIMEOUT = 300.0
CLK_TCK = os.sysconf("SC_CLK_TCK")

# The workload: busybox pipelines on tmpfs, deterministic, ~2 s under plain
# QEMU on the reference machine.  Round trips through the compressors are
# checked (their compressed bytes may differ between implementations, the
# decompressed data may not).  Kept short: QEMU's record loses characters
# of long typed lines.
WORKLOAD = ("cd /tmp;seq 1 100000 >s;for c in gzip bzip2 lzop;do $c -c s"
            "|$c -d|sha256sum;done;sha256sum s;sort -r s|md5sum;"
            "dd if=/dev/zero bs=1M count=4 2>/dev/null|gzip|gunzip|md5sum;"
            "rm s;cd /")
START = "WLSTART-42"
END = "WLEND-42"


def workload_line(rounds=1):
    """The command typed at the prompt.  Markers are computed by the shell
    so that the echoed command line never matches them.  rounds 0 runs
    only the markers (a line of the same length)."""
    return ("echo WLSTART-$((6*7));if [ %d = 1 ];then %s;fi;"
            "echo WLEND-$((6*7))" % (1 if rounds else 0, WORKLOAD))


def expected_workload_lines():
    """The lines the workload prints, computed on the host."""
    seq = "".join("%d\n" % i for i in range(1, 100001)).encode()
    lines = seq.split(b"\n")[:-1]
    rsorted = b"".join(x + b"\n" for x in sorted(lines, reverse=True))
    sha = hashlib.sha256(seq).hexdigest()
    return [
        sha + "  -",
        sha + "  -",
        sha + "  -",
        sha + "  s",
        hashlib.md5(rsorted).hexdigest() + "  -",
        hashlib.md5(bytes(4 << 20)).hexdigest() + "  -",
    ]


class BenchError(Exception):
    """A run failed, printed wrong output or could not be set up."""


def check_workload_output(text, what):
    """Raises BenchError unless text (console output between the markers)
    holds the expected lines in order."""
    got = [ln.strip() for ln in text.replace("\r", "").split("\n")]
    got = [ln for ln in got if ln]
    want = expected_workload_lines()
    it = iter(got)
    for w in want:
        if not any(g == w for g in it):
            raise BenchError("%s: workload output lacks %r; got:\n%s"
                             % (what, w, "\n".join(got[-12:])))


# -- setup ---------------------------------------------------------------

def guest_dir():
    """The built guest: $RVREPLAY_GUEST, else guest/build.sh --print-dir."""
    env = os.environ.get("RVREPLAY_GUEST")
    if env:
        d = env
    else:
        try:
            p = subprocess.run([str(ROOT / "guest" / "build.sh"),
                                "--print-dir"], capture_output=True,
                               text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired) as e:
            raise BenchError("cannot run guest/build.sh: %s" % e)
        lines = p.stdout.strip().splitlines()
        if p.returncode != 0 or not lines:
            raise BenchError("guest not built (run 'make guest')")
        d = lines[-1]
    for f in ("Image", "initramfs.cpio.gz"):
        if not os.path.isfile(os.path.join(d, f)):
            raise BenchError("guest directory %s has no %s" % (d, f))
    return d


def private_guest(guest, tmp):
    """Copies the guest's kernel and initramfs into tmp: the guest cache may
    be replaced (and the old directory removed) while the benchmark runs.
    rvreplay finds them through RVREPLAY_GUEST."""
    dst = os.path.join(tmp, "guest")
    os.makedirs(dst, exist_ok=True)
    for f in ("Image", "initramfs.cpio.gz"):
        shutil.copy2(os.path.join(guest, f), os.path.join(dst, f))
    return dst


def type_line(console, line, char_delay, timeout=None):
    """Types line, waits until the shell has echoed all of it (line wrapping
    adds CR/LF), then presses Enter.  ConsoleError if the echo never
    matches: a character was lost on the way (QEMU drops bytes the UART FIFO
    cannot take)."""
    console.send(line)
    rx = "".join(re.escape(ch) + r"[\r\n]*" for ch in line)
    if timeout is None:
        timeout = 15.0 + 2 * len(line) * char_delay
    try:
        console.expect_re(rx, timeout)
    except ConsoleError as e:
        if "timeout" not in str(e):
            raise
        raise ConsoleError("the typed line was not echoed in full within "
                           "%.0f s (a character was lost); console ends "
                           "with %r" % (timeout, console.buf[-160:]))
    console.send(console.newline)


def private_rvreplay(tmp):
    """Copies $RVREPLAY into tmp, so that a rebuild while the benchmark runs
    cannot mix two versions (a record and its replay above all)."""
    rv = os.environ.get("RVREPLAY", str(ROOT / "build" / "rvreplay"))
    if not os.access(rv, os.X_OK):
        raise BenchError("%s not found or not executable (build it or set "
                         "RVREPLAY)" % rv)
    dst = os.path.join(tmp, "rvreplay")
    shutil.copy2(rv, dst)
    return dst


def qemu_bin():
    return os.environ.get("QEMU", "qemu-system-riscv64")


def qemu_argv(guest, console="nographic", extra=()):
    """QEMU's command line for the guest.  console="nographic" is the
    issue's command line; "serial" puts only the UART on stdio (what QEMU's
    record/replay needs: with -nographic the monitor mux's input is
    recorded but not replayed)."""
    argv = [qemu_bin(), "-M", "virt", "-smp", "1", "-m", "256M",
            "-bios", os.environ.get("QEMU_BIOS", BIOS_QEMU),
            "-kernel", os.path.join(guest, "Image"),
            "-initrd", os.path.join(guest, "initramfs.cpio.gz"),
            "-append", APPEND]
    if console == "nographic":
        argv += ["-nographic"]
    else:
        argv += ["-display", "none", "-serial", "stdio", "-monitor", "none"]
    return argv + ["-no-reboot"] + list(extra)


def qmp_query_icount(path, timeout=10.0):
    """QEMU's instruction count (query-replay) through the QMP socket, or
    None (plain TCG without -icount reports 0)."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(timeout)
            s.connect(path)
            f = s.makefile("rw")
            f.readline()
            f.write(json.dumps({"execute": "qmp_capabilities"}) + "\n")
            f.flush()
            f.readline()
            f.write(json.dumps({"execute": "query-replay"}) + "\n")
            f.flush()
            for _ in range(20):
                r = json.loads(f.readline())
                if "return" in r:
                    n = r["return"].get("icount")
                    return n if n else None
                if "error" in r:
                    return None
    except (OSError, ValueError):
        return None
    return None


def proc_cpu(pid):
    """User + system CPU seconds of a running process (all threads)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK
    except (OSError, IndexError, ValueError):
        return None


def children_cpu():
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


class Session:
    """One emulator process on a console, with timestamps (wall since the
    start and the process's CPU time) taken at named moments."""

    def __init__(self, argv, log_path, char_delay=0.0, env=None):
        self.argv = argv
        self.marks = {}
        self.cpu0 = children_cpu()
        self.console = Console(argv, log_path=log_path, env=env,
                               char_delay=char_delay, prompt=PROMPT)
        self.wall = None
        self.cpu = None
        self.rc = None
        self.closed = False

    def mark(self, name):
        c = self.console
        self.marks[name] = (c.elapsed(), proc_cpu(c.proc.pid))

    def expect(self, text, timeout, mark=None):
        out = self.console.expect(text, timeout)
        if mark:
            self.mark(mark)
        return out

    def interval(self, a, b):
        """(wall, CPU) seconds between two marks ("start" = process start)."""
        wa, ca = (0.0, 0.0) if a == "start" else self.marks[a]
        wb, cb = self.marks[b]
        cpu = cb - ca if cb is not None and ca is not None else None
        return wb - wa, cpu

    def finish(self, timeout):
        """Waits for the emulator to exit; returns its exit status."""
        self.rc = self.console.wait_exit(timeout)
        self.wall = self.console.elapsed()
        self.close()
        self.cpu = children_cpu() - self.cpu0
        return self.rc

    def stderr(self):
        return self.console.stderr_text()

    def close(self):
        """Kills the emulator if it still runs; closes the console once
        (closing twice could close a descriptor reused meanwhile)."""
        if not self.closed:
            self.closed = True
            self.console.close()

    def fail(self, what, err):
        tail = self.console.tail(800)
        stderr = self.stderr().strip()[-800:]
        self.close()
        return BenchError("%s: %s\n%s\n  stderr: %s" % (what, err, tail,
                                                         stderr))


# -- the boot benchmark ----------------------------------------------------

def boot_run(config, guest, rv, tmp, round_no):
    """One boot (+ workload) session; returns a dict of figures."""
    qmp = None
    extra_env = dict(os.environ, RVREPLAY_GUEST=guest)
    if config in ("rvreplay", "rvreplay-boot"):
        argv = [rv, "run", "--stats"]
    elif config == "qemu":
        argv = qemu_argv(guest)
    else:
        qmp = os.path.join(tmp, "qmp.sock")
        if os.path.exists(qmp):
            os.unlink(qmp)
        argv = qemu_argv(guest, extra=["-icount", "shift=auto", "-qmp",
                                       "unix:%s,server=on,wait=off" % qmp])
    log = os.path.join(tmp, "boot-%s-%d.log" % (config, round_no))
    what = "%s (round %d, console log %s)" % (config, round_no, log)
    s = Session(argv, log, env=extra_env)
    r = {}
    try:
        return boot_session(s, config, qmp, what, r)
    finally:
        s.close()


def boot_session(s, config, qmp, what, r):
    try:
        s.expect(PROMPT, BOOT_TIMEOUT, mark="prompt")
        if qmp:
            r["insns_prompt"] = qmp_query_icount(qmp)
        if config != "rvreplay-boot":
            s.console.sendline(workload_line())
            s.expect(START, CMD_TIMEOUT)
            out = s.expect(END, CMD_TIMEOUT, mark="done")
            check_workload_output(out, what)
            s.expect(PROMPT, CMD_TIMEOUT)
            if qmp:
                r["insns_end"] = qmp_query_icount(qmp)
        s.console.sendline("poweroff -f")
        rc = s.finish(120)
    except ConsoleError as e:
        raise s.fail(what, e)
    if rc != 0:
        raise BenchError("%s: exit status %s\n%s" % (what, rc,
                                                      s.stderr()[-800:]))
    r["wall_prompt"], r["cpu_prompt"] = s.interval("start", "prompt")
    if config != "rvreplay-boot":
        r["wall_work"], r["cpu_work"] = s.interval("prompt", "done")
    r["wall_total"], r["cpu_total"] = s.wall, s.cpu
    if config.startswith("rvreplay"):
        m = STATS_RE.search(s.stderr())
        if not m:
            raise BenchError("%s: no --stats line on stderr: %s"
                             % (what, s.stderr()[-300:]))
        r["insns_total"] = int(m.group(1))
    if qmp and r.get("insns_prompt") and r.get("insns_end"):
        r["insns_work"] = r["insns_end"] - r["insns_prompt"]
    return r


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def ratio(a, b):
    return a / b if a is not None and b else None


def boot_table(res, repeat, clock):
    """Markdown lines for one clock ("wall" or "cpu")."""
    names = {"rvreplay": "rvreplay run",
             "qemu": "qemu (TCG)",
             "qemu-icount": "qemu -icount shift=auto"}
    med = {c: {k: median([r.get(k) for r in rs]) for k in
               ("wall_prompt", "wall_work", "wall_total", "cpu_prompt",
                "cpu_work", "cpu_total", "insns_total", "insns_prompt",
                "insns_work")}
           for c, rs in res.items()}
    rv = med.get("rvreplay")
    if rv and "rvreplay-boot" in med:
        boot = med["rvreplay-boot"]["insns_total"]
        rv["insns_prompt"] = boot
        if boot is not None and rv["insns_total"] is not None:
            rv["insns_work"] = rv["insns_total"] - boot
    k = "wall" if clock == "wall" else "cpu"
    lines = [
        "| emulator | to prompt s | workload s | total s | guest insns "
        "to prompt | guest insns workload | workload MIPS |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    for c in ("rvreplay", "qemu", "qemu-icount"):
        if c not in med:
            continue
        m = med[c]
        mips = ratio(m["insns_work"], m["%s_work" % k])
        lines.append("| %s | %s | %s | %s | %s | %s | %s |" % (
            names[c], fmt(m["%s_prompt" % k]), fmt(m["%s_work" % k]),
            fmt(m["%s_total" % k]),
            fmt(int(m["insns_prompt"])) if m["insns_prompt"] else "-",
            fmt(int(m["insns_work"])) if m["insns_work"] else "-",
            fmt(mips / 1e6, 0) if mips else "-"))
    if rv:
        for q in ("qemu", "qemu-icount"):
            if q not in med:
                continue
            lines.append("| rvreplay / %s | %s | %s | %s | | | |" % (
                names[q],
                fmt(ratio(rv["%s_prompt" % k], med[q]["%s_prompt" % k])),
                fmt(ratio(rv["%s_work" % k], med[q]["%s_work" % k])),
                fmt(ratio(rv["%s_total" % k], med[q]["%s_total" % k]))))
    return lines


def contention_warning(res):
    """Names of runs whose CPU-bound workload waited for a host CPU."""
    busy = set()
    for c, rs in res.items():
        for r in rs:
            w, cpu = r.get("wall_work"), r.get("cpu_work")
            if w and cpu is not None and w > 0.2 and w > 1.25 * cpu:
                busy.add(c)
    return sorted(busy)


def main():
    ap = argparse.ArgumentParser(
        description="Boot + workload benchmark: rvreplay vs QEMU.")
    ap.add_argument("--repeat", type=int, default=3,
                    help="rounds; medians are shown (default 3)")
    ap.add_argument("--qemu-only", action="store_true",
                    help="skip rvreplay")
    ap.add_argument("--output", type=Path,
                    help="also write the tables to this file")
    ap.add_argument("--keep", action="store_true",
                    help="keep the console logs (printed directory)")
    args = ap.parse_args()
    if not 1 <= args.repeat <= 50:
        ap.error("--repeat must be 1..50")
    exit_on_signals()
    tmp = tempfile.mkdtemp(prefix="rvreplay-bench-boot-")
    try:
        try:
            orig = guest_dir()
            guest = private_guest(orig, tmp)
            configs = ["qemu", "qemu-icount"]
            rv = None
            if not args.qemu_only:
                rv = private_rvreplay(tmp)
                configs = ["rvreplay", "rvreplay-boot"] + configs
        except BenchError as e:
            print("boot.py: %s" % e, file=sys.stderr)
            return 2
        res = {c: [] for c in configs}
        try:
            for i in range(args.repeat):
                for c in configs:
                    print("boot.py: round %d/%d: %s" % (i + 1, args.repeat,
                                                        c),
                          file=sys.stderr, flush=True)
                    res[c].append(boot_run(c, guest, rv, tmp, i + 1))
        except BenchError as e:
            print("boot.py: FAIL: %s" % e, file=sys.stderr)
            print("boot.py: console logs kept in %s" % tmp, file=sys.stderr)
            args.keep = True
            return 1
        lines = ["Boot benchmark: Linux 6.1 + busybox guest (%s), median "
                 "of %d runs; %s" % (os.path.basename(orig), args.repeat,
                                     host_description()),
                 ""]
        for clock in ("wall", "cpu"):
            lines.append("%s time:" % ("Wall" if clock == "wall" else
                                       "CPU (user + sys of the emulator)"))
            lines.append("")
            lines += boot_table(res, args.repeat, clock) + [""]
        lines += [
            "to prompt = start until `~ # ` appears; workload = prompt until "
            "its end marker (busybox gzip/sha256sum/sort/bzip2/lzop on "
            "tmpfs, checksums verified); total = start until exit after "
            "`poweroff -f`.  rvreplay's instruction counts come from "
            "--stats (to prompt = a boot-only run, incl. poweroff; workload "
            "= full run minus that); QEMU's from QMP query-replay (icount "
            "mode only).  Ratios > 1 mean rvreplay is slower.  rvreplay "
            "boots with fw_dynamic.bin, QEMU with fw_jump.bin.",
        ]
        busy = contention_warning(res)
        if busy:
            lines.append(
                "WARNING: host busy: the workload's wall time exceeded its "
                "CPU time by more than 25%% for %s; the CPU-time table is "
                "the fairer comparison." % ", ".join(busy))
        text = "\n".join(lines) + "\n"
        print(text, end="")
        if args.output:
            args.output.parent.mkdir(parents=True, exist_ok=True)
            args.output.write_text(text)
        return 0
    finally:
        if args.keep:
            print("boot.py: files in %s" % tmp, file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
