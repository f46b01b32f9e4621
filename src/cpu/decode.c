/* Instruction decoder and disassembler for RV64GC.
 * SPDX-License-Identifier: MIT */
#include "cpu/decode.h"

#include <stdio.h>

const char *const decode_xreg_names[32] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0",
    "a1", "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5",
    "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

const char *const decode_freg_names[32] = {
    "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1",
    "fa0", "fa1", "fa2", "fa3", "fa4", "fa5", "fa6", "fa7", "fs2", "fs3",
    "fs4", "fs5", "fs6", "fs7", "fs8", "fs9", "fs10", "fs11", "ft8", "ft9",
    "ft10", "ft11",
};

static const struct {
    const char *mnemonic;
    const char *format;
} op_info[OP_COUNT] = {
#define DECODE_INFO(name, mnem, fmt) [OP_##name] = {mnem, fmt},
    DECODE_OPS(DECODE_INFO)
#undef DECODE_INFO
};

char decode_dest_kind(const DecodedInsn *d)
{
    char first = op_info[d->op].format[0];
    if (first == 'd') {
        return d->rd == XREG_SINK ? 0 : 'x';
    }
    return first == 'D' ? 'f' : 0;
}

const char *decode_op_name(DecodeOp op)
{
    return op < OP_COUNT ? op_info[op].mnemonic : "?";
}

/* ---- field helpers ---------------------------------------------------- */

static unsigned f_rd(uint32_t r) { return (r >> 7) & 31; }
static unsigned f_rs1(uint32_t r) { return (r >> 15) & 31; }
static unsigned f_rs2(uint32_t r) { return (r >> 20) & 31; }
static unsigned f_rs3(uint32_t r) { return r >> 27; }
static unsigned f_funct3(uint32_t r) { return (r >> 12) & 7; }
static unsigned f_funct7(uint32_t r) { return r >> 25; }

static int64_t imm_i(uint32_t r) { return sext(r >> 20, 12); }

static int64_t imm_s(uint32_t r)
{
    return sext(((r >> 25) << 5) | ((r >> 7) & 31), 12);
}

static int64_t imm_b(uint32_t r)
{
    uint32_t v = (bits(r, 31, 31) << 12) | (bits(r, 7, 7) << 11) |
                 (bits(r, 30, 25) << 5) | (bits(r, 11, 8) << 1);
    return sext(v, 13);
}

static int64_t imm_u(uint32_t r) { return sext(r & 0xfffff000u, 32); }

static int64_t imm_j(uint32_t r)
{
    uint32_t v = (bits(r, 31, 31) << 20) | (bits(r, 19, 12) << 12) |
                 (bits(r, 20, 20) << 11) | (bits(r, 30, 21) << 1);
    return sext(v, 21);
}

/* Sets the operation; rd is an integer destination (x0 -> sink). */
static void set_x(DecodedInsn *d, DecodeOp op, unsigned rd, unsigned rs1,
                  unsigned rs2, int64_t imm)
{
    d->op = op;
    d->rd = rd == 0 ? XREG_SINK : rd;
    d->rs1 = rs1;
    d->rs2 = rs2;
    d->imm = imm;
}

static void set_illegal(DecodedInsn *d, uint32_t raw)
{
    d->op = OP_ILLEGAL;
    d->rd = XREG_SINK;
    d->rs1 = d->rs2 = d->rs3 = 0;
    d->imm = d->len == 2 ? (raw & 0xffff) : raw;
}

/* ---- 32-bit encodings -------------------------------------------------- */

static bool decode_op_imm(DecodedInsn *d, uint32_t r, bool word)
{
    unsigned f3 = f_funct3(r), rd = f_rd(r), rs1 = f_rs1(r);
    int64_t imm = imm_i(r);
    if (!word) {
        static const DecodeOp ops[8] = {OP_ADDI, OP_SLLI, OP_SLTI, OP_SLTIU,
                                        OP_XORI, OP_SRLI, OP_ORI, OP_ANDI};
        DecodeOp op = ops[f3];
        if (f3 == 1 || f3 == 5) {
            unsigned f6 = r >> 26;
            if (f3 == 1 && f6 != 0) {
                return false;
            }
            if (f3 == 5 && f6 == 0x10) {
                op = OP_SRAI;
            } else if (f3 == 5 && f6 != 0) {
                return false;
            }
            imm = bits(r, 25, 20);
        }
        set_x(d, op, rd, rs1, 0, imm);
        return true;
    }
    switch (f3) {
    case 0:
        set_x(d, OP_ADDIW, rd, rs1, 0, imm);
        return true;
    case 1:
        if (f_funct7(r) != 0) {
            return false;
        }
        set_x(d, OP_SLLIW, rd, rs1, 0, bits(r, 24, 20));
        return true;
    case 5:
        if (f_funct7(r) == 0) {
            set_x(d, OP_SRLIW, rd, rs1, 0, bits(r, 24, 20));
        } else if (f_funct7(r) == 0x20) {
            set_x(d, OP_SRAIW, rd, rs1, 0, bits(r, 24, 20));
        } else {
            return false;
        }
        return true;
    default:
        return false;
    }
}

