/* virtio-mmio transport (version 2) and split virtqueues, validating every
 * value the guest supplies.
 * SPDX-License-Identifier: MIT */
#include "machine/virtio.h"

#include "machine/machine_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* Register offsets (virtio 1.x, 4.2.2 "MMIO Device Register Layout"). */
enum {
    REG_MAGIC = 0x000,
    REG_VERSION = 0x004,
    REG_DEVICE_ID = 0x008,
    REG_VENDOR_ID = 0x00c,
    REG_DEVICE_FEATURES = 0x010,
    REG_DEVICE_FEATURES_SEL = 0x014,
    REG_DRIVER_FEATURES = 0x020,
    REG_DRIVER_FEATURES_SEL = 0x024,
    REG_QUEUE_SEL = 0x030,
    REG_QUEUE_NUM_MAX = 0x034,
    REG_QUEUE_NUM = 0x038,
    REG_QUEUE_READY = 0x044,
    REG_QUEUE_NOTIFY = 0x050,
    REG_INTERRUPT_STATUS = 0x060,
    REG_INTERRUPT_ACK = 0x064,
    REG_STATUS = 0x070,
    REG_QUEUE_DESC_LOW = 0x080,
    REG_QUEUE_DESC_HIGH = 0x084,
    REG_QUEUE_DRIVER_LOW = 0x090,
    REG_QUEUE_DRIVER_HIGH = 0x094,
    REG_QUEUE_DEVICE_LOW = 0x0a0,
    REG_QUEUE_DEVICE_HIGH = 0x0a4,
    REG_CONFIG_GENERATION = 0x0fc,
    REG_CONFIG = 0x100,
};

#define VIRTIO_MMIO_MAGIC 0x74726976u  /* "virt" */
#define VIRTIO_MMIO_VERSION 2u
#define VIRTIO_VENDOR_ID 0x554d4551u   /* "QEMU", what Linux sees on QEMU */

/* Device status bits (2.1). */
enum {
    STATUS_ACKNOWLEDGE = 1,
    STATUS_DRIVER = 2,
    STATUS_DRIVER_OK = 4,
    STATUS_FEATURES_OK = 8,
    STATUS_NEEDS_RESET = 64,
    STATUS_FAILED = 128,
};

/* Interrupt status bits (4.2.2). */
enum {
    ISR_USED_BUFFER = 1,
    ISR_CONFIG_CHANGE = 2,
};

/* Split virtqueue layout (2.7). */
enum {
    DESC_F_NEXT = 1,
    DESC_F_WRITE = 2,
    DESC_F_INDIRECT = 4,
    AVAIL_F_NO_INTERRUPT = 1,
};
#define DESC_SIZE 16u

typedef struct VirtQueue {
    uint32_t num;        /* size written by the driver */
    bool ready;
    uint64_t desc;       /* descriptor table (guest physical) */
    uint64_t avail;      /* driver area */
    uint64_t used;       /* device area */
    uint16_t last_avail; /* next available-ring slot the device takes */
    uint16_t used_idx;   /* the device's copy of used->idx */
} VirtQueue;

struct VirtioDev {
    Machine *m;
    PhysMem *mem;
    uint64_t base;
    IrqLine irq;
    const VirtioDevOps *ops; /* NULL: empty slot */
    void *opaque;

    uint64_t offered;        /* transport + device feature bits */
    uint64_t accepted;       /* written by the driver */
    uint32_t dev_feat_sel, drv_feat_sel, queue_sel;
    uint32_t status;
    uint32_t isr;
    uint32_t config_gen;
    VirtQueue q[VIRTIO_MAX_QUEUES];
    uint8_t config[VIRTIO_CONFIG_MAX];
};

static const char *dev_name(const VirtioDev *d)
{
    return d->ops ? d->ops->name : "empty";
}

static void update_irq(VirtioDev *d)
{
    irq_set(&d->irq, d->isr != 0);
}

