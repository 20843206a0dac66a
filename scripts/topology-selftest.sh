#!/usr/bin/env bash
# Smoke test of a running topology (scripts/topology.sh up), done the way the Java tests see it:
# node addresses come from $BASE/topology.env and every query runs as the app user over TCP.
# For each shard: every node answers on its own port, the primary is writable, the replicas are
# in recovery / read_only and refuse a write, and a row written on the primary reaches both
# replicas. Leaves database app as it found it. Ends with "N passed, N failed"; exit 1 on a failure.
set -euo pipefail

BASE=$(realpath -m "${SHARDWISE_TOPOLOGY_DIR:-/tmp/shardwise-topology}")
ENV_FILE=$BASE/topology.env
PSQL=/usr/lib/postgresql/15/bin/psql
[[ -f $ENV_FILE ]] || { echo "no $ENV_FILE: run scripts/topology.sh up first" >&2; exit 1; }
declare -A ENV
while IFS='=' read -r k v; do ENV[$k]=$v; done <"$ENV_FILE"

for engine in ${ENV[SHARDWISE_TOPOLOGY_ENGINES]//,/ }; do
  for key in USER PASSWORD {S1,S2}_{PRIMARY,REPLICA1,REPLICA2}; do
    [[ -n ${ENV[SHARDWISE_${engine^^}_$key]:-} ]] ||
      { echo "$ENV_FILE has no SHARDWISE_${engine^^}_$key: run scripts/topology.sh up" >&2; exit 1; }
  done
done

passed=0 failed=0
expect() { # description expected actual
  if [[ $2 == "$3" ]]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $1: expected '$2', got '$3'"; fi
}

# q ENGINE PORT SQL: one value, as the app user; errors go to stderr and make the result empty.
q() {
  local user=${ENV[SHARDWISE_${1^^}_USER]} password=${ENV[SHARDWISE_${1^^}_PASSWORD]}
  if [[ $1 == pg ]]; then
    PGPASSWORD=$password "$PSQL" -X -qAt -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$2" -U "$user" -d app -c "$3"
  else
    mariadb --no-defaults -h127.0.0.1 -P"$2" -u"$user" -p"$password" app -NBe "$3"
  fi
}
port_of_url() { local p=${1##*:}; echo "${p%%/*}"; }   # jdbc:...://127.0.0.1:25432/app -> 25432

for engine in ${ENV[SHARDWISE_TOPOLOGY_ENGINES]//,/ }; do
  E=${engine^^}
  if [[ $engine == pg ]]; then
    port_sql='SELECT inet_server_port()' ro_sql='SELECT pg_is_in_recovery()' ro_yes=t ro_no=f
    upsert="INSERT INTO topology_selftest VALUES (1, 'TOKEN') ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token"
  else
    port_sql='SELECT @@port' ro_sql='SELECT @@read_only' ro_yes=1 ro_no=0
    upsert="REPLACE INTO topology_selftest VALUES (1, 'TOKEN')"
  fi
  for shard in S1 S2; do
    primary=$(port_of_url "${ENV[SHARDWISE_${E}_${shard}_PRIMARY]}")
    expect "$engine $shard primary port" "$primary" "$(q "$engine" "$primary" "$port_sql" || true)"
    expect "$engine $shard primary writable" "$ro_no" "$(q "$engine" "$primary" "$ro_sql" || true)"
    token="$engine-$shard-$(date +%s%N)"
    q "$engine" "$primary" "CREATE TABLE IF NOT EXISTS topology_selftest (id INT PRIMARY KEY, token VARCHAR(64))"
    q "$engine" "$primary" "${upsert/TOKEN/$token}"
    for replica in REPLICA1 REPLICA2; do
      port=$(port_of_url "${ENV[SHARDWISE_${E}_${shard}_${replica}]}")
      expect "$engine $shard $replica port" "$port" "$(q "$engine" "$port" "$port_sql" || true)"
      expect "$engine $shard $replica read-only" "$ro_yes" "$(q "$engine" "$port" "$ro_sql" || true)"
      seen='' deadline=$((SECONDS + 10))
      while [[ $seen != "$token" ]] && ((SECONDS < deadline)); do
        seen=$(q "$engine" "$port" "SELECT token FROM topology_selftest WHERE id = 1" 2>/dev/null || true)
        [[ $seen == "$token" ]] || sleep 0.1
      done
      expect "$engine $shard $replica sees the primary's row" "$token" "$seen"
      refused=no
      q "$engine" "$port" "INSERT INTO topology_selftest VALUES (2, 'x')" >/dev/null 2>&1 || refused=yes
      expect "$engine $shard $replica refuses writes" yes "$refused"
    done
    q "$engine" "$primary" "DROP TABLE topology_selftest"
  done
done

echo "topology-selftest: $passed passed, $failed failed"
((failed == 0))
