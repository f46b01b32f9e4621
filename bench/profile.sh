#!/bin/sh
# Profiles rvreplay's interpreter on one benchmark kernel with callgrind.
# SPDX-License-Identifier: MIT
#
# Usage: bench/profile.sh KERNEL [callgrind_annotate options...]
#   KERNEL   a name from bench/kernels (sha256, interp, ...) or an ELF path
# Runs `rvreplay run --bios none --kernel K.elf --max-insns $INSNS` under
# valgrind --tool=callgrind (a short run: callgrind is ~50x slower), keeps
# the raw profile in $BUILD/bench/profile/callgrind.out.<kernel> (open it in
# kcachegrind for call graphs) and prints the top functions by self and
# inclusive cost and the hottest source lines (bench/callgrind_lines.py;
# needs rvreplay built with -g).  Exit status 3 (instruction limit
# reached) is the expected outcome; 0 is fine too if the kernel finished
# first.
#
# Environment: RVREPLAY (default build/rvreplay), BUILD (default build),
# INSNS (guest instructions to run, default 20000000), TOP (functions to
# show, default 25).
set -eu
cd "$(dirname "$0")/.."

if [ $# -lt 1 ]; then
    sed -n '5,/^set -eu/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//' >&2
    exit 2
fi
kernel=$1
shift

build=${BUILD:-build}
rvreplay=${RVREPLAY:-$build/rvreplay}
insns=${INSNS:-20000000}
top=${TOP:-25}

case $kernel in
*.elf)
    elf=$kernel
    name=$(basename "$kernel" .elf)
    ;;
*)
    name=$kernel
    elf="$build/bench/$name.elf"
    if [ ! -e "bench/kernels/$name.c" ]; then
        echo "profile.sh: no kernel bench/kernels/$name.c" >&2
        exit 2
    fi
    BUILD=$build bench/cpu.sh --build-only
    ;;
esac
for tool in valgrind callgrind_annotate; do
    if ! command -v $tool >/dev/null 2>&1; then
        echo "profile.sh: $tool not found (apt-get install valgrind)" >&2
        exit 2
    fi
done
if [ ! -x "$rvreplay" ] || [ ! -e "$elf" ]; then
    echo "profile.sh: need $rvreplay and $elf" >&2
    exit 2
fi

outdir="$build/bench/profile"
mkdir -p "$outdir"
out="$outdir/callgrind.out.$name"
echo "profile.sh: $insns instructions of $name under callgrind" >&2
status=0
valgrind --tool=callgrind --callgrind-out-file="$out" \
    "$rvreplay" run --bios none --kernel "$elf" --max-insns "$insns" \
    --stats >"$outdir/$name.stdout" 2>"$outdir/$name.valgrind" || status=$?
if [ "$status" != 0 ] && [ "$status" != 3 ]; then
    echo "profile.sh: rvreplay exited with status $status; see" \
        "$outdir/$name.valgrind" >&2
    exit 1
fi
grep 'rvreplay:' "$outdir/$name.valgrind" >&2 || true

# Prints the function table of callgrind_annotate (after the
# "file:function" header), limited to $top rows.
annotate() {
    callgrind_annotate --threshold=100 --auto=no "$@" "$out" 2>/dev/null | \
        awk -v top="$top" '/file:function/ { on = 1; getline; next }
            on && NF == 0 { exit }
            on && n++ < top { print }'
}

echo "== self cost: host instructions (Ir) spent in each function =="
annotate "$@"
echo
echo "== inclusive cost (function and its callees) =="
annotate --inclusive=yes "$@"
echo
# The interpreter inlines its handlers into one function, so per-line cost
# is what tells the handlers apart.
echo "== hottest source lines (self cost, across inlining) =="
python3 bench/callgrind_lines.py "$out" "$top" src/
echo
echo "profile.sh: raw profile in $out (kcachegrind $out)"
