/* Benchmark baseline: does no work, so its wall time is the fixed start-up
 * and shut-down cost of the emulator (loading the ELF, creating the board).
 * SPDX-License-Identifier: MIT */
#include "bench.h"

#define EXPECTED 0x9e3779b97f4a7c3fULL

int main(void)
{
    return bench_report("startup", bench_mix(0, 42), EXPECTED);
}