static bool decode_op_reg(DecodedInsn *d, uint32_t r, bool word)
{
    unsigned f3 = f_funct3(r), f7 = f_funct7(r);
    DecodeOp op;
    if (!word) {
        static const DecodeOp base[8] = {OP_ADD, OP_SLL, OP_SLT, OP_SLTU,
                                         OP_XOR, OP_SRL, OP_OR,  OP_AND};
        static const DecodeOp mul[8] = {OP_MUL, OP_MULH, OP_MULHSU, OP_MULHU,
                                        OP_DIV, OP_DIVU, OP_REM,   OP_REMU};
        if (f7 == 0) {
            op = base[f3];
        } else if (f7 == 1) {
            op = mul[f3];
        } else if (f7 == 0x20 && f3 == 0) {
            op = OP_SUB;
        } else if (f7 == 0x20 && f3 == 5) {
            op = OP_SRA;
        } else {
            return false;
        }
    } else {
        static const DecodeOp base[8] = {OP_ADDW,    OP_SLLW,    OP_ILLEGAL,
                                         OP_ILLEGAL, OP_ILLEGAL, OP_SRLW,
                                         OP_ILLEGAL, OP_ILLEGAL};
        static const DecodeOp mul[8] = {OP_MULW,    OP_ILLEGAL, OP_ILLEGAL,
                                        OP_ILLEGAL, OP_DIVW,    OP_DIVUW,
                                        OP_REMW,    OP_REMUW};
        if (f7 == 0) {
            op = base[f3];
        } else if (f7 == 1) {
            op = mul[f3];
        } else if (f7 == 0x20 && f3 == 0) {
            op = OP_SUBW;
        } else if (f7 == 0x20 && f3 == 5) {
            op = OP_SRAW;
        } else {
            return false;
        }
        if (op == OP_ILLEGAL) {
            return false;
        }
    }
    set_x(d, op, f_rd(r), f_rs1(r), f_rs2(r), 0);
    return true;
}

static bool decode_system(DecodedInsn *d, uint32_t r)
{
    unsigned f3 = f_funct3(r);
    if (f3 == 0) {
        switch (r) {
        case 0x00000073:
            set_x(d, OP_ECALL, 0, 0, 0, 0);
            return true;
        case 0x00100073:
            set_x(d, OP_EBREAK, 0, 0, 0, 0);
            return true;
        case 0x10200073:
            set_x(d, OP_SRET, 0, 0, 0, 0);
            return true;
        case 0x30200073:
            set_x(d, OP_MRET, 0, 0, 0, 0);
            return true;
        case 0x10500073:
            set_x(d, OP_WFI, 0, 0, 0, 0);
            return true;
        default:
            if (f_funct7(r) == 0x09 && f_rd(r) == 0) {
                set_x(d, OP_SFENCE_VMA, 0, f_rs1(r), f_rs2(r), 0);
                return true;
            }
            return false;
        }
    }
    static const DecodeOp csr_ops[8] = {OP_ILLEGAL, OP_CSRRW,  OP_CSRRS,
                                        OP_CSRRC,   OP_ILLEGAL, OP_CSRRWI,
                                        OP_CSRRSI,  OP_CSRRCI};
    if (csr_ops[f3] == OP_ILLEGAL) {
        return false;
    }
    set_x(d, csr_ops[f3], f_rd(r), f_rs1(r), 0, r >> 20);
    return true;
}