static void vdevice_error(VirtioDev *d, const char *fmt, va_list ap)
{
    char msg[256];
    if (d->status & STATUS_NEEDS_RESET) {
        return; /* one warning per incident */
    }
    vsnprintf(msg, sizeof msg, fmt, ap);
    base_warn("virtio-%s at %#llx: %s; device needs reset", dev_name(d),
              (unsigned long long)d->base, msg);
    d->status |= STATUS_NEEDS_RESET;
    d->isr |= ISR_CONFIG_CHANGE;
    update_irq(d);
}

void virtio_device_error(VirtioDev *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vdevice_error(d, fmt, ap);
    va_end(ap);
}

/* Same as virtio_device_error, for `return fail(...)` in validators. */
static bool PRINTF_LIKE(2, 3) fail(VirtioDev *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vdevice_error(d, fmt, ap);
    va_end(ap);
    return false;
}

static void reset(VirtioDev *d)
{
    d->accepted = 0;
    d->dev_feat_sel = d->drv_feat_sel = d->queue_sel = 0;
    d->status = 0;
    d->isr = 0;
    memset(d->q, 0, sizeof d->q);
    update_irq(d);
    if (d->ops && d->ops->reset) {
        d->ops->reset(d->opaque);
    }
}

void virtio_reset(VirtioDev *d)
{
    reset(d);
}

uint32_t virtio_device_id(const VirtioDev *d)
{
    return d->ops ? d->ops->device_id : 0;
}

void *virtio_opaque(const VirtioDev *d) { return d->opaque; }
uint8_t *virtio_config(VirtioDev *d) { return d->config; }
uint64_t virtio_driver_features(const VirtioDev *d) { return d->accepted; }

bool virtio_running(const VirtioDev *d)
{
    return (d->status & (STATUS_DRIVER_OK | STATUS_NEEDS_RESET)) ==
           STATUS_DRIVER_OK;
}

bool virtio_queue_usable(const VirtioDev *d, unsigned q)
{
    return d->ops && q < d->ops->num_queues && d->q[q].ready &&
           virtio_running(d);
}

/* ---- rings ---- */

static bool read_u16(VirtioDev *d, uint64_t pa, uint16_t *v)
{
    return physmem_read(d->mem, pa, v, 2);
}

static bool ranges_overlap(uint64_t a, uint64_t alen, uint64_t b,
                           uint64_t blen)
{
    return alen > 0 && blen > 0 && a < b + blen && b < a + alen;
}

static uint64_t desc_bytes(uint32_t num) { return (uint64_t)DESC_SIZE * num; }
static uint64_t avail_bytes(uint32_t num) { return 6 + 2 * (uint64_t)num; }
static uint64_t used_bytes(uint32_t num) { return 6 + 8 * (uint64_t)num; }

/* QueueReady = 1: the queue's geometry must be usable as a whole, so that
 * ring accesses later can only fail if RAM itself changed (it cannot). */
static bool check_queue(VirtioDev *d, unsigned qi)
{
    VirtQueue *q = &d->q[qi];
    uint32_t n = q->num;
    if (n == 0 || n > VIRTIO_QUEUE_MAX || (n & (n - 1)) != 0) {
        return fail(d, "queue %u: size %u is not a power of two in 1..%u",
                    qi, n, VIRTIO_QUEUE_MAX);
    }
    if ((q->desc & 15) || (q->avail & 1) || (q->used & 3)) {
        return fail(d, "queue %u: misaligned rings (desc %#llx, avail "
                       "%#llx, used %#llx)", qi, (unsigned long long)q->desc,
                    (unsigned long long)q->avail,
                    (unsigned long long)q->used);
    }
    if (!physmem_is_ram(d->mem, q->desc, desc_bytes(n)) ||
        !physmem_is_ram(d->mem, q->avail, avail_bytes(n)) ||
        !physmem_is_ram(d->mem, q->used, used_bytes(n))) {
        return fail(d, "queue %u: rings outside RAM (desc %#llx, avail "
                       "%#llx, used %#llx, size %u)", qi,
                    (unsigned long long)q->desc,
                    (unsigned long long)q->avail,
                    (unsigned long long)q->used, n);
    }
    if (ranges_overlap(q->used, used_bytes(n), q->desc, desc_bytes(n)) ||
        ranges_overlap(q->used, used_bytes(n), q->avail, avail_bytes(n))) {
        return fail(d, "queue %u: the used ring overlaps the descriptor "
                       "table or the available ring", qi);
    }
    return true;
}

