/* Unit test of src/host/net_slirp.c: spec parsing, the loopback-only
 * filter, ARP through slirp, and host forwards on 127.0.0.1.  Touches only
 * the loopback interface.
 * SPDX-License-Identifier: MIT */
#include "host/net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

static int failures;

#define CHECK(cond)                                                          \
    do {                                                                     \
        if (!(cond)) {                                                       \
            fprintf(stderr, "FAIL line %d: %s\n", __LINE__, #cond);          \
            failures++;                                                      \
        }                                                                    \
    } while (0)

typedef struct Got {
    unsigned frames;
    unsigned arp_replies;   /* for 10.0.2.2 */
    unsigned arp_requests;  /* slirp asking for 10.0.2.15 */
} Got;

static void deliver(void *ctx, const uint8_t *f, size_t len)
{
    Got *g = ctx;
    g->frames++;
    if (len >= 42 && f[12] == 0x08 && f[13] == 0x06) {
        if (f[21] == 2 && memcmp(f + 28, "\x0a\x00\x02\x02", 4) == 0) {
            g->arp_replies++;
        }
        if (f[21] == 1 && memcmp(f + 38, "\x0a\x00\x02\x0f", 4) == 0) {
            g->arp_requests++;
        }
    }
}

static const uint8_t guest_mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};

static size_t arp_request(uint8_t *f, const uint8_t target[4])
{
    static const uint8_t head[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    memset(f, 0, 42);
    memcpy(f, head, 6);
    memcpy(f + 6, guest_mac, 6);
    f[12] = 0x08, f[13] = 0x06;
    f[14] = 0, f[15] = 1, f[16] = 0x08, f[17] = 0, f[18] = 6, f[19] = 4;
    f[20] = 0, f[21] = 1;
    memcpy(f + 22, guest_mac, 6);
    memcpy(f + 28, "\x0a\x00\x02\x0f", 4);
    memcpy(f + 38, target, 4);
    return 42;
}

/* A minimal IPv4/UDP frame to dst (checksums are not checked by the
 * filter, which runs before slirp). */
static size_t udp_frame(uint8_t *f, const uint8_t dst[4], uint16_t dport)
{
    memset(f, 0, 64);
    memset(f, 0xff, 6);
    memcpy(f + 6, guest_mac, 6);
    f[12] = 0x08, f[13] = 0x00;
    uint8_t *ip = f + 14;
    ip[0] = 0x45, ip[3] = 28 + 8, ip[8] = 64, ip[9] = 17;
    memcpy(ip + 12, "\x0a\x00\x02\x0f", 4);
    memcpy(ip + 16, dst, 4);
    ip[20 + 2] = (uint8_t)(dport >> 8), ip[20 + 3] = (uint8_t)dport;
    ip[20 + 5] = 16;
    return 14 + 28 + 8;
}

static int free_port(void)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) != 0 ||
        getsockname(s, (struct sockaddr *)&a, &len) != 0) {
        return -1;
    }
    close(s);
    return ntohs(a.sin_port);
}

static void test_specs(void)
{
    char err[256];
    CHECK(host_net_new("tap0", err, sizeof err) == NULL &&
          strstr(err, "unknown backend"));
    CHECK(host_net_new("user,dns=1.1.1.1", err, sizeof err) == NULL &&
          strstr(err, "unknown option"));
    CHECK(host_net_new("user,hostfwd=tcp:0.0.0.0:8080-:80", err,
                       sizeof err) == NULL &&
          strstr(err, "127.0.0.1"));
    CHECK(host_net_new("user,hostfwd=tcp:127.0.0.1:99999-:80", err,
                       sizeof err) == NULL &&
          strstr(err, "bad hostfwd"));
    CHECK(host_net_new("user,hostfwd=sctp::1-:2", err, sizeof err) == NULL);
    HostNet *n = host_net_new("user", err, sizeof err);
    CHECK(n != NULL);
    host_net_free(n);
}

static void test_filter_and_arp(void)
{
    char err[256];
    uint8_t f[128];
    Got got = {0};
    HostNet *n = host_net_new("user", err, sizeof err);
    CHECK(n != NULL);
    if (n == NULL) {
        return;
    }
    /* Outside the loopback policy: dropped before slirp sees them. */
    host_net_send(n, f, udp_frame(f, (const uint8_t *)"\x08\x08\x08\x08", 53));
    host_net_send(n, f, udp_frame(f, (const uint8_t *)"\x0a\x00\x02\x03", 53));
    host_net_send(n, f, udp_frame(f, (const uint8_t *)"\xff\xff\xff\xff", 9));
    host_net_send(n, f, 10); /* runt */
    CHECK(host_net_filtered(n) == 4);
    /* ARP for the host alias: slirp answers. */
    host_net_send(n, f, arp_request(f, (const uint8_t *)"\x0a\x00\x02\x02"));
    CHECK(host_net_filtered(n) == 4);
    for (int i = 0; i < 50 && got.arp_replies == 0; i++) {
        host_net_poll(n, 10, deliver, &got);
    }
    CHECK(got.arp_replies == 1);
    host_net_free(n);
}

static void test_hostfwd(void)
{
    char err[256], spec[128];
    int port = free_port();
    Got got = {0};
    CHECK(port > 0);
    snprintf(spec, sizeof spec, "user,hostfwd=tcp:127.0.0.1:%d-:8080", port);
    HostNet *n = host_net_new(spec, err, sizeof err);
    CHECK(n != NULL);
    if (n == NULL) {
        fprintf(stderr, "%s\n", err);
        return;
    }
    /* The same port twice fails with a clear message. */
    HostNet *n2 = host_net_new(spec, err, sizeof err);
    CHECK(n2 == NULL && strstr(err, "cannot forward"));
    host_net_free(n2);
    /* A host client connects; slirp then looks for the guest (ARP). */
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_port = htons((uint16_t)port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    fcntl(s, F_SETFL, O_NONBLOCK);
    int rc = connect(s, (struct sockaddr *)&a, sizeof a);
    CHECK(rc == 0 || errno == EINPROGRESS);
    for (int i = 0; i < 100 && got.arp_requests == 0; i++) {
        host_net_poll(n, 10, deliver, &got);
    }
    CHECK(got.arp_requests >= 1);
    close(s);
    host_net_free(n);
}

int main(void)
{
    test_specs();
    test_filter_and_arp();
    test_hostfwd();
    if (failures) {
        fprintf(stderr, "%d failure(s)\n", failures);
        return 1;
    }
    printf("net: all checks passed\n");
    return 0;
}
