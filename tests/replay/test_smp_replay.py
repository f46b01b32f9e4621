#!/usr/bin/env python3
# Record a 4-hart session with parallel work (four background shell loops
# appending to private files and to one shared file, whose interleaving
# depends on scheduling), /proc/interrupts and /proc/stat, commands typed
# while three harts are busy, all with random delays between commands
# (seeded, printed); replay it three times: identical console
# output each time and equal to the recording's, final state verified
# (exit 0).
# SPDX-License-Identifier: MIT
import os
import random
import re
import shutil
import sys
import time

sys.dont_write_bytecode = True   # no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(__file__))
import replaylib as rl  # noqa: E402

tmp = rl.setup()
trace = os.path.join(tmp, "smp")
seed = int(os.environ.get("REPLAY_SEED", str(random.randrange(1 << 30))))
print(f"seed {seed} (REPLAY_SEED={seed} reproduces the delays)")
N = 400 + random.Random(seed).randrange(400)
commands = [
    "nproc; grep -c ^processor /proc/cpuinfo",
    "rm -f /tmp/w* /tmp/shared; for j in 1 2 3 4; do "
    f"(i=0; while [ $i -lt {N} ]; do i=$((i+1)); echo $j-$i >> /tmp/w$j; "
    "echo -n $j >> /tmp/shared; done) & done; wait; echo parallel-done",
    "wc -l /tmp/w1 /tmp/w2 /tmp/w3 /tmp/w4",
    "wc -c /tmp/shared; md5sum /tmp/shared; head -c 120 /tmp/shared; echo",
    "cat /proc/interrupts",
    "grep ^cpu /proc/stat",
    "for j in 1 2 3 4; do (sleep 0.$j; echo bg-$j) & done; wait; "
    "echo sleepers-done",
    "cat /proc/uptime",
    # Input typed while three harts are busy.
    "for j in 1 2 3; do (i=0; while [ $i -lt 8000 ]; do i=$((i+1)); done;"
    " echo loop-$j-done) & done",
    *[f"echo typed-{k}" for k in range(8)],
    "wait; echo all-loops-done",
]
t0 = time.monotonic()
recorded = rl.record_session(trace, commands, extra_args=["--smp", "4"],
                             seed=seed, max_delay=1.0, timeout=300,
                             log=os.path.join(tmp, "smp.log"))
print(f"recorded in {time.monotonic() - t0:.1f} s")
rec = rl.normalise(recorded)
rl.check(re.search(r"^4\r?\n4$", rec, re.M) is not None,
         "the guest does not see 4 harts (nproc / cpuinfo)")
rl.check("parallel-done" in rec and "sleepers-done" in rec and
         "all-loops-done" in rec,
         "the parallel commands did not complete")
for j in range(1, 5):
    rl.check(re.search(rf"^\s*{N}\s+/tmp/w{j}$", rec, re.M) is not None,
             f"/tmp/w{j} does not have {N} lines")
rl.check(re.search(rf"^\s*{4 * N}\s+/tmp/shared$", rec, re.M) is not None,
         f"/tmp/shared does not have {4 * N} bytes")
# Work really ran on several harts: user+system time on at least two CPUs.
busy = 0
for m in re.finditer(r"^cpu(\d+) (\d+) (\d+) (\d+)", rec, re.M):
    if int(m.group(2)) + int(m.group(4)) > 0:
        busy += 1
shared = re.search(r"^([1-4]{20,})$", rec, re.M)
print(f"{busy} CPUs with user/system time; shared file starts "
      f"{shared.group(1)[:40] if shared else None}")
rl.check(busy >= 2, "fewer than two CPUs did any work")

outputs = []
for i in range(3):
    t0 = time.monotonic()
    rc, out, err = rl.replay(trace, timeout=300)
    last = err.strip().splitlines()[-1:] if err.strip() else []
    print(f"replay {i + 1}: exit {rc} in {time.monotonic() - t0:.1f} s: "
          f"{last}")
    rl.check(rc == 0, f"replay {i + 1} failed (exit {rc}): {err[-3000:]}")
    rl.check("final state matches" in err, "no final state verification")
    outputs.append(out)
rl.check(outputs[0] == outputs[1] == outputs[2],
         "replays produced different console output")
rep = rl.normalise(outputs[0])
if rep != rec:
    n = 0
    while n < min(len(rec), len(rep)) and rec[n] == rep[n]:
        n += 1
    rl.check(rep.startswith(rec) and len(rep) - len(rec) <= 200,
             f"replay output differs from the recording at character {n} "
             f"of {len(rec)}:\nrecorded: {rec[n - 80:n + 120]!r}\n"
             f"replayed: {rep[n - 80:n + 120]!r}")
shutil.rmtree(tmp, ignore_errors=True)
print("4-hart session replayed identically 3 times")
