#!/usr/bin/env python3
# Lists the source lines with the highest self cost in a callgrind profile.
# SPDX-License-Identifier: MIT
#
# rvreplay's interpreter inlines its instruction handlers into one dispatch
# function, so callgrind_annotate's per-function table is one line long;
# this aggregates self cost (Ir) per file:line instead, across inlining,
# which shows which handlers and which parts of the dispatch are hot.
# Usage: callgrind_lines.py CALLGRIND_OUT [TOP] [FILTER]
#   FILTER keeps only files whose path contains it (default "src/").
import collections
import os
import re
import sys

NAME_RE = re.compile(r"^\((\d+)\)(?: (.*))?$")


def parse(path):
    names = {}  # compressed-name id -> name, per kind (fl/fn/ob share ids)
    cost = collections.Counter()
    total = 0
    cur_file = "???"
    line = 0
    skip_next = False  # the cost line after calls= is inclusive call cost
    with open(path, errors="replace") as f:
        for raw in f:
            s = raw.strip()
            if not s or s.startswith("#"):
                continue
            if s[0].isdigit() or s[0] in "+-*":
                parts = s.split()
                pos = parts[0]
                if pos == "*":
                    pass
                elif pos[0] in "+-":
                    line += int(pos)
                else:
                    line = int(pos)
                if skip_next:
                    skip_next = False
                    continue
                ir = int(parts[1]) if len(parts) > 1 else 0
                cost[(cur_file, line)] += ir
                total += ir
                continue
            key, _, value = s.partition("=")
            if key in ("fl", "fi", "fe"):
                m = NAME_RE.match(value)
                if m:
                    if m.group(2) is not None:
                        names[("file", m.group(1))] = m.group(2)
                    cur_file = names.get(("file", m.group(1)), "???")
                else:
                    cur_file = value
            elif key in ("cfi", "cfl"):
                m = NAME_RE.match(value)
                if m and m.group(2) is not None:
                    names[("file", m.group(1))] = m.group(2)
            elif key == "calls":
                skip_next = True
    return cost, total


def source_line(path, line):
    try:
        with open(path, errors="replace") as f:
            for i, text in enumerate(f, 1):
                if i == line:
                    return text.strip()[:70]
    except OSError:
        pass
    return ""


def main():
    if len(sys.argv) < 2:
        print("usage: callgrind_lines.py CALLGRIND_OUT [TOP] [FILTER]",
              file=sys.stderr)
        return 2
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    filt = sys.argv[3] if len(sys.argv) > 3 else "src/"
    cost, total = parse(sys.argv[1])
    # The same file can appear as an absolute and a relative path (debug
    # info vs. inlined-from records); merge them relative to the cwd.
    merged = collections.Counter()
    for (f, ln), ir in cost.items():
        if os.path.isabs(f) and f.startswith(os.getcwd() + os.sep):
            f = os.path.relpath(f)
        merged[(f, ln)] += ir
    rows = [(ir, f, ln) for (f, ln), ir in merged.items() if filt in f]
    rows.sort(key=lambda r: (-r[0], r[1], r[2]))
    print(f"{total:,} Ir in total; top lines by self cost:")
    for ir, f, ln in rows[:top]:
        pct = 100.0 * ir / total if total else 0.0
        print(f"{ir:>14,} {pct:5.1f}%  {f}:{ln}  {source_line(f, ln)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
