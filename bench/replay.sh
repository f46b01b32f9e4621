#!/bin/bash
# Record/replay benchmark: rvreplay run vs record vs replay (overhead, replay
# speed, log size per guest second and per 1e9 instructions) next to QEMU
# 7.2's -icount rr=record/rr=replay on the same guest, with the targets.
# SPDX-License-Identifier: MIT
#
# Runs bench/replay.py (see its docstring and bench/README.md): four cases
# (CPU-bound workload, 30 s idle at the prompt, boot + poweroff, a guest
# wget of 4 MiB from a loopback-only HTTP server on this host), --repeat
# rounds (default 3) interleaved, about 10 minutes in all.  Prints markdown
# tables.  Exit status: 0 = every rvreplay run, record and replay
# succeeded (QEMU modes that cannot do a case are reported as n/a), 1 = an
# rvreplay session failed (its trace is kept under $BUILD/bench), 2 =
# setup error.
#
# Environment: RVREPLAY (default build/rvreplay), QEMU (default
# qemu-system-riscv64), QEMU_BIOS (default OpenSBI's fw_jump.bin),
# RVREPLAY_GUEST (default: guest/build.sh --print-dir), BUILD (default
# build).  Arguments go to replay.py (`bench/replay.sh --help`).
set -eu
cd "$(dirname "$0")/.."
export BUILD="${BUILD:-build}"
export RVREPLAY="${RVREPLAY:-$BUILD/rvreplay}"
export QEMU="${QEMU:-qemu-system-riscv64}"
exec python3 bench/replay.py "$@"
