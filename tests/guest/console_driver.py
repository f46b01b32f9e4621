#!/usr/bin/env python3
# tests/guest/console_driver.py - drive an emulator's serial console.
# SPDX-License-Identifier: MIT
"""Spawn an emulator (QEMU, rvreplay, ...) whose guest console is on its
stdin/stdout, wait for strings with timeouts and type lines into it.

The emulator runs on a pseudo-terminal that is put in raw mode before the
emulator starts (no echo, no line buffering, Ctrl-C is a byte for the guest),
so it behaves the same whether or not the emulator itself switches its
terminal to raw mode.  With --pipe it gets plain pipes instead.  Its stderr
goes to a separate file (see Console.stderr_text) so that statistics printed
there do not mix with the console.

Library use (tests/guest/test_qemu_boot.sh has examples):

    sys.path.insert(0, "tests/guest")
    from console_driver import Console, exit_on_signals
    exit_on_signals()    # SIGTERM still kills the emulator via __exit__
    with Console(["qemu-system-riscv64", ...], log_path="/tmp/boot.log") as c:
        c.expect("rvreplay guest ready", timeout=60)
        c.expect_prompt()
        text = c.run("uname -a")        # output of the command
        c.sendline("poweroff -f")
        rc = c.wait_exit(timeout=60)     # exit status of the emulator

Command-line use, steps from --script FILE and/or -e STEP (in that order):

    console_driver.py [options] [--script FILE] [-e STEP]... -- CMD [ARG]...

Steps, one per line (blank lines and lines starting with # are ignored):

    timeout SECONDS   default timeout for the following steps (initially
                      --timeout)
    expect TEXT       wait until TEXT appears in the console output
    expect_re REGEX   wait until the Python regular expression matches
    send TEXT         type TEXT and a newline
    sendraw TEXT      type TEXT with Python escapes (\\x03 is Ctrl-C), no
                      newline added
    prompt            wait for the shell prompt (--prompt)
    run CMD           type CMD, wait for the prompt; output is logged
    check CMD => TEXT type CMD, wait for the prompt, fail unless the output
                      contains TEXT
    host CMD          run CMD in a host shell (bounded by the timeout), fail
                      unless it exits 0
    sleep SECONDS     pause
    exit [STATUS]     wait for the emulator to exit; fail unless its exit
                      status is STATUS (default 0)

Exit status of the command-line tool: 0 all steps passed, 1 a step failed
(timeout, emulator exited early, wrong output or exit status), 2 usage error.
If the script does not end with `exit`, the emulator is killed at the end.
"""

import argparse
import codecs
import os
import re
import select
import shlex
import signal
import subprocess
import sys
import tempfile
import time
import tty

DEFAULT_PROMPT = "~ # "


def exit_on_signals():
    """Turn SIGTERM and SIGHUP into SystemExit so that `with Console(...)`
    blocks (and the command-line tool) kill the emulator on the way out
    instead of leaving it running."""
    def handler(signum, frame):
        raise SystemExit(128 + signum)
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, handler)


class ConsoleError(Exception):
    """A wait failed: timeout, early exit of the emulator, bad output."""


