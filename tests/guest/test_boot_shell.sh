#!/usr/bin/env bash
# tests/guest/test_boot_shell.sh - boot OpenSBI + Linux to the busybox shell
# under rvreplay and use it.
# SPDX-License-Identifier: MIT
#
#   1. `rvreplay run` with no image options (the default guest): OpenSBI
#      banner, Linux uses Sstc, the shell prompt, echo marker-$((6*7)),
#      cat /proc/cpuinfo, poweroff -f, exit status 0;
#   2. the same images given explicitly (--bios, --kernel, --initrd,
#      --append, --dtb-out) under the ASan/UBSan build if it exists: the
#      written device tree is a valid blob, the shell works, poweroff.
# Exit status: 0 pass, 1 fail, 77 skipped (no guest, no firmware).

set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
. tests/guest/rvreplay_guest.sh

status=0
drive boot-shell \
    -e "expect OpenSBI v" \
    -e "expect Timer interrupt in S-mode is available via sstc extension" \
    -e "expect rvreplay guest ready" \
    -e "prompt" \
    -e "check uname -a => riscv64" \
    -e "check echo marker-\$((6*7)) => marker-42" \
    -e "check cat /proc/cpuinfo => rv64imafdc" \
    -e "check echo cpus=\$(grep -c ^processor /proc/cpuinfo) => cpus=1" \
    -e "send poweroff -f" \
    -e "exit 0" \
    -- "$RVREPLAY" run --stats || status=1

ASAN=${RVREPLAY_ASAN:-build-asan/rvreplay}
if [ -x "$ASAN" ]; then
    dtb=$LOG_DIR/boot-shell-asan.dtb
    rm -f "$dtb"
    drive boot-shell-asan \
        -e "timeout 600" \
        -e "expect rvreplay guest ready" \
        -e "prompt" \
        -e "check cat /proc/cmdline => console=ttyS0 quiet" \
        -e "check echo marker-\$((6*7)) => marker-42" \
        -e "send poweroff -f" \
        -e "exit 0" \
        -- "$ASAN" run --stats --bios "$FIRMWARE" --kernel "$GUEST/Image" \
        --initrd "$GUEST/initramfs.cpio.gz" --append "console=ttyS0 quiet" \
        --dtb-out "$dtb" || status=1
    # A flattened device tree starts with the magic 0xd00dfeed.
    if [ "$(od -An -tx1 -N4 "$dtb" 2> /dev/null | tr -d ' ')" != d00dfeed ]; then
        echo "FAIL --dtb-out did not write a device tree blob to $dtb"
        status=1
    fi
else
    echo "note: $ASAN not built, ASan boot skipped"
fi
exit "$status"
