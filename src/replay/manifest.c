/* Trace manifest reading and writing.
 * SPDX-License-Identifier: MIT */
#include "replay/manifest.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define MANIFEST_MAGIC "rvreplay-trace"
#define MANIFEST_MAX_LINE 8192
#define MANIFEST_MAX_ENTRIES 4096

typedef struct Entry {
    char *key;
    char *value;
} Entry;

struct Manifest {
    Entry *entries;
    unsigned count;
};

Manifest *manifest_new(void)
{
    return base_alloc(sizeof(Manifest));
}

void manifest_free(Manifest *m)
{
    if (m == NULL) {
        return;
    }
    for (unsigned i = 0; i < m->count; i++) {
        free(m->entries[i].key);
        free(m->entries[i].value);
    }
    free(m->entries);
    free(m);
}

static char *vformat(const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    char *s = base_alloc((size_t)n + 1);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    /* Values are single lines. */
    for (char *p = s; *p; p++) {
        if (*p == '\n' || *p == '\r') {
            *p = ' ';
        }
    }
    return s;
}

static void append(Manifest *m, const char *key, char *value)
{
    m->entries = base_realloc(m->entries, (m->count + 1) * sizeof(Entry));
    m->entries[m->count].key = base_strdup(key);
    m->entries[m->count].value = value;
    m->count++;
}

void manifest_set(Manifest *m, const char *key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *value = vformat(fmt, ap);
    va_end(ap);
    for (unsigned i = 0; i < m->count; i++) {
        if (strcmp(m->entries[i].key, key) == 0) {
            free(m->entries[i].value);
            m->entries[i].value = value;
            return;
        }
    }
    append(m, key, value);
}

void manifest_add(Manifest *m, const char *key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    append(m, key, vformat(fmt, ap));
    va_end(ap);
}

const char *manifest_get(const Manifest *m, const char *key, unsigned n)
{
    for (unsigned i = 0; i < m->count; i++) {
        if (strcmp(m->entries[i].key, key) == 0 && n-- == 0) {
            return m->entries[i].value;
        }
    }
    return NULL;
}

bool manifest_get_u64(const Manifest *m, const char *key, uint64_t *v)
{
    const char *s = manifest_get(m, key, 0);
    char *end;
    if (s == NULL || *s < '0' || *s > '9') {
        return false;
    }
    errno = 0;
    unsigned long long x = strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0') {
        return false;
    }
    *v = x;
    return true;
}

void manifest_foreach(const Manifest *m,
                      void (*fn)(void *ctx, const char *key,
                                 const char *value),
                      void *ctx)
{
    for (unsigned i = 0; i < m->count; i++) {
        fn(ctx, m->entries[i].key, m->entries[i].value);
    }
}

bool manifest_write(const Manifest *m, const char *path, char *err,
                    size_t err_size)
{
    size_t n = strlen(path) + 8;
    char *tmp = base_alloc(n);
    snprintf(tmp, n, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    bool ok = f != NULL;
    if (ok) {
        fprintf(f, "%s %d\n", MANIFEST_MAGIC, MANIFEST_VERSION);
        for (unsigned i = 0; i < m->count; i++) {
            fprintf(f, "%s %s\n", m->entries[i].key, m->entries[i].value);
        }
        ok = fflush(f) == 0 && !ferror(f);
        ok = fclose(f) == 0 && ok;
        ok = ok && rename(tmp, path) == 0;
    }
    if (!ok) {
        snprintf(err, err_size, "cannot write %s: %s", path, strerror(errno));
        unlink(tmp);
    }
    free(tmp);
    return ok;
}

Manifest *manifest_read(const char *path, char *err, size_t err_size)
{
    FILE *f = fopen(path, "r");
    char *line;
    if (f == NULL) {
        snprintf(err, err_size, "cannot open %s: %s (is this a trace "
                 "directory made by 'rvreplay record'?)", path,
                 strerror(errno));
        return NULL;
    }
    line = base_alloc(MANIFEST_MAX_LINE);
    Manifest *m = manifest_new();
    unsigned lineno = 0;
    bool ok = true;
    while (ok && fgets(line, MANIFEST_MAX_LINE, f)) {
        size_t len = strlen(line);
        lineno++;
        if (len == MANIFEST_MAX_LINE - 1 && line[len - 1] != '\n') {
            snprintf(err, err_size, "%s:%u: line too long", path, lineno);
            ok = false;
            break;
        }
        if (len > 0 && line[len - 1] == '\n') {
            line[--len] = '\0';
        }
        if (lineno == 1) {
            unsigned long version;
            char *end;
            size_t ml = strlen(MANIFEST_MAGIC);
            if (strncmp(line, MANIFEST_MAGIC " ", ml + 1) != 0) {
                snprintf(err, err_size, "%s is not an rvreplay trace "
                         "manifest", path);
                ok = false;
                break;
            }
            errno = 0;
            version = strtoul(line + ml + 1, &end, 10);
            if (errno != 0 || *end != '\0' || version == 0) {
                snprintf(err, err_size, "%s: malformed version line", path);
                ok = false;
            } else if (version > MANIFEST_VERSION) {
                snprintf(err, err_size, "%s was written by a newer rvreplay "
                         "(trace format %lu; this one reads up to %d): "
                         "upgrade rvreplay to replay it", path, version,
                         MANIFEST_VERSION);
                ok = false;
            }
            continue;
        }
        if (len == 0) {
            continue;
        }
        char *space = strchr(line, ' ');
        if (space == NULL || space == line || m->count >= MANIFEST_MAX_ENTRIES) {
            snprintf(err, err_size, "%s:%u: malformed entry", path, lineno);
            ok = false;
            break;
        }
        *space = '\0';
        append(m, line, base_strdup(space + 1));
    }
    if (ok && lineno == 0) {
        snprintf(err, err_size, "%s is empty", path);
        ok = false;
    }
    fclose(f);
    free(line);
    if (!ok) {
        manifest_free(m);
        return NULL;
    }
    return m;
}
