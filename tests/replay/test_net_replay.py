#!/usr/bin/env python3
# Network record/replay, loopback only:
#   1. guest -> host: a Python HTTP server on 127.0.0.1:PORT serves a random
#      1-2 MB file; the guest (recorded with --net user) downloads it with
#      busybox wget and prints its sha256.  The server is stopped, then the
#      trace replays twice (nothing may connect to a listener put on PORT
#      meanwhile): same checksum, same console output as the
#      recording, final state verified (exit 0).  T/net.pcap is parsed
#      (tests/replay/pcaplib.py): frames, non-decreasing timestamps,
#      Ethernet headers, the TCP stream from PORT reassembled into the HTTP
#      body whose sha256 must be the file's (tshark -r too if installed).
#   2. host -> guest: recorded with --net user,hostfwd=...-:8080, busybox
#      httpd in the guest serves a page and a random blob that the host
#      fetches through 127.0.0.1:HOSTPORT; the replay (no host client, the
#      port taken by another listener) prints the same console output.
# SPDX-License-Identifier: MIT
import hashlib
import os
import random
import re
import shutil
import sys
import time
import urllib.request

sys.dont_write_bytecode = True   # no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(__file__))
import netlib as nl  # noqa: E402
import pcaplib  # noqa: E402
import replaylib as rl  # noqa: E402

tmp = rl.setup()
nl.skip_without_net()
seed = int(os.environ.get("REPLAY_SEED", str(random.randrange(1 << 30))))
print(f"seed {seed} (REPLAY_SEED={seed} reproduces the sizes and delays)")
rng = random.Random(seed)
HOST_IP, GUEST_IP = nl.HOST_IP, nl.GUEST_IP


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


# ---- 1. guest downloads from the host --------------------------------------
www = os.path.join(tmp, "www")
os.mkdir(www)
size = rng.randint(1 << 20, 2 << 20)
payload = os.urandom(size)
with open(os.path.join(www, "file"), "wb") as f:
    f.write(payload)
want = hashlib.sha256(payload).hexdigest()
trace = os.path.join(tmp, "download")
with nl.http_server(www) as port:
    print(f"serving {size} bytes (sha256 {want[:16]}...) on "
          f"127.0.0.1:{port}")
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
rl.check(f"{want}  /tmp/f" in rl.normalise(recorded),
         f"the guest did not print the file's sha256 {want}:\n"
         f"{recorded[-2000:]}")
rl.check(f" {size} " in recorded, "ls -l does not show the file size")
rl.check(not nl.port_open(port), f"something still listens on port {port}")
print(f"server stopped; replaying with a listener on {port} that must "
      "not be contacted")
with nl.trap_listener(port) as connections:
    replayed = nl.replay_n(trace, "download")
    rl.check(connections() == 0, f"the replay connected to port {port}")
rl.check(f"{want}  /tmp/f" in rl.normalise(replayed),
         "the replayed guest did not print the file's sha256")
print("download: console output", nl.compare_console(recorded, replayed,
                                                  "download"))

frames = nl.check_pcap(trace)
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
hport = nl.free_port()
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
with nl.trap_listener(hport):   # the replay must not need the port
    replayed2 = nl.replay_n(trace2, "hostfwd")
print("hostfwd: console output", nl.compare_console(recorded2, replayed2,
                                                 "hostfwd"))
frames2 = nl.check_pcap(trace2)
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
