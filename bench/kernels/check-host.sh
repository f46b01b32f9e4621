#!/bin/sh
# Cross-checks the benchmark kernels' embedded checksums on the host CPU.
# SPDX-License-Identifier: MIT
#
# Compiles every kernel as a native program (-DBENCH_HOST: stdio instead of
# the UART) and runs it; each must print its checksum line and exit 0.  A
# kernel whose expected value was taken from an emulator's output is only
# trustworthy once a real CPU agrees, which is what this shows.  Usage:
#   bench/kernels/check-host.sh [OUTDIR]     (default build/bench/host)
set -eu
cd "$(dirname "$0")/../.."
out=${1:-build/bench/host}
mkdir -p "$out"
cc=${CC:-cc}
fail=0
for src in bench/kernels/*.c; do
    name=$(basename "$src" .c)
    $cc -std=c11 -O2 -ffp-contract=off -fno-math-errno -Wall -Wextra \
        -Werror -DBENCH_HOST -o "$out/$name" "$src" -lm
    if "$out/$name"; then
        :
    else
        echo "check-host: $name FAILED" >&2
        fail=1
    fi
done
exit $fail