/* A device-writable buffer must not overlap anything else the device
 * reads or writes for this request: results would depend on the order of
 * the device's accesses, which is nobody's contract. */
static bool check_overlaps(VirtioDev *d, const VirtQueue *q, unsigned qi,
                           const VirtioReq *r, uint64_t itable,
                           uint64_t ilen)
{
    unsigned n = r->nread + r->nwrite;
    for (unsigned w = r->nread; w < n; w++) {
        const VirtioSeg *s = &r->seg[w];
        if (ranges_overlap(s->addr, s->len, q->desc, desc_bytes(q->num)) ||
            ranges_overlap(s->addr, s->len, q->avail, avail_bytes(q->num)) ||
            ranges_overlap(s->addr, s->len, q->used, used_bytes(q->num)) ||
            ranges_overlap(s->addr, s->len, itable, ilen)) {
            return fail(d, "queue %u: writable buffer %#llx+%u overlaps the "
                           "queue's rings", qi, (unsigned long long)s->addr,
                        s->len);
        }
        for (unsigned j = 0; j < n; j++) {
            const VirtioSeg *o = &r->seg[j];
            if (j != w && ranges_overlap(s->addr, s->len, o->addr, o->len)) {
                return fail(d, "queue %u: writable buffer %#llx+%u overlaps "
                               "buffer %#llx+%u of the same request", qi,
                            (unsigned long long)s->addr, s->len,
                            (unsigned long long)o->addr, o->len);
            }
        }
    }
    return true;
}

/* Walks the chain starting at descriptor `head` into r. */
static bool walk_chain(VirtioDev *d, unsigned qi, uint16_t head,
                       VirtioReq *r)
{
    VirtQueue *q = &d->q[qi];
    uint64_t table = q->desc;
    uint32_t table_size = q->num;
    uint64_t itable = 0, ilen = 0;
    uint32_t idx = head;
    uint32_t visited = 0;
    bool indirect = false;

    r->queue = qi;
    r->head = head;
    r->nread = r->nwrite = 0;
    r->read_len = r->write_len = 0;
    for (;;) {
        uint8_t raw[DESC_SIZE];
        if (++visited > table_size) {
            return fail(d, "queue %u: descriptor chain from %u loops or is "
                           "longer than its table (%u entries)", qi, head,
                        table_size);
        }
        if (!physmem_read(d->mem, table + (uint64_t)DESC_SIZE * idx, raw,
                          DESC_SIZE)) {
            return fail(d, "queue %u: descriptor %u outside RAM", qi, idx);
        }
        uint64_t addr = load_le(raw, 8);
        uint32_t len = (uint32_t)load_le(raw + 8, 4);
        uint16_t flags = (uint16_t)load_le(raw + 12, 2);
        uint16_t next = (uint16_t)load_le(raw + 14, 2);

        if (flags & DESC_F_INDIRECT) {
            if (indirect) {
                return fail(d, "queue %u: indirect descriptor inside an "
                               "indirect table", qi);
            }
            if (!(d->accepted & (1ULL << VIRTIO_F_INDIRECT_DESC))) {
                return fail(d, "queue %u: indirect descriptor without "
                               "VIRTIO_F_INDIRECT_DESC", qi);
            }
            if (visited != 1 || (flags & DESC_F_NEXT)) {
                return fail(d, "queue %u: indirect descriptor %u must be a "
                               "chain of its own (flags %#x)", qi, idx,
                            flags);
            }
            if (len == 0 || len % DESC_SIZE != 0 ||
                len / DESC_SIZE > VIRTIO_QUEUE_MAX) {
                return fail(d, "queue %u: indirect table length %u is not a "
                               "multiple of 16 in 16..%u", qi, len,
                            VIRTIO_QUEUE_MAX * DESC_SIZE);
            }
            if (!physmem_is_ram(d->mem, addr, len)) {
                return fail(d, "queue %u: indirect table %#llx+%u outside "
                               "RAM", qi, (unsigned long long)addr, len);
            }
            table = itable = addr;
            table_size = len / DESC_SIZE;
            ilen = len;
            indirect = true;
            idx = 0;
            visited = 0;
            continue;
        }
        if (len > 0 && !physmem_is_ram(d->mem, addr, len)) {
            return fail(d, "queue %u: buffer %#llx+%u (descriptor %u) outside "
                           "RAM", qi, (unsigned long long)addr, len, idx);
        }
        if (flags & DESC_F_WRITE) {
            r->nwrite++;
            r->write_len += len;
        } else {
            if (r->nwrite > 0) {
                return fail(d, "queue %u: device-readable descriptor %u after "
                               "a device-writable one", qi, idx);
            }
            r->nread++;
            r->read_len += len;
        }
        /* visited <= table_size <= VIRTIO_QUEUE_MAX bounds the index. */
        r->seg[r->nread + r->nwrite - 1] = (VirtioSeg){addr, len};
        if (!(flags & DESC_F_NEXT)) {
            break;
        }
        if (next >= table_size) {
            return fail(d, "queue %u: next index %u out of range (table of "
                           "%u)", qi, next, table_size);
        }
        idx = next;
    }
    return check_overlaps(d, q, qi, r, itable, ilen);
}

