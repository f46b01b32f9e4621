#!/bin/sh
# Reproduces one differential-test program (or one sequence of it) under
# QEMU and rvreplay, shows the differences and the instruction listing.
# SPDX-License-Identifier: MIT
#
# usage: tests/diff/repro.sh SEED [SEQ] [--bisect] [-k NSEQ]
#   SEED      program seed as printed by test_diff_qemu.sh
#   SEQ       only this sequence; also prints its disassembly
#   --bisect  (with SEQ) find the first item after which the state differs
#   -k NSEQ   sequences per program (default 32, as in the test)
# env: RVREPLAY (default build/rvreplay), BUILD (default build), QEMU.
# Files are left in $BUILD/diff-repro/.
set -u
RVREPLAY=${RVREPLAY:-build/rvreplay}
BUILD=${BUILD:-build}
QEMU=${QEMU:-qemu-system-riscv64}
export QEMU

seed=
seqno=
bisect=0
nseq=32
while [ $# -gt 0 ]; do
    case $1 in
    --bisect) bisect=1 ;;
    -k) nseq=$2; shift ;;
    -*) echo "usage: $0 SEED [SEQ] [--bisect] [-k NSEQ]" >&2; exit 2 ;;
    *)
        if [ -z "$seed" ]; then
            seed=$1
        else
            seqno=$1
        fi
        ;;
    esac
    shift
done
if [ -z "$seed" ] || { [ "$bisect" = 1 ] && [ -z "$seqno" ]; }; then
    echo "usage: $0 SEED [SEQ] [--bisect] [-k NSEQ]" >&2
    exit 2
fi

work=$BUILD/diff-repro
mkdir -p "$work" || exit 2
RVGEN=$work/rvgen
export RVGEN
gcc -std=c11 -O2 -Wall -Wextra -Werror -o "$RVGEN" tests/diff/rvgen.c ||
    exit 2
if [ -x "$RVREPLAY" ]; then
    case $RVREPLAY in
    /*) ;;
    *) RVREPLAY=$(pwd)/$RVREPLAY ;;
    esac
else
    echo "repro: $RVREPLAY not built, running QEMU only"
    RVREPLAY=
fi
export RVREPLAY

if [ -n "$seqno" ] && [ "$seqno" -ge "$nseq" ]; then
    nseq=$((seqno + 1))
fi
genargs="-k $nseq"
[ -n "$seqno" ] && genargs="$genargs -q $seqno"

# run_and_compare [extra rvgen args]: 0 = same output, 1 = different.
run_and_compare() {
    rm -f "$work/p$seed".*
    # shellcheck disable=SC2086
    sh tests/diff/run_one.sh "$seed" "$work" $genargs "$@" || exit 2
    if [ -z "$RVREPLAY" ]; then
        return 0
    fi
    awk -v seed="$seed" -v detail=1000 -f tests/diff/compare.awk \
        "$work/p$seed.qemu" "$work/p$seed.rvr" >"$work/p$seed.cmp"
    grep -q '^RESULT.* mismatch=0$' "$work/p$seed.cmp" &&
        [ "$(cat "$work/p$seed.rvr.rc")" = 0 ]
}

p=$work/p$seed
echo "repro: rvgen -s $seed $genargs -o $p.S"
if run_and_compare; then
    same=1
else
    same=0
fi
echo "repro: QEMU exit status $(cat "$p.qemu.rc")"
if [ -n "$RVREPLAY" ]; then
    echo "repro: rvreplay exit status $(cat "$p.rvr.rc")" \
        "(0 = pass, 3 = instruction limit, 124 = timeout)"
    head -5 "$p.rvr.err"
    grep -v '^RESULT' "$p.cmp"
    grep '^RESULT' "$p.cmp"
fi

if [ -n "$seqno" ]; then
    riscv64-unknown-elf-objdump -d "$p.elf" >"$p.dis"
    echo
    echo "repro: sequence $seqno (addresses match mepc; source in $p.S):"
    awk -v s="seq_${seqno}_body" -v e="seq_${seqno}_end" '
        $0 ~ "<" s ">:" { on = 1 }
        $0 ~ "<" e ">:" { print; getline; print; on = 0 }
        on { print }' "$p.dis"
    trap_pc=$(grep -o 'trap=1 mcause=[0-9a-f]* mepc=[0-9a-f]*' "$p.qemu" |
        sed 's/.*mepc=0*//')
    if [ -n "$trap_pc" ]; then
        echo "repro: QEMU trapped at:"
        grep "^ *$trap_pc:" "$p.dis"
    fi
fi

if [ "$bisect" = 1 ] && [ -n "$RVREPLAY" ] && [ "$same" = 0 ]; then
    # Items are generated from a per-sequence stream, so -t N keeps exactly
    # the first N items.  Find N where N-1 items agree and N differ.
    total=$(grep -c '/\* item [0-9]* \*/' "$p.S")
    lo=0
    hi=$total
    while [ $((hi - lo)) -gt 1 ]; do
        mid=$(((lo + hi) / 2))
        if run_and_compare -t "$mid"; then
            lo=$mid
        else
            hi=$mid
        fi
    done
    run_and_compare -t "$hi"
    item=$((hi - 1))
    echo
    echo "repro: bisect: the first $lo items agree, item $item makes the" \
        "state differ (rvgen -s $seed $genargs -t $hi):"
    awk -v i="$item" '
        $0 ~ "/\\* item " i " \\*/" { on = 1; next }
        on && /\/\* item / { exit }
        on && /^seq_[0-9]*_end:/ { exit }
        on { print }' "$p.S"
    grep -v '^RESULT' "$p.cmp"
fi
[ "$same" = 1 ]
