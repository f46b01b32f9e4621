#!/usr/bin/env bash
# Regenerates tests/unit/decode_vectors.h: RV64GC encodings and GNU objdump's
# disassembly of them, the oracle test_decode.c checks the decoder against.
# SPDX-License-Identifier: MIT
#
# Usage (from anywhere): tests/unit/gen_decode_vectors.sh
# Needs riscv64-unknown-elf-{as,ld,objdump} and python3, only when the
# vectors are regenerated; the unit test itself needs neither.
#
# How the vectors are made:
#  1. python3 writes an assembly file: every RV64GC instruction written by
#     mnemonic with sweeps of registers, rounding modes, aq/rl bits and
#     edge immediates (the assembler encodes them), then raw `.insn` words:
#     HINT and reserved encodings listed by hand, and random words from a
#     fixed seed (random fields under the RV64GC major opcodes, and random
#     16-bit parcels).
#  2. as + ld place it at 0x80000000 (so branch targets are real-looking
#     absolute addresses) and objdump -M no-aliases,numeric disassembles it.
#     The .o carries the rv64gc arch attribute, so objdump decodes exactly
#     RV64GC (+ Zicsr/Zifencei) and prints .2byte/.4byte for the rest.
#  3. Each line becomes {raw, "mnemonic operands"}, objdump's text with the
#     trailing `<symbol>` and `# comment` removed.  Vectors are contiguous:
#     the test recomputes each pc from the base and the lengths.
#  A second objdump run over csrrs with every CSR number gives the CSR
#  name table (objdump prints known CSRs by name).
#
# Differences between objdump 2.40 and the ISA manual are not patched
# here: test_decode.c lists them, with reasons.
set -euo pipefail
cd "$(dirname "$0")"
out=decode_vectors.h
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
AS=riscv64-unknown-elf-as
LD=riscv64-unknown-elf-ld
OBJDUMP=riscv64-unknown-elf-objdump

python3 - "$tmp/v.S" "$tmp/csr.S" <<'EOF'
import random
import sys

rng = random.Random(20240611)
lines = []


def emit(s):
    lines.append(s)


def rvc(on):
    emit(".option rvc" if on else ".option norvc")


# Register triples: the corners plus a spread where every register shows
# up in every position.
TRIPLES = [(0, 0, 0), (1, 2, 3), (31, 30, 29), (5, 0, 31)] + [
    (i, (i * 7 + 3) % 32, (i * 13 + 5) % 32) for i in range(32)]
FEW = [(0, 0, 0), (1, 2, 3), (31, 30, 29), (10, 11, 12), (8, 9, 15),
       (17, 26, 4)]
IMM12 = [-2048, -2047, -1366, -1, 0, 1, 2, 1365, 2046, 2047]
RMS = ["rne", "rtz", "rdn", "rup", "rmm", "dyn"]

rvc(False)
for op in ["add", "sub", "sll", "slt", "sltu", "xor", "srl", "sra", "or",
           "and", "addw", "subw", "sllw", "srlw", "sraw", "mul", "mulh",
           "mulhsu", "mulhu", "div", "divu", "rem", "remu", "mulw", "divw",
           "divuw", "remw", "remuw"]:
    for d, s, t in TRIPLES:
        emit(f"{op} x{d}, x{s}, x{t}")
for op in ["addi", "slti", "sltiu", "xori", "ori", "andi", "addiw"]:
    for d, s, _ in FEW:
        for imm in IMM12:
            emit(f"{op} x{d}, x{s}, {imm}")
for op, top in [("slli", 64), ("srli", 64), ("srai", 64), ("slliw", 32),
                ("srliw", 32), ("sraiw", 32)]:
    for sh in range(top):
        d, s, _ = TRIPLES[sh % len(TRIPLES)]
        emit(f"{op} x{d}, x{s}, {sh}")
for op in ["lui", "auipc"]:
    for d, _, _ in FEW:
        for imm in [0, 1, 0x7ffff, 0x80000, 0xfffff, 0x12345]:
            emit(f"{op} x{d}, {imm:#x}")
