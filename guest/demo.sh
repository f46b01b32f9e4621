#!/usr/bin/env bash
# The main job: boot the Linux guest under rvreplay while recording it,
# type a few commands into its shell, power it off, then replay the
# recording twice and check that it reproduces the run exactly.
# SPDX-License-Identifier: MIT
set -euo pipefail
cd "$(dirname "$0")/.."
rv=build/rvreplay
trace=${DEMO_TRACE:-build/demo-trace}
rm -rf "$trace"
echo "== recording a boot and a short shell session into $trace"
python3 tests/guest/console_driver.py --timeout 120 \
    -e 'expect rvreplay guest ready' -e 'prompt' \
    -e 'run uname -a' \
    -e 'check echo hello from $(cat /proc/cpuinfo | grep -c processor) hart => hello from 1 hart' \
    -e 'run head -c 16 /dev/hwrng | od -x | head -1' \
    -e 'run date' \
    -e 'run sleep 1; cat /proc/uptime' \
    -e 'send poweroff -f' -e 'exit 0' \
    -- "$rv" record -o "$trace" > "build/demo-record.log"
cat build/demo-record.log
echo
echo "== rvreplay info $trace"
"$rv" info "$trace"
for i in 1 2; do
    echo
    echo "== replay $i"
    "$rv" replay --no-progress "$trace" > "build/demo-replay$i.log"
    tail -n 4 "build/demo-replay$i.log"
done
cmp -s build/demo-replay1.log build/demo-replay2.log
echo
echo "demo done: both replays produced identical console output and the"
echo "recorded final state (see build/demo-*.log)"
