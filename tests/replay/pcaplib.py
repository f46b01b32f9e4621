# tests/replay/pcaplib.py - a small pcap reader for the record/replay tests.
# SPDX-License-Identifier: MIT
"""Reads a classic pcap file (magic 0xa1b2c3d4 = microsecond timestamps,
0xa1b23c4d = nanosecond timestamps, either byte order), checks its
structure, decodes Ethernet / IPv4 / TCP headers and reassembles the bytes
of one direction of a TCP connection.  No dependencies beyond Python.

    frames = read_pcap("trace/net.pcap")     # raises PcapError if malformed
    for f in frames: f.ts_ns, f.data, f.eth, f.ip, f.tcp
    data = tcp_stream(frames, src=("10.0.2.2", 8000))   # bytes

Command line: python3 pcaplib.py FILE.pcap prints a one-line summary per
frame and the totals."""

import struct
import sys

MAGIC_US = 0xa1b2c3d4
MAGIC_NS = 0xa1b23c4d
LINKTYPE_ETHERNET = 1
ETH_IPV4 = 0x0800
ETH_ARP = 0x0806
ETH_IPV6 = 0x86dd
IP_TCP = 6
IP_UDP = 17
IP_ICMP = 1


class PcapError(Exception):
    """The file is not a well-formed pcap file."""


class Frame:
    """One captured frame with its decoded headers (None where absent)."""

    def __init__(self, index, ts_ns, data, orig_len):
        self.index = index
        self.ts_ns = ts_ns
        self.data = data            # captured bytes
        self.orig_len = orig_len    # length on the wire
        self.eth = None             # (dst mac, src mac, ethertype)
        self.ip = None              # dict: src, dst, proto, payload
        self.tcp = None             # dict: sport, dport, seq, ack, flags, payload

    def __repr__(self):
        return "Frame(%d, %d ns, %d bytes)" % (self.index, self.ts_ns,
                                               len(self.data))


def mac_str(b):
    return ":".join("%02x" % x for x in b)


def ip_str(b):
    return ".".join(str(x) for x in b)


def read_pcap(path):
    """Reads and structurally checks a pcap file; returns (header dict,
    list of Frame).  Raises PcapError on any malformation."""
    with open(path, "rb") as f:
        blob = f.read()
    if len(blob) < 24:
        raise PcapError("%s: %d bytes, shorter than the global header"
                        % (path, len(blob)))
    magic_le = struct.unpack_from("<I", blob, 0)[0]
    magic_be = struct.unpack_from(">I", blob, 0)[0]
    if magic_le in (MAGIC_US, MAGIC_NS):
        end, magic = "<", magic_le
    elif magic_be in (MAGIC_US, MAGIC_NS):
        end, magic = ">", magic_be
    else:
        raise PcapError("%s: bad magic 0x%08x" % (path, magic_le))
    vmaj, vmin, _tz, _sig, snaplen, linktype = struct.unpack_from(
        end + "HHiIII", blob, 4)
    header = {"magic": magic, "nanoseconds": magic == MAGIC_NS,
              "version": (vmaj, vmin), "snaplen": snaplen,
              "linktype": linktype, "byteorder": end}
    if (vmaj, vmin) != (2, 4):
        raise PcapError("%s: version %d.%d, expected 2.4" % (path, vmaj, vmin))
    if linktype != LINKTYPE_ETHERNET:
        raise PcapError("%s: link type %d, expected Ethernet (1)"
                        % (path, linktype))
    frac_scale = 1 if magic == MAGIC_NS else 1000
    frac_limit = 10**9 if magic == MAGIC_NS else 10**6
    frames = []
    off = 24
    while off < len(blob):
        if off + 16 > len(blob):
            raise PcapError("%s: record header %d truncated at offset %d"
                            % (path, len(frames), off))
        sec, frac, incl, orig = struct.unpack_from(end + "IIII", blob, off)
        off += 16
        where = "%s: frame %d (offset %d)" % (path, len(frames), off - 16)
        if frac >= frac_limit:
            raise PcapError("%s: fractional timestamp %d out of range"
                            % (where, frac))
        if incl > snaplen or incl > orig:
            raise PcapError("%s: captured length %d (original %d, snaplen "
                            "%d)" % (where, incl, orig, snaplen))
        if off + incl > len(blob):
            raise PcapError("%s: data truncated (%d of %d bytes)"
                            % (where, len(blob) - off, incl))
        fr = Frame(len(frames), sec * 10**9 + frac * frac_scale,
                   blob[off:off + incl], orig)
        off += incl
        decode(fr)
        frames.append(fr)
    return header, frames


