/* Unit test of the ELF loader (src/machine/loader.c): well-formed images
 * built in memory, and thousands of broken ones that must be refused with
 * a message and never read outside the image or RAM (run under ASan).
 * SPDX-License-Identifier: MIT
 *
 * The reference image has two PT_LOAD segments (one with a .bss tail), a
 * PT_NOTE, a symbol table with `tohost` among decoys, and its section
 * headers last.  Broken variants: every truncation length; every header,
 * program-header, section-header and symbol field set to edge values (0,
 * 1, the image length and its neighbours, 2^31, 2^32, all-ones...); random
 * byte flips, from a fixed seed.  Each variant is copied into a heap
 * buffer of exactly its length, so ASan sees a read one byte past it.
 * Variants run in child processes (unit_run_isolated): one that crashes
 * the loader is reported with its recipe and the rest still run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/physmem.h"
#include "machine/loader.h"
#include "unit.h"

#define RAM_BASE 0x80000000ULL
#define RAM_SIZE (1ULL << 20)
#define IMG_MAX 4096

/* Layout of the reference image. */
enum {
    EH = 0,            /* ELF header, 64 bytes */
    PH = 64,           /* 3 program headers of 56 bytes */
    TEXT = 256,        /* segment 0 data, 64 bytes */
    DATA = 320,        /* segment 1 data, 16 bytes (memsz 0x100) */
    SYMTAB = 336,      /* 4 symbols of 24 bytes */
    STRTAB = 432,      /* string table, 32 bytes */
    SH = 464,          /* 4 section headers of 64 bytes */
    IMG_LEN = SH + 4 * 64,
};
#define TEXT_PA RAM_BASE
#define DATA_PA (RAM_BASE + 0x1000)
#define DATA_MEMSZ 0x100
#define TOHOST_VA (DATA_PA + 8)
#define ENTRY (RAM_BASE + 4)

static uint8_t ref[IMG_MAX];
static PhysMem *mem;

static void put(uint8_t *p, unsigned off, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        p[off + i] = (uint8_t)(v >> (8 * i));
    }
}

static uint64_t get(const uint8_t *p, unsigned off, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++) {
        v |= (uint64_t)p[off + i] << (8 * i);
    }
    return v;
}