bool virtio_queue_pop(VirtioDev *d, unsigned qi, VirtioReq *r)
{
    if (!virtio_queue_usable(d, qi)) {
        return false;
    }
    VirtQueue *q = &d->q[qi];
    uint16_t avail_idx, head;
    if (!read_u16(d, q->avail + 2, &avail_idx)) {
        return fail(d, "queue %u: available ring outside RAM", qi);
    }
    uint16_t pending = (uint16_t)(avail_idx - q->last_avail);
    if (pending == 0) {
        return false;
    }
    if (pending > q->num) {
        return fail(d, "queue %u: available index moved by %u entries, more "
                       "than the queue size %u", qi, pending, q->num);
    }
    if (!read_u16(d, q->avail + 4 + 2 * (uint64_t)(q->last_avail % q->num),
                  &head)) {
        return fail(d, "queue %u: available ring outside RAM", qi);
    }
    if (head >= q->num) {
        return fail(d, "queue %u: head descriptor index %u out of range "
                       "(queue size %u)", qi, head, q->num);
    }
    q->last_avail++;
    return walk_chain(d, qi, head, r);
}

static bool req_copy(VirtioDev *d, const VirtioReq *r, bool to_guest,
                     uint64_t off, void *buf, uint64_t len)
{
    unsigned first = to_guest ? r->nread : 0;
    unsigned count = to_guest ? r->nwrite : r->nread;
    uint8_t *p = buf;
    for (unsigned i = first; i < first + count && len > 0; i++) {
        const VirtioSeg *s = &r->seg[i];
        if (off >= s->len) {
            off -= s->len;
            continue;
        }
        uint64_t n = s->len - off;
        if (n > len) {
            n = len;
        }
        bool ok = to_guest ? physmem_write(d->mem, s->addr + off, p, n)
                           : physmem_read(d->mem, s->addr + off, p, n);
        if (!ok) {
            return false;
        }
        p += n;
        len -= n;
        off = 0;
    }
    return len == 0;
}

bool virtio_req_read(VirtioDev *d, const VirtioReq *r, uint64_t off,
                     void *buf, uint64_t len)
{
    return req_copy(d, r, false, off, buf, len);
}

bool virtio_req_write(VirtioDev *d, const VirtioReq *r, uint64_t off,
                      const void *buf, uint64_t len)
{
    return req_copy(d, r, true, off, (void *)buf, len);
}

