#!/usr/bin/env python3
# `rvreplay info`, `record --embed-images` and `rvreplay pack`:
#   1. a session recorded with --embed-images from private copies of the
#      firmware, kernel and initrd: `info` reports the instructions (equal
#      to what replay counts), guest time, events by kind (console-in bytes
#      = the bytes typed), log bytes (= the file), chunks, compression
#      ratio and the images (path, sha256, embedded); the copies are
#      deleted, the trace is copied to another directory and replays there
#      (default guest lookup made impossible) with the recorded output;
#   2. a session with a disk, recorded without embedding: `pack` embeds
#      firmware, kernel, initrd and disk (twice is harmless), refuses an
#      image that changed since the recording, and once the images are
#      deleted the packed trace, moved elsewhere, replays (disk image in the
#      trace untouched) while an unpacked copy fails cleanly (exit 2).
# SPDX-License-Identifier: MIT
import hashlib
import os
import re
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True   # no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(__file__))
import replaylib as rl  # noqa: E402

tmp = rl.setup()
guest = os.environ["RVREPLAY_GUEST"]
help_text = subprocess.run([rl.RVREPLAY, "record", "--help"],
                           capture_output=True, text=True).stdout
m = re.search(r"\(default (/\S+)\)", help_text)
if m is None or not os.path.isfile(m.group(1)):
    print("no default firmware found in 'record --help'")
    sys.exit(rl.SKIP)
if "--embed-images" not in help_text:
    print("rvreplay record has no --embed-images")
    sys.exit(rl.SKIP)
firmware = m.group(1)
NOWHERE = os.path.join(tmp, "no-such-guest")


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def image_copies(name, disk=False):
    """Private copies of the images; returns (dir, record arguments,
    {kind: path})."""
    d = os.path.join(tmp, name)
    os.mkdir(d)
    paths = {"bios": shutil.copy(firmware, os.path.join(d, "fw.bin")),
             "kernel": shutil.copy(os.path.join(guest, "Image"), d),
             "initrd": shutil.copy(os.path.join(guest, "initramfs.cpio.gz"),
                                   d)}
    args = ["--bios", paths["bios"], "--kernel", paths["kernel"],
            "--initrd", paths["initrd"]]
    if disk:
        paths["disk"] = shutil.copy(os.path.join(guest, "disk.ext2"), d)
        args += ["--disk", paths["disk"]]
    return d, args, paths


def info(trace):
    p = subprocess.run([rl.RVREPLAY, "info", trace], capture_output=True,
                       text=True, timeout=60)
    rl.check(p.returncode == 0, f"info {trace}: exit {p.returncode}: "
             f"{p.stderr}")
    fields = {}
    for line in p.stdout.splitlines():
        k, _, v = line.partition("  ")
        fields.setdefault(k.strip(), v.strip())
    return p.stdout, fields


def manifest(trace):
    m = {}
    with open(os.path.join(trace, "manifest")) as f:
        for line in f:
            k, _, v = line.rstrip("\n").partition(" ")
            m.setdefault(k, v)
    return m


def check_images(trace, fields, paths, embedded):
    man = manifest(trace)
    for kind, path in paths.items():
        line = fields.get(kind, "")
        want = sha256(path) if os.path.exists(path) else man[kind + "-sha256"]
        rl.check(line.startswith(path + " ") and f"sha256 {want[:16]}" in line,
                 f"info's {kind} line {line!r}: expected {path}, sha256 "
                 f"{want[:16]}")
        rl.check(("(embedded)" in line) == embedded,
                 f"info's {kind} line {line!r}: embedded should be {embedded}")
        if embedded:
            rel = man.get(kind + "-embedded") or man.get(kind + "0-embedded")
            rl.check(rel is not None, f"manifest lacks {kind}-embedded")
            got = sha256(os.path.join(trace, rel))
            rl.check(got == man[kind + "-sha256"] == want,
                     f"embedded {kind} {rel}: sha256 {got}, manifest "
                     f"{man[kind + '-sha256']}")


def replay_elsewhere(trace, what):
    """Replays with the default guest unreachable."""
    saved = os.environ["RVREPLAY_GUEST"]
    os.environ["RVREPLAY_GUEST"] = NOWHERE
    try:
        return rl.replay(trace, timeout=300)
    finally:
        os.environ["RVREPLAY_GUEST"] = saved


