# Shared by local-stack/start, stop, status, submit and smoke (sourced, not run).
#
# Everything runs on 127.0.0.1. Runtime files (pids, logs, data, the lake) live in local-stack/.run/, downloads in
# local-stack/.cache/ (both gitignored). A process is only ever stopped by the PID its own start recorded, and only
# if that PID still runs a command line naming this directory (a recycled PID is left alone).

LS_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LS_ROOT=$(dirname "$LS_HOME")
LS_RUN="$LS_HOME/.run"
LS_CACHE="$LS_HOME/.cache"

# Ports (override with the environment when one is taken).
FLINK_REST_PORT=${FLEETLAKE_FLINK_PORT:-8081}
FLINK_RPC_PORT=${FLEETLAKE_FLINK_RPC_PORT:-6123}
MQTT_PORT=${FLEETLAKE_MQTT_PORT:-1883}
KINESIS_PORT=${FLEETLAKE_KINESIS_PORT:-4568}
KINESIS_TLS_PORT=${FLEETLAKE_KINESIS_TLS_PORT:-4567}
S3_PORT=${FLEETLAKE_S3_PORT:-9000}
# moto_server: Glue, SNS, SQS, IoT registry, Timestream (write) with state, for local runs (local-stack/start aws).
AWS_PORT=${FLEETLAKE_AWS_PORT:-5000}
AWS_ENDPOINT="http://127.0.0.1:$AWS_PORT"
AWS_STANDIN_REGION=us-east-1

# Local credentials. kinesis-local maps a 12-digit access key to that account; the stream below lives in it.
KINESIS_ACCESS_KEY=000000000000
KINESIS_SECRET_KEY=local
KINESIS_REGION=us-east-1
KINESIS_STREAM=${FLEETLAKE_KINESIS_STREAM:-fleet-telemetry}
KINESIS_SHARDS=${FLEETLAKE_KINESIS_SHARDS:-2}
S3_ACCESS_KEY=local
S3_SECRET_KEY=local-secret
S3_BUCKET=fleetlake

KINESIS_LOCAL_PACKAGE=kinesis-local@0.6.2

FLINK_WEB_URL="http://127.0.0.1:$FLINK_REST_PORT"

# Flink 1.20 on Java 17: the module openings of Flink's default env.java.opts.all (as in ./fleetlake).
FLINK_JAVA17_OPTS=(
  --add-exports=java.base/sun.net.util=ALL-UNNAMED
  --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.text=ALL-UNNAMED
  --add-opens=java.base/java.time=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED
)

# The services start starts, in start order (stop goes backwards). TASKMANAGERS=N start adds taskmanager2..N.
LS_SERVICES=(mosquitto kinesis s3 aws jobmanager taskmanager)

# The extra TaskManagers (taskmanager2, ...) that have a PID file, in start order.
extra_taskmanagers() {
  local f
  for f in "$LS_RUN"/pids/taskmanager[0-9]*.pid; do
    [ -e "$f" ] && basename "$f" .pid
  done | sort -V
}

log() { echo "local-stack: $*" >&2; }
die() { echo "local-stack: ERROR: $*" >&2; exit 1; }

# A property from the project's pom.xml (one place for versions).
pom_property() {
  sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$LS_ROOT/pom.xml" | head -1
}

pid_file() { echo "$LS_RUN/pids/$1.pid"; }

