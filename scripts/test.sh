#!/usr/bin/env bash
# Runs every test of the solution against real services (PostgreSQL, RabbitMQ, libvirt,
# Open vSwitch), after making sure those are installed and running.
#
#   scripts/test.sh                                  # everything
#   scripts/test.sh --filter 'FullyQualifiedName~Decider'   # extra args go to `dotnet test`
#
# Exit code: that of `dotnet test` (or of the first failing phase before it).
# Phases: install-deps, services, image (scripts/build-image.sh), build, test.
# Env: PROVISIONING_TEST_HANG_TIMEOUT (default 20m): a single test running longer than this
#      is reported (with its name) and its test host killed, instead of hanging the run.
#      PROVISIONING_TEST_IMAGE: a prebuilt guest image (with its .sha256 beside it) to test
#      with instead of building or finding scripts/build-image.sh's.
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$PROVISIONING_ROOT"

run_phase() { # run_phase NAME COMMAND... : timed; stops the script on failure
  local rc=0
  phase_begin "$1"; shift
  "$@" || rc=$?
  if ((rc != 0)); then phase_end "FAILED (exit $rc)"; exit "$rc"; fi
  phase_end
}

run_phase install-deps scripts/install-deps.sh
run_phase services as_root "$PROVISIONING_ROOT/scripts/services.sh" start

# The guest image OS-level tests boot (scripts/build-image.sh: cached by its inputs, so this is
# instant after the first build). The tests read its path from PROVISIONING_TEST_IMAGE (the kit's
# TestImage); one given by the caller is used as it is.
# shellcheck disable=SC2317 # called through run_phase
image_phase() {
  if [[ -n ${PROVISIONING_TEST_IMAGE:-} ]]; then
    log "test image given: $PROVISIONING_TEST_IMAGE"
  else
    local out
    out="$(as_root "$PROVISIONING_ROOT/scripts/build-image.sh")" || return
    PROVISIONING_TEST_IMAGE="${out##*$'\n'}"
  fi
  [[ -f $PROVISIONING_TEST_IMAGE && -s $PROVISIONING_TEST_IMAGE.sha256 ]] ||
    { warn "no image (or no .sha256 beside it) at $PROVISIONING_TEST_IMAGE"; return 1; }
  export PROVISIONING_TEST_IMAGE
  log "test image: $PROVISIONING_TEST_IMAGE"
}
run_phase image image_phase

# The tests get the same configuration as the app would (connection string, broker,
# libvirt URI, detected OVS datapath and CPU mode).
# shellcheck source=lib/config.sh
source scripts/lib/config.sh

# Build once, separately: compile errors show up as such, and the build time is visible.
run_phase build dotnet build Provisioning.sln -c Release

RESULTS_DIR="$PROVISIONING_ROOT/TestResults"
# Only this run's results: the closing tally below sums every .trx in the folder.
rm -rf "$RESULTS_DIR"
rc=0
phase_begin test
# console;verbosity=normal: one line per test (Passed/Failed/Skipped) plus the totals.
# trx: machine-readable results under TestResults/ for CI to keep.
# blame-hang: a hung test is named and killed instead of eating the CI time budget.
dotnet test Provisioning.sln -c Release --no-build \
  --logger "console;verbosity=normal" \
  --logger trx \
  --results-directory "$RESULTS_DIR" \
  --blame-hang-timeout "${PROVISIONING_TEST_HANG_TIMEOUT:-20m}" --blame-hang-dump-type none \
  "$@" || rc=$?
if ((rc == 0)); then phase_end; else phase_end "FAILED (exit $rc)"; fi
log "test results (trx): $RESULTS_DIR"
# One plain closing line over all test projects ("N passed, N failed, N skipped"), summed from
# the .trx counters, so a reader (or CI) need not add up three per-project summaries.
passed=0 failed=0 skipped=0
for trx in "$RESULTS_DIR"/*.trx; do
  [[ -e "$trx" ]] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n1)
  get() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  passed=$((passed + $(get passed))); failed=$((failed + $(get failed)))
  skipped=$((skipped + $(get notExecuted)))
done
if ((rc != 0 && failed == 0)); then failed=1; fi  # a crashed test host reports no failures: count it
echo "tests: $passed passed, $failed failed, $skipped skipped"
# The failed tests again, with their messages, as the last thing printed: CI keeps only the
# tail of a long log, and a failure among 900 passing lines is otherwise out of sight.
if ((failed > 0)); then
  for trx in "$RESULTS_DIR"/*.trx; do
    [[ -e "$trx" ]] || continue
    awk '
      /<UnitTestResult / && /outcome="Failed"/ {
        name = $0; sub(/.*testName="/, "", name); sub(/".*/, "", name)
        print "FAILED " name; failing = 1; shown = 0 }
      failing && /<Message>/ { inmsg = 1; sub(/.*<Message>/, "") }
      failing && inmsg {
        done = sub(/<\/Message>.*/, "")
        if (shown++ < 15) print "    " $0
        if (done) { inmsg = 0; failing = 0 } }
    ' "$trx" | sed -e 's/&quot;/"/g' -e 's/&lt;/</g' -e 's/&gt;/>/g' -e "s/&apos;/'/g" -e 's/&amp;/\&/g'
  done
fi
if ((rc != 0)); then
  # A failure caused by a service that died mid-run should say so right here.
  log "service status after the failed run:"
  as_root "$PROVISIONING_ROOT/scripts/services.sh" status >&2 || true
fi
exit "$rc"
