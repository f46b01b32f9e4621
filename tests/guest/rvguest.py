# tests/guest/rvguest.py - boot the Linux guest under rvreplay for a test.
# SPDX-License-Identifier: MIT
"""Shared by the rvreplay guest tests (test_disk.sh, test_net.sh,
test_rng.sh): finds the guest images, starts `rvreplay run` on a console
(tests/guest/console_driver.py), boots to the shell prompt, runs checked
commands and powers off.  Every wait has a timeout."""

import os
import socket
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
try:
    from console_driver import Console, ConsoleError  # noqa: E402,F401
except ImportError:  # the console driver is not in this tree yet
    Console = None

    class ConsoleError(Exception):
        pass

BOOT_TIMEOUT = float(os.environ.get("RVREPLAY_BOOT_TIMEOUT", "300"))
CMD_TIMEOUT = 60.0
BANNER = "rvreplay guest ready"
HELLO = "hello from the rvreplay guest disk"

SKIP = 77


class GuestSkip(Exception):
    """The test cannot run here (reported as skipped, exit 77)."""


def guest_dir():
    """The built guest directory ($RVREPLAY_GUEST, else what guest/build.sh
    reports), or None."""
    env = os.environ.get("RVREPLAY_GUEST")
    if env:
        return env if os.path.isfile(os.path.join(env, "Image")) else None
    try:
        out = subprocess.run(["guest/build.sh", "--print-dir"],
                             capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    lines = out.stdout.strip().splitlines()
    if out.returncode != 0 or not lines:
        return None
    d = lines[-1]
    return d if os.path.isfile(os.path.join(d, "Image")) else None


def emulator():
    return os.environ.get("RVREPLAY", "build/rvreplay")


def skip_reason(needed_options):
    """Why the test cannot run here, or None."""
    if Console is None:
        return "tests/guest/console_driver.py is missing"
    emu = emulator()
    if not os.access(emu, os.X_OK):
        return "%s not built" % emu
    try:
        text = subprocess.run([emu, "run", "--help"], capture_output=True,
                              text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired) as e:
        return "cannot run %s: %s" % (emu, e)
    for opt in needed_options:
        if opt not in text:
            return "%s run has no %s option yet" % (emu, opt)
    if guest_dir() is None:
        return "guest image not built (run guest/build.sh)"
    return None


def argv(guest, extra=()):
    return [emulator(), "run",
            "--kernel", os.path.join(guest, "Image"),
            "--initrd", os.path.join(guest, "initramfs.cpio.gz"),
            "--mem", "256M"] + list(extra)


def log_dir():
    d = os.path.join(os.environ.get("BUILD", "build"), "test-logs", "guest")
    os.makedirs(d, exist_ok=True)
    return d


def boot(console):
    """Waits for the shell prompt and checks that typed input reaches the
    guest; GuestSkip if it does not (an rvreplay without console input)."""
    console.expect(BANNER, BOOT_TIMEOUT)
    console.expect_prompt(CMD_TIMEOUT)
    console.sendline("echo rvreplay-probe-$((40+2))")
    try:
        console.expect("rvreplay-probe-42", 30)
        console.expect_prompt(CMD_TIMEOUT)
    except ConsoleError:
        raise GuestSkip("the guest booted but does not receive console "
                        "input (rvreplay run without terminal input)")


def check(console, cmd, *wants, timeout=CMD_TIMEOUT):
    out = console.run(cmd, timeout)
    for want in wants:
        if want not in out:
            raise ConsoleError("output of %r lacks %r:\n%s" % (cmd, want, out))
    return out


def poweroff(console):
    console.sendline("poweroff -f")
    rc = console.wait_exit(BOOT_TIMEOUT)
    if rc != 0:
        raise ConsoleError("rvreplay exit status %s after poweroff -f, "
                           "wanted 0\n%s" % (rc, console.tail()))


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_scenario(name, args, fn, *fargs):
    """Runs fn(console, *fargs) on a fresh rvreplay; prints ok/FAIL and
    returns fn's result (True if it returned None), or None on failure.
    Exits with SKIP if the guest cannot be driven."""
    log = os.path.join(log_dir(), name + ".log")
    with Console(args, log_path=log) as console:
        try:
            result = fn(console, *fargs)
        except GuestSkip as e:
            console.close()
            print("SKIP: %s" % e)
            sys.exit(SKIP)
        except ConsoleError as e:
            print("FAIL %s: %s" % (name, e))
            err = console.stderr_text().strip()
            if err:
                print("rvreplay stderr:\n" + err[-3000:])
            print("console log: " + log)
            return None
    print("ok   %s" % name)
    return result if result is not None else True