static void build_reference(void)
{
    uint8_t *p = ref;
    memset(p, 0, sizeof(ref));
    static const uint8_t ident[16] = {0x7f, 'E', 'L', 'F', 2, 1, 1};
    memcpy(p, ident, sizeof(ident));
    put(p, 16, 2, 2);      /* ET_EXEC */
    put(p, 18, 243, 2);    /* EM_RISCV */
    put(p, 20, 1, 4);      /* EV_CURRENT */
    put(p, 24, ENTRY, 8);
    put(p, 32, PH, 8);     /* e_phoff */
    put(p, 40, SH, 8);     /* e_shoff */
    put(p, 48, 5, 4);      /* RVC | double-float ABI */
    put(p, 52, 64, 2);
    put(p, 54, 56, 2);
    put(p, 56, 3, 2);      /* e_phnum */
    put(p, 58, 64, 2);
    put(p, 60, 4, 2);      /* e_shnum */
    put(p, 62, 3, 2);      /* e_shstrndx (unused by the loader) */

    /* PT_LOAD text, PT_NOTE (ignored), PT_LOAD data + bss. */
    unsigned ph = PH;
    put(p, ph + 0, 1, 4);
    put(p, ph + 4, 5, 4);
    put(p, ph + 8, TEXT, 8);
    put(p, ph + 16, TEXT_PA, 8);
    put(p, ph + 24, TEXT_PA, 8);
    put(p, ph + 32, 64, 8);
    put(p, ph + 40, 64, 8);
    put(p, ph + 48, 0x1000, 8);
    ph += 56;
    put(p, ph + 0, 4, 4);
    put(p, ph + 8, TEXT, 8);
    put(p, ph + 24, 0x12345678, 8); /* nonsense address: not loaded */
    put(p, ph + 32, 8, 8);
    put(p, ph + 40, 8, 8);
    ph += 56;
    put(p, ph + 0, 1, 4);
    put(p, ph + 4, 6, 4);
    put(p, ph + 8, DATA, 8);
    put(p, ph + 16, DATA_PA, 8);
    put(p, ph + 24, DATA_PA, 8);
    put(p, ph + 32, 16, 8);
    put(p, ph + 40, DATA_MEMSZ, 8);
    put(p, ph + 48, 0x1000, 8);

    for (unsigned i = 0; i < 64; i++) {
        p[TEXT + i] = (uint8_t)(0x10 + i);
    }
    for (unsigned i = 0; i < 16; i++) {
        p[DATA + i] = (uint8_t)(0xd0 + i);
    }

    /* Strings: "\0tohostx\0_tohost\0tohost\0" - decoys first. */
    static const char strs[] = "\0tohostx\0_tohost\0tohost\0fromhost";
    memcpy(p + STRTAB, strs, sizeof(strs));
    /* Symbols: null, tohostx, _tohost, tohost. */
    put(p, SYMTAB + 24 * 1 + 0, 1, 4);
    put(p, SYMTAB + 24 * 1 + 8, 0x1111, 8);
    put(p, SYMTAB + 24 * 2 + 0, 9, 4);
    put(p, SYMTAB + 24 * 2 + 8, 0x2222, 8);
    put(p, SYMTAB + 24 * 3 + 0, 17, 4);
    put(p, SYMTAB + 24 * 3 + 8, TOHOST_VA, 8);

    /* Sections: null, .symtab (link 2), .strtab, a PROGBITS one. */
    unsigned sh = SH + 64;
    put(p, sh + 4, 2, 4);
    put(p, sh + 24, SYMTAB, 8);
    put(p, sh + 32, 4 * 24, 8);
    put(p, sh + 40, 2, 4);
    put(p, sh + 56, 24, 8);
    sh += 64;
    put(p, sh + 4, 3, 4);
    put(p, sh + 24, STRTAB, 8);
    put(p, sh + 32, 32, 8);
    sh += 64;
    put(p, sh + 4, 1, 4);
    put(p, sh + 24, TEXT, 8);
    put(p, sh + 32, 64, 8);
}

/* Runs the loader on exactly len bytes of img (copied to the heap). */
static bool load(const uint8_t *img, size_t len, LoadedImage *out,
                 const char **err)
{
    uint8_t *copy = malloc(len ? len : 1);
    if (copy == NULL) {
        exit(2);
    }
    memcpy(copy, img, len);
    *err = NULL;
    memset(out, 0xee, sizeof(*out));
    bool ok = loader_load_elf(mem, copy, len, out, err);
    free(copy);
    return ok;
}

static void fill_ram(uint8_t byte)
{
    memset(mem->ram, byte, RAM_SIZE);
}

/* Whatever the input, a result is either a refusal with a message or a
 * load whose range lies in RAM. */
static void check_outcome(bool ok, const LoadedImage *out, const char *err,
                          const char *what)
{
    if (!ok) {
        CHECK(err != NULL && err[0] != 0, "%s: refused without a message\n",
              what);
        return;
    }
    CHECK(out->lowest <= out->highest && out->lowest >= RAM_BASE &&
              out->highest <= RAM_BASE + RAM_SIZE,
          "%s: loaded range 0x%llx..0x%llx outside RAM\n", what,
          (unsigned long long)out->lowest, (unsigned long long)out->highest);
}

/* ---- well-formed images -------------------------------------------------- */