def same_output(recorded, replayed, what):
    rec = rl.normalise(recorded)
    rep = rl.normalise(replayed)
    rl.check(rep.startswith(rec[:len(rec) - 200]) and len(rec) > 300,
             f"{what}: replay output differs from the recording:\n"
             f"recorded tail {rec[-300:]!r}\nreplayed tail {rep[-300:]!r}")


# ---- 1. info and --embed-images -------------------------------------------
imgs1, args1, paths1 = image_copies("images1")
trace1 = os.path.join(tmp, "embedded")
commands = [
    "echo info-$((6*7))",
    "sleep 1; echo slept",
    "head -c 16 /dev/urandom | od -x | head -1",
    "cat /proc/uptime",
]
typed = sum(len(c.encode()) + 1 for c in commands) + len(b"poweroff -f\n")
recorded1 = rl.record_session(trace1, commands,
                              extra_args=[*args1, "--embed-images"],
                              max_delay=0.5, timeout=300)
rl.check("info-42" in recorded1 and "slept" in recorded1,
         "the recorded session did not run the commands")
text, f = info(trace1)
print(text.rstrip())
man = manifest(trace1)
insns = int(f.get("instructions", "-1"))
rl.check(insns > 0 and insns == int(man["instructions"]),
         f"info instructions {f.get('instructions')}, manifest "
         f"{man.get('instructions')}")
gt = re.fullmatch(r"([\d.]+) s", f.get("guest time", ""))
rl.check(gt is not None and 1.0 <= float(gt.group(1)) and
         abs(float(gt.group(1)) - int(man["guest-ns"]) / 1e9) < 0.001,
         f"info guest time {f.get('guest time')!r}, manifest "
         f"{man.get('guest-ns')} ns (the session slept 1 s)")
events = {k: (int(n), int(b)) for k, n, b in
          re.findall(r"([\w-]+) (\d+) \((\d+) B\)", f.get("events", ""))}
rl.check(events.get("console-in", (0, 0))[1] == typed,
         f"info says console-in {events.get('console-in')}, {typed} bytes "
         "were typed")
rl.check(events.get("end", (0, 0))[0] == 1 and
         all(n > 0 for n, _ in events.values()),
         f"info's events {events}")
lg = re.fullmatch(r"(\d+) bytes in (\d+) chunks, about (\d+) bytes of events"
                  r" \(compression ([\d.]+)x\)", f.get("log", ""))
rl.check(lg is not None, f"info's log line {f.get('log')!r}")
log_bytes, chunks, raw, ratio = (int(lg.group(1)), int(lg.group(2)),
                                 int(lg.group(3)), float(lg.group(4)))
size = os.path.getsize(os.path.join(trace1, "events"))
rl.check(log_bytes == size == int(man["log-bytes"]),
         f"info says {log_bytes} log bytes, the file has {size}, the "
         f"manifest {man.get('log-bytes')}")
rl.check(chunks == int(man["log-chunks"]) and chunks >= 1,
         f"info says {chunks} chunks, the manifest {man.get('log-chunks')}")
rl.check(raw >= sum(b for _, b in events.values()) and
         abs(ratio - raw / log_bytes) <= 0.051,
         f"compression {ratio}x for {raw} of {log_bytes} bytes; event "
         f"bytes {sum(b for _, b in events.values())}")
rl.check(f.get("status") == "poweroff" and
         "all chunks intact" in f.get("integrity", ""),
         f"status {f.get('status')!r}, integrity {f.get('integrity')!r}")
check_images(trace1, f, paths1, embedded=True)

rc, out, err = rl.replay(trace1)
done = re.search(r"replay complete: (\d+) instructions", err)
rl.check(rc == 0 and done is not None and int(done.group(1)) == insns,
         f"replay in place: exit {rc}, {err[-1000:]} (info says {insns} "
         "instructions)")
