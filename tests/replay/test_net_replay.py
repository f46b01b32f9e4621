#!/usr/bin/env python3
# Network record/replay, loopback only:
#   1. guest -> host: a Python HTTP server on 127.0.0.1:PORT serves a random
#      1-2 MB file; the guest (recorded with --net user) downloads it with
#      busybox wget and prints its sha256.  The server is stopped, then the
#      trace replays twice: same checksum, same console output as the
#      recording, final state verified (exit 0).  T/net.pcap is parsed
#      (tests/replay/pcaplib.py): frames, non-decreasing timestamps,
#      Ethernet headers, the TCP stream from PORT reassembled into the HTTP
#      body whose sha256 must be the file's (tshark -r too if installed).
#   2. host -> guest: recorded with --net user,hostfwd=...-:8080, busybox
#      httpd in the guest serves a page and a random blob that the host
#      fetches through 127.0.0.1:HOSTPORT; the replay (no host client)
#      prints the same console output.
# SPDX-License-Identifier: MIT
import hashlib
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
import pcaplib  # noqa: E402
import replaylib as rl  # noqa: E402

GUEST_IP = "10.0.2.15"
HOST_IP = "10.0.2.2"
GUEST_MAC = bytes.fromhex("525400123456")
BCAST = b"\xff" * 6

tmp = rl.setup()
help_text = subprocess.run([rl.RVREPLAY, "record", "--help"],
                           capture_output=True, text=True).stdout
if "--net" not in help_text:
    print("rvreplay record has no --net option")
    sys.exit(rl.SKIP)
seed = int(os.environ.get("REPLAY_SEED", str(random.randrange(1 << 30))))
print(f"seed {seed} (REPLAY_SEED={seed} reproduces the sizes and delays)")
rng = random.Random(seed)


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