void virtio_queue_push(VirtioDev *d, const VirtioReq *r, uint32_t written)
{
    VirtQueue *q = &d->q[r->queue];
    uint8_t elem[8];
    uint16_t flags = 0;
    if (!q->ready) {
        return; /* reset while the request was processed: drop it */
    }
    if (written > r->write_len) {
        written = (uint32_t)r->write_len;
    }
    store_le(elem, r->head, 4);
    store_le(elem + 4, written, 4);
    q->used_idx++;
    uint16_t idx = q->used_idx;
    if (!physmem_write(d->mem,
                       q->used + 4 + 8 * (uint64_t)((idx - 1u) % q->num),
                       elem, sizeof elem) ||
        !physmem_write(d->mem, q->used + 2, &idx, 2) ||
        !read_u16(d, q->avail, &flags)) {
        virtio_device_error(d, "queue %u: rings outside RAM", r->queue);
        return;
    }
    if (!(flags & AVAIL_F_NO_INTERRUPT)) {
        d->isr |= ISR_USED_BUFFER;
        update_irq(d);
    }
}

/* ---- registers ---- */

static bool features_ok(const VirtioDev *d)
{
    return (d->accepted & ~d->offered) == 0 &&
           (d->accepted & (1ULL << VIRTIO_F_VERSION_1));
}

static void write_status(VirtioDev *d, uint32_t v)
{
    uint32_t old = d->status;
    if (v == 0) {
        reset(d);
        return;
    }
    v &= 0xff & ~(uint32_t)STATUS_NEEDS_RESET;
    if ((v & STATUS_FEATURES_OK) && !(old & STATUS_FEATURES_OK) &&
        !features_ok(d)) {
        v &= ~(uint32_t)STATUS_FEATURES_OK; /* the driver reads it back */
    }
    d->status = v | (old & STATUS_NEEDS_RESET);
    if ((v & STATUS_DRIVER_OK) && !(old & STATUS_DRIVER_OK) && d->ops) {
        for (unsigned i = 0; i < d->ops->num_queues; i++) {
            if (virtio_queue_usable(d, i)) {
                d->ops->notify(d->opaque, i);
            }
        }
    }
}

static VirtQueue *selected(VirtioDev *d)
{
    unsigned n = d->ops ? d->ops->num_queues : 0;
    return d->queue_sel < n ? &d->q[d->queue_sel] : NULL;
}

static uint64_t config_read(VirtioDev *d, uint64_t off, unsigned size)
{
    uint32_t csize = d->ops ? d->ops->config_size : 0;
    if (off >= csize || size > csize - off) {
        return 0;
    }
    return load_le(d->config + off, size);
}

static uint64_t mmio_read(void *opaque, uint64_t off, unsigned size)
{
    VirtioDev *d = opaque;
    VirtQueue *q = selected(d);
    if (off >= REG_CONFIG) {
        return config_read(d, off - REG_CONFIG, size);
    }
    if (size != 4) {
        return 0; /* registers are 32-bit only (4.2.2.2) */
    }
    switch (off) {
    case REG_MAGIC: return VIRTIO_MMIO_MAGIC;
    case REG_VERSION: return VIRTIO_MMIO_VERSION;
    case REG_DEVICE_ID: return d->ops ? d->ops->device_id : 0;
    case REG_VENDOR_ID: return VIRTIO_VENDOR_ID;
    case REG_DEVICE_FEATURES:
        return d->dev_feat_sel < 2
                   ? (uint32_t)(d->offered >> (32 * d->dev_feat_sel))
                   : 0;
    case REG_QUEUE_NUM_MAX: return q ? VIRTIO_QUEUE_MAX : 0;
    case REG_QUEUE_READY: return q ? q->ready : 0;
    case REG_INTERRUPT_STATUS: return d->isr;
    case REG_STATUS: return d->status;
    case REG_CONFIG_GENERATION: return d->config_gen;
    default: return 0;
    }
}

/* Sets the low or high half of a 64-bit queue address; ignored while the
 * queue is live (the rings were validated when it became ready). */
