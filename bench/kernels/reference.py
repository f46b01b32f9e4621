#!/usr/bin/env python3
# Independent reference values for some benchmark kernels (hashlib, zlib).
# SPDX-License-Identifier: MIT
#
# The kernels embed their expected checksums; for sha256, crc32 and sieve
# this script recomputes them with Python's own implementations, so the
# embedded values do not rest on the C code alone.  (matmul, qsort and
# interp are cross-checked on the host CPU by check-host.sh.)  Prints
# "<name> checksum <hex>" lines in the kernels' own format.
import hashlib
import itertools
import re
import sys
import zlib
from pathlib import Path

M64 = (1 << 64) - 1
HERE = Path(__file__).resolve().parent


def define(kernel, name):
    text = (HERE / f"{kernel}.c").read_text()
    value = re.search(rf"^#define {name} (\w+)", text, re.M).group(1)
    return int(value.rstrip("uUlL"), 0)


def splitmix_bytes(seed, n):
    out = bytearray()
    state = seed
    while len(out) < n:
        state = (state + 0x9E3779B97F4A7C15) & M64
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        z ^= z >> 31
        out += z.to_bytes(8, "little")
    return out[:n]


def mix(acc, v):
    return (acc ^ ((v + 0x9E3779B97F4A7C15 + (acc << 6) + (acc >> 2)) & M64)) & M64


def sha256_ref():
    buf = splitmix_bytes(1, define("sha256", "BUF_SIZE"))
    digest = b""
    for _ in range(define("sha256", "ROUNDS")):
        digest = hashlib.sha256(buf).digest()
        buf[0:32] = digest
    return int.from_bytes(digest[:8], "big")


def crc32_ref():
    size = define("crc32", "BUF_SIZE")
    buf = splitmix_bytes(2, size)
    acc = 0
    for r in range(define("crc32", "ROUNDS")):
        crc = zlib.crc32(buf)
        buf[(r * 4099) % size] ^= crc & 0xFF
        acc = (acc * 31 + crc) & M64
    return acc


def sieve_ref():
    limit0 = define("sieve", "LIMIT")
    acc = 0
    for p in range(define("sieve", "PASSES")):
        limit = limit0 - p * 1000
        flags = bytearray([1]) * limit  # flags[n]: n is prime, n < limit
        flags[0:2] = b"\0\0"
        for i in range(2, int(limit ** 0.5) + 1):
            if flags[i]:
                flags[i * i::i] = bytes(len(range(i * i, limit, i)))
        count = sum(flags)
        total = sum(itertools.compress(range(limit), flags))
        acc = mix(mix(acc, count), total)
    return acc


def main():
    for name, fn in (("sha256", sha256_ref), ("crc32", crc32_ref),
                     ("sieve", sieve_ref)):
        print(f"{name} checksum {fn():016x}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