static void test_reference(void)
{
    LoadedImage out;
    const char *err;
    fill_ram(0xaa);
    bool ok = load(ref, IMG_LEN, &out, &err);
    CHECK(ok, "reference image refused: %s\n", err ? err : "(no message)");
    if (!ok) {
        return;
    }
    CHECK_EQ(out.entry, ENTRY, "entry\n");
    CHECK_EQ(out.lowest, TEXT_PA, "lowest\n");
    CHECK_EQ(out.highest, DATA_PA + DATA_MEMSZ, "highest\n");
    CHECK(out.has_tohost, "tohost found\n");
    CHECK_EQ(out.tohost, TOHOST_VA, "tohost (not a decoy)\n");
    CHECK(memcmp(mem->ram, ref + TEXT, 64) == 0, "text segment copied\n");
    CHECK(mem->ram[64] == 0xaa, "nothing written after the text segment\n");
    CHECK(memcmp(mem->ram + 0x1000, ref + DATA, 16) == 0,
          "data segment copied\n");
    bool zero = true;
    for (unsigned i = 16; i < DATA_MEMSZ; i++) {
        zero = zero && mem->ram[0x1000 + i] == 0;
    }
    CHECK(zero, "bss tail zeroed\n");
    CHECK(mem->ram[0x1000 + DATA_MEMSZ] == 0xaa,
          "nothing written after the bss\n");
    CHECK(mem->ram[0x12345678 % RAM_SIZE] == 0xaa, "PT_NOTE not loaded\n");

    /* Without a symbol table: loads, no tohost. */
    uint8_t img[IMG_MAX];
    memcpy(img, ref, IMG_LEN);
    put(img, SH + 64 + 4, 1, 4); /* .symtab -> PROGBITS */
    ok = load(img, IMG_LEN, &out, &err);
    CHECK(ok && !out.has_tohost, "no symtab: loads without tohost\n");
    /* Without section headers at all. */
    memcpy(img, ref, IMG_LEN);
    put(img, 40, 0, 8);
    put(img, 60, 0, 2);
    ok = load(img, SH, &out, &err);
    CHECK(ok && !out.has_tohost, "no section headers: loads\n");
    /* A segment ending exactly at the end of RAM, and one of size 0. */
    memcpy(img, ref, IMG_LEN);
    put(img, PH + 112 + 24, RAM_BASE + RAM_SIZE - DATA_MEMSZ, 8);
    ok = load(img, IMG_LEN, &out, &err);
    CHECK(ok && out.highest == RAM_BASE + RAM_SIZE,
          "segment ending at the end of RAM: %s\n", ok ? "ok" : err);
    memcpy(img, ref, IMG_LEN);
    put(img, PH + 112 + 32, 0, 8);
    put(img, PH + 112 + 40, 0, 8);
    ok = load(img, IMG_LEN, &out, &err);
    CHECK(ok, "empty segment inside RAM: %s\n", ok ? "ok" : err);
    /* filesz == 0 with memsz > 0: pure bss. */
    memcpy(img, ref, IMG_LEN);
    put(img, PH + 112 + 32, 0, 8);
    fill_ram(0xaa);
    ok = load(img, IMG_LEN, &out, &err);
    CHECK(ok && mem->ram[0x1000] == 0 && mem->ram[0x10ff] == 0,
          "pure bss segment zeroed\n");
}

/* ---- broken images with a known verdict ---------------------------------- */

typedef struct {
    const char *what;
    unsigned off, size; /* field to overwrite */
    uint64_t value;
} Patch;

static const Patch bad[] = {
    {"bad magic", 1, 1, 'e'},
    {"ELFCLASS32", 4, 1, 1},
    {"class 0", 4, 1, 0},
    {"big-endian", 5, 1, 2},
    {"x86-64 machine", 18, 2, 62},
    {"machine 0", 18, 2, 0},
    {"phentsize 0", 54, 2, 0},
    {"phentsize 55", 54, 2, 55},
    {"phoff past the end", 32, 8, IMG_LEN},
    {"phoff at the end minus 1", 32, 8, IMG_LEN - 1},
    {"phoff huge", 32, 8, ~0ULL},
    {"phoff 2^63", 32, 8, 1ULL << 63},
    {"phnum 65535", 56, 2, 0xffff},
    {"phnum 0", 56, 2, 0},
    {"phnum 12 (past the end)", 56, 2, 12},
    {"segment offset past the end", PH + 8, 8, IMG_LEN},
    {"segment offset huge", PH + 8, 8, ~0ULL - 8},
    {"segment filesz past the end", PH + 32, 8, IMG_LEN},
    {"segment filesz huge", PH + 32, 8, ~0ULL},
    {"filesz > memsz", PH + 40, 8, 63},
    {"segment below RAM", PH + 24, 8, RAM_BASE - 64},
    {"segment straddling RAM start", PH + 24, 8, RAM_BASE - 32},
    {"segment at 0", PH + 24, 8, 0},
    {"segment past RAM", PH + 24, 8, RAM_BASE + RAM_SIZE},
    {"segment straddling RAM end", PH + 24, 8, RAM_BASE + RAM_SIZE - 32},
    {"segment at the top of the address space", PH + 24, 8, ~0ULL - 31},
    {"memsz wraps the address space", PH + 112 + 40, 8, ~0ULL},
    {"memsz larger than RAM", PH + 112 + 40, 8, RAM_SIZE + 1},
    {"memsz 2^63", PH + 112 + 40, 8, 1ULL << 63},
};