for op in ["lb", "lh", "lw", "ld", "lbu", "lhu", "lwu", "jalr"]:
    for d, s, _ in FEW:
        for imm in IMM12:
            emit(f"{op} x{d}, {imm}(x{s})")
for op in ["sb", "sh", "sw", "sd"]:
    for _, s, t in FEW:
        for imm in IMM12:
            emit(f"{op} x{t}, {imm}(x{s})")
for d, _, _ in FEW:
    for off in [-1048576, -1048574, -4096, -2, 0, 2, 4, 2048, 4094,
                524288, 1048574]:
        emit(f"jal x{d}, .{off:+d}")
for op in ["beq", "bne", "blt", "bge", "bltu", "bgeu"]:
    for _, s, t in FEW:
        for off in [-4096, -4094, -2048, -2, 0, 2, 4, 2046, 2048, 4094]:
            emit(f"{op} x{s}, x{t}, .{off:+d}")
for op in ["csrrw", "csrrs", "csrrc"]:
    for i, csr in enumerate([0x000, 0x001, 0x002, 0x003, 0x100, 0x104,
                             0x105, 0x106, 0x140, 0x141, 0x142, 0x143,
                             0x144, 0x180, 0x300, 0x301, 0x302, 0x303,
                             0x304, 0x305, 0x306, 0x30a, 0x320, 0x340,
                             0x341, 0x342, 0x343, 0x344, 0x3a0, 0x3b0,
                             0x3bf, 0x7a0, 0x7ff, 0xb00, 0xb02, 0xc00,
                             0xc01, 0xc02, 0xf11, 0xf14, 0xfff, 0x14d]):
        d, s, _ = TRIPLES[i % len(TRIPLES)]
        emit(f"{op} x{d}, {csr:#x}, x{s}")
for op in ["csrrwi", "csrrsi", "csrrci"]:
    for i, csr in enumerate([0x001, 0x300, 0x7ff, 0xfff, 0x140]):
        for z in [0, 1, 16, 31]:
            emit(f"{op} x{TRIPLES[i + z][0]}, {csr:#x}, {z}")
for s in ["ecall", "ebreak", "sret", "mret", "wfi", "fence.i", "fence.tso",
          "fence", "fence rw, rw", "fence r, w", "fence iorw, o",
          "fence i, r", "sfence.vma", "sfence.vma x1", "sfence.vma x0, x5",
          "sfence.vma x31, x30"]:
    emit(s)
for width in ["w", "d"]:
    for op in ["amoswap", "amoadd", "amoxor", "amoand", "amoor", "amomin",
               "amomax", "amominu", "amomaxu", "sc", "lr"]:
        for suf in ["", ".aq", ".rl", ".aqrl"]:
            for d, s, t in FEW[:4]:
                if op == "lr":
                    emit(f"lr.{width}{suf} x{d}, (x{s})")
                else:
                    emit(f"{op}.{width}{suf} x{d}, x{t}, (x{s})")
