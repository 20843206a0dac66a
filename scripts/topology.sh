#!/usr/bin/env bash
# The real local database topology that shardwise's integration tests run against:
# PostgreSQL 15 and MariaDB 10.11, two shards each, every shard a primary plus two replicas,
# all on 127.0.0.1 and non-standard ports, started from the installed server binaries.
# Everything (data, sockets, logs) lives in one throwaway base directory.
#
#   scripts/topology.sh up      [--engines pg,mariadb]   start (idempotent) and wait until replicating
#   scripts/topology.sh down    [--keep]                 stop every node, remove the base dir
#   scripts/topology.sh status  [--engines ...]          one line per node; non-zero if any is unhealthy
#   scripts/topology.sh env     [--engines ...]          KEY=value lines for tests (also $BASE/topology.env)
#   scripts/topology.sh kill-node  ENGINE SHARD ROLE     SIGKILL one node (pg: the postmaster and its children)
#   scripts/topology.sh start-node ENGINE SHARD ROLE     start one stopped node; wait until it replicates
#                                                        (ENGINE pg|mariadb, SHARD s1|s2, ROLE primary|replica1|replica2)
#
# Environment: SHARDWISE_TOPOLOGY_DIR (default /tmp/shardwise-topology),
# SHARDWISE_TOPOLOGY_ENGINES (default pg,mariadb), SHARDWISE_TOPOLOGY_TIMEOUT (seconds per wait, 60).
# Must run as root: PostgreSQL servers are started as the postgres user through runuser.
set -euo pipefail

BASE=$(realpath -m "${SHARDWISE_TOPOLOGY_DIR:-/tmp/shardwise-topology}")   # absolute: up cd's into it
TIMEOUT=${SHARDWISE_TOPOLOGY_TIMEOUT:-60}
ENGINES=${SHARDWISE_TOPOLOGY_ENGINES:-}
PGBIN=/usr/lib/postgresql/15/bin
PATH=$PATH:/usr/sbin:/sbin            # mariadbd lives in /usr/sbin
SOCK=$BASE/sock                       # unix sockets of every node (never /var/run: the system instances own that)
LOGS=$BASE/logs
SHARDS=(s1 s2)
REPLICAS=(replica1 replica2)
APP_USER=app APP_PASSWORD=app
REPL_PASSWORD=replicator
MY_REDO=8M                            # InnoDB redo log size: small, and the same for template and nodes

