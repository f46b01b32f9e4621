#!/usr/bin/env python3
# Network record/replay on a multi-hart machine: recorded with
# --smp 2 --net user, the guest downloads a random 3 MB file from a Python
# HTTP server on 127.0.0.1 three times (each checksummed), once while a
# shell loop keeps the other hart busy.  The server is stopped and the trace
# replays twice: exit 0 (final state verified), the same console output as
# the recording, the right checksums; net.pcap is well formed.
#
# Frames arrive while one hart runs and the other waits in WFI, so input
# lands next to hart switches: this is where the instruction count alone
# can be ambiguous about when an input took effect.
# SPDX-License-Identifier: MIT
import hashlib
import os
import random
import shutil
import sys
import time

sys.dont_write_bytecode = True   # no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(__file__))
import netlib as nl  # noqa: E402
import replaylib as rl  # noqa: E402

tmp = rl.setup()
nl.skip_without_net()
seed = int(os.environ.get("REPLAY_SEED", str(random.randrange(1 << 30))))
print(f"seed {seed} (REPLAY_SEED={seed} reproduces the delays)")
harts = int(os.environ.get("NET_SMP", "2"))

www = os.path.join(tmp, "www")
os.mkdir(www)
payload = os.urandom(3 << 20)
with open(os.path.join(www, "file"), "wb") as f:
    f.write(payload)
want = hashlib.sha256(payload).hexdigest()
trace = os.path.join(tmp, "net-smp")
with nl.http_server(www) as port:
    url = f"http://{nl.HOST_IP}:{port}/file"
    print(f"serving {len(payload)} bytes (sha256 {want[:16]}...) on "
          f"127.0.0.1:{port}; recording with --smp {harts}")
    commands = [
        "nproc",
        f"wget -q -O /tmp/f1 {url} && sha256sum /tmp/f1",
        f"wget -q -O /tmp/f2 {url} && sha256sum /tmp/f2",
        "(i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; echo busy-done) &"
        f" wget -q -O /tmp/f3 {url}; wait; sha256sum /tmp/f3",
        "cat /proc/interrupts | grep -i -e virtio -e IPI0",
    ]
    t0 = time.monotonic()
    recorded = rl.record_session(trace, commands,
                                 extra_args=["--net", "user",
                                             "--smp", str(harts)],
                                 seed=seed, max_delay=0.5, timeout=300,
                                 log=os.path.join(tmp, "net-smp.log"))
    print(f"recorded in {time.monotonic() - t0:.1f} s")
rec = rl.normalise(recorded)
for i in (1, 2, 3):
    rl.check(f"{want}  /tmp/f{i}" in rec,
             f"download {i} in the recording has the wrong checksum")
rl.check("busy-done" in rec, "the busy loop did not finish")
replayed = nl.replay_n(trace, f"smp {harts} + net")
print("console output", nl.compare_console(recorded, replayed,
                                           f"smp {harts} + net"))
nl.check_pcap(trace)
shutil.rmtree(tmp, ignore_errors=True)
print(f"{harts}-hart network session replayed identically")