# The PID of a service this stack started, if it still runs; empty otherwise.
service_pid() {
  local f pid
  f=$(pid_file "$1")
  [ -f "$f" ] || return 0
  pid=$(cat "$f")
  if [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "$LS_HOME/"; then
    echo "$pid"
  fi
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Fails when a port this stack needs is held by something else.
require_free_port() {
  local name=$1 port=$2 env=$3
  if port_open "$port"; then
    die "$name: port 127.0.0.1:$port is already in use by another process; free it or set $env"
  fi
}

# launch NAME LOGFILE COMMAND...: starts COMMAND detached (own session, no stdin), records its PID.
launch() {
  local name=$1 logfile=$2
  shift 2
  mkdir -p "$LS_RUN/pids" "$(dirname "$logfile")"
  setsid "$@" >>"$logfile" 2>&1 </dev/null &
  echo $! >"$(pid_file "$name")"
}

# wait_port NAME PORT SECONDS LOGFILE: waits until the service listens; fails naming its log otherwise.
wait_port() {
  local name=$1 port=$2 secs=$3 logfile=$4 i
  for ((i = 0; i < secs * 5; i++)); do
    port_open "$port" && return 0
    if [ -z "$(service_pid "$name")" ]; then
      tail -n 20 "$logfile" >&2 || true
      die "$name exited during start-up; log: $logfile"
    fi
    sleep 0.2
  done
  tail -n 20 "$logfile" >&2 || true
  die "$name did not listen on 127.0.0.1:$port within ${secs}s; log: $logfile"
}

# Installs Debian packages that are missing (root: apt-get; otherwise sudo). 'apt-get update' runs once.
apt_install() {
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || die "need Debian packages $*; install them (apt-get install $*) or run as root"
    sudo=sudo
  fi
  mkdir -p "$LS_CACHE"
  if [ ! -f "$LS_CACHE/apt-updated" ]; then
    log "apt-get update"
    $sudo apt-get update -qq >"$LS_CACHE/apt.log" 2>&1 || { tail "$LS_CACHE/apt.log" >&2; die "apt-get update failed"; }
    touch "$LS_CACHE/apt-updated"
  fi
  log "apt-get install $*"
  # policy-rc.d / no systemd: the package's own service is not started; this stack runs its own instance.
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >>"$LS_CACHE/apt.log" 2>&1 \
    || { tail "$LS_CACHE/apt.log" >&2; die "apt-get install $* failed (log: $LS_CACHE/apt.log)"; }
}

# Runs Maven offline when everything is cached, online otherwise.
mvn_quiet() {
  mvn -q -B -o -Dstyle.color=never "$@" >/dev/null 2>&1 || mvn -q -B -Dstyle.color=never "$@"
}

FLINK_VERSION=$(pom_property flink.version)
FLINK_LIB="$LS_CACHE/flink-$FLINK_VERSION/lib"
FLINK_CONF="$LS_RUN/flink/conf"
FLINK_LOGS="$LS_RUN/flink/log"

# The local cluster's lib/ (a Flink distribution's jars, from Maven).
ensure_flink_lib() {
  if [ -f "$FLINK_LIB/.complete" ]; then
    return
  fi
  log "downloading Flink $FLINK_VERSION (runtime, clients, web UI, table) from Maven into $FLINK_LIB"
  rm -rf "$FLINK_LIB"
  mkdir -p "$FLINK_LIB"
  mvn_quiet -f "$LS_HOME/flink-dist/pom.xml" dependency:copy-dependencies -DoutputDirectory="$FLINK_LIB" \
    -Dflink.version="$FLINK_VERSION" -Dlog4j.version="$(pom_property log4j.version)" \
    || die "could not fetch the Flink $FLINK_VERSION artifacts"
  touch "$FLINK_LIB/.complete"
}

flink_classpath() {
  local cp="" j
  for j in "$FLINK_LIB"/*.jar; do cp="$cp${cp:+:}$j"; done
  echo "$cp"
}

# GET_JM_RESOURCE_PARAMS / GET_TM_RESOURCE_PARAMS, as Flink's bin/config.sh: two result lines, JVM options then
# dynamic -D properties. Prints them as two lines.
bash_java_utils() {
  local out lines
  out=$(java -classpath "$(flink_classpath)" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" \
    --configDir "$FLINK_CONF" 2>&1 | tail -n 1000) || { echo "$out" >&2; die "BashJavaUtils $1 failed"; }
  lines=$(echo "$out" | grep '^BASH_JAVA_UTILS_EXEC_RESULT:' | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://')
  if [ "$(echo "$lines" | grep -c .)" != 2 ]; then
    echo "$out" >&2
    die "BashJavaUtils $1: expected 2 result lines"
  fi
  echo "$lines"
}

# GET on the Flink REST API (empty output when it does not answer).
flink_get() {
  curl -sf --max-time 5 "$FLINK_WEB_URL$1" || true
}

# Running jobs as "ID NAME STATE" lines.
flink_jobs() {
  flink_get /jobs/overview | jq -r '.jobs[]? | "\(.jid) \(.name) \(.state)"'
}

require_tools() {
  local missing=() t
  for t in "$@"; do command -v "$t" >/dev/null || missing+=("$t"); done
  if [ ${#missing[@]} -gt 0 ]; then
    apt_install "${missing[@]}"
  fi
}
