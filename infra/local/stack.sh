#!/usr/bin/env bash
# The local stack of real servers on 127.0.0.1: PostgreSQL 15, Redis, librdkafka's Kafka mock cluster,
# an OpenID Connect provider (Keycloak stand-in), ClamAV, S3-compatible storage and the nginx gateway.
#
#   stack.sh up       start what is not running, wait until each is ready, write $KYC_STACK_DIR/stack.env
#   stack.sh down     stop exactly the processes this state directory recorded
#   stack.sh status   one line per component
#
# Settings (ports, state directory) come from lib.sh and can be overridden from the environment.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
trap 'log "stack.sh failed at line $LINENO: $BASH_COMMAND"' ERR

COMPONENTS=(postgres redis kafka oidc clamd s3 gateway)

# Starts "$@" detached from the caller's terminal and session, logging to logs/<name>.log, PID in pids/<name>.pid.
spawn() {
  local name="$1"; shift
  setsid "$@" </dev/null >>"$(log_file "$name")" 2>&1 &
  echo $! >"$(pid_file "$name")"
}

stop_pid_file() {
  local name="$1" f pid
  f="$(pid_file "$name")"
  [[ -f "$f" ]] || return 0
  pid="$(cat "$f")"
  stop_pids 5 "$pid"
  rm -f "$f"
}

# --- PostgreSQL ------------------------------------------------------------------------------------------
pg_dir() { echo "$KYC_STACK_DIR/postgres"; }

start_postgres() {
  local dir data; dir="$(pg_dir)"; data="$dir/data"
  mkdir -p "$dir/run"
  [[ $EUID -eq 0 ]] && chown -R postgres: "$dir"
  if [[ ! -f "$data/PG_VERSION" ]]; then
    run_as_postgres "$KYC_PG_BIN/initdb" -D "$data" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 >>"$(log_file postgres)" 2>&1
    random_hex 16 >"$dir/kyc-password"
    chmod 600 "$dir/kyc-password"
  fi
  local opts="-p $KYC_PG_PORT -k $dir/run -c listen_addresses=127.0.0.1 -c max_connections=400"
  # Checkpoints at most every 15 min or 4 GB of WAL: fewer full-page images in the WAL under sustained writes.
  opts+=" -c shared_buffers=256MB -c max_wal_size=4GB -c checkpoint_timeout=15min -c log_min_messages=warning -c log_line_prefix=%m[%p]%q%u@%d "
  [[ "$KYC_PG_FAST" == 1 ]] && opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c autovacuum=off"
  run_as_postgres "$KYC_PG_BIN/pg_ctl" -D "$data" -l "$dir/postgres.log" -o "$opts" -w -t 30 start >/dev/null
  ln -sf "$dir/postgres.log" "$(log_file postgres)"
  head -n1 "$data/postmaster.pid" >"$(pid_file postgres)"

  local pw; pw="$(cat "$dir/kyc-password")"
  run_as_postgres "$KYC_PG_BIN/psql" -h "$dir/run" -p "$KYC_PG_PORT" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 >/dev/null <<SQL
SELECT 'CREATE ROLE kyc LOGIN CREATEDB CREATEROLE' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kyc')\gexec
ALTER ROLE kyc PASSWORD '$pw';
-- Test fixtures drop their databases WITH (FORCE), which must be allowed to end background workers' sessions too.
GRANT pg_signal_backend TO kyc;
SELECT 'CREATE DATABASE kyc OWNER kyc' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'kyc')\gexec
$(service_roles_sql "$dir")
SQL
  # A state directory from before the service roles has its service databases owned by kyc: their migration steps fail.
  local stale
  stale="$(run_as_postgres "$KYC_PG_BIN/psql" -h "$dir/run" -p "$KYC_PG_PORT" -U postgres -d postgres -qAt -c \
    "SELECT string_agg(datname, ', ') FROM pg_database WHERE datname IN ('kyc_audit', 'kyc_onboarding_eu', 'kyc_onboarding_us') AND pg_get_userbyid(datdba) = 'kyc'")"
  [[ -z "$stale" ]] || log "WARNING: $stale owned by kyc (a stack from before the services' own roles): ./dev stack down, remove $KYC_STACK_DIR, start again (docs/security.md)"
}

