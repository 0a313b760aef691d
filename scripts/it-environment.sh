#!/usr/bin/env bash
# Provisions what graph-it's integration tests (Testcontainers) need, on a Debian 12 machine with
# no image registry reachable. Used by .ci/run; a person can run it too.
#
#   scripts/it-environment.sh            make sure a Docker engine runs, build missing or outdated images
#   scripts/it-environment.sh app-image  only (re)build hybrid-graph-sync/app:test from graph-app's jar
#                                        (graph-it's pre-integration-test phase calls this)
#   scripts/it-environment.sh stop       stop the engine this script started (no-op otherwise)
#   scripts/it-environment.sh status     say whether the engine runs and which images exist
#
# The engine: an engine that already answers `docker info` is reused. Otherwise Debian's docker.io
# is installed when `dockerd` is missing and dockerd is started with its own data and exec roots
# under /var/lib/hybridgraph-docker (pidfile and log there too); `stop` ends only that dockerd.
#
# The images, built from local sources only (nothing is pulled):
#   debian:bookworm-slim               debootstrap --variant=minbase bookworm + docker import
#   hybrid-graph-sync/local-d1:test    the host's Node 20 binary + local-d1/ with its node_modules
#   hybrid-graph-sync/app:test         Debian's openjdk-17-jre-headless and python3 + graph-app/target/hybrid-graph-sync.jar
#                                      + scripts/python-memory-service.py
# Each image carries a label with a hash of its inputs and is rebuilt when they change.
#
# The Testcontainers settings these machines need (TESTCONTAINERS_RYUK_DISABLED=true,
# TESTCONTAINERS_HOST_OVERRIDE=localhost, TESTCONTAINERS_CHECKS_DISABLE=true) are set by failsafe's
# <environmentVariables> in graph-it/pom.xml, so `mvn verify` needs nothing exported.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

STATE_DIR=${HYBRIDGRAPH_DOCKER_DIR:-/var/lib/hybridgraph-docker}
DATA_ROOT=$STATE_DIR/data
EXEC_ROOT=$STATE_DIR/exec
PIDFILE=$STATE_DIR/dockerd.pid
LOGFILE=$STATE_DIR/dockerd.log
START_TIMEOUT=${HYBRIDGRAPH_DOCKER_START_TIMEOUT:-60}

BASE_IMAGE=debian:bookworm-slim
BASE_RECIPE="debootstrap --variant=minbase bookworm (recipe 1)"
D1_IMAGE=hybrid-graph-sync/local-d1:test
APP_IMAGE=hybrid-graph-sync/app:test
LABEL=io.hybridgraph.inputs
DOCKER_DIR=$ROOT/graph-it/src/test/docker
WORK_DIR=$ROOT/graph-it/target/docker