static bool decode_amo(DecodedInsn *d, uint32_t r)
{
    unsigned f3 = f_funct3(r), f5 = r >> 27;
    if (f3 != 2 && f3 != 3) {
        return false;
    }
    static const DecodeOp ops_w[32] = {
        [0x00] = OP_AMOADD_W,  [0x01] = OP_AMOSWAP_W, [0x02] = OP_LR_W,
        [0x03] = OP_SC_W,      [0x04] = OP_AMOXOR_W,  [0x08] = OP_AMOOR_W,
        [0x0c] = OP_AMOAND_W,  [0x10] = OP_AMOMIN_W,  [0x14] = OP_AMOMAX_W,
        [0x18] = OP_AMOMINU_W, [0x1c] = OP_AMOMAXU_W,
    };
    DecodeOp op = ops_w[f5];
    if (op == OP_ILLEGAL) {
        return false;
    }
    if (op == OP_LR_W && f_rs2(r) != 0) {
        return false;
    }
    if (f3 == 3) {
        /* The .D operations follow the .W ones in the same order. */
        op = (DecodeOp)(op + (OP_LR_D - OP_LR_W));
    }
    set_x(d, op, f_rd(r), f_rs1(r), f_rs2(r), 0);
    return true;
}

/* Sets an FP operation: rd is an f register unless `int_rd`. */
static void set_f(DecodedInsn *d, DecodeOp op, uint32_t r, bool int_rd)
{
    unsigned rd = f_rd(r);
    d->op = op;
    d->rd = int_rd && rd == 0 ? XREG_SINK : rd;
    d->rs1 = f_rs1(r);
    d->rs2 = f_rs2(r);
    d->rs3 = f_rs3(r);
    d->rm = f_funct3(r);
    d->imm = 0;
}

static bool decode_op_fp(DecodedInsn *d, uint32_t r)
{
    unsigned f7 = f_funct7(r), f3 = f_funct3(r), rs2 = f_rs2(r);
    bool dbl = f7 & 1;
    switch (f7 >> 2) {
    case 0x00:
        set_f(d, dbl ? OP_FADD_D : OP_FADD_S, r, false);
        break;
    case 0x01:
        set_f(d, dbl ? OP_FSUB_D : OP_FSUB_S, r, false);
        break;
    case 0x02:
        set_f(d, dbl ? OP_FMUL_D : OP_FMUL_S, r, false);
        break;
    case 0x03:
        set_f(d, dbl ? OP_FDIV_D : OP_FDIV_S, r, false);
        break;
    case 0x0b:
        if (rs2 != 0 || (f7 & 2)) {
            return false;
        }
        set_f(d, dbl ? OP_FSQRT_D : OP_FSQRT_S, r, false);
        break;
    case 0x04: {
        static const DecodeOp s[3] = {OP_FSGNJ_S, OP_FSGNJN_S, OP_FSGNJX_S};
        static const DecodeOp dd[3] = {OP_FSGNJ_D, OP_FSGNJN_D, OP_FSGNJX_D};
        if (f3 > 2) {
            return false;
        }
        set_f(d, dbl ? dd[f3] : s[f3], r, false);
        break;
    }
    case 0x05:
        if (f3 > 1) {
            return false;
        }
        set_f(d, dbl ? (f3 ? OP_FMAX_D : OP_FMIN_D)
                     : (f3 ? OP_FMAX_S : OP_FMIN_S),
              r, false);
        break;
    case 0x08:
        if (f7 == 0x20 && rs2 == 1) {
            set_f(d, OP_FCVT_S_D, r, false);
        } else if (f7 == 0x21 && rs2 == 0) {
            set_f(d, OP_FCVT_D_S, r, false);
        } else {
            return false;
        }
        break;
    case 0x14: {
        static const DecodeOp s[3] = {OP_FLE_S, OP_FLT_S, OP_FEQ_S};
        static const DecodeOp dd[3] = {OP_FLE_D, OP_FLT_D, OP_FEQ_D};
        if (f3 > 2) {
            return false;
        }
        set_f(d, dbl ? dd[f3] : s[f3], r, true);
        break;
    }
    case 0x18: {
        static const DecodeOp s[4] = {OP_FCVT_W_S, OP_FCVT_WU_S, OP_FCVT_L_S,
                                      OP_FCVT_LU_S};
        static const DecodeOp dd[4] = {OP_FCVT_W_D, OP_FCVT_WU_D,
                                       OP_FCVT_L_D, OP_FCVT_LU_D};
        if (rs2 > 3) {
            return false;
        }
        set_f(d, dbl ? dd[rs2] : s[rs2], r, true);
        break;
    }
    case 0x1a: {
        static const DecodeOp s[4] = {OP_FCVT_S_W, OP_FCVT_S_WU, OP_FCVT_S_L,
                                      OP_FCVT_S_LU};
        static const DecodeOp dd[4] = {OP_FCVT_D_W, OP_FCVT_D_WU,
                                       OP_FCVT_D_L, OP_FCVT_D_LU};
        if (rs2 > 3) {
            return false;
        }
        set_f(d, dbl ? dd[rs2] : s[rs2], r, false);
        break;
    }
    case 0x1c:
        if (rs2 != 0 || f3 > 1) {
            return false;
        }
        if (f3 == 0) {
            set_f(d, dbl ? OP_FMV_X_D : OP_FMV_X_W, r, true);
        } else {
            set_f(d, dbl ? OP_FCLASS_D : OP_FCLASS_S, r, true);
        }
        break;
    case 0x1e:
        if (rs2 != 0 || f3 != 0) {
            return false;
        }
        set_f(d, dbl ? OP_FMV_D_X : OP_FMV_W_X, r, false);
        break;
    default:
        return false;
    }
    return (f7 & 2) == 0;
}

