# rvreplay build: `make` builds build/rvreplay, `make test` runs every test,
# `make bench` runs the benchmarks, `make guest` builds the Linux guest.
# SPDX-License-Identifier: MIT

CC ?= cc
Q ?= @
PKG_CONFIG ?= pkg-config
# Libraries found with pkg-config (Debian: libzstd-dev libxxhash-dev
# libslirp-dev libssl-dev; libfdt-dev has no .pc file, see below).
PKGS := libzstd libxxhash slirp libcrypto
PKG_CFLAGS := $(if $(PKGS),$(shell $(PKG_CONFIG) --cflags $(PKGS)))
PKG_LIBS := $(if $(PKGS),$(shell $(PKG_CONFIG) --libs $(PKGS)))

# The version (git describe) goes into build/version.h, rewritten only when
# it changes; traces record it.
VERSION := $(shell git describe --always --dirty 2>/dev/null || echo unknown)
$(shell mkdir -p build && echo '#define RVREPLAY_VERSION "$(VERSION)"' > build/version.h.tmp && \
	(cmp -s build/version.h.tmp build/version.h || mv build/version.h.tmp build/version.h); rm -f build/version.h.tmp)

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
BASE_CFLAGS := -std=gnu11 -g $(WARN) -Isrc -Ibuild -D_GNU_SOURCE $(PKG_CFLAGS) -MMD -MP
RELEASE_CFLAGS := $(BASE_CFLAGS) -O2
ASAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined
ASAN_CFLAGS := $(BASE_CFLAGS) -O1 $(ASAN_FLAGS)
# Debian's libfdt-dev ships no pkg-config file.
LDLIBS := $(PKG_LIBS) -lfdt -lm

SRCS := $(sort $(wildcard src/*/*.c))
LIB_SRCS := $(filter-out src/cli/%,$(SRCS))
CLI_SRCS := $(filter src/cli/%,$(SRCS))
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
ISA_SRCS := $(sort $(wildcard tests/isa/*.S))

B := build
BA := build-asan

OBJS = $(patsubst src/%.c,$(1)/obj/%.o,$(2))

RV_CC := riscv64-unknown-elf-gcc
RV_FLAGS := -march=rv64gc -mabi=lp64d -mcmodel=medany -nostdlib \
	-nostartfiles -T guest/baremetal/link.ld -Wl,--no-warn-rwx-segments

.PHONY: all test unit bench guest clean help isa asan deps demo build-all
NPROC := $(shell nproc 2>/dev/null || echo 2)
all: $(B)/rvreplay

help:
	@echo "make deps       install the Debian packages (.ci/packages; root)"
	@echo "make demo       build, boot the Linux guest, record it, replay it"
	@echo "make            build build/rvreplay (release)"
	@echo "make test       build everything and run every test (unit, ISA,"
	@echo "                differential, guest, replay) under ASan/UBSan too"
	@echo "make bench      run the benchmarks in bench/"
	@echo "make guest      build the Linux guest images (cached)"
	@echo "make clean      remove build directories"

$(B)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(RELEASE_CFLAGS) -c $< -o $@

$(BA)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ASAN_CFLAGS) -c $< -o $@

$(B)/rvreplay: $(call OBJS,$(B),$(SRCS))
	$(Q)$(CC) $(RELEASE_CFLAGS) $^ -o $@ $(LDLIBS)

$(BA)/rvreplay: $(call OBJS,$(BA),$(SRCS))
	$(Q)$(CC) $(ASAN_CFLAGS) $^ -o $@ $(LDLIBS)

$(BA)/tests/unit/%: tests/unit/%.c $(call OBJS,$(BA),$(LIB_SRCS))
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ASAN_CFLAGS) $(filter %.c %.o,$^) -o $@ $(LDLIBS)

$(B)/isa/%.elf: tests/isa/%.S $(wildcard tests/isa/*.h) guest/baremetal/link.ld
	@mkdir -p $(dir $@)
	$(Q)$(RV_CC) $(RV_FLAGS) -Itests/isa $< -o $@

UNIT_BINS := $(patsubst tests/unit/%.c,$(BA)/tests/unit/%,$(UNIT_SRCS))
ISA_ELFS := $(patsubst tests/isa/%.S,$(B)/isa/%.elf,$(ISA_SRCS))

asan: $(BA)/rvreplay
isa: $(ISA_ELFS)

deps:
	@.ci/install-deps

build-all: $(B)/rvreplay $(BA)/rvreplay $(UNIT_BINS) $(ISA_ELFS)

# The guest build is cached outside the tree (guest/build.sh), so after the
# first time this costs a few seconds.
test:
	@$(MAKE) --no-print-directory -j$(NPROC) build-all
	@guest/build.sh >/dev/null
	@tests/run.sh

demo:
	@$(MAKE) --no-print-directory -j$(NPROC) $(B)/rvreplay
	@guest/build.sh >/dev/null
	@guest/demo.sh

bench: $(B)/rvreplay
	@guest/build.sh >/dev/null
	@bench/all.sh

guest:
	@guest/build.sh

clean:
	rm -rf $(B) $(BA)

-include $(shell find $(B) $(BA) -name '*.d' 2>/dev/null)
