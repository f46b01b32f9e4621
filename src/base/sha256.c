/* SHA-256 (FIPS 180-4) through OpenSSL's libcrypto, which uses the CPU's
 * SHA instructions where it can: hashing a kernel, initrd and disk image
 * at every record and replay start is then a small cost.
 * SPDX-License-Identifier: MIT */
#include "base/sha256.h"

#include <openssl/evp.h>

void sha256_init(Sha256 *s)
{
    s->ctx = EVP_MD_CTX_new();
    if (s->ctx == NULL || !EVP_DigestInit_ex(s->ctx, EVP_sha256(), NULL)) {
        base_panic(__FILE__, __LINE__, "libcrypto cannot start SHA-256");
    }
}

void sha256_update(Sha256 *s, const void *data, size_t len)
{
    if (!EVP_DigestUpdate(s->ctx, data, len)) {
        base_panic(__FILE__, __LINE__, "libcrypto SHA-256 update failed");
    }
}

void sha256_final(Sha256 *s, uint8_t digest[SHA256_DIGEST_SIZE])
{
    unsigned len = 0;
    if (!EVP_DigestFinal_ex(s->ctx, digest, &len) ||
        len != SHA256_DIGEST_SIZE) {
        base_panic(__FILE__, __LINE__, "libcrypto SHA-256 final failed");
    }
    EVP_MD_CTX_free(s->ctx);
    s->ctx = NULL;
}

void sha256_hex(const uint8_t digest[SHA256_DIGEST_SIZE],
                char hex[SHA256_HEX_SIZE])
{
    static const char digits[] = "0123456789abcdef";
    for (unsigned i = 0; i < SHA256_DIGEST_SIZE; i++) {
        hex[2 * i] = digits[digest[i] >> 4];
        hex[2 * i + 1] = digits[digest[i] & 15];
    }
    hex[2 * SHA256_DIGEST_SIZE] = '\0';
}
