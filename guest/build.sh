#!/usr/bin/env bash
# guest/build.sh - build the rvreplay Linux guest from Debian packages.
# SPDX-License-Identifier: MIT
#
# Builds, from the Debian packages installed on this machine:
#   Image              riscv64 Linux 6.1 (linux-source-6.1, tinyconfig +
#                      guest/linux.config), cross-built with riscv64-linux-gnu-
#   vmlinux            the same kernel as an ELF with DWARF debug info
#   System.map         its symbol table
#   linux-src/         the kernel source files the build used (for gdb)
#   gdbinit            gdb commands mapping the debug info to linux-src/
#   busybox            static riscv64 busybox from Debian's busybox source
#   initramfs.cpio.gz  busybox + guest/rootfs (/init prints
#                      "rvreplay guest ready" and runs a shell on the console)
#   disk.ext2          16 MiB ext2 image holding /hello.txt
#   config-linux, config-busybox, inputs.txt, build-times.txt, logs/,
#   manifest.txt       sha256 sums of the files above
#
# Everything goes to ${RVREPLAY_CACHE:-$HOME/.cache/rvreplay}/guest-<key>/,
# outside the work tree, where <key> is a hash of every input (this script,
# the kernel config fragment, the rootfs files, and the versions of the
# kernel source, busybox source, cross toolchain and e2fsprogs).  The build
# runs in a temporary directory under the cache directory and is renamed into
# place when complete; the `.complete` stamp is written last.  If the
# directory is already complete nothing is built.
#
# Usage: guest/build.sh              build if needed, print the directory
#        guest/build.sh --print-dir  print the directory if it is complete,
#                                    exit 1 otherwise (never builds)
#        guest/build.sh --print-key  print the key and the inputs it hashes
#
# The last line on stdout is always the output directory (build mode and
# --print-dir).  Progress goes to stderr.  Environment: RVREPLAY_CACHE (cache
# root), RVREPLAY_KEEP_BUILD=1 (keep the temporary build directory),
# RVREPLAY_JOBS (parallel make jobs, default nproc).
#
# Needs root only when something is missing: it then installs missing build
# tools with apt-get and, if apt has no deb-src entries, enables them in the
# existing Debian sources file and runs apt-get update.

set -euo pipefail

GUEST_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE_ROOT=${RVREPLAY_CACHE:-$HOME/.cache/rvreplay}
CROSS=riscv64-linux-gnu-
KERNEL_TARBALL=/usr/src/linux-source-6.1.tar.xz
KERNEL_PACKAGE=linux-source-6.1
JOBS=${RVREPLAY_JOBS:-$(nproc)}

# Fixed timestamps and names so that identical inputs give identical outputs.
EPOCH=1704067200
KBUILD_TS="Mon Jan  1 00:00:00 UTC 2024"
# Kernel debug info names its compilation directory by this path;
# gdbinit maps it to the linux-src/ copy in the output directory.
DEBUG_SRC_PREFIX=/rvreplay-guest/linux
# Busybox's kconfig stamps its version string with this date.
export SOURCE_DATE_EPOCH=$EPOCH
DISK_UUID=3c2a1f4e-8b7d-4e52-9a61-72e5d0c4b1a9
DISK_SIZE=16M
HELLO_TEXT="hello from the rvreplay guest disk"

# Busybox options changed from defconfig (GUEST-NOTES.md explains why).
BUSYBOX_SETTINGS=(
    'CONFIG_STATIC=y'
    'CONFIG_CROSS_COMPILER_PREFIX="riscv64-linux-gnu-"'
    '# CONFIG_TC is not set'
    '# CONFIG_FEATURE_TC_INGRESS is not set'
    '# CONFIG_SHA1_HWACCEL is not set'
    '# CONFIG_SHA256_HWACCEL is not set'
    'CONFIG_CTTYHACK=y'
    'CONFIG_SETSID=y'
    'CONFIG_HTTPD=y'
    'CONFIG_IP=y'
    'CONFIG_NC=y'
    'CONFIG_WGET=y'
)

