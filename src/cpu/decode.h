/* Instruction decoder: raw RV64GC encodings to pre-decoded operations.
 * SPDX-License-Identifier: MIT
 *
 * Compressed instructions expand to their 32-bit equivalents here, so the
 * interpreter has one handler per operation.  Writes to x0 are redirected
 * to a sink register (XREG_SINK) at decode time, so handlers never test
 * rd == 0.  The operation list is an X-macro shared by the decoder, the
 * interpreter's handler table and the disassembler. */
#ifndef CPU_DECODE_H
#define CPU_DECODE_H

#include "base/base.h"

/* Index of the sink register that absorbs writes to x0. */
#define XREG_SINK 32

/* X(name, mnemonic, operand format).  Operand letters: d/s/t = x rd/rs1/
 * rs2, D/S/T/R = f rd/rs1/rs2/rs3, i = immediate, u = upper immediate,
 * o = imm(rs1), a = (rs1) for atomics, b = absolute target, c = CSR,
 * z = CSR immediate (in rs1), m = rounding mode when not dynamic. */
#define DECODE_OPS(X)                                                        \
    X(ILLEGAL, "illegal", "")                                                \
    X(END, "<end>", "")                                                      \
    X(LUI, "lui", "d,u")                                                     \
    X(AUIPC, "auipc", "d,b")                                                 \
    X(JAL, "jal", "d,b")                                                     \
    X(JALR, "jalr", "d,o")                                                   \
    X(BEQ, "beq", "s,t,b")                                                   \
    X(BNE, "bne", "s,t,b")                                                   \
    X(BLT, "blt", "s,t,b")                                                   \
    X(BGE, "bge", "s,t,b")                                                   \
    X(BLTU, "bltu", "s,t,b")                                                 \
    X(BGEU, "bgeu", "s,t,b")                                                 \
    X(LB, "lb", "d,o")                                                       \
    X(LH, "lh", "d,o")                                                       \
    X(LW, "lw", "d,o")                                                       \
    X(LD, "ld", "d,o")                                                       \
    X(LBU, "lbu", "d,o")                                                     \
    X(LHU, "lhu", "d,o")                                                     \
    X(LWU, "lwu", "d,o")                                                     \
    X(SB, "sb", "t,o")                                                       \
    X(SH, "sh", "t,o")                                                       \
    X(SW, "sw", "t,o")                                                       \
    X(SD, "sd", "t,o")                                                       \
    X(ADDI, "addi", "d,s,i")                                                 \
    X(SLTI, "slti", "d,s,i")                                                 \
    X(SLTIU, "sltiu", "d,s,i")                                               \
    X(XORI, "xori", "d,s,i")                                                 \
    X(ORI, "ori", "d,s,i")                                                   \
    X(ANDI, "andi", "d,s,i")                                                 \
    X(SLLI, "slli", "d,s,i")                                                 \
    X(SRLI, "srli", "d,s,i")                                                 \
    X(SRAI, "srai", "d,s,i")                                                 \
    X(ADD, "add", "d,s,t")                                                   \
    X(SUB, "sub", "d,s,t")                                                   \
    X(SLL, "sll", "d,s,t")                                                   \
    X(SLT, "slt", "d,s,t")                                                   \
    X(SLTU, "sltu", "d,s,t")                                                 \
    X(XOR, "xor", "d,s,t")                                                   \
    X(SRL, "srl", "d,s,t")                                                   \
    X(SRA, "sra", "d,s,t")                                                   \
    X(OR, "or", "d,s,t")                                                     \
    X(AND, "and", "d,s,t")                                                   \
    X(ADDIW, "addiw", "d,s,i")                                               \
    X(SLLIW, "slliw", "d,s,i")                                               \
    X(SRLIW, "srliw", "d,s,i")                                               \
    X(SRAIW, "sraiw", "d,s,i")                                               \
    X(ADDW, "addw", "d,s,t")                                                 \
    X(SUBW, "subw", "d,s,t")                                                 \
    X(SLLW, "sllw", "d,s,t")                                                 \
    X(SRLW, "srlw", "d,s,t")                                                 \
    X(SRAW, "sraw", "d,s,t")                                                 \
    X(FENCE, "fence", "")                                                    \
    X(FENCE_I, "fence.i", "")                                                \
    X(ECALL, "ecall", "")                                                    \
    X(EBREAK, "ebreak", "")                                                  \
    X(CSRRW, "csrrw", "d,c,s")                                               \
    X(CSRRS, "csrrs", "d,c,s")                                               \
    X(CSRRC, "csrrc", "d,c,s")                                               \
    X(CSRRWI, "csrrwi", "d,c,z")                                             \
    X(CSRRSI, "csrrsi", "d,c,z")                                             \
    X(CSRRCI, "csrrci", "d,c,z")                                             \
    X(SRET, "sret", "")                                                      \
    X(MRET, "mret", "")                                                      \
    X(WFI, "wfi", "")                                                        \
    X(SFENCE_VMA, "sfence.vma", "s,t")                                       \
    X(MUL, "mul", "d,s,t")                                                   \
    X(MULH, "mulh", "d,s,t")                                                 \
    X(MULHSU, "mulhsu", "d,s,t")                                             \
    X(MULHU, "mulhu", "d,s,t")                                               \
    X(DIV, "div", "d,s,t")                                                   \
    X(DIVU, "divu", "d,s,t")                                                 \
    X(REM, "rem", "d,s,t")                                                   \
    X(REMU, "remu", "d,s,t")                                                 \
    X(MULW, "mulw", "d,s,t")                                                 \
    X(DIVW, "divw", "d,s,t")                                                 \
    X(DIVUW, "divuw", "d,s,t")                                               \
    X(REMW, "remw", "d,s,t")                                                 \
    X(REMUW, "remuw", "d,s,t")                                               \
    X(LR_W, "lr.w", "d,a")                                                   \
    X(SC_W, "sc.w", "d,t,a")                                                 \
    X(AMOSWAP_W, "amoswap.w", "d,t,a")                                       \
    X(AMOADD_W, "amoadd.w", "d,t,a")                                         \
    X(AMOXOR_W, "amoxor.w", "d,t,a")                                         \
    X(AMOAND_W, "amoand.w", "d,t,a")                                         \
    X(AMOOR_W, "amoor.w", "d,t,a")                                           \
    X(AMOMIN_W, "amomin.w", "d,t,a")                                         \
    X(AMOMAX_W, "amomax.w", "d,t,a")                                         \
    X(AMOMINU_W, "amominu.w", "d,t,a")                                       \
    X(AMOMAXU_W, "amomaxu.w", "d,t,a")                                       \
    X(LR_D, "lr.d", "d,a")                                                   \
    X(SC_D, "sc.d", "d,t,a")                                                 \
    X(AMOSWAP_D, "amoswap.d", "d,t,a")                                       \
    X(AMOADD_D, "amoadd.d", "d,t,a")                                         \
    X(AMOXOR_D, "amoxor.d", "d,t,a")                                         \
    X(AMOAND_D, "amoand.d", "d,t,a")                                         \
    X(AMOOR_D, "amoor.d", "d,t,a")                                           \
    X(AMOMIN_D, "amomin.d", "d,t,a")                                         \
    X(AMOMAX_D, "amomax.d", "d,t,a")                                         \
    X(AMOMINU_D, "amominu.d", "d,t,a")                                       \
    X(AMOMAXU_D, "amomaxu.d", "d,t,a")                                       \
    X(FLW, "flw", "D,o")                                                     \
    X(FSW, "fsw", "T,o")                                                     \
    X(FLD, "fld", "D,o")                                                     \
    X(FSD, "fsd", "T,o")                                                     \
    X(FMADD_S, "fmadd.s", "D,S,T,R,m")                                       \
    X(FMSUB_S, "fmsub.s", "D,S,T,R,m")                                       \
    X(FNMSUB_S, "fnmsub.s", "D,S,T,R,m")                                     \
    X(FNMADD_S, "fnmadd.s", "D,S,T,R,m")                                     \
    X(FADD_S, "fadd.s", "D,S,T,m")                                           \
    X(FSUB_S, "fsub.s", "D,S,T,m")                                           \
    X(FMUL_S, "fmul.s", "D,S,T,m")                                           \
    X(FDIV_S, "fdiv.s", "D,S,T,m")                                           \
    X(FSQRT_S, "fsqrt.s", "D,S,m")                                           \
    X(FSGNJ_S, "fsgnj.s", "D,S,T")                                           \
    X(FSGNJN_S, "fsgnjn.s", "D,S,T")                                         \
    X(FSGNJX_S, "fsgnjx.s", "D,S,T")                                         \
    X(FMIN_S, "fmin.s", "D,S,T")                                             \
    X(FMAX_S, "fmax.s", "D,S,T")                                             \
    X(FCVT_W_S, "fcvt.w.s", "d,S,m")                                         \
    X(FCVT_WU_S, "fcvt.wu.s", "d,S,m")                                       \
    X(FCVT_L_S, "fcvt.l.s", "d,S,m")                                         \
    X(FCVT_LU_S, "fcvt.lu.s", "d,S,m")                                       \
    X(FMV_X_W, "fmv.x.w", "d,S")                                             \
    X(FEQ_S, "feq.s", "d,S,T")                                               \
    X(FLT_S, "flt.s", "d,S,T")                                               \
    X(FLE_S, "fle.s", "d,S,T")                                               \
    X(FCLASS_S, "fclass.s", "d,S")                                           \
    X(FCVT_S_W, "fcvt.s.w", "D,s,m")                                         \
    X(FCVT_S_WU, "fcvt.s.wu", "D,s,m")                                       \
    X(FCVT_S_L, "fcvt.s.l", "D,s,m")                                         \
    X(FCVT_S_LU, "fcvt.s.lu", "D,s,m")                                       \
    X(FMV_W_X, "fmv.w.x", "D,s")                                             \
    X(FMADD_D, "fmadd.d", "D,S,T,R,m")                                       \
    X(FMSUB_D, "fmsub.d", "D,S,T,R,m")                                       \
    X(FNMSUB_D, "fnmsub.d", "D,S,T,R,m")                                     \
    X(FNMADD_D, "fnmadd.d", "D,S,T,R,m")                                     \
    X(FADD_D, "fadd.d", "D,S,T,m")                                           \
    X(FSUB_D, "fsub.d", "D,S,T,m")                                           \
    X(FMUL_D, "fmul.d", "D,S,T,m")                                           \
    X(FDIV_D, "fdiv.d", "D,S,T,m")                                           \
    X(FSQRT_D, "fsqrt.d", "D,S,m")                                           \
    X(FSGNJ_D, "fsgnj.d", "D,S,T")                                           \
    X(FSGNJN_D, "fsgnjn.d", "D,S,T")                                         \
    X(FSGNJX_D, "fsgnjx.d", "D,S,T")                                         \
    X(FMIN_D, "fmin.d", "D,S,T")                                             \
    X(FMAX_D, "fmax.d", "D,S,T")                                             \
    X(FCVT_S_D, "fcvt.s.d", "D,S,m")                                         \
    X(FCVT_D_S, "fcvt.d.s", "D,S,m")                                         \
    X(FEQ_D, "feq.d", "d,S,T")                                               \
    X(FLT_D, "flt.d", "d,S,T")                                               \
    X(FLE_D, "fle.d", "d,S,T")                                               \
    X(FCLASS_D, "fclass.d", "d,S")                                           \
    X(FCVT_W_D, "fcvt.w.d", "d,S,m")                                         \
    X(FCVT_WU_D, "fcvt.wu.d", "d,S,m")                                       \
    X(FCVT_L_D, "fcvt.l.d", "d,S,m")                                         \
    X(FCVT_LU_D, "fcvt.lu.d", "d,S,m")                                       \
    X(FMV_X_D, "fmv.x.d", "d,S")                                             \
    X(FCVT_D_W, "fcvt.d.w", "D,s,m")                                         \
    X(FCVT_D_WU, "fcvt.d.wu", "D,s,m")                                       \
    X(FCVT_D_L, "fcvt.d.l", "D,s,m")                                         \
    X(FCVT_D_LU, "fcvt.d.lu", "D,s,m")                                       \
    X(FMV_D_X, "fmv.d.x", "D,s")

