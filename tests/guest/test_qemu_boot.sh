#!/usr/bin/env bash
# tests/guest/test_qemu_boot.sh - boot the rvreplay Linux guest under QEMU.
# SPDX-License-Identifier: MIT
#
# Boots the kernel + initramfs built by guest/build.sh on QEMU's virt board
# (the reference boot in GUEST-NOTES.md, plus `-monitor none`: QEMU 7.2
# refuses `-nographic -serial stdio` alone because -nographic also puts the
# monitor on stdio) and drives the console with
# tests/guest/console_driver.py:
#   1. -smp 1: banner, prompt, uname -a, /proc/cpuinfo, echo marker-42,
#      Ctrl-C interrupts a foreground job, poweroff -f, QEMU exits with
#      status 0;
#   2. -smp 4 with disk.ext2 on virtio-blk: nproc says 4, the disk mounts
#      and /hello.txt has the known content;
#   3. virtio-net on slirp with restrict=on: eth0 has 10.0.2.15/24, and a
#      host client reaches busybox httpd in the guest through hostfwd on
#      127.0.0.1.
# Exit status: 0 pass, 1 fail, 77 skipped (guest not built, no QEMU or
# no OpenSBI).  Console logs go to $BUILD/test-logs/guest/.  Every wait is
# bounded by a timeout; no assertion depends on wall-clock time.

set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."

QEMU=${QEMU:-qemu-system-riscv64}
FW=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin

if ! command -v "$QEMU" > /dev/null 2>&1; then
    echo "SKIP: $QEMU not found"
    exit 77
fi
if [ ! -f "$FW" ]; then
    echo "SKIP: $FW not found (package opensbi)"
    exit 77
fi
# RVREPLAY_GUEST overrides the guest directory (default: the cache
# directory of the current guest/build.sh inputs).
if [ -n "${RVREPLAY_GUEST:-}" ]; then
    GUEST=$RVREPLAY_GUEST
elif ! GUEST=$(guest/build.sh --print-dir 2> /dev/null | tail -n 1); then
    GUEST=
fi
if [ -z "$GUEST" ] || [ ! -f "$GUEST/Image" ] ||
    [ ! -f "$GUEST/initramfs.cpio.gz" ]; then
    echo "SKIP: guest image not built (run guest/build.sh)"
    exit 77
fi

LOG_DIR=${BUILD:-build}/test-logs/guest
mkdir -p "$LOG_DIR"
echo "guest: $GUEST"

exec python3 - "$GUEST" "$FW" "$QEMU" "$LOG_DIR" <<'PYEOF'
import os
import socket
import sys
import time
import urllib.request

sys.dont_write_bytecode = True     # no __pycache__ in the work tree
sys.path.insert(0, "tests/guest")
from console_driver import Console, ConsoleError, exit_on_signals  # noqa

exit_on_signals()

guest, fw, qemu, log_dir = sys.argv[1:5]
BOOT_TIMEOUT = 120.0
CMD_TIMEOUT = 30.0
BANNER = "rvreplay guest ready"
HELLO = "hello from the rvreplay guest disk"


def qemu_argv(smp=1, extra=()):
    return [qemu, "-M", "virt", "-smp", str(smp), "-m", "256M",
            "-bios", fw,
            "-kernel", os.path.join(guest, "Image"),
            "-initrd", os.path.join(guest, "initramfs.cpio.gz"),
            "-append", "console=ttyS0 earlycon=sbi",
            "-nographic", "-serial", "stdio", "-monitor", "none",
            "-no-reboot"] + list(extra)


def check(console, cmd, *wants):
    out = console.run(cmd, CMD_TIMEOUT)
    for want in wants:
        if want not in out:
            raise ConsoleError("output of %r lacks %r:\n%s" % (cmd, want, out))
    return out


def boot(console):
    console.expect(BANNER, BOOT_TIMEOUT)
    t = console.elapsed()
    console.expect_prompt(CMD_TIMEOUT)
    return t


