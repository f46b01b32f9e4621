/* libslirp backend: user-mode TCP/IP for the guest, loopback only.
 * SPDX-License-Identifier: MIT
 *
 * Why not slirp's `restricted` mode: it drops every connection the guest
 * opens unless a guestfwd rule matches, so the guest could not reach a
 * server on the host at 10.0.2.2.  Instead slirp runs unrestricted but only
 * ever sees ARP and IPv4 packets addressed to 10.0.2.2 (plus DHCP
 * broadcasts, which slirp answers itself); slirp translates 10.0.2.2 to
 * 127.0.0.1, so the guest reaches the host's loopback and nothing else.
 * DNS is disabled, IPv6 is disabled, host forwards bind 127.0.0.1. */
#include "host/net.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <slirp/libslirp.h>

/* Frames waiting for the next host_net_poll; beyond this slirp's frames
 * are dropped (TCP retransmits them). */
#define NET_QUEUE_MAX 1024
#define NET_MAX_TIMERS 16

#define NET_ADDR(a, b, c, d) ((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))
#define NET_NETWORK NET_ADDR(10, 0, 2, 0)
#define NET_HOST NET_ADDR(10, 0, 2, 2)
#define NET_DNS NET_ADDR(10, 0, 2, 3)
#define NET_GUEST NET_ADDR(10, 0, 2, 15)

typedef struct NetTimer {
    bool used;
    int64_t expire_ms;   /* -1: not armed */
    SlirpTimerId id;     /* timer_new_opaque timers */
    SlirpTimerCb cb;     /* timer_new timers */
    void *cb_opaque;
} NetTimer;

typedef struct QueuedFrame {
    uint8_t *data;
    size_t len;
} QueuedFrame;

struct HostNet {
    Slirp *slirp;
    struct pollfd *fds;
    size_t nfds, fds_cap;
    NetTimer timers[NET_MAX_TIMERS];
    QueuedFrame queue[NET_QUEUE_MAX];
    size_t qhead, qcount;
    uint64_t filtered;
    uint64_t dropped;
};

static void PRINTF_LIKE(3, 4) set_err(char *err, size_t err_size,
                                      const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, err_size, fmt, ap);
    va_end(ap);
}

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* ---- slirp callbacks ---- */

static ssize_t cb_send_packet(const void *buf, size_t len, void *opaque)
{
    HostNet *n = opaque;
    if (n->qcount == NET_QUEUE_MAX) {
        n->dropped++;
        return (ssize_t)len;
    }
    QueuedFrame *f = &n->queue[(n->qhead + n->qcount) % NET_QUEUE_MAX];
    f->data = base_alloc(len);
    memcpy(f->data, buf, len);
    f->len = len;
    n->qcount++;
    return (ssize_t)len;
}

static void cb_guest_error(const char *msg, void *opaque)
{
    (void)opaque;
    base_warn("slirp: guest error: %s", msg);
}

static int64_t cb_clock_get_ns(void *opaque)
{
    (void)opaque;
    return now_ns();
}

static NetTimer *timer_alloc(HostNet *n)
{
    for (unsigned i = 0; i < NET_MAX_TIMERS; i++) {
        if (!n->timers[i].used) {
            n->timers[i] = (NetTimer){.used = true, .expire_ms = -1};
            return &n->timers[i];
        }
    }
    base_panic(__FILE__, __LINE__, "slirp asked for more than %d timers",
               NET_MAX_TIMERS);
}

static void *cb_timer_new(SlirpTimerCb cb, void *cb_opaque, void *opaque)
{
    NetTimer *t = timer_alloc(opaque);
    t->cb = cb;
    t->cb_opaque = cb_opaque;
    return t;
}

static void *cb_timer_new_opaque(SlirpTimerId id, void *cb_opaque,
                                 void *opaque)
{
    NetTimer *t = timer_alloc(opaque);
    t->id = id;
    t->cb_opaque = cb_opaque;
    return t;
}

static void cb_timer_free(void *timer, void *opaque)
{
    (void)opaque;
    ((NetTimer *)timer)->used = false;
}

static void cb_timer_mod(void *timer, int64_t expire_ms, void *opaque)
{
    (void)opaque;
    ((NetTimer *)timer)->expire_ms = expire_ms;
}

static void cb_register_poll_fd(int fd, void *opaque)
{
    (void)fd;
    (void)opaque;
}

static void cb_notify(void *opaque)
{
    (void)opaque;
}

static const SlirpCb slirp_callbacks = {
    .send_packet = cb_send_packet,
    .guest_error = cb_guest_error,
    .clock_get_ns = cb_clock_get_ns,
    .timer_new = cb_timer_new,
    .timer_free = cb_timer_free,
    .timer_mod = cb_timer_mod,
    .register_poll_fd = cb_register_poll_fd,
    .unregister_poll_fd = cb_register_poll_fd,
    .notify = cb_notify,
    .timer_new_opaque = cb_timer_new_opaque,
};

/* ---- spec ---- */

static struct in_addr in4(uint32_t host_order)
{
    return (struct in_addr){.s_addr = htonl(host_order)};
}

