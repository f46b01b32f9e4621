/* Device-tree blobs: builder over libfdt's read-write API and the virt tree.
 * SPDX-License-Identifier: MIT */
#include "machine/fdt.h"

#include "machine/board.h"
#include "machine/machine_internal.h"

#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>

/* First buffer size; the tree of an 8-hart virt board is about 6 KiB. */
#define DEVTREE_INITIAL_SIZE 8192

struct DevTree {
    uint8_t *buf;
    size_t size;
    uint32_t next_phandle;
};

static NORETURN void devtree_fail(const char *what, const char *path,
                                  int err)
{
    base_panic(__FILE__, __LINE__, "device tree: %s %s: %s", what, path,
               fdt_strerror(err));
}

DevTree *devtree_new(void)
{
    DevTree *t = base_alloc(sizeof(*t));
    t->size = DEVTREE_INITIAL_SIZE;
    t->buf = base_alloc(t->size);
    t->next_phandle = 1;
    int err = fdt_create_empty_tree(t->buf, (int)t->size);
    if (err != 0) {
        devtree_fail("create", "/", err);
    }
    return t;
}

void devtree_free(DevTree *t)
{
    if (t) {
        free(t->buf);
        free(t);
    }
}

static void grow(DevTree *t)
{
    size_t size = t->size * 2;
    t->buf = base_realloc(t->buf, size);
    int err = fdt_open_into(t->buf, t->buf, (int)size);
    if (err != 0) {
        devtree_fail("grow", "/", err);
    }
    t->size = size;
}

static int lookup(DevTree *t, const char *path)
{
    int node = fdt_path_offset(t->buf, path);
    if (node < 0) {
        devtree_fail("no node", path, node);
    }
    return node;
}

void devtree_node(DevTree *t, const char *path)
{
    const char *slash = strrchr(path, '/');
    ASSERT(slash != NULL && slash[1] != '\0');
    for (;;) {
        int parent = slash == path
                         ? 0
                         : fdt_path_offset_namelen(t->buf, path,
                                                   (int)(slash - path));
        if (parent < 0) {
            devtree_fail("no parent for", path, parent);
        }
        int err = fdt_add_subnode(t->buf, parent, slash + 1);
        if (err >= 0) {
            return;
        }
        if (err != -FDT_ERR_NOSPACE) {
            devtree_fail("add node", path, err);
        }
        grow(t);
    }
}

uint32_t devtree_new_phandle(DevTree *t)
{
    return t->next_phandle++;
}

static void setprop(DevTree *t, const char *path, const char *name,
                    const void *val, size_t len)
{
    for (;;) {
        int err = fdt_setprop(t->buf, lookup(t, path), name, val, (int)len);
        if (err == 0) {
            return;
        }
        if (err != -FDT_ERR_NOSPACE) {
            devtree_fail(name, path, err);
        }
        grow(t);
    }
}

void devtree_prop_empty(DevTree *t, const char *path, const char *name)
{
    setprop(t, path, name, NULL, 0);
}

void devtree_prop_str(DevTree *t, const char *path, const char *name,
                      const char *s)
{
    setprop(t, path, name, s, strlen(s) + 1);
}

void devtree_prop_strs(DevTree *t, const char *path, const char *name,
                       const char *const *list, unsigned n)
{
    char buf[256];
    size_t len = 0;
    for (unsigned i = 0; i < n; i++) {
        size_t l = strlen(list[i]) + 1;
        ASSERT(len + l <= sizeof buf);
        memcpy(buf + len, list[i], l);
        len += l;
    }
    setprop(t, path, name, buf, len);
}

void devtree_prop_cells(DevTree *t, const char *path, const char *name,
                        const uint32_t *cells, unsigned n)
{
    fdt32_t be[32];
    ASSERT(n <= ARRAY_SIZE(be));
    for (unsigned i = 0; i < n; i++) {
        be[i] = cpu_to_fdt32(cells[i]);
    }
    setprop(t, path, name, be, n * sizeof(fdt32_t));
}

void devtree_prop_u32(DevTree *t, const char *path, const char *name,
                      uint32_t v)
{
    devtree_prop_cells(t, path, name, &v, 1);
}

void devtree_prop_u64(DevTree *t, const char *path, const char *name,
                      uint64_t v)
{
    uint32_t cells[2] = {(uint32_t)(v >> 32), (uint32_t)v};
    devtree_prop_cells(t, path, name, cells, 2);
}

void devtree_prop_reg(DevTree *t, const char *path, uint64_t base,
                      uint64_t size)
{
    uint32_t cells[4] = {(uint32_t)(base >> 32), (uint32_t)base,
                         (uint32_t)(size >> 32), (uint32_t)size};
    devtree_prop_cells(t, path, "reg", cells, 4);
}

