#!/usr/bin/env bash
# Wrapper so tests/run.sh picks up the Python test.
# SPDX-License-Identifier: MIT
exec python3 "$(dirname "$0")/test_net_smp_replay.py"