static bool parse_port(const char *s, size_t len, int *port)
{
    int v = 0;
    if (len == 0 || len > 5) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
        v = v * 10 + (s[i] - '0');
    }
    *port = v;
    return v >= 1 && v <= 65535;
}

/* "tcp:[127.0.0.1]:HOSTPORT-[10.0.2.15]:GUESTPORT" */
static bool add_hostfwd(HostNet *n, const char *rule, size_t len, char *err,
                        size_t err_size)
{
    char buf[128];
    int is_udp;
    int hport, gport;
    if (len >= sizeof buf) {
        set_err(err, err_size, "--net: hostfwd rule too long");
        return false;
    }
    memcpy(buf, rule, len);
    buf[len] = '\0';
    char *p = buf;
    if (strncmp(p, "tcp:", 4) == 0) {
        is_udp = 0;
    } else if (strncmp(p, "udp:", 4) == 0) {
        is_udp = 1;
    } else {
        goto syntax;
    }
    p += 4;
    char *dash = strchr(p, '-');
    char *hcolon = strchr(p, ':');
    if (dash == NULL || hcolon == NULL || hcolon > dash) {
        goto syntax;
    }
    *dash = '\0';
    *hcolon = '\0';
    if (p[0] != '\0' && strcmp(p, "127.0.0.1") != 0) {
        set_err(err, err_size, "--net: hostfwd host address must be "
                "127.0.0.1 (forwards listen on loopback only), not '%s'", p);
        return false;
    }
    if (!parse_port(hcolon + 1, strlen(hcolon + 1), &hport)) {
        goto syntax;
    }
    char *g = dash + 1;
    char *gcolon = strchr(g, ':');
    struct in_addr gaddr = in4(NET_GUEST);
    if (gcolon == NULL) {
        goto syntax;
    }
    *gcolon = '\0';
    if (g[0] != '\0' && inet_pton(AF_INET, g, &gaddr) != 1) {
        goto syntax;
    }
    if (!parse_port(gcolon + 1, strlen(gcolon + 1), &gport)) {
        goto syntax;
    }
    if (slirp_add_hostfwd(n->slirp, is_udp, in4(NET_ADDR(127, 0, 0, 1)),
                          hport, gaddr, gport) < 0) {
        set_err(err, err_size, "--net: cannot forward 127.0.0.1:%d to the "
                "guest's port %d: %s", hport, gport, strerror(errno));
        return false;
    }
    return true;
syntax:
    set_err(err, err_size, "--net: bad hostfwd rule '%.*s' (expected "
            "tcp:127.0.0.1:HOSTPORT-:GUESTPORT)", (int)len, rule);
    return false;
}

HostNet *host_net_new(const char *spec, char *err, size_t err_size)
{
    if (strncmp(spec, "user", 4) != 0 || (spec[4] != '\0' && spec[4] != ',')) {
        set_err(err, err_size, "--net: unknown backend in '%s' (expected "
                "user[,hostfwd=...])", spec);
        return NULL;
    }
    /* A write to a socket whose peer closed must fail with EPIPE. */
    signal(SIGPIPE, SIG_IGN);

    HostNet *n = base_alloc(sizeof(*n));
    SlirpConfig cfg = {
        .version = 4,
        .restricted = 0, /* see the comment at the top of the file */
        .in_enabled = true,
        .vnetwork = in4(NET_NETWORK),
        .vnetmask = in4(NET_ADDR(255, 255, 255, 0)),
        .vhost = in4(NET_HOST),
        .in6_enabled = false,
        .vhostname = "rvreplay",
        .vdhcp_start = in4(NET_GUEST),
        .vnameserver = in4(NET_DNS),
        .vdnssearch = NULL,
        .disable_host_loopback = false,
        .enable_emu = false,
        .disable_dns = true,
    };
    n->slirp = slirp_new(&cfg, &slirp_callbacks, n);
    if (n->slirp == NULL) {
        set_err(err, err_size, "--net: cannot start user-mode networking");
        free(n);
        return NULL;
    }
    const char *opt = spec[4] == ',' ? spec + 5 : NULL;
    while (opt) {
        const char *end = strchr(opt, ',');
        size_t len = end ? (size_t)(end - opt) : strlen(opt);
        if (len > 8 && strncmp(opt, "hostfwd=", 8) == 0) {
            if (!add_hostfwd(n, opt + 8, len - 8, err, err_size)) {
                host_net_free(n);
                return NULL;
            }
        } else {
            set_err(err, err_size, "--net: unknown option '%.*s' (expected "
                    "hostfwd=tcp:127.0.0.1:HOSTPORT-:GUESTPORT)", (int)len,
                    opt);
            host_net_free(n);
            return NULL;
        }
        opt = end ? end + 1 : NULL;
    }
    return n;
}

void host_net_free(HostNet *n)
{
    if (n == NULL) {
        return;
    }
    slirp_cleanup(n->slirp);
    while (n->qcount > 0) {
        free(n->queue[n->qhead].data);
        n->qhead = (n->qhead + 1) % NET_QUEUE_MAX;
        n->qcount--;
    }
    free(n->fds);
    free(n);
}