typedef enum {
#define DECODE_ENUM(name, mnem, fmt) OP_##name,
    DECODE_OPS(DECODE_ENUM)
#undef DECODE_ENUM
    OP_COUNT
} DecodeOp;

/* One pre-decoded instruction; 32 bytes so a block is a dense array. */
typedef struct DecodedInsn {
    const void *handler; /* interpreter entry, filled in by the translator */
    uint64_t pc;         /* virtual address of this instruction */
    int64_t imm;         /* immediate, absolute target, CSR number, or the
                            raw bits of an illegal instruction */
    uint16_t op;         /* DecodeOp */
    uint8_t rd, rs1, rs2, rs3;
    uint8_t len;         /* 2 or 4 bytes */
    uint8_t rm;          /* FP rounding mode field (7 = dynamic) */
} DecodedInsn;

/* Rounding-mode field value meaning "use frm". */
#define DECODE_RM_DYN 7

/* Length in bytes of the instruction whose low 16 bits are `lo`. */
static inline unsigned decode_length(uint32_t lo)
{
    return (lo & 3) == 3 ? 4 : 2;
}

/* Decodes one instruction (for a 2-byte instruction only the low 16 bits of
 * raw are used) located at virtual address pc.  Never fails: unknown or
 * reserved encodings decode to OP_ILLEGAL with the raw bits in imm. */
void decode_insn(DecodedInsn *out, uint32_t raw, uint64_t pc);

/* True if the operation ends a translated block (control transfer, trap,
 * privilege or translation change). */
bool decode_ends_block(DecodeOp op);

/* Writes "mnemonic operands" for d into buf (always NUL-terminated). */
void decode_disasm(const DecodedInsn *d, char *buf, size_t size);

/* Register file the instruction writes: 'x', 'f', or 0 for none. */
char decode_dest_kind(const DecodedInsn *d);

/* Name of an operation, for tests and traces. */
const char *decode_op_name(DecodeOp op);

/* Register names in the standard ABI spelling. */
extern const char *const decode_xreg_names[32];
extern const char *const decode_freg_names[32];

#endif