shutil.rmtree(imgs1)
moved1 = os.path.join(tmp, "elsewhere", "copied")
shutil.copytree(trace1, moved1)
rc, out, err = replay_elsewhere(moved1, "embedded")
print(f"--embed-images trace copied elsewhere, images deleted: exit {rc}: "
      f"{err.strip().splitlines()[-1:]}")
rl.check(rc == 0 and "final state matches" in err,
         f"the embedded trace does not replay elsewhere: exit {rc}: "
         f"{err[-2000:]}")
same_output(recorded1, out, "embedded")

# ---- 2. pack ----------------------------------------------------------------
imgs2, args2, paths2 = image_copies("images2", disk=True)
trace2 = os.path.join(tmp, "unpacked")
commands2 = [
    "dd if=/dev/vda bs=4096 skip=1 count=1 2>/dev/null | md5sum",
    "echo packed-write-$((6*7)) | dd of=/dev/vda bs=4096 seek=100 "
    "conv=notrunc 2>/dev/null; sync; echo 3 > /proc/sys/vm/drop_caches",
    "dd if=/dev/vda bs=4096 skip=100 count=1 2>/dev/null | head -1",
]
recorded2 = rl.record_session(trace2, commands2, extra_args=args2,
                              max_delay=0.5, timeout=300)
rl.check("packed-write-42" in recorded2,
         "the disk write/read-back did not work")
disk_sha = sha256(paths2["disk"])
rl.check(disk_sha == manifest(trace2)["disk-sha256"],
         "recording modified the disk image")
_, f = info(trace2)
check_images(trace2, f, paths2, embedded=False)
copy2 = os.path.join(tmp, "unpacked-copy")
shutil.copytree(trace2, copy2)

p = subprocess.run([rl.RVREPLAY, "pack", trace2], capture_output=True,
                   text=True, timeout=120)
print(f"pack: exit {p.returncode}: {(p.stdout + p.stderr).strip()}")
rl.check(p.returncode == 0, "pack failed")
_, f = info(trace2)
check_images(trace2, f, paths2, embedded=True)
p = subprocess.run([rl.RVREPLAY, "pack", trace2], capture_output=True,
                   text=True, timeout=120)
rl.check(p.returncode == 0, f"packing twice: exit {p.returncode}: "
         f"{p.stderr}")

# A kernel that changed since the recording is refused.
with open(paths2["kernel"], "r+b") as fk:
    fk.seek(4096)
    b = fk.read(1)
    fk.seek(4096)
    fk.write(bytes([b[0] ^ 1]))
before = open(os.path.join(copy2, "manifest")).read()
p = subprocess.run([rl.RVREPLAY, "pack", copy2], capture_output=True,
                   text=True, timeout=120)
print(f"pack with a changed kernel: exit {p.returncode}: {p.stderr.strip()}")
rl.check(p.returncode == 2 and "changed" in p.stderr,
         "pack accepted a kernel that changed since the recording")
rl.check(open(os.path.join(copy2, "manifest")).read() == before,
         "a failed pack changed the manifest")

shutil.rmtree(imgs2)
rc, out, err = replay_elsewhere(copy2, "unpacked")
print(f"unpacked trace, images deleted: exit {rc}: {err.strip()[-200:]}")
rl.check(rc == 2 and (paths2["bios"] in err or paths2["kernel"] in err),
         f"unpacked trace without images: exit {rc}, {err[-1000:]}")

moved2 = os.path.join(tmp, "elsewhere", "packed")
shutil.move(trace2, moved2)
rc, out, err = replay_elsewhere(moved2, "packed")
print(f"packed trace moved elsewhere, images deleted: exit {rc}: "
      f"{err.strip().splitlines()[-1:]}")
rl.check(rc == 0 and "final state matches" in err,
         f"the packed trace does not replay elsewhere: exit {rc}: "
         f"{err[-2000:]}")
same_output(recorded2, out, "packed")
rl.check("packed-write-42" in out, "replay lacks the disk read-back")
_, f = info(moved2)
man2 = manifest(moved2)
rl.check(sha256(os.path.join(moved2, man2["disk-embedded"]
                             if "disk-embedded" in man2
                             else man2["disk0-embedded"])) == disk_sha,
         "replay modified the embedded disk image")
shutil.rmtree(tmp, ignore_errors=True)
print("info, --embed-images and pack behave")
