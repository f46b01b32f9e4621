/* CPU benchmark kernel: a small register bytecode VM (interpreter-like mix).
 * SPDX-License-Identifier: MIT
 *
 * A 16-register VM with a switch-dispatched loop runs a bytecode program,
 * assembled at start-up, that (1) computes Collatz trajectory lengths for
 * 1..COLLATZ_N with a histogram in VM memory and (2) evaluates a recursive
 * Fibonacci through CALL/RET and a VM data stack.  On the guest this is
 * indirect jumps through a jump table, short data-dependent branches,
 * byte/word loads of the instruction fields and a multiply/remainder now
 * and then: the shape of an interpreter, and hard on an emulator's branch
 * and block-chaining paths. */
#include "bench.h"

#define COLLATZ_N 40000
#define FIB_N 24
#define EXPECTED 0x74c92cca13c2537aULL

#define MEM_WORDS 8192   /* VM memory, 64-bit words; addresses wrap */
#define HIST_BASE 4096   /* histogram of trajectory lengths in VM memory */
#define HIST_SIZE 251    /* prime, so the bucket needs a real remainder */
#define CALL_DEPTH 256   /* return-address stack; wraps */
#define MAX_CODE 128
#define MAX_LABELS 16

enum {
    OP_HALT, OP_LI, OP_MOV, OP_ADD, OP_SUB, OP_MUL, OP_REMU, OP_ANDI,
    OP_ADDI, OP_SHRI, OP_LOAD, OP_STORE, OP_JMP, OP_BEQZ, OP_BEQ, OP_BNE,
    OP_BLT, OP_CALL, OP_RET,
};

typedef struct {
    uint8_t op, a, b, c;
    int32_t imm; /* immediate, or label number until resolved, then pc */
} Insn;

static Insn code[MAX_CODE];
static int code_len;
static int label_pc[MAX_LABELS];
static int64_t mem[MEM_WORDS];

static void emit(int op, int a, int b, int c, int32_t imm)
{
    code[code_len++] = (Insn){
        .op = (uint8_t)op, .a = (uint8_t)a, .b = (uint8_t)b,
        .c = (uint8_t)c, .imm = imm,
    };
}

static void label(int l)
{
    label_pc[l] = code_len;
}

static int is_control(int op)
{
    return op == OP_JMP || op == OP_BEQZ || op == OP_BEQ || op == OP_BNE ||
           op == OP_BLT || op == OP_CALL;
}

enum {
    L_OUTER, L_INNER, L_EVEN, L_NEXT, L_DONE, L_NOMAX, L_FIB, L_BASE,
};

/* Registers: r1 fib argument, r2 fib result, r3 scratch, r4 n, r5 limit,
 * r6 total steps, r7 max steps, r8 x, r9 steps, r10 one, r11 three,
 * r12 two, r13/r14 scratch, r15 VM stack pointer (word address). */
static void assemble(void)
{
    emit(OP_LI, 4, 0, 0, 1);
    emit(OP_LI, 5, 0, 0, COLLATZ_N + 1);
    emit(OP_LI, 6, 0, 0, 0);
    emit(OP_LI, 7, 0, 0, 0);
    emit(OP_LI, 10, 0, 0, 1);
    emit(OP_LI, 11, 0, 0, 3);
    emit(OP_LI, 12, 0, 0, 2);
    emit(OP_LI, 3, 0, 0, HIST_SIZE);
    label(L_OUTER);
    emit(OP_MOV, 8, 4, 0, 0);
    emit(OP_LI, 9, 0, 0, 0);
    emit(OP_BEQ, 8, 10, 0, L_DONE);
    label(L_INNER);
    emit(OP_ANDI, 13, 8, 0, 1);
    emit(OP_BEQZ, 13, 0, 0, L_EVEN);
    emit(OP_MUL, 8, 8, 11, 0);
    emit(OP_ADDI, 8, 8, 0, 1);
    emit(OP_JMP, 0, 0, 0, L_NEXT);
    label(L_EVEN);
    emit(OP_SHRI, 8, 8, 0, 1);
    label(L_NEXT);
    emit(OP_ADDI, 9, 9, 0, 1);
    emit(OP_BNE, 8, 10, 0, L_INNER);
    label(L_DONE);
    emit(OP_ADD, 6, 6, 9, 0);
    emit(OP_BLT, 9, 7, 0, L_NOMAX);
    emit(OP_MOV, 7, 9, 0, 0);
    label(L_NOMAX);
    emit(OP_REMU, 13, 9, 3, 0);
    emit(OP_LOAD, 14, 13, 0, HIST_BASE);
    emit(OP_ADDI, 14, 14, 0, 1);
    emit(OP_STORE, 14, 13, 0, HIST_BASE);
    emit(OP_ADDI, 4, 4, 0, 1);
    emit(OP_BLT, 4, 5, 0, L_OUTER);
    /* Recursive Fibonacci. */
    emit(OP_LI, 15, 0, 0, 0);
    emit(OP_LI, 1, 0, 0, FIB_N);
    emit(OP_CALL, 0, 0, 0, L_FIB);
    emit(OP_HALT, 0, 0, 0, 0);
    /* fib(r1) -> r2; clobbers r1, r3; keeps r15 balanced. */
    label(L_FIB);
    emit(OP_BLT, 1, 12, 0, L_BASE);
    emit(OP_STORE, 1, 15, 0, 0);
    emit(OP_ADDI, 15, 15, 0, 1);
    emit(OP_ADDI, 1, 1, 0, -1);
    emit(OP_CALL, 0, 0, 0, L_FIB);
    emit(OP_LOAD, 1, 15, 0, -1);
    emit(OP_STORE, 2, 15, 0, 0);
    emit(OP_ADDI, 15, 15, 0, 1);
    emit(OP_ADDI, 1, 1, 0, -2);
    emit(OP_CALL, 0, 0, 0, L_FIB);
    emit(OP_ADDI, 15, 15, 0, -1);
    emit(OP_LOAD, 3, 15, 0, 0);
    emit(OP_ADD, 2, 2, 3, 0);
    emit(OP_ADDI, 15, 15, 0, -1);
    emit(OP_RET, 0, 0, 0, 0);
    label(L_BASE);
    emit(OP_MOV, 2, 1, 0, 0);
    emit(OP_RET, 0, 0, 0, 0);

    for (int i = 0; i < code_len; i++) {
        if (is_control(code[i].op)) {
            code[i].imm = label_pc[code[i].imm];
        }
    }
}

