#!/usr/bin/env python3
# Record a boot plus an interactive session whose input arrives with random
# delays; replay it three times: identical console output each time (and
# equal to the recording's), and the final state matches (exit 0 = the
# end-of-recording digest was verified).
# SPDX-License-Identifier: MIT
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import replaylib as rl  # noqa: E402

tmp = rl.setup()
trace = os.path.join(tmp, "session")
seed = int(os.environ.get("REPLAY_SEED", "1"))
commands = [
    "echo marker-$((6*7))",
    "cat /proc/cpuinfo | head -5",
    "ls / | wc -l",
    "i=0; while [ $i -lt 200 ]; do i=$((i+1)); done; echo loop-$i",
    "head -c 32 /dev/urandom | od -x | head -2",
    "date +%s",
    "cat /proc/uptime",
    "sleep 1; echo slept",
]
recorded = rl.record_session(trace, commands, seed=seed)
rl.check("marker-42" in recorded and "loop-200" in recorded,
         "the recorded session did not run the commands")
outputs = []
for i in range(3):
    rc, out, err = rl.replay(trace)
    print(f"replay {i + 1}: exit {rc}: {err.strip().splitlines()[-1:]}")
    rl.check(rc == 0, f"replay {i + 1} failed: {err}")
    rl.check("replay complete" in err, "no completion message")
    outputs.append(out)
rl.check(outputs[0] == outputs[1] == outputs[2],
         "replays produced different console output")
rec = rl.normalise(recorded)
rep = rl.normalise(outputs[0])
rl.check(rep.startswith(rec[:len(rec) - 200]) and "marker-42" in rep,
         "replay output differs from the recording")
print("session replayed identically 3 times")
