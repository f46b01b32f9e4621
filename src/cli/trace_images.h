/* Copying a trace's images into it (record --embed-images, pack) and
 * finding them again at replay.
 * SPDX-License-Identifier: MIT */
#ifndef CLI_TRACE_IMAGES_H
#define CLI_TRACE_IMAGES_H

#include "base/base.h"
#include "replay/manifest.h"

/* The boot images a trace identifies by content, in manifest key order. */
#define TRACE_IMAGE_COUNT 4
extern const char *const trace_image_keys[TRACE_IMAGE_COUNT];

/* Copies every image the manifest names (firmware, kernel, initrd, dtb,
 * disk base images) into TRACE/images, checking each against its recorded
 * SHA-256, and records the copies in the manifest (not written).  Images
 * already embedded are left alone.  false + message. */
bool trace_embed_images(const char *trace_dir, Manifest *m, char *err,
                        size_t err_size) MUST_CHECK;

/* Path of the i-th disk at replay: the embedded copy with the recorded
 * options, or the recorded spec.  Returns a string owned by the manifest,
 * or NULL if the entry is malformed. */
const char *trace_disk_spec(const char *trace_dir, Manifest *m, unsigned i);

#endif