log() {
    printf 'guest/build.sh: %s\n' "$*" >&2
}

die() {
    log "error: $*"
    exit 1
}

usage() {
    sed -n '/^# Usage:/,/^# RVREPLAY_JOBS/p' "$0" | sed 's/^# \{0,1\}//' >&2
}

# ---------------------------------------------------------------- key ----

# Version of the busybox *source* package apt would fetch: the Source:
# field of the candidate binary package when it names a version (binNMUs),
# else the binary version.  Works without deb-src entries and without root.
busybox_source_version() {
    apt-cache show --no-all-versions busybox 2>/dev/null | awk '
        /^Source:/ && !done {
            if (match($0, /\([^)]*\)/)) {
                src = substr($0, RSTART + 1, RLENGTH - 2)
            }
        }
        /^Version:/ && !done { ver = $2 }
        /^$/ { done = 1 }
        END { print (src != "" ? src : ver) }'
}

# Prints the text that the key hashes; fails if an input is missing.
key_material() {
    local kver bbver gccver ldver e2ver f

    kver=$(dpkg-query -W -f='${Version}' "$KERNEL_PACKAGE" 2>/dev/null) ||
        die "package $KERNEL_PACKAGE is not installed"
    [ -r "$KERNEL_TARBALL" ] || die "$KERNEL_TARBALL is missing"
    bbver=$(busybox_source_version)
    [ -n "$bbver" ] || die "apt knows no busybox package (run apt-get update?)"
    gccver=$("${CROSS}gcc" --version 2>/dev/null | sed -n 1p) ||
        die "${CROSS}gcc not found (package gcc-riscv64-linux-gnu)"
    ldver=$("${CROSS}ld" --version 2>/dev/null | sed -n 1p) ||
        die "${CROSS}ld not found (package binutils-riscv64-linux-gnu)"
    e2ver=$(dpkg-query -W -f='${Version}' e2fsprogs 2>/dev/null) ||
        die "package e2fsprogs is not installed"

    echo "format 1"
    echo "linux-source $kver"
    echo "busybox-source $bbver"
    echo "cross-gcc $gccver"
    echo "cross-binutils $ldver"
    echo "e2fsprogs $e2ver"
    (
        cd "$GUEST_DIR"
        {
            echo build.sh
            echo linux.config
            find rootfs \( -type f -o -type l \) | LC_ALL=C sort
        } | while IFS= read -r f; do
            if [ -L "$f" ]; then
                echo "link $f $(readlink "$f")"
            elif [ -x "$f" ]; then
                echo "file $f 755 $(sha256sum < "$f" | cut -d ' ' -f 1)"
            else
                echo "file $f 644 $(sha256sum < "$f" | cut -d ' ' -f 1)"
            fi
        done
    )
}

# ------------------------------------------------------------ helpers ----

is_root() {
    [ "$(id -u)" = 0 ]
}

