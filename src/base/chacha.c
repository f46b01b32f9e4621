/* ChaCha20 block function and keystream generator.
 * SPDX-License-Identifier: MIT */
#include "base/chacha.h"

static inline uint32_t rotl32(uint32_t v, int n)
{
    return (v << n) | (v >> (32 - n));
}

#define QUARTER(a, b, c, d)                                                  \
    do {                                                                     \
        a += b; d ^= a; d = rotl32(d, 16);                                   \
        c += d; b ^= c; b = rotl32(b, 12);                                   \
        a += b; d ^= a; d = rotl32(d, 8);                                    \
        c += d; b ^= c; b = rotl32(b, 7);                                    \
    } while (0)

void chacha_block(const uint32_t in[16], uint8_t out[64])
{
    uint32_t x[16];
    memcpy(x, in, sizeof x);
    for (int i = 0; i < 10; i++) {
        QUARTER(x[0], x[4], x[8], x[12]);
        QUARTER(x[1], x[5], x[9], x[13]);
        QUARTER(x[2], x[6], x[10], x[14]);
        QUARTER(x[3], x[7], x[11], x[15]);
        QUARTER(x[0], x[5], x[10], x[15]);
        QUARTER(x[1], x[6], x[11], x[12]);
        QUARTER(x[2], x[7], x[8], x[13]);
        QUARTER(x[3], x[4], x[9], x[14]);
    }
    for (int i = 0; i < 16; i++) {
        store_le(out + 4 * i, x[i] + in[i], 4);
    }
}

void chacha_init(ChaCha *c, const uint8_t key[32], uint64_t nonce)
{
    memset(c, 0, sizeof(*c));
    for (int i = 0; i < 8; i++) {
        c->key[i] = (uint32_t)load_le(key + 4 * i, 4);
    }
    c->nonce = nonce;
    c->used = sizeof c->block; /* no block generated yet */
}

static void next_block(ChaCha *c)
{
    /* "expand 32-byte k" */
    uint32_t in[16] = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};
    memcpy(&in[4], c->key, sizeof c->key);
    in[12] = (uint32_t)c->counter;
    in[13] = (uint32_t)(c->counter >> 32);
    in[14] = (uint32_t)c->nonce;
    in[15] = (uint32_t)(c->nonce >> 32);
    chacha_block(in, c->block);
    c->counter++;
    c->used = 0;
}

void chacha_stream(ChaCha *c, uint8_t *out, size_t len)
{
    while (len > 0) {
        if (c->used == sizeof c->block) {
            next_block(c);
        }
        size_t n = sizeof c->block - c->used;
        if (n > len) {
            n = len;
        }
        memcpy(out, c->block + c->used, n);
        c->used += (unsigned)n;
        out += n;
        len -= n;
    }
}