log() { echo "it-environment: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Runs "$@" and reports how long it took.
timed() {
  local what=$1; shift
  local start elapsed
  start=$(date +%s%N)
  "$@"
  elapsed=$((($(date +%s%N) - start) / 1000000))
  log "$(printf '%s took %d.%03d s' "$what" $((elapsed / 1000)) $((elapsed % 1000)))"
}

engine_answers() { docker info >/dev/null 2>&1; }

own_dockerd_pid() {
  [ -f "$PIDFILE" ] || return 1
  local pid
  pid=$(cat "$PIDFILE" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = dockerd ] || return 1
  echo "$pid"
}

apt_install() {
  log "installing $* with apt"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

install_engine() {
  command -v dockerd >/dev/null 2>&1 || apt_install docker.io
}

start_engine() {
  mkdir -p "$DATA_ROOT" "$EXEC_ROOT"
  log "starting dockerd (data root $DATA_ROOT, exec root $EXEC_ROOT, log $LOGFILE)"
  # setsid: the engine outlives this script (and the shell of .ci/run) until `stop`.
  setsid dockerd --data-root "$DATA_ROOT" --exec-root "$EXEC_ROOT" --pidfile "$PIDFILE" \
    >"$LOGFILE" 2>&1 </dev/null &
  local waited=0
  until engine_answers; do
    if [ "$waited" -ge $((START_TIMEOUT * 10)) ]; then
      tail -n 30 "$LOGFILE" >&2 || true
      die "dockerd did not answer 'docker info' within ${START_TIMEOUT} s (log: $LOGFILE)"
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
}

ensure_engine() {
  command -v docker >/dev/null 2>&1 || apt_install docker.io
  if engine_answers; then
    log "reusing the running Docker engine"
    return
  fi
  timed "engine install (if needed)" install_engine
  timed "engine start" start_engine
}

stop_engine() {
  local pid
  if ! pid=$(own_dockerd_pid); then
    log "no dockerd started by this script is running (pidfile $PIDFILE)"
    rm -f "$PIDFILE"
    return 0
  fi
  log "stopping dockerd $pid"
  kill -TERM "$pid"
  local waited=0
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$waited" -ge 300 ]; then
      log "dockerd $pid still runs after 30 s, sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  rm -f "$PIDFILE"
  log "dockerd stopped"
}

image_label() {
  docker image inspect --format "{{ index .Config.Labels \"$LABEL\" }}" "$1" 2>/dev/null || true
}

hash_of() { cat "$@" | sha256sum | cut -c1-32; }

run_debootstrap() {
  debootstrap --variant=minbase bookworm "$1" http://deb.debian.org/debian >"$STATE_DIR/debootstrap.log" 2>&1
}

import_rootfs() {
  tar -C "$1" -c . | docker import \
    --change "LABEL $LABEL=$(echo "$BASE_RECIPE" | sha256sum | cut -c1-32)" \
    --change 'CMD ["bash"]' - "$BASE_IMAGE" >/dev/null
}

build_base_image() {
  command -v debootstrap >/dev/null 2>&1 || apt_install debootstrap
  local rootfs
  rootfs=$(mktemp -d /var/tmp/hybridgraph-rootfs.XXXXXX)
  log "debootstrap --variant=minbase bookworm into $rootfs"
  timed "debootstrap" run_debootstrap "$rootfs" || {
    tail -n 30 "$STATE_DIR/debootstrap.log" >&2
    rm -rf "$rootfs"
    die "debootstrap failed (log: $STATE_DIR/debootstrap.log)"
  }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  timed "docker import" import_rootfs "$rootfs"
  rm -rf "$rootfs"
}

ensure_base_image() {
  local want
  want=$(echo "$BASE_RECIPE" | sha256sum | cut -c1-32)
  if [ "$(image_label "$BASE_IMAGE")" = "$want" ]; then
    log "$BASE_IMAGE is up to date"
    return
  fi
  if docker image inspect "$BASE_IMAGE" >/dev/null 2>&1 && [ -z "${HYBRIDGRAPH_REBUILD_BASE:-}" ]; then
    # An image of that name not made here (e.g. pulled elsewhere) serves just as well.
    log "$BASE_IMAGE exists (not made by this script); keeping it"
    return
  fi
  mkdir -p "$STATE_DIR"
  build_base_image
}

ensure_d1_image() {
  local node_bin ctx want
  node_bin=$(command -v node) || die "node (Node 20) is needed on the host to build $D1_IMAGE"
  if [ ! -d "$ROOT/local-d1/node_modules/miniflare" ]; then
    log "installing local-d1's packages (npm ci)"
    (cd "$ROOT/local-d1" && npm ci --no-audit --no-fund >/dev/null)
  fi
  want=$( (
    cat "$DOCKER_DIR/local-d1/Dockerfile" "$ROOT/local-d1/server.mjs" "$ROOT/local-d1/worker.mjs" \
      "$ROOT/local-d1/package.json" "$ROOT/local-d1/package-lock.json"
    "$node_bin" -v
    image_label "$BASE_IMAGE"
  ) | sha256sum | cut -c1-32)
  if [ "$(image_label "$D1_IMAGE")" = "$want" ]; then
    log "$D1_IMAGE is up to date"
    return
  fi
  ctx=$WORK_DIR/local-d1
  rm -rf "$ctx"
  mkdir -p "$ctx/local-d1"
  cp "$DOCKER_DIR/local-d1/Dockerfile" "$ctx/"
  cp "$(readlink -f "$node_bin")" "$ctx/node"
  cp -a "$ROOT/local-d1/server.mjs" "$ROOT/local-d1/worker.mjs" "$ROOT/local-d1/package.json" \
    "$ROOT/local-d1/node_modules" "$ctx/local-d1/"
  timed "local-d1 image build" docker build -q --label "$LABEL=$want" -t "$D1_IMAGE" "$ctx" >/dev/null
  rm -rf "$ctx"
}

# Builds the app image from graph-app's jar; `required` makes a missing jar an error.
ensure_app_image() {
  local jar=$ROOT/graph-app/target/hybrid-graph-sync.jar ctx want
  if [ ! -f "$jar" ]; then
    [ "${1:-}" = required ] && die "$jar is missing; build graph-app first (mvn -B -pl graph-it -am verify does)"
    log "$jar is not built yet; graph-it's pre-integration-test phase builds $APP_IMAGE"
    return
  fi
  want=$(hash_of "$DOCKER_DIR/app/Dockerfile" "$DOCKER_DIR/app/entrypoint.sh" "$jar" \
    "$ROOT/scripts/python-memory-service.py" <(image_label "$BASE_IMAGE"))
  if [ "$(image_label "$APP_IMAGE")" = "$want" ]; then
    log "$APP_IMAGE is up to date"
    return
  fi
  ctx=$WORK_DIR/app
  rm -rf "$ctx"
  mkdir -p "$ctx"
  cp "$DOCKER_DIR/app/Dockerfile" "$DOCKER_DIR/app/entrypoint.sh" "$jar" \
    "$ROOT/scripts/python-memory-service.py" "$ctx/"
  timed "app image build" docker build -q --label "$LABEL=$want" -t "$APP_IMAGE" "$ctx" >/dev/null
  rm -rf "$ctx"
  # The previous app image, now untagged, is of no use.
  docker image prune -f --filter "label=$LABEL" >/dev/null 2>&1 || true
}

require_engine() {
  engine_answers || die "no Docker engine answers 'docker info'; run scripts/it-environment.sh first"
}

case "${1:-up}" in
  up)
    ensure_engine
    ensure_base_image
    ensure_d1_image
    ensure_app_image optional
    log "ready: $(docker image ls --format '{{.Repository}}:{{.Tag}}' | grep -E 'bookworm-slim|hybrid-graph-sync' | tr '\n' ' ')"
    ;;
  app-image)
    require_engine
    ensure_app_image required
    ;;
  stop)
    stop_engine
    ;;
  status)
    if engine_answers; then log "engine: running"; else log "engine: not running"; fi
    if pid=$(own_dockerd_pid); then log "dockerd started by this script: pid $pid"; fi
    engine_answers && docker image ls | grep -E 'REPOSITORY|bookworm-slim|hybrid-graph-sync' >&2 || true
    ;;
  *)
    echo "usage: $0 [up|app-image|stop|status]" >&2
    exit 2
    ;;
esac
