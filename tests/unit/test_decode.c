/* Unit test of the RV64GC decoder and disassembler (src/cpu/decode.c)
 * against GNU objdump.
 * SPDX-License-Identifier: MIT
 *
 * Oracle: decode_vectors.h, made once by gen_decode_vectors.sh with the
 * cross binutils (about 12000 encodings: every instruction by mnemonic
 * with register, rounding-mode and edge-immediate sweeps, every compressed
 * form, HINTs, reserved encodings and random words).  For each vector:
 *
 *  1. objdump's text is brought to the decoder's vocabulary: compressed
 *     mnemonics become the instruction they expand to (c.addi rd,imm ->
 *     addi rd,rd,imm), aq/rl suffixes and fence's pred/succ sets are
 *     dropped (the decoder keeps neither: the emulator runs one hart at a
 *     time and every access is sequentially consistent);
 *  2. decode_insn's fields are checked operand by operand, following the
 *     operation's format string from decode.h (rd == x0 must become
 *     XREG_SINK; pc, len and rounding mode are checked too);
 *  3. decode_disasm's text is parsed back and compared with objdump's
 *     (ABI names against x/f numbers, decimal against hex, CSR names);
 *  4. .2byte/.4byte (objdump: not an RV64GC instruction) must give
 *     OP_ILLEGAL with the raw bits in imm.
 *
 * Where objdump 2.40 and the ISA manual disagree, the manual wins:
 * manual_text() lists those cases with the rule each one follows.
 * Vectors run in child processes (unit_run_isolated), so an encoding that
 * trips a sanitizer in the decoder is reported and the rest still run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/decode.h"
#include "unit.h"

#include "decode_vectors.h"

static const struct {
    const char *mnem;
    const char *fmt;
} op_table[OP_COUNT] = {
#define OP_ROW(name, mnem, fmt) [OP_##name] = {mnem, fmt},
    DECODE_OPS(OP_ROW)
#undef OP_ROW
};

/* The psABI register names, written out here rather than taken from
 * decode.c, so that a wrong name there shows up. */