for p in ["s", "d"]:
    ld, st = ("flw", "fsw") if p == "s" else ("fld", "fsd")
    for d, s, t in FEW:
        for imm in IMM12:
            emit(f"{ld} f{d}, {imm}(x{s})")
            emit(f"{st} f{t}, {imm}(x{s})")
    for op in ["fmadd", "fmsub", "fnmsub", "fnmadd"]:
        for i, rm in enumerate(RMS):
            for d, s, t in FEW[:3] + [TRIPLES[4 + i]]:
                emit(f"{op}.{p} f{d}, f{s}, f{t}, f{(d + s + 7) % 32}, {rm}")
    for op in ["fadd", "fsub", "fmul", "fdiv"]:
        for i, rm in enumerate(RMS):
            for d, s, t in FEW[:3] + [TRIPLES[4 + i]]:
                emit(f"{op}.{p} f{d}, f{s}, f{t}, {rm}")
    for i, rm in enumerate(RMS):
        for d, s, _ in FEW[:3] + [TRIPLES[4 + i]]:
            emit(f"fsqrt.{p} f{d}, f{s}, {rm}")
    for op in ["fsgnj", "fsgnjn", "fsgnjx", "fmin", "fmax"]:
        for d, s, t in TRIPLES[:12]:
            emit(f"{op}.{p} f{d}, f{s}, f{t}")
    for op in ["feq", "flt", "fle"]:
        for d, s, t in TRIPLES[:12]:
            emit(f"{op}.{p} x{d}, f{s}, f{t}")
    for t in ["w", "wu", "l", "lu"]:
        for i, rm in enumerate(RMS):
            for d, s, _ in FEW[:3] + [TRIPLES[4 + i]]:
                emit(f"fcvt.{t}.{p} x{d}, f{s}, {rm}")
                if p == "d" and t in ["w", "wu"]:
                    continue  # exact: objdump 2.40 only takes rm=rne
                emit(f"fcvt.{p}.{t} f{d}, x{s}, {rm}")
        if p == "d" and t in ["w", "wu"]:
            for d, s, _ in FEW:
                emit(f"fcvt.d.{t} f{d}, x{s}")
    mv = "w" if p == "s" else "d"
    for d, s, _ in TRIPLES[:12]:
        emit(f"fclass.{p} x{d}, f{s}")
        emit(f"fmv.x.{mv} x{d}, f{s}")
        emit(f"fmv.{mv}.x f{d}, x{s}")
for i, rm in enumerate(RMS):
    for d, s, _ in FEW[:3] + [TRIPLES[4 + i]]:
        emit(f"fcvt.s.d f{d}, f{s}, {rm}")
for d, s, _ in FEW:
    emit(f"fcvt.d.s f{d}, f{s}")

# Compressed forms, written by their c. mnemonics.
rvc(True)
CREG = list(range(8, 16))
for i, imm in enumerate([4, 8, 16, 32, 64, 128, 256, 512, 1020, 516, 12]):
    emit(f"c.addi4spn x{CREG[i % 8]}, x2, {imm}")
for op, scale, top in [("c.lw", 4, 124), ("c.ld", 8, 248),
                       ("c.fld", 8, 248), ("c.sw", 4, 124),
                       ("c.sd", 8, 248), ("c.fsd", 8, 248)]:
    offs = [0, top] + [scale << b for b in range(5)]
    for i, off in enumerate(offs):
        r1, r2 = CREG[i % 8], CREG[(i * 3 + 1) % 8]
        reg = "f" if "f" in op else "x"
        emit(f"{op} {reg}{r2}, {off}(x{r1})")
emit("c.nop")
for imm in range(-32, 32):
    rd = 1 + (imm + 32) % 31
    if imm != 0:
        emit(f"c.addi x{rd}, {imm}")
        emit(f"c.addiw x{rd}, {imm}")
    emit(f"c.li x{rd}, {imm}")
    emit(f"c.andi x{CREG[imm % 8]}, {imm}")
for rd in range(1, 32):
    emit(f"c.addi x{rd}, -7")
    emit(f"c.addiw x{rd}, 9")
    emit(f"c.li x{rd}, -32")
for imm in range(-512, 512, 16):
    if imm != 0:
        emit(f"c.addi16sp x2, {imm}")
for v in list(range(1, 32)) + list(range(0xfffe0, 0x100000)):
    emit(f"c.lui x{[1, 3, 31, 10][v % 4]}, {v:#x}")
for rd in range(1, 32):
    if rd != 2:
        emit(f"c.lui x{rd}, 0x1f")
for sh in range(1, 64):
    emit(f"c.srli x{CREG[sh % 8]}, {sh}")
    emit(f"c.srai x{CREG[(sh + 3) % 8]}, {sh}")
    emit(f"c.slli x{1 + sh % 31}, {sh}")
for op in ["c.sub", "c.xor", "c.or", "c.and", "c.subw", "c.addw"]:
    for a in CREG:
        for b in CREG:
            emit(f"{op} x{a}, x{b}")
