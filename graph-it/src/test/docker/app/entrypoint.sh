#!/bin/sh
# The app accepts plain http for the D1 endpoint only on a loopback address (D1Config), so a
# device container reaches the local D1 of the test network through a loopback forwarder:
# D1_FORWARD=HOST:PORT listens on 127.0.0.1:D1_FORWARD_LOCAL_PORT (default 8787) and forwards
# there; point HYBRID_GRAPH_D1_ENDPOINT at http://127.0.0.1:8787.
set -e
if [ -n "${D1_FORWARD:-}" ]; then
  socat "TCP-LISTEN:${D1_FORWARD_LOCAL_PORT:-8787},bind=127.0.0.1,fork,reuseaddr" "TCP:${D1_FORWARD}" &
fi
exec java ${JAVA_OPTS:-} -jar /app/hybrid-graph-sync.jar "$@"