# Each service's two roles (docs/security.md, "Database roles"): the owner of its databases, used only by its migration
# step, and its runtime role, which that step grants only the DML the service needs; the relay's runtime role is granted
# the outbox by onboarding's migration step. Passwords are random per stack (postgres/roles/), exported in stack.env.
SERVICE_ROLES=(kyc_audit kyc_audit_app kyc_onboarding kyc_onboarding_app kyc_relay)
role_password_file() { echo "$(pg_dir)/roles/$1.password"; }
service_roles_sql() {
  local dir="$1" role db
  mkdir -p "$dir/roles"; chmod 700 "$dir/roles"
  for role in "${SERVICE_ROLES[@]}"; do
    [[ -f "$(role_password_file "$role")" ]] || { random_hex 16 >"$(role_password_file "$role")"; chmod 600 "$(role_password_file "$role")"; }
    echo "SELECT 'CREATE ROLE $role LOGIN' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$role')\\gexec"
    echo "ALTER ROLE $role PASSWORD '$(cat "$(role_password_file "$role")")';"
  done
  echo "SELECT 'CREATE DATABASE kyc_audit OWNER kyc_audit' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'kyc_audit')\\gexec"
  for db in $(sed -n 's/^ *database: *\([a-z0-9_]*\).*/\1/p' "$KYC_REPO_ROOT/config/data-residency.yaml"); do
    echo "SELECT 'CREATE DATABASE $db OWNER kyc_onboarding' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$db')\\gexec"
  done
}

stop_postgres() {
  local data; data="$(pg_dir)/data"
  if [[ -f "$data/postmaster.pid" ]]; then
    local mode=fast; [[ "$KYC_PG_FAST" == 1 ]] && mode=immediate
    run_as_postgres "$KYC_PG_BIN/pg_ctl" -D "$data" -m "$mode" -w stop >/dev/null 2>&1 || true
  fi
  rm -f "$(pid_file postgres)"
}

# --- Redis -----------------------------------------------------------------------------------------------
start_redis() {
  mkdir -p "$KYC_STACK_DIR/redis"
  redis-server --port "$KYC_REDIS_PORT" --bind 127.0.0.1 --daemonize yes --save '' --appendonly no \
    --dir "$KYC_STACK_DIR/redis" --pidfile "$(pid_file redis)" --logfile "$(log_file redis)"
  wait_until 10 "redis" redis_ping
}
redis_ping() { [[ "$(redis-cli -h 127.0.0.1 -p "$KYC_REDIS_PORT" ping)" == PONG ]]; }
stop_redis() { stop_pid_file redis; }

# --- Kafka protocol: librdkafka 2.16's mock cluster hosted by infra/local/kafka-mock on the fixed port ----------
# The host is published once into .local/kafka-mock (again when its sources or Kyc.Messaging change), apart from the
# solution's own bin/ folders, so that building the solution never rewrites the files of a running broker.
KAFKA_MOCK_DIR="$KYC_REPO_ROOT/.local/kafka-mock"
publish_kafka_mock() {
  local dll="$KAFKA_MOCK_DIR/Kyc.LocalKafka.dll"
  if [[ -f "$dll" ]] && [[ -z "$(find "$KYC_REPO_ROOT/infra/local/kafka-mock" "$KYC_REPO_ROOT/libs/Kyc.Messaging" \
        "$KYC_REPO_ROOT/Directory.Packages.props" "$KYC_REPO_ROOT/Directory.Build.props" \
        \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' \) -not -path '*/obj/*' -not -path '*/bin/*' -newer "$dll" -print -quit)" ]]; then
    return 0
  fi
  log "publishing the Kafka mock host (infra/local/kafka-mock) into .local/kafka-mock"
  dotnet publish "$KYC_REPO_ROOT/infra/local/kafka-mock/Kyc.LocalKafka.csproj" -c Release --use-current-runtime --self-contained false \
    -o "$KAFKA_MOCK_DIR" -nologo -v:q -clp:ErrorsOnly >>"$(log_file kafka)" 2>&1 || { tail -n 20 "$(log_file kafka)" >&2; return 1; }
  touch "$dll"
}