def decode(fr):
    """Fills fr.eth, fr.ip and fr.tcp as far as the headers are present
    and well-formed."""
    d = fr.data
    if len(d) < 14:
        return
    fr.eth = (d[0:6], d[6:12], struct.unpack_from(">H", d, 12)[0])
    if fr.eth[2] != ETH_IPV4 or len(d) < 14 + 20:
        return
    ip = d[14:]
    ver_ihl = ip[0]
    ihl = (ver_ihl & 15) * 4
    total = struct.unpack_from(">H", ip, 2)[0]
    if ver_ihl >> 4 != 4 or ihl < 20 or total < ihl or total > len(ip):
        return
    frag = struct.unpack_from(">H", ip, 6)[0]
    fr.ip = {"src": ip_str(ip[12:16]), "dst": ip_str(ip[16:20]),
             "proto": ip[9], "fragment": frag & 0x3fff,
             "payload": ip[ihl:total]}
    if fr.ip["proto"] != IP_TCP or fr.ip["fragment"]:
        return
    t = fr.ip["payload"]
    if len(t) < 20:
        return
    sport, dport, seq, ack, off_flags = struct.unpack_from(">HHIIH", t, 0)
    doff = (off_flags >> 12) * 4
    if doff < 20 or doff > len(t):
        return
    fr.tcp = {"sport": sport, "dport": dport, "seq": seq, "ack": ack,
              "flags": off_flags & 0x1ff, "payload": t[doff:]}


SYN = 0x02
FIN = 0x01
RST = 0x04


def tcp_segments(frames, src=None, dst=None):
    """TCP frames whose (ip, port) source / destination match (None =
    any; an address of None or a port of None = any)."""
    def match(want, ip, port):
        if want is None:
            return True
        wip, wport = want
        return (wip is None or wip == ip) and (wport is None or wport == port)
    return [f for f in frames if f.tcp is not None and
            match(src, f.ip["src"], f.tcp["sport"]) and
            match(dst, f.ip["dst"], f.tcp["dport"])]


def tcp_stream(frames, src=None, dst=None):
    """Reassembles the bytes sent by one direction of one TCP connection
    (the first SYN matching src/dst), in sequence order, ignoring
    retransmitted data.  Raises PcapError on a hole."""
    segs = tcp_segments(frames, src, dst)
    syns = [f for f in segs if f.tcp["flags"] & SYN]
    if not syns:
        raise PcapError("no SYN from %s to %s" % (src, dst))
    first = syns[0]
    key = (first.ip["src"], first.tcp["sport"], first.ip["dst"],
           first.tcp["dport"])
    isn = first.tcp["seq"]
    pieces = {}
    for f in segs:
        if (f.ip["src"], f.tcp["sport"], f.ip["dst"], f.tcp["dport"]) != key:
            continue
        p = f.tcp["payload"]
        if not p:
            continue
        rel = (f.tcp["seq"] - isn - 1) % (1 << 32)
        if rel > (1 << 31):
            continue   # before the SYN: another connection on these ports
        if len(pieces.get(rel, b"")) < len(p):
            pieces[rel] = p
    out = bytearray()
    for rel in sorted(pieces):
        p = pieces[rel]
        if rel > len(out):
            raise PcapError("hole in the TCP stream %s at byte %d (next "
                            "segment at %d)" % (key, len(out), rel))
        if rel + len(p) > len(out):
            out += p[len(out) - rel:]
    return bytes(out)


def http_body(stream):
    """Splits an HTTP response into (status line, headers dict, body);
    checks Content-Length if present."""
    head, sep, body = stream.partition(b"\r\n\r\n")
    if not sep:
        raise PcapError("no end of HTTP headers in %d bytes" % len(stream))
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    if "content-length" in headers:
        n = int(headers["content-length"])
        if len(body) < n:
            raise PcapError("HTTP body has %d of %d bytes" % (len(body), n))
        body = body[:n]
    return lines[0], headers, body


def summary(fr):
    if fr.eth is None:
        return "%d bytes (no Ethernet header)" % len(fr.data)
    s = "%s > %s type 0x%04x" % (mac_str(fr.eth[1]), mac_str(fr.eth[0]),
                                 fr.eth[2])
    if fr.tcp is not None:
        s = "%s:%d > %s:%d TCP flags 0x%03x seq %d len %d" % (
            fr.ip["src"], fr.tcp["sport"], fr.ip["dst"], fr.tcp["dport"],
            fr.tcp["flags"], fr.tcp["seq"], len(fr.tcp["payload"]))
    elif fr.ip is not None:
        s = "%s > %s proto %d len %d" % (fr.ip["src"], fr.ip["dst"],
                                         fr.ip["proto"], len(fr.ip["payload"]))
    return s


def main(argv):
    if len(argv) != 1:
        print("usage: pcaplib.py FILE.pcap", file=sys.stderr)
        return 2
    try:
        header, frames = read_pcap(argv[0])
    except (OSError, PcapError) as e:
        print("pcaplib: %s" % e, file=sys.stderr)
        return 1
    try:
        for fr in frames:
            print("%5d %d.%09d %s" % (fr.index, fr.ts_ns // 10**9,
                                      fr.ts_ns % 10**9, summary(fr)))
        print("%d frames, %d bytes, %s timestamps" % (
            len(frames), sum(len(f.data) for f in frames),
            "ns" if header["nanoseconds"] else "us"))
    except BrokenPipeError:   # e.g. piped into head
        sys.stderr.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