# Make sure the build tools exist; as root, install missing ones.
check_tools() {
    local -a missing=()
    local pair cmd pkg
    for pair in make:make gcc:gcc flex:flex bison:bison bc:bc perl:perl \
        xz:xz-utils tar:tar gzip:gzip mke2fs:e2fsprogs e2fsck:e2fsprogs \
        debugfs:e2fsprogs realpath:coreutils \
        dpkg-source:dpkg-dev flock:util-linux sha256sum:coreutils \
        "${CROSS}gcc:gcc-riscv64-linux-gnu" \
        "${CROSS}readelf:binutils-riscv64-linux-gnu"; do
        cmd=${pair%%:*}
        pkg=${pair#*:}
        if ! command -v "$cmd" > /dev/null 2>&1; then
            missing+=("$pkg")
        fi
    done
    if [ ${#missing[@]} -eq 0 ]; then
        return 0
    fi
    if ! is_root; then
        die "missing build tools; install as root: apt-get install ${missing[*]}"
    fi
    log "installing missing build tools: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        "${missing[@]}" >&2 || die "apt-get install ${missing[*]} failed"
}

have_busybox_deb_src() {
    local src
    src=$(apt-cache showsrc busybox 2> /dev/null || true)
    case $src in
        *"Package: busybox"*) return 0 ;;
    esac
    return 1
}

# Where the busybox source package of version $1 is kept between builds.
busybox_download_dir() {
    printf '%s\n' "$CACHE_ROOT/downloads/busybox_${1//:/_}"
}

# Debian 12 ships no deb-src entries.  Add them to the existing Debian
# sources file (never writing a host name of our own) and refresh apt.
enable_deb_src() {
    local f=/etc/apt/sources.list.d/debian.sources
    local l=/etc/apt/sources.list
    is_root || die "apt has no deb-src entries; as root, add 'deb-src' to the \
Types: lines of $f (or deb-src lines to $l) and run apt-get update"
    if [ -f "$f" ] && grep -qE '^Types:[[:space:]]*deb[[:space:]]*$' "$f"; then
        log "enabling deb-src in $f"
        sed -i -E 's/^Types:[[:space:]]*deb[[:space:]]*$/Types: deb deb-src/' "$f"
    elif [ -f "$l" ] && grep -qE '^deb[[:space:]]' "$l" &&
        ! grep -qE '^deb-src[[:space:]]' "$l"; then
        log "adding deb-src twins of the deb lines in $l"
        awk '{ print } /^deb[[:space:]]/ { sub(/^deb/, "deb-src"); print }' \
            "$l" > "$l.rvreplay-new"
        cat "$l.rvreplay-new" > "$l"
        rm -f "$l.rvreplay-new"
    else
        die "cannot find where to enable deb-src entries ($f, $l)"
    fi
    apt-get update >&2 || die "apt-get update failed"
}

# run_step NAME CMD...: run CMD with its output in logs/NAME.log; on
# failure show the end of the log and stop.
run_step() {
    local name=$1
    shift
    if ! "$@" >> "$LOG_DIR/$name.log" 2>&1; then
        log "step '$name' failed; last lines of $name.log:"
        tail -n 40 "$LOG_DIR/$name.log" >&2
        die "step '$name' failed: $*"
    fi
}

# CPU time (user + system, in clock ticks) used so far by this script's
# finished children: make, the compilers, tar...
child_cpu_ticks() {
    local -a f
    read -r -a f < /proc/$$/stat
    echo $((f[15] + f[16]))
}

# Record how long a step took, in wall-clock and CPU seconds (the CPU time
# does not depend on what else runs on the machine).
STEP_START=0
STEP_CPU=0
step_begin() {
    STEP_START=$(date +%s)
    STEP_CPU=$(child_cpu_ticks)
    log "$1 ..."
}
step_end() {
    local secs=$(($(date +%s) - STEP_START))
    local cpu=$((($(child_cpu_ticks) - STEP_CPU) / $(getconf CLK_TCK)))
    printf '%-28s wall %4d s  cpu %4d s\n' "$1" "$secs" "$cpu" \
        >> "$STAGE/build-times.txt"
    log "$1 done in ${secs} s (cpu ${cpu} s)"
}

# set_config FILE LINE: make LINE (`CONFIG_X=v` or `# CONFIG_X is not set`)
# the only setting of CONFIG_X in FILE.
set_config() {
    local file=$1 line=$2 name
    name=$(config_name "$line")
    sed -i -E "/^${name}=|^# ${name} is not set\$/d" "$file"
    printf '%s\n' "$line" >> "$file"
}

# config_name LINE: print the CONFIG_X of a fragment line, nothing if the
# line is not a setting.
config_name() {
    case $1 in
        CONFIG_*=*)
            printf '%s\n' "${1%%=*}"
            ;;
        "# CONFIG_"*" is not set")
            local n=${1#\# }
            printf '%s\n' "${n%% *}"
            ;;
    esac
}

# verify_config CONFIG LINE...: fail loudly unless every requested setting
# is present in CONFIG.
verify_config() {
    local cfg=$1 line name now bad=0
    shift
    for line in "$@"; do
        name=$(config_name "$line")
        [ -n "$name" ] || continue
        case $line in
            CONFIG_*)
                grep -qxF -- "$line" "$cfg" && continue
                ;;
            *)
                grep -q "^${name}=" "$cfg" || continue
                ;;
        esac
        now=$(grep -E "^${name}=|^# ${name} is not set\$" "$cfg" || true)
        log "config option did not survive: wanted '$line', got '${now:-<absent: unmet dependency>}'"
        bad=1
    done
    [ "$bad" = 0 ] || die "requested configuration options were dropped ($cfg)"
}

