/* Machine options shared by the subcommands that start a machine (run,
 * record): images, RAM, harts, devices.
 * SPDX-License-Identifier: MIT
 *
 * A subcommand merges options_longopts() with its own getopt_long table,
 * passes every option it does not handle itself to options_parse(), and
 * turns the result into boot images with options_load_images(). */
#ifndef CLI_OPTIONS_H
#define CLI_OPTIONS_H

#include "base/base.h"
#include "machine/boot.h"

#include <getopt.h>

#define OPTIONS_MAX_DISKS 8
#define OPTIONS_MAX_NETS 8

/* Default firmware (Debian package opensbi). */
#define OPTIONS_DEFAULT_BIOS \
    "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin"
#define OPTIONS_DEFAULT_APPEND "console=ttyS0 earlycon=sbi"

typedef struct MachineOptions {
    const char *kernel;  /* NULL: the default guest's Image */
    const char *bios;    /* NULL: OPTIONS_DEFAULT_BIOS; "none": no firmware */
    const char *initrd;  /* NULL: the default guest's initramfs when the
                            kernel is the default one, else none */
    const char *append;  /* NULL: OPTIONS_DEFAULT_APPEND */
    const char *dtb;     /* device tree file instead of the generated one */
    const char *dtb_out; /* write the device tree the guest gets here */
    uint64_t mem;        /* bytes */
    unsigned smp;        /* harts */
    /* --disk and --net specifications, in command-line order, unparsed
     * (the virtio block and network devices interpret them). */
    const char *disks[OPTIONS_MAX_DISKS];
    unsigned ndisks;
    const char *nets[OPTIONS_MAX_NETS];
    unsigned nnets;
    /* Paths options_resolve() filled in (freed by options_release). */
    char *resolved[2];
} MachineOptions;

/* getopt_long values of the machine options; subcommands number their own
 * options below OPTIONS_FIRST. */
enum {
    OPTIONS_FIRST = 0x1000,
    OPTIONS_KERNEL = OPTIONS_FIRST,
    OPTIONS_BIOS,
    OPTIONS_INITRD,
    OPTIONS_APPEND,
    OPTIONS_DTB,
    OPTIONS_DTB_OUT,
    OPTIONS_MEM,
    OPTIONS_SMP,
    OPTIONS_DISK,
    OPTIONS_NET,
    OPTIONS_LAST,
};

/* Help text for the machine options (for a subcommand's --help). */
extern const char options_help[];

void options_init(MachineOptions *o);
/* The machine options followed by `own` (terminated by a zero entry);
 * free() the result. */
struct option *options_longopts(const struct option *own);
/* Handles getopt_long result `opt` (OPTIONS_FIRST..OPTIONS_LAST-1) with
 * argument `arg`; false after printing a message if the value is bad. */
bool options_parse(MachineOptions *o, int opt, const char *arg) MUST_CHECK;

/* Replaces the defaults by concrete paths: the default firmware and the
 * default guest's Image and initramfs.  false + message if the default
 * guest is needed but not built. */
bool options_resolve(MachineOptions *o, char *err, size_t err_size)
    MUST_CHECK;
/* Frees what options_resolve allocated. */
void options_release(MachineOptions *o);

/* Reads the images the options name (finding the default guest when no
 * kernel is given) into `img`; false with a message in err. */
bool options_load_images(const MachineOptions *o, BootImages *img,
                         char *err, size_t err_size) MUST_CHECK;
void options_free_images(BootImages *img);

#endif