for off in [-2048, -1024, -2, 0, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024,
            2046, -1366, 1364]:
    emit(f"c.j .{off:+d}")
for op in ["c.beqz", "c.bnez"]:
    for i, off in enumerate([-256, -2, 0, 2, 4, 8, 16, 32, 64, 128, 254,
                             -170, 170]):
        emit(f"{op} x{CREG[i % 8]}, .{off:+d}")
for op, scale, top in [("c.lwsp", 4, 252), ("c.ldsp", 8, 504),
                       ("c.fldsp", 8, 504), ("c.swsp", 4, 252),
                       ("c.sdsp", 8, 504), ("c.fsdsp", 8, 504)]:
    offs = [0, top] + [scale << b for b in range(6)]
    for i, off in enumerate(offs):
        reg = "f" if "f" in op else "x"
        r = 1 + (i * 5) % 31
        if reg == "f":
            r = (i * 5) % 32
        emit(f"{op} {reg}{r}, {off}(x2)")
for r in range(1, 32):
    emit(f"c.jr x{r}")
    emit(f"c.jalr x{r}")
    emit(f"c.mv x{r}, x{32 - r}")
    emit(f"c.add x{r}, x{(r * 7) % 31 + 1}")
emit("c.ebreak")

# Raw words: HINTs, reserved encodings and random fields.  .insn is
# literal, but objdump follows .option rvc/norvc (binutils marks the
# switch with a mapping symbol), so C stays enabled here.
HAND = [
    # HINTs (legal, no architectural effect beyond the base op)
    0x0005, 0x0081, 0x4015, 0x6015, 0x8002 | (0 << 7) | (5 << 2), 0x9016,
    0x0006, 0x0082, 0x8001, 0x8401, 0x0013 | (5 << 20),
    # reserved 16-bit
    0x0000, 0x0004, 0x0010, 0x8000, 0x9fff & ~3, 0x2001, 0x6101, 0x6081,
    0x6181, 0x7001, 0x4002, 0x6002, 0x8002, 0x9c41, 0x9c61, 0x9e41, 0x9e61,
    0x2002 | (1 << 7), 0xa002,
    # reserved / unknown 32-bit
    0x00000013 | (1 << 26) | (1 << 12),           # slli with imm[11:6] != 0
    0x40005013 | (1 << 26),                       # srai, bad funct6
    0x00001013 | (0x20 << 25),                    # slli funct6=0x10
    0x0200101b,                                   # slliw shamt[5]
    0x0200501b, 0x4200501b,                       # srliw/sraiw shamt[5]
    0x0000201b, 0x0000301b, 0x0000401b,           # op-imm-32 funct3 2..4
    0x0000203b, 0x0000303b, 0x0000403b, 0x0000603b, 0x0000703b,
    0x0200103b, 0x0200203b, 0x0200303b,           # mul-32 holes
    0x40001033, 0x40002033, 0x40007033, 0x04000033, 0x80000033,
    0x00001067, 0x00007067,                       # jalr funct3 != 0
    0x00002063, 0x00003063,                       # branch funct3 2, 3
    0x00007003,                                   # load funct3 7
    0x00004023, 0x00007023,                       # store funct3 4..7
    0x00001007, 0x00004007,                       # flh, flq
    0x00001027, 0x00004027,                       # fsh, fsq
    0x0000200f, 0x0000500f, 0x0ff0100f, 0x0010100f,  # fence.i fields
    0x8330000f, 0xf000000f,
    0x00004073, 0x00000173, 0x00100173, 0x00008073, 0x00200073,
    0x10200173, 0x30200073 | (1 << 15), 0x7b200073, 0x10500073 | (1 << 7),
    0x120000f3, 0x12000073 | (1 << 12), 0x13000073, 0x02000073,
    0x1002b22f | (1 << 20), 0x1802a22f, 0x0000402f, 0x2800202f, 0x0800302f,
    0x4400202f, 0x6400302f, 0xe400302f,
    0x04c5f0d3, 0x06c5f0d3, 0x04c5e0d3,           # fmt 2/3
    0x0c5f0043, 0x0e5f0043, 0x0c5f0047, 0x0e5f004f,
    0x02c5d0d3, 0x02c5e0d3, 0x0055d043, 0x0255e04f,  # rm 5/6
    0x5801d0d3, 0xc001e0d3, 0xd001d0d3, 0x4011d0d3, 0x4201e0d3,
    0x5800f0d3 | (1 << 20), 0x5a00f0d3 | (3 << 20),  # fsqrt rs2 != 0
    0xc04100d3, 0xc24100d3, 0xd04100d3, 0xd24100d3,  # fcvt rs2=4
    0xe00120d3, 0xe00130d3, 0xe20120d3, 0xe00110d3 | (1 << 20),
    0xf00110d3, 0xf20110d3, 0xf00010d3,           # fmv.*.x bad fields
    0x203130d3, 0x223130d3, 0x283120d3, 0x2a3130d3,  # fsgnj/fmin funct3
    0xa03130d3, 0xa23130d3, 0x400100d3 | (2 << 20), 0x420100d3 | (1 << 20),
    0x440100d3, 0x460100d3 | (1 << 20), 0x420170d3, 0x420110d3,
    0x420150d3, 0xd20110d3, 0xd21170d3, 0xd20160d3,  # fcvt.d.{s,w,wu} rm
    0x0000000b, 0x0000002b, 0x00000057, 0x0000005b, 0x00000077,
    0x0000007b, 0x0000006b, 0xfffff0ef, 0x0000705b,
    0x00000033 | (0x7f << 25),
]
for w in HAND:
    emit(f".insn {w:#x}")