/* Runs the program from pc 0 to HALT; returns the VM instruction count. */
static uint64_t vm_run(int64_t reg[16])
{
    uint32_t ret_stack[CALL_DEPTH];
    unsigned rsp = 0;
    uint32_t pc = 0;
    uint64_t executed = 0;
    for (;;) {
        const Insn *in = &code[pc++];
        executed++;
        switch (in->op) {
        case OP_HALT:
            return executed;
        case OP_LI:
            reg[in->a] = in->imm;
            break;
        case OP_MOV:
            reg[in->a] = reg[in->b];
            break;
        case OP_ADD:
            reg[in->a] = reg[in->b] + reg[in->c];
            break;
        case OP_SUB:
            reg[in->a] = reg[in->b] - reg[in->c];
            break;
        case OP_MUL:
            reg[in->a] = reg[in->b] * reg[in->c];
            break;
        case OP_REMU:
            reg[in->a] = reg[in->c] == 0
                             ? reg[in->b]
                             : (int64_t)((uint64_t)reg[in->b] %
                                         (uint64_t)reg[in->c]);
            break;
        case OP_ANDI:
            reg[in->a] = reg[in->b] & in->imm;
            break;
        case OP_ADDI:
            reg[in->a] = reg[in->b] + in->imm;
            break;
        case OP_SHRI:
            reg[in->a] = (int64_t)((uint64_t)reg[in->b] >> (in->imm & 63));
            break;
        case OP_LOAD:
            reg[in->a] = mem[(uint64_t)(reg[in->b] + in->imm) %
                             MEM_WORDS];
            break;
        case OP_STORE:
            mem[(uint64_t)(reg[in->b] + in->imm) % MEM_WORDS] = reg[in->a];
            break;
        case OP_JMP:
            pc = (uint32_t)in->imm;
            break;
        case OP_BEQZ:
            if (reg[in->a] == 0) {
                pc = (uint32_t)in->imm;
            }
            break;
        case OP_BEQ:
            if (reg[in->a] == reg[in->b]) {
                pc = (uint32_t)in->imm;
            }
            break;
        case OP_BNE:
            if (reg[in->a] != reg[in->b]) {
                pc = (uint32_t)in->imm;
            }
            break;
        case OP_BLT:
            if (reg[in->a] < reg[in->b]) {
                pc = (uint32_t)in->imm;
            }
            break;
        case OP_CALL:
            ret_stack[rsp++ % CALL_DEPTH] = pc;
            pc = (uint32_t)in->imm;
            break;
        case OP_RET:
            pc = ret_stack[--rsp % CALL_DEPTH];
            break;
        default:
            /* cannot happen: assemble() emits only known opcodes */
            return 0;
        }
    }
}

int main(void)
{
    int64_t reg[16] = {0};
    assemble();
    uint64_t executed = vm_run(reg);
    uint64_t acc = 0;
    acc = bench_mix(acc, executed);
    acc = bench_mix(acc, (uint64_t)reg[6]); /* total Collatz steps */
    acc = bench_mix(acc, (uint64_t)reg[7]); /* longest trajectory */
    acc = bench_mix(acc, (uint64_t)reg[2]); /* fib(FIB_N) */
    for (int i = 0; i < HIST_SIZE; i++) {
        acc = bench_mix(acc, (uint64_t)mem[HIST_BASE + i]);
    }
    return bench_report("interp", acc, EXPECTED);
}
