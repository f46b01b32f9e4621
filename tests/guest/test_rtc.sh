#!/usr/bin/env bash
# tests/guest/test_rtc.sh - the goldfish RTC under rvreplay.
# SPDX-License-Identifier: MIT
#
# The guest clock starts from the host's wall clock at power-on and runs on
# guest time: `date +%Y` prints the host's year; an RTC alarm two seconds
# ahead (busybox rtcwake -m on waits for the alarm interrupt) fires; setting
# the RTC (hwclock -w) is read back (hwclock -r).
# Exit status: 0 pass, 1 fail, 77 skipped (no guest, no firmware).

set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
. tests/guest/rvreplay_guest.sh

year_before=$(date -u +%Y)
drive rtc \
    -e "expect goldfish_rtc 101000.rtc: registered as rtc0" \
    -e "expect rvreplay guest ready" \
    -e "prompt" \
    -e "run echo guest-year=\$(date -u +%Y)" \
    -e "check rtcwake -m on -s 2 && echo alarm-\$((1+1)) => alarm-2" \
    -e "check echo rtc-irqs=\$(grep 101000.rtc /proc/interrupts | awk '{print \$2}') => rtc-irqs=1" \
    -e "check date -u -s '2030-01-02 03:04:05' >/dev/null && hwclock -u -w && hwclock -u -r => Wed Jan  2" \
    -e "send poweroff -f" \
    -e "exit 0" \
    -- "$RVREPLAY" run --stats || exit 1
year_after=$(date -u +%Y)

guest_year=$(grep -o 'guest-year=[0-9]*' "$LOG_DIR/rtc.log" | tail -n 1)
guest_year=${guest_year#guest-year=}
if [ "$guest_year" != "$year_before" ] && [ "$guest_year" != "$year_after" ]; then
    echo "FAIL guest year '$guest_year', host year $year_before"
    exit 1
fi
echo "guest year $guest_year matches the host"
