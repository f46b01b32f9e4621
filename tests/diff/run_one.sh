#!/bin/sh
# Builds one random program and runs it under QEMU and rvreplay.
# SPDX-License-Identifier: MIT
#
# usage: run_one.sh SEED OUTDIR [rvgen options...]
# env:   RVGEN (generator binary), RVREPLAY (emulator binary; empty = QEMU
#        only), QEMU (default qemu-system-riscv64).
# Writes OUTDIR/pSEED.{S,elf,qemu,rvr} and the exit statuses in
# OUTDIR/pSEED.{qemu,rvr}.rc.  The exit status is 0 unless generation or
# assembly failed; the caller compares the outputs.
set -u
seed=$1
dir=$2
shift 2
QEMU=${QEMU:-qemu-system-riscv64}
# Instruction budget for rvreplay; a 32-sequence program needs ~2 million.
MAX_INSNS=${DIFF_MAX_INSNS:-50000000}
p=$dir/p$seed

"$RVGEN" -s "$seed" "$@" -o "$p.S" || exit 1
riscv64-unknown-elf-gcc -march=rv64gc -mabi=lp64d -mcmodel=medany \
    -nostdlib -nostartfiles -ffreestanding -T guest/baremetal/link.ld \
    -Wl,--no-warn-rwx-segments "$p.S" -o "$p.elf" 2>"$p.as.log" || {
    cat "$p.as.log" >&2
    exit 1
}

# Both sides are deterministic (no interrupts are enabled, the program
# reads no timer), so the timeouts only guard against hangs.
timeout 60 "$QEMU" -M virt -bios none -kernel "$p.elf" -nographic \
    -serial stdio -monitor none </dev/null >"$p.qemu" 2>"$p.qemu.err"
echo $? >"$p.qemu.rc"

if [ -n "${RVREPLAY:-}" ]; then
    timeout 120 "$RVREPLAY" run --bios none --kernel "$p.elf" \
        --max-insns "$MAX_INSNS" </dev/null >"$p.rvr" 2>"$p.rvr.err"
    echo $? >"$p.rvr.rc"
fi
exit 0