/* True if the operation takes a rounding mode from its rm field. */
static bool uses_rm(DecodeOp op)
{
    const char *fmt = op_info[op].format;
    return fmt[0] && fmt[strlen(fmt) - 1] == 'm';
}

static bool decode32(DecodedInsn *d, uint32_t r)
{
    unsigned rd = f_rd(r), rs1 = f_rs1(r), rs2 = f_rs2(r), f3 = f_funct3(r);
    switch (r & 0x7f) {
    case 0x37:
        set_x(d, OP_LUI, rd, 0, 0, imm_u(r));
        return true;
    case 0x17:
        set_x(d, OP_AUIPC, rd, 0, 0, (int64_t)(d->pc + imm_u(r)));
        return true;
    case 0x6f:
        set_x(d, OP_JAL, rd, 0, 0, (int64_t)(d->pc + imm_j(r)));
        return true;
    case 0x67:
        if (f3 != 0) {
            return false;
        }
        set_x(d, OP_JALR, rd, rs1, 0, imm_i(r));
        return true;
    case 0x63: {
        static const DecodeOp ops[8] = {OP_BEQ,     OP_BNE, OP_ILLEGAL,
                                        OP_ILLEGAL, OP_BLT, OP_BGE,
                                        OP_BLTU,    OP_BGEU};
        if (ops[f3] == OP_ILLEGAL) {
            return false;
        }
        set_x(d, ops[f3], 0, rs1, rs2, (int64_t)(d->pc + imm_b(r)));
        return true;
    }
    case 0x03: {
        static const DecodeOp ops[8] = {OP_LB,  OP_LH,  OP_LW,  OP_LD,
                                        OP_LBU, OP_LHU, OP_LWU, OP_ILLEGAL};
        if (ops[f3] == OP_ILLEGAL) {
            return false;
        }
        set_x(d, ops[f3], rd, rs1, 0, imm_i(r));
        return true;
    }
    case 0x23: {
        static const DecodeOp ops[4] = {OP_SB, OP_SH, OP_SW, OP_SD};
        if (f3 > 3) {
            return false;
        }
        set_x(d, ops[f3], 0, rs1, rs2, imm_s(r));
        return true;
    }
    case 0x13:
        return decode_op_imm(d, r, false);
    case 0x1b:
        return decode_op_imm(d, r, true);
    case 0x33:
        return decode_op_reg(d, r, false);
    case 0x3b:
        return decode_op_reg(d, r, true);
    case 0x0f:
        if (f3 == 0) {
            set_x(d, OP_FENCE, 0, 0, 0, 0);
            return true;
        }
        if (f3 == 1) {
            set_x(d, OP_FENCE_I, 0, 0, 0, 0);
            return true;
        }
        return false;
    case 0x73:
        return decode_system(d, r);
    case 0x2f:
        return decode_amo(d, r);
    case 0x07:
        if (f3 != 2 && f3 != 3) {
            return false;
        }
        set_x(d, f3 == 2 ? OP_FLW : OP_FLD, 0, rs1, 0, imm_i(r));
        d->rd = rd;
        return true;
    case 0x27:
        if (f3 != 2 && f3 != 3) {
            return false;
        }
        set_x(d, f3 == 2 ? OP_FSW : OP_FSD, 0, rs1, rs2, imm_s(r));
        return true;
    case 0x43:
    case 0x47:
    case 0x4b:
    case 0x4f: {
        unsigned fmt = bits(r, 26, 25), which = ((r & 0x7f) - 0x43) >> 2;
        static const DecodeOp s[4] = {OP_FMADD_S, OP_FMSUB_S, OP_FNMSUB_S,
                                      OP_FNMADD_S};
        static const DecodeOp dd[4] = {OP_FMADD_D, OP_FMSUB_D, OP_FNMSUB_D,
                                       OP_FNMADD_D};
        if (fmt > 1) {
            return false;
        }
        set_f(d, fmt ? dd[which] : s[which], r, false);
        return true;
    }
    case 0x53:
        return decode_op_fp(d, r);
    default:
        return false;
    }
}

