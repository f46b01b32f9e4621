# tests/replay/replaylib.py - helpers for the record/replay tests.
# SPDX-License-Identifier: MIT
"""Shared by tests/replay/test_*.py: locating rvreplay and the guest,
recording a scripted console session, replaying a trace and comparing."""

import os
import random
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "guest"))
from console_driver import Console, exit_on_signals  # noqa: E402

RVREPLAY = os.environ.get("RVREPLAY", os.path.join(ROOT, "build", "rvreplay"))
SKIP = 77


def guest_dir():
    """The built guest's directory, or exit 77 (skip) if it is not built."""
    env = os.environ.get("RVREPLAY_GUEST")
    if env:
        return env
    p = subprocess.run([os.path.join(ROOT, "guest", "build.sh"),
                        "--print-dir"], capture_output=True, text=True)
    if p.returncode != 0:
        print("guest images not built (make guest)")
        sys.exit(SKIP)
    return p.stdout.strip().splitlines()[-1]


def setup():
    """Common start of a test: returns a fresh temporary directory.  The
    test runs a private copy of rvreplay, so that a rebuild during the test
    cannot mix two versions in one record/replay pair."""
    global RVREPLAY
    exit_on_signals()
    if not os.access(RVREPLAY, os.X_OK):
        print("rvreplay not built")
        sys.exit(SKIP)
    os.environ["RVREPLAY_GUEST"] = guest_dir()
    tmp = tempfile.mkdtemp(prefix="rvreplay-test-")
    private = os.path.join(tmp, "rvreplay")
    shutil.copy2(RVREPLAY, private)
    RVREPLAY = private
    return tmp


def normalise(text):
    """Console text without carriage returns (a terminal adds some)."""
    return text.replace("\r", "")


def record_session(trace, commands, extra_args=(), seed=1, max_delay=1.5,
                   log=None, timeout=120, finish=True):
    """Boots the guest under `rvreplay record`, types the commands with
    random pauses (seeded, printed) and powers off.  Returns the console
    text."""
    rng = random.Random(seed)
    print(f"recording {trace} (delay seed {seed})")
    argv = [RVREPLAY, "record", "-o", trace, *extra_args]
    with Console(argv, log_path=log) as c:
        c.expect("rvreplay guest ready", timeout=timeout)
        c.expect_prompt(timeout=timeout)
        for cmd in commands:
            c.run(cmd, timeout=timeout)
            pause = rng.uniform(0, max_delay)
            if pause > 0.01:
                import time
                time.sleep(pause)
        if finish:
            c.sendline("poweroff -f")
            rc = c.wait_exit(timeout=timeout)
            if rc != 0:
                raise AssertionError(f"record exited {rc}: "
                                     f"{c.stderr_text()}")
        return c.buf


def replay(trace, *args, timeout=120):
    """Runs `rvreplay replay`; returns (exit status, stdout, stderr)."""
    p = subprocess.run([RVREPLAY, "replay", "--no-progress", *args, trace],
                       capture_output=True, timeout=timeout,
                       stdin=subprocess.DEVNULL)
    return (p.returncode, p.stdout.decode("utf-8", "replace"),
            p.stderr.decode("utf-8", "replace"))


def check(cond, msg):
    if not cond:
        print("FAILED:", msg)
        sys.exit(1)
