# shellcheck shell=bash
# Shared settings and helpers for the local stack scripts. Sourced, never run.
#
# Every port and the state directory can be overridden from the environment, so that the test command
# (its own temp dir, base port 25400) and a running local platform (.local/stack, base port 15400) coexist.

KYC_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export KYC_REPO_ROOT

: "${KYC_STACK_DIR:=$KYC_REPO_ROOT/.local/stack}"
: "${KYC_PORT_BASE:=15400}"
: "${KYC_PG_PORT:=$((KYC_PORT_BASE + 32))}"
: "${KYC_REDIS_PORT:=$((KYC_PORT_BASE + 79))}"
: "${KYC_KAFKA_PORT:=$((KYC_PORT_BASE + 92))}"
: "${KYC_OIDC_PORT:=$((KYC_PORT_BASE + 10))}"
: "${KYC_CLAMD_PORT:=$((KYC_PORT_BASE + 33))}"
: "${KYC_S3_PORT:=$((KYC_PORT_BASE + 90))}"
: "${KYC_GATEWAY_PORT:=$((KYC_PORT_BASE + 80))}"
# fsync off etc. for throwaway test clusters only; a developer's platform keeps PostgreSQL's durable defaults.
: "${KYC_PG_FAST:=0}"

# PostgreSQL 15 (Debian 12) when present, else the newest installed major (e.g. 16 on Ubuntu 24.04).
if [[ -z "${KYC_PG_BIN:-}" ]]; then
  if [[ -x /usr/lib/postgresql/15/bin/postgres ]]; then KYC_PG_BIN=/usr/lib/postgresql/15/bin
  else KYC_PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"; fi
fi
KYC_OIDC_AUDIENCE="${KYC_OIDC_AUDIENCE:-kyc-api}"
KYC_S3_BUCKET="${KYC_S3_BUCKET:-kyc-documents}"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

pid_file() { echo "$KYC_STACK_DIR/pids/$1.pid"; }
log_file() { echo "$KYC_STACK_DIR/logs/$1.log"; }

# True while the process runs. An exited process that its parent (here often init, which can take a second or two)
# has not reaped yet is a zombie: kill -0 still succeeds on it, so the state in /proc decides.
alive() {
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  [[ -n "$stat" && "${stat%% *}" != Z ]]
}

is_running() {
  local f; f="$(pid_file "$1")"
  [[ -f "$f" ]] && alive "$(cat "$f")"
}

# stop_pids <seconds> <pid>...: TERM them all at once, wait until every one is gone, KILL what is left after <seconds>.
stop_pids() {
  local seconds="$1" pid; shift
  local deadline=$(( $(now_ms) + seconds * 1000 ))
  for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "$@"; do
    while alive "$pid"; do
      if (( $(now_ms) >= deadline )); then kill -KILL "$pid" 2>/dev/null || true; break; fi
      sleep 0.05
    done
  done
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_until <seconds> <description> <command...>: polls every 50 ms.
wait_until() {
  local timeout="$1" what="$2"; shift 2
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if (( SECONDS >= deadline )); then
      log "$what not ready after ${timeout}s; last log lines:"
      tail -n 20 "$(log_file "${what%% *}")" >&2 2>/dev/null || true
      return 1
    fi
    sleep 0.05
  done
}

# A port in the kernel's ephemeral range can be held by any outgoing connection at the moment a server binds it (the
# relay benchmark's base 47400 failed that way): refused unless KYC_ALLOW_EPHEMERAL_PORTS=1.
require_free_port() {
  port_open "$2" && die "$1: port $2 on 127.0.0.1 is already in use (override KYC_PORT_BASE or the component's port)"
  if in_ephemeral_range "$2"; then
    local range; range="$(tr -s '\t ' - </proc/sys/net/ipv4/ip_local_port_range)"
    [[ "${KYC_ALLOW_EPHEMERAL_PORTS:-0}" == 1 ]] || die "$1: port $2 is in the kernel's ephemeral range ($range): an outgoing" \
      "connection can take it at any moment and the server then fails to bind; pick a KYC_PORT_BASE below it (or set KYC_ALLOW_EPHEMERAL_PORTS=1)"
    log "WARNING: $1: port $2 is in the kernel's ephemeral range ($range); allowed by KYC_ALLOW_EPHEMERAL_PORTS=1"
  fi
  return 0
}

in_ephemeral_range() {
  local low high
  read -r low high </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || return 1
  (( $1 >= low && $1 <= high ))
}

run_as_postgres() {
  if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# An nginx size (1024, 64k, 25m) in bytes.
size_bytes() {
  case "$1" in
    *k) echo $(( ${1%k} * 1024 ));; *m) echo $(( ${1%m} * 1024 * 1024 ));; *) echo $(( $1 ));;
  esac
}

now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }
random_hex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }
