#!/usr/bin/env python3
# Times the CPU benchmark kernels under rvreplay and QEMU; prints a table.
# SPDX-License-Identifier: MIT
#
# Run through bench/cpu.sh, which builds the kernels first.  For every
# kernel, each of three configurations runs --repeat times (interleaved, so
# a slow patch of the host affects them alike) and the median wall time is
# reported:
#   rvreplay      $RVREPLAY run --bios none --kernel K.elf --stats
#   qemu          $QEMU -M virt -bios none -kernel K.elf (plain TCG JIT)
#   qemu-icount   the same with -icount shift=0 (deterministic mode: QEMU
#                 counts every instruction, the mode its record/replay uses)
# Wall time is measured here with time.monotonic() around the whole process,
# so it includes start-up; the `startup` kernel (no work) gives that fixed
# cost.  Guest instruction counts come from rvreplay's --stats line.
#
# Every run must exit 0 and print "<kernel> checksum <hex>" with the value
# embedded in bench/kernels/<kernel>.c; rvreplay's instruction count must be
# the same in every repeat.  Anything else fails the benchmark (exit 1).
#
# Reference points (from the issue that asked for this benchmark): QEMU's
# JIT runs SHA-256 at ~3.8 G guest instructions/s; the RVVM 0.7
# interpreter reaches ~125 MIPS on SHA-256.
import argparse
import math
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

KERNEL_DIR = Path(__file__).resolve().parent / "kernels"
STARTUP = "startup"
STATS_RE = re.compile(
    r"rvreplay: instructions=(\d+) wall=([0-9.eE+-]+) mips=([0-9.eE+-]+)")
TIMEOUT_S = 600


class BenchError(Exception):
    """A run that failed, printed the wrong checksum, or was not repeatable."""


def expected_checksum(kernel):
    text = (KERNEL_DIR / f"{kernel}.c").read_text()
    m = re.search(r"^#define EXPECTED 0x([0-9a-fA-F]+)ULL", text, re.M)
    if not m:
        raise BenchError(f"{kernel}.c has no EXPECTED define")
    return int(m.group(1), 16)


def commands(config, elf):
    if config == "rvreplay":
        return [os.environ["RVREPLAY"], "run", "--bios", "none",
                "--kernel", str(elf), "--stats"]
    qemu = [os.environ["QEMU"], "-M", "virt", "-bios", "none",
            "-kernel", str(elf), "-nographic", "-serial", "stdio",
            "-monitor", "none"]
    if config == "qemu-icount":
        qemu += ["-icount", "shift=0"]
    return qemu


def run_once(kernel, config, elf):
    """Runs one configuration once; returns (wall s, CPU s, stats or None)."""
    cmd = commands(config, elf)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    try:
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                              capture_output=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise BenchError(f"{kernel} under {config}: timed out after "
                         f"{TIMEOUT_S} s")
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    out = proc.stdout.decode(errors="replace")
    err = proc.stderr.decode(errors="replace")
    want = f"{kernel} checksum {expected_checksum(kernel):016x}"
    if proc.returncode != 0 or want not in out.splitlines():
        raise BenchError(
            f"{kernel} under {config}: exit status {proc.returncode}, "
            f"wanted line '{want}'\n  command: {' '.join(cmd)}\n"
            f"  stdout: {out.strip()[:500]}\n  stderr: {err.strip()[:500]}")
    stats = None
    if config == "rvreplay":
        m = STATS_RE.search(err)
        if not m:
            raise BenchError(f"{kernel} under rvreplay: no --stats line on "
                             f"stderr: {err.strip()[:300]}")
        stats = (int(m.group(1)), float(m.group(2)), float(m.group(3)))
    return wall, cpu, stats


def measure(kernel, configs, elf, repeat):
    """Median wall and CPU time per configuration, rvreplay's counts."""
    walls = {c: [] for c in configs}
    cpus = {c: [] for c in configs}
    counts = []
    mips = []
    for _ in range(repeat):
        for config in configs:
            wall, cpu, stats = run_once(kernel, config, elf)
            walls[config].append(wall)
            cpus[config].append(cpu)
            if stats:
                counts.append(stats[0])
                mips.append(stats[2])
    if counts and len(set(counts)) != 1:
        raise BenchError(f"{kernel}: rvreplay instruction count differs "
                         f"between identical runs: {counts}")
    result = {
        "wall": {c: statistics.median(t) for c, t in walls.items()},
        "cpu": {c: statistics.median(t) for c, t in cpus.items()},
        "insns": counts[0] if counts else None,
        "mips": statistics.median(mips) if mips else None,
    }
    return result


def geomean(values):
    values = [v for v in values if v is not None and v > 0]
    if not values:
        return None
    return math.exp(sum(math.log(v) for v in values) / len(values))


def fmt(value, digits=2):
    if value is None:
        return "-"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:.{digits}f}"


def host_description():
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        qemu = subprocess.run([os.environ["QEMU"], "--version"],
                              capture_output=True, text=True,
                              timeout=30).stdout.splitlines()[0]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        qemu = "QEMU version unknown"
    return f"{cpu}, {os.cpu_count()} CPUs; {qemu}"


