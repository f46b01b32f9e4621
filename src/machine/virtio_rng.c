/* virtio-rng (entropy device): bytes from a ChaCha20 stream keyed by the
 * machine's entropy seed, never from the host.
 * SPDX-License-Identifier: MIT
 *
 * The seed is an input of the run (MachineEnv.entropy_seed, logged by the
 * replay layer), so a replay hands the guest the very same bytes. */
#include "base/chacha.h"
#include "machine/machine_internal.h"
#include "machine/virtio.h"

#include <stdlib.h>

/* Bytes written per request at most; the driver asks again for more. */
#define RNG_REQ_MAX 4096u

typedef struct VirtioRng {
    VirtioDev *vdev;
    ChaCha stream;
} VirtioRng;

static void rng_notify(void *opaque, unsigned q)
{
    VirtioRng *g = opaque;
    VirtioReq r;
    uint8_t buf[RNG_REQ_MAX];
    (void)q;
    while (virtio_queue_pop(g->vdev, 0, &r)) {
        if (r.nread > 0) {
            virtio_device_error(g->vdev, "request with device-readable "
                                "buffers");
            return;
        }
        uint32_t n = r.write_len < RNG_REQ_MAX ? (uint32_t)r.write_len
                                               : RNG_REQ_MAX;
        chacha_stream(&g->stream, buf, n);
        if (!virtio_req_write(g->vdev, &r, 0, buf, n)) {
            virtio_device_error(g->vdev, "cannot write a request buffer");
            return;
        }
        virtio_queue_push(g->vdev, &r, n);
    }
}

static void rng_free(void *opaque)
{
    free(opaque);
}

static const VirtioDevOps rng_ops = {
    .name = "rng",
    .device_id = VIRTIO_ID_RNG,
    .num_queues = 1,
    .notify = rng_notify,
    .free = rng_free,
};

VirtioDev *virtio_rng_new(Machine *m, uint64_t base, IrqLine irq)
{
    VirtioRng *g = base_alloc(sizeof(*g));
    /* The stream continues across device resets: a reset guest must not
     * see the same "random" bytes again. */
    chacha_init(&g->stream, m->cfg.env.entropy_seed, 0);
    g->vdev = virtio_new(m, base, irq, &rng_ops, g);
    if (g->vdev == NULL) {
        free(g);
        return NULL;
    }
    return g->vdev;
}