static void refusal_case(unsigned long i)
{
    uint8_t img[IMG_MAX];
    LoadedImage out;
    const char *err;
    memcpy(img, ref, IMG_LEN);
    put(img, bad[i].off, bad[i].value, bad[i].size);
    bool ok = load(img, IMG_LEN, &out, &err);
    CHECK(!ok, "%s: accepted\n", bad[i].what);
    check_outcome(ok, &out, err, bad[i].what);
}

static void describe_refusal(unsigned long i, char *buf, size_t size)
{
    snprintf(buf, size, "%s", bad[i].what);
}

static void test_refusals(void)
{
    unit_run_isolated("refusals", ARRAY_SIZE(bad), refusal_case,
                      describe_refusal);
    /* No PT_LOAD at all. */
    uint8_t img[IMG_MAX];
    LoadedImage out;
    const char *err;
    memcpy(img, ref, IMG_LEN);
    put(img, PH, 4, 4);
    put(img, PH + 112, 6, 4);
    bool ok = load(img, IMG_LEN, &out, &err);
    CHECK(!ok && err != NULL, "no PT_LOAD: accepted\n");
    /* Short files: see the truncation cases. */
}

/* ---- fuzzing ------------------------------------------------------------- */

/* Truncations: every length of the reference image. */
static void truncation_case(unsigned long len)
{
    LoadedImage out;
    const char *err;
    char what[64];
    snprintf(what, sizeof(what), "truncated to %lu bytes", len);
    bool ok = load(ref, len, &out, &err);
    check_outcome(ok, &out, err, what);
    /* Segment data ends at SYMTAB; symbols and section headers are
     * optional, so the verdict changes there. */
    CHECK(ok == (len >= SYMTAB), "%s: %s\n", what, ok ? "accepted" : err);
    if (ok) {
        CHECK(out.has_tohost == (len == IMG_LEN), "%s: tohost %s\n", what,
              out.has_tohost ? "found" : "missing");
    }
}

static void describe_truncation(unsigned long len, char *buf, size_t size)
{
    snprintf(buf, size, "reference image truncated to %lu bytes", len);
}

/* Field-edge cases: each field of the headers set to each edge value. */
static const struct {
    const char *name;
    unsigned off, size;
} fields[] = {
    {"e_ident[4] class", 4, 1},   {"e_ident[5] data", 5, 1},
    {"e_machine", 18, 2},         {"e_entry", 24, 8},
    {"e_phoff", 32, 8},           {"e_shoff", 40, 8},
    {"e_phentsize", 54, 2},       {"e_phnum", 56, 2},
    {"e_shentsize", 58, 2},       {"e_shnum", 60, 2},
    {"ph0 p_type", PH + 0, 4},    {"ph0 p_offset", PH + 8, 8},
    {"ph0 p_paddr", PH + 24, 8},  {"ph0 p_filesz", PH + 32, 8},
    {"ph0 p_memsz", PH + 40, 8},  {"ph1 p_type", PH + 56, 4},
    {"ph2 p_offset", PH + 120, 8}, {"ph2 p_paddr", PH + 136, 8},
    {"ph2 p_filesz", PH + 144, 8}, {"ph2 p_memsz", PH + 152, 8},
    {"symtab sh_type", SH + 68, 4}, {"symtab sh_offset", SH + 88, 8},
    {"symtab sh_size", SH + 96, 8}, {"symtab sh_link", SH + 104, 4},
    {"strtab sh_type", SH + 132, 4}, {"strtab sh_offset", SH + 152, 8},
    {"strtab sh_size", SH + 160, 8}, {"sym3 st_name", SYMTAB + 72, 4},
    {"sym1 st_name", SYMTAB + 24, 4},
};

