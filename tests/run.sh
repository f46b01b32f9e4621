#!/usr/bin/env bash
# Runs every test of rvreplay and ends with "N passed, N failed".
#   unit tests    build-asan/tests/unit/test_*      (ASan + UBSan)
#   ISA tests     build/isa/*.elf under rvreplay (ASan build) and QEMU
#   scripts       tests/**/test_*.sh  (exit 0 pass, 77 skipped)
# Set TESTS=pattern to run only the tests whose name matches.
# SPDX-License-Identifier: MIT
set -u
cd "$(dirname "$0")/.."
export RVREPLAY="$PWD/build/rvreplay"
export RVREPLAY_ASAN="$PWD/build-asan/rvreplay"
export BUILD="$PWD/build"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
pattern="${TESTS:-}"
logdir="$BUILD/test-logs"
mkdir -p "$logdir"
passed=0 failed=0 skipped=0
failures=()

# run NAME TIMEOUT COMMAND...: records the result of one test.
run() {
    local name=$1 limit=$2
    shift 2
    if [[ -n "$pattern" && "$name" != *$pattern* ]]; then
        return
    fi
    local log="$logdir/${name//\//_}.log" start=$SECONDS rc
    timeout --kill-after=10 "$limit" "$@" </dev/null >"$log" 2>&1
    rc=$?
    if [[ $rc -eq 0 ]]; then
        passed=$((passed + 1))
        printf 'PASS  %-48s %4ds\n' "$name" $((SECONDS - start))
    elif [[ $rc -eq 77 ]]; then
        skipped=$((skipped + 1))
        printf 'SKIP  %-48s %s\n' "$name" "$(tail -n 1 "$log")"
    else
        failed=$((failed + 1))
        failures+=("$name")
        printf 'FAIL  %-48s (exit %d, log %s)\n' "$name" "$rc" "$log"
        tail -n 15 "$log" | sed 's/^/      /'
    fi
}

for t in build-asan/tests/unit/test_*; do
    [[ -x "$t" ]] && run "unit/$(basename "$t")" 300 "$t"
done

have_qemu=0
command -v qemu-system-riscv64 >/dev/null && have_qemu=1
for elf in build/isa/*.elf; do
    [[ -f "$elf" ]] || continue
    name=$(basename "$elf" .elf)
    run "isa/$name" 60 "$RVREPLAY_ASAN" run --bios none --kernel "$elf" \
        --max-insns 200000000
    if [[ $have_qemu -eq 1 ]]; then
        run "isa-qemu/$name" 60 qemu-system-riscv64 -M virt -bios none \
            -kernel "$elf" -nographic -serial stdio -monitor none
    fi
done

while IFS= read -r script; do
    name=${script#tests/}
    run "${name%.sh}" 1800 "$script"
done < <(find tests -name 'test_*.sh' -type f -perm -u+x | sort)

echo
if [[ ${#failures[@]} -gt 0 ]]; then
    echo "failed: ${failures[*]}"
fi
echo "$passed passed, $failed failed, $skipped skipped"
[[ $failed -eq 0 ]]
