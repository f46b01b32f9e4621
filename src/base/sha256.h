/* SHA-256 (FIPS 180-4): content identity of disk images and other inputs.
 * SPDX-License-Identifier: MIT */
#ifndef BASE_SHA256_H
#define BASE_SHA256_H

#include "base/base.h"

#define SHA256_DIGEST_SIZE 32
/* 64 hex digits and a NUL. */
#define SHA256_HEX_SIZE 65

/* An incremental hash: sha256_init, any number of sha256_update, then
 * sha256_final (which releases it). */
typedef struct Sha256 {
    struct evp_md_ctx_st *ctx; /* OpenSSL EVP_MD_CTX */
} Sha256;

void sha256_init(Sha256 *s);
void sha256_update(Sha256 *s, const void *data, size_t len);
void sha256_final(Sha256 *s, uint8_t digest[SHA256_DIGEST_SIZE]);
/* Lower-case hex of a digest. */
void sha256_hex(const uint8_t digest[SHA256_DIGEST_SIZE],
                char hex[SHA256_HEX_SIZE]);

#endif