static void set_half(VirtQueue *q, uint64_t *field, bool high, uint32_t v)
{
    if (q == NULL || q->ready) {
        return;
    }
    *field = high ? (*field & 0xffffffffULL) | (uint64_t)v << 32
                  : (*field & ~0xffffffffULL) | v;
}

static void mmio_write(void *opaque, uint64_t off, uint64_t val,
                       unsigned size)
{
    VirtioDev *d = opaque;
    VirtQueue *q = selected(d);
    uint32_t v = (uint32_t)val;
    if (off >= REG_CONFIG || size != 4) {
        return; /* our config spaces are read-only */
    }
    switch (off) {
    case REG_DEVICE_FEATURES_SEL: d->dev_feat_sel = v; break;
    case REG_DRIVER_FEATURES_SEL: d->drv_feat_sel = v; break;
    case REG_DRIVER_FEATURES:
        if (d->drv_feat_sel < 2 && !(d->status & STATUS_FEATURES_OK)) {
            unsigned sh = 32 * d->drv_feat_sel;
            d->accepted = (d->accepted & ~(0xffffffffULL << sh)) |
                          (uint64_t)v << sh;
        }
        break;
    case REG_QUEUE_SEL: d->queue_sel = v; break;
    case REG_QUEUE_NUM:
        if (q && !q->ready) {
            q->num = v;
        }
        break;
    case REG_QUEUE_READY:
        if (q == NULL) {
            break;
        }
        if ((v & 1) && !q->ready) {
            if (check_queue(d, d->queue_sel)) {
                q->ready = true;
                q->last_avail = 0;
                q->used_idx = 0;
            }
        } else if (!(v & 1)) {
            q->ready = false;
        }
        break;
    case REG_QUEUE_NOTIFY:
        if (d->ops && v < d->ops->num_queues &&
            virtio_queue_usable(d, v)) {
            d->ops->notify(d->opaque, v);
        }
        break;
    case REG_INTERRUPT_ACK:
        d->isr &= ~v;
        update_irq(d);
        break;
    case REG_STATUS: write_status(d, v); break;
    case REG_QUEUE_DESC_LOW: set_half(q, &q->desc, false, v); break;
    case REG_QUEUE_DESC_HIGH: set_half(q, &q->desc, true, v); break;
    case REG_QUEUE_DRIVER_LOW: set_half(q, &q->avail, false, v); break;
    case REG_QUEUE_DRIVER_HIGH: set_half(q, &q->avail, true, v); break;
    case REG_QUEUE_DEVICE_LOW: set_half(q, &q->used, false, v); break;
    case REG_QUEUE_DEVICE_HIGH: set_half(q, &q->used, true, v); break;
    default: break;
    }
}

VirtioDev *virtio_new(Machine *m, uint64_t base, IrqLine irq,
                      const VirtioDevOps *ops, void *opaque)
{
    VirtioDev *d = base_alloc(sizeof(*d));
    d->m = m;
    d->mem = m->mem;
    d->base = base;
    d->irq = irq;
    d->ops = ops;
    d->opaque = opaque;
    if (ops) {
        ASSERT(ops->num_queues <= VIRTIO_MAX_QUEUES);
        ASSERT(ops->config_size <= VIRTIO_CONFIG_MAX);
        d->offered = ops->features | 1ULL << VIRTIO_F_VERSION_1 |
                     1ULL << VIRTIO_F_INDIRECT_DESC;
    }
    BusDevice dev = {
        .name = "virtio-mmio", .base = base, .size = VIRTIO_MMIO_SIZE,
        .sizes = BUS_SIZES_ALL, .read = mmio_read, .write = mmio_write,
        .opaque = d,
    };
    if (!bus_add(m->bus, &dev)) {
        free(d);
        return NULL;
    }
    return d;
}

void virtio_free(VirtioDev *d)
{
    if (d == NULL) {
        return;
    }
    if (d->ops && d->ops->free) {
        d->ops->free(d->opaque);
    }
    free(d);
}
