#!/usr/bin/env bash
# Stops the local D1 server started by start.sh.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PID_FILE="$HERE/.run/local-d1.pid"
URL_FILE="$HERE/.run/local-d1.url"
STOP_TIMEOUT="${LOCAL_D1_STOP_TIMEOUT:-10}"

is_our_server() {
  local pid="$1"
  kill -0 "$pid" 2>/dev/null || return 1
  if [ -r "/proc/$pid/cmdline" ]; then
    tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q "server.mjs"
  else
    ps -p "$pid" -o command= 2>/dev/null | grep -q "server.mjs"
  fi
}

if [ ! -f "$PID_FILE" ]; then
  echo "local-d1 is not running (no pid file at $PID_FILE)"
  exit 0
fi
PID="$(cat "$PID_FILE" 2>/dev/null || true)"
if [ -z "$PID" ] || ! is_our_server "$PID"; then
  rm -f "$PID_FILE" "$URL_FILE"
  echo "local-d1 is not running (removed stale pid file for pid ${PID:-none})"
  exit 0
fi

kill -TERM "$PID" 2>/dev/null || true
DEADLINE=$((SECONDS + STOP_TIMEOUT))
while kill -0 "$PID" 2>/dev/null && [ "$SECONDS" -lt "$DEADLINE" ]; do
  sleep 0.1
done
if kill -0 "$PID" 2>/dev/null; then
  echo "local-d1 (pid $PID) did not stop within ${STOP_TIMEOUT} s after SIGTERM; sending SIGKILL" >&2
  kill -KILL "$PID" 2>/dev/null || true
fi
rm -f "$PID_FILE" "$URL_FILE"
echo "local-d1 stopped (pid $PID)"
