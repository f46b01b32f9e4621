# Compares the per-sequence dump lines of QEMU and rvreplay for one program.
# SPDX-License-Identifier: MIT
#
# usage: awk -v seed=S -v detail=N [-v nseq_opt=K] -f compare.awk QEMU RVREPLAY
# (nseq_opt: sequences per program, for the printed repro command)
# Prints one block per mismatching sequence (the first `detail` of them in
# full, the rest as one line each) and a final machine-readable line:
#   RESULT seed=S sequences=N match=M mismatch=K
# Lines look like "S0003 trap=0 mcause=.. mepc=.. mtval=.. x01=.. f00=..
# fcsr=.. m00=<32 bytes> .. me0=..", see rvgen.c.

function hexbyte(s, i) {
    return substr(s, 2 * i + 1, 2)
}

# Describes the difference between two m<off> fields (32 bytes each).
function memdiff(name, a, b,    off, i, first, last, n) {
    off = 0
    for (i = 1; i <= 2; i++) {
        off = off * 16 + index("0123456789abcdef", substr(name, i + 1, 1)) - 1
    }
    first = -1
    n = 0
    for (i = 0; i < 32; i++) {
        if (hexbyte(a, i) != hexbyte(b, i)) {
            if (first < 0) {
                first = i
            }
            last = i
            n++
        }
    }
    return sprintf("    mem[0x%02x..0x%02x] (%d bytes differ; buffer " \
                   "offset, base reg = buf+0x80, sp = buf):\n" \
                   "      qemu     = %s\n      rvreplay = %s",
                   off + first, off + last, n,
                   substr(a, 2 * first + 1, 2 * (last - first + 1)),
                   substr(b, 2 * first + 1, 2 * (last - first + 1)))
}

FNR == 1 {
    fileno++
}

/^S[0-9a-f][0-9a-f][0-9a-f][0-9a-f] / {
    if (fileno == 1) {
        qline[$1] = $0
        order[++nseq] = $1
    } else {
        rline[$1] = $0
    }
}

END {
    mismatch = 0
    for (k = 1; k <= nseq; k++) {
        s = order[k]
        if (!(s in rline)) {
            mismatch++
            printf "seed %s seq %d: missing from rvreplay output\n",
                   seed, ("0x" substr(s, 2)) + 0
            continue
        }
        if (qline[s] == rline[s]) {
            continue
        }
        mismatch++
        nq = split(qline[s], qf, " ")
        nr = split(rline[s], rf, " ")
        seqno = 0
        for (i = 2; i <= 5; i++) {
            seqno = seqno * 16 + index("0123456789abcdef",
                                       substr(s, i, 1)) - 1
        }
        if (mismatch > detail) {
            names = ""
            for (i = 2; i <= nq && i <= nr; i++) {
                if (qf[i] != rf[i]) {
                    split(qf[i], kv, "=")
                    names = names " " kv[1]
                }
            }
            printf "seed %s seq %d: differs in%s\n", seed, seqno, names
            continue
        }
        printf "seed %s seq %d: MISMATCH\n", seed, seqno
        if (nq != nr) {
            printf "    field count differs: qemu %d, rvreplay %d\n", nq, nr
        }
        for (i = 2; i <= nq && i <= nr; i++) {
            if (qf[i] == rf[i]) {
                continue
            }
            split(qf[i], qkv, "=")
            split(rf[i], rkv, "=")
            if (substr(qkv[1], 1, 1) == "m" && qkv[1] != "mcause" &&
                qkv[1] != "mepc" && qkv[1] != "mtval") {
                print memdiff(qkv[1], qkv[2], rkv[2])
            } else {
                printf "    %-7s qemu=%s rvreplay=%s\n", qkv[1] ":",
                       qkv[2], rkv[2]
            }
        }
        printf "    reproduce: tests/diff/repro.sh %s %d%s\n", seed, seqno,
               (nseq_opt != "" && nseq_opt != 32) ? " -k " nseq_opt : ""
    }
    for (s in rline) {
        if (!(s in qline)) {
            mismatch++
            printf "seed %s: rvreplay printed an extra line for %s\n", seed, s
        }
    }
    printf "RESULT seed=%s sequences=%d match=%d mismatch=%d\n",
           seed, nseq, nseq - (mismatch > nseq ? nseq : mismatch), mismatch
}
