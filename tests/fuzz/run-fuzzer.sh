#!/bin/sh
# Runs one libFuzzer harness for a fixed time, as a test: it fails when the fuzzer
# finds a crash, a leak, undefined behaviour or a broken assertion of the harness.
#   run-fuzzer.sh HARNESS SEED_CORPUS WORK_DIR [DICTIONARY]
# FUZZ_SECONDS sets the time (default 20). New inputs go to WORK_DIR/corpus, never into
# the seed corpus of the source tree; an input that fails is kept in WORK_DIR/artifacts
# and its path printed.
set -eu

harness=$1
seeds=$2
work=$3
dictionary=${4:-}

mkdir -p "$work/corpus" "$work/artifacts"

export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"

set -- -max_total_time="${FUZZ_SECONDS:-20}" -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 -error_exitcode=1 -timeout_exitcode=1 \
  -artifact_prefix="$work/artifacts/"
if [ -n "$dictionary" ]; then
  set -- "$@" -dict="$dictionary"
fi

exec "$harness" "$@" "$work/corpus" "$seeds"
