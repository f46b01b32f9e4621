#!/usr/bin/env bash
# tests/guest/test_reboot.sh - reboot the Linux guest under rvreplay.
# SPDX-License-Identifier: MIT
#
# `reboot -f` reaches OpenSBI's system reset, the test finisher requests a
# reset, and rvreplay resets the machine and boots the same images again
# (as QEMU without -no-reboot): firmware and kernel banners appear a second
# time, the shell works, and poweroff -f then ends the run with status 0.
# Run on 2 harts so that secondary harts are reset too.
# Exit status: 0 pass, 1 fail, 77 skipped (no guest, no firmware).

set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
. tests/guest/rvreplay_guest.sh

drive reboot \
    -e "expect rvreplay guest ready" \
    -e "prompt" \
    -e "run echo before-reboot > /tmp/mark" \
    -e "send reboot -f" \
    -e "expect reboot: Restarting system" \
    -e "expect OpenSBI v" \
    -e "expect Linux version" \
    -e "expect rvreplay guest ready" \
    -e "prompt" \
    -e "check echo nproc=\$(nproc) => nproc=2" \
    -e "check cat /tmp/mark 2>&1 | tr a-z A-Z => NO SUCH FILE" \
    -e "send poweroff -f" \
    -e "exit 0" \
    -- "$RVREPLAY" run --smp 2 --stats || exit 1

# Two boots, no more (a reset loop would also show two banners).
log=${LOG_DIR}/reboot.log
if [ "$(grep -c 'rvreplay guest ready' "$log")" != 2 ]; then
    echo "FAIL the guest did not boot exactly twice"
    exit 1
fi
