/* Unit test: read-modify-write CSR instructions on mip never latch the
 * external SEIP line into the software SEIP bit (privileged spec, mip).
 * SPDX-License-Identifier: MIT
 *
 * Regression: `csrs mip, SSIP` (OpenSBI's IPI path) read SEIP from the PLIC
 * line and wrote it back as the software bit; once the PLIC dropped the
 * line SEIP stayed pending, and Linux with several harts looped in its
 * PLIC handler claiming nothing. */
#include <stdio.h>
#include <stdlib.h>

#include "cpu/cpu.h"
#include "cpu/physmem.h"
#include "unit.h"

#define RAM_BASE 0x80000000ULL

static uint64_t get_time(void *opaque, Hart *h)
{
    (void)opaque;
    (void)h;
    return 0;
}

/* csrsi mip, 2; csrci mip, 2; c.j . */
static const uint32_t code[] = {0x34416073, 0x34417073, 0xa001};

int main(void)
{
    const char *err = NULL;
    CpuPlatform plat = {.get_time = get_time};
    PhysMem *mem = physmem_new(RAM_BASE, 1 << 20, &err);
    CHECK(mem != NULL, "%s", "");
    Hart *h = cpu_new(mem, &plat, 0);
    CHECK(physmem_write(mem, RAM_BASE, code, sizeof code), "%s", "");
    cpu_reset(h, RAM_BASE);

    uint64_t mip = 0;
    cpu_set_irq_lines(h, MIP_SEIP, MIP_SEIP); /* PLIC raises SEIP */
    CHECK(cpu_run(h, 1) == 1, "%s", "");          /* csrsi mip, SSIP */
    CHECK(cpu_debug_csr_read(h, 0x344, &mip), "%s", "");
    CHECK((mip & (MIP_SSIP | MIP_SEIP)) == (MIP_SSIP | MIP_SEIP), "%s", "");
    cpu_set_irq_lines(h, MIP_SEIP, 0); /* PLIC drops it */
    CHECK(cpu_debug_csr_read(h, 0x344, &mip), "%s", "");
    CHECK((mip & MIP_SEIP) == 0, "%s", "");
    CHECK(cpu_run(h, 1) == 1, "%s", ""); /* csrci mip, SSIP */
    CHECK(cpu_debug_csr_read(h, 0x344, &mip), "%s", "");
    CHECK((mip & (MIP_SSIP | MIP_SEIP)) == 0, "%s", "");

    cpu_free(h);
    physmem_free(mem);
    return unit_finish("test_csr_mip");
}