T0=${EPOCHREALTIME//[^0-9]/}          # microseconds (whatever the locale's decimal mark); logs show time since start
elapsed() { local us=$((${EPOCHREALTIME//[^0-9]/} - T0)); printf '%d.%02ds' $((us / 1000000)) $((us % 1000000 / 10000)); }
log() { printf '[%6s %s] %s\n' "$(elapsed)" "${TAG:-topology}" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
has() { [[ ",$ENGINES," == *",$1,"* ]]; }

# Ports: engine base + 10 per shard + 0 (primary), 1, 2 (replicas): pg s1 = 25432..25434, s2 = 25442..25444.
port_of() { # engine shard role
  local base=25432 r=0
  [[ $1 == mariadb ]] && base=23306
  case $3 in replica1) r=1 ;; replica2) r=2 ;; esac
  echo $((base + 10 * (${2#s} - 1) + r))
}
node_log() { echo "$LOGS/$1-$2-$3.log"; }

# Print the tail of the failing node's own log: that is where the real reason is.
fail_node() { # engine shard role message
  local f; f=$(node_log "$1" "$2" "$3")
  log "ERROR: $1 $2 $3 (port $(port_of "$1" "$2" "$3")): $4"
  if [[ -f $f ]]; then log "last lines of $f:"; tail -n 30 "$f" | sed 's/^/    /' >&2; fi
  exit 1
}

# Poll a check until it passes; bounded, so a broken node fails the run instead of hanging CI.
wait_until() { # description command...
  local what=$1 deadline=$((SECONDS + TIMEOUT)); shift
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || { log "timed out after ${TIMEOUT}s waiting for: $what"; return 1; }
    sleep 0.2
  done
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Run each "function arg..." spec as a background job; fail if any failed (each prints its own error).
parallel() {
  local spec p pids=() rc=0
  for spec in "$@"; do $spec & pids+=($!); done
  for p in "${pids[@]}"; do wait "$p" || rc=1; done
  return "$rc"
}

# A fresh CI machine should have the packages, but install them rather than fail if not.
APT_UPDATED=0
apt_install() {
  log "installing missing packages: $*"
  ((APT_UPDATED)) || { apt-get update -qq; APT_UPDATED=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
ensure_binaries() {
  if has pg && ! [[ -x $PGBIN/postgres && -x $PGBIN/pg_basebackup && -x $PGBIN/psql ]]; then
    apt_install postgresql-15 postgresql-client-15
  fi
  if has mariadb && ! command -v mariadbd mariadb-install-db mariadb mariadb-admin >/dev/null; then
    apt_install mariadb-server mariadb-client
  fi
}

# The marker guards `down` against removing a directory that is not ours (e.g. a mistyped variable).
prepare_base() {
  if [[ -d $BASE && ! -f $BASE/.shardwise-topology && -n $(ls -A "$BASE") ]]; then
    die "$BASE exists, is not empty and is not a shardwise topology directory; refusing to use it"
  fi
  # A unix socket path is limited to 107 bytes: "<base>/sock/.s.PGSQL.25432" must fit.
  ((${#SOCK} <= 85)) || die "SHARDWISE_TOPOLOGY_DIR is too long for unix socket paths: $BASE"
  mkdir -p "$BASE/pg" "$BASE/mariadb" "$SOCK" "$LOGS"
  touch "$BASE/.shardwise-topology"
  chmod 755 "$BASE"
  chmod 1777 "$SOCK" "$LOGS"          # both engines' servers write here; pg as postgres, mariadb as root
  chown postgres: "$BASE/pg"
  runuser -u postgres -- test -w "$BASE/pg" || die "the postgres user cannot write $BASE/pg (check parent dir permissions)"
}

# ---------------------------------------------------------------- PostgreSQL
as_pg() { runuser -u postgres -- "$@"; }
pg_dir() { echo "$BASE/pg/$1-$2"; }
pg_marker() { echo "$BASE/pg/$1-$2.made"; }   # outside PGDATA, so pg_basebackup does not copy it
# Superuser over the unix socket (trust); one -c per statement so CREATE DATABASE runs outside a transaction.
pg_sql() { # port db statement...
  local port=$1 db=$2 args=() s; shift 2
  for s in "$@"; do args+=(-c "$s"); done
  PGOPTIONS='-c client_min_messages=warning' \
    "$PGBIN/psql" -X -qAt -v ON_ERROR_STOP=1 -h "$SOCK" -p "$port" -U postgres -d "$db" "${args[@]}"
}
# pg_ctl appends to the node log as postgres, so the file must be postgres's before root writes to it.
pg_log() { local f; f=$(node_log pg "$1" "$2"); touch "$f"; chown postgres: "$f"; echo "$f"; }
pg_running() { as_pg "$PGBIN/pg_ctl" status -D "$(pg_dir "$1" "$2")" >/dev/null 2>&1; }

# Node-specific settings in an included file: pg_basebackup copies the primary's, and we overwrite it.
pg_write_conf() { # shard role
  as_pg tee "$(pg_dir "$1" "$2")/shardwise.conf" >/dev/null <<EOF
listen_addresses = '127.0.0.1'
port = $(port_of pg "$1" "$2")
unix_socket_directories = '$SOCK'
shared_buffers = 32MB
max_connections = 100
wal_level = replica
max_wal_senders = 10
max_replication_slots = 10
hot_standby = on
hot_standby_feedback = on
wal_receiver_status_interval = 1s
wal_retrieve_retry_interval = 1s
fsync = off
synchronous_commit = off
full_page_writes = off
wal_init_zero = off
min_wal_size = 32MB
log_line_prefix = '%m [%p] %q%u@%d '
EOF
}

pg_start() { # shard role
  local dir port; dir=$(pg_dir "$1" "$2"); port=$(port_of pg "$1" "$2")
  pg_running "$1" "$2" && return 0
  port_busy "$port" && fail_node pg "$1" "$2" "port $port is already taken by another process"
  as_pg "$PGBIN/pg_ctl" -D "$dir" -l "$(pg_log "$1" "$2")" -w -t "$TIMEOUT" start >/dev/null ||
    fail_node pg "$1" "$2" "pg_ctl start failed"
}

pg_stop() { # shard role mode
  pg_running "$1" "$2" || return 0
  as_pg "$PGBIN/pg_ctl" -D "$(pg_dir "$1" "$2")" -m "${3:-fast}" -w -t "$TIMEOUT" stop >/dev/null ||
    fail_node pg "$1" "$2" "pg_ctl stop failed"
}

pg_destroy() { pg_stop "$1" "$2" immediate; rm -rf "$(pg_dir "$1" "$2")" "$(pg_marker "$1" "$2")"; }

pg_make_primary() { # shard
  local dir port; dir=$(pg_dir "$1" primary); port=$(port_of pg "$1" primary)
  as_pg "$PGBIN/initdb" -D "$dir" -U postgres -E UTF8 --locale=C.UTF-8 --auth-local=trust \
    --auth-host=scram-sha-256 --no-sync >>"$(pg_log "$1" primary)" 2>&1 || fail_node pg "$1" primary "initdb failed"
  as_pg tee "$dir/pg_hba.conf" >/dev/null <<EOF
local all         all                      trust
host  replication replicator 127.0.0.1/32  scram-sha-256
host  all         all        127.0.0.1/32  scram-sha-256
EOF
  echo "include_if_exists 'shardwise.conf'" | as_pg tee -a "$dir/postgresql.conf" >/dev/null
  pg_write_conf "$1" primary
  pg_start "$1" primary
  # app may read replication views and pause replay: tests simulate replica lag with it.
  pg_sql "$port" postgres \
    "CREATE ROLE $APP_USER LOGIN PASSWORD '$APP_PASSWORD'" \
    "CREATE ROLE replicator REPLICATION LOGIN PASSWORD '$REPL_PASSWORD'" \
    "CREATE DATABASE app OWNER $APP_USER" \
    "GRANT pg_monitor TO $APP_USER" >/dev/null || fail_node pg "$1" primary "creating roles failed"
  pg_sql "$port" app "GRANT EXECUTE ON FUNCTION pg_wal_replay_pause(), pg_wal_replay_resume() TO $APP_USER" \
    >/dev/null || fail_node pg "$1" primary "granting replay control failed"
  touch "$(pg_marker "$1" primary)"
  log "primary made"
}

pg_make_replica() { # shard role
  local dir pport slot; dir=$(pg_dir "$1" "$2"); pport=$(port_of pg "$1" primary); slot="$1_$2"
  # Reserve WAL at once: the other replica's pg_basebackup checkpoints concurrently and would
  # otherwise recycle a segment this backup still has to stream ("requested WAL segment ... removed").
  pg_sql "$pport" postgres "SELECT pg_create_physical_replication_slot('$slot', true) WHERE NOT EXISTS
      (SELECT 1 FROM pg_replication_slots WHERE slot_name = '$slot')" >/dev/null ||
    fail_node pg "$1" primary "creating slot $slot failed"
  # -R writes standby.signal and primary_conninfo/primary_slot_name into postgresql.auto.conf.
  # application_name (kept in primary_conninfo) names the replica in the primary's pg_stat_replication.
  as_pg env PGPASSWORD="$REPL_PASSWORD" "$PGBIN/pg_basebackup" -D "$dir" -R -X stream -S "$slot" \
    -d "host=127.0.0.1 port=$pport user=replicator application_name=$slot" --checkpoint=fast --no-sync \
    >>"$(pg_log "$1" "$2")" 2>&1 ||
    fail_node pg "$1" "$2" "pg_basebackup failed"
  pg_write_conf "$1" "$2"
  touch "$(pg_marker "$1" "$2")"
  log "$2 made"
}

pg_app_ok() { PGPASSWORD=$APP_PASSWORD "$PGBIN/psql" -X -qAt -h 127.0.0.1 -p "$1" -U "$APP_USER" -d app -c 'SELECT 1'; }
pg_streaming() { [[ $(pg_sql "$1" postgres "SELECT status FROM pg_stat_wal_receiver") == streaming ]]; }
pg_two_streaming() { [[ $(pg_sql "$1" postgres "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'") == 2 ]]; }
pg_probe_seen() { [[ $(pg_sql "$1" postgres "SELECT token FROM shardwise_probe WHERE id = 1") == "$2" ]]; }

pg_up_replica() { # shard role
  [[ -f $(pg_marker "$1" "$2") ]] || { pg_destroy "$1" "$2"; pg_make_replica "$1" "$2"; }
  pg_start "$1" "$2"
}

pg_up_shard() { # shard
  TAG="pg $1"
  local r pport token; pport=$(port_of pg "$1" primary)
  if [[ ! -f $(pg_marker "$1" primary) ]]; then
    # A half-made (or missing) primary: its replicas, if any, belong to another cluster. Rebuild all.
    log "creating primary and replicas"
    for r in primary "${REPLICAS[@]}"; do pg_destroy "$1" "$r"; done
    pg_make_primary "$1"
  fi
  pg_start "$1" primary
  parallel "pg_up_replica $1 replica1" "pg_up_replica $1 replica2" || exit 1
  wait_until "app login on primary" pg_app_ok "$pport" || fail_node pg "$1" primary "app cannot log in"
  for r in "${REPLICAS[@]}"; do
    wait_until "$r streaming" pg_streaming "$(port_of pg "$1" "$r")" || fail_node pg "$1" "$r" "not streaming"
  done
  wait_until "2 streaming in pg_stat_replication" pg_two_streaming "$pport" || fail_node pg "$1" primary "replicas not streaming"
  # A fresh row per run proves replication works now, not just that it once did. Kept out of db app.
  token="$(date +%s%N)-$$"
  pg_sql "$pport" postgres "CREATE TABLE IF NOT EXISTS shardwise_probe (id int PRIMARY KEY, token text)" \
    "INSERT INTO shardwise_probe VALUES (1, '$token') ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token" >/dev/null
  for r in "${REPLICAS[@]}"; do
    wait_until "probe row on $r" pg_probe_seen "$(port_of pg "$1" "$r")" "$token" ||
      fail_node pg "$1" "$r" "probe row written on the primary never arrived"
  done
  log "ready"
}

# ---------------------------------------------------------------- MariaDB
my_dir() { echo "$BASE/mariadb/$1-$2"; }
my_marker() { echo "$BASE/mariadb/$1-$2.made"; }
my_sock() { echo "$SOCK/mariadb-$1.sock"; }
# root over the node's socket (unix_socket auth); --no-defaults keeps /etc/mysql/my.cnf (system instance) out.
my_sql() { mariadb --no-defaults -S "$(my_sock "$1")" -uroot -NB -e "$2"; }
my_pid() { cat "$(my_dir "$1" "$2")/mariadbd.pid" 2>/dev/null; }
my_running() { local pid; pid=$(my_pid "$1" "$2") && [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; }

my_write_cnf() { # shard role
  local dir port ro=OFF; dir=$(my_dir "$1" "$2"); port=$(port_of mariadb "$1" "$2")
  [[ $2 == primary ]] || ro=ON
  cat >"$dir/my.cnf" <<EOF
[mysqld]
user = root
datadir = $dir/data
port = $port
bind-address = 127.0.0.1
socket = $(my_sock "$port")
pid-file = $dir/mariadbd.pid
log-error = $(node_log mariadb "$1" "$2")
skip-name-resolve
server_id = $port
log_bin = $dir/data/binlog
relay_log = $dir/data/relay-bin
binlog_format = ROW
log_slave_updates = ON
read_only = $ro
report_host = 127.0.0.1
report_port = $port
slave_net_timeout = 10
character-set-server = utf8mb4
innodb_buffer_pool_size = 32M
innodb_log_file_size = $MY_REDO
innodb_flush_log_at_trx_commit = 2
sync_binlog = 0
performance_schema = OFF
key_buffer_size = 1M
aria_pagecache_buffer_size = 8M
EOF
}

my_start() { # shard role
  local dir port pid deadline; dir=$(my_dir "$1" "$2"); port=$(port_of mariadb "$1" "$2")
  my_running "$1" "$2" && return 0
  port_busy "$port" && fail_node mariadb "$1" "$2" "port $port is already taken by another process"
  # setsid + redirects: the server must outlive this script and hold none of its pipes.
  setsid mariadbd --defaults-file="$dir/my.cnf" </dev/null >>"$(node_log mariadb "$1" "$2")" 2>&1 &
  pid=$! deadline=$((SECONDS + TIMEOUT))
  until my_sql "$port" 'SELECT 1' >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || fail_node mariadb "$1" "$2" "mariadbd exited during start"
    ((SECONDS < deadline)) || fail_node mariadb "$1" "$2" "not accepting connections after ${TIMEOUT}s"
    sleep 0.2
  done
}

my_stop() { # shard role
  local pid deadline; my_running "$1" "$2" || return 0
  pid=$(my_pid "$1" "$2") deadline=$((SECONDS + TIMEOUT))
  mariadb-admin --no-defaults -S "$(my_sock "$(port_of mariadb "$1" "$2")")" -uroot shutdown >/dev/null 2>&1 ||
    kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do
    ((SECONDS < deadline)) || { log "mariadb $1 $2 ignores shutdown; killing $pid"; kill -KILL "$pid"; }
    sleep 0.2
  done
}

my_destroy() { my_stop "$1" "$2"; rm -rf "$(my_dir "$1" "$2")" "$(my_marker "$1" "$2")"; }

# mariadb-install-db costs a CPU-second or two per node: run it once, then every node starts from a
# copy of that stopped, binlog-free datadir. Built before the shard jobs fork, so they never race on it.
my_template() {
  local t=$BASE/mariadb/template
  [[ -f $t.made ]] && return 0
  rm -rf "$t" && mkdir -p "$t"
  printf '[mysqld]\ndatadir = %s\ninnodb_log_file_size = %s\n' "$t/data" "$MY_REDO" >"$t/my.cnf"
  mariadb-install-db --defaults-file="$t/my.cnf" --user=root --skip-test-db >"$LOGS/mariadb-template.log" 2>&1 ||
    { tail -n 30 "$LOGS/mariadb-template.log" >&2; die "mariadb-install-db failed"; }
  touch "$t.made"
}

# Every node starts empty; replicas then replay the primary's binlog from its very first event
# (empty gtid_slave_pos), which also brings them the app/repl users and the app database.
my_make_node() { # shard role
  local dir port pport; dir=$(my_dir "$1" "$2"); port=$(port_of mariadb "$1" "$2"); pport=$(port_of mariadb "$1" primary)
  mkdir -p "$dir"
  cp -a "$BASE/mariadb/template/data" "$dir/data"
  my_write_cnf "$1" "$2"
  my_start "$1" "$2"
  if [[ $2 == primary ]]; then
    # Throwaway topology: app gets everything (tests pause replication, read GTIDs) except
    # READ_ONLY ADMIN, so a write misrouted to a read_only replica fails as it would in production.
    my_sql "$port" "
      CREATE USER '$APP_USER'@'127.0.0.1' IDENTIFIED BY '$APP_PASSWORD';
      CREATE USER '$APP_USER'@'localhost' IDENTIFIED BY '$APP_PASSWORD';
      GRANT ALL ON *.* TO '$APP_USER'@'127.0.0.1' WITH GRANT OPTION;
      GRANT ALL ON *.* TO '$APP_USER'@'localhost' WITH GRANT OPTION;
      REVOKE READ_ONLY ADMIN ON *.* FROM '$APP_USER'@'127.0.0.1', '$APP_USER'@'localhost';
      CREATE USER 'repl'@'127.0.0.1' IDENTIFIED BY '$REPL_PASSWORD';
      GRANT REPLICATION SLAVE ON *.* TO 'repl'@'127.0.0.1';
      CREATE DATABASE app;" || fail_node mariadb "$1" "$2" "creating users failed"
  else
    my_sql "$port" "
      CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=$pport, MASTER_USER='repl',
        MASTER_PASSWORD='$REPL_PASSWORD', MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1;
      START SLAVE;" || fail_node mariadb "$1" "$2" "CHANGE MASTER failed"
  fi
  touch "$(my_marker "$1" "$2")"
  log "$2 made"
}

my_app_ok() { mariadb --no-defaults -h127.0.0.1 -P"$1" -u"$APP_USER" -p"$APP_PASSWORD" app -NBe 'SELECT 1'; }
# Vertical output keeps the field names (-N would drop them); `field` picks one out of it.
my_slave_status() { mariadb --no-defaults -S "$(my_sock "$1")" -uroot -e 'SHOW SLAVE STATUS\G'; }
field() { sed -n "s/^ *$1: //p" <<<"$2"; }
my_repl_state() { # port -> "io=Yes sql=Yes" when both replication threads run
  local st; st=$(my_slave_status "$1") || return 1
  echo "io=$(field Slave_IO_Running "$st") sql=$(field Slave_SQL_Running "$st") behind=$(field Seconds_Behind_Master "$st")s"
}
my_replicating() { [[ $(my_repl_state "$1") == "io=Yes sql=Yes "* ]]; }
my_probe_seen() { [[ $(my_sql "$1" "SELECT token FROM shardwise_probe.probe WHERE id = 1") == "$2" ]]; }

my_up_replica() { # shard role
  [[ -f $(my_marker "$1" "$2") ]] || { my_destroy "$1" "$2"; my_make_node "$1" "$2"; }
  my_start "$1" "$2"
}

mariadb_up_shard() { # shard
  TAG="mariadb $1"
  local r pport token; pport=$(port_of mariadb "$1" primary)
  if [[ ! -f $(my_marker "$1" primary) ]]; then
    log "creating primary and replicas"
    for r in primary "${REPLICAS[@]}"; do my_destroy "$1" "$r"; done
    my_make_node "$1" primary
  fi
  my_start "$1" primary
  parallel "my_up_replica $1 replica1" "my_up_replica $1 replica2" || exit 1
  wait_until "app login on primary" my_app_ok "$pport" || fail_node mariadb "$1" primary "app cannot log in"
  for r in "${REPLICAS[@]}"; do
    wait_until "$r replicating" my_replicating "$(port_of mariadb "$1" "$r")" ||
      fail_node mariadb "$1" "$r" "replication threads not running"
  done
  token="$(date +%s%N)-$$"
  my_sql "$pport" "CREATE DATABASE IF NOT EXISTS shardwise_probe;
    CREATE TABLE IF NOT EXISTS shardwise_probe.probe (id INT PRIMARY KEY, token VARCHAR(64));
    REPLACE INTO shardwise_probe.probe VALUES (1, '$token');"
  for r in "${REPLICAS[@]}"; do
    wait_until "probe row on $r" my_probe_seen "$(port_of mariadb "$1" "$r")" "$token" ||
      fail_node mariadb "$1" "$r" "probe row written on the primary never arrived"
  done
  log "ready"
}

# ---------------------------------------------------------------- commands
# Without an explicit selection, status/env describe the engines that have nodes in the base dir.
default_engines() {
  if [[ -n $ENGINES ]]; then return; fi
  local e found=()
  for e in pg mariadb; do compgen -G "$BASE/$e/s*.made" >/dev/null && found+=("$e"); done
  ENGINES=$(IFS=,; echo "${found[*]:-pg,mariadb}")
}

env_lines() {
  local e s r E scheme
  echo "SHARDWISE_TOPOLOGY_DIR=$BASE"
  echo "SHARDWISE_TOPOLOGY_ENGINES=$ENGINES"
  for e in pg mariadb; do
    has "$e" || continue
    E=${e^^} scheme=postgresql
    [[ $e == mariadb ]] && scheme=mariadb
    echo "SHARDWISE_${E}_USER=$APP_USER"
    echo "SHARDWISE_${E}_PASSWORD=$APP_PASSWORD"
    for s in "${SHARDS[@]}"; do
      for r in primary "${REPLICAS[@]}"; do
        echo "SHARDWISE_${E}_${s^^}_${r^^}=jdbc:$scheme://127.0.0.1:$(port_of "$e" "$s" "$r")/app"
      done
    done
  done
}

# Written whole, then renamed: a reader never sees half a file (nor does `env | head`, via tee, cut it short).
write_env() { env_lines >"$BASE/topology.env.tmp" && mv "$BASE/topology.env.tmp" "$BASE/topology.env"; }

cmd_env() {
  default_engines
  mkdir -p "$BASE" && touch "$BASE/.shardwise-topology"
  write_env
  cat "$BASE/topology.env"
}

# "<state> <replication>" of one node; non-zero if it is down or, for a replica, not replicating.
pg_state() { # port role
  pg_sql "$1" postgres 'SELECT 1' >/dev/null 2>&1 || { echo "down -"; return 1; }
  if [[ $2 == primary ]]; then
    echo "up $(pg_sql "$1" postgres "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'") replicas streaming"
  else
    local st; st=$(pg_sql "$1" postgres "SELECT coalesce((SELECT status FROM pg_stat_wal_receiver), 'NOT-STREAMING')")
    echo "up $st"; [[ $st == streaming ]]
  fi
}
mariadb_state() { # port role
  my_sql "$1" 'SELECT 1' >/dev/null 2>&1 || { echo "down -"; return 1; }
  if [[ $2 == primary ]]; then echo "up gtid $(my_sql "$1" 'SELECT @@gtid_binlog_pos')"; return 0; fi
  local st; st=$(my_repl_state "$1")
  if [[ $st == "io=Yes sql=Yes "* ]]; then
    echo "up replicating ${st#io=Yes sql=Yes }, gtid $(my_sql "$1" 'SELECT @@gtid_slave_pos')"
  else
    echo "up NOT-REPLICATING $st"; return 1
  fi
}

# One line per node; a node that is down, or a replica that is not replicating, makes the exit non-zero.
cmd_status() {
  default_engines
  local e s r port line bad=0
  printf '%-8s %-5s %-9s %-6s %-5s %s\n' ENGINE SHARD ROLE PORT STATE REPLICATION
  for e in pg mariadb; do
    has "$e" || continue
    for s in "${SHARDS[@]}"; do
      for r in primary "${REPLICAS[@]}"; do
        port=$(port_of "$e" "$s" "$r")
        line=$("${e}_state" "$port" "$r") || bad=1
        printf '%-8s %-5s %-9s %-6s %-5s %s\n' "$e" "$s" "$r" "$port" "${line%% *}" "${line#* }"
      done
    done
  done
  return "$bad"
}

pg_up() { parallel "pg_up_shard s1" "pg_up_shard s2"; }
mariadb_up() { TAG=mariadb my_template; parallel "mariadb_up_shard s1" "mariadb_up_shard s2"; }

cmd_up() {
  [[ $EUID -eq 0 ]] || die "run as root: PostgreSQL servers are started as the postgres user via runuser"
  ENGINES=${ENGINES:-pg,mariadb}
  ensure_binaries
  prepare_base
  cd "$BASE"                      # initdb/pg_ctl run as postgres, who may not be able to read the caller's cwd
  # Engines and shards are independent: build them all in parallel (2 jobs per engine).
  local jobs=()
  has pg && jobs+=(pg_up)
  has mariadb && jobs+=(mariadb_up)
  parallel "${jobs[@]}" || die "topology is not up (log tails above; all logs in $LOGS)"
  write_env
  log "ready in $(elapsed); env in $BASE/topology.env, logs in $LOGS"
  cmd_status
}

stop_node() { # shard role: whichever engines have this node
  if [[ -d $(pg_dir "$1" "$2") ]]; then pg_stop "$1" "$2" fast; fi
  if [[ -d $(my_dir "$1" "$2") ]]; then my_stop "$1" "$2"; fi
}

cmd_down() {
  local keep=$1
  [[ -d $BASE ]] || { log "nothing to stop: $BASE does not exist"; return 0; }
  [[ -f $BASE/.shardwise-topology ]] || die "$BASE is not a shardwise topology directory; not touching it"
  cd /
  # Replicas first, so they do not spend the shutdown reconnecting to a vanished primary.
  if ! parallel "stop_node s1 replica1" "stop_node s1 replica2" "stop_node s2 replica1" "stop_node s2 replica2" ||
    ! parallel "stop_node s1 primary" "stop_node s2 primary"; then
    die "some nodes did not stop; kept $BASE"
  fi
  log "all nodes stopped"
  if [[ $keep == 1 ]]; then log "kept $BASE"; else rm -rf "$BASE"; log "removed $BASE"; fi
}

# A crash, not a shutdown: what the fault tests simulate. PostgreSQL's backends are killed with their
# postmaster so that none keeps serving its session (or holds shared memory against the restart).
cmd_kill_node() { # engine shard role
  local pid pids pidfile deadline=$((SECONDS + TIMEOUT))
  pidfile=$(my_dir "$2" "$3")/mariadbd.pid
  [[ $1 == pg ]] && pidfile=$(pg_dir "$2" "$3")/postmaster.pid
  pid=$(head -n 1 "$pidfile" 2>/dev/null) || die "$1 $2 $3 has no pid file ($pidfile)"
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || die "$1 $2 $3 is not running"
  pids="$pid $({ pgrep -P "$pid" || true; } | tr '\n' ' ')"
  # shellcheck disable=SC2086 # one word per pid
  kill -KILL $pids 2>/dev/null || true
  local killed_ms; killed_ms=$(date +%s%3N)
  for pid in $pids; do   # gone, or a zombie (dead, its sockets closed) that its new parent has not reaped yet
    while [[ -e /proc/$pid ]] && ! grep -q '^State:[[:space:]]*Z' "/proc/$pid/status" 2>/dev/null; do
      ((SECONDS < deadline)) || die "process $pid of $1 $2 $3 survived SIGKILL"
      sleep 0.05
    done
  done
  # A zombie still passes `kill -0`: pg_ctl and my_running would take it for a running server.
  rm -f "$pidfile"
  [[ $1 == pg ]] && rm -f "$SOCK/.s.PGSQL.$(port_of pg "$2" "$3").lock"
  log "killed $1 $2 $3 (pids $pids) at epoch_ms=$killed_ms"
}

cmd_start_node() { # engine shard role
  local port; port=$(port_of "$1" "$2" "$3")
  TAG="$1 $2 $3"
  if [[ $1 == pg ]]; then
    cd "$BASE"
    pg_start "$2" "$3"
    [[ $3 == primary ]] || wait_until "$3 streaming" pg_streaming "$port" || fail_node pg "$2" "$3" "not streaming"
  else
    my_start "$2" "$3"
    [[ $3 == primary ]] || wait_until "$3 replicating" my_replicating "$port" ||
      fail_node mariadb "$2" "$3" "replication threads not running"
  fi
  log "started"
}

node_args() { # engine shard role: checked against the topology's names
  (($# == 3)) || usage
  [[ $1 == pg || $1 == mariadb ]] || die "unknown engine '$1' (pg, mariadb)"
  [[ " ${SHARDS[*]} " == *" $2 "* ]] || die "unknown shard '$2' (${SHARDS[*]})"
  [[ " primary ${REPLICAS[*]} " == *" $3 "* ]] || die "unknown role '$3' (primary ${REPLICAS[*]})"
  [[ -f $BASE/.shardwise-topology ]] || die "$BASE is not a shardwise topology directory"
}

usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

main() {
  local cmd=${1:-} keep=0 args=(); shift || true
  while (($#)); do
    case $1 in
      --engines) ENGINES=${2:?--engines needs a value}; shift ;;
      --engines=*) ENGINES=${1#*=} ;;
      --keep) keep=1 ;;
      -*) usage ;;
      *) [[ $cmd == kill-node || $cmd == start-node ]] || usage; args+=("$1") ;;
    esac
    shift
  done
  local e
  for e in ${ENGINES//,/ }; do [[ $e == pg || $e == mariadb ]] || die "unknown engine '$e' (pg, mariadb)"; done
  case $cmd in
    up) cmd_up ;;
    down) cmd_down "$keep" ;;
    status) cmd_status ;;
    env) cmd_env ;;
    kill-node) node_args "${args[@]}"; cmd_kill_node "${args[@]}" ;;
    start-node) node_args "${args[@]}"; cmd_start_node "${args[@]}" ;;
    *) usage ;;
  esac
}

main "$@"