/* ---- 16-bit encodings (expanded to their 32-bit equivalents) ----------- */

static unsigned c_reg(uint32_t r, int lo) { return 8 + ((r >> lo) & 7); }

static bool decode_c0(DecodedInsn *d, uint32_t r)
{
    unsigned rdp = c_reg(r, 2), rs1p = c_reg(r, 7);
    /* Offsets of the 8-byte (ld/sd/fld/fsd) and 4-byte (lw/sw) forms. */
    uint64_t off8 = (bits(r, 12, 10) << 3) | (bits(r, 6, 5) << 6);
    uint64_t off4 = (bits(r, 12, 10) << 3) | (bits(r, 6, 6) << 2) |
                    (bits(r, 5, 5) << 6);
    switch (bits(r, 15, 13)) {
    case 0: {
        uint64_t imm = (bits(r, 12, 11) << 4) | (bits(r, 10, 7) << 6) |
                       (bits(r, 6, 6) << 2) | (bits(r, 5, 5) << 3);
        if (imm == 0) {
            return false;
        }
        set_x(d, OP_ADDI, rdp, 2, 0, imm);
        return true;
    }
    case 1:
        set_x(d, OP_FLD, 0, rs1p, 0, off8);
        d->rd = rdp;
        return true;
    case 2:
        set_x(d, OP_LW, rdp, rs1p, 0, off4);
        return true;
    case 3:
        set_x(d, OP_LD, rdp, rs1p, 0, off8);
        return true;
    case 5:
        set_x(d, OP_FSD, 0, rs1p, rdp, off8);
        return true;
    case 6:
        set_x(d, OP_SW, 0, rs1p, rdp, off4);
        return true;
    case 7:
        set_x(d, OP_SD, 0, rs1p, rdp, off8);
        return true;
    default:
        return false;
    }
}

