/* Physical memory protection (PMP): 16 entries, TOR/NA4/NAPOT, 4-byte grain.
 * SPDX-License-Identifier: MIT */
#include "cpu/cpu_internal.h"

enum { PMP_R = 1, PMP_W = 2, PMP_X = 4, PMP_L = 0x80 };
enum { PMP_OFF = 0, PMP_TOR = 1, PMP_NA4 = 2, PMP_NAPOT = 3 };

/* Region [lo, hi] (inclusive) of entry i; false if the entry is off or
 * empty. */
static bool pmp_range(const Hart *h, unsigned i, uint64_t *lo, uint64_t *hi)
{
    uint64_t a = h->pmpaddr[i];
    switch ((h->pmpcfg[i] >> 3) & 3) {
    case PMP_TOR: {
        uint64_t start = i ? h->pmpaddr[i - 1] << 2 : 0;
        uint64_t end = a << 2;
        if (end <= start) {
            return false;
        }
        *lo = start;
        *hi = end - 1;
        return true;
    }
    case PMP_NA4:
        *lo = a << 2;
        *hi = *lo + 3;
        return true;
    case PMP_NAPOT: {
        unsigned t = (unsigned)__builtin_ctzll(~a); /* trailing ones */
        if (t >= 54) {
            *lo = 0;
            *hi = UINT64_MAX;
            return true;
        }
        *lo = (a & ~((1ULL << t) - 1)) << 2;
        *hi = *lo + (1ULL << (t + 3)) - 1;
        return true;
    }
    default:
        return false;
    }
}

static int acc_bit(int acc)
{
    return acc == ACC_READ ? PMP_R : acc == ACC_WRITE ? PMP_W : PMP_X;
}

void pmp_update(Hart *h)
{
    h->pmp_nrules = 0;
    for (unsigned i = 0; i < 16; i++) {
        uint64_t lo, hi;
        if (pmp_range(h, i, &lo, &hi)) {
            h->pmp_rules[h->pmp_nrules].lo = lo;
            h->pmp_rules[h->pmp_nrules].hi = hi;
            h->pmp_rules[h->pmp_nrules].cfg = h->pmpcfg[i];
            h->pmp_nrules++;
        }
    }
}

bool pmp_check(const Hart *h, uint64_t pa, uint64_t len, int acc,
               unsigned priv)
{
    uint64_t last = pa + len - 1;
    if (priv == PRV_M && h->pmp_nrules == 0) {
        return true;
    }
    for (unsigned i = 0; i < h->pmp_nrules; i++) {
        uint64_t lo = h->pmp_rules[i].lo, hi = h->pmp_rules[i].hi;
        if (last < lo || pa > hi) {
            continue; /* no byte of the access in this entry */
        }
        if (pa < lo || last > hi) {
            return false; /* partially covered accesses always fail */
        }
        if (priv == PRV_M && !(h->pmp_rules[i].cfg & PMP_L)) {
            return true;
        }
        return (h->pmp_rules[i].cfg & acc_bit(acc)) != 0;
    }
    /* No match: M-mode succeeds, S/U fail since PMP is implemented. */
    return priv == PRV_M;
}

bool pmp_page_uniform(const Hart *h, uint64_t pa_page, int acc,
                      unsigned priv)
{
    uint64_t last = pa_page + PAGE_SIZE - 1;
    if (priv == PRV_M && h->pmp_nrules == 0) {
        return true;
    }
    for (unsigned i = 0; i < h->pmp_nrules; i++) {
        uint64_t lo = h->pmp_rules[i].lo, hi = h->pmp_rules[i].hi;
        bool contains = lo <= pa_page && hi >= last;
        bool disjoint = hi < pa_page || lo > last;
        if (!contains && !disjoint) {
            return false;
        }
    }
    return pmp_check(h, pa_page, PAGE_SIZE, acc, priv);
}
