#!/usr/bin/env bash
# tests/guest/test_rng.sh - virtio-rng under Linux on rvreplay.
# SPDX-License-Identifier: MIT
#
# Boots twice; each time the kernel must have picked the virtio entropy
# device as its hardware RNG and `head -c 64 /dev/hwrng | od -x` must show
# 64 bytes that are not all zero.  The two plain runs get different entropy
# seeds from the host, so the bytes must differ between them.  (That a
# replay hands the guest the same bytes again is the replay tests' job.)
# Exit 77 when the guest is not built or rvreplay cannot boot it yet.

set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

exec python3 - <<'PYEOF'
import re
import sys

sys.path.insert(0, "tests/guest")
import rvguest as g  # noqa: E402

reason = g.skip_reason(("--initrd",))
if reason:
    print("SKIP: " + reason)
    sys.exit(g.SKIP)
guest = g.guest_dir()


def scenario(c):
    g.boot(c)
    g.check(c, "cat /sys/class/misc/hw_random/rng_current", "virtio_rng")
    out = g.check(c, "head -c 64 /dev/hwrng | od -x", "0000100")
    words = re.findall(r"^[0-7]{7}((?: [0-9a-f]{4})+)", out, re.M)
    data = "".join(w.replace(" ", "") for w in words)
    if len(data) != 128 or set(data) == {"0"}:
        raise g.ConsoleError("unexpected od output:\n" + out)
    g.poweroff(c)
    return data


first = g.run_scenario("rng-1", g.argv(guest), scenario)
second = g.run_scenario("rng-2", g.argv(guest), scenario)
if first is None or second is None:
    sys.exit(1)
print("bytes: %s...\n       %s..." % (first[:32], second[:32]))
if first == second:
    print("FAIL: two runs read the same bytes from /dev/hwrng (the entropy "
          "seed did not change)")
    sys.exit(1)
sys.exit(0)
PYEOF
