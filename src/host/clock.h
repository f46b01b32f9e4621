/* Host time, sleeping and entropy (the only places rvreplay reads them).
 * SPDX-License-Identifier: MIT */
#ifndef HOST_CLOCK_H
#define HOST_CLOCK_H

#include "base/base.h"

/* Monotonic time in ns (for measuring and waiting). */
uint64_t host_monotonic_ns(void);
/* Wall-clock time in ns since the Unix epoch. */
uint64_t host_wallclock_ns(void);
/* Waits until fd is readable or timeout_ns passes; fd < 0 just sleeps.
 * Returns true if fd became readable. */
bool host_wait_readable(int fd, uint64_t timeout_ns);
/* Fills buf with random bytes from the kernel; false on failure. */
bool host_entropy(void *buf, size_t len) MUST_CHECK;

#endif