start_kafka() {
  mkdir -p "$KYC_REPO_ROOT/.local"
  : >"$(log_file kafka)"
  ( flock 9; publish_kafka_mock ) 9>"$KYC_REPO_ROOT/.local/kafka-mock.lock"
  spawn kafka dotnet "$KAFKA_MOCK_DIR/Kyc.LocalKafka.dll" --port "$KYC_KAFKA_PORT" --topics "$KYC_REPO_ROOT/config/kafka-topics.tsv"
  # The host prints "ready" once a client got the cluster's metadata through the fixed port.
  wait_until 30 "kafka" grep -q '^ready on ' "$(log_file kafka)"
}
# (kafka-mock: the kcat-hosted mock of stacks started before the host existed.)
stop_kafka() { stop_pid_file kafka; stop_pid_file kafka-mock; }

# --- OpenID Connect provider (infra/local/oidc) ----------------------------------------------------------
start_oidc() {
  local dir="$KYC_STACK_DIR/oidc"; mkdir -p "$dir"
  [[ -f "$dir/registration-token" ]] || { random_hex 24 >"$dir/registration-token"; chmod 600 "$dir/registration-token"; }
  OIDC_PORT="$KYC_OIDC_PORT" OIDC_ISSUER="http://127.0.0.1:$KYC_OIDC_PORT" OIDC_KEY_FILE="$dir/signing-key.json" \
  OIDC_REGISTRATION_TOKEN="$(cat "$dir/registration-token")" OIDC_DEFAULT_AUDIENCE="$KYC_OIDC_AUDIENCE" \
    spawn oidc node "$KYC_REPO_ROOT/infra/local/oidc/provider.mjs"
  wait_until 20 "oidc" curl -fsS "http://127.0.0.1:$KYC_OIDC_PORT/.well-known/openid-configuration"
}
stop_oidc() { stop_pid_file oidc; }

# --- ClamAV: clamd with a database holding only the EICAR test signature ---------------------------------
# No signature downloads are possible here; one .ndb body signature for the 68-byte EICAR string lets
# clamd start and really detect the standard test file inside any stream.
EICAR_HEX=58354f2150254041505b345c505a58353428505e2937434329377d2445494341522d5354414e444152442d414e544956495255532d544553542d46494c452124482b482a
start_clamd() {
  local dir="$KYC_STACK_DIR/clamav"; mkdir -p "$dir/db" "$dir/tmp"
  echo "Eicar-Test-Signature:0:*:$EICAR_HEX" >"$dir/db/eicar.ndb"
  {
    echo "Foreground yes"
    echo "TCPSocket $KYC_CLAMD_PORT"
    echo "TCPAddr 127.0.0.1"
    echo "DatabaseDirectory $dir/db"
    echo "TemporaryDirectory $dir/tmp"
    echo "SelfCheck 0"
    echo "StreamMaxLength 100M"
    echo "MaxThreads 4"
    [[ $EUID -eq 0 ]] && echo "User root"
  } >"$dir/clamd.conf"
  spawn clamd clamd -c "$dir/clamd.conf"
  wait_until 20 "clamd" clamd_ping
}
clamd_ping() {
  local reply
  exec 3<>"/dev/tcp/127.0.0.1/$KYC_CLAMD_PORT" || return 1
  printf 'zPING\0' >&3
  IFS= read -r -d '' -t 2 reply <&3 || true
  exec 3<&-
  [[ "$reply" == PONG* ]]
}
stop_clamd() { stop_pid_file clamd; }

# --- S3-compatible storage (s3rver; MinIO is not installable here) ---------------------------------------
start_s3() {
  mkdir -p "$KYC_STACK_DIR/s3"
  spawn s3 node "$KYC_REPO_ROOT/infra/local/s3/node_modules/s3rver/bin/s3rver.js" \
    -d "$KYC_STACK_DIR/s3" -a 127.0.0.1 -p "$KYC_S3_PORT" -s --configure-bucket "$KYC_S3_BUCKET"
  wait_until 20 "s3" curl -fsS -o /dev/null "http://127.0.0.1:$KYC_S3_PORT/$KYC_S3_BUCKET"
}
stop_s3() { stop_pid_file s3; }