static uint64_t edge_value(unsigned k, unsigned size, uint64_t orig)
{
    uint64_t all = size == 8 ? ~0ULL : (1ULL << (8 * size)) - 1;
    const uint64_t v[] = {
        0,           1,           2,           orig - 1,   orig + 1,
        IMG_LEN - 1, IMG_LEN,     IMG_LEN + 1, 24,         55,
        56,          63,          64,          0x7fff,     0x8000,
        0x7fffffff,  0x80000000,  0xffffffff,  1ULL << 32, all >> 1,
        all - 7,     all - 1,     all,         RAM_BASE,   RAM_SIZE,
        RAM_BASE + RAM_SIZE - 1,
    };
    return v[k] & all;
}

#define EDGE_VALUES 26

static void field_case(unsigned long c)
{
    unsigned f = (unsigned)(c / EDGE_VALUES), k = (unsigned)(c % EDGE_VALUES);
    uint8_t img[IMG_MAX];
    LoadedImage out;
    const char *err;
    char what[96];
    memcpy(img, ref, IMG_LEN);
    uint64_t v = edge_value(k, fields[f].size,
                            get(ref, fields[f].off, fields[f].size));
    put(img, fields[f].off, v, fields[f].size);
    snprintf(what, sizeof(what), "%s = 0x%llx", fields[f].name,
             (unsigned long long)v);
    bool ok = load(img, IMG_LEN, &out, &err);
    check_outcome(ok, &out, err, what);
}

static void describe_field(unsigned long c, char *buf, size_t size)
{
    unsigned f = (unsigned)(c / EDGE_VALUES), k = (unsigned)(c % EDGE_VALUES);
    snprintf(buf, size, "%s = 0x%llx", fields[f].name,
             (unsigned long long)edge_value(
                 k, fields[f].size, get(ref, fields[f].off, fields[f].size)));
}

/* Tables placed flush with the end of the file with odd entry sizes: a
 * loader that trusts e_phentsize/e_shentsize (or a table's size) for
 * anything but stepping reads past the end. */
static const unsigned entsizes[] = {1, 4, 8, 24, 40, 48, 55, 56, 57, 63, 64,
                                    65, 100};
#define FLUSH_KINDS 4

static size_t flush_variant(unsigned long c, uint8_t *img, char *what,
                            size_t size)
{
    unsigned kind = (unsigned)(c % FLUSH_KINDS);
    unsigned es = entsizes[c / FLUSH_KINDS];
    size_t len = IMG_LEN;
    memcpy(img, ref, IMG_LEN);
    switch (kind) {
    case 0: /* program headers at the end */
        put(img, 54, es, 2);
        put(img, 56, 3, 2);
        put(img, 32, IMG_LEN - 3 * es, 8);
        snprintf(what, size, "phentsize %u, table flush with the end", es);
        break;
    case 1: /* section headers at the end */
        put(img, 58, es, 2);
        put(img, 40, IMG_LEN - 4 * es, 8);
        snprintf(what, size, "shentsize %u, table flush with the end", es);
        break;
    case 2: /* symbol table of odd size ending at the end of the file */
        put(img, SH + 64 + 24, IMG_LEN - es, 8);
        put(img, SH + 64 + 32, es, 8);
        snprintf(what, size, "symtab of %u bytes at the end", es);
        break;
    default: /* string table ending right after a name's first bytes */
        put(img, SH + 128 + 24, IMG_LEN - es, 8);
        put(img, SH + 128 + 32, es, 8);
        memcpy(img + IMG_LEN - es, "tohost",
               es < 6 ? es : 6); /* unterminated when es <= 6 */
        put(img, SYMTAB + 72, 0, 4);
        snprintf(what, size, "strtab of %u bytes at the end", es);
        break;
    }
    return len;
}

