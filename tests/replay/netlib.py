# tests/replay/netlib.py - helpers for the network record/replay tests.
# SPDX-License-Identifier: MIT
"""Shared by tests/replay/test_net_*.py: loopback ports, a host HTTP
server, console comparison, repeated replays and the structural checks
of a trace's net.pcap (with tests/replay/pcaplib.py)."""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pcaplib  # noqa: E402
import replaylib as rl  # noqa: E402

GUEST_IP = "10.0.2.15"
HOST_IP = "10.0.2.2"
GUEST_MAC = bytes.fromhex("525400123456")
BCAST = b"\xff" * 6


def skip_without_net():
    text = subprocess.run([rl.RVREPLAY, "record", "--help"],
                          capture_output=True, text=True).stdout
    if "--net" not in text:
        print("rvreplay record has no --net option")
        sys.exit(rl.SKIP)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def wait_port(port, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if port_open(port):
            return True
        time.sleep(0.2)
    return False


@contextlib.contextmanager
def http_server(directory):
    """`python3 -m http.server` on a free 127.0.0.1 port serving
    directory; yields the port; stopped (and waited for) on exit."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", "--bind", "127.0.0.1",
         "--directory", directory, str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        rl.check(wait_port(port), "the host HTTP server did not start")
        yield port
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


@contextlib.contextmanager
def trap_listener(port):
    """Listens on 127.0.0.1:port while a replay runs (which must neither
    connect to it nor need it free); yields a function returning how many
    connections arrived so far."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    s.listen(16)
    s.setblocking(False)
    count = [0]

    def connections():
        while True:
            try:
                conn, _ = s.accept()
            except (BlockingIOError, InterruptedError):
                return count[0]
            conn.close()
            count[0] += 1
    try:
        yield connections
    finally:
        s.close()


def compare_console(recorded, replayed, what):
    """The replay's console output must equal the recording's; the very
    end of the recording (output in flight at exit) may be missing from
    the recorded text, never the other way round."""
    rec = rl.normalise(recorded)
    rep = rl.normalise(replayed)
    if rep == rec:
        return "identical"
    n = 0
    while n < min(len(rec), len(rep)) and rec[n] == rep[n]:
        n += 1
    rl.check(rep.startswith(rec) and len(rep) - len(rec) <= 200,
             f"{what}: replay output differs from the recording at "
             f"character {n} of {len(rec)} (replay has {len(rep)}):\n"
             f"recorded: {rec[max(n - 80, 0):n + 120]!r}\n"
             f"replayed: {rep[max(n - 80, 0):n + 120]!r}")
    return f"identical (the recording lacks the last {len(rep) - len(rec)}"\
        " characters)"


def replay_n(trace, what, n=2):
    """Replays n times; each must complete with the final state verified
    and all must print the same.  Returns the console output."""
    outs = []
    for i in range(n):
        t0 = time.monotonic()
        rc, out, err = rl.replay(trace, timeout=300)
        last = err.strip().splitlines()[-1:] if err.strip() else []
        print(f"{what}: replay {i + 1}: exit {rc} in "
              f"{time.monotonic() - t0:.1f} s: {last}")
        rl.check(rc == 0, f"{what}: replay {i + 1} failed (exit {rc}), "
                 f"trace kept in {trace}:\n{err[-3000:]}")
        rl.check("final state matches" in err,
                 f"{what}: no final state verification: {err[-2000:]}")
        outs.append(out)
    rl.check(all(o == outs[0] for o in outs),
             f"{what}: the replays differ")
    return outs[0]


def read_manifest(trace):
    m = {}
    with open(os.path.join(trace, "manifest")) as f:
        for line in f:
            k, _, v = line.rstrip("\n").partition(" ")
            m.setdefault(k, v)
    return m


def check_pcap(trace):
    """Structural checks of trace/net.pcap; returns the frames."""
    manifest = read_manifest(trace)
    path = os.path.join(trace, "net.pcap")
    rl.check(os.path.isfile(path), f"{path} missing")
    try:
        header, frames = pcaplib.read_pcap(path)
    except pcaplib.PcapError as e:
        rl.check(False, f"net.pcap is malformed: {e}")
    rl.check(len(frames) > 0, "net.pcap has no frames")
    ts = [f.ts_ns for f in frames]
    bad = [i for i in range(1, len(ts)) if ts[i] < ts[i - 1]]
    rl.check(not bad, f"net.pcap timestamps go backwards at frames {bad[:5]}")
    noeth = [f.index for f in frames if f.eth is None]
    rl.check(not noeth, f"frames without an Ethernet header: {noeth[:5]}")
    strange = [f.index for f in frames
               if f.eth[1] != GUEST_MAC and f.eth[0] not in (GUEST_MAC, BCAST)]
    rl.check(not strange, f"frames neither from nor to the guest's MAC: "
             f"{strange[:5]}")
    sent = sum(1 for f in frames if f.eth[1] == GUEST_MAC)
    kinds = {}
    for f in frames:
        k = {0x0800: "ipv4", 0x0806: "arp",
             0x86dd: "ipv6"}.get(f.eth[2], "0x%04x" % f.eth[2])
        kinds[k] = kinds.get(k, 0) + 1
    # Timestamps are the guest's wall clock: from power-on (the host clock
    # when recording started) to power-on + guest time.
    start = int(manifest.get("created-unix-ns", "0"))
    span = int(manifest.get("guest-ns", "0"))
    if start and span:
        rl.check(start - 60 * 10**9 <= ts[0] and
                 ts[-1] <= start + span + 60 * 10**9,
                 f"pcap timestamps {ts[0]}..{ts[-1]} outside the recording "
                 f"({start} + {span} ns)")
    print(f"net.pcap: {len(frames)} frames ({sent} from the guest), "
          f"{os.path.getsize(path)} bytes, "
          f"{'ns' if header['nanoseconds'] else 'us'} timestamps spanning "
          f"{(ts[-1] - ts[0]) / 1e9:.3f} s, {kinds}")
    if shutil.which("tshark"):
        p = subprocess.run(["tshark", "-r", path], capture_output=True,
                           text=True, timeout=120)
        n = len(p.stdout.strip().splitlines())
        print(f"tshark -r: exit {p.returncode}, {n} lines")
        rl.check(p.returncode == 0 and n == len(frames),
                 f"tshark disagrees: exit {p.returncode}, {n} frames, "
                 f"{p.stderr[-500:]}")
    info = subprocess.run([rl.RVREPLAY, "info", trace], capture_output=True,
                          text=True, timeout=60).stdout
    rl.check(any(line.startswith("net ") and "net.pcap" in line
                 for line in info.splitlines()),
             f"rvreplay info does not mention the network:\n{info}")
    return frames