def render(rows, startup, clock, repeat):
    """The markdown table (and notes) for one clock, as a list of lines."""
    rows = [dict(r, **r[clock]) for r in rows]
    startup = dict(startup, **startup[clock])
    for r in rows:
        if clock == "cpu" and r["insns"] and r["rvreplay"] > 0:
            r["mips"] = r["insns"] / r["rvreplay"] / 1e6
        rv = r.get("rvreplay")
        r["ratio"] = rv / r["qemu"] if rv else None
        r["ratio_icount"] = rv / r["qemu-icount"] if rv else None

    lines = [
        f"CPU benchmark, {clock} time, median of {repeat} runs; "
        f"{host_description()}",
        "",
        "| kernel | guest insns | rvreplay s | rvreplay MIPS | qemu s "
        "| qemu-icount s | qemu start-up s | rvreplay/qemu "
        "| rvreplay/qemu-icount |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['kernel']} | {fmt(r['insns'])} | {fmt(r.get('rvreplay'))} "
            f"| {fmt(r['mips'], 0)} | {fmt(r['qemu'])} "
            f"| {fmt(r['qemu-icount'])} | {fmt(startup['qemu'])} "
            f"| {fmt(r['ratio'])} | {fmt(r['ratio_icount'])} |")

    def gm(key):
        return geomean([r.get(key) for r in rows])

    lines.append(
        f"| **geomean** | {fmt(round(gm('insns')) if gm('insns') else None)} "
        f"| {fmt(gm('rvreplay'))} | {fmt(gm('mips'), 0)} | {fmt(gm('qemu'))} "
        f"| {fmt(gm('qemu-icount'))} | {fmt(startup['qemu'])} "
        f"| {fmt(gm('ratio'))} | {fmt(gm('ratio_icount'))} |")
    if clock == "wall":
        mips_note = ("rvreplay MIPS is from its own --stats line "
                     "(execution only).")
    else:
        mips_note = ("rvreplay MIPS is guest instructions per CPU second "
                     "of the whole process.")
    return lines + [
        "",
        f"Times ({clock}) include process start-up; the empty `startup` "
        f"kernel takes rvreplay {fmt(startup.get('rvreplay'))} s, QEMU "
        f"{fmt(startup['qemu'])} s, QEMU -icount "
        f"{fmt(startup['qemu-icount'])} s.  {mips_note}  "
        "Ratios > 1 mean rvreplay is slower.",
        "Reference points: QEMU JIT ~3.8 G insns/s on SHA-256; "
        "RVVM 0.7 interpreter ~125 MIPS on SHA-256.",
    ]


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--elf-dir", required=True, type=Path)
    ap.add_argument("--repeat", type=int, default=3,
                    help="runs per configuration; the median is shown")
    ap.add_argument("--qemu-only", action="store_true",
                    help="skip rvreplay (while it does not exist yet)")
    ap.add_argument("--clock", choices=("wall", "cpu", "both"),
                    default="wall",
                    help="time shown: wall (default), the process's CPU "
                    "time (user+sys, steadier on a busy host), or both tables")
    ap.add_argument("--output", type=Path,
                    help="also write the table to this file")
    ap.add_argument("kernels", nargs="*",
                    help="kernels to run (default: all but startup)")
    args = ap.parse_args()

    kernels = args.kernels or sorted(
        p.stem for p in KERNEL_DIR.glob("*.c") if p.stem != STARTUP)
    configs = ["qemu", "qemu-icount"]
    if not args.qemu_only:
        configs.insert(0, "rvreplay")
        rv = os.environ["RVREPLAY"]
        if not os.access(rv, os.X_OK):
            print(f"cpu.py: {rv} not found or not executable "
                  "(build it, set RVREPLAY, or pass --qemu-only)",
                  file=sys.stderr)
            return 2
    for k in kernels + [STARTUP]:
        if not (args.elf_dir / f"{k}.elf").exists():
            print(f"cpu.py: no kernel {args.elf_dir / k}.elf", file=sys.stderr)
            return 2

    try:
        startup = measure(STARTUP, configs, args.elf_dir / f"{STARTUP}.elf",
                          args.repeat)
        rows = []
        for k in kernels:
            print(f"cpu.py: running {k}", file=sys.stderr, flush=True)
            r = measure(k, configs, args.elf_dir / f"{k}.elf", args.repeat)
            r["kernel"] = k
            rows.append(r)
    except BenchError as e:
        print(f"cpu.py: FAIL: {e}", file=sys.stderr)
        return 1

    clocks = ["wall", "cpu"] if args.clock == "both" else [args.clock]
    lines = []
    for clock in clocks:
        lines += render(rows, startup, clock, args.repeat) + [""]
    # A run whose wall time is well above its CPU time was waiting for a
    # host CPU: the numbers then say more about the load than the emulator.
    contended = sorted({
        f"{r['kernel']}/{c}" for r in rows for c in configs
        if r["wall"][c] > 1.25 * r["cpu"][c] and r["wall"][c] > 0.2})
    if contended:
        lines.append(
            "WARNING: host busy: wall time exceeded CPU time by more than "
            f"25% for {', '.join(contended)}; rerun on an idle machine"
            + (" or use --clock cpu." if args.clock == "wall" else "."))
    text = "\n".join(lines).rstrip("\n") + "\n"
    print(text, end="")
    if args.output:
        args.output.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
