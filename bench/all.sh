#!/bin/bash
# Runs every benchmark in turn (what `make bench` should run): the CPU
# kernels (bench/cpu.sh), boot + workload (bench/boot.sh) and record/replay
# (bench/replay.sh).
# SPDX-License-Identifier: MIT
#
# Each benchmark prints its markdown tables and also writes them to
# $BUILD/bench/{cpu,boot,replay}.md (BUILD defaults to build).  A failing
# benchmark does not stop the others; the exit status is the first non-zero
# status of the three (1 = a run failed, 2 = setup error such as a missing
# rvreplay binary or guest), else 0.  Takes roughly 12-15 minutes on the
# 2-CPU reference machine (replay.sh alone about 10).  Environment:
# RVREPLAY, QEMU, BUILD, RVREPLAY_GUEST as the individual scripts document.
set -u
cd "$(dirname "$0")/.." || exit 2
export BUILD="${BUILD:-build}"
out="$BUILD/bench"
mkdir -p "$out"
status=0
for bench in cpu boot replay; do
    echo "== bench/$bench.sh =="
    start=$(date +%s)
    bench/$bench.sh --output "$out/$bench.md"
    rc=$?
    echo "== bench/$bench.sh: exit $rc after $(( $(date +%s) - start )) s =="
    echo
    if [ "$rc" -ne 0 ] && [ "$status" -eq 0 ]; then
        status=$rc
    fi
done
exit "$status"