static void flush_case(unsigned long c)
{
    uint8_t img[IMG_MAX];
    LoadedImage out;
    const char *err;
    char what[96];
    size_t len = flush_variant(c, img, what, sizeof(what));
    bool ok = load(img, len, &out, &err);
    check_outcome(ok, &out, err, what);
    unsigned es = entsizes[c / FLUSH_KINDS];
    if (c % FLUSH_KINDS == 3 && ok && es <= 65) { /* 100 hits the SHs */
        CHECK(out.has_tohost == (es >= 7), "%s: tohost %s\n", what,
              out.has_tohost ? "found" : "missing");
    }
}

static void describe_flush(unsigned long c, char *buf, size_t size)
{
    uint8_t img[IMG_MAX];
    flush_variant(c, img, buf, size);
}

/* Random byte flips, mostly in the headers; the variant is a function of
 * the case number, so a crash report can be replayed. */
static uint64_t mix(uint64_t z)
{
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static size_t random_variant(unsigned long c, uint8_t *img)
{
    uint64_t s = mix(c * 7919 + 17);
    size_t len = IMG_LEN;
    memcpy(img, ref, IMG_LEN);
    unsigned flips = 1 + (unsigned)(s % 8);
    for (unsigned i = 0; i < flips; i++) {
        s = mix(s);
        unsigned region = (unsigned)(s % 10), off;
        if (region < 3) {
            off = (unsigned)((s >> 8) % 64);          /* ELF header */
        } else if (region < 6) {
            off = PH + (unsigned)((s >> 8) % 168);    /* program headers */
        } else if (region < 8) {
            off = SYMTAB + (unsigned)((s >> 8) % (IMG_LEN - SYMTAB));
        } else {
            off = (unsigned)((s >> 8) % IMG_LEN);
        }
        img[off] = (uint8_t)(s >> 40);
    }
    if ((s >> 50) % 4 == 0) {
        len = (size_t)((s >> 20) % (IMG_LEN + 1)); /* and truncate */
    }
    return len;
}

#define RANDOM_CASES 4000

static void random_case(unsigned long c)
{
    uint8_t img[IMG_MAX];
    LoadedImage out;
    const char *err;
    char what[64];
    size_t len = random_variant(c, img);
    snprintf(what, sizeof(what), "random variant %lu", c);
    bool ok = load(img, len, &out, &err);
    check_outcome(ok, &out, err, what);
}

static void describe_random(unsigned long c, char *buf, size_t size)
{
    uint8_t img[IMG_MAX];
    size_t len = random_variant(c, img), n = 0;
    n += (size_t)snprintf(buf, size, "len %zu, changed bytes:", len);
    for (size_t i = 0; i < IMG_LEN && n + 12 < size; i++) {
        if (img[i] != ref[i]) {
            n += (size_t)snprintf(buf + n, size - n, " [%zu]=%02x", i, img[i]);
        }
    }
}

int main(void)
{
    const char *err = NULL;
    mem = physmem_new(RAM_BASE, RAM_SIZE, &err);
    if (mem == NULL) {
        fprintf(stderr, "physmem_new: %s\n", err);
        return 2;
    }
    build_reference();
    test_reference();
    test_refusals();
    unit_run_isolated("truncations", IMG_LEN + 1, truncation_case,
                      describe_truncation);
    unit_run_isolated("field edges", ARRAY_SIZE(fields) * EDGE_VALUES,
                      field_case, describe_field);
    unit_run_isolated("tables at the end", ARRAY_SIZE(entsizes) * FLUSH_KINDS,
                      flush_case, describe_flush);
    unit_run_isolated("random flips", RANDOM_CASES, random_case,
                      describe_random);
    physmem_free(mem);
    return unit_finish("test_loader");
}
