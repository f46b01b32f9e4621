/* Check macros shared by the unit tests: count checks and failures, print
 * the first failures with file and line, and end with one summary line.
 * SPDX-License-Identifier: MIT
 *
 * Usage: CHECK(cond, "fmt", ...) records one check; CHECK_EQ(a, b, ...)
 * also prints both values (as 64-bit hex).  main() ends with
 * `return unit_finish("test_name");`, which prints
 * "test_name: N checks, M failures" and returns the exit status.
 * unit_run_isolated() runs many cases in child processes so that a case
 * that crashes the code under test (a sanitizer abort) counts as one
 * failure and the remaining cases still run. */
#ifndef TESTS_UNIT_UNIT_H
#define TESTS_UNIT_UNIT_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

/* Failures printed in full; later ones are only counted, so that one
 * broken decoder table cannot bury the summary under megabytes. */
#define UNIT_MAX_PRINTED 60

static unsigned long unit_checks, unit_failures;

static inline void unit_fail_header(const char *file, int line)
{
    fprintf(stderr, "FAIL %s:%d: ", file, line);
}

#define CHECK(cond, ...)                                                     \
    do {                                                                     \
        unit_checks++;                                                       \
        if (!(cond)) {                                                       \
            if (unit_failures++ < UNIT_MAX_PRINTED) {                        \
                unit_fail_header(__FILE__, __LINE__);                        \
                fprintf(stderr, __VA_ARGS__);                                \
                fprintf(stderr, "  [%s]\n", #cond);                          \
            }                                                                \
        }                                                                    \
    } while (0)

#define CHECK_EQ(a, b, ...)                                                  \
    do {                                                                     \
        uint64_t unit_a_ = (uint64_t)(a), unit_b_ = (uint64_t)(b);           \
        unit_checks++;                                                       \
        if (unit_a_ != unit_b_) {                                            \
            if (unit_failures++ < UNIT_MAX_PRINTED) {                        \
                unit_fail_header(__FILE__, __LINE__);                        \
                fprintf(stderr, __VA_ARGS__);                                \
                fprintf(stderr, "  [%s = 0x%" PRIx64 ", %s = 0x%" PRIx64     \
                                "]\n",                                       \
                        #a, unit_a_, #b, unit_b_);                           \
            }                                                                \
        }                                                                    \
    } while (0)

/* Crashed cases reported before unit_run_isolated gives up on the rest. */
#define UNIT_MAX_CRASHES 20

/* Runs fn(0) .. fn(n - 1) in a child process; when the child dies, reports
 * the case it was in (named by describe) as a failure and starts a new
 * child at the next case.  Check counts flow back through shared memory. */
static inline void unit_run_isolated(const char *what, unsigned long n,
                                     void (*fn)(unsigned long i),
                                     void (*describe)(unsigned long i,
                                                      char *buf, size_t size))
{
    struct UnitShared {
        unsigned long next, checks, failures;
    } *sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
                 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    unsigned long start = 0, crashes = 0;
    if (sh == MAP_FAILED) {
        for (unsigned long i = 0; i < n; i++) {
            fn(i);
        }
        return;
    }
    while (start < n) {
        int status = 0;
        sh->next = start;
        sh->checks = unit_checks;
        sh->failures = unit_failures;
        fflush(stdout);
        fflush(stderr);
        pid_t pid = fork();
        if (pid == 0) {
            for (unsigned long i = start; i < n; i++) {
                sh->next = i;
                fn(i);
                sh->checks = unit_checks;
                sh->failures = unit_failures;
            }
            sh->next = n;
            fflush(stdout);
            fflush(stderr);
            exit(0);
        }
        if (pid < 0 || waitpid(pid, &status, 0) != pid) {
            unit_checks++;
            unit_failures++;
            fprintf(stderr, "FAIL %s: cannot run a child process\n", what);
            break;
        }
        unit_checks = sh->checks;
        unit_failures = sh->failures;
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
            break;
        }
        char desc[200] = "after the last case";
        if (sh->next < n) {
            describe(sh->next, desc, sizeof(desc));
        }
        unit_checks++;
        if (unit_failures++ < UNIT_MAX_PRINTED) {
            fprintf(stderr, "FAIL %s: case %lu (%s) crashed (%s %d)\n", what,
                    sh->next, desc, WIFSIGNALED(status) ? "signal" : "exit",
                    WIFSIGNALED(status) ? WTERMSIG(status)
                                        : WEXITSTATUS(status));
        }
        start = sh->next + 1;
        if (++crashes == UNIT_MAX_CRASHES && start < n) {
            unit_failures++;
            fprintf(stderr, "FAIL %s: %d crashes, %lu cases not run\n", what,
                    UNIT_MAX_CRASHES, n - start);
            break;
        }
    }
    munmap(sh, sizeof(*sh));
}

/* Prints the summary line; returns the process exit status. */
static inline int unit_finish(const char *name)
{
    if (unit_failures > UNIT_MAX_PRINTED) {
        fprintf(stderr, "(%lu more failures not shown)\n",
                unit_failures - UNIT_MAX_PRINTED);
    }
    printf("%s: %lu checks, %lu failures\n", name, unit_checks,
           unit_failures);
    return unit_failures == 0 && unit_checks > 0 ? 0 : 1;
}

#endif
