#!/bin/sh
# Build every tests/isa/*.S into build/isa/ and run each under QEMU (and,
# with --rvreplay, under build/rvreplay too); print one pass/fail line each.
# SPDX-License-Identifier: MIT
#
# Usage: tests/isa/build-and-run-qemu.sh [--rvreplay] [test-name ...]
# Run from the repository root.  Exit status 0 when everything passed.
# RVREPLAY=path overrides the emulator binary (default build/rvreplay).

set -u
cd "$(dirname "$0")/../.." || exit 2
use_rvreplay=0
rvreplay=${RVREPLAY:-build/rvreplay}
if [ "${1:-}" = "--rvreplay" ]; then
    use_rvreplay=1
    shift
fi
out=build/isa
mkdir -p "$out"
CC=riscv64-unknown-elf-gcc
CFLAGS="-march=rv64gc -mabi=lp64d -nostdlib -nostartfiles -T guest/baremetal/link.ld -Wl,--no-warn-rwx-segments -Itests/isa"

if [ $# -gt 0 ]; then
    tests=""
    for t in "$@"; do
        tests="$tests tests/isa/${t%.S}.S"
    done
else
    tests=$(ls tests/isa/*.S)
fi

failed=0
for src in $tests; do
    name=$(basename "$src" .S)
    elf="$out/$name.elf"
    if ! $CC $CFLAGS "$src" -o "$elf" 2>"$out/$name.build.log"; then
        echo "BUILD-FAIL $name (see $out/$name.build.log)"
        failed=1
        continue
    fi
    timeout 20 qemu-system-riscv64 -M virt -bios none -kernel "$elf" \
        -nographic -serial stdio -monitor none >"$out/$name.qemu.log" 2>&1
    rc=$?
    if [ $rc -eq 0 ]; then
        res="pass"
    else
        res="FAIL($rc) $(head -c 200 "$out/$name.qemu.log" | tr '\n' ' ')"
        failed=1
    fi
    line="qemu: $res"
    if [ $use_rvreplay -eq 1 ]; then
        timeout 120 "$rvreplay" run --bios none --kernel "$elf" \
            --max-insns 100000000 >"$out/$name.rvreplay.log" 2>&1
        rc=$?
        if [ $rc -eq 0 ]; then
            res="pass"
        else
            res="FAIL($rc) $(head -c 200 "$out/$name.rvreplay.log" | tr '\n' ' ')"
            failed=1
        fi
        line="$line  rvreplay: $res"
    fi
    printf '%-16s %s\n' "$name" "$line"
done
exit $failed