class Console:
    """One running emulator with its console on a pty (or pipes)."""

    def __init__(self, argv, log_path=None, env=None, use_pty=True,
                 prompt=DEFAULT_PROMPT, char_delay=0.0, newline="\n",
                 echo=False, cwd=None):
        self.argv = list(argv)
        self.prompt = prompt
        self.char_delay = char_delay
        self.newline = newline
        self.echo = echo
        self.buf = ""          # everything the console printed so far
        self.pos = 0           # expect() searches from here
        self.eof = False
        self.returncode = None
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._log = open(log_path, "wb") if log_path else None
        self._stderr = tempfile.TemporaryFile()
        self.start_time = time.monotonic()
        if use_pty:
            master, slave = os.openpty()
            tty.setraw(slave)
            self.proc = subprocess.Popen(
                self.argv, stdin=slave, stdout=slave, stderr=self._stderr,
                env=env, cwd=cwd, start_new_session=True)
            os.close(slave)
            self._rfd = master
            self._wfd = master
        else:
            self.proc = subprocess.Popen(
                self.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=self._stderr, env=env, cwd=cwd,
                start_new_session=True, bufsize=0)
            self._rfd = self.proc.stdout.fileno()
            self._wfd = self.proc.stdin.fileno()

    # -- context manager ------------------------------------------------
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    # -- output ---------------------------------------------------------
    def _read_some(self, timeout):
        """Read available output, waiting at most timeout seconds."""
        if self.eof:
            if timeout > 0:
                time.sleep(min(timeout, 0.05))
            return
        ready, _, _ = select.select([self._rfd], [], [], max(timeout, 0))
        if not ready:
            return
        try:
            data = os.read(self._rfd, 65536)
        except OSError:        # EIO on the pty master once the child is gone
            data = b""
        if not data:
            self.eof = True
            self.buf += self._decoder.decode(b"", final=True)
            return
        if self._log:
            self._log.write(data)
            self._log.flush()
        if self.echo:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        self.buf += self._decoder.decode(data)

    def _wait_for(self, finder, what, timeout):
        deadline = time.monotonic() + timeout
        while True:
            found = finder()
            if found is not None:
                return found
            if self.eof:
                self._reap(0.5)
                raise ConsoleError(
                    "emulator exited (status %s) while waiting for %s\n%s"
                    % (self.returncode, what, self.tail()))
            left = deadline - time.monotonic()
            if left <= 0:
                raise ConsoleError("timeout after %g s waiting for %s\n%s"
                                   % (timeout, what, self.tail()))
            self._read_some(min(left, 0.5))

    def expect(self, text, timeout=30.0):
        """Wait for text; return the output from the search start to its end."""
        def finder():
            i = self.buf.find(text, self.pos)
            if i < 0:
                return None
            start, self.pos = self.pos, i + len(text)
            return self.buf[start:self.pos]
        return self._wait_for(finder, repr(text), timeout)

    def expect_re(self, regex, timeout=30.0):
        """Wait for a regular expression; return the match object."""
        rx = re.compile(regex)

        def finder():
            m = rx.search(self.buf, self.pos)
            if m is None:
                return None
            self.pos = m.end()
            return m
        return self._wait_for(finder, "/%s/" % regex, timeout)

    def expect_prompt(self, timeout=30.0):
        return self.expect(self.prompt, timeout)

    def tail(self, n=1500):
        """The last n characters of output, for error messages."""
        t = self.buf[-n:]
        return "---- last %d chars of console output ----\n%s\n----" % (
            len(t), t)

    # -- input ----------------------------------------------------------
    def send(self, text):
        data = text.encode("utf-8")
        if self.char_delay > 0:
            for i in range(len(data)):
                self._write(data[i:i + 1])
                time.sleep(self.char_delay)
        else:
            self._write(data)

    def _write(self, data):
        while data:
            try:
                n = os.write(self._wfd, data)
            except OSError as e:
                raise ConsoleError("cannot write to the emulator: %s" % e)
            data = data[n:]

    def sendline(self, line):
        self.send(line + self.newline)

    def run(self, cmd, timeout=30.0):
        """Type cmd, wait for the next prompt, return the command's output
        (without the echoed command line and the prompt)."""
        self.sendline(cmd)
        out = self.expect_prompt(timeout)
        out = out[:-len(self.prompt)].replace("\r\n", "\n")
        # A shell with line editing echoes the command line; drop it.
        first, sep, rest = out.partition("\n")
        if first.rstrip("\r").endswith(cmd):
            out = rest
        return out

    # -- process --------------------------------------------------------
    def _reap(self, timeout):
        try:
            self.returncode = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            pass
        return self.returncode

    def wait_exit(self, timeout=60.0):
        """Wait for the emulator to exit (draining its output); return its
        exit status.  Kill it and raise ConsoleError on timeout."""
        deadline = time.monotonic() + timeout
        while True:
            if self.eof or self.proc.poll() is not None:
                # Collect output still in flight, then the exit status.
                end = time.monotonic() + 2.0
                while not self.eof and time.monotonic() < end:
                    self._read_some(0.1)
                left = max(deadline - time.monotonic(), 0.5)
                if self._reap(left) is not None:
                    return self.returncode
            left = deadline - time.monotonic()
            if left <= 0:
                self.kill()
                raise ConsoleError("emulator did not exit within %g s\n%s"
                                   % (timeout, self.tail()))
            self._read_some(min(left, 0.5))

    def kill(self):
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
            except OSError:
                pass
            if self._reap(5) is None:
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except OSError:
                    pass
                self._reap(5)
        self.returncode = self.proc.poll()

    def stderr_text(self):
        self._stderr.seek(0)
        return self._stderr.read().decode("utf-8", "replace")

    def elapsed(self):
        return time.monotonic() - self.start_time

    def close(self):
        self.kill()
        for fd in {self._rfd, self._wfd}:
            try:
                os.close(fd)
            except OSError:
                pass
        if self._log:
            self._log.close()
            self._log = None