MAJORS = [0x03, 0x07, 0x0f, 0x13, 0x17, 0x1b, 0x23, 0x27, 0x2f, 0x33, 0x37,
          0x3b, 0x43, 0x47, 0x4b, 0x4f, 0x53, 0x63, 0x67, 0x6f, 0x73]
FP7 = [0x00, 0x01, 0x04, 0x05, 0x08, 0x09, 0x0c, 0x0d, 0x2c, 0x2d, 0x10,
       0x11, 0x14, 0x15, 0x20, 0x21, 0x50, 0x51, 0x60, 0x61, 0x68, 0x69,
       0x70, 0x71, 0x78, 0x79]
for _ in range(3000):
    w = rng.getrandbits(25) << 7 | rng.choice(MAJORS)
    major = w & 0x7f
    pick = rng.random()
    if major == 0x53 and pick < 0.7:
        # Known funct7, small rs2: reach the operand checks.
        w = (w & 0x01ffffff) | rng.choice(FP7) << 25
        w = (w & ~(0x1f << 20)) | (rng.choice([0, 0, 1, 2, 3, 4, 5]) << 20)
    elif major in (0x33, 0x3b) and pick < 0.7:
        w = (w & 0x01ffffff) | rng.choice([0, 1, 0x20, 0x20, 1]) << 25
    elif major in (0x13, 0x1b) and pick < 0.5:
        w = (w & 0x01ffffff) | rng.choice([0, 0x20, 1, 0x21]) << 25
    elif major == 0x2f and pick < 0.7:
        w = (w & ~(7 << 12)) | rng.choice([2, 3]) << 12
    elif major == 0x73 and pick < 0.5:
        w = (w & ~(7 << 12)) | rng.choice([0, 0, 1, 2, 3, 5, 6, 7]) << 12
        if (w >> 12) & 7 == 0 and rng.random() < 0.5:
            w &= ~(0x1f << 7) & ~(0x1f << 15) & 0xffffffff
    if major == 0x43 or major == 0x47 or major == 0x4b or major == 0x4f or \
            major == 0x53:
        if pick < 0.9 and (w >> 12) & 7 in (5, 6):
            w ^= 1 << 13  # mostly valid rounding modes
    emit(f".insn {w:#x}")
