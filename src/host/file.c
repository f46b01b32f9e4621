/* Reading host files into memory.
 * SPDX-License-Identifier: MIT */
#include "host/file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

bool host_read_file(const char *path, uint8_t **data, size_t *len,
                    char *err, size_t err_size)
{
    FILE *f = fopen(path, "rb");
    struct stat st;
    *data = NULL;
    *len = 0;
    if (f == NULL) {
        snprintf(err, err_size, "cannot open %s: %s", path, strerror(errno));
        return false;
    }
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, err_size, "%s is not a regular file", path);
        fclose(f);
        return false;
    }
    uint8_t *buf = malloc(st.st_size > 0 ? (size_t)st.st_size : 1);
    if (buf == NULL) {
        snprintf(err, err_size, "%s is too large to load", path);
        fclose(f);
        return false;
    }
    size_t n = fread(buf, 1, (size_t)st.st_size, f);
    if (n != (size_t)st.st_size || ferror(f)) {
        snprintf(err, err_size, "cannot read %s", path);
        free(buf);
        fclose(f);
        return false;
    }
    fclose(f);
    *data = buf;
    *len = n;
    return true;
}
