#!/usr/bin/env python3
# Damaged and wrong traces each give their clear error, never a crash or a
# hang: SIGKILL during record (the prefix replays), a corrupted chunk, a
# truncated file, a manifest from the future, a different disk image, a
# tampered input (divergence at the right instruction count).
# SPDX-License-Identifier: MIT
import os
import re
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
import replaylib as rl  # noqa: E402

tmp = rl.setup()
root = rl.ROOT

# The tamper helper, built against the log code.
cflags = subprocess.run(["pkg-config", "--cflags", "--libs", "libzstd",
                         "libxxhash"], capture_output=True, text=True,
                        check=True).stdout.split()
tamper = os.path.join(tmp, "tamper")
subprocess.run(["cc", "-std=gnu11", "-O1", "-g", "-I" + os.path.join(root, "src"),
                "-D_GNU_SOURCE", os.path.join(root, "tests/replay/tamper.c"),
                os.path.join(root, "src/replay/log.c"),
                os.path.join(root, "src/base/base.c"), *cflags, "-o", tamper],
               check=True)

# A recording with a disk and a few console inputs.
disk = os.path.join(tmp, "disk.ext2")
shutil.copy(os.path.join(os.environ["RVREPLAY_GUEST"], "disk.ext2"), disk)
good = os.path.join(tmp, "good")
commands = [f"echo step-{i}; sleep 0.2" for i in range(12)]
recorded = rl.record_session(good, commands, extra_args=["--disk", disk],
                             max_delay=0.3)
events = os.path.join(good, "events")
chunks = int(re.search(r"(\d+) chunks",
                       subprocess.run([rl.RVREPLAY, "info", good],
                                      capture_output=True, text=True).stdout)
             .group(1))
print(f"good trace: {os.path.getsize(events)} bytes, {chunks} chunks")
rc, out, err = rl.replay(good)
rl.check(rc == 0 and "step-11" in out, f"good trace does not replay: {err}")


def variant(name):
    d = os.path.join(tmp, name)
    shutil.copytree(good, d)
    return d


# 1. Truncated log (cut inside the last chunk): the prefix replays, then a
#    message naming the damage.
t = variant("truncated")
size = os.path.getsize(os.path.join(t, "events"))
with open(os.path.join(t, "events"), "r+b") as f:
    f.truncate(size - 10)
rc, out, err = rl.replay(t)
print("truncated:", err.strip().splitlines()[-1])
rl.check(rc == 6 and "truncated" in err and "replayed up to instruction" in err,
         f"truncated log: exit {rc}, {err}")

# 2. A corrupted byte in the middle of the file: stops at the last good
#    chunk with a checksum message.
c = variant("corrupted")
with open(os.path.join(c, "events"), "r+b") as f:
    f.seek(size // 2)
    b = f.read(1)
    f.seek(size // 2)
    f.write(bytes([b[0] ^ 0x40]))
rc, out, err = rl.replay(c)
print("corrupted:", err.strip().splitlines()[-1])
# (the flipped byte may land in a body or a header: either way a check
# names the chunk)
rl.check(rc == 6 and "damaged in chunk" in err and
         ("checksum" in err or "bad magic" in err),
         f"corrupted log: exit {rc}, {err}")
rc2, info, _ = (lambda p: (p.returncode, p.stdout, p.stderr))(
    subprocess.run([rl.RVREPLAY, "info", c], capture_output=True, text=True))
rl.check(rc2 == 6 and "DAMAGED" in info, "info does not report the damage")

# 3. A manifest from the future.
fu = variant("future")
mpath = os.path.join(fu, "manifest")
text = open(mpath).read().replace("rvreplay-trace 1", "rvreplay-trace 99", 1)
open(mpath, "w").write(text)
rc, out, err = rl.replay(fu)
print("future:", err.strip())
rl.check(rc == 2 and "newer rvreplay" in err, f"future manifest: {err}")

# 4. A different disk image.
with open(disk, "r+b") as f:
    f.seek(4096 * 3)
    f.write(b"changed")
rc, out, err = rl.replay(good)
print("different disk:", err.strip())
rl.check(rc == 2 and "not the one recorded" in err, f"disk: {err}")
with open(disk, "r+b") as f:  # restore for the next cases
    shutil.copy(os.path.join(os.environ["RVREPLAY_GUEST"], "disk.ext2"), disk)

# 5. One tampered console input byte: divergence reported at the first
#    state check after it (checks cover the UART's receive FIFO, where the
#    byte lands), and the last verified state is before it.
tm = variant("tampered")
res = subprocess.run([tamper, events, os.path.join(tm, "events"), "2", "20"],
                     capture_output=True, text=True, check=True).stdout.split()
at, expect_at = int(res[0]), int(res[1])
rc, out, err = rl.replay(tm)
print("tampered:", err.strip().splitlines()[:3])
m = re.search(r"diverged at instruction (\d+)", err)
rl.check(rc == 5 and m is not None, f"tampered: exit {rc}, {err}")
ok_at = re.search(r"last matched the recording at instruction (\d+)", err)
rl.check(int(m.group(1)) == expect_at and ok_at is not None and
         int(ok_at.group(1)) <= at,
         f"divergence reported at {m.group(1)}, expected {expect_at} "
         f"(input tampered at {at})")
rl.check("last events before it" in err, "no event history in the report")

# 6. SIGKILL during record: the prefix replays up to the last flushed
#    chunk, says so, and its output is a prefix of what was recorded.
k = os.path.join(tmp, "killed")
argv = [rl.RVREPLAY, "record", "-o", k]
with rl.Console(argv) as con:
    con.expect("rvreplay guest ready", timeout=120)
    con.expect_prompt(timeout=60)
    for i in range(5):
        con.run(f"echo before-kill-{i}", timeout=60)
    time.sleep(0.6)  # > the log flush period
    os.kill(con.proc.pid, signal.SIGKILL)
    con.wait_exit(timeout=30)
    killed_output = con.buf
rc, out, err = rl.replay(k)
print("killed:", err.strip().splitlines()[-1])
rl.check(rc == 6 and "replayed up to instruction" in err,
         f"killed recording: exit {rc}, {err}")
rl.check("before-kill-4" in out, "the prefix lacks the last flushed input")
print("all damaged-trace cases behave")
