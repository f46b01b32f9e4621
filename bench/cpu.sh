#!/bin/bash
# CPU benchmark: guest MIPS of rvreplay vs QEMU TCG on bare-metal kernels.
# SPDX-License-Identifier: MIT
#
# Builds bench/kernels/*.c into $BUILD/bench/ (only when a source is newer
# than its ELF), then runs bench/cpu.py, which times each kernel under
# rvreplay, plain QEMU TCG and QEMU -icount shift=0 and prints a markdown
# table.  Exit status: 0 = every run printed the expected checksum and
# passed, 1 = a kernel failed or a checksum differed, 2 = setup error.
#
# Environment: RVREPLAY (default build/rvreplay), QEMU (default
# qemu-system-riscv64), RISCV_CC (default riscv64-unknown-elf-gcc),
# BUILD (default build).  `--build-only` stops after building; other
# arguments are passed to cpu.py (see `bench/cpu.sh --help`).  Reproduce
# with `make bench` or run directly.
set -eu
cd "$(dirname "$0")/.."

build=${BUILD:-build}
cc=${RISCV_CC:-riscv64-unknown-elf-gcc}
out="$build/bench"
mkdir -p "$out"

# The team's bare-metal flags plus -O2; -ffp-contract=off keeps matmul's
# floating point bit-exact with the host cross-check (FMA only where the
# source asks for it); -fno-math-errno lets sqrt be one instruction.
cflags="-march=rv64gc -mabi=lp64d -mcmodel=medany -nostdlib -nostartfiles \
-ffreestanding -T guest/baremetal/link.ld -Wl,--no-warn-rwx-segments \
-O2 -ffp-contract=off -fno-math-errno -std=c11 -Wall -Wextra -Werror \
-Iguest/baremetal"
common="bench/kernels/bench.h guest/baremetal/crt0.S guest/baremetal/baremetal.h \
guest/baremetal/link.ld bench/cpu.sh"

for src in bench/kernels/*.c; do
    name=$(basename "$src" .c)
    elf="$out/$name.elf"
    stale=0
    if [ ! -e "$elf" ]; then
        stale=1
    else
        for dep in "$src" $common; do
            if [ "$dep" -nt "$elf" ]; then
                stale=1
            fi
        done
    fi
    if [ "$stale" = 1 ]; then
        echo "cpu.sh: building $elf" >&2
        # shellcheck disable=SC2086 # word splitting of flags is intended
        if ! $cc $cflags -o "$elf" guest/baremetal/crt0.S "$src"; then
            echo "cpu.sh: failed to build $src" >&2
            exit 2
        fi
    fi
done

if [ "${1:-}" = --build-only ]; then
    exit 0
fi
export RVREPLAY="${RVREPLAY:-$build/rvreplay}"
export QEMU="${QEMU:-qemu-system-riscv64}"
exec python3 bench/cpu.py --elf-dir "$out" "$@"
