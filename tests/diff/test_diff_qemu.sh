#!/bin/sh
# Differential test: random RV64GC programs must leave the same state under
# rvreplay as under qemu-system-riscv64.
# SPDX-License-Identifier: MIT
#
# env: RVREPLAY (emulator, default build/rvreplay), BUILD (default build),
#      DIFF_SEED (first program seed, default 1), DIFF_PROGRAMS (default
#      100), DIFF_SEQS (sequences per program, default 32), DIFF_JOBS
#      (parallel jobs, default 2), DIFF_DETAIL (mismatching sequences shown
#      in full, default 10), DIFF_VERBOSE=1 (print the generated class and
#      mnemonic histogram over all programs), QEMU (default
#      qemu-system-riscv64).
# Programs use seeds DIFF_SEED .. DIFF_SEED+DIFF_PROGRAMS-1, so any one of
# them is rerun with DIFF_SEED=<seed> DIFF_PROGRAMS=1.  See README.md.
set -u
RVREPLAY=${RVREPLAY:-build/rvreplay}
BUILD=${BUILD:-build}
DIFF_SEED=${DIFF_SEED:-1}
DIFF_PROGRAMS=${DIFF_PROGRAMS:-100}
DIFF_SEQS=${DIFF_SEQS:-32}
DIFF_JOBS=${DIFF_JOBS:-2}
DIFF_DETAIL=${DIFF_DETAIL:-10}
QEMU=${QEMU:-qemu-system-riscv64}
export QEMU

for tool in "$QEMU" riscv64-unknown-elf-gcc gcc timeout; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "test_diff_qemu: SKIP: $tool not found"
        exit 77
    fi
done
if [ ! -x "$RVREPLAY" ]; then
    echo "test_diff_qemu: SKIP: $RVREPLAY not built"
    exit 77
fi

work=$BUILD/diff
mkdir -p "$work" || exit 2
RVGEN=$work/rvgen
export RVGEN
gcc -std=c11 -O2 -Wall -Wextra -Werror -o "$RVGEN" tests/diff/rvgen.c || {
    echo "test_diff_qemu: FAIL: cannot build rvgen"
    exit 1
}
# Run a private copy: a rebuild of the emulator during a long run (other
# work in the same tree) must not make later programs fail to start.
cp "$RVREPLAY" "$work/rvreplay.under-test" || exit 2
RVREPLAY=$(cd "$work" && pwd)/rvreplay.under-test
export RVREPLAY

if [ "${DIFF_VERBOSE:-0}" = 1 ]; then
    echo "test_diff_qemu: generated instructions over all programs:"
    for seed in $(seq "$DIFF_SEED" $((DIFF_SEED + DIFF_PROGRAMS - 1))); do
        "$RVGEN" -s "$seed" -k "$DIFF_SEQS" -v -o /dev/null 2>&1
    done | awk '/^  / { k = $1; if (NF == 3) k = k ":" $2; n[k] += $NF }
        END { for (k in n) printf "  %-16s %8d\n", k, n[k] }' |
        sort -k1,1 -s | sort -k2,2nr -s
fi

rm -f "$work"/p*.S "$work"/p*.elf "$work"/p*.qemu* "$work"/p*.rvr* \
    "$work"/p*.log "$work"/p*.cmp
last=$((DIFF_SEED + DIFF_PROGRAMS - 1))
seq "$DIFF_SEED" "$last" |
    xargs -P "$DIFF_JOBS" -I{} sh tests/diff/run_one.sh {} "$work" \
        -k "$DIFF_SEQS"
gen_status=$?

programs=0
sequences=0
matched=0
mismatched=0
errors=0
shown=0
first_repro=
for seed in $(seq "$DIFF_SEED" "$last"); do
    p=$work/p$seed
    programs=$((programs + 1))
    if [ ! -f "$p.elf" ]; then
        echo "seed $seed: ERROR: program was not built"
        errors=$((errors + 1))
        continue
    fi
    qrc=$(cat "$p.qemu.rc" 2>/dev/null || echo missing)
    rrc=$(cat "$p.rvr.rc" 2>/dev/null || echo missing)
    if [ "$qrc" != 0 ] || ! grep -q '^DONE' "$p.qemu"; then
        echo "seed $seed: ERROR: QEMU exit status $qrc, output incomplete"
        errors=$((errors + 1))
        continue
    fi
    detail=$((DIFF_DETAIL - shown))
    [ "$detail" -lt 0 ] && detail=0
    awk -v seed="$seed" -v detail="$detail" -v nseq_opt="$DIFF_SEQS" \
        -f tests/diff/compare.awk \
        "$p.qemu" "$p.rvr" >"$p.cmp"
    grep -v '^RESULT' "$p.cmp"
    if [ -z "$first_repro" ]; then
        first_repro=$(grep -m1 -o 'tests/diff/repro.sh .*' "$p.cmp")
    fi
    res=$(grep '^RESULT' "$p.cmp")
    n=$(echo "$res" | sed 's/.* sequences=\([0-9]*\).*/\1/')
    m=$(echo "$res" | sed 's/.* mismatch=\([0-9]*\).*/\1/')
    sequences=$((sequences + n))
    mismatched=$((mismatched + m))
    matched=$((matched + n - (m > n ? n : m)))
    shown=$((shown + m))
    if [ "$rrc" != 0 ] || ! grep -q '^DONE' "$p.rvr"; then
        echo "seed $seed: ERROR: rvreplay exit status $rrc" \
            "(0 = pass, 3 = instruction limit, 124 = timeout)," \
            "output incomplete; stderr:"
        head -5 "$p.rvr.err" | sed 's/^/    /'
        errors=$((errors + 1))
    fi
    if [ "$m" != 0 ] || [ "$rrc" != 0 ]; then
        [ -z "$first_repro" ] && first_repro="tests/diff/repro.sh $seed"
        echo "    rerun this program: DIFF_SEED=$seed DIFF_PROGRAMS=1" \
            "DIFF_SEQS=$DIFF_SEQS tests/diff/test_diff_qemu.sh"
    fi
done

echo "test_diff_qemu: seeds $DIFF_SEED..$last programs=$programs" \
    "sequences=$sequences match=$matched mismatch=$mismatched" \
    "errors=$errors"
if [ "$gen_status" != 0 ] || [ "$mismatched" != 0 ] || [ "$errors" != 0 ]
then
    echo "test_diff_qemu: FAIL (outputs kept in $work; see" \
        "tests/diff/README.md)"
    [ -n "$first_repro" ] &&
        echo "test_diff_qemu: first failure: $first_repro --bisect"
    exit 1
fi
echo "test_diff_qemu: PASS"
exit 0