# ---------------------------------------------------------------- CLI ----

def run_script(console, steps, timeout):
    """Execute script steps; raise ConsoleError on the first failure.
    Returns True if the script ended with an exit step."""
    exited = False
    for lineno, raw in steps:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        word, _, arg = line.partition(" ")
        arg = arg.strip() if word != "send" else raw.lstrip().partition(" ")[2]
        where = "step %s (%s)" % (lineno, line)
        exited = False
        try:
            if word == "timeout":
                timeout = float(arg)
            elif word == "expect":
                console.expect(arg, timeout)
            elif word == "expect_re":
                console.expect_re(arg, timeout)
            elif word == "send":
                console.sendline(arg)
            elif word == "sendraw":
                console.send(codecs.decode(arg, "unicode_escape"))
            elif word == "prompt":
                console.expect_prompt(timeout)
            elif word == "run":
                console.run(arg, timeout)
            elif word == "check":
                cmd, sep, want = arg.partition(" => ")
                if not sep:
                    raise ConsoleError("check needs 'CMD => TEXT'")
                out = console.run(cmd, timeout)
                if want not in out:
                    raise ConsoleError("output of %r lacks %r:\n%s"
                                       % (cmd, want, out))
            elif word == "host":
                r = subprocess.run(arg, shell=True, timeout=timeout)
                if r.returncode != 0:
                    raise ConsoleError("host command exited %d"
                                       % r.returncode)
            elif word == "sleep":
                time.sleep(float(arg))
            elif word == "exit":
                want = int(arg) if arg else 0
                rc = console.wait_exit(timeout)
                if rc != want:
                    raise ConsoleError("emulator exit status %s, wanted %d"
                                       % (rc, want))
                exited = True
            else:
                raise ConsoleError("unknown step %r" % word)
        except ConsoleError as e:
            raise ConsoleError("%s failed: %s" % (where, e))
        except (subprocess.TimeoutExpired, ValueError) as e:
            raise ConsoleError("%s failed: %s" % (where, e))
    return exited


def main(argv):
    ap = argparse.ArgumentParser(
        description="Drive an emulator's console with a script of steps.",
        epilog="Steps are described in the module docstring "
               "(python3 -c 'import console_driver; help(console_driver)').")
    ap.add_argument("--timeout", type=float, default=30.0,
                    help="default per-step timeout in seconds (30)")
    ap.add_argument("--log", help="write the raw console output here")
    ap.add_argument("--script", help="file with one step per line")
    ap.add_argument("-e", dest="steps", action="append", default=[],
                    help="a step (repeatable; after --script)")
    ap.add_argument("--prompt", default=DEFAULT_PROMPT,
                    help="shell prompt text (%r)" % DEFAULT_PROMPT)
    ap.add_argument("--pipe", action="store_true",
                    help="use pipes instead of a pseudo-terminal")
    ap.add_argument("--char-delay", type=float, default=0.0,
                    help="seconds between typed characters (0)")
    ap.add_argument("--echo", action="store_true",
                    help="copy console output to stdout")
    ap.add_argument("--stderr", help="write the emulator's stderr here")
    ap.add_argument("cmd", nargs=argparse.REMAINDER,
                    help="-- emulator command and arguments")
    args = ap.parse_args(argv)
    cmd = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
    if not cmd:
        ap.print_usage(sys.stderr)
        print("console_driver: no emulator command given", file=sys.stderr)
        return 2
    exit_on_signals()
    steps = []
    if args.script:
        try:
            with open(args.script) as f:
                steps += [("%s:%d" % (args.script, i + 1), l.rstrip("\n"))
                          for i, l in enumerate(f)]
        except OSError as e:
            print("console_driver: %s" % e, file=sys.stderr)
            return 2
    steps += [("-e#%d" % (i + 1), s) for i, s in enumerate(args.steps)]

    try:
        console = Console(cmd, log_path=args.log, use_pty=not args.pipe,
                          prompt=args.prompt, char_delay=args.char_delay,
                          echo=args.echo)
    except OSError as e:
        print("console_driver: cannot run %s: %s"
              % (shlex.join(cmd), e), file=sys.stderr)
        return 2
    status = 0
    try:
        if not run_script(console, steps, args.timeout):
            console.kill()
    except ConsoleError as e:
        print("console_driver: %s" % e, file=sys.stderr)
        status = 1
    finally:
        console.close()
        if args.stderr:
            with open(args.stderr, "w") as f:
                f.write(console.stderr_text())
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
