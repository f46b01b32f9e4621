/* Reading host files into memory, with errors as messages.
 * SPDX-License-Identifier: MIT */
#ifndef HOST_FILE_H
#define HOST_FILE_H

#include "base/base.h"

/* Reads a whole file; on failure returns false and writes a message
 * (naming the file and the reason) into err. */
bool host_read_file(const char *path, uint8_t **data, size_t *len,
                    char *err, size_t err_size) MUST_CHECK;

#endif