# ------------------------------------------------------------- kernel ----

kmake() {
    make -C "$KSRC" ARCH=riscv CROSS_COMPILE="$CROSS" \
        KBUILD_BUILD_TIMESTAMP="$KBUILD_TS" KBUILD_BUILD_USER=rvreplay \
        KBUILD_BUILD_HOST=rvreplay KBUILD_BUILD_VERSION=1 \
        KCFLAGS="-fdebug-prefix-map=$KSRC=$DEBUG_SRC_PREFIX" \
        KAFLAGS="-fdebug-prefix-map=$KSRC=$DEBUG_SRC_PREFIX" \
        "$@"
}

build_kernel() {
    local -a frag=()
    local line sections

    step_begin "kernel: extract"
    run_step kernel tar -C "$TMP" -xf "$KERNEL_TARBALL"
    KSRC=$TMP/linux-source-6.1
    [ -f "$KSRC/Makefile" ] || die "unexpected layout of $KERNEL_TARBALL"
    step_end "kernel: extract"

    step_begin "kernel: configure"
    run_step kernel kmake tinyconfig
    run_step kernel "$KSRC/scripts/kconfig/merge_config.sh" -m -O "$KSRC" \
        "$KSRC/.config" "$GUEST_DIR/linux.config"
    run_step kernel kmake olddefconfig
    while IFS= read -r line; do
        frag+=("$line")
    done < "$GUEST_DIR/linux.config"
    verify_config "$KSRC/.config" "${frag[@]}"
    cp "$KSRC/.config" "$STAGE/config-linux"
    step_end "kernel: configure"

    step_begin "kernel: build (make -j$JOBS)"
    run_step kernel kmake -j"$JOBS" Image vmlinux
    cp "$KSRC/arch/riscv/boot/Image" "$STAGE/Image"
    cp "$KSRC/vmlinux" "$STAGE/vmlinux"
    cp "$KSRC/System.map" "$STAGE/System.map"
    # (No `readelf | grep -q`: grep exiting early fails the pipe.)
    sections=$("${CROSS}readelf" -S -W "$STAGE/vmlinux")
    case $sections in
        *.debug_info*) ;;
        *) die "vmlinux has no .debug_info section" ;;
    esac
    step_end "kernel: build (make -j$JOBS)"

    step_begin "kernel: collect sources"
    collect_kernel_sources
    step_end "kernel: collect sources"
}

