/* CPU benchmark kernel: table-driven CRC-32 over a 64 KiB buffer, repeated.
 * SPDX-License-Identifier: MIT
 *
 * Standard reflected CRC-32 (polynomial 0xEDB88320, as zlib), one byte per
 * table lookup: a load/xor/shift chain with a dependent table load.  After
 * each round one buffer byte is perturbed with the result, so rounds depend
 * on each other.  reference.py reproduces the checksum with zlib.crc32. */
#include "bench.h"

#define BUF_SIZE 65536
#define ROUNDS 1200
#define EXPECTED 0x9c64f5d2118441b2ULL

static uint8_t buf[BUF_SIZE];
static uint32_t table[256];

static void crc32_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) {
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
        }
        table[i] = c;
    }
}

static uint32_t crc32(const uint8_t *p, size_t len)
{
    uint32_t crc = 0xffffffffu;
    for (size_t i = 0; i < len; i++) {
        crc = table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
    }
    return crc ^ 0xffffffffu;
}

int main(void)
{
    uint64_t seed = 2;
    for (size_t i = 0; i < BUF_SIZE; i += 8) {
        uint64_t r = bench_rand(&seed);
        for (int j = 0; j < 8; j++) {
            buf[i + j] = (uint8_t)(r >> (8 * j));
        }
    }
    crc32_init();
    uint64_t sum = 0;
    for (uint32_t r = 0; r < ROUNDS; r++) {
        uint32_t crc = crc32(buf, BUF_SIZE);
        buf[(r * 4099u) % BUF_SIZE] ^= (uint8_t)crc;
        sum = sum * 31 + crc;
    }
    return bench_report("crc32", sum, EXPECTED);
}
