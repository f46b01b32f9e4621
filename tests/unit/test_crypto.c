/* Unit test of src/base/chacha.c and src/base/sha256.c against published
 * vectors (RFC 8439 section 2.3.2, FIPS 180-4 examples).
 * SPDX-License-Identifier: MIT */
#include "base/chacha.h"
#include "base/sha256.h"

#include <stdio.h>
#include <stdlib.h>

static int failures;

static void check(bool ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "FAIL: %s\n", what);
        failures++;
    }
}

static void hex_of(const uint8_t *p, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++) {
        sprintf(out + 2 * i, "%02x", p[i]);
    }
}

static void test_chacha_block(void)
{
    /* RFC 8439 2.3.2: key 00..1f, counter 1, nonce 000000090000004a00000000 */
    uint32_t in[16] = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};
    for (int i = 0; i < 8; i++) {
        in[4 + i] = (uint32_t)(4 * i) | (uint32_t)(4 * i + 1) << 8 |
                    (uint32_t)(4 * i + 2) << 16 | (uint32_t)(4 * i + 3) << 24;
    }
    in[12] = 1;
    in[13] = 0x09000000;
    in[14] = 0x4a000000;
    in[15] = 0;
    uint8_t out[64];
    char hex[129];
    chacha_block(in, out);
    hex_of(out, 64, hex);
    check(strcmp(hex,
                 "10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d4"
                 "6c4ed2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8"
                 "a2503c4e") == 0,
          "chacha block function, RFC 8439 2.3.2");
}

static void test_chacha_stream(void)
{
    /* RFC 8439 A.1 test vector 1: zero key, zero nonce, counter 0. */
    uint8_t key[32] = {0};
    uint8_t a[100], b[100];
    char hex[129];
    ChaCha c;
    chacha_init(&c, key, 0);
    chacha_stream(&c, a, 64);
    hex_of(a, 64, hex);
    check(strcmp(hex,
                 "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b77"
                 "0dc7da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669"
                 "b2ee6586") == 0,
          "chacha stream, RFC 8439 A.1 #1");
    /* Split requests give the same stream as one request. */
    chacha_init(&c, key, 0);
    chacha_stream(&c, a, 100);
    chacha_init(&c, key, 0);
    chacha_stream(&c, b, 3);
    chacha_stream(&c, b + 3, 70);
    chacha_stream(&c, b + 73, 27);
    check(memcmp(a, b, 100) == 0, "chacha stream split requests");
    /* Different seeds, different streams. */
    key[0] = 1;
    chacha_init(&c, key, 0);
    chacha_stream(&c, b, 100);
    check(memcmp(a, b, 100) != 0, "chacha different keys");
}

static void sha_check(const void *data, size_t len, size_t repeat,
                      const char *want, const char *what)
{
    Sha256 s;
    uint8_t d[SHA256_DIGEST_SIZE];
    char hex[SHA256_HEX_SIZE];
    sha256_init(&s);
    for (size_t i = 0; i < repeat; i++) {
        sha256_update(&s, data, len);
    }
    sha256_final(&s, d);
    sha256_hex(d, hex);
    check(strcmp(hex, want) == 0, what);
}

static void test_sha256(void)
{
    sha_check("", 0, 1,
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
              "sha256 empty");
    sha_check("abc", 3, 1,
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
              "sha256 abc");
    const char *m448 =
        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    sha_check(m448, strlen(m448), 1,
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
              "sha256 448-bit message");
    sha_check("aaaaaaaaaa", 10, 100000,
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
              "sha256 one million 'a' in pieces of 10");
}

int main(void)
{
    test_chacha_block();
    test_chacha_stream();
    test_sha256();
    if (failures) {
        fprintf(stderr, "%d failure(s)\n", failures);
        return 1;
    }
    printf("crypto: all checks passed\n");
    return 0;
}