# --- nginx gateway (routes from platform/gateway, upstreams from infra/local/services.conf) ---------------
start_gateway() {
  local dir="$KYC_STACK_DIR/gateway"; mkdir -p "$dir/temp" "$dir/logs"
  "$KYC_REPO_ROOT/platform/gateway/render.sh" >"$dir/nginx.conf"
  spawn gateway nginx -p "$dir" -c "$dir/nginx.conf" -e "$(log_file gateway)" -g 'daemon off;'
  wait_until 10 "gateway" curl -fsS "http://127.0.0.1:$KYC_GATEWAY_PORT/health"
}
stop_gateway() { stop_pid_file gateway; }

write_env() {
  local pw; pw="$(cat "$(pg_dir)/kyc-password")"
  cat >"$KYC_STACK_DIR/stack.env" <<EOF
export KYC_STACK_DIR='$KYC_STACK_DIR'
export KYC_PG_HOST=127.0.0.1
export KYC_PG_PORT=$KYC_PG_PORT
export KYC_PG_USER=kyc
export KYC_PG_PASSWORD='$pw'
export KYC_PG_CONNECTION='Host=127.0.0.1;Port=$KYC_PG_PORT;Username=kyc;Password=$pw;Database=kyc'
$(for role in "${SERVICE_ROLES[@]}"; do v="${role#kyc_}"; echo "export KYC_PG_${v^^}_PASSWORD='$(cat "$(role_password_file "$role")")'"; done)
export KYC_REDIS='127.0.0.1:$KYC_REDIS_PORT'
export KYC_KAFKA_BOOTSTRAP='127.0.0.1:$KYC_KAFKA_PORT'
export KYC_OIDC_ISSUER='http://127.0.0.1:$KYC_OIDC_PORT'
export KYC_OIDC_AUDIENCE='$KYC_OIDC_AUDIENCE'
export KYC_OIDC_REGISTRATION_TOKEN='$(cat "$KYC_STACK_DIR/oidc/registration-token")'
export KYC_CLAMD='127.0.0.1:$KYC_CLAMD_PORT'
export KYC_S3_ENDPOINT='http://127.0.0.1:$KYC_S3_PORT'
export KYC_S3_ACCESS_KEY=S3RVER
export KYC_S3_SECRET_KEY=S3RVER
export KYC_S3_BUCKET='$KYC_S3_BUCKET'
export KYC_GATEWAY_URL='http://127.0.0.1:$KYC_GATEWAY_PORT'
EOF
  chmod 600 "$KYC_STACK_DIR/stack.env"
}

port_of() {
  case "$1" in
    postgres) echo "$KYC_PG_PORT";; redis) echo "$KYC_REDIS_PORT";; kafka) echo "$KYC_KAFKA_PORT";;
    oidc) echo "$KYC_OIDC_PORT";; clamd) echo "$KYC_CLAMD_PORT";; s3) echo "$KYC_S3_PORT";;
    gateway) echo "$KYC_GATEWAY_PORT";;
  esac
}

cmd_up() {
  mkdir -p "$KYC_STACK_DIR/pids" "$KYC_STACK_DIR/logs"
  chmod 755 "$KYC_STACK_DIR"
  local t0; t0=$(now_ms)
  for c in "${COMPONENTS[@]}"; do
    if is_running "$c"; then log "$c already running (pid $(cat "$(pid_file "$c")"))"; continue; fi
    require_free_port "$c" "$(port_of "$c")"
    local t; t=$(now_ms)
    "start_$c"
    log "$c ready on 127.0.0.1:$(port_of "$c") in $(( $(now_ms) - t )) ms"
  done
  write_env
  log "stack ready in $(( $(now_ms) - t0 )) ms; settings in $KYC_STACK_DIR/stack.env"
}

cmd_down() {
  local i
  for ((i = ${#COMPONENTS[@]} - 1; i >= 0; i--)); do "stop_${COMPONENTS[i]}"; done
  log "stack in $KYC_STACK_DIR stopped"
}

cmd_status() {
  for c in "${COMPONENTS[@]}"; do
    if is_running "$c"; then echo "$c: running (pid $(cat "$(pid_file "$c")"), 127.0.0.1:$(port_of "$c"))"
    else echo "$c: stopped"; fi
  done
}

case "${1:-}" in
  up) cmd_up;; down) cmd_down;; status) cmd_status;;
  *) echo "usage: $0 up|down|status" >&2; exit 2;;
esac
