/* Seeded random RV64GC test-program generator for differential testing.
 * SPDX-License-Identifier: MIT
 *
 * Writes one bare-metal assembly program (GNU as syntax, linked with
 * guest/baremetal/link.ld) made of K independent random sequences.  Each
 * sequence loads x1..x31, f0..f31, fcsr and a 256-byte scratch buffer from
 * an edge-case-biased random table, runs a straight-line mix of random
 * instructions with short forward branches, then dumps every register, fcsr
 * and the buffer on the UART as one line:
 *
 *   S0003 trap=0 mcause=.. mepc=.. mtval=.. mstatus=.. x01=.. .. x31=..
 *         f00=... .. f31=... fcsr=.. m00=<32 bytes hex> .. me0=...
 *
 * A trap ends the sequence early: the handler dumps the state at the trap
 * (trap=1 and the three trap CSRs) so traps are compared too.  The same
 * program runs under QEMU and rvreplay and the lines must be identical.
 *
 * Only architecturally defined behaviour is generated: no counters or
 * timers, no backward branches, AMOs and LR/SC only on naturally aligned
 * addresses, LR/SC only as a constrained pair with no memory access in
 * between.  Plain scalar loads/stores may be misaligned (QEMU emulates them
 * in M-mode; -A turns them off).
 *
 * Random draws are sequenced statements (never two in one argument list,
 * whose evaluation order C leaves unspecified), so a seed gives the same
 * program whatever the host compiler.
 *
 * Every sequence has its own PRNG stream derived from (seed, index), so
 * `-q I` (only sequence I) and `-t N` (only the first N items of each
 * sequence) reproduce exactly the same instructions as the full program,
 * which is what tests/diff/repro.sh uses to bisect a mismatch. */

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NUM_ITEMS_MIN 50
#define NUM_ITEMS_MAX 200
#define BUF_SIZE 256
/* The reserved base register points at BUF_SIZE / 2 so that plain loads
 * and stores use negative and positive 12-bit offsets. */
#define BASE_OFF (BUF_SIZE / 2)
#define MAX_MNEMONICS 512
#define MAX_PENDING 64

/* Privilege levels as encoded in mstatus.MPP. */
#define PRV_U 0
#define PRV_S 1
#define PRV_M 3

enum {
    CL_INT,
    CL_MUL,
    CL_MEM,
    CL_AMO,
    CL_FP,
    CL_FMEM,
    CL_RVC,
    CL_CSR,
    CL_BR,
    CL_MISC,
    CL_SMC,
    CL_LOOP,
    CL_TRAP,
    CL_COUNT
};

static const char *const class_names[CL_COUNT] = {
    [CL_INT] = "int",   [CL_MUL] = "mul", [CL_MEM] = "mem",
    [CL_AMO] = "amo",   [CL_FP] = "fp",   [CL_FMEM] = "fmem",
    [CL_RVC] = "rvc",   [CL_CSR] = "csr", [CL_BR] = "br",
    [CL_MISC] = "misc", [CL_SMC] = "smc",  [CL_LOOP] = "loop",
    [CL_TRAP] = "trap",
};

/* Relative frequency of each class when all are enabled. */
static const unsigned class_weights[CL_COUNT] = {
    [CL_INT] = 20, [CL_MUL] = 8,  [CL_MEM] = 10, [CL_AMO] = 5,
    [CL_FP] = 26,  [CL_FMEM] = 5, [CL_RVC] = 12, [CL_CSR] = 4,
    [CL_BR] = 7,   [CL_MISC] = 1,  [CL_SMC] = 1,
    [CL_LOOP] = 2,
    /* CL_TRAP is not drawn per item: see TRAP_PERCENT. */
};

/* Share of sequences that end with a deliberate trap (ecall, ebreak,
 * illegal instruction) at a random item. */
#define TRAP_PERCENT 4

typedef struct {
    const char *name;
    unsigned long count;
} Mnemonic;

typedef struct {
    unsigned label;   /* label number within the sequence */
    unsigned item;    /* emitted just before this item index */
} PendingLabel;

/* Generator state.  Everything random comes from rng[]. */
static uint64_t rng[4];
static FILE *out;
static unsigned class_mask = (1u << CL_COUNT) - 1;
static bool allow_misaligned = true;
static unsigned cur_seq;
static unsigned cur_item;
static unsigned label_counter;
static PendingLabel pending[MAX_PENDING];
static unsigned num_pending;
static unsigned base_reg;      /* x8..x15, points at buf + BASE_OFF */
static uint32_t extra_reserved; /* registers a group must not overwrite */
static unsigned cur_mode;       /* privilege of the body: PRV_U/S/M */
/* Per-sequence profile (see pick_profile). */
static unsigned seq_weights[CL_COUNT];
static unsigned fflags_percent; /* read-and-clear fflags after an FP op */
static unsigned fresh_percent;  /* reload FP sources with edge values */
/* f registers just loaded with fresh edge values, preferred as operands
 * of the next FP instruction. */
static bool hot_active;
static unsigned hot_f[2];
static Mnemonic mnemonics[MAX_MNEMONICS];
static unsigned num_mnemonics;
static unsigned long class_counts[CL_COUNT];
static unsigned long total_insns;

/* ---- PRNG: splitmix64 seeds xoshiro256** ---- */