def http_get(url, timeout):
    """GET with retries (the forward may need a moment); bounded."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=20) as r:
                return r.read()
        except OSError as e:
            last = e
            time.sleep(0.5)
    rl.check(False, f"no HTTP answer from {url}: {last}")


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
             f"recorded: {rec[n - 80:n + 120]!r}\n"
             f"replayed: {rep[n - 80:n + 120]!r}")
    return f"identical (the recording lacks the last {len(rep) - len(rec)}"\
        " characters)"


def replay_twice(trace, what):
    outs = []
    for i in range(2):
        t0 = time.monotonic()
        rc, out, err = rl.replay(trace, timeout=300)
        last = err.strip().splitlines()[-1:] if err.strip() else []
        print(f"{what}: replay {i + 1}: exit {rc} in "
              f"{time.monotonic() - t0:.1f} s: {last}")
        rl.check(rc == 0, f"{what}: replay {i + 1} failed (exit {rc}): "
                 f"{err[-3000:]}")
        rl.check("final state matches" in err,
                 f"{what}: no final state verification: {err[-2000:]}")
        outs.append(out)
    rl.check(outs[0] == outs[1], f"{what}: the two replays differ")
    return outs[0]


def check_pcap(trace, manifest):
    """Structural checks common to both cases; returns the frames."""
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
    return frames


def read_manifest(trace):
    m = {}
    with open(os.path.join(trace, "manifest")) as f:
        for line in f:
            k, _, v = line.rstrip("\n").partition(" ")
            m.setdefault(k, v)
    return m


# ---- 1. guest downloads from the host --------------------------------------
www = os.path.join(tmp, "www")
os.mkdir(www)
size = rng.randint(1 << 20, 2 << 20)
payload = os.urandom(size)
with open(os.path.join(www, "file"), "wb") as f:
    f.write(payload)
want = hashlib.sha256(payload).hexdigest()
port = free_port()
print(f"serving {size} bytes (sha256 {want[:16]}...) on 127.0.0.1:{port}")
server = subprocess.Popen(
    [sys.executable, "-m", "http.server", "--bind", "127.0.0.1",
     "--directory", www, str(port)],
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
trace = os.path.join(tmp, "download")
try:
    rl.check(wait_port(port), "the host HTTP server did not start")
    commands = [
        "ip -4 addr show dev eth0 | grep inet",
        f"wget -O /tmp/f http://{HOST_IP}:{port}/file",
        "sha256sum /tmp/f",
        "ls -l /tmp/f",
        "echo download-done",
    ]
    t0 = time.monotonic()
    recorded = rl.record_session(trace, commands, extra_args=["--net", "user"],
                                 seed=seed, max_delay=1.0, timeout=300,
                                 log=os.path.join(tmp, "download.log"))
    print(f"recorded in {time.monotonic() - t0:.1f} s")
finally:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)
rl.check(f"{want}  /tmp/f" in rl.normalise(recorded),
         f"the guest did not print the file's sha256 {want}:\n"
         f"{recorded[-2000:]}")
rl.check(f" {size} " in recorded, "ls -l does not show the file size")
rl.check(not port_open(port), f"something still listens on port {port}")
manifest = read_manifest(trace)
print("server stopped; replaying")
replayed = replay_twice(trace, "download")
rl.check(f"{want}  /tmp/f" in rl.normalise(replayed),
         "the replayed guest did not print the file's sha256")
print("download: console output", compare_console(recorded, replayed,
                                                  "download"))

frames = check_pcap(trace, manifest)
to_port = pcaplib.tcp_segments(frames, dst=(HOST_IP, port))
from_port = pcaplib.tcp_segments(frames, src=(HOST_IP, port))
rl.check(to_port and from_port,
         f"no TCP segments to/from port {port} in net.pcap")
request = pcaplib.tcp_stream(frames, dst=(HOST_IP, port))
rl.check(request.startswith(b"GET /file HTTP/1."),
         f"the guest's request is not in the pcap: {request[:80]!r}")
try:
    status, headers, body = pcaplib.http_body(
        pcaplib.tcp_stream(frames, src=(HOST_IP, port)))
except pcaplib.PcapError as e:
    rl.check(False, f"cannot reassemble the HTTP response: {e}")
got = hashlib.sha256(body).hexdigest()
print(f"pcap: {len(to_port)} segments to port {port}, {len(from_port)} "
      f"from it; reassembled response {status!r}, body {len(body)} bytes, "
      f"sha256 {got[:16]}...")
rl.check(" 200 " in status and got == want,
         "the HTTP body reassembled from net.pcap is not the served file")

# ---- 2. host fetches from the guest through hostfwd -------------------------
hport = free_port()
spec = f"user,hostfwd=tcp:127.0.0.1:{hport}-:8080"
trace2 = os.path.join(tmp, "hostfwd")
blob_size = rng.randint(100000, 300000)
print(f"recording {trace2} with --net {spec}")
t0 = time.monotonic()
with rl.Console([rl.RVREPLAY, "record", "-o", trace2, "--net", spec],
                log_path=os.path.join(tmp, "hostfwd.log")) as c:
    c.expect("rvreplay guest ready", timeout=300)
    c.expect_prompt(timeout=300)
    out = c.run("mkdir -p /tmp/www && echo web-$((6*7)) > /tmp/www/index.html"
                f" && head -c {blob_size} /dev/urandom > /tmp/www/blob"
                " && sha256sum /tmp/www/blob"
                " && httpd -p 8080 -h /tmp/www && echo httpd-ok", timeout=60)
    rl.check("httpd-ok" in out, f"httpd did not start:\n{out}")
    m = re.search(r"\b([0-9a-f]{64})  /tmp/www/blob", out)
    rl.check(m is not None, f"no sha256 of the blob from the guest:\n{out}")
    guest_sha = m.group(1)
    time.sleep(rng.uniform(0, 1))
    page = http_get(f"http://127.0.0.1:{hport}/index.html", 120)
    rl.check(b"web-42" in page, f"unexpected page from the guest: {page!r}")
    blob = http_get(f"http://127.0.0.1:{hport}/blob", 120)
    host_sha = hashlib.sha256(blob).hexdigest()
    rl.check(host_sha == guest_sha and len(blob) == blob_size,
             f"blob fetched through hostfwd: {len(blob)} bytes, sha256 "
             f"{host_sha}, the guest says {guest_sha}")
    time.sleep(rng.uniform(0, 1))
    c.run("grep Tcp: /proc/net/snmp; echo hostfwd-done", timeout=60)
    c.sendline("poweroff -f")
    rc = c.wait_exit(timeout=120)
    rl.check(rc == 0, f"record exited {rc}: {c.stderr_text()}")
    recorded2 = c.buf
print(f"recorded in {time.monotonic() - t0:.1f} s; host fetched "
      f"{len(page)} + {len(blob)} bytes")
replayed2 = replay_twice(trace2, "hostfwd")
print("hostfwd: console output", compare_console(recorded2, replayed2,
                                                 "hostfwd"))
frames2 = check_pcap(trace2, read_manifest(trace2))
streams = [f for f in pcaplib.tcp_segments(frames2, src=(GUEST_IP, 8080))
           if f.tcp["payload"]]
rl.check(streams, "no TCP data from the guest's port 8080 in net.pcap")
bodies = []
for syn in pcaplib.tcp_segments(frames2, dst=(GUEST_IP, 8080)):
    if syn.tcp["flags"] & pcaplib.SYN and not syn.tcp["flags"] & 0x10:
        resp = pcaplib.tcp_stream(frames2, src=(GUEST_IP, 8080),
                                  dst=(syn.ip["src"], syn.tcp["sport"]))
        bodies.append(pcaplib.http_body(resp)[2])
rl.check(any(hashlib.sha256(b).hexdigest() == guest_sha for b in bodies),
         f"the blob is not in net.pcap ({len(bodies)} responses found)")
print(f"pcap: {len(bodies)} HTTP responses from the guest, the blob among "
      "them")
shutil.rmtree(tmp, ignore_errors=True)
print("network sessions replayed identically")
