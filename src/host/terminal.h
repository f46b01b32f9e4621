/* The host terminal as the guest console: raw mode, escape commands, or
 * plain pipes for scripts.
 * SPDX-License-Identifier: MIT */
#ifndef HOST_TERMINAL_H
#define HOST_TERMINAL_H

#include "base/base.h"

typedef struct HostTerminal HostTerminal;

/* Opens the console on stdin/stdout.  When stdin is a terminal it is put
 * in raw mode (restored at exit, also on fatal signals) and the escape key
 * Ctrl-A is active: Ctrl-A x quits, Ctrl-A h prints help, Ctrl-A a sends
 * Ctrl-A.  Otherwise stdin is read as a plain byte stream. */
HostTerminal *host_terminal_open(void);
void host_terminal_close(HostTerminal *t);

/* Reads what is available without blocking; returns the number of bytes
 * for the guest stored in buf (escape sequences removed). */
size_t host_terminal_read(HostTerminal *t, uint8_t *buf, size_t size);
/* File descriptor to wait on, or -1 once input has ended. */
int host_terminal_fd(const HostTerminal *t);
/* True once the user asked to quit (Ctrl-A x). */
bool host_terminal_quit_requested(const HostTerminal *t);

/* Writes guest output to stdout. */
void host_terminal_write(HostTerminal *t, const uint8_t *buf, size_t len);

#endif
