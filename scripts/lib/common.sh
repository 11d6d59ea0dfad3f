# shellcheck shell=bash
# Shared helpers for the scripts in scripts/. Source it; do not run it.
#
# Everything here is plain bash so that it works on a fresh Debian 12 machine before any
# of the project's dependencies are installed.

# Repository root, whatever the caller's working directory.
PROVISIONING_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export PROVISIONING_ROOT

# State that the service scripts own: data dirs, pid/marker files, logs. One place, so that
# "what did the scripts create on this machine" has one answer.
PROVISIONING_STATE_DIR="${PROVISIONING_STATE_DIR:-/var/lib/provisioning}"
# shellcheck disable=SC2034 # used by the scripts that source this file
PROVISIONING_RUN_DIR="$PROVISIONING_STATE_DIR/run"
# shellcheck disable=SC2034
PROVISIONING_LOG_DIR="$PROVISIONING_STATE_DIR/log"

_script_name="$(basename "${BASH_SOURCE[1]:-$0}" .sh)"

# Log lines go to stderr so that stdout stays usable for data (e.g. `status`).
log()  { printf '%s [%s] %s\n' "$(date +%H:%M:%S)" "$_script_name" "$*" >&2; }
warn() { printf '%s [%s] WARNING: %s\n' "$(date +%H:%M:%S)" "$_script_name" "$*" >&2; }
die()  { printf '%s [%s] ERROR: %s\n' "$(date +%H:%M:%S)" "$_script_name" "$*" >&2; exit 1; }

# Monotonic-enough seconds with millisecond resolution, for timings in logs.
now_ms() { date +%s%3N; }
elapsed_s() { # elapsed_s START_MS -> "1.23"
  local d=$(( $(now_ms) - $1 ))
  printf '%d.%02d' $(( d / 1000 )) $(( (d % 1000) / 10 ))
}

# wait_until TIMEOUT_SECONDS DESCRIPTION COMMAND [ARGS...]
# Polls COMMAND (quietly) until it succeeds or the deadline passes. Never a blind sleep:
# the poll interval starts small so a fast service is seen fast, and grows to 1 s.
# DESCRIPTION names the awaited state, e.g. "postgresql up" -> "postgresql up after 1.20s".
wait_until() {
  local timeout="$1" what="$2"; shift 2
  local start deadline interval=0.1
  start=$(now_ms)
  deadline=$(( start + timeout * 1000 ))
  while true; do
    if "$@" >/dev/null 2>&1; then
      log "$what after $(elapsed_s "$start")s"
      return 0
    fi
    if (( $(now_ms) >= deadline )); then
      warn "$what: still not the case after ${timeout}s"
      return 1
    fi
    sleep "$interval"
    case "$interval" in 0.1) interval=0.2 ;; 0.2) interval=0.5 ;; *) interval=1 ;; esac
  done
}

# Root, or sudo when available: the dependencies and the daemons are system-wide.
as_root() {
  if [[ $EUID -eq 0 ]]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo -E "$@"
  else die "must run as root (or with sudo available): $*"
  fi
}

require_root() {
  [[ $EUID -eq 0 ]] || die "must run as root (try: sudo $0 $*)"
}

# Is the process with the pid in FILE alive (and, optionally, named NAME)?
pidfile_alive() { # pidfile_alive FILE [NAME]
  local pid
  [[ -r "$1" ]] || return 1
  pid="$(head -n1 "$1" 2>/dev/null | tr -dc 0-9)"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  if [[ -n "${2:-}" ]]; then
    [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == "$2" ]] || return 1
  fi
}

# Phase timing: `phase_begin NAME` ... `phase_end [STATUS]`. Logged, and appended to
# $PROVISIONING_TIMINGS_FILE when set (.ci/run prints them as a table at the end).
_phase_name="" _phase_start=0
phase_begin() {
  _phase_name="$1" _phase_start=$(now_ms)
  log "=== phase: $_phase_name"
}
phase_end() {
  local status="${1:-ok}" secs
  secs="$(elapsed_s "$_phase_start")"
  log "=== phase: $_phase_name: $status in ${secs}s"
  if [[ -n "${PROVISIONING_TIMINGS_FILE:-}" ]]; then
    printf '%s\t%s\t%s\n' "$_phase_name" "$status" "$secs" >>"$PROVISIONING_TIMINGS_FILE"
  fi
}
