#!/usr/bin/env bash
# Stops the kinesis-local started by start.sh (by its PID). Its streams live in memory and are gone afterwards.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PIDFILE="$HERE/../../target/kinesis-local/pid"
if [ ! -f "$PIDFILE" ]; then
  echo "kinesis-local: not running (no $PIDFILE)" >&2
  exit 0
fi
PID=$(cat "$PIDFILE")
if kill -0 "$PID" 2>/dev/null; then
  kill "$PID"
  for _ in $(seq 1 50); do kill -0 "$PID" 2>/dev/null || break; sleep 0.2; done
  kill -0 "$PID" 2>/dev/null && kill -9 "$PID"
  echo "kinesis-local: stopped (pid $PID)"
fi
rm -f "$PIDFILE"
