#!/usr/bin/env bash
# tests/guest/test_dtb_qemu.sh - rvreplay's device tree against QEMU's.
# SPDX-License-Identifier: MIT
#
# Dumps the device tree QEMU 7.2 builds for `-M virt` (dumpdtb) and the one
# rvreplay gives the guest (--dtb-out) for the same RAM size, hart count,
# kernel, initrd and command line, and compares them node by node and
# property by property, in order.  Allowed differences, each deliberate:
#   - nodes for devices rvreplay does not model: pmu, fw-cfg, flash,
#     platform-bus, pci;
#   - /chosen/rng-seed (guest entropy must come through the replay layer);
#   - riscv,isa (rvreplay's harts implement neither H nor Zb*).
# Needs no guest images (a 4-byte kernel and a small initrd are made up).
# Exit status: 0 pass, 1 fail, 77 skipped (no QEMU, no rvreplay).

set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

RVREPLAY=${RVREPLAY:-build/rvreplay}
QEMU=${QEMU:-qemu-system-riscv64}
if [ ! -x "$RVREPLAY" ]; then
    echo "SKIP: $RVREPLAY not built"
    exit 77
fi
if ! command -v "$QEMU" > /dev/null 2>&1; then
    echo "SKIP: $QEMU not found"
    exit 77
fi
FW=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin
if [ ! -f "$FW" ]; then
    echo "SKIP: $FW missing (Debian package opensbi)"
    exit 77
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '\0\0\0\0' > "$tmp/kernel"
head -c 1000 /dev/zero > "$tmp/initrd"
append="console=ttyS0 earlycon=sbi"
status=0
for smp in 1 3; do
    "$QEMU" -M "virt,dumpdtb=$tmp/qemu.dtb" -smp "$smp" -m 256M \
        -kernel "$tmp/kernel" -initrd "$tmp/initrd" -append "$append" \
        -nographic > "$tmp/qemu.out" 2>&1 || {
        echo "FAIL qemu dumpdtb:"
        cat "$tmp/qemu.out"
        exit 1
    }
    "$RVREPLAY" run --smp "$smp" --mem 256M --bios "$FW" \
        --kernel "$tmp/kernel" --initrd "$tmp/initrd" --append "$append" \
        --dtb-out "$tmp/rvreplay.dtb" --max-insns 1 > /dev/null 2>&1
    rc=$?
    if [ "$rc" != 3 ]; then
        echo "FAIL rvreplay run --dtb-out exited $rc"
        exit 1
    fi
    python3 - "$tmp/qemu.dtb" "$tmp/rvreplay.dtb" "$smp" <<'PYEOF' || status=1
import struct
import sys

ALLOWED_MISSING = ("pmu", "fw-cfg", "flash", "platform-bus", "pci")
IGNORED_PROPS = {("chosen", "rng-seed")}


def parse(path):
    """Flattened device tree -> list of (node path, [(name, value)])."""
    data = open(path, "rb").read()
    magic, total, off_struct, off_strings = struct.unpack(">IIII", data[:16])
    assert magic == 0xd00dfeed, "%s: not a device tree blob" % path
    nodes, stack, pos = [], [], off_struct
    while True:
        tok, = struct.unpack(">I", data[pos:pos + 4])
        pos += 4
        if tok == 1:  # FDT_BEGIN_NODE
            end = data.index(b"\0", pos)
            stack.append(data[pos:end].decode())
            pos = (end + 4) & ~3
            nodes.append(("/".join(stack) or "/", []))
        elif tok == 2:  # FDT_END_NODE
            stack.pop()
        elif tok == 3:  # FDT_PROP
            length, nameoff = struct.unpack(">II", data[pos:pos + 8])
            pos += 8
            name_end = data.index(b"\0", off_strings + nameoff)
            name = data[off_strings + nameoff:name_end].decode()
            nodes[-1][1].append((name, data[pos:pos + length]))
            pos = (pos + length + 3) & ~3
        elif tok == 4:  # FDT_NOP
            continue
        elif tok == 9:  # FDT_END
            return nodes
        else:
            raise ValueError("bad token %d" % tok)


qemu_path, ours_path, smp = sys.argv[1:4]
qemu, ours = parse(qemu_path), parse(ours_path)
errors = []
qemu_kept = [(p, props) for p, props in qemu
             if not any(c.split("@")[0] in ALLOWED_MISSING
                        for c in p.split("/"))]
qemu_names = [p for p, _ in qemu_kept]
our_names = [p for p, _ in ours]
if qemu_names != our_names:
    errors.append("node lists differ:\n  qemu:     %s\n  rvreplay: %s"
                  % (qemu_names, our_names))
for (path, qprops), (opath, oprops) in zip(qemu_kept, ours):
    if path != opath:
        continue
    leaf = path.split("/")[-1]
    qp = [(n, v) for n, v in qprops if (leaf, n) not in IGNORED_PROPS]
    op = list(oprops)
    if [n for n, _ in qp] != [n for n, _ in op]:
        errors.append("%s: properties differ: qemu %s, rvreplay %s"
                      % (path, [n for n, _ in qp], [n for n, _ in op]))
        continue
    for (n, qv), (_, ov) in zip(qp, op):
        if n == "riscv,isa":
            if not (qv.startswith(b"rv64imafd") and ov.startswith(b"rv64imafdc")):
                errors.append("%s: riscv,isa %r vs %r" % (path, qv, ov))
        elif qv != ov:
            errors.append("%s: %s = %r (qemu) vs %r (rvreplay)"
                          % (path, n, qv, ov))
if errors:
    print("FAIL device tree differs from QEMU's (-smp %s):" % smp)
    for e in errors:
        print("  " + e)
    sys.exit(1)
print("ok   -smp %s: %d nodes match QEMU's device tree" % (smp, len(ours)))
PYEOF
done
exit "$status"