static bool decode_c1(DecodedInsn *d, uint32_t r)
{
    unsigned rd = bits(r, 11, 7), rdp = c_reg(r, 7), rs2p = c_reg(r, 2);
    int64_t imm6 = sext((bits(r, 12, 12) << 5) | bits(r, 6, 2), 6);
    switch (bits(r, 15, 13)) {
    case 0:
        set_x(d, OP_ADDI, rd, rd, 0, imm6);
        return true;
    case 1:
        if (rd == 0) {
            return false;
        }
        set_x(d, OP_ADDIW, rd, rd, 0, imm6);
        return true;
    case 2:
        set_x(d, OP_ADDI, rd, 0, 0, imm6);
        return true;
    case 3:
        if (rd == 2) {
            int64_t imm = sext((bits(r, 12, 12) << 9) | (bits(r, 6, 6) << 4) |
                                   (bits(r, 5, 5) << 6) | (bits(r, 4, 3) << 7) |
                                   (bits(r, 2, 2) << 5),
                               10);
            if (imm == 0) {
                return false;
            }
            set_x(d, OP_ADDI, 2, 2, 0, imm);
            return true;
        }
        if (imm6 == 0) {
            return false;
        }
        set_x(d, OP_LUI, rd, 0, 0, (int64_t)((uint64_t)imm6 << 12));
        return true;
    case 4: {
        unsigned shamt = (bits(r, 12, 12) << 5) | bits(r, 6, 2);
        switch (bits(r, 11, 10)) {
        case 0:
            set_x(d, OP_SRLI, rdp, rdp, 0, shamt);
            return true;
        case 1:
            set_x(d, OP_SRAI, rdp, rdp, 0, shamt);
            return true;
        case 2:
            set_x(d, OP_ANDI, rdp, rdp, 0, imm6);
            return true;
        default: {
            static const DecodeOp ops[8] = {OP_SUB,  OP_XOR,     OP_OR,
                                            OP_AND,  OP_SUBW,    OP_ADDW,
                                            OP_ILLEGAL, OP_ILLEGAL};
            DecodeOp op = ops[(bits(r, 12, 12) << 2) | bits(r, 6, 5)];
            if (op == OP_ILLEGAL) {
                return false;
            }
            set_x(d, op, rdp, rdp, rs2p, 0);
            return true;
        }
        }
    }
    case 5: {
        int64_t off = sext((bits(r, 12, 12) << 11) | (bits(r, 11, 11) << 4) |
                               (bits(r, 10, 9) << 8) | (bits(r, 8, 8) << 10) |
                               (bits(r, 7, 7) << 6) | (bits(r, 6, 6) << 7) |
                               (bits(r, 5, 3) << 1) | (bits(r, 2, 2) << 5),
                           12);
        set_x(d, OP_JAL, 0, 0, 0, (int64_t)(d->pc + off));
        return true;
    }
    default: {
        int64_t off = sext((bits(r, 12, 12) << 8) | (bits(r, 11, 10) << 3) |
                               (bits(r, 6, 5) << 6) | (bits(r, 4, 3) << 1) |
                               (bits(r, 2, 2) << 5),
                           9);
        set_x(d, bits(r, 15, 13) == 6 ? OP_BEQ : OP_BNE, 0, rdp, 0,
              (int64_t)(d->pc + off));
        return true;
    }
    }
}

static bool decode_c2(DecodedInsn *d, uint32_t r)
{
    unsigned rd = bits(r, 11, 7), rs2 = bits(r, 6, 2);
    uint64_t off8 = (bits(r, 12, 12) << 5) | (bits(r, 6, 5) << 3) |
                    (bits(r, 4, 2) << 6);
    uint64_t off4 = (bits(r, 12, 12) << 5) | (bits(r, 6, 4) << 2) |
                    (bits(r, 3, 2) << 6);
    uint64_t soff8 = (bits(r, 12, 10) << 3) | (bits(r, 9, 7) << 6);
    uint64_t soff4 = (bits(r, 12, 9) << 2) | (bits(r, 8, 7) << 6);
    switch (bits(r, 15, 13)) {
    case 0:
        set_x(d, OP_SLLI, rd, rd, 0, (bits(r, 12, 12) << 5) | rs2);
        return true;
    case 1:
        set_x(d, OP_FLD, 0, 2, 0, off8);
        d->rd = rd;
        return true;
    case 2:
        if (rd == 0) {
            return false;
        }
        set_x(d, OP_LW, rd, 2, 0, off4);
        return true;
    case 3:
        if (rd == 0) {
            return false;
        }
        set_x(d, OP_LD, rd, 2, 0, off8);
        return true;
    case 4:
        if (bits(r, 12, 12) == 0) {
            if (rs2 == 0) {
                if (rd == 0) {
                    return false;
                }
                set_x(d, OP_JALR, 0, rd, 0, 0);
            } else {
                set_x(d, OP_ADD, rd, 0, rs2, 0);
            }
        } else if (rs2 == 0) {
            if (rd == 0) {
                set_x(d, OP_EBREAK, 0, 0, 0, 0);
            } else {
                set_x(d, OP_JALR, 1, rd, 0, 0);
            }
        } else {
            set_x(d, OP_ADD, rd, rd, rs2, 0);
        }
        return true;
    case 5:
        set_x(d, OP_FSD, 0, 2, rs2, soff8);
        return true;
    case 6:
        set_x(d, OP_SW, 0, 2, rs2, soff4);
        return true;
    default:
        set_x(d, OP_SD, 0, 2, rs2, soff8);
        return true;
    }
}

