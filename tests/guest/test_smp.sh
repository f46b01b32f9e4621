#!/usr/bin/env bash
# tests/guest/test_smp.sh - boot Linux on 4 harts under rvreplay.
# SPDX-License-Identifier: MIT
#
# --smp 4: the kernel brings up 4 CPUs, nproc prints 4, four busy shell
# loops run in parallel to completion (scheduling, IPIs, remote fences
# through OpenSBI), then poweroff -f ends the run with status 0.
# Exit status: 0 pass, 1 fail, 77 skipped (no guest, no firmware).

set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
. tests/guest/rvreplay_guest.sh

loop='i=0; while [ $i -lt 3000 ]; do i=$((i+1)); done'
drive smp4 \
    -e "expect smp: Brought up 1 node, 4 CPUs" \
    -e "expect rvreplay guest ready" \
    -e "prompt" \
    -e "check echo nproc=\$(nproc) => nproc=4" \
    -e "check for n in 1 2 3 4; do ($loop; echo loop-\$n) & done; wait; echo all-\$((2+2))-done => all-4-done" \
    -e "check echo cpus=\$(grep -c ^processor /proc/cpuinfo) => cpus=4" \
    -e "send poweroff -f" \
    -e "exit 0" \
    -- "$RVREPLAY" run --smp 4 --stats
