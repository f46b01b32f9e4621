/* ChaCha20 keystream (RFC 8439 block function): the guest's entropy source.
 * SPDX-License-Identifier: MIT
 *
 * Deterministic by construction: the same 32-byte seed always yields the
 * same byte stream, so a recorded seed reproduces every random byte the
 * guest ever saw.  The generator state is plain data (snapshots copy it). */
#ifndef BASE_CHACHA_H
#define BASE_CHACHA_H

#include "base/base.h"

typedef struct ChaCha {
    uint32_t key[8];
    uint64_t counter;   /* next 64-byte block number */
    uint64_t nonce;
    uint8_t block[64];  /* current keystream block */
    unsigned used;      /* bytes of block already handed out, 0..64 */
} ChaCha;

/* The ChaCha20 block function on a full 16-word input state (RFC 8439
 * section 2.3: constants, key, counter, nonce); writes 64 bytes. */
void chacha_block(const uint32_t in[16], uint8_t out[64]);
/* Keyed generator: words 12-13 of the state are a 64-bit block counter
 * starting at 0, words 14-15 the nonce. */
void chacha_init(ChaCha *c, const uint8_t key[32], uint64_t nonce);
void chacha_stream(ChaCha *c, uint8_t *out, size_t len);

#endif