uint8_t *devtree_finish(DevTree *t, size_t *size)
{
    int err = fdt_pack(t->buf);
    if (err != 0) {
        devtree_fail("pack", "/", err);
    }
    uint8_t *blob = t->buf;
    *size = fdt_totalsize(blob);
    free(t);
    return blob;
}

/* ---- the virt board --------------------------------------------------- */

/* What the harts implement, in the form Linux 6.1 parses (single letters,
 * then multi-letter extensions separated by '_').  Linux acts on
 * zihintpause (pause in cpu_relax) and sstc (it then programs stimecmp
 * itself instead of asking OpenSBI); it ignores names it does not know.
 * QEMU 7.2 also lists h and the bit-manipulation extensions, which our
 * harts do not implement. */
#define VIRT_RISCV_ISA "rv64imafdc_zicntr_zicsr_zifencei_zihintpause_sstc"

/* Interrupt numbers at a hart's local interrupt controller (mip bits). */
enum { IRQ_CAUSE_M_SOFT = 3, IRQ_CAUSE_M_TIMER = 7 };

/* linux,initrd-start/end: one cell as QEMU 7.2 writes them, two above
 * 4 GiB (Linux reads either length). */
static void set_initrd(DevTree *t, const DevTreeChosen *c)
{
    if (c->initrd_end <= UINT32_MAX) {
        devtree_prop_u32(t, "/chosen", "linux,initrd-start",
                         (uint32_t)c->initrd_start);
        devtree_prop_u32(t, "/chosen", "linux,initrd-end",
                         (uint32_t)c->initrd_end);
    } else {
        devtree_prop_u64(t, "/chosen", "linux,initrd-start", c->initrd_start);
        devtree_prop_u64(t, "/chosen", "linux,initrd-end", c->initrd_end);
    }
}

/* The same node names, properties and creation order as QEMU 7.2's
 * create_fdt() for `-M virt` without PCI, flash, fw_cfg and PMU. */
