#!/usr/bin/env bash
# Fuzzes the event log reader with libFuzzer for a short, bounded time
# (FUZZ_SECONDS, default 30).  Skipped if clang's libFuzzer is missing.
# SPDX-License-Identifier: MIT
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${BUILD:-build}/fuzz"
mkdir -p "$out/corpus"
if ! command -v clang >/dev/null; then
    echo "clang not installed"; exit 77
fi
flags="-std=gnu11 -g -O1 -Isrc -D_GNU_SOURCE $(pkg-config --cflags libzstd libxxhash)"
libs="$(pkg-config --libs libzstd libxxhash)"
srcs="src/replay/log.c src/base/base.c"
if ! clang $flags -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION \
        -fsanitize=fuzzer,address,undefined tests/fuzz/fuzz_log.c \
        $srcs $libs -o "$out/fuzz_log" 2>"$out/build.log"; then
    if grep -q "fuzzer" "$out/build.log"; then
        echo "libFuzzer runtime not available"; exit 77
    fi
    cat "$out/build.log"; exit 1
fi
clang $flags tests/fuzz/make_seed.c $srcs $libs -o "$out/make_seed"
"$out/make_seed" "$out/corpus/seed.log"
"$out/fuzz_log" -max_total_time="${FUZZ_SECONDS:-30}" -max_len=4096 \
    -rss_limit_mb=1024 -print_final_stats=1 "$out/corpus" 2>&1 | tail -n 12
