/* The interpreter: runs translated blocks with threaded dispatch.
 * SPDX-License-Identifier: MIT
 *
 * Execution model (see DESIGN.md "Interpreter"):
 *  - A block is a dense array of pre-decoded instructions ending with an
 *    OP_END sentinel or a control transfer.  Handlers jump straight to the
 *    next instruction's handler (computed goto), with no per-instruction
 *    budget check: a block is entered only if it fits in the remaining
 *    budget and is charged as a whole when it ends.  The final partial
 *    block before a stop runs one instruction at a time from a scratch
 *    copy, so cpu_run stops after exactly the requested count.
 *  - Instructions that raise an exception charge only the instructions
 *    before them.  Slow paths that change interrupt or translation state
 *    (MMIO, CSR writes, stores to translated code) set exit_request, and
 *    the block is left right after the instruction, so an interrupt is
 *    always taken at the same instruction however blocks happen to be cut.
 *  - Direct successors on the same virtual page are chained; everything
 *    else goes through the per-privilege jump cache, validated against the
 *    fetch TLB, then the translation cache. */
#include "cpu/cpu_internal.h"
#include "cpu/softfloat.h"

static const void *const *handler_table;

const void *const *cpu_exec_handler_table(void)
{
    return handler_table;
}

/* Reads the raw bits of the instruction at pc (for mtval on illegal
 * instructions found at run time); 0 if it cannot be fetched any more. */
static uint32_t fetch_raw(Hart *h, uint64_t pc)
{
    uint8_t *page;
    uint64_t pa;
    uint32_t lo, hi;
    if (mmu_fetch_translate(h, pc, &page, &pa) != EXC_NONE) {
        return 0;
    }
    lo = (uint32_t)load_le(page + (pc & PAGE_MASK), 2);
    if (decode_length(lo) == 2) {
        return lo;
    }
    if ((pc & PAGE_MASK) == PAGE_SIZE - 2) {
        if (mmu_fetch_translate(h, pc + 2, &page, &pa) != EXC_NONE) {
            return 0;
        }
        hi = (uint32_t)load_le(page, 2);
    } else {
        hi = (uint32_t)load_le(page + (pc & PAGE_MASK) + 2, 2);
    }
    return lo | (hi << 16);
}

/* Builds the scratch block holding one instruction and END. */
static Block *scratch_block(Hart *h, const DecodedInsn *insn)
{
    Block *b = h->scratch;
    b->vpc = insn->pc;
    b->ppc = TLB_INVALID_TAG;
    b->n = 1;
    b->cached = false;
    b->link[0] = b->link[1] = NULL;
    b->insns[0] = *insn;
    decode_insn(&b->insns[1], 0, insn->pc + insn->len);
    b->insns[1].op = OP_END;
    b->insns[1].handler = handler_table[OP_END];
    return b;
}

/* Decodes an instruction that straddles a page boundary (never cached:
 * both pages are translated afresh every time it runs). */
static Block *crossing_block(Hart *h, uint64_t pc, const uint8_t *host)
{
    uint8_t *page;
    uint64_t pa;
    DecodedInsn d;
    int exc = mmu_fetch_translate(h, pc + 2, &page, &pa);
    if (exc != EXC_NONE) {
        cpu_raise_exception(h, exc, pc + 2, pc);
        return NULL;
    }
    decode_insn(&d, (uint32_t)load_le(host, 2) |
                        ((uint32_t)load_le(page, 2) << 16), pc);
    d.handler = handler_table[d.op];
    return scratch_block(h, &d);
}

/* Finds the block at h->pc, translating it if needed.  On a fetch fault
 * the exception is taken and NULL returned. */
static Block *find_block(Hart *h, bool *flushed)
{
    uint64_t pc = h->pc, ppc;
    const TlbEntry *e = &h->tlb_x[(pc >> PAGE_SHIFT) & (TLB_SIZE - 1)];
    const uint8_t *host;
    Block **slot, *b;

    *flushed = false;
    if (likely(e->tag == (pc & ~PAGE_MASK))) {
        host = (const uint8_t *)(uintptr_t)(pc + e->addend);
    } else {
        uint8_t *page;
        uint64_t pa;
        int exc = mmu_fetch_translate(h, pc, &page, &pa);
        if (exc != EXC_NONE) {
            cpu_raise_exception(h, exc, h->fault_tval, pc);
            return NULL;
        }
        host = page + (pc & PAGE_MASK);
    }
    ppc = (uintptr_t)host - h->ram_host_minus_base;
    slot = &h->jc[h->priv][(pc >> 1) & (JC_SIZE - 1)];
    b = *slot;
    if (likely(b != NULL && b->vpc == pc && b->ppc == ppc)) {
        return b;
    }
    if ((pc & PAGE_MASK) == PAGE_SIZE - 2 && decode_length(host[0]) == 4) {
        return crossing_block(h, pc, host);
    }
    b = tcache_get(h, pc, ppc, host, flushed);
    h->jc[h->priv][(pc >> 1) & (JC_SIZE - 1)] = b;
    return b;
}

