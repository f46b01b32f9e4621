#!/usr/bin/env bash
# tests/guest/test_net.sh - virtio-net + user networking under Linux on
# rvreplay, loopback only.
# SPDX-License-Identifier: MIT
#
#   1. guest -> host: a Python HTTP server on 127.0.0.1:PORT serves a
#      random file; the guest fetches http://10.0.2.2:PORT/ with busybox
#      wget and its sha256sum must match the host's;
#   2. the guest cannot reach anything else: the same fetch from 10.0.2.3
#      (slirp's DNS address) fails;
#   3. host -> guest: busybox httpd in the guest on port 8080, forwarded
#      from 127.0.0.1:HOSTPORT (--net user,hostfwd=...); the host fetches a
#      page through it.
# Ports are picked free on 127.0.0.1; every wait is bounded.  Exit 77 when
# the guest is not built or rvreplay cannot boot it yet.

set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

exec python3 - <<'PYEOF'
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, "tests/guest")
import rvguest as g  # noqa: E402

reason = g.skip_reason(("--net", "--initrd"))
if reason:
    print("SKIP: " + reason)
    sys.exit(g.SKIP)
guest = g.guest_dir()
tmp = tempfile.mkdtemp(prefix="rvreplay-net-")
payload = os.urandom(300 * 1024)
with open(os.path.join(tmp, "payload.bin"), "wb") as f:
    f.write(payload)
want_sha = hashlib.sha256(payload).hexdigest()
port = g.free_port()
hport = g.free_port()
server = subprocess.Popen(
    [sys.executable, "-m", "http.server", "--bind", "127.0.0.1",
     "--directory", tmp, str(port)],
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_server(timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def http_get(url, timeout):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=10) as r:
                return r.read().decode("utf-8", "replace")
        except OSError as e:
            last = e
            time.sleep(0.5)
    raise g.ConsoleError("no HTTP answer from %s: %s" % (url, last))


def scenario(c):
    g.boot(c)
    g.check(c, "ip -4 addr show dev eth0", "inet 10.0.2.15/24")
    g.check(c, "wget -q -O - http://10.0.2.2:%d/payload.bin | sha256sum"
            % port, want_sha, timeout=120)
    out = g.check(c, "timeout 10 wget -q -O /dev/null "
                     "http://10.0.2.3:%d/payload.bin; echo wget-status=$?"
                  % port, "wget-status=", timeout=60)
    if "wget-status=0" in out:
        raise g.ConsoleError("the guest reached 10.0.2.3:\n" + out)
    g.check(c, "mkdir -p /tmp/www && echo web-$((6*7)) > /tmp/www/index.html"
               " && httpd -p 8080 -h /tmp/www && echo httpd-ok", "httpd-ok")
    body = http_get("http://127.0.0.1:%d/index.html" % hport, 60)
    if "web-42" not in body:
        raise g.ConsoleError("unexpected HTTP body from the guest: %r" % body)
    g.poweroff(c)


ok = False
try:
    if not wait_server():
        print("FAIL: the host HTTP server did not start")
    else:
        spec = "user,hostfwd=tcp:127.0.0.1:%d-:8080" % hport
        ok = g.run_scenario("net", g.argv(guest, ["--net", spec]),
                            scenario) is not None
finally:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
    shutil.rmtree(tmp, ignore_errors=True)
sys.exit(0 if ok else 1)
PYEOF
