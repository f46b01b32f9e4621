#!/usr/bin/env bash
# tests/machine/test_virtio_hostile.sh - hostile virtio drivers.
# SPDX-License-Identifier: MIT
#
# Builds the bare-metal programs in tests/machine/hostile/ (one per device:
# blk, net, rng) and runs each under rvreplay and, if built, its ASan/UBSan
# variant.  The programs hand the devices out-of-range indices, descriptor
# loops, buffers outside RAM or overlapping each other and the rings, bad
# indirect tables, bad queue geometry and malformed requests, and check that
# each device answers with DEVICE_NEEDS_RESET (or an error status where the
# request is well formed) and recovers after a reset; good requests are
# checked too, including an ARP exchange with the user-mode network (only
# the emulator's own loopback-confined slirp is involved).
# Pass = every program exits 0 (its verdict), the emulator survived, and it
# printed device warnings.  Exit 77 if the cross compiler is missing or the
# emulator has no --disk option yet.

set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

RVREPLAY=${RVREPLAY:-build/rvreplay}
BUILD=${BUILD:-build}
CC=riscv64-unknown-elf-gcc

if ! command -v "$CC" > /dev/null 2>&1; then
    echo "SKIP: $CC not found"
    exit 77
fi
if [ ! -x "$RVREPLAY" ]; then
    echo "SKIP: $RVREPLAY not built"
    exit 77
fi
if ! "$RVREPLAY" run --help 2>&1 | grep -q -- '--disk'; then
    echo "SKIP: $RVREPLAY run has no --disk option"
    exit 77
fi

OUT=$BUILD/hostile
mkdir -p "$OUT"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

for p in blk net rng; do
    "$CC" -march=rv64gc -mabi=lp64d -mcmodel=medany -nostdlib -nostartfiles \
        -ffreestanding -O2 -Wall -Wextra -Werror -Iguest/baremetal \
        -T guest/baremetal/link.ld -Wl,--no-warn-rwx-segments \
        guest/baremetal/crt0.S "tests/machine/hostile/$p.c" -o "$OUT/$p.elf"
done

# 1 MiB disk starting with the magic string blk.c reads back.
python3 - "$TMP/disk.img" <<'PYEOF'
import sys
d = bytearray(1 << 20)
m = b"RVREPLAY-HOSTILE-DISK"
d[:len(m)] = m
open(sys.argv[1], "wb").write(d)
PYEOF

emulators=("$RVREPLAY")
if [ -n "${RVREPLAY_ASAN:-}" ] && [ -x "$RVREPLAY_ASAN" ]; then
    emulators+=("$RVREPLAY_ASAN")
fi

fail=0
for emu in "${emulators[@]}"; do
    for p in blk net rng; do
        log=$TMP/$p.out
        err=$TMP/$p.err
        rc=0
        timeout 120 "$emu" run --bios none --kernel "$OUT/$p.elf" --mem 64M \
            --disk "$TMP/disk.img" --net user --max-insns 400000000 \
            > "$log" 2> "$err" || rc=$?
        warnings=$(grep -c 'device needs reset' "$err" || true)
        if [ "$rc" -ne 0 ] || ! grep -q 'hostile: all cases passed' "$log" ||
            [ "$warnings" -lt 3 ]; then
            echo "FAIL: $p under $emu: exit $rc, $warnings device warnings"
            grep -v ': ok$' "$log" | head -20 || true
            grep -v 'device needs reset' "$err" | head -20 || true
            fail=1
        else
            echo "ok: $p under $(basename "$emu"): $(grep -c ': ok$' "$log") cases, $warnings device warnings"
        fi
    done
done
# The disk must still hold the magic (blk.c writes only sector 1).
if ! head -c 21 "$TMP/disk.img" | grep -q RVREPLAY-HOSTILE-DISK; then
    echo "FAIL: sector 0 of the disk image changed"
    fail=1
fi
exit $fail