void decode_insn(DecodedInsn *d, uint32_t raw, uint64_t pc)
{
    bool ok;
    memset(d, 0, sizeof(*d));
    d->pc = pc;
    d->len = decode_length(raw);
    d->rm = DECODE_RM_DYN;
    switch (raw & 3) {
    case 0:
        ok = (raw & 0xffff) != 0 && decode_c0(d, raw & 0xffff);
        break;
    case 1:
        ok = decode_c1(d, raw & 0xffff);
        break;
    case 2:
        ok = decode_c2(d, raw & 0xffff);
        break;
    default:
        ok = decode32(d, raw);
        break;
    }
    /* Reserved static rounding modes are illegal at decode time. */
    if (ok && uses_rm(d->op) && (d->rm == 5 || d->rm == 6)) {
        ok = false;
    }
    if (!ok) {
        set_illegal(d, raw);
    }
}

bool decode_ends_block(DecodeOp op)
{
    switch (op) {
    case OP_ILLEGAL:
    case OP_END:
    case OP_JAL:
    case OP_JALR:
    case OP_BEQ:
    case OP_BNE:
    case OP_BLT:
    case OP_BGE:
    case OP_BLTU:
    case OP_BGEU:
    case OP_ECALL:
    case OP_EBREAK:
    case OP_SRET:
    case OP_MRET:
    case OP_WFI:
    case OP_SFENCE_VMA:
    case OP_FENCE_I:
    case OP_CSRRW:
    case OP_CSRRS:
    case OP_CSRRC:
    case OP_CSRRWI:
    case OP_CSRRSI:
    case OP_CSRRCI:
        return true;
    default:
        return false;
    }
}

static const char *xname(unsigned r)
{
    return decode_xreg_names[r == XREG_SINK ? 0 : r];
}

void decode_disasm(const DecodedInsn *d, char *buf, size_t size)
{
    static const char *const rm_names[8] = {"rne", "rtz", "rdn", "rup",
                                            "rmm", "?5",  "?6",  "dyn"};
    const char *fmt = op_info[d->op].format;
    size_t n = (size_t)snprintf(buf, size, "%s", op_info[d->op].mnemonic);
    bool first = true;
    if (n >= size) {
        return; /* truncated, still NUL-terminated */
    }
    if (d->op == OP_ILLEGAL) {
        snprintf(buf + n, size - n, " 0x%0*llx", d->len * 2,
                 (unsigned long long)d->imm);
        return;
    }
    for (const char *f = fmt; *f && n < size; f++) {
        char tmp[48];
        if (*f == ',') {
            continue;
        }
        tmp[0] = 0;
        switch (*f) {
        case 'd': snprintf(tmp, sizeof tmp, "%s", xname(d->rd)); break;
        case 's': snprintf(tmp, sizeof tmp, "%s", xname(d->rs1)); break;
        case 't': snprintf(tmp, sizeof tmp, "%s", xname(d->rs2)); break;
        case 'D': snprintf(tmp, sizeof tmp, "%s", decode_freg_names[d->rd]);
            break;
        case 'S': snprintf(tmp, sizeof tmp, "%s", decode_freg_names[d->rs1]);
            break;
        case 'T': snprintf(tmp, sizeof tmp, "%s", decode_freg_names[d->rs2]);
            break;
        case 'R': snprintf(tmp, sizeof tmp, "%s", decode_freg_names[d->rs3]);
            break;
        case 'i': snprintf(tmp, sizeof tmp, "%lld", (long long)d->imm); break;
        case 'u':
            snprintf(tmp, sizeof tmp, "0x%llx",
                     (unsigned long long)((uint64_t)d->imm >> 12) & 0xfffff);
            break;
        case 'o':
            snprintf(tmp, sizeof tmp, "%lld(%s)", (long long)d->imm,
                     xname(d->rs1));
            break;
        case 'a': snprintf(tmp, sizeof tmp, "(%s)", xname(d->rs1)); break;
        case 'b':
            snprintf(tmp, sizeof tmp, "0x%llx", (unsigned long long)d->imm);
            break;
        case 'c':
            snprintf(tmp, sizeof tmp, "0x%03llx",
                     (unsigned long long)d->imm & 0xfff);
            break;
        case 'z': snprintf(tmp, sizeof tmp, "%u", d->rs1); break;
        case 'm':
            if (d->rm != DECODE_RM_DYN) {
                snprintf(tmp, sizeof tmp, "%s", rm_names[d->rm]);
            }
            break;
        default:
            break;
        }
        if (tmp[0]) {
            n += (size_t)snprintf(buf + n, size - n, "%s%s",
                                  first ? " " : ",", tmp);
            first = false;
        }
    }
}
