/* Device-tree blobs: a small builder over libfdt and the virt board's tree.
 * SPDX-License-Identifier: MIT
 *
 * The builder never fails for lack of space (it grows its buffer); any
 * other libfdt error means we built a malformed tree, which is a bug and
 * panics.  Nodes are added the way QEMU adds them (libfdt's read-write
 * API), so a tree built in QEMU's order has QEMU's node order, which
 * decides e.g. the order in which Linux probes the virtio-mmio slots. */
#ifndef MACHINE_FDT_H
#define MACHINE_FDT_H

#include "base/base.h"

typedef struct Machine Machine;
typedef struct DevTree DevTree;

/* ---- builder (board and device files) ----
 * Nodes are named by absolute path ("/soc/serial@10000000") rather than
 * by libfdt offset, because adding a node or property moves the offsets
 * of everything after it. */
DevTree *devtree_new(void);
void devtree_free(DevTree *t);
/* Creates node `path`; its parent must exist. */
void devtree_node(DevTree *t, const char *path);
uint32_t devtree_new_phandle(DevTree *t);
void devtree_prop_empty(DevTree *t, const char *path, const char *name);
void devtree_prop_str(DevTree *t, const char *path, const char *name,
                      const char *s);
/* A string list ("a\0b\0"): `n` strings. */
void devtree_prop_strs(DevTree *t, const char *path, const char *name,
                       const char *const *list, unsigned n);
void devtree_prop_u32(DevTree *t, const char *path, const char *name,
                      uint32_t v);
void devtree_prop_u64(DevTree *t, const char *path, const char *name,
                      uint64_t v);
void devtree_prop_cells(DevTree *t, const char *path, const char *name,
                        const uint32_t *cells, unsigned n);
/* reg = <base size> with #address-cells = #size-cells = 2. */
void devtree_prop_reg(DevTree *t, const char *path, uint64_t base,
                      uint64_t size);
/* Packs the tree and hands the blob to the caller (free() it); the
 * builder is freed. */
uint8_t *devtree_finish(DevTree *t, size_t *size);

/* ---- the virt board ---- */
typedef struct DevTreeChosen {
    const char *bootargs; /* NULL: no bootargs property */
    bool has_initrd;
    uint64_t initrd_start, initrd_end; /* guest physical, end exclusive */
} DevTreeChosen;

/* The device tree of machine m (QEMU virt's shape); free() the result. */
uint8_t *devtree_build_virt(Machine *m, const DevTreeChosen *chosen,
                            size_t *size);

/* Copies a user-supplied blob, replacing /chosen's bootargs and initrd
 * properties as QEMU does for -dtb; NULL + *err if it is not a valid
 * device tree. */
uint8_t *devtree_patch_chosen(const uint8_t *blob, size_t len,
                              const DevTreeChosen *chosen, size_t *size,
                              const char **err);

#endif