static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static void rng_seed(uint64_t seed, uint64_t stream)
{
    uint64_t s = seed ^ (stream * 0xd1342543de82ef95ULL);
    for (int i = 0; i < 4; i++) {
        rng[i] = splitmix64(&s);
    }
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t rnd64(void)
{
    uint64_t result = rotl(rng[1] * 5, 7) * 9;
    uint64_t t = rng[1] << 17;
    rng[2] ^= rng[0];
    rng[3] ^= rng[1];
    rng[1] ^= rng[2];
    rng[0] ^= rng[3];
    rng[2] ^= t;
    rng[3] = rotl(rng[3], 45);
    return result;
}

/* Uniform in [0, n), n > 0. */
static unsigned rnd(unsigned n)
{
    return (unsigned)(((rnd64() >> 32) * n) >> 32);
}

/* Uniform in [lo, hi]. */
static int rnd_range(int lo, int hi)
{
    return lo + (int)rnd((unsigned)(hi - lo + 1));
}

static bool chance(unsigned percent)
{
    return rnd(100) < percent;
}

#define PICK(arr) ((arr)[rnd(sizeof(arr) / sizeof((arr)[0]))])

/* ---- edge-case-biased values ---- */

static uint64_t rand_xval(void)
{
    static const uint64_t edges[] = {
        0,
        1,
        2,
        UINT64_MAX,
        UINT64_MAX - 1,
        0x8000000000000000ULL,
        0x7fffffffffffffffULL,
        0x8000000000000001ULL,
        0x7fffffffULL,
        0x80000000ULL,
        0xffffffffULL,
        0x100000000ULL,
        0xffffffff80000000ULL,
        0xffffffff7fffffffULL,
        0x000000007ffff800ULL,
        0xfffffffffffff800ULL,
        0x00000000000007ffULL,
        0x5555555555555555ULL,
        0xaaaaaaaaaaaaaaaaULL,
        0x00000000ffff0000ULL,
        0xffff0000ffff0000ULL,
    };
    switch (rnd(8)) {
    case 0:
    case 1:
        return PICK(edges);
    case 2: /* small signed */
        return (uint64_t)(int64_t)rnd_range(-17, 17);
    case 3: /* power of two, maybe minus one or negated */
        {
            uint64_t v = 1ULL << rnd(64);
            switch (rnd(3)) {
            case 0:
                return v;
            case 1:
                return v - 1;
            default:
                return (uint64_t)-(int64_t)v;
            }
        }
    case 4: /* sign-extended random 32-bit */
        return (uint64_t)(int64_t)(int32_t)(uint32_t)rnd64();
    case 5: /* zero-extended random 32-bit */
        return (uint32_t)rnd64();
    default:
        return rnd64();
    }
}

/* edge: only the listed special values. */
static uint32_t rand_f32(bool edge)
{
    static const uint32_t edges[] = {
        0x00000000, 0x80000000,             /* +-0 */
        0x7f800000, 0xff800000,             /* +-inf */
        0x7fc00000, 0xffc00000,             /* canonical qNaN, negative */
        0x7fc00001, 0x7fffffff,             /* qNaN with payload */
        0x7f800001, 0x7fa00000, 0xff800001, /* sNaN */
        0x00000001, 0x80000001, 0x007fffff, /* subnormals */
        0x00800000, 0x80800000,             /* min normal */
        0x7f7fffff, 0xff7fffff,             /* max normal */
        0x3f800000, 0xbf800000,             /* +-1.0 */
        0x3f000000, 0x3fc00000, 0x40200000, /* 0.5 1.5 2.5 (ties) */
        0xbf000000, 0xbfc00000,             /* -0.5 -1.5 */
        0x4f000000, 0xcf000000,             /* +-2^31 */
        0x4effffff, 0x4f800000,             /* below 2^31, 2^32 */
        0x4f7fffff, 0x5f000000, 0xdf000000, /* below 2^32, +-2^63 */
        0x5f800000, 0x5effffff,             /* 2^64, below 2^63 */
        0x3effffff, 0x3f7fffff,             /* just below 0.5, 1 */
        0x33800000, 0x34000000,             /* 2^-24, 2^-23 */
    };
    if (edge) {
        return PICK(edges);
    }
    switch (rnd(4)) {
    case 0:
    case 1:
        return PICK(edges);
    case 2: /* random sign, exponent near bias, random mantissa */
        {
            uint32_t sign = (uint32_t)rnd(2) << 31;
            uint32_t exp = (uint32_t)rnd_range(100, 160) << 23;
            return sign | exp | ((uint32_t)rnd64() & 0x7fffff);
        }
    default:
        return (uint32_t)rnd64();
    }
}

static uint64_t rand_f64(bool edge)
{
    static const uint64_t edges[] = {
        0x0000000000000000ULL, 0x8000000000000000ULL, /* +-0 */
        0x7ff0000000000000ULL, 0xfff0000000000000ULL, /* +-inf */
        0x7ff8000000000000ULL, 0xfff8000000000000ULL, /* qNaN */
        0x7ff8000000000001ULL, 0x7fffffffffffffffULL, /* qNaN payload */
        0x7ff0000000000001ULL, 0x7ff4000000000000ULL, /* sNaN */
        0xfff0000000000001ULL,
        0x0000000000000001ULL, 0x8000000000000001ULL, /* subnormals */
        0x000fffffffffffffULL,
        0x0010000000000000ULL, 0x8010000000000000ULL, /* min normal */
        0x7fefffffffffffffULL, 0xffefffffffffffffULL, /* max normal */
        0x3ff0000000000000ULL, 0xbff0000000000000ULL, /* +-1.0 */
        0x3fe0000000000000ULL, 0x3ff8000000000000ULL, /* 0.5 1.5 */
        0x4004000000000000ULL, 0xbfe0000000000000ULL, /* 2.5 -0.5 */
        0x41e0000000000000ULL, 0xc1e0000000000000ULL, /* +-2^31 */
        0x41dfffffffc00000ULL,                        /* 2^31 - 1 */
        0x41dfffffffe00000ULL,                        /* 2^31 - 0.5 */
        0xc1e0000000100000ULL,                        /* -2^31 - 0.5 */
        0x41efffffffe00000ULL, 0x41f0000000000000ULL, /* 2^32-1, 2^32 */
        0x43e0000000000000ULL, 0xc3e0000000000000ULL, /* +-2^63 */
        0x43dfffffffffffffULL, 0x43f0000000000000ULL, /* <2^63, 2^64 */
        0x43efffffffffffffULL,                        /* below 2^64 */
        0x47efffffe0000000ULL,                        /* FLT_MAX */
        0x47efffffefffffffULL, 0x47effffff0000000ULL, /* FLT_MAX + ulp/2 */
        0x3810000000000000ULL, 0x36a0000000000000ULL, /* FLT_MIN, denorm */
        0x3690000000000000ULL,                        /* half FLT denorm */
        0x3ca0000000000000ULL,                        /* 2^-53 */
    };
    if (edge) {
        return PICK(edges);
    }
    switch (rnd(4)) {
    case 0:
    case 1:
        return PICK(edges);
    case 2:
        {
            uint64_t sign = (uint64_t)rnd(2) << 63;
            uint64_t exp = (uint64_t)rnd_range(1000, 1100) << 52;
            return sign | exp | (rnd64() & 0xfffffffffffffULL);
        }
    default:
        return rnd64();
    }
}

/* An f register image: a double, a properly NaN-boxed single, or a single
 * with a broken box (must read as the canonical NaN in single ops). */
static uint64_t rand_freg(void)
{
    switch (rnd(10)) {
    case 0:
    case 1:
    case 2:
    case 3:
        return rand_f64(false);
    case 4:
        {
            uint64_t hi = chance(50) ? 0 : (rnd64() & 0xffffffff00000000ULL);
            if (hi == 0xffffffff00000000ULL) {
                hi = 0xfffffffe00000000ULL;
            }
            return hi | rand_f32(false);
        }
    default:
        return 0xffffffff00000000ULL | rand_f32(false);
    }
}

/* ---- output helpers ---- */

static void count_mnemonic(const char *mn, unsigned cls)
{
    class_counts[cls]++;
    total_insns++;
    for (unsigned i = 0; i < num_mnemonics; i++) {
        if (strcmp(mnemonics[i].name, mn) == 0) {
            mnemonics[i].count++;
            return;
        }
    }
    if (num_mnemonics < MAX_MNEMONICS) {
        mnemonics[num_mnemonics].name = mn;
        mnemonics[num_mnemonics].count = 1;
        num_mnemonics++;
    }
}

/* Emits one instruction of class cls; mn must be a string literal or
 * otherwise outlive the program (it is kept for the histogram). */
static void emit(unsigned cls, const char *mn, const char *fmt, ...)
{
    va_list ap;
    count_mnemonic(mn, cls);
    fprintf(out, "\t%s\t", mn);
    va_start(ap, fmt);
    vfprintf(out, fmt, ap);
    va_end(ap);
    fputc('\n', out);
}

/* ---- register choice ---- */

static bool is_reserved(unsigned r)
{
    return r == 2 || r == base_reg || (extra_reserved & (1u << r)) != 0;
}

/* Destination x register: never sp, the base or a group's address
 * register; x0 now and then (writes must be dropped). */
static unsigned xdst(void)
{
    if (chance(3)) {
        return 0;
    }
    for (;;) {
        unsigned r = 1 + rnd(31);
        if (!is_reserved(r)) {
            return r;
        }
    }
}

/* Destination, never x0 (for compressed forms that forbid it). */
static unsigned xdst_nz(void)
{
    for (;;) {
        unsigned r = 1 + rnd(31);
        if (!is_reserved(r)) {
            return r;
        }
    }
}

static unsigned xsrc(void)
{
    return rnd(32);
}

static unsigned xsrc_nz(void)
{
    return 1 + rnd(31);
}

/* Compressed register x8..x15. */
static unsigned cdst(void)
{
    for (;;) {
        unsigned r = 8 + rnd(8);
        if (!is_reserved(r)) {
            return r;
        }
    }
}

static unsigned csrc(void)
{
    return 8 + rnd(8);
}

static unsigned freg(void)
{
    if (hot_active && chance(70)) {
        return hot_f[rnd(2)];
    }
    return rnd(32);
}

static const char *rm_name(void)
{
    static const char *const rms[] = {"rne", "rtz", "rdn", "rup", "rmm"};
    return chance(30) ? "dyn" : PICK(rms);
}

static int rand_imm12(void)
{
    static const int edges[] = {0, 1, -1, 2047, -2048, 2046, -2047, 31, 32,
                                63, 64, -32, -64, 0x555, -0x556};
    return chance(40) ? PICK(edges) : rnd_range(-2048, 2047);
}

static unsigned rand_imm20(void)
{
    static const unsigned edges[] = {0, 1, 0x7ffff, 0x80000, 0xfffff,
                                     0x80001, 0x7fffe};
    return chance(40) ? PICK(edges) : rnd(0x100000);
}

/* Nonzero 6-bit signed immediate for the compressed forms. */
static int rand_cimm_nz(void)
{
    int v;
    do {
        v = rnd_range(-32, 31);
    } while (v == 0);
    return v;
}

/* ---- labels for forward branches ---- */

/* A new label placed before item cur_item + 1 + skip (or at the end). */
static unsigned new_forward_label(void)
{
    unsigned l = label_counter++;
    unsigned skip = rnd(5);
    if (num_pending == MAX_PENDING) {
        skip = 0; /* cannot happen with MAX_PENDING > items in flight */
    }
    pending[num_pending].label = l;
    pending[num_pending].item = cur_item + 1 + skip;
    num_pending++;
    return l;
}

static void place_labels(unsigned item, bool all)
{
    unsigned kept = 0;
    for (unsigned i = 0; i < num_pending; i++) {
        if (all || pending[i].item <= item) {
            fprintf(out, ".Lb%u_%u:\n", cur_seq, pending[i].label);
        } else {
            pending[kept++] = pending[i];
        }
    }
    num_pending = kept;
}

/* ---- memory operands ---- */

/* Offset from the base register for an access of `size` bytes inside the
 * buffer; naturally aligned unless misaligned accesses are allowed and
 * chosen. */
static int mem_off(unsigned size, bool force_aligned)
{
    int lo = -BASE_OFF;
    int hi = BUF_SIZE - BASE_OFF - (int)size;
    if (force_aligned || !allow_misaligned || chance(70)) {
        return lo + (int)size * (int)rnd((unsigned)(hi - lo) / size + 1);
    }
    return rnd_range(lo, hi);
}

/* ---- instruction classes ---- */

static void gen_int(void)
{
    static const char *const rr[] = {
        "add", "sub", "sll", "slt", "sltu", "xor", "srl", "sra", "or",
        "and", "addw", "subw", "sllw", "srlw", "sraw",
    };
    static const char *const ri[] = {
        "addi", "slti", "sltiu", "xori", "ori", "andi", "addiw",
    };
    static const char *const sh[] = {"slli", "srli", "srai"};
    static const char *const shw[] = {"slliw", "srliw", "sraiw"};
    switch (rnd(12)) {
    case 0:
    case 1:
    case 2:
    case 3:
        {
            const char *op1 = PICK(rr);
            unsigned op3 = xdst();
            unsigned op4 = xsrc();
            unsigned op5 = xsrc();
            emit(CL_INT, op1, "x%u, x%u, x%u", op3, op4, op5);
        }
        break;
    case 4:
    case 5:
    case 6:
        {
            const char *op1 = PICK(ri);
            unsigned op3 = xdst();
            unsigned op4 = xsrc();
            int op5 = rand_imm12();
            emit(CL_INT, op1, "x%u, x%u, %d", op3, op4, op5);
        }
        break;
    case 7:
        {
            const char *op1 = PICK(sh);
            unsigned op3 = xdst();
            unsigned op4 = xsrc();
            unsigned op5 = chance(30)
                ? PICK(((const unsigned[]){0, 1, 31, 32, 63}))
                : rnd(64);
            emit(CL_INT, op1, "x%u, x%u, %u", op3, op4, op5);
        }
        break;
    case 8:
        {
            const char *op1 = PICK(shw);
            unsigned op3 = xdst();
            unsigned op4 = xsrc();
            unsigned op5 = chance(30) ? PICK(((const unsigned[]){0, 1, 31}))
                                      : rnd(32);
            emit(CL_INT, op1, "x%u, x%u, %u", op3, op4, op5);
        }
        break;
    case 9:
        {
            unsigned op3 = xdst();
            unsigned op4 = rand_imm20();
            emit(CL_INT, "lui", "x%u, 0x%x", op3, op4);
        }
        break;
    case 10:
        {
            unsigned op3 = xdst();
            unsigned op4 = rand_imm20();
            emit(CL_INT, "auipc", "x%u, 0x%x", op3, op4);
        }
        break;
    default:
        /* Reload an interesting value mid-sequence (pseudo, expands). */
        {
            unsigned op3 = xdst();
            unsigned long long op4 = (unsigned long long)rand_xval();
            emit(CL_INT, "li", "x%u, 0x%llx", op3, op4);
        }
        break;
    }
}

static void gen_mul(void)
{
    static const char *const ops[] = {
        "mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu",
        "mulw", "divw", "divuw", "remw", "remuw",
    };
    {
        const char *op1 = PICK(ops);
        unsigned op3 = xdst();
        unsigned op4 = xsrc();
        unsigned op5 = xsrc();
        emit(CL_MUL, op1, "x%u, x%u, x%u", op3, op4, op5);
    }
}

static void gen_mem(void)
{
    static const char *const loads[] = {"lb", "lh", "lw", "ld",
                                        "lbu", "lhu", "lwu"};
    static const unsigned lsize[] = {1, 2, 4, 8, 1, 2, 4};
    static const char *const stores[] = {"sb", "sh", "sw", "sd"};
    static const unsigned ssize[] = {1, 2, 4, 8};
    bool use_sp = chance(15);
    unsigned base = use_sp ? 2 : base_reg;
    int bias = use_sp ? BASE_OFF : 0;
    if (chance(55)) {
        unsigned i = rnd(7);
        {
            unsigned op3 = xdst();
            int op4 = mem_off(lsize[i], false) + bias;
            emit(CL_MEM, loads[i], "x%u, %d(x%u)", op3, op4, base);
        }
    } else {
        unsigned i = rnd(4);
        {
            unsigned op3 = xsrc();
            int op4 = mem_off(ssize[i], false) + bias;
            emit(CL_MEM, stores[i], "x%u, %d(x%u)", op3, op4, base);
        }
    }
}

static void gen_fmem(void)
{
    bool dbl = chance(50);
    unsigned size = dbl ? 8 : 4;
    bool use_sp = chance(15);
    unsigned base = use_sp ? 2 : base_reg;
    int off = mem_off(size, false) + (use_sp ? BASE_OFF : 0);
    if (chance(50)) {
        emit(CL_FMEM, dbl ? "fld" : "flw", "f%u, %d(x%u)", freg(), off, base);
    } else {
        emit(CL_FMEM, dbl ? "fsd" : "fsw", "f%u, %d(x%u)", freg(), off, base);
    }
}

/* Address register for AMO/LR/SC: base + aligned offset, protected from
 * being overwritten until the group ends. */
static unsigned amo_addr(unsigned size)
{
    unsigned a = xdst_nz();
    int off = mem_off(size, true);
    emit(CL_AMO, "addi", "x%u, x%u, %d", a, base_reg, off);
    extra_reserved |= 1u << a;
    return a;
}

static const char *ordering(void)
{
    static const char *const ord[] = {"", "", ".aq", ".rl", ".aqrl"};
    return PICK(ord);
}

/* Mnemonics are built at run time for the ordering suffixes; intern them
 * so the histogram can keep the pointer. */
static const char *intern(const char *s)
{
    for (unsigned i = 0; i < num_mnemonics; i++) {
        if (strcmp(mnemonics[i].name, s) == 0) {
            return mnemonics[i].name;
        }
    }
    char *copy = malloc(strlen(s) + 1);
    if (copy == NULL) {
        fprintf(stderr, "rvgen: out of memory\n");
        exit(2);
    }
    strcpy(copy, s);
    return copy;
}

static void gen_amo(void)
{
    static const char *const ops[] = {
        "amoswap", "amoadd", "amoxor", "amoand", "amoor",
        "amomin",  "amomax", "amominu", "amomaxu",
    };
    char mn[32];
    bool dbl = chance(50);
    unsigned size = dbl ? 8 : 4;
    unsigned a = amo_addr(size);
    if (chance(70)) {
        const char *op = PICK(ops);
        snprintf(mn, sizeof(mn), "%s.%s%s", op, dbl ? "d" : "w", ordering());
        {
            unsigned op3 = xdst();
            unsigned op4 = xsrc();
            emit(CL_AMO, intern(mn), "x%u, x%u, (x%u)", op3, op4, a);
        }
    } else {
        /* Constrained LR/SC pair: at most a few integer ALU instructions
         * in between, same address and width, so the SC must succeed. */
        snprintf(mn, sizeof(mn), "lr.%s%s", dbl ? "d" : "w", ordering());
        emit(CL_AMO, intern(mn), "x%u, (x%u)", xdst(), a);
        unsigned n = rnd(4);
        for (unsigned i = 0; i < n; i++) {
            static const char *const rr[] = {"add", "xor", "sub", "and",
                                             "or", "sltu"};
            {
                const char *op1 = PICK(rr);
                unsigned op3 = xdst();
                unsigned op4 = xsrc();
                unsigned op5 = xsrc();
                emit(CL_INT, op1, "x%u, x%u, x%u", op3, op4, op5);
            }
        }
        snprintf(mn, sizeof(mn), "sc.%s%s", dbl ? "d" : "w", ordering());
        {
            unsigned op3 = xdst();
            unsigned op4 = xsrc();
            emit(CL_AMO, intern(mn), "x%u, x%u, (x%u)", op3, op4, a);
        }
    }
    extra_reserved &= ~(1u << a);
}

static void gen_fp_op(void);

/* An FP instruction, sometimes followed by reading and clearing fflags so
 * that its own exception flags are checked (otherwise a missing flag is
 * masked whenever a later instruction raises the same one). */
static void gen_fp(void)
{
    if (chance(fresh_percent)) {
        /* Fresh edge-case operands: random f registers survive only a few
         * instructions before holding ordinary results. */
        for (unsigned i = 0; i < 2; i++) {
            unsigned t = xdst_nz();
            uint64_t v = chance(50)
                ? rand_f64(true)
                : 0xffffffff00000000ULL | rand_f32(true);
            hot_f[i] = rnd(32);
            emit(CL_FP, "li", "x%u, 0x%llx", t, (unsigned long long)v);
            emit(CL_FP, "fmv.d.x", "f%u, x%u", hot_f[i], t);
        }
        hot_active = true;
    }
    gen_fp_op();
    hot_active = false;
    if (chance(fflags_percent)) {
        emit(CL_FP, "csrrw", "x%u, fflags, x0", xdst());
    }
}

static void gen_fp_op(void)
{
    char mn[32];
    const char *t = chance(50) ? "d" : "s";
    switch (rnd(16)) {
    case 0:
    case 1:
    case 2:
        {
            static const char *const ops[] = {"fadd", "fsub", "fmul", "fdiv"};
            snprintf(mn, sizeof(mn), "%s.%s", PICK(ops), t);
            {
                unsigned op3 = freg();
                unsigned op4 = freg();
                unsigned op5 = freg();
                const char *op6 = rm_name();
                emit(CL_FP, intern(mn), "f%u, f%u, f%u, %s", op3, op4, op5,
                     op6);
            }
            break;
        }
    case 3:
        snprintf(mn, sizeof(mn), "fsqrt.%s", t);
        {
            unsigned op3 = freg();
            unsigned op4 = freg();
            const char *op5 = rm_name();
            emit(CL_FP, intern(mn), "f%u, f%u, %s", op3, op4, op5);
        }
        break;
    case 4:
    case 5:
        {
            static const char *const ops[] = {"fmadd", "fmsub", "fnmsub",
                                              "fnmadd"};
            snprintf(mn, sizeof(mn), "%s.%s", PICK(ops), t);
            {
                unsigned op3 = freg();
                unsigned op4 = freg();
                unsigned op5 = freg();
                unsigned op6 = freg();
                const char *op7 = rm_name();
                emit(CL_FP, intern(mn), "f%u, f%u, f%u, f%u, %s", op3, op4,
                     op5, op6, op7);
            }
            break;
        }
    case 6:
    case 7:
        {
            static const char *const ops[] = {"fmin", "fmax", "fsgnj",
                                              "fsgnjn", "fsgnjx"};
            snprintf(mn, sizeof(mn), "%s.%s", PICK(ops), t);
            {
                unsigned op3 = freg();
                unsigned op4 = freg();
                unsigned op5 = freg();
                emit(CL_FP, intern(mn), "f%u, f%u, f%u", op3, op4, op5);
            }
            break;
        }
    case 8:
        {
            static const char *const ops[] = {"feq", "flt", "fle"};
            snprintf(mn, sizeof(mn), "%s.%s", PICK(ops), t);
            {
                unsigned op3 = xdst();
                unsigned op4 = freg();
                unsigned op5 = freg();
                emit(CL_FP, intern(mn), "x%u, f%u, f%u", op3, op4, op5);
            }
            break;
        }
    case 9:
        snprintf(mn, sizeof(mn), "fclass.%s", t);
        {
            unsigned op3 = xdst();
            unsigned op4 = freg();
            emit(CL_FP, intern(mn), "x%u, f%u", op3, op4);
        }
        break;
    case 10:
    case 11:
        {
            /* float -> int */
            static const char *const it[] = {"w", "wu", "l", "lu"};
            snprintf(mn, sizeof(mn), "fcvt.%s.%s", PICK(it), t);
            {
                unsigned op3 = xdst();
                unsigned op4 = freg();
                const char *op5 = rm_name();
                emit(CL_FP, intern(mn), "x%u, f%u, %s", op3, op4, op5);
            }
            break;
        }
    case 12:
    case 13:
        {
            /* int -> float; fcvt.d.w[u] are exact and take no rm */
            static const char *const it[] = {"w", "wu", "l", "lu"};
            const char *i = PICK(it);
            snprintf(mn, sizeof(mn), "fcvt.%s.%s", t, i);
            if (t[0] == 'd' && i[0] == 'w') {
                {
                    unsigned op3 = freg();
                    unsigned op4 = xsrc();
                    emit(CL_FP, intern(mn), "f%u, x%u", op3, op4);
                }
            } else {
                {
                    unsigned op3 = freg();
                    unsigned op4 = xsrc();
                    const char *op5 = rm_name();
                    emit(CL_FP, intern(mn), "f%u, x%u, %s", op3, op4, op5);
                }
            }
            break;
        }
    case 14:
        if (chance(50)) {
            {
                unsigned op3 = freg();
                unsigned op4 = freg();
                const char *op5 = rm_name();
                emit(CL_FP, "fcvt.s.d", "f%u, f%u, %s", op3, op4, op5);
            }
        } else {
            {
                unsigned op3 = freg();
                unsigned op4 = freg();
                emit(CL_FP, "fcvt.d.s", "f%u, f%u", op3, op4);
            }
        }
        break;
    default:
        switch (rnd(4)) {
        case 0:
            {
                unsigned op3 = xdst();
                unsigned op4 = freg();
                emit(CL_FP, "fmv.x.w", "x%u, f%u", op3, op4);
            }
            break;
        case 1:
            {
                unsigned op3 = xdst();
                unsigned op4 = freg();
                emit(CL_FP, "fmv.x.d", "x%u, f%u", op3, op4);
            }
            break;
        case 2:
            {
                unsigned op3 = freg();
                unsigned op4 = xsrc();
                emit(CL_FP, "fmv.w.x", "f%u, x%u", op3, op4);
            }
            break;
        default:
            {
                unsigned op3 = freg();
                unsigned op4 = xsrc();
                emit(CL_FP, "fmv.d.x", "f%u, x%u", op3, op4);
            }
            break;
        }
        break;
    }
}

static void gen_rvc(void)
{
    switch (rnd(28)) {
    case 0:
        {
            unsigned op3 = xdst_nz();
            int op4 = rand_cimm_nz();
            emit(CL_RVC, "c.addi", "x%u, %d", op3, op4);
        }
        break;
    case 1:
        {
            unsigned op3 = xdst_nz();
            int op4 = rnd_range(-32, 31);
            emit(CL_RVC, "c.addiw", "x%u, %d", op3, op4);
        }
        break;
    case 2:
        {
            unsigned op3 = xdst_nz();
            int op4 = rnd_range(-32, 31);
            emit(CL_RVC, "c.li", "x%u, %d", op3, op4);
        }
        break;
    case 3:
        {
            unsigned rd;
            do {
                rd = xdst_nz();
            } while (rd == 2);
            unsigned imm = chance(50) ? (unsigned)rnd_range(1, 31)
                                      : 0xfffe0u + rnd(32);
            emit(CL_RVC, "c.lui", "x%u, 0x%x", rd, imm);
            break;
        }
    case 4:
        {
            unsigned op3 = xdst_nz();
            unsigned op4 = (unsigned)rnd_range(1, 63);
            emit(CL_RVC, "c.slli", "x%u, %u", op3, op4);
        }
        break;
    case 5:
        {
            unsigned op3 = cdst();
            unsigned op4 = (unsigned)rnd_range(1, 63);
            emit(CL_RVC, "c.srli", "x%u, %u", op3, op4);
        }
        break;
    case 6:
        {
            unsigned op3 = cdst();
            unsigned op4 = (unsigned)rnd_range(1, 63);
            emit(CL_RVC, "c.srai", "x%u, %u", op3, op4);
        }
        break;
    case 7:
        {
            unsigned op3 = cdst();
            int op4 = rnd_range(-32, 31);
            emit(CL_RVC, "c.andi", "x%u, %d", op3, op4);
        }
        break;
    case 8:
        {
            unsigned op3 = xdst_nz();
            unsigned op4 = xsrc_nz();
            emit(CL_RVC, "c.mv", "x%u, x%u", op3, op4);
        }
        break;
    case 9:
        {
            unsigned op3 = xdst_nz();
            unsigned op4 = xsrc_nz();
            emit(CL_RVC, "c.add", "x%u, x%u", op3, op4);
        }
        break;
    case 10:
    case 11:
        {
            static const char *const ops[] = {"c.and", "c.or", "c.xor",
                                              "c.sub", "c.addw", "c.subw"};
            {
                const char *op1 = PICK(ops);
                unsigned op3 = cdst();
                unsigned op4 = csrc();
                emit(CL_RVC, op1, "x%u, x%u", op3, op4);
            }
            break;
        }
    case 12:
        {
            unsigned op3 = cdst();
            unsigned op4 = 4 * rnd(32);
            emit(CL_RVC, "c.lw", "x%u, %u(x%u)", op3, op4, base_reg);
        }
        break;
    case 13:
        {
            unsigned op3 = cdst();
            unsigned op4 = 8 * rnd(16);
            emit(CL_RVC, "c.ld", "x%u, %u(x%u)", op3, op4, base_reg);
        }
        break;
    case 14:
        {
            unsigned op3 = csrc();
            unsigned op4 = 4 * rnd(32);
            emit(CL_RVC, "c.sw", "x%u, %u(x%u)", op3, op4, base_reg);
        }
        break;
    case 15:
        {
            unsigned op3 = csrc();
            unsigned op4 = 8 * rnd(16);
            emit(CL_RVC, "c.sd", "x%u, %u(x%u)", op3, op4, base_reg);
        }
        break;
    case 16:
        {
            unsigned op3 = 8 + rnd(8);
            unsigned op4 = 8 * rnd(16);
            emit(CL_RVC, "c.fld", "f%u, %u(x%u)", op3, op4, base_reg);
        }
        break;
    case 17:
        {
            unsigned op3 = 8 + rnd(8);
            unsigned op4 = 8 * rnd(16);
            emit(CL_RVC, "c.fsd", "f%u, %u(x%u)", op3, op4, base_reg);
        }
        break;
    case 18:
        {
            unsigned op3 = xdst_nz();
            unsigned op4 = 4 * rnd(64);
            emit(CL_RVC, "c.lwsp", "x%u, %u(sp)", op3, op4);
        }
        break;
    case 19:
        {
            unsigned op3 = xdst_nz();
            unsigned op4 = 8 * rnd(32);
            emit(CL_RVC, "c.ldsp", "x%u, %u(sp)", op3, op4);
        }
        break;
    case 20:
        {
            unsigned op3 = xsrc();
            unsigned op4 = 4 * rnd(64);
            emit(CL_RVC, "c.swsp", "x%u, %u(sp)", op3, op4);
        }
        break;
    case 21:
        {
            unsigned op3 = xsrc();
            unsigned op4 = 8 * rnd(32);
            emit(CL_RVC, "c.sdsp", "x%u, %u(sp)", op3, op4);
        }
        break;
    case 22:
        if (chance(50)) {
            {
                unsigned op3 = freg();
                unsigned op4 = 8 * rnd(32);
                emit(CL_RVC, "c.fldsp", "f%u, %u(sp)", op3, op4);
            }
        } else {
            {
                unsigned op3 = freg();
                unsigned op4 = 8 * rnd(32);
                emit(CL_RVC, "c.fsdsp", "f%u, %u(sp)", op3, op4);
            }
        }
        break;
    case 23:
        {
            unsigned op3 = cdst();
            unsigned op4 = 4 * (unsigned)rnd_range(1, 255);
            emit(CL_RVC, "c.addi4spn", "x%u, sp, %u", op3, op4);
        }
        break;
    case 24:
        {
            /* Move sp away and back; read it in between. */
            int imm = 16 * rnd_range(-31, 31);
            if (imm == 0) {
                imm = 16;
            }
            emit(CL_RVC, "c.addi16sp", "sp, %d", imm);
            {
                unsigned op3 = cdst();
                unsigned op4 = 4 * (unsigned)rnd_range(1, 255);
                emit(CL_RVC, "c.addi4spn", "x%u, sp, %u", op3, op4);
            }
            emit(CL_RVC, "c.addi16sp", "sp, %d", -imm);
            break;
        }
    case 25:
        emit(CL_RVC, "c.nop", "");
        break;
    default:
        {
            /* HINT encodings: legal, must do nothing. */
            unsigned imm = (unsigned)rnd_range(1, 63);
            unsigned lo = (imm & 31) << 2;
            unsigned hi = (imm >> 5) << 12;
            unsigned rs2 = 1 + rnd(31);
            unsigned bits;
            const char *name;
            switch (rnd(6)) {
            case 0:
                name = "c.li-x0";
                bits = 0x4001 | hi | lo;
                break;
            case 1:
                name = "c.mv-x0";
                bits = 0x8002 | (rs2 << 2);
                break;
            case 2:
                name = "c.add-x0";
                bits = 0x9002 | (rs2 << 2);
                break;
            case 3:
                name = "c.slli-x0";
                bits = 0x0002 | hi | lo;
                break;
            case 4:
                name = "c.lui-x0";
                bits = 0x6001 | hi | lo;
                break;
            default:
                name = "c.addi-x0";
                bits = 0x0001 | hi | lo;
                break;
            }
            count_mnemonic(name, CL_RVC);
            fprintf(out, "\t.2byte 0x%04x /* HINT %s */\n", bits, name);
            break;
        }
    }
}

/* A value for the frm/fcsr writes: the rounding-mode field (bits 7:5 of
 * fcsr, 2:0 of frm) is mostly a valid mode, since an invalid one makes
 * every later DYN instruction trap and ends the sequence. */
static uint64_t csr_value(bool is_frm)
{
    uint64_t v = chance(50) ? rand_xval() : rnd64();
    unsigned shift = is_frm ? 0 : 5;
    if (chance(93)) {
        v = (v & ~(7ULL << shift)) | ((uint64_t)rnd(5) << shift);
    }
    return v;
}

static void gen_csr(void)
{
    /* The first four are accessible in every mode. */
    static const char *const csrs[] = {"fflags", "frm", "fcsr", "fcsr",
                                       "sscratch", "mscratch"};
    unsigned ncsr = cur_mode == PRV_M ? 6 : cur_mode == PRV_S ? 5 : 4;
    const char *csr = csrs[rnd(ncsr)];
    bool is_frm = strcmp(csr, "frm") == 0;
    bool has_rm = is_frm || strcmp(csr, "fcsr") == 0;
    uint64_t v = has_rm ? csr_value(is_frm) : rand_xval();
    switch (rnd(8)) {
    case 0:
    case 1:
        {
            /* csrrw/csrrs with a chosen value; a set rounding-mode field
             * must stay valid, so only set bits are drawn for csrrs. */
            static const char *const ops[] = {"csrrw", "csrrs"};
            const char *op = PICK(ops);
            unsigned t = xdst_nz();
            if (has_rm && op[4] == 's' && chance(90)) {
                v &= is_frm ? ~7ULL : ~0xe0ULL;
            }
            emit(CL_CSR, "li", "x%u, 0x%llx", t, (unsigned long long)v);
            emit(CL_CSR, op, "x%u, %s, x%u", xdst(), csr, t);
            break;
        }
    case 2:
        /* Clearing bits of a valid rounding mode leaves it valid. */
        {
            unsigned op3 = xdst();
            unsigned op5 = xsrc();
            emit(CL_CSR, "csrrc", "x%u, %s, x%u", op3, csr, op5);
        }
        break;
    case 3:
        {
            unsigned op3 = xdst();
            unsigned op5 = rnd(32);
            emit(CL_CSR, "csrrci", "x%u, %s, %u", op3, csr, op5);
        }
        break;
    case 4:
        emit(CL_CSR, "csrrwi", "x%u, %s, %u", xdst(), csr,
             (unsigned)(v & 31));
        break;
    case 5:
        {
            unsigned op3 = xdst();
            unsigned op5 = is_frm && chance(90) ? 0 : rnd(32);
            emit(CL_CSR, "csrrsi", "x%u, %s, %u", op3, csr, op5);
        }
        break;
    case 6:
        /* Plain read. */
        emit(CL_CSR, "csrrs", "x%u, %s, x0", xdst(), csr);
        break;
    default:
        if (cur_mode == PRV_M) {
            emit(CL_CSR, "csrrs", "x%u, mhartid, x0", xdst());
        } else if (cur_mode == PRV_S) {
            /* The sstatus view of mstatus. */
            emit(CL_CSR, "csrrs", "x%u, sstatus, x0", xdst());
        } else {
            emit(CL_CSR, "csrrs", "x%u, fcsr, x0", xdst());
        }
        break;
    }
}

static void gen_br(void)
{
    static const char *const bops[] = {"beq", "bne", "blt",
                                       "bge", "bltu", "bgeu"};
    unsigned l = new_forward_label();
    switch (rnd(8)) {
    case 0:
    case 1:
    case 2:
        {
            const char *op1 = PICK(bops);
            unsigned op3 = xsrc();
            unsigned op4 = xsrc();
            emit(CL_BR, op1, "x%u, x%u, .Lb%u_%u", op3, op4, cur_seq, l);
        }
        break;
    case 3:
        emit(CL_BR, "jal", "x%u, .Lb%u_%u", xdst(), cur_seq, l);
        break;
    case 4:
        {
            const char *op1 = chance(50) ? "c.beqz" : "c.bnez";
            unsigned op3 = csrc();
            emit(CL_BR, op1, "x%u, .Lb%u_%u", op3, cur_seq, l);
        }
        break;
    case 5:
        emit(CL_BR, "c.j", ".Lb%u_%u", cur_seq, l);
        break;
    case 6:
        {
            /* jalr with an offset; an odd sum checks that bit 0 is
             * cleared. */
            unsigned t = xdst_nz();
            int off = rnd_range(-16, 16);
            int odd = (int)rnd(2);
            emit(CL_BR, "lla", "x%u, .Lb%u_%u%+d", t, cur_seq, l, -off);
            emit(CL_BR, "jalr", "x%u, %d(x%u)", xdst(), off + odd, t);
            break;
        }
    default:
        {
            unsigned t = xdst_nz();
            emit(CL_BR, "lla", "x%u, .Lb%u_%u", t, cur_seq, l);
            if (chance(50)) {
                emit(CL_BR, "c.jr", "x%u", t);
            } else {
                emit(CL_BR, "c.jalr", "x%u", t);
            }
            break;
        }
    }
}

static void gen_misc(void)
{
    switch (rnd(4)) {
    case 0:
        emit(CL_MISC, "fence", "");
        break;
    case 1:
        emit(CL_MISC, "fence", "rw, w");
        break;
    case 2:
        emit(CL_MISC, "fence.tso", "");
        break;
    default:
        emit(CL_MISC, "fence.i", "");
        break;
    }
}

/* Text and encoding of a random OP-IMM or OP instruction writing rd. */
static uint32_t rand_alu_insn(unsigned rd, char *text, size_t size)
{
    static const struct {
        const char *name;
        unsigned f3;
        unsigned f7;
    } ri[] = {
        {"addi", 0, 0}, {"slti", 2, 0}, {"sltiu", 3, 0},
        {"xori", 4, 0}, {"ori", 6, 0},  {"andi", 7, 0},
    }, rr[] = {
        {"add", 0, 0x00}, {"sub", 0, 0x20}, {"sll", 1, 0x00},
        {"xor", 4, 0x00}, {"srl", 5, 0x00}, {"sra", 5, 0x20},
        {"or", 6, 0x00},  {"and", 7, 0x00}, {"mul", 0, 0x01},
    };
    unsigned rs1 = xsrc();
    if (chance(50)) {
        unsigned i = rnd(sizeof(ri) / sizeof(ri[0]));
        int imm = rand_imm12();
        snprintf(text, size, "%s x%u, x%u, %d", ri[i].name, rd, rs1, imm);
        return ((uint32_t)(imm & 0xfff) << 20) | (rs1 << 15)
            | (ri[i].f3 << 12) | (rd << 7) | 0x13;
    }
    unsigned i = rnd(sizeof(rr) / sizeof(rr[0]));
    unsigned rs2 = xsrc();
    snprintf(text, size, "%s x%u, x%u, x%u", rr[i].name, rd, rs1, rs2);
    return (rr[i].f7 << 25) | (rs2 << 20) | (rs1 << 15) | (rr[i].f3 << 12)
        | (rd << 7) | 0x33;
}

/* Self-modifying code, two forms:
 * - overwrite an instruction a few bytes ahead (never executed before),
 *   FENCE.I, execute it: catches decoding ahead of stores;
 * - a two-iteration loop that executes an instruction, overwrites it,
 *   FENCE.I, and branches back to it: the second iteration must run the
 *   new instruction, so a stale decoded block is caught. */
static void gen_smc(void)
{
    char old_text[64];
    char new_text[64];
    bool loop = chance(50);
    unsigned cnt = 0;
    if (loop) {
        cnt = xdst_nz();
        extra_reserved |= 1u << cnt;
    }
    unsigned tv = xdst_nz();
    extra_reserved |= 1u << tv;
    unsigned ta = xdst_nz();
    extra_reserved &= ~(1u << tv);
    unsigned l = label_counter++;
    rand_alu_insn(xdst(), old_text, sizeof(old_text));
    uint32_t insn = rand_alu_insn(xdst(), new_text, sizeof(new_text));
    if (loop) {
        emit(CL_SMC, "li", "x%u, 2", cnt);
        extra_reserved &= ~(1u << cnt);
    }
    if (loop) {
        /* Slot first: executed old, then patched, then executed new.  The
         * jump makes the slot start a block both times, so an emulator
         * that misses the store into cached code reruns the stale one. */
        emit(CL_SMC, "j", ".Ls%u_%u", cur_seq, l);
        fprintf(out, "\t.option push\n\t.option norvc\n\t.balign 4\n"
                ".Ls%u_%u:\n", cur_seq, l);
        count_mnemonic("smc-patched", CL_SMC);
        fprintf(out, "\t%s /* overwritten with: %s */\n\t.option pop\n",
                old_text, new_text);
    }
    emit(CL_SMC, "li", "x%u, 0x%x /* %s */", tv, insn, new_text);
    emit(CL_SMC, "lla", "x%u, .Ls%u_%u", ta, cur_seq, l);
    emit(CL_SMC, "sw", "x%u, 0(x%u)", tv, ta);
    emit(CL_SMC, "fence.i", "");
    if (loop) {
        emit(CL_SMC, "addi", "x%u, x%u, -1", cnt, cnt);
        emit(CL_SMC, "bnez", "x%u, .Ls%u_%u", cnt, cur_seq, l);
        return;
    }
    fprintf(out, "\t.option push\n\t.option norvc\n\t.balign 4\n"
            ".Ls%u_%u:\n", cur_seq, l);
    /* Counted as the instruction that really runs. */
    count_mnemonic("smc-patched", CL_SMC);
    fprintf(out, "\t%s /* overwritten with: %s */\n\t.option pop\n",
            old_text, new_text);
}

/* A deliberate trap; it ends the sequence.  For illegal instructions
 * QEMU 7.2 writes the instruction bits to mtval (the spec allows that or
 * 0); ecall/ebreak give mtval = 0. */
static void gen_trap(void)
{
    static const struct {
        const char *name;
        unsigned bits;
    } reserved16[] = {
        {"c.addi4spn-zero", 0x0004},  /* c.addi4spn x9, sp, 0 */
        {"c.lwsp-x0", 0x4002},        /* c.lwsp x0, 0(sp) */
        {"c.ldsp-x0", 0x6002},        /* c.ldsp x0, 0(sp) */
        {"c.addi16sp-zero", 0x6101},  /* c.addi16sp sp, 0 */
        {"c.lui-zero", 0x6281},       /* c.lui x5, 0 */
        {"c.jr-x0", 0x8002},          /* c.jr x0 */
        {"c.subw-res", 0x9cc1},       /* funct6 100111, funct2 10 */
    };
    switch (rnd(9)) {
    case 0:
        emit(CL_TRAP, "ecall", "");
        break;
    case 1:
        emit(CL_TRAP, "ebreak", "");
        break;
    case 2:
        emit(CL_TRAP, "c.ebreak", "");
        break;
    case 3:
        emit(CL_TRAP, "c.unimp", "");
        break;
    case 4:
    case 5:
        {
            unsigned i = rnd(sizeof(reserved16) / sizeof(reserved16[0]));
            count_mnemonic(reserved16[i].name, CL_TRAP);
            fprintf(out, "\t.2byte 0x%04x /* reserved: %s */\n",
                    reserved16[i].bits, reserved16[i].name);
            break;
        }
    case 6:
        {
            /* F/D arithmetic with the reserved static rounding modes. */
            unsigned rm = 5 + rnd(2);
            count_mnemonic("fp-rm-reserved", CL_TRAP);
            unsigned f7 = PICK(((const unsigned[]){0x00, 0x01, 0x04, 0x05}));
            unsigned rd = freg();
            unsigned rs1 = freg();
            unsigned rs2 = freg();
            fprintf(out, "\t.insn r 0x53, %u, %u, f%u, f%u, f%u "
                    "/* fadd/fsub with rm=%u */\n", rm, f7, rd, rs1, rs2,
                    rm);
            break;
        }
    case 7:
        /* Write to a read-only CSR. */
        {
            unsigned op3 = xdst();
            unsigned op4 = xsrc();
            emit(CL_TRAP, "csrrw", "x%u, mhartid, x%u", op3, op4);
        }
        break;
    default:
        /* A 32-bit all-ones word is reserved (no 48/64-bit encodings). */
        count_mnemonic("illegal-ones", CL_TRAP);
        fprintf(out, "\t.4byte 0xffffffff\n");
        break;
    }
}

static void gen_item(void);

/* A counted loop (backward branch) around a few random straight-line
 * items: the same code runs 1..9 times, exercising cached/chained blocks.
 * The counter register is reserved inside; no branches, SMC or nested
 * loops in the body. */
static void gen_loop(void)
{
    unsigned saved_mask = class_mask;
    unsigned cnt = xdst_nz();
    unsigned l = label_counter++;
    unsigned n = 1 + rnd(4);
    emit(CL_LOOP, "li", "x%u, %u", cnt, 1 + rnd(9));
    extra_reserved |= 1u << cnt;
    class_mask &= ~((1u << CL_BR) | (1u << CL_SMC) | (1u << CL_LOOP));
    fprintf(out, ".Ll%u_%u:\n", cur_seq, l);
    for (unsigned i = 0; i < n; i++) {
        gen_item();
    }
    class_mask = saved_mask;
    extra_reserved &= ~(1u << cnt);
    emit(CL_LOOP, "addi", "x%u, x%u, -1", cnt, cnt);
    emit(CL_LOOP, "bnez", "x%u, .Ll%u_%u", cnt, cur_seq, l);
}

static void gen_item(void)
{
    unsigned total = 0;
    for (unsigned c = 0; c < CL_COUNT; c++) {
        if (class_mask & (1u << c)) {
            total += seq_weights[c];
        }
    }
    if (total == 0) {
        emit(CL_MISC, "c.nop", "");
        return;
    }
    unsigned pick = rnd(total);
    unsigned cls = 0;
    for (unsigned c = 0; c < CL_COUNT; c++) {
        if (!(class_mask & (1u << c))) {
            continue;
        }
        if (pick < seq_weights[c]) {
            cls = c;
            break;
        }
        pick -= seq_weights[c];
    }
    switch (cls) {
    case CL_INT:
        gen_int();
        break;
    case CL_MUL:
        gen_mul();
        break;
    case CL_MEM:
        gen_mem();
        break;
    case CL_AMO:
        gen_amo();
        break;
    case CL_FP:
        gen_fp();
        break;
    case CL_FMEM:
        gen_fmem();
        break;
    case CL_RVC:
        gen_rvc();
        break;
    case CL_CSR:
        gen_csr();
        break;
    case CL_BR:
        gen_br();
        break;
    case CL_SMC:
        gen_smc();
        break;
    case CL_LOOP:
        gen_loop();
        break;
    default:
        gen_misc();
        break;
    }
}

/* ---- one sequence: data table + code ---- */

/* Chooses the sequence's profile: the class mix and FP operand policy.
 * Half the sequences use the plain mix, the others lean on one area so
 * that interactions inside it are dense.  Returns its name. */
static const char *pick_profile(void)
{
    static const struct {
        const char *name;
        unsigned percent;
        unsigned boost[CL_COUNT];
        unsigned fflags;
        unsigned fresh;
    } profiles[] = {
        {"mixed", 50, {[CL_INT] = 1}, 20, 10},
        {"fp", 20, {[CL_FP] = 4, [CL_FMEM] = 2}, 50, 40},
        {"int", 10, {[CL_INT] = 3, [CL_MUL] = 3, [CL_MEM] = 3, [CL_RVC] = 2},
         20, 10},
        {"control", 10, {[CL_BR] = 4, [CL_LOOP] = 4, [CL_SMC] = 3}, 20, 10},
        {"atomic", 10, {[CL_AMO] = 4, [CL_CSR] = 3, [CL_MEM] = 2}, 20, 10},
    };
    unsigned r = rnd(100);
    unsigned p = 0;
    while (p + 1 < sizeof(profiles) / sizeof(profiles[0])
           && r >= profiles[p].percent) {
        r -= profiles[p].percent;
        p++;
    }
    for (unsigned c = 0; c < CL_COUNT; c++) {
        unsigned b = profiles[p].boost[c];
        seq_weights[c] = class_weights[c] * (b ? b : 1);
    }
    fflags_percent = profiles[p].fflags;
    fresh_percent = profiles[p].fresh;
    return profiles[p].name;
}

static void gen_sequence(uint64_t seed, unsigned idx, unsigned max_items)
{
    uint64_t xv[32];
    uint64_t fv[32];
    uint8_t buf[BUF_SIZE];

    rng_seed(seed, idx + 1);
    cur_seq = idx;
    label_counter = 0;
    num_pending = 0;
    extra_reserved = 0;
    base_reg = 8 + rnd(8);
    for (unsigned i = 1; i < 32; i++) {
        xv[i] = rand_xval();
    }
    for (unsigned i = 0; i < 32; i++) {
        fv[i] = rand_freg();
    }
    /* Mostly valid rounding modes; 5..7 make DYN instructions trap. */
    unsigned frm = chance(97) ? rnd(5) : 5 + rnd(3);
    unsigned fcsr = frm << 5;
    for (unsigned i = 0; i < BUF_SIZE; i += 8) {
        uint64_t v = chance(30) ? rand_xval()
                                : (chance(50) ? rand_f64(false) : rnd64());
        memcpy(&buf[i], &v, 8);
    }
    unsigned n = (unsigned)rnd_range(NUM_ITEMS_MIN, NUM_ITEMS_MAX);
    /* Most sequences run in M-mode; the others enter S or U through mret
     * and end with an ecall (so their dump shows trap=1, mcause 9 or 8,
     * mepc = seq_N_end). */
    unsigned r = rnd(10);
    cur_mode = r < 6 ? PRV_M : r < 8 ? PRV_S : PRV_U;
    unsigned trap_at = chance(TRAP_PERCENT) ? rnd(n) : n;
    const char *profile = pick_profile();

    fprintf(out, "\n\t.data\n\t.balign 8\nseq_%u_data:\n", idx);
    for (unsigned i = 1; i < 32; i++) {
        fprintf(out, "\t.dword 0x%016llx /* x%u */\n",
                (unsigned long long)xv[i], i);
    }
    for (unsigned i = 0; i < 32; i++) {
        fprintf(out, "\t.dword 0x%016llx /* f%u */\n",
                (unsigned long long)fv[i], i);
    }
    fprintf(out, "\t.dword 0x%x /* fcsr */\n", fcsr);
    for (unsigned i = 0; i < BUF_SIZE; i += 16) {
        fprintf(out, "\t.byte ");
        for (unsigned j = 0; j < 16; j++) {
            fprintf(out, "0x%02x%s", buf[i + j], j == 15 ? "\n" : ", ");
        }
    }

    fprintf(out, "\n\t.text\n\t.balign 4\nseq_%u:\n", idx);
    fprintf(out, "\t/* base register x%u = buf+%d, sp = buf, %s-mode, "
            "profile %s */\n", base_reg, BASE_OFF,
            cur_mode == PRV_M ? "M" : cur_mode == PRV_S ? "S" : "U",
            profile);
    fprintf(out, "\tlla\ta0, seq_%u_data\n\tcall\tload_state\n", idx);
    /* Enter the body through mret: MPP = its mode, MPIE = 0 so MIE stays
     * clear. */
    fprintf(out, "\tlla\tt0, seq_%u_body\n\tcsrw\tmepc, t0\n"
            "\tli\tt0, 0x1880\n\tcsrc\tmstatus, t0\n"
            "\tli\tt0, 0x%x\n\tcsrs\tmstatus, t0\n",
            idx, cur_mode << 11);
    fprintf(out, "\tlla\tx31, seq_%u_data\n", idx);
    for (unsigned i = 1; i < 31; i++) {
        if (i != 2 && i != base_reg) {
            fprintf(out, "\tld\tx%u, %u(x31)\n", i, (i - 1) * 8);
        }
    }
    fprintf(out, "\tld\tx31, %u(x31)\n", 30 * 8);
    fprintf(out, "\tlla\tx%u, scratch+%d\n\tlla\tsp, scratch\n", base_reg,
            BASE_OFF);
    fprintf(out, "\tmret\nseq_%u_body:\n", idx);

    if (max_items && n > max_items) {
        n = max_items;
    }
    for (cur_item = 0; cur_item < n; cur_item++) {
        place_labels(cur_item, false);
        fprintf(out, "\t/* item %u */\n", cur_item);
        if (cur_item == trap_at && (class_mask & (1u << CL_TRAP))) {
            gen_trap();
        } else {
            gen_item();
        }
    }
    place_labels(n, true);
    if (cur_mode == PRV_M) {
        fprintf(out, "seq_%u_end:\n\tj\tseq_end\n", idx);
    } else {
        fprintf(out, "seq_%u_end:\n\tecall\n", idx);
    }
}

/* ---- fixed runtime: start-up, state load, dump, trap handler ---- */

static const char runtime_head[] =
    "\t.option norelax\n"
    "\t.section .text.init, \"ax\", @progbits\n"
    "\t.globl _start\n"
    "_start:\n"
    "\tcsrr\tt0, mhartid\n"
    "\tbnez\tt0, park\n"
    "\t/* mstatus: FS = Dirty (FP legal), MPP = M as after any trap taken\n"
    "\t * in M-mode; MIE/MPIE/SIE/SPIE/SPP/MPRV/SUM/MXR/TVM/TW/TSR clear,\n"
    "\t * so the dumped mstatus does not depend on reset values. */\n"
    "\tli\tt0, 0x7e01aa\n"
    "\tcsrc\tmstatus, t0\n"
    "\tli\tt0, 0x7800\n"
    "\tcsrs\tmstatus, t0\n"
    "\t/* S/U-mode sequences need a PMP entry granting RWX everywhere\n"
    "\t * (NAPOT over the whole address space), bare translation and no\n"
    "\t * delegation.  A trap here (CSR missing) just skips the write. */\n"
    "\tlla\tt0, setup_skip\n"
    "\tcsrw\tmtvec, t0\n"
    "\tli\tt0, -1\n"
    "\tsrli\tt0, t0, 10\n"
    "\tcsrw\tpmpaddr0, t0\n"
    "\tli\tt0, 0x1f\n"
    "\tcsrw\tpmpcfg0, t0\n"
    "\tcsrw\tsatp, zero\n"
    "\tcsrw\tmedeleg, zero\n"
    "\tcsrw\tmideleg, zero\n"
    "\tcsrw\tmie, zero\n"
    "\tlla\tt0, trap_entry\n"
    "\tcsrw\tmtvec, t0\n"
    "\tlla\tt0, cur_idx\n"
    "\tli\tt1, FIRST_SEQ\n"
    "\tsd\tt1, 0(t0)\n"
    "main_loop:\n"
    "\tlla\tsp, __stack_top\n"
    "\tlla\tt0, cur_idx\n"
    "\tld\ts1, 0(t0)\n"
    "\tli\tt1, NUM_SEQS\n"
    "\tbgeu\ts1, t1, finish\n"
    "\tlla\tt0, seq_table\n"
    "\tslli\tt1, s1, 3\n"
    "\tadd\tt0, t0, t1\n"
    "\tld\tt0, 0(t0)\n"
    "\tjr\tt0\n"
    "finish:\n"
    "\tlla\ta0, str_done\n"
    "\tcall\tputs\n"
    "\tlla\tt0, tohost\n"
    "\tli\tt1, 1\n"
    "\tsd\tt1, 0(t0)\n"
    "\tli\tt0, 0x100000\n"
    "\tli\tt1, 0x5555\n"
    "\tsw\tt1, 0(t0)\n"
    "park:\n"
    "\twfi\n"
    "\tj\tpark\n"
    "\t.balign 4\n"
    "setup_skip:\n"
    "\tcsrr\tt6, mepc\n"
    "\taddi\tt6, t6, 4\n"
    "\tcsrw\tmepc, t6\n"
    "\tmret\n"
    "\n"
    "\t.text\n"
    "/* load_state(a0 = seq data): buffer, fcsr, f0..f31.  x regs are\n"
    " * loaded by the sequence itself. */\n"
    "load_state:\n"
    "\taddi\tt0, a0, 512\n"
    "\tlla\tt1, scratch\n"
    "\tli\tt2, 256\n"
    "1:\tld\tt3, 0(t0)\n"
    "\tsd\tt3, 0(t1)\n"
    "\taddi\tt0, t0, 8\n"
    "\taddi\tt1, t1, 8\n"
    "\taddi\tt2, t2, -8\n"
    "\tbnez\tt2, 1b\n"
    "\tld\tt0, 504(a0)\n"
    "\tfscsr\tt0\n"
    ".irp r, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,"
    "24,25,26,27,28,29,30,31\n"
    "\tfld\tf\\r, 248+8*\\r(a0)\n"
    ".endr\n"
    "\tret\n"
    "\n"
    "/* Saves x1..x31, f0..f31 and fcsr to save_area, touching nothing but\n"
    " * mscratch before everything is saved. */\n"
    ".macro SAVE_ALL\n"
    "\tcsrw\tmscratch, x31\n"
    "\tlla\tx31, save_area\n"
    ".irp r, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,"
    "24,25,26,27,28,29,30\n"
    "\tsd\tx\\r, 8*(\\r-1)(x31)\n"
    ".endr\n"
    "\tcsrr\tx30, mscratch\n"
    "\tsd\tx30, 240(x31)\n"
    ".irp r, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,"
    "24,25,26,27,28,29,30,31\n"
    "\tfsd\tf\\r, 248+8*\\r(x31)\n"
    ".endr\n"
    "\tfrcsr\tx30\n"
    "\tsd\tx30, 504(x31)\n"
    ".endm\n"
    "\n"
    "seq_end:\n"
    "\tSAVE_ALL\n"
    "\tsd\tzero, 512(x31)\n"
    "\tsd\tzero, 520(x31)\n"
    "\tsd\tzero, 528(x31)\n"
    "\tsd\tzero, 536(x31)\n"
    "\tcsrr\tt0, mstatus\n"
    "\tsd\tt0, 544(x31)\n"
    "\tj\treport\n"
    "\n"
    "\t.balign 4\n"
    "trap_entry:\n"
    "\tSAVE_ALL\n"
    "\tli\tt0, 1\n"
    "\tsd\tt0, 512(x31)\n"
    "\tcsrr\tt0, mcause\n"
    "\tsd\tt0, 520(x31)\n"
    "\tcsrr\tt0, mepc\n"
    "\tsd\tt0, 528(x31)\n"
    "\tcsrr\tt0, mtval\n"
    "\tsd\tt0, 536(x31)\n"
    "\tcsrr\tt0, mstatus\n"
    "\tsd\tt0, 544(x31)\n"
    "\tj\treport\n"
    "\n"
    "/* putc(a0); clobbers t0, t1 */\n"
    "putc:\n"
    "\tli\tt0, 0x10000000\n"
    "1:\tlbu\tt1, 5(t0)\n"
    "\tandi\tt1, t1, 0x20\n"
    "\tbeqz\tt1, 1b\n"
    "\tsb\ta0, 0(t0)\n"
    "\tret\n"
    "\n"
    "/* puts(a0 = NUL-terminated string); clobbers a0, t0-t2, t6 */\n"
    "puts:\n"
    "\tmv\tt6, ra\n"
    "\tmv\tt2, a0\n"
    "1:\tlbu\ta0, 0(t2)\n"
    "\tbeqz\ta0, 2f\n"
    "\tcall\tputc\n"
    "\taddi\tt2, t2, 1\n"
    "\tj\t1b\n"
    "2:\tmv\tra, t6\n"
    "\tret\n"
    "\n"
    "/* puthex(a0 = value, a1 = digits); clobbers a0-a2, t0-t3, t6 */\n"
    "puthex:\n"
    "\tmv\tt6, ra\n"
    "\tmv\tt2, a0\n"
    "\tslli\tt3, a1, 2\n"
    "1:\taddi\tt3, t3, -4\n"
    "\tsrl\ta0, t2, t3\n"
    "\tandi\ta0, a0, 15\n"
    "\tlla\ta2, hexdigits\n"
    "\tadd\ta2, a2, a0\n"
    "\tlbu\ta0, 0(a2)\n"
    "\tcall\tputc\n"
    "\tbnez\tt3, 1b\n"
    "\tmv\tra, t6\n"
    "\tret\n"
    "\n"
    "/* put_field(a0 = name string, a1 = value, a2 = digits) prints\n"
    " * ' name=value'; clobbers a0-a3, t0-t6 */\n"
    "put_field:\n"
    "\tmv\tt5, ra\n"
    "\tmv\tt4, a1\n"
    "\tmv\ta3, a2\n"
    "\tmv\tt2, a0\n"
    "\tli\ta0, ' '\n"
    "\tcall\tputc\n"
    "\tmv\ta0, t2\n"
    "\tcall\tputs\n"
    "\tli\ta0, '='\n"
    "\tcall\tputc\n"
    "\tmv\ta0, t4\n"
    "\tmv\ta1, a3\n"
    "\tcall\tputhex\n"
    "\tmv\tra, t5\n"
    "\tret\n"
    "\n"
    "/* Prints the line for sequence cur_idx from save_area, then moves on\n"
    " * to the next sequence. */\n"
    "report:\n"
    "\tlla\tsp, __stack_top\n"
    "\tlla\ts0, save_area\n"
    "\tli\ta0, 'S'\n"
    "\tcall\tputc\n"
    "\tlla\tt0, cur_idx\n"
    "\tld\ta0, 0(t0)\n"
    "\tli\ta1, 4\n"
    "\tcall\tputhex\n"
    "\tlla\ta0, str_trap\n"
    "\tld\ta1, 512(s0)\n"
    "\tli\ta2, 1\n"
    "\tcall\tput_field\n"
    "\tlla\ta0, str_mcause\n"
    "\tld\ta1, 520(s0)\n"
    "\tli\ta2, 16\n"
    "\tcall\tput_field\n"
    "\tlla\ta0, str_mepc\n"
    "\tld\ta1, 528(s0)\n"
    "\tli\ta2, 16\n"
    "\tcall\tput_field\n"
    "\tlla\ta0, str_mtval\n"
    "\tld\ta1, 536(s0)\n"
    "\tli\ta2, 16\n"
    "\tcall\tput_field\n"
    "\tlla\ta0, str_mstatus\n"
    "\tld\ta1, 544(s0)\n"
    "\tli\ta2, 16\n"
    "\tcall\tput_field\n"
    "\t/* x1..x31 then f0..f31: 63 doublewords, names from reg_names */\n"
    "\tli\ts1, 0\n"
    "\tlla\ts2, reg_names\n"
    "1:\tmv\ta0, s2\n"
    "\tslli\tt0, s1, 3\n"
    "\tadd\tt0, s0, t0\n"
    "\tld\ta1, 0(t0)\n"
    "\tli\ta2, 16\n"
    "\tcall\tput_field\n"
    "\taddi\ts2, s2, 4\n"
    "\taddi\ts1, s1, 1\n"
    "\tli\tt0, 63\n"
    "\tbltu\ts1, t0, 1b\n"
    "\tlla\ta0, str_fcsr\n"
    "\tld\ta1, 504(s0)\n"
    "\tli\ta2, 2\n"
    "\tcall\tput_field\n"
    "\t/* scratch buffer: 8 fields of 32 bytes in memory order */\n"
    "\tlla\ts3, scratch\n"
    "\tli\ts1, 0\n"
    "2:\tli\ta0, ' '\n"
    "\tcall\tputc\n"
    "\tli\ta0, 'm'\n"
    "\tcall\tputc\n"
    "\tmv\ta0, s1\n"
    "\tli\ta1, 2\n"
    "\tcall\tputhex\n"
    "\tli\ta0, '='\n"
    "\tcall\tputc\n"
    "\tli\ts4, 32\n"
    "3:\tlbu\ta0, 0(s3)\n"
    "\tli\ta1, 2\n"
    "\tcall\tputhex\n"
    "\taddi\ts3, s3, 1\n"
    "\taddi\ts4, s4, -1\n"
    "\tbnez\ts4, 3b\n"
    "\taddi\ts1, s1, 32\n"
    "\tli\tt0, 256\n"
    "\tbltu\ts1, t0, 2b\n"
    "\tli\ta0, '\\n'\n"
    "\tcall\tputc\n"
    "\tlla\tt0, cur_idx\n"
    "\tld\tt1, 0(t0)\n"
    "\taddi\tt1, t1, 1\n"
    "\tsd\tt1, 0(t0)\n"
    "\tj\tmain_loop\n"
    "\n"
    "\t.section .rodata\n"
    "hexdigits:\t.ascii \"0123456789abcdef\"\n"
    "str_trap:\t.asciz \"trap\"\n"
    "str_mcause:\t.asciz \"mcause\"\n"
    "str_mepc:\t.asciz \"mepc\"\n"
    "str_mtval:\t.asciz \"mtval\"\n"
    "str_mstatus:\t.asciz \"mstatus\"\n"
    "str_fcsr:\t.asciz \"fcsr\"\n"
    "str_done:\t.asciz \"DONE\\n\"\n"
    "\t.balign 4\n"
    "reg_names:\n"
    ".irp n, 01,02,03,04,05,06,07,08,09,10,11,12,13,14,15,16,17,18,19,20,"
    "21,22,23,24,25,26,27,28,29,30,31\n"
    "\t.asciz \"x\\n\"\n"
    ".endr\n"
    ".irp n, 00,01,02,03,04,05,06,07,08,09,10,11,12,13,14,15,16,17,18,19,"
    "20,21,22,23,24,25,26,27,28,29,30,31\n"
    "\t.asciz \"f\\n\"\n"
    ".endr\n"
    "\n"
    "\t.data\n"
    "\t.balign 8\n"
    "cur_idx:\t.dword 0\n"
    "/* x1..x31 (0..247), f0..f31 (248..503), fcsr (504), trap flag,\n"
    " * mcause, mepc, mtval (512..543), mstatus (544) */\n"
    "save_area:\t.zero 552\n"
    "/* The buffer straddles a page boundary at buf+128 (where the base\n"
    " * register points), so misaligned accesses near it cross pages. */\n"
    "\t.balign 4096\n"
    "\t.zero 4096 - 128\n"
    "scratch:\t.zero 256\n"
    "\n"
    "\t.section .tohost, \"aw\", @progbits\n"
    "\t.balign 64\n"
    "\t.globl tohost\n"
    "tohost:\t.dword 0\n"
    "\t.balign 64\n"
    "\t.globl fromhost\n"
    "fromhost:\t.dword 0\n";

static int cmp_mnemonic(const void *a, const void *b)
{
    const Mnemonic *x = a;
    const Mnemonic *y = b;
    if (x->count != y->count) {
        return x->count < y->count ? 1 : -1;
    }
    return strcmp(x->name, y->name);
}

static void print_histogram(void)
{
    fprintf(stderr, "rvgen: %lu instructions generated\n", total_insns);
    for (unsigned c = 0; c < CL_COUNT; c++) {
        fprintf(stderr, "  class %-5s %7lu\n", class_names[c],
                class_counts[c]);
    }
    qsort(mnemonics, num_mnemonics, sizeof(mnemonics[0]), cmp_mnemonic);
    for (unsigned i = 0; i < num_mnemonics; i++) {
        fprintf(stderr, "  %-16s %7lu\n", mnemonics[i].name,
                mnemonics[i].count);
    }
}

static unsigned parse_classes(const char *s)
{
    unsigned mask = 0;
    char tmp[256];
    snprintf(tmp, sizeof(tmp), "%s", s);
    for (char *tok = strtok(tmp, ","); tok; tok = strtok(NULL, ",")) {
        bool found = false;
        for (unsigned c = 0; c < CL_COUNT; c++) {
            if (strcmp(tok, class_names[c]) == 0) {
                mask |= 1u << c;
                found = true;
            }
        }
        if (!found) {
            fprintf(stderr, "rvgen: unknown class '%s'\n", tok);
            exit(2);
        }
    }
    return mask;
}

static void usage(void)
{
    fprintf(stderr,
            "usage: rvgen [-s SEED] [-k NSEQ] [-q SEQ] [-t ITEMS] "
            "[-c CLASSES] [-A] [-v] [-o OUT.S]\n"
            "  -s SEED     program seed (decimal or 0x hex), default 1\n"
            "  -k NSEQ     number of sequences, default 32\n"
            "  -q SEQ      emit only sequence SEQ (same code as in the full "
            "program)\n"
            "  -t ITEMS    keep only the first ITEMS items of each sequence\n"
            "  -c LIST     instruction classes, comma separated, from:\n"
            "              int,mul,mem,amo,fp,fmem,rvc,csr,br,misc,smc,loop,\n"
            "              trap\n"
            "  -A          no misaligned loads/stores\n"
            "  -v          print an opcode histogram on stderr\n");
    exit(2);
}

int main(int argc, char **argv)
{
    uint64_t seed = 1;
    unsigned nseq = 32;
    long only = -1;
    unsigned max_items = 0;
    bool verbose = false;
    const char *outname = NULL;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "-v") == 0) {
            verbose = true;
        } else if (strcmp(a, "-A") == 0) {
            allow_misaligned = false;
        } else if (v == NULL) {
            usage();
        } else if (strcmp(a, "-s") == 0) {
            seed = strtoull(v, NULL, 0);
            i++;
        } else if (strcmp(a, "-k") == 0) {
            nseq = (unsigned)strtoul(v, NULL, 0);
            i++;
        } else if (strcmp(a, "-q") == 0) {
            only = strtol(v, NULL, 0);
            i++;
        } else if (strcmp(a, "-t") == 0) {
            max_items = (unsigned)strtoul(v, NULL, 0);
            i++;
        } else if (strcmp(a, "-c") == 0) {
            class_mask = parse_classes(v);
            i++;
        } else if (strcmp(a, "-o") == 0) {
            outname = v;
            i++;
        } else {
            usage();
        }
    }
    if (nseq == 0 || nseq > 0xffff || class_mask == 0
        || (only >= 0 && (unsigned long)only >= nseq)) {
        usage();
    }

    out = stdout;
    if (outname != NULL) {
        out = fopen(outname, "w");
        if (out == NULL) {
            perror(outname);
            return 2;
        }
    }

    unsigned first = only >= 0 ? (unsigned)only : 0;
    unsigned last = only >= 0 ? (unsigned)only : nseq - 1;
    fprintf(out,
            "/* Generated by tests/diff/rvgen -s %llu -k %u; do not edit. */\n"
            "\t.equ FIRST_SEQ, %u\n"
            "\t.equ NUM_SEQS, %u\n",
            (unsigned long long)seed, nseq, first, last + 1);
    fputs(runtime_head, out);

    for (unsigned s = first; s <= last; s++) {
        gen_sequence(seed, s, max_items);
    }

    /* Table of sequence entry points, indexed by cur_idx, which runs
     * from FIRST_SEQ to NUM_SEQS - 1 (entries below FIRST_SEQ unused). */
    fprintf(out, "\n\t.section .rodata\n\t.balign 8\nseq_table:\n");
    for (unsigned s = 0; s <= last; s++) {
        if (s >= first) {
            fprintf(out, "\t.dword seq_%u\n", s);
        } else {
            fprintf(out, "\t.dword 0\n");
        }
    }

    if (out != stdout && fclose(out) != 0) {
        perror(outname);
        return 2;
    }
    if (verbose) {
        print_histogram();
    }
    return 0;
}