def poweroff(console):
    console.sendline("poweroff -f")
    rc = console.wait_exit(BOOT_TIMEOUT)
    if rc != 0:
        raise ConsoleError("QEMU exit status %s after poweroff -f, wanted 0\n%s"
                           % (rc, console.tail()))


def scenario_basic(console):
    t = boot(console)
    check(console, "uname -a", "Linux rvreplay 6.1", "riscv64")
    check(console, "cat /proc/cpuinfo", "processor\t: 0", "isa\t\t: rv64")
    check(console, "echo marker-$((6*7))", "marker-42")
    # Ctrl-C must reach the foreground job (cttyhack gave the shell a
    # controlling terminal).  The job prints a line once it runs in the
    # foreground process group; interrupt it only then.
    console.sendline("sh -c 'echo job-$((2+3)); exec sleep 600'")
    console.expect("job-5", CMD_TIMEOUT)
    console.send("\x03")
    console.expect_prompt(CMD_TIMEOUT)
    check(console, "echo after-int-$((1+1))", "after-int-2")
    poweroff(console)
    return "banner after %.1f s" % t


def scenario_smp_disk(console):
    t = boot(console)
    check(console, "echo nproc=$(nproc)", "nproc=4")
    check(console, "mount -t ext2 -o ro /dev/vda /mnt && echo mount-ok",
          "mount-ok")
    check(console, "cat /mnt/hello.txt", HELLO)
    check(console, "umount /mnt && echo umount-ok", "umount-ok")
    poweroff(console)
    return "banner after %.1f s" % t


def http_get(port, path, timeout):
    """GET from the guest through hostfwd, retrying until timeout."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen("http://127.0.0.1:%d%s" % (port, path),
                                        timeout=5) as r:
                return r.read().decode("utf-8", "replace")
        except OSError as e:
            last = e
            time.sleep(0.5)
    raise ConsoleError("no HTTP answer from the guest via 127.0.0.1:%d: %s"
                       % (port, last))


def scenario_net(console, port):
    t = boot(console)
    check(console, "ip -4 addr show dev eth0", "inet 10.0.2.15/24")
    check(console, "ip route", "default via 10.0.2.2 dev eth0")
    check(console, "mkdir -p /tmp/www && echo web-$((6*7)) > /tmp/www/index.html"
          " && echo www-ok", "www-ok")
    check(console, "httpd -p 8080 -h /tmp/www && echo httpd-ok", "httpd-ok")
    body = http_get(port, "/index.html", CMD_TIMEOUT)
    if "web-42" not in body:
        raise ConsoleError("unexpected HTTP body from the guest: %r" % body)
    poweroff(console)
    return "banner after %.1f s, HTTP body %r" % (t, body.strip())


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(name, argv, fn, *args):
    log = os.path.join(log_dir, name + ".log")
    with Console(argv, log_path=log) as console:
        try:
            info = fn(console, *args)
        except ConsoleError as e:
            print("FAIL %s: %s" % (name, e))
            err = console.stderr_text().strip()
            if err:
                print("QEMU stderr:\n" + err)
            print("console log: " + log)
            return False
    print("ok   %s (%s)" % (name, info))
    return True


disk = os.path.join(guest, "disk.ext2")
port = free_port()
results = [
    run("qemu-boot-smp1", qemu_argv(1), scenario_basic),
    run("qemu-boot-smp4-disk",
        qemu_argv(4, ["-drive", "file=%s,if=none,format=raw,id=d0,snapshot=on"
                      % disk, "-device", "virtio-blk-device,drive=d0"]),
        scenario_smp_disk),
    run("qemu-boot-net",
        qemu_argv(1, ["-netdev", "user,id=n0,restrict=on,"
                      "hostfwd=tcp:127.0.0.1:%d-:8080" % port,
                      "-device", "virtio-net-device,netdev=n0"]),
        scenario_net, port),
]
sys.exit(0 if all(results) else 1)
PYEOF
