#!/usr/bin/env bash
# Starts kinesis-local (a Kinesis mock with EFO and resharding, from npm) on 127.0.0.1 for local runs.
#   local-stack/kinesis-local/start.sh [STREAM[:SHARDS]]...     e.g. start.sh fleet:2
# Plain HTTP on $KINESIS_LOCAL_PORT (default 4568), HTTPS (self-signed) on $KINESIS_LOCAL_TLS_PORT (4567).
# Clients must sign with the same access key to see the same streams: use AWS_ACCESS_KEY_ID=000000000000.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PREFIX="${FLEETLAKE_NPM_CACHE:-$HOME/.cache/fleetlake/npm}"
PKG="$PREFIX/node_modules/kinesis-local"
PLAIN_PORT="${KINESIS_LOCAL_PORT:-4568}"
TLS_PORT="${KINESIS_LOCAL_TLS_PORT:-4567}"
STATE="$ROOT/target/kinesis-local"
mkdir -p "$STATE"

if [ -f "$STATE/pid" ] && kill -0 "$(cat "$STATE/pid")" 2>/dev/null; then
  echo "kinesis-local already running (pid $(cat "$STATE/pid")) on http://127.0.0.1:$PLAIN_PORT" >&2
  exit 0
fi
if [ ! -f "$PKG/main.js" ]; then
  echo "kinesis-local: installing kinesis-local@0.6.2 into $PREFIX ..." >&2
  npm install --prefix "$PREFIX" --no-audit --no-fund --no-save kinesis-local@0.6.2 >&2
fi

for port in "$PLAIN_PORT" "$TLS_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "kinesis-local: port $port is already in use; set KINESIS_LOCAL_PORT / KINESIS_LOCAL_TLS_PORT" >&2
    exit 1
  fi
done

STREAMS=$(IFS=,; echo "$*")
# An empty INITIALIZE_STREAMS is a configuration error for kinesis-local: only set it when streams are given.
if [ -n "$STREAMS" ]; then export INITIALIZE_STREAMS="$STREAMS"; else unset INITIALIZE_STREAMS; fi
# kinesis-local listens on 0.0.0.0 and has no option for that: loopback.js forces its sockets onto 127.0.0.1.
KINESIS_MOCK_CERT_PATH="$PKG/server.json" KINESIS_MOCK_PLAIN_PORT="$PLAIN_PORT" KINESIS_MOCK_TLS_PORT="$TLS_PORT" \
AWS_REGION="${AWS_REGION:-us-east-1}" LOG_LEVEL="${KINESIS_LOCAL_LOG_LEVEL:-WARN}" \
  nohup node --require "$HERE/loopback.js" "$PKG/main.js" >"$STATE/kinesis-local.log" 2>&1 &
echo $! >"$STATE/pid"

for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$PLAIN_PORT") 2>/dev/null; then
    echo "kinesis-local: pid $(cat "$STATE/pid"), http://127.0.0.1:$PLAIN_PORT (https on $TLS_PORT)${STREAMS:+, streams $STREAMS}; log $STATE/kinesis-local.log"
    exit 0
  fi
  if ! kill -0 "$(cat "$STATE/pid")" 2>/dev/null; then
    echo "kinesis-local exited; see $STATE/kinesis-local.log" >&2
    exit 1
  fi
  sleep 0.3
done
echo "kinesis-local did not listen within 30 s; see $STATE/kinesis-local.log" >&2
exit 1
