/* Host time, sleeping and entropy.
 * SPDX-License-Identifier: MIT */
#include "host/clock.h"

#include <errno.h>
#include <poll.h>
#include <sys/random.h>
#include <time.h>

uint64_t host_monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

uint64_t host_wallclock_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

bool host_wait_readable(int fd, uint64_t timeout_ns)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    uint64_t ms = (timeout_ns + 999999) / 1000000;
    int timeout = ms > 1000000 ? 1000000 : (int)ms;
    if (fd < 0) {
        struct timespec ts = {.tv_sec = (time_t)(timeout_ns / 1000000000ULL),
                              .tv_nsec = (long)(timeout_ns % 1000000000ULL)};
        while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
        }
        return false;
    }
    int rc = poll(&p, 1, timeout);
    return rc > 0 && (p.revents & (POLLIN | POLLHUP | POLLERR));
}

bool host_entropy(void *buf, size_t len)
{
    uint8_t *p = buf;
    while (len > 0) {
        ssize_t n = getrandom(p, len, 0);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        p += n;
        len -= (size_t)n;
    }
    return true;
}
