#!/usr/bin/env bash
# Starts the local D1 server in the background.
# Arguments are passed to server.mjs (see README.md or `node server.mjs --help`).
# Pid file: .run/local-d1.pid   log: .run/local-d1.log   URL: .run/local-d1.url
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE"
RUN_DIR="$HERE/.run"
PID_FILE="$RUN_DIR/local-d1.pid"
LOG_FILE="$RUN_DIR/local-d1.log"
URL_FILE="$RUN_DIR/local-d1.url"
START_TIMEOUT="${LOCAL_D1_START_TIMEOUT:-30}"

command -v node >/dev/null 2>&1 || { echo "local-d1: node is not installed (Node.js 20 or later is required)" >&2; exit 1; }
NODE_MAJOR="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$NODE_MAJOR" -lt 20 ]; then
  echo "local-d1: Node.js 20 or later is required, found $(node --version)" >&2
  exit 1
fi

is_our_server() {
  local pid="$1"
  kill -0 "$pid" 2>/dev/null || return 1
  if [ -r "/proc/$pid/cmdline" ]; then
    tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q "server.mjs"
  else
    ps -p "$pid" -o command= 2>/dev/null | grep -q "server.mjs"
  fi
}

if [ -f "$PID_FILE" ]; then
  OLD_PID="$(cat "$PID_FILE" 2>/dev/null || true)"
  if [ -n "$OLD_PID" ] && is_our_server "$OLD_PID"; then
    echo "local-d1 is already running (pid $OLD_PID) at $(cat "$URL_FILE" 2>/dev/null || echo 'an unknown URL')"
    exit 0
  fi
  rm -f "$PID_FILE" "$URL_FILE"
fi

PINNED="$(node -p 'require("./package.json").dependencies.miniflare')"
INSTALLED="$(node -p 'try { require("./node_modules/miniflare/package.json").version } catch { "" }')"
if [ "$INSTALLED" != "$PINNED" ]; then
  echo "local-d1: installing miniflare $PINNED (npm ci)" >&2
  npm ci --no-audit --no-fund >&2
fi

mkdir -p "$RUN_DIR"
: > "$LOG_FILE"
if command -v setsid >/dev/null 2>&1; then
  setsid node "$HERE/server.mjs" "$@" >>"$LOG_FILE" 2>&1 </dev/null &
else
  nohup node "$HERE/server.mjs" "$@" >>"$LOG_FILE" 2>&1 </dev/null &
fi
PID=$!
echo "$PID" > "$PID_FILE"

DEADLINE=$((SECONDS + START_TIMEOUT))
while :; do
  LINE="$(grep -m 1 '^local-d1 listening on ' "$LOG_FILE" 2>/dev/null || true)"
  if [ -n "$LINE" ]; then
    URL="${LINE#local-d1 listening on }"
    echo "$URL" > "$URL_FILE"
    echo "local-d1 started (pid $PID): $URL"
    exit 0
  fi
  if ! kill -0 "$PID" 2>/dev/null; then
    rm -f "$PID_FILE"
    echo "local-d1 failed to start; last lines of $LOG_FILE:" >&2
    tail -n 20 "$LOG_FILE" >&2
    exit 1
  fi
  if [ "$SECONDS" -ge "$DEADLINE" ]; then
    echo "local-d1 did not report ready within ${START_TIMEOUT} s; stopping it. Last lines of $LOG_FILE:" >&2
    tail -n 20 "$LOG_FILE" >&2
    kill -TERM "$PID" 2>/dev/null || true
    rm -f "$PID_FILE"
    exit 1
  fi
  sleep 0.1
done