/* Integer helpers with the RISC-V results for the corner cases. */
static uint64_t div64(int64_t a, int64_t b)
{
    if (b == 0) {
        return ~0ULL;
    }
    if (a == INT64_MIN && b == -1) {
        return (uint64_t)a;
    }
    return (uint64_t)(a / b);
}

static uint64_t rem64(int64_t a, int64_t b)
{
    if (b == 0) {
        return (uint64_t)a;
    }
    if (a == INT64_MIN && b == -1) {
        return 0;
    }
    return (uint64_t)(a % b);
}

static uint64_t div32(int32_t a, int32_t b)
{
    if (b == 0) {
        return ~0ULL;
    }
    if (a == INT32_MIN && b == -1) {
        return (uint64_t)(int64_t)a;
    }
    return (uint64_t)(int64_t)(a / b);
}

static uint64_t rem32(int32_t a, int32_t b)
{
    if (b == 0) {
        return (uint64_t)(int64_t)a;
    }
    if (a == INT32_MIN && b == -1) {
        return 0;
    }
    return (uint64_t)(int64_t)(a % b);
}

static inline uint64_t sx32(uint64_t v)
{
    return (uint64_t)(int64_t)(int32_t)(uint32_t)v;
}

/* Runs blocks until the budget is used up or an exit is requested. */
static void run_blocks(Hart *h)
{
    static const void *const labels[OP_COUNT] = {
#define EXEC_LABEL(name, mnem, fmt) [OP_##name] = &&L_##name,
        DECODE_OPS(EXEC_LABEL)
#undef EXEC_LABEL
    };
    if (unlikely(h == NULL)) {
        handler_table = labels;
        return;
    }
    uint64_t *const x = h->x;
    uint64_t *const f = h->f;
    Block *blk, *prev;
    const DecodedInsn *insn;
    unsigned slot = 0;
    bool flushed;

#define NEXT                                                                 \
    do {                                                                     \
        insn++;                                                              \
        goto *insn->handler;                                                 \
    } while (0)
#define RD x[insn->rd]
#define RS1 x[insn->rs1]
#define RS2 x[insn->rs2]
#define IMM insn->imm
#define NEXT_PC (insn->pc + insn->len)
/* Instructions of this block retired before the current one. */
#define INDEX ((uint32_t)(insn - blk->insns))
#define RAISE(cause, tval)                                                   \
    do {                                                                     \
        uint64_t tval_ = (tval);                                             \
        h->icount += INDEX;                                                  \
        cpu_raise_exception(h, (cause), tval_, insn->pc);                    \
        goto lookup;                                                         \
    } while (0)
/* Around calls that may read the clock or touch devices. */
#define CALL_OUT(expr)                                                       \
    do {                                                                     \
        h->insn_index = INDEX;                                               \
        expr;                                                                \
        h->insn_index = 0;                                                   \
    } while (0)
/* After a slow path: leave at the next instruction if asked to. */
#define CHECK_EXIT()                                                         \
    do {                                                                     \
        if (unlikely(h->exit_request)) {                                     \
            h->pc = NEXT_PC;                                                 \
            h->icount += INDEX + 1;                                          \
            return;                                                          \
        }                                                                    \
    } while (0)
#define JUMP(target, link_slot)                                              \
    do {                                                                     \
        h->pc = (target);                                                    \
        slot = (link_slot);                                                  \
        goto chain;                                                          \
    } while (0)

lookup:
    if (h->exit_request || h->icount >= h->budget_end) {
        return;
    }
    blk = find_block(h, &flushed);
    if (blk == NULL) {
        goto lookup;
    }
enter:
    if (unlikely(blk->n > h->budget_end - h->icount)) {
        /* Reached through a chain link with the budget used up: h->pc is
         * this block's start (JUMP set it), so stop here. */
        if (h->icount >= h->budget_end) {
            return;
        }
        blk = scratch_block(h, &blk->insns[0]);
    }
    insn = blk->insns;
    goto *insn->handler;

chain:
    h->icount += blk->n;
    if (unlikely(h->exit_request)) {
        return;
    }
    if (likely(blk->link[slot] != NULL)) {
        blk = blk->link[slot];
        goto enter;
    }
    if (h->icount >= h->budget_end) {
        return;
    }
    prev = blk;
    blk = find_block(h, &flushed);
    if (blk == NULL) {
        goto lookup;
    }
    if (prev->cached && blk->cached && !flushed &&
        ((prev->vpc ^ blk->vpc) >> PAGE_SHIFT) == 0) {
        prev->link[slot] = blk;
    }
    goto enter;

illegal_insn:
    RAISE(EXC_ILLEGAL, fetch_raw(h, insn->pc));

L_ILLEGAL:
    RAISE(EXC_ILLEGAL, (uint64_t)IMM);
L_END:
    JUMP(insn->pc, 0);

    /* ---- RV64I ---- */
L_LUI:
L_AUIPC:
    RD = (uint64_t)IMM;
    NEXT;
L_JAL:
    RD = NEXT_PC;
    JUMP((uint64_t)IMM, 1);
L_JALR: {
    uint64_t target = (RS1 + (uint64_t)IMM) & ~1ULL;
    RD = NEXT_PC;
    h->pc = target;
    h->icount += blk->n;
    goto lookup;
}
#define BRANCH(cond)                                                         \
    do {                                                                     \
        if (cond) {                                                          \
            JUMP((uint64_t)IMM, 1);                                          \
        }                                                                    \
        JUMP(NEXT_PC, 0);                                                    \
    } while (0)
L_BEQ:
    BRANCH(RS1 == RS2);
L_BNE:
    BRANCH(RS1 != RS2);
L_BLT:
    BRANCH((int64_t)RS1 < (int64_t)RS2);
L_BGE:
    BRANCH((int64_t)RS1 >= (int64_t)RS2);
L_BLTU:
    BRANCH(RS1 < RS2);
L_BGEU:
    BRANCH(RS1 >= RS2);

/* Loads and stores: the fast path hits the TLB for an access that stays
 * inside one RAM page; everything else goes through mmu.c. */
#define TLB_HIT(tlb, va, size)                                               \
    ((tlb)->tag == ((va) & ~PAGE_MASK) && ((va) & PAGE_MASK) <= PAGE_SIZE - (size))
#define LOAD(type, dest, conv, post)                                             \
    do {                                                                     \
        uint64_t va_ = RS1 + (uint64_t)IMM;                                  \
        const TlbEntry *e_ =                                                 \
            &h->tlb_r[(va_ >> PAGE_SHIFT) & (TLB_SIZE - 1)];                 \
        if (likely(TLB_HIT(e_, va_, sizeof(type)))) {                        \
            type v_;                                                         \
            memcpy(&v_, (const void *)(uintptr_t)(va_ + e_->addend),         \
                   sizeof v_);                                               \
            dest = conv(v_);                                                 \
            post;                                                            \
        } else {                                                             \
            uint64_t val_;                                                   \
            int exc_;                                                        \
            CALL_OUT(exc_ = mmu_load_slow(h, va_, sizeof(type), &val_));     \
            if (unlikely(exc_ != EXC_NONE)) {                                \
                RAISE(exc_, h->fault_tval);                                  \
            }                                                                \
            dest = conv((type)val_);                                         \
            post;                                                            \
            CHECK_EXIT();                                                    \
        }                                                                    \
        NEXT;                                                                \
    } while (0)
#define STORE(type, value)                                                   \
    do {                                                                     \
        uint64_t va_ = RS1 + (uint64_t)IMM;                                  \
        const TlbEntry *e_ =                                                 \
            &h->tlb_w[(va_ >> PAGE_SHIFT) & (TLB_SIZE - 1)];                 \
        type v_ = (type)(value);                                             \
        if (likely(TLB_HIT(e_, va_, sizeof(type)))) {                        \
            memcpy((void *)(uintptr_t)(va_ + e_->addend), &v_, sizeof v_);   \
        } else {                                                             \
            int exc_;                                                        \
            CALL_OUT(exc_ = mmu_store_slow(h, va_, sizeof(type), v_));       \
            if (unlikely(exc_ != EXC_NONE)) {                                \
                RAISE(exc_, h->fault_tval);                                  \
            }                                                                \
            CHECK_EXIT();                                                    \
        }                                                                    \
        NEXT;                                                                \
    } while (0)
#define SEXT(v) ((uint64_t)(int64_t)(v))
#define ZEXT(v) ((uint64_t)(v))
L_LB:
    LOAD(int8_t, RD, SEXT, (void)0);
L_LH:
    LOAD(int16_t, RD, SEXT, (void)0);
L_LW:
    LOAD(int32_t, RD, SEXT, (void)0);
L_LD:
    LOAD(uint64_t, RD, ZEXT, (void)0);
L_LBU:
    LOAD(uint8_t, RD, ZEXT, (void)0);
L_LHU:
    LOAD(uint16_t, RD, ZEXT, (void)0);
L_LWU:
    LOAD(uint32_t, RD, ZEXT, (void)0);
L_SB:
    STORE(uint8_t, RS2);
L_SH:
    STORE(uint16_t, RS2);
L_SW:
    STORE(uint32_t, RS2);
L_SD:
    STORE(uint64_t, RS2);

L_ADDI:
    RD = RS1 + (uint64_t)IMM;
    NEXT;
L_SLTI:
    RD = (int64_t)RS1 < IMM;
    NEXT;
L_SLTIU:
    RD = RS1 < (uint64_t)IMM;
    NEXT;
L_XORI:
    RD = RS1 ^ (uint64_t)IMM;
    NEXT;
L_ORI:
    RD = RS1 | (uint64_t)IMM;
    NEXT;
L_ANDI:
    RD = RS1 & (uint64_t)IMM;
    NEXT;
L_SLLI:
    RD = RS1 << IMM;
    NEXT;
L_SRLI:
    RD = RS1 >> IMM;
    NEXT;
L_SRAI:
    RD = (uint64_t)((int64_t)RS1 >> IMM);
    NEXT;
L_ADD:
    RD = RS1 + RS2;
    NEXT;
L_SUB:
    RD = RS1 - RS2;
    NEXT;
L_SLL:
    RD = RS1 << (RS2 & 63);
    NEXT;
L_SLT:
    RD = (int64_t)RS1 < (int64_t)RS2;
    NEXT;
L_SLTU:
    RD = RS1 < RS2;
    NEXT;
L_XOR:
    RD = RS1 ^ RS2;
    NEXT;
L_SRL:
    RD = RS1 >> (RS2 & 63);
    NEXT;
L_SRA:
    RD = (uint64_t)((int64_t)RS1 >> (RS2 & 63));
    NEXT;
L_OR:
    RD = RS1 | RS2;
    NEXT;
L_AND:
    RD = RS1 & RS2;
    NEXT;
L_ADDIW:
    RD = sx32(RS1 + (uint64_t)IMM);
    NEXT;
L_SLLIW:
    RD = sx32((uint32_t)RS1 << IMM);
    NEXT;
L_SRLIW:
    RD = sx32((uint32_t)RS1 >> IMM);
    NEXT;
L_SRAIW:
    RD = (uint64_t)(int64_t)((int32_t)(uint32_t)RS1 >> IMM);
    NEXT;
L_ADDW:
    RD = sx32(RS1 + RS2);
    NEXT;
L_SUBW:
    RD = sx32(RS1 - RS2);
    NEXT;
L_SLLW:
    RD = sx32((uint32_t)RS1 << (RS2 & 31));
    NEXT;
L_SRLW:
    RD = sx32((uint32_t)RS1 >> (RS2 & 31));
    NEXT;
L_SRAW:
    RD = (uint64_t)(int64_t)((int32_t)(uint32_t)RS1 >> (RS2 & 31));
    NEXT;
L_FENCE:
    NEXT;
L_FENCE_I:
    /* Stores into translated code already dropped the stale blocks, so
     * there is nothing to synchronise; the block ends here anyway. */
    JUMP(NEXT_PC, 0);
L_ECALL:
    RAISE(EXC_ECALL_U + h->priv, 0);
L_EBREAK:
    RAISE(EXC_BREAKPOINT, 0); /* QEMU 7.2 leaves tval 0 for ebreak */

    /* ---- Zicsr ---- */
    {
        uint64_t csr_src, csr_old;
        bool want_read, want_write;
        unsigned csr_op;
L_CSRRW:
        csr_src = RS1, want_read = insn->rd != XREG_SINK, want_write = true;
        csr_op = 0;
        goto do_csr;
L_CSRRS:
        csr_src = RS1, want_read = true, want_write = insn->rs1 != 0;
        csr_op = 1;
        goto do_csr;
L_CSRRC:
        csr_src = RS1, want_read = true, want_write = insn->rs1 != 0;
        csr_op = 2;
        goto do_csr;
L_CSRRWI:
        csr_src = insn->rs1, want_read = insn->rd != XREG_SINK;
        want_write = true, csr_op = 0;
        goto do_csr;
L_CSRRSI:
        csr_src = insn->rs1, want_read = true, want_write = insn->rs1 != 0;
        csr_op = 1;
        goto do_csr;
L_CSRRCI:
        csr_src = insn->rs1, want_read = true, want_write = insn->rs1 != 0;
        csr_op = 2;
    do_csr: {
        unsigned csr = (unsigned)IMM & 0xfff;
        bool exit = false;
        int exc = EXC_NONE;
        csr_old = 0;
        if (!csr_accessible(h, csr, want_write)) {
            goto illegal_insn;
        }
        if (want_read || csr_op != 0) {
            CALL_OUT(exc = csr_read(h, csr, &csr_old));
        }
        if (exc == EXC_NONE && want_write) {
            uint64_t base = csr_rmw_base(h, csr, csr_old);
            uint64_t nv = csr_op == 0   ? csr_src
                          : csr_op == 1 ? base | csr_src
                                        : base & ~csr_src;
            CALL_OUT(exc = csr_write(h, csr, nv, &exit));
        }
        if (exc != EXC_NONE) {
            goto illegal_insn;
        }
        RD = csr_old;
        if (exit) {
            h->exit_request = true;
        }
        JUMP(NEXT_PC, 0);
    }
    }

    /* ---- privileged ---- */
L_MRET:
    if (h->priv < PRV_M) {
        goto illegal_insn;
    }
    h->icount += INDEX + 1;
    cpu_mret(h);
    h->exit_request = true;
    return;
L_SRET:
    if (h->priv < PRV_S ||
        (h->priv == PRV_S && (h->mstatus & MSTATUS_TSR))) {
        goto illegal_insn;
    }
    h->icount += INDEX + 1;
    cpu_sret(h);
    h->exit_request = true;
    return;
L_WFI:
    if (h->priv == PRV_U ||
        (h->priv == PRV_S && (h->mstatus & MSTATUS_TW))) {
        goto illegal_insn;
    }
    h->pc = NEXT_PC;
    h->icount += INDEX + 1;
    if ((cpu_mip(h) & h->mie) == 0) {
        h->wfi = true;
    }
    h->exit_request = true;
    return;
L_SFENCE_VMA:
    if (h->priv == PRV_U ||
        (h->priv == PRV_S && (h->mstatus & MSTATUS_TVM))) {
        goto illegal_insn;
    }
    if (insn->rs1 == 0) {
        mmu_flush_all(h);
    } else {
        mmu_flush_va(h, RS1);
    }
    h->exit_request = true;
    JUMP(NEXT_PC, 0);

    /* ---- M ---- */
L_MUL:
    RD = RS1 * RS2;
    NEXT;
L_MULH:
    RD = (uint64_t)(((__int128)(int64_t)RS1 * (__int128)(int64_t)RS2) >> 64);
    NEXT;
L_MULHSU:
    RD = (uint64_t)(((__int128)(int64_t)RS1 * (__int128)RS2) >> 64);
    NEXT;
L_MULHU:
    RD = (uint64_t)(((unsigned __int128)RS1 * RS2) >> 64);
    NEXT;
L_DIV:
    RD = div64((int64_t)RS1, (int64_t)RS2);
    NEXT;
L_DIVU:
    RD = RS2 == 0 ? ~0ULL : RS1 / RS2;
    NEXT;
L_REM:
    RD = rem64((int64_t)RS1, (int64_t)RS2);
    NEXT;
L_REMU:
    RD = RS2 == 0 ? RS1 : RS1 % RS2;
    NEXT;
L_MULW:
    RD = sx32(RS1 * RS2);
    NEXT;
L_DIVW:
    RD = div32((int32_t)(uint32_t)RS1, (int32_t)(uint32_t)RS2);
    NEXT;
L_DIVUW:
    RD = (uint32_t)RS2 == 0 ? ~0ULL
                            : sx32((uint32_t)RS1 / (uint32_t)RS2);
    NEXT;
L_REMW:
    RD = rem32((int32_t)(uint32_t)RS1, (int32_t)(uint32_t)RS2);
    NEXT;
L_REMUW:
    RD = (uint32_t)RS2 == 0 ? sx32(RS1)
                            : sx32((uint32_t)RS1 % (uint32_t)RS2);
    NEXT;

    /* ---- A ---- */
#define AMO_ADDR(size, write, host)                                          \
    do {                                                                     \
        int exc_;                                                            \
        if (RS1 & ((size) - 1)) {                                            \
            RAISE((write) ? EXC_STORE_MISALIGNED : EXC_LOAD_MISALIGNED,      \
                  RS1);                                                      \
        }                                                                    \
        const TlbEntry *e_ = &((write) ? h->tlb_w : h->tlb_r)                \
            [(RS1 >> PAGE_SHIFT) & (TLB_SIZE - 1)];                          \
        if (likely(e_->tag == (RS1 & ~PAGE_MASK))) {                         \
            host = (uint8_t *)(uintptr_t)(RS1 + e_->addend);                 \
            break;                                                           \
        }                                                                    \
        CALL_OUT(exc_ = mmu_amo_translate(h, RS1, (size), (write), &host));  \
        if (unlikely(exc_ != EXC_NONE)) {                                    \
            RAISE(exc_, h->fault_tval);                                      \
        }                                                                    \
    } while (0)
#define AMO(type, stype, expr)                                               \
    do {                                                                     \
        uint8_t *p_;                                                         \
        type a, b = (type)RS2;                                               \
        AMO_ADDR(sizeof(type), true, p_);                                    \
        memcpy(&a, p_, sizeof a);                                            \
        type r_ = (expr);                                                    \
        memcpy(p_, &r_, sizeof r_);                                          \
        RD = (uint64_t)(int64_t)(stype)a;                                    \
        CHECK_EXIT();                                                        \
        NEXT;                                                                \
    } while (0)
#define LR(type, stype)                                                      \
    do {                                                                     \
        uint8_t *p_;                                                         \
        type v_;                                                             \
        AMO_ADDR(sizeof(type), false, p_);                                   \
        memcpy(&v_, p_, sizeof v_);                                          \
        h->res_valid = true;                                                 \
        h->res_addr = RS1;                                                   \
        h->res_value = v_;                                                   \
        RD = (uint64_t)(int64_t)(stype)v_;                                   \
        NEXT;                                                                \
    } while (0)
#define SC(type)                                                             \
    do {                                                                     \
        uint8_t *p_;                                                         \
        type v_;                                                             \
        if (!h->res_valid || h->res_addr != RS1) {                           \
            if (RS1 & (sizeof(type) - 1)) {                                  \
                RAISE(EXC_STORE_MISALIGNED, RS1);                            \
            }                                                                \
            h->res_valid = false;                                            \
            RD = 1;                                                          \
            NEXT;                                                            \
        }                                                                    \
        AMO_ADDR(sizeof(type), true, p_);                                    \
        h->res_valid = false;                                                \
        memcpy(&v_, p_, sizeof v_);                                          \
        if (v_ == (type)h->res_value) {                                      \
            v_ = (type)RS2;                                                  \
            memcpy(p_, &v_, sizeof v_);                                      \
            RD = 0;                                                          \
        } else {                                                             \
            RD = 1;                                                          \
        }                                                                    \
        CHECK_EXIT();                                                        \
        NEXT;                                                                \
    } while (0)
L_LR_W:
    LR(uint32_t, int32_t);
L_SC_W:
    SC(uint32_t);
L_AMOSWAP_W:
    AMO(uint32_t, int32_t, b);
L_AMOADD_W:
    AMO(uint32_t, int32_t, a + b);
L_AMOXOR_W:
    AMO(uint32_t, int32_t, a ^ b);
L_AMOAND_W:
    AMO(uint32_t, int32_t, a & b);
L_AMOOR_W:
    AMO(uint32_t, int32_t, a | b);
L_AMOMIN_W:
    AMO(uint32_t, int32_t, (int32_t)a < (int32_t)b ? a : b);
L_AMOMAX_W:
    AMO(uint32_t, int32_t, (int32_t)a > (int32_t)b ? a : b);
L_AMOMINU_W:
    AMO(uint32_t, int32_t, a < b ? a : b);
L_AMOMAXU_W:
    AMO(uint32_t, int32_t, a > b ? a : b);
L_LR_D:
    LR(uint64_t, int64_t);
L_SC_D:
    SC(uint64_t);
L_AMOSWAP_D:
    AMO(uint64_t, int64_t, b);
L_AMOADD_D:
    AMO(uint64_t, int64_t, a + b);
L_AMOXOR_D:
    AMO(uint64_t, int64_t, a ^ b);
L_AMOAND_D:
    AMO(uint64_t, int64_t, a & b);
L_AMOOR_D:
    AMO(uint64_t, int64_t, a | b);
L_AMOMIN_D:
    AMO(uint64_t, int64_t, (int64_t)a < (int64_t)b ? a : b);
L_AMOMAX_D:
    AMO(uint64_t, int64_t, (int64_t)a > (int64_t)b ? a : b);
L_AMOMINU_D:
    AMO(uint64_t, int64_t, a < b ? a : b);
L_AMOMAXU_D:
    AMO(uint64_t, int64_t, a > b ? a : b);

    /* ---- F and D ---- */
    {
        SfFlags fl;
        int rm;
#define FP_CHECK()                                                           \
    do {                                                                     \
        if (unlikely((h->mstatus & MSTATUS_FS) == 0)) {                      \
            goto illegal_insn;                                               \
        }                                                                    \
    } while (0)
#define FP_RM()                                                              \
    do {                                                                     \
        FP_CHECK();                                                          \
        rm = insn->rm == DECODE_RM_DYN ? h->frm : insn->rm;                  \
        if (unlikely(rm > SF_RMM)) {                                         \
            goto illegal_insn;                                               \
        }                                                                    \
        fl = 0;                                                              \
    } while (0)
/* Marks FP state dirty and merges the exception flags. */
#define FP_DONE()                                                            \
    do {                                                                     \
        h->fflags |= fl;                                                     \
        h->mstatus |= MSTATUS_FS;                                            \
        NEXT;                                                                \
    } while (0)
#define F32(r) fp_unbox32(f[r])
#define FS1 F32(insn->rs1)
#define FS2 F32(insn->rs2)
#define FS3 F32(insn->rs3)
#define FD1 f[insn->rs1]
#define FD2 f[insn->rs2]
#define FD3 f[insn->rs3]
#define SETS(v) f[insn->rd] = fp_box32(v)
#define SETD(v) f[insn->rd] = (v)
#define NEG32 0x80000000u
#define NEG64 0x8000000000000000ull

L_FLW:
        FP_CHECK();
        LOAD(uint32_t, f[insn->rd], fp_box32, h->mstatus |= MSTATUS_FS);
L_FLD:
        FP_CHECK();
        LOAD(uint64_t, f[insn->rd], ZEXT, h->mstatus |= MSTATUS_FS);
L_FSW:
        FP_CHECK();
        STORE(uint32_t, f[insn->rs2]);
L_FSD:
        FP_CHECK();
        STORE(uint64_t, f[insn->rs2]);

L_FMADD_S:
        FP_RM();
        SETS(sf_fma_f32(FS1, FS2, FS3, rm, &fl));
        FP_DONE();
L_FMSUB_S:
        FP_RM();
        SETS(sf_fma_f32(FS1, FS2, FS3 ^ NEG32, rm, &fl));
        FP_DONE();
L_FNMSUB_S:
        FP_RM();
        SETS(sf_fma_f32(FS1 ^ NEG32, FS2, FS3, rm, &fl));
        FP_DONE();
L_FNMADD_S:
        FP_RM();
        SETS(sf_fma_f32(FS1 ^ NEG32, FS2, FS3 ^ NEG32, rm, &fl));
        FP_DONE();
L_FADD_S:
        FP_RM();
        SETS(sf_add_f32(FS1, FS2, rm, &fl));
        FP_DONE();
L_FSUB_S:
        FP_RM();
        SETS(sf_sub_f32(FS1, FS2, rm, &fl));
        FP_DONE();
L_FMUL_S:
        FP_RM();
        SETS(sf_mul_f32(FS1, FS2, rm, &fl));
        FP_DONE();
L_FDIV_S:
        FP_RM();
        SETS(sf_div_f32(FS1, FS2, rm, &fl));
        FP_DONE();
L_FSQRT_S:
        FP_RM();
        SETS(sf_sqrt_f32(FS1, rm, &fl));
        FP_DONE();
L_FSGNJ_S:
        FP_CHECK();
        fl = 0;
        SETS((FS1 & ~NEG32) | (FS2 & NEG32));
        FP_DONE();
L_FSGNJN_S:
        FP_CHECK();
        fl = 0;
        SETS((FS1 & ~NEG32) | (~FS2 & NEG32));
        FP_DONE();
L_FSGNJX_S:
        FP_CHECK();
        fl = 0;
        SETS(FS1 ^ (FS2 & NEG32));
        FP_DONE();
L_FMIN_S:
        FP_CHECK();
        fl = 0;
        SETS(sf_min_f32(FS1, FS2, &fl));
        FP_DONE();
L_FMAX_S:
        FP_CHECK();
        fl = 0;
        SETS(sf_max_f32(FS1, FS2, &fl));
        FP_DONE();
L_FCVT_W_S:
        FP_RM();
        RD = (uint64_t)(int64_t)sf_f32_to_i32(FS1, rm, &fl);
        FP_DONE();
L_FCVT_WU_S:
        FP_RM();
        RD = sx32(sf_f32_to_u32(FS1, rm, &fl));
        FP_DONE();
L_FCVT_L_S:
        FP_RM();
        RD = (uint64_t)sf_f32_to_i64(FS1, rm, &fl);
        FP_DONE();
L_FCVT_LU_S:
        FP_RM();
        RD = sf_f32_to_u64(FS1, rm, &fl);
        FP_DONE();
L_FMV_X_W:
        FP_CHECK();
        RD = sx32(f[insn->rs1]);
        NEXT;
L_FEQ_S:
        FP_CHECK();
        fl = 0;
        RD = (uint64_t)sf_eq_f32(FS1, FS2, &fl);
        FP_DONE();
L_FLT_S:
        FP_CHECK();
        fl = 0;
        RD = (uint64_t)sf_lt_f32(FS1, FS2, &fl);
        FP_DONE();
L_FLE_S:
        FP_CHECK();
        fl = 0;
        RD = (uint64_t)sf_le_f32(FS1, FS2, &fl);
        FP_DONE();
L_FCLASS_S:
        FP_CHECK();
        RD = sf_class_f32(FS1);
        NEXT;
L_FCVT_S_W:
        FP_RM();
        SETS(sf_i32_to_f32((int32_t)(uint32_t)RS1, rm, &fl));
        FP_DONE();
L_FCVT_S_WU:
        FP_RM();
        SETS(sf_u32_to_f32((uint32_t)RS1, rm, &fl));
        FP_DONE();
L_FCVT_S_L:
        FP_RM();
        SETS(sf_i64_to_f32((int64_t)RS1, rm, &fl));
        FP_DONE();
L_FCVT_S_LU:
        FP_RM();
        SETS(sf_u64_to_f32(RS1, rm, &fl));
        FP_DONE();
L_FMV_W_X:
        FP_CHECK();
        fl = 0;
        SETS((uint32_t)RS1);
        FP_DONE();

L_FMADD_D:
        FP_RM();
        SETD(sf_fma_f64(FD1, FD2, FD3, rm, &fl));
        FP_DONE();
L_FMSUB_D:
        FP_RM();
        SETD(sf_fma_f64(FD1, FD2, FD3 ^ NEG64, rm, &fl));
        FP_DONE();
L_FNMSUB_D:
        FP_RM();
        SETD(sf_fma_f64(FD1 ^ NEG64, FD2, FD3, rm, &fl));
        FP_DONE();
L_FNMADD_D:
        FP_RM();
        SETD(sf_fma_f64(FD1 ^ NEG64, FD2, FD3 ^ NEG64, rm, &fl));
        FP_DONE();
L_FADD_D:
        FP_RM();
        SETD(sf_add_f64(FD1, FD2, rm, &fl));
        FP_DONE();
L_FSUB_D:
        FP_RM();
        SETD(sf_sub_f64(FD1, FD2, rm, &fl));
        FP_DONE();
L_FMUL_D:
        FP_RM();
        SETD(sf_mul_f64(FD1, FD2, rm, &fl));
        FP_DONE();
L_FDIV_D:
        FP_RM();
        SETD(sf_div_f64(FD1, FD2, rm, &fl));
        FP_DONE();
L_FSQRT_D:
        FP_RM();
        SETD(sf_sqrt_f64(FD1, rm, &fl));
        FP_DONE();
L_FSGNJ_D:
        FP_CHECK();
        fl = 0;
        SETD((FD1 & ~NEG64) | (FD2 & NEG64));
        FP_DONE();
L_FSGNJN_D:
        FP_CHECK();
        fl = 0;
        SETD((FD1 & ~NEG64) | (~FD2 & NEG64));
        FP_DONE();
L_FSGNJX_D:
        FP_CHECK();
        fl = 0;
        SETD(FD1 ^ (FD2 & NEG64));
        FP_DONE();
L_FMIN_D:
        FP_CHECK();
        fl = 0;
        SETD(sf_min_f64(FD1, FD2, &fl));
        FP_DONE();
L_FMAX_D:
        FP_CHECK();
        fl = 0;
        SETD(sf_max_f64(FD1, FD2, &fl));
        FP_DONE();
L_FCVT_S_D:
        FP_RM();
        SETS(sf_f64_to_f32(FD1, rm, &fl));
        FP_DONE();
L_FCVT_D_S:
        FP_RM();
        SETD(sf_f32_to_f64(FS1, &fl));
        FP_DONE();
L_FEQ_D:
        FP_CHECK();
        fl = 0;
        RD = (uint64_t)sf_eq_f64(FD1, FD2, &fl);
        FP_DONE();
L_FLT_D:
        FP_CHECK();
        fl = 0;
        RD = (uint64_t)sf_lt_f64(FD1, FD2, &fl);
        FP_DONE();
L_FLE_D:
        FP_CHECK();
        fl = 0;
        RD = (uint64_t)sf_le_f64(FD1, FD2, &fl);
        FP_DONE();
L_FCLASS_D:
        FP_CHECK();
        RD = sf_class_f64(FD1);
        NEXT;
L_FCVT_W_D:
        FP_RM();
        RD = (uint64_t)(int64_t)sf_f64_to_i32(FD1, rm, &fl);
        FP_DONE();
L_FCVT_WU_D:
        FP_RM();
        RD = sx32(sf_f64_to_u32(FD1, rm, &fl));
        FP_DONE();
L_FCVT_L_D:
        FP_RM();
        RD = (uint64_t)sf_f64_to_i64(FD1, rm, &fl);
        FP_DONE();
L_FCVT_LU_D:
        FP_RM();
        RD = sf_f64_to_u64(FD1, rm, &fl);
        FP_DONE();
L_FMV_X_D:
        FP_CHECK();
        RD = f[insn->rs1];
        NEXT;
L_FCVT_D_W:
        FP_RM();
        SETD(sf_i32_to_f64((int32_t)(uint32_t)RS1, rm, &fl));
        FP_DONE();
L_FCVT_D_WU:
        FP_RM();
        SETD(sf_u32_to_f64((uint32_t)RS1, rm, &fl));
        FP_DONE();
L_FCVT_D_L:
        FP_RM();
        SETD(sf_i64_to_f64((int64_t)RS1, rm, &fl));
        FP_DONE();
L_FCVT_D_LU:
        FP_RM();
        SETD(sf_u64_to_f64(RS1, rm, &fl));
        FP_DONE();
L_FMV_D_X:
        FP_CHECK();
        fl = 0;
        SETD(RS1);
        FP_DONE();
    }
}

void cpu_exec_init(void)
{
    if (handler_table == NULL) {
        run_blocks(NULL);
    }
}

/* Runs exactly one instruction (or takes its exception) and reports it to
 * the trace hook. */
static void run_traced(Hart *h)
{
    uint64_t end = h->budget_end, before = h->icount, pc = h->pc;
    uint32_t raw = fetch_raw(h, pc);
    h->budget_end = before + 1;
    run_blocks(h);
    h->budget_end = end;
    if (h->icount != before) {
        h->trace_fn(h->trace_opaque, h, pc, raw);
    }
}

uint64_t cpu_run(Hart *h, uint64_t max_insns)
{
    uint64_t start = h->icount;
    h->budget_end = start + max_insns;
    h->exit_request = false;
    while (h->icount < h->budget_end) {
        cpu_take_interrupt(h);
        if (h->wfi) {
            if ((cpu_mip(h) & h->mie) == 0) {
                break;
            }
            h->wfi = false;
        }
        if (unlikely(h->trace_fn != NULL)) {
            run_traced(h);
        } else {
            run_blocks(h);
        }
        if (h->exit_request) {
            break;
        }
    }
    return h->icount - start;
}