static const char *const abi_x[32] = {
    "zero", "ra", "sp",  "gp",  "tp", "t0", "t1", "t2",
    "s0",   "s1", "a0",  "a1",  "a2", "a3", "a4", "a5",
    "a6",   "a7", "s2",  "s3",  "s4", "s5", "s6", "s7",
    "s8",   "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};
static const char *const abi_f[32] = {
    "ft0", "ft1", "ft2",  "ft3",  "ft4", "ft5", "ft6",  "ft7",
    "fs0", "fs1", "fa0",  "fa1",  "fa2", "fa3", "fa4",  "fa5",
    "fa6", "fa7", "fs2",  "fs3",  "fs4", "fs5", "fs6",  "fs7",
    "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
};
static const char *const rm_names[8] = {"rne", "rtz", "rdn", "rup",
                                        "rmm", NULL,  NULL,  "dyn"};

#define MAX_OPERANDS 6
#define TOKEN_LEN 64

/* An instruction as text: mnemonic and comma-separated operands. */
typedef struct {
    char mnem[TOKEN_LEN];
    unsigned n;
    char op[MAX_OPERANDS][TOKEN_LEN];
} Text;

static unsigned long overrides; /* vectors where the manual overrode objdump */

/* ---- text helpers -------------------------------------------------------- */

static bool split_text(const char *s, Text *t)
{
    const char *sp = strchr(s, ' ');
    size_t len = sp ? (size_t)(sp - s) : strlen(s);
    memset(t, 0, sizeof(*t));
    if (len == 0 || len >= TOKEN_LEN) {
        return false;
    }
    memcpy(t->mnem, s, len);
    if (sp == NULL) {
        return true;
    }
    s = sp + 1;
    while (*s) {
        const char *c = strchr(s, ',');
        len = c ? (size_t)(c - s) : strlen(s);
        if (t->n == MAX_OPERANDS || len == 0 || len >= TOKEN_LEN) {
            return false;
        }
        memcpy(t->op[t->n++], s, len);
        s = c ? c + 1 : s + len;
    }
    return true;
}

static bool parse_num(const char *s, int base, int64_t *v)
{
    char *end;
    if (*s == 0) {
        return false;
    }
    *v = (int64_t)strtoull(s, &end, base);
    if (*s == '-') {
        *v = (int64_t)strtoll(s, &end, base);
    }
    return *end == 0;
}

/* "x12" (objdump, numeric) or, with abi, "a2" (our disassembler). */
static bool parse_reg(const char *s, char file, bool abi, unsigned *r)
{
    if (abi) {
        const char *const *names = file == 'x' ? abi_x : abi_f;
        for (unsigned i = 0; i < 32; i++) {
            if (strcmp(s, names[i]) == 0) {
                *r = i;
                return true;
            }
        }
        return false;
    }
    int64_t v;
    if (s[0] != file || !parse_num(s + 1, 10, &v) || v < 0 || v > 31) {
        return false;
    }
    *r = (unsigned)v;
    return true;
}

/* "imm(reg)" or "(reg)". */
static bool parse_mem(const char *s, bool abi, int64_t *imm, unsigned *r)
{
    char buf[TOKEN_LEN];
    const char *open = strchr(s, '(');
    size_t len = strlen(s);
    if (open == NULL || len < 3 || s[len - 1] != ')') {
        return false;
    }
    memcpy(buf, open + 1, len - (size_t)(open - s) - 2);
    buf[len - (size_t)(open - s) - 2] = 0;
    if (!parse_reg(buf, 'x', abi, r)) {
        return false;
    }
    if (open == s) {
        *imm = 0;
        return true;
    }
    memcpy(buf, s, (size_t)(open - s));
    buf[open - s] = 0;
    return parse_num(buf, 0, imm);
}

static bool parse_csr(const char *s, int64_t *v)
{
    for (size_t i = 0; i < ARRAY_SIZE(decode_csr_names); i++) {
        if (strcmp(s, decode_csr_names[i].name) == 0) {
            *v = decode_csr_names[i].num;
            return true;
        }
    }
    return strncmp(s, "0x", 2) == 0 && parse_num(s, 16, v);
}

static int rm_index(const char *s)
{
    for (int i = 0; i < 8; i++) {
        if (rm_names[i] && strcmp(s, rm_names[i]) == 0) {
            return i;
        }
    }
    return -1;
}

static int find_op(const char *mnem)
{
    for (int i = 0; i < OP_COUNT; i++) {
        if (i != OP_ILLEGAL && i != OP_END &&
            strcmp(op_table[i].mnem, mnem) == 0) {
            return i;
        }
    }
    return -1;
}

/* ---- objdump text -> expected instruction -------------------------------- */

/* Compressed instructions and the base instruction each expands to.  The
 * template lists the base operands: $N is objdump's operand N. */
static const struct {
    const char *c, *base, *tmpl;
} compressed_map[] = {
    {"c.addi4spn", "addi", "$0,$1,$2"},
    {"c.fld", "fld", "$0,$1"},
    {"c.lw", "lw", "$0,$1"},
    {"c.ld", "ld", "$0,$1"},
    {"c.fsd", "fsd", "$0,$1"},
    {"c.sw", "sw", "$0,$1"},
    {"c.sd", "sd", "$0,$1"},
    {"c.addi", "addi", "$0,$0,$1"},
    {"c.addiw", "addiw", "$0,$0,$1"},
    {"c.li", "addi", "$0,x0,$1"},
    {"c.addi16sp", "addi", "$0,$0,$1"},
    {"c.lui", "lui", "$0,$1"},
    {"c.srli", "srli", "$0,$0,$1"},
    {"c.srai", "srai", "$0,$0,$1"},
    {"c.andi", "andi", "$0,$0,$1"},
    {"c.slli", "slli", "$0,$0,$1"},
    {"c.srli64", "srli", "$0,$0,0"},
    {"c.srai64", "srai", "$0,$0,0"},
    {"c.slli64", "slli", "$0,$0,0"},
    {"c.sub", "sub", "$0,$0,$1"},
    {"c.xor", "xor", "$0,$0,$1"},
    {"c.or", "or", "$0,$0,$1"},
    {"c.and", "and", "$0,$0,$1"},
    {"c.subw", "subw", "$0,$0,$1"},
    {"c.addw", "addw", "$0,$0,$1"},
    {"c.j", "jal", "x0,$0"},
    {"c.beqz", "beq", "$0,x0,$1"},
    {"c.bnez", "bne", "$0,x0,$1"},
    {"c.fldsp", "fld", "$0,$1"},
    {"c.lwsp", "lw", "$0,$1"},
    {"c.ldsp", "ld", "$0,$1"},
    {"c.fsdsp", "fsd", "$0,$1"},
    {"c.swsp", "sw", "$0,$1"},
    {"c.sdsp", "sd", "$0,$1"},
    {"c.jr", "jalr", "x0,0($0)"},
    {"c.jalr", "jalr", "x1,0($0)"},
    {"c.mv", "add", "$0,x0,$1"},
    {"c.add", "add", "$0,$0,$1"},
    {"c.ebreak", "ebreak", ""},
};

static bool expand_compressed(Text *t)
{
    for (size_t i = 0; i < ARRAY_SIZE(compressed_map); i++) {
        if (strcmp(t->mnem, compressed_map[i].c) != 0) {
            continue;
        }
        char out[4 * TOKEN_LEN] = "";
        size_t n = 0;
        for (const char *p = compressed_map[i].tmpl; *p; p++) {
            if (*p == '$') {
                unsigned k = (unsigned)(*++p - '0');
                if (k >= t->n) {
                    return false;
                }
                n += (size_t)snprintf(out + n, sizeof(out) - n, "%s",
                                      t->op[k]);
            } else {
                out[n++] = *p;
                out[n] = 0;
            }
        }
        char line[5 * TOKEN_LEN];
        snprintf(line, sizeof(line), "%s%s%s", compressed_map[i].base,
                 out[0] ? " " : "", out);
        return split_text(line, t);
    }
    return strncmp(t->mnem, "c.", 2) != 0;
}

/* Where objdump 2.40 and the ISA manual (unprivileged 20191213, privileged
 * 20211203) disagree: returns the text the manual implies, or NULL when
 * objdump is right.  ".illegal" means a reserved encoding. */
static const char *manual_text(uint32_t raw, unsigned len, const Text *t,
                               char *buf, size_t size)
{
    unsigned rm = (raw >> 12) & 7, rs2 = (raw >> 20) & 31;
    /* RVC: "C.ADDI16SP ... is only valid when nzimm != 0; the code point
     * with nzimm = 0 is reserved."  objdump prints c.addi16sp x2,0. */
    if (len == 2 && strcmp(t->mnem, "c.addi16sp") == 0 &&
        strcmp(t->op[1], "0") == 0) {
        return ".illegal";
    }
    /* The all-zero parcel "is defined to be an illegal instruction". */
    if (strcmp(t->mnem, "c.unimp") == 0) {
        return ".illegal";
    }
    /* uret belongs to the withdrawn N extension; dret is only legal in
     * Debug Mode, which the emulator does not have. */
    if (strcmp(t->mnem, "uret") == 0 || strcmp(t->mnem, "dret") == 0) {
        return ".illegal";
    }
    /* F: rounding modes 101 and 110 "are reserved for future use";
     * objdump decodes them and prints "unknown". */
    for (unsigned k = 0; k < t->n; k++) {
        if (strcmp(t->op[k], "unknown") == 0) {
            return ".illegal";
        }
    }
    if (len != 4 || strcmp(t->mnem, ".4byte") != 0) {
        return NULL;
    }
    /* FENCE: "base implementations shall ignore" rs1 and rd, and "treat
     * all such reserved configurations [of fm, pred, succ] as normal
     * fences with fm=0000"; objdump rejects them. */
    if ((raw & 0x707f) == 0x000f) {
        return "fence";
    }
    /* Zifencei: "The unused fields in the FENCE.I instruction, imm[11:0],
     * rs1, and rd, are reserved ... base implementations shall ignore
     * these fields"; objdump wants them zero. */
    if ((raw & 0x707f) == 0x100f) {
        return "fence.i";
    }
    /* fcvt.d.s, fcvt.d.w and fcvt.d.wu have an rm field like every FP
     * conversion (the result is exact, so it changes nothing), but
     * objdump 2.40 decodes them only with rm = 0. */
    if ((raw & 0x7f) == 0x53 && rm != 5 && rm != 6 &&
        (((raw >> 25) == 0x21 && rs2 == 0) ||
         ((raw >> 25) == 0x69 && rs2 <= 1))) {
        snprintf(buf, size, "%s f%u,%c%u%s%s",
                 (raw >> 25) == 0x21 ? "fcvt.d.s"
                 : rs2 == 0          ? "fcvt.d.w"
                                     : "fcvt.d.wu",
                 (raw >> 7) & 31, (raw >> 25) == 0x21 ? 'f' : 'x',
                 (raw >> 15) & 31, rm == DECODE_RM_DYN ? "" : ",",
                 rm == DECODE_RM_DYN ? "" : rm_names[rm]);
        return buf;
    }
    return NULL;
}

/* Expected decoding of one vector. */
typedef struct {
    bool illegal;
    int op;
    Text t; /* operands in objdump's spelling, decoder's order */
} Expect;

static bool make_expect(uint32_t raw, unsigned len, const char *text,
                        Expect *e)
{
    char buf[5 * TOKEN_LEN];
    memset(e, 0, sizeof(*e));
    if (!split_text(text, &e->t)) {
        return false;
    }
    const char *fix = manual_text(raw, len, &e->t, buf, sizeof(buf));
    if (fix != NULL) {
        overrides++;
        if (strcmp(fix, ".illegal") == 0) {
            e->illegal = true;
            return true;
        }
        if (!split_text(fix, &e->t)) {
            return false;
        }
    }
    if (strcmp(e->t.mnem, ".2byte") == 0 || strcmp(e->t.mnem, ".4byte") == 0) {
        e->illegal = true;
        return true;
    }
    if (!expand_compressed(&e->t)) {
        return false;
    }
    char *m = e->t.mnem;
    if (strncmp(m, "amo", 3) == 0 || strncmp(m, "lr.", 3) == 0 ||
        strncmp(m, "sc.", 3) == 0) {
        /* amoadd.w.aqrl -> amoadd.w */
        char *dot = strchr(m, '.');
        if (dot && (dot = strchr(dot + 1, '.')) != NULL) {
            *dot = 0;
        }
    }
    if (strcmp(m, "fence.tso") == 0 || strcmp(m, "fence") == 0) {
        strcpy(m, "fence");
        e->t.n = 0;
    }
    /* objdump only decodes these with rm = rne, and then omits it. */
    if (fix == NULL &&
        (strcmp(m, "fcvt.d.s") == 0 || strcmp(m, "fcvt.d.w") == 0 ||
         strcmp(m, "fcvt.d.wu") == 0) &&
        e->t.n == 2) {
        strcpy(e->t.op[e->t.n++], "rne");
    }
    e->op = find_op(m);
    return e->op >= 0;
}

/* ---- checks -------------------------------------------------------------- */

static uint64_t vector_pc[ARRAY_SIZE(decode_vectors)];

static unsigned vector_len(unsigned long i)
{
    return decode_length(decode_vectors[i].raw);
}

static void describe_vector(unsigned long i, char *buf, size_t size)
{
    snprintf(buf, size, "%0*x \"%s\" at pc 0x%llx", vector_len(i) * 2,
             decode_vectors[i].raw, decode_vectors[i].text,
             (unsigned long long)vector_pc[i]);
}

#define VEC_FMT "vector %lu: %0*x \"%s\": "
#define VEC_ARGS(i) i, vector_len(i) * 2, decode_vectors[i].raw, \
                    decode_vectors[i].text

/* Decoder fields against objdump's operand tokens. */
static void check_fields(unsigned long i, const DecodedInsn *d,
                         const Expect *e)
{
    const char *fmt = op_table[e->op].fmt;
    unsigned k = 0;
    for (const char *f = fmt; *f; f++) {
        unsigned r = 99;
        int64_t v = 0;
        bool ok = true;
        if (*f == ',') {
            continue;
        }
        if (*f == 'm') {
            int rm = k < e->t.n ? rm_index(e->t.op[k++]) : DECODE_RM_DYN;
            CHECK(rm >= 0, VEC_FMT "bad rounding mode\n", VEC_ARGS(i));
            CHECK_EQ(d->rm, rm, VEC_FMT "rounding mode\n", VEC_ARGS(i));
            continue;
        }
        if (k >= e->t.n) {
            CHECK(false, VEC_FMT "objdump has too few operands for %s\n",
                  VEC_ARGS(i), fmt);
            return;
        }
        const char *tok = e->t.op[k++];
        switch (*f) {
        case 'd':
            ok = parse_reg(tok, 'x', false, &r);
            CHECK_EQ(d->rd, r == 0 ? XREG_SINK : r, VEC_FMT "rd\n",
                     VEC_ARGS(i));
            break;
        case 's':
            ok = parse_reg(tok, 'x', false, &r);
            CHECK_EQ(d->rs1, r, VEC_FMT "rs1\n", VEC_ARGS(i));
            break;
        case 't':
            ok = parse_reg(tok, 'x', false, &r);
            CHECK_EQ(d->rs2, r, VEC_FMT "rs2\n", VEC_ARGS(i));
            break;
        case 'D':
            ok = parse_reg(tok, 'f', false, &r);
            CHECK_EQ(d->rd, r, VEC_FMT "fp rd\n", VEC_ARGS(i));
            break;
        case 'S':
            ok = parse_reg(tok, 'f', false, &r);
            CHECK_EQ(d->rs1, r, VEC_FMT "fp rs1\n", VEC_ARGS(i));
            break;
        case 'T':
            ok = parse_reg(tok, 'f', false, &r);
            CHECK_EQ(d->rs2, r, VEC_FMT "fp rs2\n", VEC_ARGS(i));
            break;
        case 'R':
            ok = parse_reg(tok, 'f', false, &r);
            CHECK_EQ(d->rs3, r, VEC_FMT "fp rs3\n", VEC_ARGS(i));
            break;
        case 'i':
            ok = parse_num(tok, 0, &v);
            CHECK_EQ(d->imm, v, VEC_FMT "immediate\n", VEC_ARGS(i));
            break;
        case 'u':
            ok = parse_num(tok, 0, &v) && v >= 0 && v < (1 << 20);
            CHECK_EQ(d->imm, sext((uint64_t)v << 12, 32),
                     VEC_FMT "upper immediate\n", VEC_ARGS(i));
            break;
        case 'o':
        case 'a':
            ok = parse_mem(tok, false, &v, &r);
            CHECK_EQ(d->rs1, r, VEC_FMT "base register\n", VEC_ARGS(i));
            if (*f == 'o') {
                CHECK_EQ(d->imm, v, VEC_FMT "offset\n", VEC_ARGS(i));
            } else {
                ok = ok && tok[0] == '(';
            }
            break;
        case 'b':
            if (e->op == OP_AUIPC) {
                /* objdump prints auipc's upper immediate, not the sum */
                ok = parse_num(tok, 0, &v) && v >= 0 && v < (1 << 20);
                v = (int64_t)(vector_pc[i] +
                              (uint64_t)sext((uint64_t)v << 12, 32));
            } else {
                ok = parse_num(tok, 16, &v); /* bare hex target */
            }
            CHECK_EQ(d->imm, v, VEC_FMT "target\n", VEC_ARGS(i));
            break;
        case 'c':
            ok = parse_csr(tok, &v);
            CHECK_EQ(d->imm, v, VEC_FMT "CSR\n", VEC_ARGS(i));
            break;
        case 'z':
            ok = parse_num(tok, 10, &v);
            CHECK_EQ(d->rs1, v, VEC_FMT "CSR immediate\n", VEC_ARGS(i));
            break;
        default:
            ok = false;
            break;
        }
        CHECK(ok, VEC_FMT "cannot read objdump operand '%s' as '%c'\n",
              VEC_ARGS(i), tok, *f);
    }
    CHECK_EQ(k, e->t.n, VEC_FMT "operand count\n", VEC_ARGS(i));
}

/* One operand of our disassembly against objdump's, by format letter. */
static bool same_operand(char f, const char *ours,
                         const char *theirs)
{
    unsigned r1, r2;
    int64_t v1, v2;
    switch (f) {
    case 'd':
    case 's':
    case 't':
        return parse_reg(ours, 'x', true, &r1) &&
               parse_reg(theirs, 'x', false, &r2) && r1 == r2;
    case 'D':
    case 'S':
    case 'T':
    case 'R':
        return parse_reg(ours, 'f', true, &r1) &&
               parse_reg(theirs, 'f', false, &r2) && r1 == r2;
    case 'i':
    case 'u':
    case 'z':
        return parse_num(ours, 0, &v1) && parse_num(theirs, 0, &v2) &&
               v1 == v2;
    case 'o':
    case 'a':
        return parse_mem(ours, true, &v1, &r1) &&
               parse_mem(theirs, false, &v2, &r2) && v1 == v2 && r1 == r2 &&
               (f == 'o' || (ours[0] == '(' && theirs[0] == '('));
    case 'b':
        /* ours: 0x-prefixed; objdump: bare hex (auipc: see caller) */
        return strncmp(ours, "0x", 2) == 0 && parse_num(ours, 0, &v1) &&
               parse_num(theirs, 16, &v2) && v1 == v2;
    case 'c':
        return parse_num(ours, 0, &v1) && parse_csr(theirs, &v2) && v1 == v2;
    case 'm':
        return strcmp(ours, theirs) == 0;
    default:
        return false;
    }
}

/* decode_disasm's text against objdump's. */
static void check_disasm(unsigned long i, const DecodedInsn *d,
                         const Expect *e)
{
    char buf[128];
    Text ours;
    decode_disasm(d, buf, sizeof(buf));
    if (!split_text(buf, &ours)) {
        CHECK(false, VEC_FMT "cannot split disassembly \"%s\"\n", VEC_ARGS(i),
              buf);
        return;
    }
    CHECK(strcmp(ours.mnem, e->t.mnem) == 0,
          VEC_FMT "disassembly \"%s\": mnemonic should be %s\n", VEC_ARGS(i),
          buf, e->t.mnem);
    if (e->op == OP_FENCE) {
        return; /* pred/succ are not decoded (see top) */
    }
    unsigned j = 0, k = 0;
    for (const char *f = op_table[e->op].fmt; *f; f++) {
        if (*f == ',') {
            continue;
        }
        bool have_theirs = k < e->t.n;
        if (*f == 'm' && !have_theirs) {
            continue; /* dynamic rounding: both omit it */
        }
        if (j >= ours.n || !have_theirs) {
            CHECK(false, VEC_FMT "disassembly \"%s\": missing operand\n",
                  VEC_ARGS(i), buf);
            return;
        }
        const char *theirs = e->t.op[k++];
        const char *mine = ours.op[j++];
        bool same;
        if (*f == 'b' && e->op == OP_AUIPC) {
            /* ours prints auipc's absolute target */
            int64_t v1, v2;
            same = parse_num(mine, 0, &v1) && parse_num(theirs, 0, &v2) &&
                   (uint64_t)v1 ==
                       vector_pc[i] + (uint64_t)sext((uint64_t)v2 << 12, 32);
        } else {
            same = same_operand(*f, mine, theirs);
        }
        CHECK(same, VEC_FMT "disassembly \"%s\": operand '%s' vs '%s'\n",
              VEC_ARGS(i), buf, mine, theirs);
    }
    CHECK_EQ(j, ours.n, VEC_FMT "disassembly \"%s\": extra operands\n",
             VEC_ARGS(i), buf);
}

static void check_vector(unsigned long i)
{
    uint32_t raw = decode_vectors[i].raw;
    unsigned len = vector_len(i);
    uint64_t pc = vector_pc[i];
    DecodedInsn d, d2;
    Expect e;

    if (!make_expect(raw, len, decode_vectors[i].text, &e)) {
        CHECK(false, VEC_FMT "test cannot map objdump's text\n", VEC_ARGS(i));
        return;
    }
    decode_insn(&d, raw, pc);
    CHECK_EQ(d.len, len, VEC_FMT "length\n", VEC_ARGS(i));
    CHECK_EQ(d.pc, pc, VEC_FMT "pc\n", VEC_ARGS(i));
    if (len == 2) {
        /* Only the low parcel belongs to a compressed instruction. */
        decode_insn(&d2, raw | 0xa5a50000u, pc);
        CHECK(memcmp(&d, &d2, sizeof(d)) == 0,
              VEC_FMT "high half of raw changes the decoding\n", VEC_ARGS(i));
    }
    if (e.illegal) {
        char want[32], buf[64];
        CHECK(d.op == OP_ILLEGAL, VEC_FMT "should be illegal, decoded as %s\n",
              VEC_ARGS(i), decode_op_name((DecodeOp)d.op));
        if (d.op != OP_ILLEGAL) {
            return;
        }
        CHECK_EQ(d.imm, raw, VEC_FMT "illegal: raw bits in imm\n",
                 VEC_ARGS(i));
        decode_disasm(&d, buf, sizeof(buf));
        snprintf(want, sizeof(want), "illegal 0x%0*x", len * 2, raw);
        CHECK(strcmp(buf, want) == 0, VEC_FMT "disassembly \"%s\"\n",
              VEC_ARGS(i), buf);
        return;
    }
    CHECK(d.op == e.op, VEC_FMT "decoded as %s, expected %s\n", VEC_ARGS(i),
          decode_op_name((DecodeOp)d.op), op_table[e.op].mnem);
    if (d.op != e.op) {
        return;
    }
    check_fields(i, &d, &e);
    check_disasm(i, &d, &e);
}

/* ---- hand-written checks ------------------------------------------------- */

static void check_hand(void)
{
    DecodedInsn d;
    char buf[64];

    /* Encodings of 48 bits and longer (low bits 11111) are not RV64GC;
     * the decoder sees their first 32 bits. */
    static const uint32_t longer[] = {0x0000001f, 0x0000003f, 0x0000707f,
                                      0xffffffff, 0x1234505f, 0x7fffffbf};
    for (size_t i = 0; i < ARRAY_SIZE(longer); i++) {
        decode_insn(&d, longer[i], 0x1000);
        CHECK(d.op == OP_ILLEGAL, "0x%08x should be illegal\n", longer[i]);
        CHECK_EQ(d.imm, longer[i], "0x%08x illegal: raw bits\n", longer[i]);
        CHECK_EQ(d.len, 4, "0x%08x length\n", longer[i]);
    }

    /* Destination kinds and x0 -> sink. */
    decode_insn(&d, 0x00000033, 0); /* add x0,x0,x0 */
    CHECK(d.rd == XREG_SINK && decode_dest_kind(&d) == 0, "add x0 sink\n");
    decode_insn(&d, 0x002081b3, 0); /* add x3,x1,x2 */
    CHECK(d.rd == 3 && decode_dest_kind(&d) == 'x', "add x3 kind\n");
    decode_insn(&d, 0x003100d3, 0); /* fadd.s f1,f2,f3,rne */
    CHECK(d.rd == 1 && decode_dest_kind(&d) == 'f', "fadd kind\n");
    decode_insn(&d, 0x00000053, 0); /* fadd.s f0,f0,f0,rne: f0 is real */
    CHECK(d.rd == 0 && decode_dest_kind(&d) == 'f', "fadd f0 kind\n");
    decode_insn(&d, 0xa0000053, 0); /* fle.s x0,f0,f0 */
    CHECK(d.rd == XREG_SINK, "fle.s x0 sink\n");
    decode_insn(&d, 0x00112023, 0); /* sw x1,0(x2) */
    CHECK(decode_dest_kind(&d) == 0, "store has no destination\n");
    decode_insn(&d, 0x4501, 0);     /* c.li x10,0 */
    CHECK(d.op == OP_ADDI && d.rd == 10 && d.rs1 == 0 && d.len == 2,
          "c.li\n");

    /* Block ends: control transfers, traps, CSR and translation changes. */
    static const uint32_t enders[] = {0x0000006f, 0x00008067, 0x00000063,
                                      0x00000073, 0x00100073, 0x30200073,
                                      0x10500073, 0x12000073, 0x0000100f,
                                      0x30001073, 0xa001,     0x8082};
    for (size_t i = 0; i < ARRAY_SIZE(enders); i++) {
        decode_insn(&d, enders[i], 0);
        CHECK(decode_ends_block((DecodeOp)d.op), "0x%x should end a block\n",
              enders[i]);
    }
    static const uint32_t flowers[] = {0x00000013, 0x0000000f, 0x00003003,
                                       0x003100d3, 0x0621a0af, 0x4501};
    for (size_t i = 0; i < ARRAY_SIZE(flowers); i++) {
        decode_insn(&d, flowers[i], 0);
        CHECK(!decode_ends_block((DecodeOp)d.op),
              "0x%x should not end a block\n", flowers[i]);
    }

    /* Targets wrap modulo 2^64 like the pc does. */
    decode_insn(&d, 0x800000ef, 0x10); /* jal x1,-1 MiB */
    CHECK_EQ(d.imm, (uint64_t)0x10 - 0x100000, "jal wraps below 0\n");
    decode_insn(&d, 0x7ffff0ef, 0xfffffffffffffff0ULL); /* jal x1,+1 MiB-2 */
    CHECK_EQ(d.imm, 0xffffeULL - 0x10, "jal wraps above 2^64\n");

    /* Names used by traces. */
    CHECK(strcmp(decode_op_name(OP_ADD), "add") == 0, "op name\n");
    CHECK(strcmp(decode_op_name((DecodeOp)OP_COUNT), "?") == 0,
          "out-of-range op name\n");
    snprintf(buf, sizeof(buf), "%s", decode_op_name(OP_FMADD_D));
    CHECK(strcmp(buf, "fmadd.d") == 0, "fmadd.d name\n");
}

/* decode_disasm into buffers of every small size must stay inside the
 * buffer, NUL-terminate, and give a prefix of the full text (decode.h:
 * "always NUL-terminated").  Run isolated: an overflow is an ASan abort. */
static const uint32_t disasm_raws[] = {0x00000000, 0x0000707f, 0x9c41,
                                       0x003100d3, 0x80010093, 0x300110f3,
                                       0x0621a0af, 0x4501};

static void disasm_case(unsigned long c)
{
    DecodedInsn d;
    char full[128];
    unsigned long which = c / 40, size = c % 40 + 1;
    decode_insn(&d, disasm_raws[which], 0x80000000);
    decode_disasm(&d, full, sizeof(full));
    char *buf = malloc(size); /* heap, so ASan sees one byte past it */
    if (buf == NULL) {
        return;
    }
    decode_disasm(&d, buf, size);
    CHECK(memchr(buf, 0, size) != NULL &&
              strncmp(buf, full, strlen(buf)) == 0 &&
              strlen(buf) == (strlen(full) < size ? strlen(full) : size - 1),
          "disasm of 0x%x into %lu bytes: \"%.*s\" (full \"%s\")\n",
          disasm_raws[which], size, (int)size, buf, full);
    free(buf);
}

static void describe_disasm_case(unsigned long c, char *buf, size_t size)
{
    snprintf(buf, size, "decode_disasm of 0x%x into a %lu-byte buffer",
             disasm_raws[c / 40], c % 40 + 1);
}

int main(void)
{
    unsigned long n = ARRAY_SIZE(decode_vectors), illegal = 0;
    uint64_t pc = DECODE_VECTORS_BASE;
    for (unsigned long i = 0; i < n; i++) {
        Expect e;
        vector_pc[i] = pc;
        pc += vector_len(i);
        illegal += decode_vectors[i].text[0] == '.';
        (void)make_expect(decode_vectors[i].raw, vector_len(i),
                          decode_vectors[i].text, &e); /* counts overrides */
    }
    unit_run_isolated("decode vectors", n, check_vector, describe_vector);
    check_hand();
    unit_run_isolated("small disasm buffers", ARRAY_SIZE(disasm_raws) * 40,
                      disasm_case, describe_disasm_case);
    printf("test_decode: %lu objdump vectors (%lu not instructions for "
           "objdump, %lu decided by the manual instead)\n",
           n, illegal, overrides);
    return unit_finish("test_decode");
}
