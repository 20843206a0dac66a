#!/usr/bin/env bash
# Runs every benchmark of docs/benchmarks.md: JMH (time and bytes per operation) and the load
# harness on H2 in memory, then on PostgreSQL and MariaDB when the real topology is up
# (scripts/topology.sh up; this script never starts or stops servers). About 12 minutes with the
# defaults; QUICK=1 is a smoke run of about 3 minutes.
#
#   scripts/bench.sh                      # everything the machine has
#   ENGINES=h2 scripts/bench.sh           # H2 only
#   QUICK=1 scripts/bench.sh              # smoke configuration, numbers not meaningful
#   JMH=0 ENGINES=pg,mariadb scripts/bench.sh   # the load harness on the real topology only
#
# Results: benchmarks/target/bench-results/{jmh.txt,jmh.json,load-<engine>-<readYourWrites>.md,machine.txt}
set -euo pipefail
cd "$(dirname "$0")/.."

ENGINES=${ENGINES:-h2,pg,mariadb}
THREADS=${THREADS:-4}
RYW=${RYW:-session}   # reads.readYourWrites of the shardwise maps (session is a map's default)
if [[ ${QUICK:-0} == 1 ]]; then
  JMH_ARGS=(-f 1 -wi 1 -w 1 -i 2 -r 1)
  ROUNDS=${ROUNDS:-2}; ROUND_SECONDS=${ROUND_SECONDS:-1}; STARTUP_RUNS=1; BATCH_ROUNDS=1; BATCH_WARMUP=1
else
  JMH_ARGS=(-f 1 -wi 3 -w 1 -i 5 -r 1)
  ROUNDS=${ROUNDS:-6}; ROUND_SECONDS=${ROUND_SECONDS:-2}; STARTUP_RUNS=5; BATCH_ROUNDS=18; BATCH_WARMUP=12
fi
OUT=benchmarks/target/bench-results
JAR=benchmarks/target/benchmarks.jar
JAVA=(java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn)

mvn -B -q verify -pl router,driver,benchmarks -am -DskipTests
mkdir -p "$OUT"

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "git: $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (dirty)')"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  free -h | sed -n 2p | awk '{print "memory: " $2 " total, " $7 " available"}'
  echo "load average (1/5/15 min) at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  java -version 2>&1 | sed -n 2p | sed 's/^/jdk: /'
} | tee "$OUT/machine.txt"

# 1. JMH: ring, cached prepared routing, plain-statement routing, ORM analysis, k-way merge, and the
#    whole JDBC path on H2. -prof gc reports gc.alloc.rate.norm = bytes allocated per operation.
if [[ ${JMH:-1} == 1 ]]; then
  "${JAVA[@]}" -jar "$JAR" "${JMH_ARGS[@]}" -prof gc -rf json -rff "$OUT/jmh.json" \
    | tee "$OUT/jmh.log" | grep -E '^(Benchmark|[A-Za-z]+Benchmark\.)' \
    | grep -vE 'gc\.(count|time)|churn|alloc\.rate +' | tee "$OUT/jmh.txt"
fi

load() { # engine, then harness arguments
  local engine=$1; shift
  "${JAVA[@]}" -cp "$JAR" io.shardwise.bench.load.LoadHarness --engine "$engine" \
    --threads "$THREADS" --rounds "$ROUNDS" --round-seconds "$ROUND_SECONDS" \
    --batch-rounds "$BATCH_ROUNDS" --batch-warmup-rounds "$BATCH_WARMUP" --read-your-writes "$RYW" "$@" | tee "$OUT/load-$engine-$RYW.md"
}

# 2. Load harness on H2 in memory (start-up figures only here: they need no server).
if [[ ,$ENGINES, == *,h2,* ]]; then
  load h2 --startup-runs "$STARTUP_RUNS"
fi

# 3. The real topology, if it is up. Direct and one-shard shardwise use database app on shard s1's
#    primary; four-shard shardwise uses schemas (PostgreSQL) or databases (MariaDB) bench_s1..4,
#    two on each primary. Only bench_* objects are created, dropped or written. Each primary's two
#    replicas (ports +1 and +2) are given as --settle-url: a batch round starts once they have
#    replayed the rounds before it.
ENV_FILE=${SHARDWISE_TOPOLOGY_DIR:-/tmp/shardwise-topology}/topology.env
if [[ -f $ENV_FILE ]]; then
  # shellcheck disable=SC1090
  source "$ENV_FILE"
fi
if [[ ,$ENGINES, == *,pg,* && -n ${SHARDWISE_PG_S1_PRIMARY:-} ]]; then
  args=(); n=0
  for p in 25432 25442 25432 25442; do
    n=$((n + 1))
    PGPASSWORD=$SHARDWISE_PG_PASSWORD psql -q -h 127.0.0.1 -p $p -U "$SHARDWISE_PG_USER" -d app \
      -c "CREATE SCHEMA IF NOT EXISTS bench_s$n" >/dev/null
    args+=(--shard-url "jdbc:postgresql://127.0.0.1:$p/app?currentSchema=bench_s$n")
    args+=(--settle-url "jdbc:postgresql://127.0.0.1:$((p + 1))/app?currentSchema=bench_s$n")
    args+=(--settle-url "jdbc:postgresql://127.0.0.1:$((p + 2))/app?currentSchema=bench_s$n")
  done
  args+=(--settle-url jdbc:postgresql://127.0.0.1:25433/app)
  args+=(--settle-url jdbc:postgresql://127.0.0.1:25434/app)
  load pg --direct-url "$SHARDWISE_PG_S1_PRIMARY" --user "$SHARDWISE_PG_USER" \
    --password "$SHARDWISE_PG_PASSWORD" --startup-runs 0 "${args[@]}"
fi
if [[ ,$ENGINES, == *,mariadb,* && -n ${SHARDWISE_MARIADB_S1_PRIMARY:-} ]]; then
  args=(); n=0
  for p in 23306 23316 23306 23316; do
    n=$((n + 1))
    mariadb --no-defaults -h 127.0.0.1 -P $p -u "$SHARDWISE_MARIADB_USER" \
      -p"$SHARDWISE_MARIADB_PASSWORD" -e "CREATE DATABASE IF NOT EXISTS bench_s$n"
    args+=(--shard-url "jdbc:mariadb://127.0.0.1:$p/bench_s$n")
    args+=(--settle-url "jdbc:mariadb://127.0.0.1:$((p + 1))/bench_s$n")
    args+=(--settle-url "jdbc:mariadb://127.0.0.1:$((p + 2))/bench_s$n")
  done
  args+=(--settle-url jdbc:mariadb://127.0.0.1:23307/app)
  args+=(--settle-url jdbc:mariadb://127.0.0.1:23308/app)
  load mariadb --direct-url "$SHARDWISE_MARIADB_S1_PRIMARY" --user "$SHARDWISE_MARIADB_USER" \
    --password "$SHARDWISE_MARIADB_PASSWORD" --startup-runs 0 "${args[@]}"
fi
echo "load average (1/5/15 min) at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/machine.txt"