uint8_t *devtree_build_virt(Machine *m, const DevTreeChosen *chosen,
                            size_t *size)
{
    DevTree *t = devtree_new();
    char path[96], sub[128];
    uint32_t intc[MACHINE_MAX_HARTS];
    uint32_t cells[4 * MACHINE_MAX_HARTS];
    unsigned n = m->nharts;

    devtree_prop_str(t, "/", "model", "riscv-virtio,qemu");
    devtree_prop_str(t, "/", "compatible", "riscv-virtio");
    devtree_prop_u32(t, "/", "#size-cells", 2);
    devtree_prop_u32(t, "/", "#address-cells", 2);

    devtree_node(t, "/soc");
    devtree_prop_empty(t, "/soc", "ranges");
    devtree_prop_str(t, "/soc", "compatible", "simple-bus");
    devtree_prop_u32(t, "/soc", "#size-cells", 2);
    devtree_prop_u32(t, "/soc", "#address-cells", 2);

    devtree_node(t, "/cpus");
    devtree_prop_u32(t, "/cpus", "timebase-frequency",
                     (uint32_t)MACHINE_TIMEBASE_HZ);
    devtree_prop_u32(t, "/cpus", "#size-cells", 0);
    devtree_prop_u32(t, "/cpus", "#address-cells", 1);
    devtree_node(t, "/cpus/cpu-map");
    devtree_node(t, "/cpus/cpu-map/cluster0");
    for (unsigned i = n; i-- > 0;) {
        uint32_t cpu_phandle = devtree_new_phandle(t);
        snprintf(path, sizeof path, "/cpus/cpu@%u", i);
        devtree_node(t, path);
        devtree_prop_str(t, path, "mmu-type", "riscv,sv48");
        devtree_prop_str(t, path, "riscv,isa", VIRT_RISCV_ISA);
        devtree_prop_str(t, path, "compatible", "riscv");
        devtree_prop_str(t, path, "status", "okay");
        devtree_prop_u32(t, path, "reg", i);
        devtree_prop_str(t, path, "device_type", "cpu");
        devtree_prop_u32(t, path, "phandle", cpu_phandle);

        intc[i] = devtree_new_phandle(t);
        snprintf(sub, sizeof sub, "%s/interrupt-controller", path);
        devtree_node(t, sub);
        devtree_prop_u32(t, sub, "phandle", intc[i]);
        devtree_prop_str(t, sub, "compatible", "riscv,cpu-intc");
        devtree_prop_empty(t, sub, "interrupt-controller");
        devtree_prop_u32(t, sub, "#interrupt-cells", 1);

        snprintf(sub, sizeof sub, "/cpus/cpu-map/cluster0/core%u", i);
        devtree_node(t, sub);
        devtree_prop_u32(t, sub, "cpu", cpu_phandle);
    }

    snprintf(path, sizeof path, "/memory@%llx",
             (unsigned long long)m->mem->ram_base);
    devtree_node(t, path);
    devtree_prop_reg(t, path, m->mem->ram_base, m->mem->ram_size);
    devtree_prop_str(t, path, "device_type", "memory");

    static const char *const clint_compat[] = {"sifive,clint0",
                                               "riscv,clint0"};
    snprintf(path, sizeof path, "/soc/clint@%llx",
             (unsigned long long)VIRT_CLINT_BASE);
    for (unsigned i = 0; i < n; i++) {
        cells[4 * i + 0] = intc[i];
        cells[4 * i + 1] = IRQ_CAUSE_M_SOFT;
        cells[4 * i + 2] = intc[i];
        cells[4 * i + 3] = IRQ_CAUSE_M_TIMER;
    }
    devtree_node(t, path);
    devtree_prop_strs(t, path, "compatible", clint_compat, 2);
    devtree_prop_reg(t, path, VIRT_CLINT_BASE, VIRT_CLINT_SIZE);
    devtree_prop_cells(t, path, "interrupts-extended", cells, 4 * n);

    uint32_t plic = plic_devtree(m->plic, t, intc);

    /* All eight slots are described whether or not a device sits there;
     * an empty slot answers with device ID 0 (board.c). */
    for (unsigned i = 0; i < VIRT_VIRTIO_COUNT; i++) {
        snprintf(path, sizeof path, "/soc/virtio_mmio@%llx",
                 (unsigned long long)VIRT_VIRTIO_SLOT(i));
        devtree_node(t, path);
        devtree_prop_str(t, path, "compatible", "virtio,mmio");
        devtree_prop_reg(t, path, VIRT_VIRTIO_SLOT(i), VIRT_VIRTIO_SIZE);
        devtree_prop_u32(t, path, "interrupt-parent", plic);
        devtree_prop_u32(t, path, "interrupts", VIRT_VIRTIO_IRQ(i));
    }

    /* The test finisher doubles as the syscon for poweroff and reboot. */
    static const char *const test_compat[] = {"sifive,test1", "sifive,test0",
                                              "syscon"};
    uint32_t test = devtree_new_phandle(t);
    snprintf(path, sizeof path, "/soc/test@%llx",
             (unsigned long long)VIRT_TEST_BASE);
    devtree_node(t, path);
    devtree_prop_strs(t, path, "compatible", test_compat, 3);
    devtree_prop_reg(t, path, VIRT_TEST_BASE, VIRT_TEST_SIZE);
    devtree_prop_u32(t, path, "phandle", test);
    devtree_node(t, "/reboot");
    devtree_prop_str(t, "/reboot", "compatible", "syscon-reboot");
    devtree_prop_u32(t, "/reboot", "regmap", test);
    devtree_prop_u32(t, "/reboot", "offset", 0);
    devtree_prop_u32(t, "/reboot", "value", 0x7777);
    devtree_node(t, "/poweroff");
    devtree_prop_str(t, "/poweroff", "compatible", "syscon-poweroff");
    devtree_prop_u32(t, "/poweroff", "regmap", test);
    devtree_prop_u32(t, "/poweroff", "offset", 0);
    devtree_prop_u32(t, "/poweroff", "value", 0x5555);

    uart_devtree(m->uart, t, plic);
    devtree_node(t, "/chosen");
    snprintf(path, sizeof path, "/soc/serial@%llx",
             (unsigned long long)VIRT_UART0_BASE);
    devtree_prop_str(t, "/chosen", "stdout-path", path);
    rtc_devtree(m->rtc, t, plic);

    if (chosen->bootargs && chosen->bootargs[0]) {
        devtree_prop_str(t, "/chosen", "bootargs", chosen->bootargs);
    }
    if (chosen->has_initrd) {
        set_initrd(t, chosen);
    }
    /* No rng-seed: guest entropy reaches the machine only through the
     * replay layer (virtio-rng). */
    return devtree_finish(t, size);
}

uint8_t *devtree_patch_chosen(const uint8_t *blob, size_t len,
                              const DevTreeChosen *chosen, size_t *size,
                              const char **err)
{
    if (len < sizeof(struct fdt_header) || len > INT32_MAX ||
        fdt_check_full(blob, len) != 0) {
        *err = "not a valid device tree blob";
        return NULL;
    }
    DevTree *t = base_alloc(sizeof(*t));
    t->size = fdt_totalsize(blob) + DEVTREE_INITIAL_SIZE;
    t->buf = base_alloc(t->size);
    t->next_phandle = 0; /* not used: no nodes with phandles are added */
    if (fdt_open_into(blob, t->buf, (int)t->size) != 0) {
        devtree_free(t);
        *err = "cannot parse the device tree blob";
        return NULL;
    }
    if (fdt_path_offset(t->buf, "/chosen") < 0) {
        devtree_node(t, "/chosen");
    }
    if (chosen->bootargs && chosen->bootargs[0]) {
        devtree_prop_str(t, "/chosen", "bootargs", chosen->bootargs);
    }
    if (chosen->has_initrd) {
        set_initrd(t, chosen);
    }
    return devtree_finish(t, size);
}