for _ in range(3000):
    w = rng.getrandbits(16)
    if w & 3 == 3:
        w &= ~1
    emit(f".insn {w:#x}")

with open(sys.argv[1], "w") as f:
    f.write(".option norelax\n.globl _start\n_start:\n")
    f.write("\n".join(lines) + "\n")
with open(sys.argv[2], "w") as f:
    f.write(".option norvc\n")
    for n in range(4096):
        f.write(f"csrrs x0, {n:#x}, x0\n")
EOF

for f in v csr; do
    $AS -march=rv64gc -o "$tmp/$f.o" "$tmp/$f.S"
    $LD -Ttext=0x80000000 -e 0x80000000 -o "$tmp/$f.elf" "$tmp/$f.o"
    $OBJDUMP -d -z -M no-aliases,numeric "$tmp/$f.elf" >"$tmp/$f.dis"
done

python3 - "$tmp/v.dis" "$tmp/csr.dis" "$out" <<'EOF'
import re
import sys

LINE = re.compile(r"^\s*([0-9a-f]+):\t([0-9a-f]+)\s+\t?(\S+)\t?(.*)$")


def parse(path):
    for raw_line in open(path):
        m = LINE.match(raw_line.rstrip("\n"))
        if not m:
            continue
        addr, word, mnem, ops = m.groups()
        ops = re.sub(r"\s*#.*$", "", ops)
        ops = re.sub(r"\s*<[^>]*>$", "", ops).strip()
        yield int(addr, 16), int(word, 16), len(word) // 2, mnem, ops


base = 0x80000000
pc = base
vectors = []
for addr, word, size, mnem, ops in parse(sys.argv[1]):
    if addr != pc:
        sys.exit(f"gen: gap at {addr:#x} (expected {pc:#x})")
    pc += size
    text = f"{mnem} {ops}" if ops else mnem
    vectors.append((word, size, text))

names = {}
for addr, word, size, mnem, ops in parse(sys.argv[2]):
    csr = word >> 20
    field = ops.split(",")[1]
    if not field.startswith("0x"):
        names[field] = csr

with open(sys.argv[3], "w") as f:
    f.write("/* RV64GC encodings with GNU objdump's disassembly: the oracle"
            " for\n * test_decode.c.  Generated by"
            " tests/unit/gen_decode_vectors.sh; do not edit.\n"
            " * SPDX-License-Identifier: MIT\n"
            " *\n"
            " * Vectors are contiguous from DECODE_VECTORS_BASE; each one's "
            "length\n"
            " * follows from its low two bits.  Text is objdump -M "
            "no-aliases,numeric\n"
            " * without symbols and comments. */\n")
    # Self-contained and warning-free on its own: the Makefile's link rule
    # passes the headers from the -MMD dependency file to the compiler.
    f.write("#ifndef TESTS_UNIT_DECODE_VECTORS_H\n"
            "#define TESTS_UNIT_DECODE_VECTORS_H\n\n#include <stdint.h>\n\n")
    f.write(f"#define DECODE_VECTORS_BASE {base:#x}ULL\n\n")
    f.write("static const struct {\n    uint32_t raw;\n    const char *text;\n"
            "} decode_vectors[] __attribute__((unused)) = {\n")
    for word, size, text in vectors:
        digits = 8 if size == 4 else 4
        f.write(f"    {{0x{word:0{digits}x}, \"{text}\"}},\n")
    f.write("};\n\n/* CSR numbers of the names objdump prints. */\n")
    f.write("static const struct {\n    const char *name;\n    unsigned num;\n"
            "} decode_csr_names[] __attribute__((unused)) = {\n")
    for name, num in sorted(names.items(), key=lambda kv: kv[1]):
        f.write(f"    {{\"{name}\", 0x{num:03x}}},\n")
    f.write("};\n\n#endif\n")
print(f"{sys.argv[3]}: {len(vectors)} vectors, {len(names)} CSR names")
EOF
