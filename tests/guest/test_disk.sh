#!/usr/bin/env bash
# tests/guest/test_disk.sh - virtio-blk under Linux on rvreplay.
# SPDX-License-Identifier: MIT
#
# With a copy of the guest's ext2 image (disk.ext2 from guest/build.sh):
#   1. read-write: mount /dev/vda, check /hello.txt, write a file, sync,
#      unmount, power off; afterwards the host finds the file in the image
#      (debugfs) and e2fsck finds the filesystem clean;
#   2. ,snapshot: the same writes (visible to the guest after a remount),
#      but the image is byte-identical after the run;
#   3. ,ro: the guest can read but every write to /dev/vda fails, and the
#      image is unchanged.
# Exit 77 when the guest is not built or rvreplay cannot boot it yet.

set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

if ! command -v debugfs > /dev/null 2>&1; then
    echo "SKIP: debugfs not found (package e2fsprogs)"
    exit 77
fi

exec python3 - <<'PYEOF'
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, "tests/guest")
import rvguest as g  # noqa: E402

reason = g.skip_reason(("--disk", "--initrd"))
if reason:
    print("SKIP: " + reason)
    sys.exit(g.SKIP)
guest = g.guest_dir()
tmp = tempfile.mkdtemp(prefix="rvreplay-disk-")
TEXT = "written-by-the-guest-$((6*7))"
WANT = "written-by-the-guest-42"


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def copy_image(name):
    path = os.path.join(tmp, name)
    shutil.copyfile(os.path.join(guest, "disk.ext2"), path)
    return path


def write_file(c, check_remount):
    g.boot(c)
    g.check(c, "mount -t ext2 /dev/vda /mnt && echo mount-ok", "mount-ok")
    g.check(c, "cat /mnt/hello.txt", g.HELLO)
    g.check(c, "echo %s > /mnt/written.txt && sync && echo write-ok" % TEXT,
            "write-ok")
    g.check(c, "umount /mnt && echo umount-ok", "umount-ok")
    if check_remount:
        g.check(c, "mount -t ext2 /dev/vda /mnt && cat /mnt/written.txt",
                WANT)
        g.check(c, "umount /mnt && echo umount-ok", "umount-ok")
    g.poweroff(c)


def read_only(c):
    g.boot(c)
    g.check(c, "mount -t ext2 -o ro /dev/vda /mnt && cat /mnt/hello.txt",
            g.HELLO)
    g.check(c, "umount /mnt && echo umount-ok", "umount-ok")
    out = g.check(c, "dd if=/dev/zero of=/dev/vda bs=512 count=1 "
                     "conv=fsync; echo dd-status=$?", "dd-status=")
    if "dd-status=0" in out:
        raise g.ConsoleError("writing to the read-only disk succeeded:\n"
                             + out)
    g.poweroff(c)


ok = True
try:
    # 1. read-write
    img = copy_image("rw.img")
    ok &= g.run_scenario("disk-rw", g.argv(guest, ["--disk", img]),
                         write_file, False) is not None
    out = subprocess.run(["debugfs", "-R", "cat /written.txt", img],
                         capture_output=True, text=True, timeout=60)
    if WANT not in out.stdout:
        print("FAIL disk-rw: /written.txt not in the image after the run "
              "(debugfs: %r %r)" % (out.stdout, out.stderr[-300:]))
        ok = False
    fsck = subprocess.run(["e2fsck", "-fn", img], capture_output=True,
                          text=True, timeout=60)
    if fsck.returncode != 0:
        print("FAIL disk-rw: e2fsck -fn exit %d\n%s" % (fsck.returncode,
                                                        fsck.stdout[-1000:]))
        ok = False

    # 2. snapshot
    img = copy_image("snap.img")
    before = sha256(img)
    ok &= g.run_scenario("disk-snapshot",
                         g.argv(guest, ["--disk", img + ",snapshot"]),
                         write_file, True) is not None
    if sha256(img) != before:
        print("FAIL disk-snapshot: the image changed")
        ok = False

    # 3. read-only
    img = copy_image("ro.img")
    before = sha256(img)
    ok &= g.run_scenario("disk-ro", g.argv(guest, ["--disk", img + ",ro"]),
                         read_only) is not None
    if sha256(img) != before:
        print("FAIL disk-ro: the image changed")
        ok = False
finally:
    shutil.rmtree(tmp, ignore_errors=True)
sys.exit(0 if ok else 1)
PYEOF
