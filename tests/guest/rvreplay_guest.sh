# tests/guest/rvreplay_guest.sh - common set-up of the tests that boot the
# Linux guest under rvreplay (sourced by tests/guest/test_*.sh).
# SPDX-License-Identifier: MIT
#
# Sets RVREPLAY (the emulator, default build/rvreplay), GUEST (the guest
# image directory: $RVREPLAY_GUEST, else guest/build.sh --print-dir),
# LOG_DIR (console logs, $BUILD/test-logs/guest) and exports RVREPLAY_GUEST
# so that `rvreplay run` without image options boots that guest.  Exits 77
# (skipped) when something the tests need is missing.  Run from the
# repository root (tests/run.sh does).

RVREPLAY=${RVREPLAY:-build/rvreplay}
DRIVER=tests/guest/console_driver.py
FIRMWARE=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin

if [ ! -x "$RVREPLAY" ]; then
    echo "SKIP: $RVREPLAY not built (make)"
    exit 77
fi
if [ ! -f "$DRIVER" ]; then
    echo "SKIP: $DRIVER missing"
    exit 77
fi
if [ ! -f "$FIRMWARE" ]; then
    echo "SKIP: $FIRMWARE missing (Debian package opensbi)"
    exit 77
fi
if [ -n "${RVREPLAY_GUEST:-}" ]; then
    GUEST=$RVREPLAY_GUEST
elif ! GUEST=$(guest/build.sh --print-dir 2> /dev/null | tail -n 1); then
    GUEST=
fi
if [ -z "$GUEST" ] || [ ! -f "$GUEST/Image" ] ||
    [ ! -f "$GUEST/initramfs.cpio.gz" ]; then
    echo "SKIP: guest image not built (make guest)"
    exit 77
fi
export RVREPLAY_GUEST=$GUEST

LOG_DIR=${BUILD:-build}/test-logs/guest
mkdir -p "$LOG_DIR"

# drive NAME STEPS... -- COMMAND...: runs console_driver.py with the console
# log in $LOG_DIR/NAME.log; prints the emulator's stderr on failure.
drive() {
    local name=$1 rc
    shift
    python3 "$DRIVER" --timeout 120 --log "$LOG_DIR/$name.log" \
        --stderr "$LOG_DIR/$name.stderr" "$@"
    rc=$?
    if [ "$rc" != 0 ]; then
        echo "FAIL $name (console log $LOG_DIR/$name.log); emulator stderr:"
        cat "$LOG_DIR/$name.stderr"
    else
        echo "ok   $name: $(tail -n 1 "$LOG_DIR/$name.stderr")"
    fi
    return "$rc"
}
