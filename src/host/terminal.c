/* The host terminal as the guest console.
 * SPDX-License-Identifier: MIT */
#include "host/terminal.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#define ESCAPE_KEY 0x01 /* Ctrl-A, as in QEMU */

struct HostTerminal {
    bool raw;          /* stdin is a terminal in raw mode */
    bool eof;
    bool escape;       /* Ctrl-A seen, waiting for the command key */
    bool quit;
    int saved_flags;
};

static struct termios saved_termios;
static bool termios_saved;

static void restore_terminal(void)
{
    if (termios_saved) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_termios);
    }
}

static void restore_and_reraise(int sig)
{
    restore_terminal();
    signal(sig, SIG_DFL);
    raise(sig);
}

HostTerminal *host_terminal_open(void)
{
    HostTerminal *t = base_alloc(sizeof(*t));
    t->saved_flags = fcntl(STDIN_FILENO, F_GETFL);
    if (t->saved_flags >= 0) {
        fcntl(STDIN_FILENO, F_SETFL, t->saved_flags | O_NONBLOCK);
    }
    if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved_termios) == 0) {
        struct termios raw = saved_termios;
        termios_saved = true;
        atexit(restore_terminal);
        signal(SIGTERM, restore_and_reraise);
        signal(SIGHUP, restore_and_reraise);
        signal(SIGSEGV, restore_and_reraise);
        signal(SIGABRT, restore_and_reraise);
        cfmakeraw(&raw);
        raw.c_oflag |= OPOST | ONLCR; /* keep host-side newline handling */
        tcsetattr(STDIN_FILENO, TCSANOW, &raw);
        t->raw = true;
    }
    return t;
}

void host_terminal_close(HostTerminal *t)
{
    if (t == NULL) {
        return;
    }
    if (t->saved_flags >= 0) {
        fcntl(STDIN_FILENO, F_SETFL, t->saved_flags);
    }
    restore_terminal();
    termios_saved = false;
    free(t);
}

static void print_help(void)
{
    static const char help[] =
        "\r\nC-a h    print this help\r\n"
        "C-a x    exit rvreplay\r\n"
        "C-a a    send C-a to the guest\r\n";
    fputs(help, stderr);
}

size_t host_terminal_read(HostTerminal *t, uint8_t *buf, size_t size)
{
    uint8_t in[256];
    size_t out = 0;
    if (t->eof || size == 0) {
        return 0;
    }
    ssize_t n = read(STDIN_FILENO, in, size < sizeof in ? size : sizeof in);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
        t->eof = true;
        return 0;
    }
    for (ssize_t i = 0; i < n; i++) {
        uint8_t c = in[i];
        if (!t->raw) {
            buf[out++] = c;
        } else if (t->escape) {
            t->escape = false;
            if (c == 'x' || c == 'X') {
                t->quit = true;
            } else if (c == 'h' || c == 'H' || c == '?') {
                print_help();
            } else if (c == ESCAPE_KEY || c == 'a') {
                buf[out++] = ESCAPE_KEY;
            }
        } else if (c == ESCAPE_KEY) {
            t->escape = true;
        } else {
            buf[out++] = c;
        }
    }
    return out;
}

int host_terminal_fd(const HostTerminal *t)
{
    return t->eof ? -1 : STDIN_FILENO;
}

bool host_terminal_quit_requested(const HostTerminal *t)
{
    return t->quit;
}

void host_terminal_write(HostTerminal *t, const uint8_t *buf, size_t len)
{
    (void)t;
    while (len > 0) {
        ssize_t n = write(STDOUT_FILENO, buf, len);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
            continue;
        }
        if (n <= 0) {
            return; /* stdout closed: output is dropped */
        }
        buf += n;
        len -= (size_t)n;
    }
}
