/* Translation cache: decoded blocks keyed by (physical, virtual) address,
 * with per-page lists so that writes to code drop exactly the stale
 * blocks.  Blocks live in one arena that is emptied when full.
 * SPDX-License-Identifier: MIT */
#include "cpu/cpu_internal.h"

#include <stdlib.h>

#define TCACHE_ARENA_BYTES (48u << 20)
#define TCACHE_HASH_BITS 16
#define TCACHE_HASH_SIZE (1u << TCACHE_HASH_BITS)

struct TCache {
    uint8_t *arena;
    size_t used;
    Block *hash[TCACHE_HASH_SIZE];
    Block **page_blocks; /* per RAM page: blocks translated from it */
    uint64_t npages;
};

TCache *tcache_new(void)
{
    TCache *tc = base_alloc(sizeof(*tc));
    tc->arena = base_alloc(TCACHE_ARENA_BYTES);
    return tc;
}

void tcache_free(TCache *tc)
{
    if (tc) {
        free(tc->arena);
        free(tc->page_blocks);
        free(tc);
    }
}

static unsigned hash_pc(uint64_t ppc)
{
    return (unsigned)((ppc >> 1) ^ (ppc >> (1 + TCACHE_HASH_BITS))) &
           (TCACHE_HASH_SIZE - 1);
}

static Block **page_list(TCache *tc, PhysMem *m, uint64_t pa)
{
    if (tc->page_blocks == NULL) {
        tc->npages = m->ram_size >> PAGE_SHIFT;
        tc->page_blocks = base_alloc(tc->npages * sizeof(Block *));
    }
    return &tc->page_blocks[(pa - m->ram_base) >> PAGE_SHIFT];
}

static void tcache_flush(TCache *tc)
{
    tc->used = 0;
    memset(tc->hash, 0, sizeof(tc->hash));
    if (tc->page_blocks) {
        memset(tc->page_blocks, 0, tc->npages * sizeof(Block *));
    }
}

/* Empties the whole cache, including every hart's references into it. */
static void flush_everything(TCache *tc, PhysMem *m)
{
    tcache_flush(tc);
    for (uint64_t i = 0; i < m->ram_size >> PAGE_SHIFT; i++) {
        m->page_flags[i] &= (uint8_t)~PHYS_PAGE_CODE;
    }
    for (unsigned i = 0; i < m->nharts; i++) {
        memset(m->harts[i]->jc, 0, sizeof(m->harts[i]->jc));
    }
}

void tcache_invalidate_page(TCache *tc, PhysMem *m, uint64_t pa)
{
    Block **list = page_list(tc, m, pa);
    for (Block *b = *list; b != NULL; b = b->page_next) {
        Block **pp = &tc->hash[hash_pc(b->ppc)];
        while (*pp != b) {
            pp = &(*pp)->hash_next;
        }
        *pp = b->hash_next;
        b->ppc = TLB_INVALID_TAG; /* jump-cache entries no longer match */
    }
    *list = NULL;
    m->page_flags[(pa - m->ram_base) >> PAGE_SHIFT] &=
        (uint8_t)~PHYS_PAGE_CODE;
}

Block *tcache_get(Hart *h, uint64_t vpc, uint64_t ppc, const uint8_t *host,
                  bool *flushed)
{
    TCache *tc = h->mem->tcache;
    PhysMem *m = h->mem;
    const void *const *handlers = cpu_exec_handler_table();
    unsigned bucket = hash_pc(ppc);

    for (Block *b = tc->hash[bucket]; b != NULL; b = b->hash_next) {
        if (b->ppc == ppc && b->vpc == vpc) {
            return b;
        }
    }

    size_t max_bytes =
        sizeof(Block) + (BLOCK_MAX_INSNS + 1) * sizeof(DecodedInsn);
    if (tc->used + max_bytes > TCACHE_ARENA_BYTES) {
        flush_everything(tc, m);
        *flushed = true;
        bucket = hash_pc(ppc);
    }
    Block *b = (Block *)(tc->arena + tc->used);
    uint64_t pc = vpc;
    unsigned off = (unsigned)(vpc & PAGE_MASK), n = 0;
    const uint8_t *page = host - off;

    /* Decode until a block-ending instruction, the end of the page, or an
     * instruction straddling the page end (which gets a block of its own). */
    while (n < BLOCK_MAX_INSNS && off < PAGE_SIZE) {
        uint32_t lo = (uint32_t)load_le(page + off, 2);
        unsigned len = decode_length(lo);
        if (off + len > PAGE_SIZE) {
            break;
        }
        uint32_t raw = len == 4 ? (uint32_t)load_le(page + off, 4) : lo;
        DecodedInsn *d = &b->insns[n++];
        decode_insn(d, raw, pc);
        d->handler = handlers[d->op];
        pc += len;
        off += len;
        if (decode_ends_block((DecodeOp)d->op)) {
            break;
        }
    }
    ASSERT(n > 0);
    DecodedInsn *end = &b->insns[n];
    decode_insn(end, 0, pc);
    end->op = OP_END;
    end->handler = handlers[OP_END];

    b->vpc = vpc;
    b->ppc = ppc;
    b->n = n;
    b->cached = true;
    b->link[0] = b->link[1] = NULL;
    b->hash_next = tc->hash[bucket];
    tc->hash[bucket] = b;
    Block **list = page_list(tc, m, ppc);
    b->page_next = *list;
    *list = b;
    tc->used += sizeof(Block) + (n + 1) * sizeof(DecodedInsn);
    tc->used = (tc->used + 15) & ~(size_t)15;

    uint8_t *flags = &m->page_flags[(ppc - m->ram_base) >> PAGE_SHIFT];
    if (!(*flags & PHYS_PAGE_CODE)) {
        *flags |= PHYS_PAGE_CODE;
        for (unsigned i = 0; i < m->nharts; i++) {
            mmu_flush_write_page(m->harts[i], ppc & ~PAGE_MASK);
        }
    }
    return b;
}
