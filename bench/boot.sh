#!/bin/bash
# Boot benchmark: time to the shell prompt and a scripted in-guest workload,
# rvreplay vs QEMU (plain TCG and -icount shift=auto) on the same guest.
# SPDX-License-Identifier: MIT
#
# Runs bench/boot.py (see its docstring and bench/README.md), which boots the
# Linux guest built by `make guest` under `rvreplay run` and under
# qemu-system-riscv64 with the same kernel and initramfs, --repeat times
# (default 3) interleaved, and prints markdown tables of median wall and CPU
# times, ratios and rvreplay's guest instruction counts.  Exit status: 0 =
# every run booted, printed the expected checksums and powered off, 1 = a
# run failed, 2 = setup error (no rvreplay, guest not built).
#
# Environment: RVREPLAY (default build/rvreplay), QEMU (default
# qemu-system-riscv64), QEMU_BIOS (default OpenSBI's fw_jump.bin),
# RVREPLAY_GUEST (default: guest/build.sh --print-dir).  Arguments go to
# boot.py (`bench/boot.sh --help`).
set -eu
cd "$(dirname "$0")/.."
export RVREPLAY="${RVREPLAY:-${BUILD:-build}/rvreplay}"
export QEMU="${QEMU:-qemu-system-riscv64}"
exec python3 bench/boot.py "$@"
