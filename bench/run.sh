#!/usr/bin/env bash
# Runnel beside Apache Kafka 4.3.0 on this machine, measured in one run. See bench/README.md.
#
#   bench/run.sh [--quick] [--only NAME[,NAME]] [--reps N] [--high-rate RECORDS_PER_SEC] [--out DIR]
#                [--pinned] [--cds both|neither] [--against HOST:PORT]
#
# Workloads (--only): startup, produce-1k, produce-100b, consume, e2e, durable. A full run takes about 80 minutes.
# --pinned: broker on CPU 0, clients on CPU 1 (taskset). --cds: both brokers map a start-up class archive, or neither.
# --against HOST:PORT: only drive an already running Kafka-compatible broker (no Runnel or Kafka is started).
# Needs only JDK 17+ and Maven: Kafka's jars come from Maven Central into bench/work/ (git-ignored).
# Full runs write bench/results/<date>.{md,json,png}; --quick and --only runs write bench/work/results/.
# Environment: BENCH_HEAP (both brokers, default "-Xms1g -Xmx1g"), BENCH_RUNNEL_JVM_OPTS, BENCH_KAFKA_JVM_OPTS.
# Everything listens on 127.0.0.1 (ports 19092-19094, below the ephemeral range) and every process started is stopped on exit.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
WORK="$BENCH/work"

case "${1:-}" in
  -h|--help) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
esac
AGAINST=""
PINNED=0
args=("$@")
for i in "${!args[@]}"; do
  case "${args[$i]}" in
    --against) AGAINST="${args[$((i + 1))]:-}"; [[ -n "$AGAINST" ]] || { echo "bench: --against needs HOST:PORT" >&2; exit 2; } ;;
    --pinned) PINNED=1 ;;
  esac
done
if (( PINNED )); then
  command -v taskset >/dev/null || { echo "bench: --pinned needs taskset (util-linux)" >&2; exit 2; }
  (( $(nproc) >= 2 )) || { echo "bench: --pinned needs two CPUs, this machine gives $(nproc)" >&2; exit 2; }
fi

if [[ -n "${JAVA_HOME:-}" ]]; then JAVA="$JAVA_HOME/bin/java"; else JAVA="$(command -v java || true)"; fi
[[ -x "$JAVA" ]] || { echo "bench: java not found (JDK 17+ needed)" >&2; exit 2; }
JAVA_MAJOR="$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = //p')"
(( ${JAVA_MAJOR%%.*} >= 17 )) || { echo "bench: JDK 17+ needed, found $JAVA_MAJOR" >&2; exit 2; }
command -v mvn >/dev/null || { echo "bench: mvn not found (Maven 3.8+ needed)" >&2; exit 2; }
mkdir -p "$WORK/pids"

# Never leave a broker or client behind: stop the harness (its shutdown hook stops its children), then anything
# still listed in work/pids (the harness writes one file per live child) that is still a java or runnel process.
HARNESS_PID=""
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [[ -n "$HARNESS_PID" ]] && kill -0 "$HARNESS_PID" 2>/dev/null; then
    kill -TERM "$HARNESS_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$HARNESS_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$HARNESS_PID" 2>/dev/null || true
  fi
  for file in "$WORK"/pids/*; do
    [[ -e "$file" ]] || continue
    pid="$(basename "$file")"
    if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null \
        && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -Eq 'java|runnel'; then
      echo "bench: stopping leftover process $pid" >&2
      kill -TERM "$pid" 2>/dev/null || true
      sleep 2
      kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$file"
  done
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# 1. Runnel's distribution, built as bin/runnel would on first use (and when sources changed since). Not with
# --against, which starts no broker.
JAR="$ROOT/server/target/runnel-server.jar"
if [[ -z "$AGAINST" ]] && [[ ! -f "$JAR" || ! -d "$ROOT/server/target/lib" || -n "$(find "$ROOT" -path "$BENCH" -prune -o \
    \( -name '*.java' -o -name pom.xml -o -name '*.properties' \) -not -path '*/target/*' -newer "$JAR" -print -quit)" ]]; then
  echo "bench: building Runnel (mvn package -pl server -am)..." >&2
  (cd "$ROOT" && mvn -B -q -DskipTests -Dspotless.apply.skip=true package -pl server -am) >&2
fi
# Its start-up class archive, which the first `bin/runnel server` after a build would otherwise record on the
# clock: an install step, like formatting Kafka's storage below.
[[ -n "$AGAINST" ]] || RUNNEL_NO_BUILD=1 "$ROOT/bin/runnel" prepare

# 2. The harness, and Apache Kafka 4.3.0 with kafka-tools from Maven Central into bench/work/kafka-lib.
echo "bench: building the harness and fetching Apache Kafka 4.3.0 (mvn -f bench/pom.xml package)..." >&2
(cd "$ROOT" && mvn -B -q -f bench/pom.xml package) >&2
HARNESS_JAR="$(ls "$BENCH"/target/runnel-bench-*.jar | head -1)"

# 3. Run. In the background so that the traps above fire while it runs.
uptime_now="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || true)"
echo "bench: load average now: $uptime_now (the machine has $(nproc) cores; run when it is quiet)" >&2
"$JAVA" -Xmx256m -XX:+UseSerialGC -Djava.awt.headless=true -cp "$HARNESS_JAR" io.runnel.bench.Bench \
  --runnel-home "$ROOT" --work "$WORK" --kafka-lib "$WORK/kafka-lib" --bench-jar "$HARNESS_JAR" "$@" &
HARNESS_PID=$!
wait "$HARNESS_PID"
