/* Unit test of cpu_run()'s exact instruction budget (src/cpu/exec.c).
 * SPDX-License-Identifier: MIT
 *
 * The machine's clock and every replay event depend on cpu_run(h, n)
 * retiring exactly n instructions unless the hart stops earlier.  Each
 * program below is a loop whose blocks chain to themselves; one hart runs
 * it with a sequence of random budgets, a second hart (on its own RAM) runs
 * the same total in one call, and both must retire exactly what they were
 * given and end in the same architectural state.
 *
 * Regression: a chained block reached with no budget left ran its first
 * instruction from the scratch block anyway (one instruction too many);
 * on a multi-hart machine the quantum counter then wrapped and one hart
 * kept the CPU for ever (OpenSBI's BSS-clearing loop hung Linux at
 * --smp 4). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"
#include "cpu/physmem.h"
#include "unit.h"

#define RAM_BASE 0x80000000ULL
#define RAM_SIZE (1ULL << 20)

static uint64_t get_time(void *opaque, Hart *h)
{
    (void)opaque;
    (void)h;
    return 0;
}

typedef struct Program {
    const char *name;
    const uint16_t *code; /* little-endian halfwords */
    size_t halfwords;
} Program;

/* s4 = RAM + 4K, s5 = RAM + 64K; then
 * loop: sd zero,0(s4); c.addi s4,8; blt s4,s5,loop; c.j . */
static const uint16_t store_loop[] = {
    0x0a17, 0x0000, /* auipc s4,0 */
    0x6a85,         /* c.lui s5,0x1 */
    0x9a56,         /* c.add s4,s5 */
    0x6ac1,         /* c.lui s5,0x10 */
    0x9ad2,         /* c.add s5,s4 */
    0x3023, 0x000a, /* sd zero,0(s4) */
    0x0a21,         /* c.addi s4,8 */
    0x4de3, 0xff5a, /* blt s4,s5,-6 */
    0xa001,         /* c.j . */
};

/* A one-instruction block that links to itself: c.j . */
static const uint16_t self_jump[] = {0xa001};

/* loop: c.addi s0,1; c.addi s1,1; c.j loop (three-instruction block) */
static const uint16_t add_loop[] = {0x0405, 0x0485, 0xbff5};

static const Program programs[] = {
    {"store loop", store_loop, ARRAY_SIZE(store_loop)},
    {"self jump", self_jump, ARRAY_SIZE(self_jump)},
    {"add loop", add_loop, ARRAY_SIZE(add_loop)},
};

static Hart *new_hart(const Program *p, PhysMem **mem_out)
{
    const char *err = NULL;
    CpuPlatform plat = {.get_time = get_time};
    PhysMem *mem = physmem_new(RAM_BASE, RAM_SIZE, &err);
    if (mem == NULL) {
        fprintf(stderr, "physmem_new: %s\n", err);
        exit(2);
    }
    Hart *h = cpu_new(mem, &plat, 0);
    if (!physmem_write(mem, RAM_BASE, p->code, p->halfwords * 2)) {
        exit(2);
    }
    cpu_reset(h, RAM_BASE);
    *mem_out = mem;
    return h;
}

static void run_program(const Program *p, unsigned seed)
{
    PhysMem *mem_a, *mem_b;
    Hart *a = new_hart(p, &mem_a);
    Hart *b = new_hart(p, &mem_b);
    uint64_t total = 0;
    srand(seed);
    for (int i = 0; i < 5000; i++) {
        uint64_t budget = 1 + (uint64_t)(rand() % 40);
        uint64_t ran = cpu_run(a, budget);
        CHECK_EQ(ran, budget, "%s: call %d retired a different count",
                 p->name, i);
        total += ran;
        if (ran != budget) {
            break;
        }
    }
    CHECK_EQ(cpu_run(b, total), total, "%s: single run", p->name);
    CHECK_EQ(cpu_icount(a), cpu_icount(b), "%s: icount", p->name);
    CHECK_EQ(cpu_get_pc(a), cpu_get_pc(b), "%s: pc", p->name);
    CHECK_EQ(cpu_state_hash(a), cpu_state_hash(b), "%s: state", p->name);
    cpu_free(a);
    cpu_free(b);
    physmem_free(mem_a);
    physmem_free(mem_b);
}

int main(void)
{
    for (size_t i = 0; i < ARRAY_SIZE(programs); i++) {
        for (unsigned seed = 1; seed <= 4; seed++) {
            run_program(&programs[i], seed);
        }
    }
    return unit_finish("test_cpu_budget");
}
