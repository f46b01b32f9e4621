#!/usr/bin/env python3
# An idle guest is cheap to record and fast to replay: the guest sits at
# the shell prompt for about 10 s between two `cat /proc/uptime`, then
# powers off.  The event log must grow by less than 2 KB per second of
# guest time, both over the idle stretch (log size sampled on the host,
# guest time from the two uptimes) and over the whole trace (`rvreplay
# info`); replay (identical output, exit 0) must take less than a third of
# the recording's wall time, since idle time is skipped.  Wall times are
# printed and only compared with each other.
# SPDX-License-Identifier: MIT
import os
import re
import shutil
import subprocess
import sys
import time

sys.dont_write_bytecode = True   # no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(__file__))
import replaylib as rl  # noqa: E402

IDLE = float(os.environ.get("IDLE_SECONDS", "10"))
LIMIT = 2048   # bytes of log per guest second

tmp = rl.setup()
trace = os.path.join(tmp, "idle")
events = os.path.join(trace, "events")
uptime_rx = re.compile(r"^(\d+\.\d+) \d+\.\d+$", re.M)


def uptime(c):
    out = c.run("cat /proc/uptime", timeout=60)
    m = uptime_rx.search(rl.normalise(out))
    rl.check(m is not None, f"no uptime in {out!r}")
    return float(m.group(1))


print(f"recording {trace}: idle {IDLE:g} s at the prompt")
t0 = time.monotonic()
with rl.Console([rl.RVREPLAY, "record", "-o", trace],
                log_path=os.path.join(tmp, "idle.log")) as c:
    c.expect("rvreplay guest ready", timeout=300)
    c.expect_prompt(timeout=300)
    up0 = uptime(c)
    time.sleep(0.5)            # > the log flush period: the size is settled
    size0 = os.path.getsize(events)
    time.sleep(IDLE)
    size1 = os.path.getsize(events)
    up1 = uptime(c)
    c.sendline("poweroff -f")
    rc = c.wait_exit(timeout=120)
    rl.check(rc == 0, f"record exited {rc}: {c.stderr_text()}")
    recorded = c.buf
record_wall = time.monotonic() - t0

idle_guest = up1 - up0
growth = size1 - size0
print(f"idle stretch: guest uptime {up0:.2f} -> {up1:.2f} s "
      f"({idle_guest:.2f} guest s), log {size0} -> {size1} bytes "
      f"(+{growth}, {growth / max(idle_guest, 1e-9):.0f} bytes per guest "
      "second)")
rl.check(idle_guest >= IDLE / 2,
         f"guest time advanced only {idle_guest:.2f} s while the host "
         f"waited {IDLE:g} s")
rl.check(growth < LIMIT * idle_guest,
         f"the log grew by {growth} bytes in {idle_guest:.2f} guest s "
         f"(limit {LIMIT} per s)")

p = subprocess.run([rl.RVREPLAY, "info", trace], capture_output=True,
                   text=True, timeout=60)
rl.check(p.returncode == 0, f"info: exit {p.returncode}: {p.stderr}")
fields = {}
for line in p.stdout.splitlines():
    k, _, v = line.partition("  ")
    fields.setdefault(k.strip(), v.strip())
print("info:", " | ".join(f"{k}: {fields.get(k)}" for k in
                          ("guest time", "events", "log", "log rate")))
gt = re.fullmatch(r"([\d.]+) s", fields.get("guest time", ""))
lg = re.match(r"(\d+) bytes", fields.get("log", ""))
rl.check(gt is not None and lg is not None, f"info output:\n{p.stdout}")
guest_s, log_bytes = float(gt.group(1)), int(lg.group(1))
rl.check(guest_s >= up1, f"info's guest time {guest_s} s < the uptime "
         f"{up1} s printed at the end")
rate = log_bytes / guest_s
rl.check(rate < LIMIT, f"whole trace: {log_bytes} bytes in {guest_s} guest "
         f"s = {rate:.0f} bytes per guest second (limit {LIMIT})")

t0 = time.monotonic()
rc, out, err = rl.replay(trace, timeout=300)
replay_wall = time.monotonic() - t0
print(f"recording took {record_wall:.2f} s wall, replay {replay_wall:.2f} s "
      f"({record_wall / replay_wall:.1f}x faster): exit {rc}: "
      f"{err.strip().splitlines()[-1:]}")
rl.check(rc == 0 and "final state matches" in err,
         f"replay failed: exit {rc}: {err[-2000:]}")
rec = rl.normalise(recorded)
rep = rl.normalise(out)
rl.check(rep.startswith(rec[:len(rec) - 200]) and f"{up1:.2f}" in rep,
         "replay output differs from the recording")
rl.check(replay_wall < record_wall / 3,
         f"replay took {replay_wall:.2f} s, not less than a third of the "
         f"recording's {record_wall:.2f} s: idle time is not skipped")
shutil.rmtree(tmp, ignore_errors=True)
print("idle recording is compact and replays fast")