# Copy the source files the kernel build read (per the .cmd dependency
# files) to linux-src/, so gdb can list kernel source after the build tree
# is gone.
collect_kernel_sources() {
    local list=$TMP/kernel-sources.txt
    (
        cd "$KSRC"
        find . -name '.*.cmd' -print0 | xargs -0 cat |
            tr -s ' \t\\():=' '\n' | sed -e "s|^$KSRC/||" -e 's|^\./||' |
            grep -E '^[A-Za-z0-9_.][A-Za-z0-9_./+-]*\.(c|h|S|s|lds|inc)$' |
            LC_ALL=C sort -u | xargs -r realpath -s -m --relative-to=. -- |
            LC_ALL=C sort -u | while IFS= read -r f; do
                case $f in
                    ../*) ;;
                    *) if [ -f "$f" ]; then printf '%s\n' "$f"; fi ;;
                esac
            done
    ) > "$list"
    [ -s "$list" ] || die "found no kernel sources in the .cmd files"
    mkdir -p "$STAGE/linux-src"
    tar -C "$KSRC" -cf - -T "$list" | tar -C "$STAGE/linux-src" -xf -
    cp "$KSRC/.config" "$STAGE/linux-src/.config"
    log "kept $(wc -l < "$list") kernel source files in linux-src/"
}

# ------------------------------------------------------------ busybox ----

fetch_busybox_source() {
    local dl
    local -a dsc
    dl=$(busybox_download_dir "$BB_VERSION")
    dsc=("$dl"/*.dsc)
    if [ ! -f "${dsc[0]}" ]; then
        have_busybox_deb_src ||
            die "apt has no source package for busybox (deb-src entries?)"
        rm -rf "$dl.part"
        mkdir -p "$dl.part"
        (cd "$dl.part" && apt-get source --download-only "busybox=$BB_VERSION") \
            >> "$LOG_DIR/busybox.log" 2>&1 ||
            die "apt-get source busybox=$BB_VERSION failed (see $LOG_DIR/busybox.log)"
        rm -rf "$dl"
        mv "$dl.part" "$dl"
        dsc=("$dl"/*.dsc)
        [ -f "${dsc[0]}" ] || die "apt-get source left no .dsc file in $dl"
    fi
    BB_DSC=${dsc[0]}
}

build_busybox() {
    local cfg hdr line

    step_begin "busybox: fetch + unpack"
    fetch_busybox_source
    run_step busybox dpkg-source -x "$BB_DSC" "$TMP/busybox"
    BBSRC=$TMP/busybox
    step_end "busybox: fetch + unpack"

    step_begin "busybox: build (make -j$JOBS)"
    cfg=$BBSRC/.config
    run_step busybox make -C "$BBSRC" defconfig
    for line in "${BUSYBOX_SETTINGS[@]}"; do
        set_config "$cfg" "$line"
    done
    # `yes` dies of SIGPIPE when oldconfig stops reading; that is expected.
    { yes '' || true; } | run_step busybox make -C "$BBSRC" oldconfig
    verify_config "$cfg" "${BUSYBOX_SETTINGS[@]}"
    cp "$cfg" "$STAGE/config-busybox"
    run_step busybox make -C "$BBSRC" -j"$JOBS" busybox
    cp "$BBSRC/busybox" "$STAGE/busybox"
    hdr=$("${CROSS}readelf" -h -l -W "$STAGE/busybox")
    case $hdr in
        *Machine:*RISC-V*) ;;
        *) die "busybox is not a RISC-V binary" ;;
    esac
    case $hdr in
        *INTERP*) die "busybox is not static" ;;
    esac
    step_end "busybox: build (make -j$JOBS)"
}

# ---------------------------------------------------------- initramfs ----

# Print a gen_init_cpio list for the staged root directory $1.
cpio_list() {
    local root=$1 p rel mode
    (cd "$root" && find . -mindepth 1 | LC_ALL=C sort) | while IFS= read -r p; do
        rel=${p#.}
        if [ -L "$root$rel" ]; then
            echo "slink $rel $(readlink "$root$rel") 0777 0 0"
        elif [ -d "$root$rel" ]; then
            case $rel in
                /tmp) mode=1777 ;;
                /root) mode=0700 ;;
                *) mode=0755 ;;
            esac
            echo "dir $rel $mode 0 0"
        elif [ -f "$root$rel" ]; then
            if [ -x "$root$rel" ]; then
                mode=0755
            else
                mode=0644
            fi
            echo "file $rel $root$rel $mode 0 0"
        else
            die "unsupported file type in rootfs: $rel"
        fi
    done
    # The kernel opens /dev/console for /init before devtmpfs is mounted.
    echo "nod /dev/console 0600 0 0 c 5 1"
    echo "nod /dev/null 0666 0 0 c 1 3"
}

build_initramfs() {
    local root=$TMP/rootfs d

    step_begin "initramfs"
    mkdir -p "$root"
    run_step busybox make -C "$BBSRC" CONFIG_PREFIX="$root" install
    rm -f "$root/linuxrc"
    for d in dev proc sys tmp root mnt etc usr/bin usr/sbin; do
        mkdir -p "$root/$d"
    done
    cp -R "$GUEST_DIR/rootfs/." "$root/"
    [ -x "$root/init" ] || die "guest/rootfs/init is missing or not executable"
    [ -x "$root/bin/busybox" ] || die "busybox install produced no bin/busybox"
    [ -L "$root/bin/sh" ] || die "busybox install produced no bin/sh link"

    gcc -O2 -o "$TMP/gen_init_cpio" "$KSRC/usr/gen_init_cpio.c" ||
        die "cannot build the kernel's gen_init_cpio"
    # gen_init_cpio -t stamps directories and nodes; files keep their
    # own mtime, so pin those.
    find "$root" -exec touch -h -d "@$EPOCH" {} +
    cpio_list "$root" > "$TMP/initramfs.list"
    "$TMP/gen_init_cpio" -t "$EPOCH" "$TMP/initramfs.list" > "$TMP/initramfs.cpio" ||
        die "gen_init_cpio failed"
    gzip -9 -n < "$TMP/initramfs.cpio" > "$STAGE/initramfs.cpio.gz"
    step_end "initramfs"
}

# --------------------------------------------------------------- disk ----

build_disk() {
    local d=$TMP/disk

    step_begin "disk.ext2"
    mkdir -p "$d"
    printf '%s\n' "$HELLO_TEXT" > "$d/hello.txt"
    chmod 0644 "$d/hello.txt"
    touch -h -d "@$EPOCH" "$d/hello.txt" "$d"
    run_step disk env E2FSPROGS_FAKE_TIME="$EPOCH" mke2fs -q -F -t ext2 \
        -L rvreplay -U "$DISK_UUID" \
        -E "hash_seed=$DISK_UUID,root_owner=0:0" \
        -d "$d" "$STAGE/disk.ext2" "$DISK_SIZE"
    # mke2fs -d copies each file's host ctime; pin it too.
    (cd "$d" && find . -mindepth 1 | LC_ALL=C sort) | while IFS= read -r f; do
        printf 'set_inode_field %s ctime @%s\n' "${f#.}" "$EPOCH"
    done > "$TMP/disk-ctime.debugfs"
    run_step disk env E2FSPROGS_FAKE_TIME="$EPOCH" debugfs -w \
        -f "$TMP/disk-ctime.debugfs" "$STAGE/disk.ext2"
    run_step disk e2fsck -fn "$STAGE/disk.ext2"
    step_end "disk.ext2"
}

# ------------------------------------------------------------- finish ----

write_gdbinit() {
    cat > "$STAGE/gdbinit" <<EOF
# gdb setup for the rvreplay guest kernel (generated by guest/build.sh).
# Use: gdb-multiarch -x $OUT/gdbinit, then e.g. target remote :1234
set architecture riscv:rv64
file $OUT/vmlinux
set substitute-path $DEBUG_SRC_PREFIX $OUT/linux-src
directory $OUT/linux-src
EOF
}

write_manifest() {
    (
        cd "$STAGE"
        find . -maxdepth 1 -type f ! -name manifest.txt ! -name .complete \
            -printf '%f\n' | LC_ALL=C sort | xargs sha256sum
        printf '# linux-src/: %s files\n' "$(find linux-src -type f | wc -l)"
    ) > "$STAGE/manifest.txt"
}

cleanup() {
    local rc=$?
    if [ -n "${TMP:-}" ] && [ -d "$TMP" ]; then
        if [ "$rc" != 0 ] && [ -d "${LOG_DIR:-}" ]; then
            rm -rf "$CACHE_ROOT/guest-$KEY.failed-logs"
            cp -R "$LOG_DIR" "$CACHE_ROOT/guest-$KEY.failed-logs" 2>/dev/null || true
            log "build failed; logs kept in $CACHE_ROOT/guest-$KEY.failed-logs"
        fi
        if [ "${RVREPLAY_KEEP_BUILD:-0}" = 1 ]; then
            log "keeping build directory $TMP"
        else
            rm -rf "$TMP"
        fi
    fi
    exit "$rc"
}

# Set MATERIAL, KEY, OUT and BB_VERSION from the current inputs.
compute_key() {
    MATERIAL=$(key_material)
    KEY=$(printf '%s\n' "$MATERIAL" | sha256sum | cut -c 1-16)
    OUT=$CACHE_ROOT/guest-$KEY
    BB_VERSION=$(printf '%s\n' "$MATERIAL" | sed -n 's/^busybox-source //p')
}

main() {
    local mode=build t0

    case ${1:-} in
        "") ;;
        --print-dir) mode=print-dir ;;
        --print-key) mode=print-key ;;
        -h|--help) usage; exit 0 ;;
        *) usage; exit 2 ;;
    esac

    compute_key

    case $mode in
        print-key)
            printf '%s\n' "$MATERIAL"
            echo "$KEY"
            exit 0
            ;;
        print-dir)
            if [ -f "$OUT/.complete" ]; then
                echo "$OUT"
                exit 0
            fi
            log "guest not built: $OUT is missing or incomplete (run guest/build.sh)"
            exit 1
            ;;
    esac

    if [ -f "$OUT/.complete" ]; then
        echo "$OUT"
        exit 0
    fi

    # Without a cached busybox source and without deb-src entries, enable
    # them first: apt-get update may change the busybox version, hence the
    # key, so compute it again afterwards.
    local -a dsc
    dsc=("$(busybox_download_dir "$BB_VERSION")"/*.dsc)
    if [ ! -f "${dsc[0]}" ] && ! have_busybox_deb_src; then
        enable_deb_src
        compute_key
        if [ -f "$OUT/.complete" ]; then
            echo "$OUT"
            exit 0
        fi
    fi

    mkdir -p "$CACHE_ROOT"
    exec 9> "$CACHE_ROOT/guest-$KEY.lock"
    if ! flock -n 9; then
        log "another build of guest-$KEY is running; waiting for it"
        flock 9
    fi
    if [ -f "$OUT/.complete" ]; then
        echo "$OUT"
        exit 0
    fi

    check_tools
    t0=$(date +%s)
    TMP=$(mktemp -d "$CACHE_ROOT/tmp.guest-$KEY.XXXXXX")
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    STAGE=$TMP/out
    LOG_DIR=$STAGE/logs
    mkdir -p "$STAGE" "$LOG_DIR"
    printf '%s\n' "$MATERIAL" > "$STAGE/inputs.txt"
    log "building guest-$KEY in $TMP"

    build_busybox
    build_kernel
    build_initramfs
    build_disk
    printf '%-28s wall %4d s  cpu %4d s\n' "total" "$(($(date +%s) - t0))" \
        "$(($(child_cpu_ticks) / $(getconf CLK_TCK)))" >> "$STAGE/build-times.txt"
    write_gdbinit
    write_manifest
    touch "$STAGE/.complete"

    rm -rf "$OUT" "$CACHE_ROOT/guest-$KEY.failed-logs"
    mv "$STAGE" "$OUT"
    log "guest-$KEY complete ($(($(date +%s) - t0)) s)"
    echo "$OUT"
}

main "$@"