uint64_t host_net_filtered(const HostNet *n) { return n->filtered; }

/* The loopback-only policy: ARP (slirp answers for its own addresses),
 * IPv4 to the host alias, and DHCP requests (answered inside slirp). */
static bool frame_allowed(const uint8_t *f, size_t len)
{
    if (len < 14) {
        return false;
    }
    uint16_t type = (uint16_t)(f[12] << 8 | f[13]);
    if (type == 0x0806) {
        return true;
    }
    if (type != 0x0800 || len < 14 + 20) {
        return false;
    }
    const uint8_t *ip = f + 14;
    uint32_t dst = (uint32_t)ip[16] << 24 | (uint32_t)ip[17] << 16 |
                   (uint32_t)ip[18] << 8 | ip[19];
    if (dst == NET_HOST) {
        return true;
    }
    size_t ihl = (size_t)(ip[0] & 15) * 4;
    if (dst == 0xffffffffu && ip[9] == 17 && ihl >= 20 &&
        len >= 14 + ihl + 4) {
        const uint8_t *udp = ip + ihl;
        return (udp[2] << 8 | udp[3]) == 67; /* BOOTP/DHCP server */
    }
    return false;
}

void host_net_send(HostNet *n, const uint8_t *frame, size_t len)
{
    if (!frame_allowed(frame, len) || len > INT32_MAX) {
        n->filtered++;
        return;
    }
    slirp_input(n->slirp, frame, (int)len);
}

static int add_poll(int fd, int events, void *opaque)
{
    HostNet *n = opaque;
    if (n->nfds == n->fds_cap) {
        n->fds_cap = n->fds_cap ? 2 * n->fds_cap : 16;
        n->fds = base_realloc(n->fds, n->fds_cap * sizeof(*n->fds));
    }
    short ev = 0;
    if (events & SLIRP_POLL_IN) {
        ev |= POLLIN;
    }
    if (events & SLIRP_POLL_OUT) {
        ev |= POLLOUT;
    }
    if (events & SLIRP_POLL_PRI) {
        ev |= POLLPRI;
    }
    n->fds[n->nfds] = (struct pollfd){.fd = fd, .events = ev};
    return (int)n->nfds++;
}

static int get_revents(int idx, void *opaque)
{
    HostNet *n = opaque;
    int r = 0;
    if (idx < 0 || (size_t)idx >= n->nfds) {
        return 0;
    }
    short ev = n->fds[idx].revents;
    if (ev & POLLIN) {
        r |= SLIRP_POLL_IN;
    }
    if (ev & POLLOUT) {
        r |= SLIRP_POLL_OUT;
    }
    if (ev & POLLPRI) {
        r |= SLIRP_POLL_PRI;
    }
    if (ev & POLLERR) {
        r |= SLIRP_POLL_ERR;
    }
    if (ev & POLLHUP) {
        r |= SLIRP_POLL_HUP;
    }
    return r;
}

static void run_timers(HostNet *n)
{
    int64_t now_ms = now_ns() / 1000000;
    for (unsigned i = 0; i < NET_MAX_TIMERS; i++) {
        NetTimer *t = &n->timers[i];
        if (t->used && t->expire_ms >= 0 && t->expire_ms <= now_ms) {
            t->expire_ms = -1;
            if (t->cb) {
                t->cb(t->cb_opaque);
            } else {
                slirp_handle_timer(n->slirp, t->id, t->cb_opaque);
            }
        }
    }
}

void host_net_poll(HostNet *n, int timeout_ms, HostNetDeliver deliver,
                   void *ctx)
{
    uint32_t timeout = timeout_ms < 0 ? UINT32_MAX : (uint32_t)timeout_ms;
    int64_t now_ms = now_ns() / 1000000;
    n->nfds = 0;
    slirp_pollfds_fill(n->slirp, &timeout, add_poll, n);
    for (unsigned i = 0; i < NET_MAX_TIMERS; i++) {
        const NetTimer *t = &n->timers[i];
        if (t->used && t->expire_ms >= 0) {
            int64_t left = t->expire_ms - now_ms;
            if (left < 0) {
                left = 0;
            }
            if ((uint64_t)left < timeout) {
                timeout = (uint32_t)left;
            }
        }
    }
    if (n->qcount > 0) {
        timeout = 0;
    }
    int rc = poll(n->fds, n->nfds,
                  timeout > INT32_MAX ? -1 : (int)timeout);
    if (rc < 0 && errno != EINTR) {
        base_warn("network: poll: %s", strerror(errno));
    }
    slirp_pollfds_poll(n->slirp, rc < 0, get_revents, n);
    run_timers(n);
    while (n->qcount > 0) {
        QueuedFrame f = n->queue[n->qhead];
        n->qhead = (n->qhead + 1) % NET_QUEUE_MAX;
        n->qcount--;
        deliver(ctx, f.data, f.len);
        free(f.data);
    }
}
