#!/usr/bin/env bash
# Benchmark of case creation (POST /v1/onboarding/cases) over HTTP with PostgreSQL on the same machine.
# Records the numbers of docs/benchmarks/onboarding-create.md; it asserts nothing (exit 0 unless it could not run).
#
#   tests/load/bench-onboarding.sh
#
# Measures the stack in KYC_STACK_DIR (default .local/stack, port base KYC_PORT_BASE, default 15400), which must be
# running (`./dev run`). With BENCH_START_STACK=1 it starts one there itself when none answers (infra/local/run.sh,
# e.g. KYC_STACK_DIR=/tmp/bench-stack KYC_PORT_BASE=17400; add KYC_PG_FAST=1 for fsync off) and stops it at the end.
# With KYC_SERVICES=onboarding that stack runs the onboarding service alone (no outbox relay or audit consuming its events).
#
# Steps: a token for the demo partner (client credentials from the stack's demo-clients.env), the service's idle RSS,
# max throughput (closed model) and a fixed rate (open model) straight at the service's port, the same two through the
# gateway, the RSS after. For each run, the CPU time of the service, PostgreSQL, the gateway and everything else on
# the machine. The load generator runs on the same cores as the service and PostgreSQL.
#
# Settings (environment): BENCH_CONNECTIONS (32), BENCH_RATE (300), BENCH_WARMUP (5s), BENCH_MAX_DURATION (30s),
# BENCH_RATE_DURATION (60s), BENCH_GATEWAY_MAX_DURATION (20s), BENCH_JIT_WARMUP (60s, untimed load after the idle RSS
# reading), BENCH_GATEWAY=0 to skip the gateway runs.
# Total run time with the defaults: about 5 minutes.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"

export KYC_STACK_DIR="${KYC_STACK_DIR:-$repo/.local/stack}"
export KYC_PORT_BASE="${KYC_PORT_BASE:-15400}"
connections="${BENCH_CONNECTIONS:-32}"
rate="${BENCH_RATE:-300}"
warmup="${BENCH_WARMUP:-5s}"
max_duration="${BENCH_MAX_DURATION:-30s}"
rate_duration="${BENCH_RATE_DURATION:-60s}"
gateway_max_duration="${BENCH_GATEWAY_MAX_DURATION:-20s}"
jit_warmup="${BENCH_JIT_WARMUP:-60s}"

say() { printf '[%s] %s\n' "$(date +%T)" "$*"; }
die() { say "error: $*" >&2; exit 1; }
seconds() { # "30s" | "500ms" | "2m" | "30" -> seconds (decimal)
  case "$1" in *ms) awk -v v="${1%ms}" 'BEGIN{print v/1000}';; *s) echo "${1%s}";; *m) awk -v v="${1%m}" 'BEGIN{print v*60}';; *) echo "$1";; esac
}

offset="$(awk -F'\t' '$1 == "onboarding" {print $3}' platform/gateway/services.tsv)"
[[ -n "$offset" ]] || die "onboarding is not in platform/gateway/services.tsv"
service_url="http://127.0.0.1:$((KYC_PORT_BASE + offset))"

work="$(mktemp -d)"
started_stack=0
cleanup() {
  rm -rf "$work"
  if [[ "$started_stack" == 1 ]]; then
    say "stopping the stack this script started ($KYC_STACK_DIR)"
    "$repo/infra/local/run.sh" stop >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- the stack -------------------------------------------------------------------------------------------------
if ! curl -fsS -m 5 -o /dev/null "$service_url/health/ready" 2>/dev/null; then
  [[ "${BENCH_START_STACK:-0}" == 1 ]] || die "no onboarding service answers on $service_url: start one (./dev run) or set BENCH_START_STACK=1"
  say "starting a stack in $KYC_STACK_DIR (port base $KYC_PORT_BASE, KYC_PG_FAST=${KYC_PG_FAST:-0})"
  rm -f "$KYC_STACK_DIR/demo-clients.env"
  setsid "$repo/infra/local/run.sh" </dev/null >"$work/run.log" 2>&1 &
  started_stack=1
  for _ in $(seq 1 300); do
    [[ -f "$KYC_STACK_DIR/demo-clients.env" ]] && break
    kill -0 $! 2>/dev/null || { cat "$work/run.log" >&2; die "the stack did not start"; }
    sleep 1
  done
  [[ -f "$KYC_STACK_DIR/demo-clients.env" ]] || die "the stack was not ready within 300 s"
  sleep 2 # demo-clients.env is written in one go, but give the service a moment after its first requests
fi
[[ -f "$KYC_STACK_DIR/stack.env" && -f "$KYC_STACK_DIR/demo-clients.env" ]] || die "no stack.env / demo-clients.env in $KYC_STACK_DIR"
# shellcheck disable=SC1091
source "$KYC_STACK_DIR/stack.env"
# shellcheck disable=SC1091
source "$KYC_STACK_DIR/demo-clients.env"
gateway_url="$KYC_GATEWAY_URL"
svc_pid="$(cat "$KYC_STACK_DIR/pids/svc-onboarding.pid")"
pg_pid="$(cat "$KYC_STACK_DIR/pids/postgres.pid")"
gw_pid="$(cat "$KYC_STACK_DIR/pids/gateway.pid" 2>/dev/null || true)"
kill -0 "$svc_pid" 2>/dev/null || die "the service PID $svc_pid (pids/svc-onboarding.pid) is not running"

token_file="$work/token"
( umask 077
  curl -fsS -u "$DEMO_CLIENT_ID:$DEMO_CLIENT_SECRET" -d grant_type=client_credentials -d scope="cases:read cases:write" "$KYC_TOKEN_URL" \
    | sed -E 's/.*"access_token":"([^"]+)".*/\1/' >"$token_file" )
[[ -s "$token_file" && "$(head -c 3 "$token_file")" == "eyJ" ]] || die "no access token from $KYC_TOKEN_URL"

# --- measuring helpers -----------------------------------------------------------------------------------------
rss() { awk '/^VmRSS/ {printf "%.1f MB", $2/1024}' "/proc/$1/status"; }
hwm() { awk '/^VmHWM/ {printf "%.1f MB", $2/1024}' "/proc/$1/status"; }
others=() # the stack's other service processes (outbox-relay, audit, ...): they run on the same cores
for f in "$KYC_STACK_DIR"/pids/svc-*.pid; do
  [[ "$f" == */svc-onboarding.pid ]] || others+=("$(basename "${f%.pid}" | sed 's/^svc-//'):$(cat "$f")")
done
other_pids="$(printf '%s\n' "${others[@]}" | cut -d: -f2 | paste -sd, -)"
snapshot() { # one pass over /proc: CPU ticks of the service, PostgreSQL (postmaster, its backends, and the children
  # it reaped), the gateway (nginx master and workers), the stack's other services; then the machine's busy and total
  { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v svc="$svc_pid" -v pg="$pg_pid" -v gw="${gw_pid:--1}" -v others="${other_pids:--1}" '
    BEGIN { n = split(others, o, ","); for (i = 1; i <= n; i++) isother[o[i]] = 1 }
    {
      pid = $1; sub(/^.*\) /, ""); own = $12 + $13
      if (pid == svc) s += own
      if (pid == pg) p += own + $14 + $15; else if ($2 == pg) p += own
      if (pid == gw) g += own + $14 + $15; else if ($2 == gw) g += own
      if (pid in isother) x += own
    }
    END {
      while ((getline line < "/proc/stat") > 0) {
        split(line, c, " ")
        if (c[1] == "cpu") { busy = c[2] + c[3] + c[4] + c[7] + c[8] + c[9]; total = busy + c[5] + c[6] }
      }
      printf "%d %d %d %d %d %d\n", s, p, g, x, busy, total
    }'
}
cpu_split() { # before after generator_cpu_pct created_per_s -> CPU use in % of one core, and per created case
  read -r s0 p0 g0 x0 b0 t0 <<<"$1"; read -r s1 p1 g1 x1 b1 t1 <<<"$2"
  awk -v s=$((s1 - s0)) -v p=$((p1 - p0)) -v g=$((g1 - g0)) -v x=$((x1 - x0)) -v b=$((b1 - b0)) -v t=$((t1 - t0)) \
      -v gen="$3" -v rps="$4" -v cores="$(nproc)" 'BEGIN {
    per_core = t / cores; if (per_core <= 0) per_core = 1 # elapsed ticks of one core
    sv = 100 * s / per_core; pg = 100 * p / per_core; gw = 100 * g / per_core; ox = 100 * x / per_core; busy = 100 * b / per_core
    rest = busy - sv - pg - gw - ox - gen
    printf "  CPU, %% of one core (machine: %d cores = %d%%): service %.0f  postgres %.0f  gateway %.0f  other stack services %.0f  load generator %.0f  everything else %.0f  | busy %.0f, idle %.0f\n", cores, cores * 100, sv, pg, gw, ox, gen, (rest < 0 ? 0 : rest), busy, cores * 100 - busy
    if (rps > 0) printf "  CPU per created case: service %.2f ms  postgres %.2f ms  gateway %.2f ms  other stack services %.2f ms  load generator %.2f ms\n", 10 * sv / rps, 10 * pg / rps, 10 * gw / rps, 10 * ox / rps, 10 * gen / rps
  }'
}

results="$work/results"
: >"$results"
settle() { # the previous run's writes still in the page cache would be written back during the next run (the kernel
  # flushes dirty pages 30 s after they were written), and that burst stalls PostgreSQL's WAL flushes: flush them first
  local dirty; dirty="$(awk '/^Dirty:/ {print $2}' /proc/meminfo)"
  sync; sleep 5
  say "settled: wrote back ${dirty} kB of dirty page cache (sync), then 5 s idle"
}
run() { # label target mode-args...
  local label="$1" target="$2" out="$work/out" before after gen_cpu
  shift 2
  settle
  say "$label: load average $(cut -d' ' -f1-3 /proc/loadavg)"
  dotnet "$generator" create-cases --label "$label" --target "$target" --token-file "$token_file" --warmup "$warmup" "$@" >"$out" 2>&1 &
  local pid=$!
  local duration=30s a prev=""
  for a in "$@"; do [[ "$prev" == --duration ]] && duration="$a"; prev="$a"; done
  sleep "$(seconds "$warmup")"; sleep 0.5 # the generator's own start-up
  before="$(snapshot)"
  sleep "$(seconds "$duration")"
  after="$(snapshot)"
  wait "$pid" || say "$label: the load generator exited non-zero (no 201 at all?)"
  cat "$out"
  gen_cpu="$(sed -n 's/^RESULT .*gen_cpu_pct=\([0-9.]*\).*/\1/p' "$out")"
  rps="$(sed -n 's/^RESULT .*created_per_s=\([0-9.]*\).*/\1/p' "$out")"
  cpu_split "$before" "$after" "${gen_cpu:-0}" "${rps:-0}" | tee -a "$out"
  { grep '^RESULT ' "$out" || true; } >>"$results"
  echo
}

# --- the runs --------------------------------------------------------------------------------------------------
say "building the load generator"
dotnet build "$repo/tests/load/Kyc.LoadTests/Kyc.LoadTests.csproj" -c Release -nologo -v:q -clp:ErrorsOnly >/dev/null
generator="$repo/tests/load/Kyc.LoadTests/bin/Release/net10.0/Kyc.LoadTests.dll"

pg() { PGPASSWORD="$KYC_PG_PASSWORD" psql -h 127.0.0.1 -p "$KYC_PG_PORT" -U "$KYC_PG_USER" -d postgres -Atc "$1" 2>/dev/null || echo "?"; }
echo
echo "== machine and stack"
echo "  cpu: $(nproc) x $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo); memory $(awk '/MemTotal/ {printf "%.1f GB", $2/1048576}' /proc/meminfo)"
echo "  kernel $(uname -r); $(. /etc/os-release && echo "$PRETTY_NAME"); .NET $(dotnet --version)"
echo "  PostgreSQL $(pg 'show server_version'): fsync=$(pg 'show fsync') synchronous_commit=$(pg 'show synchronous_commit') full_page_writes=$(pg 'show full_page_writes') shared_buffers=$(pg 'show shared_buffers') wal_sync_method=$(pg 'show wal_sync_method')"
echo "  stack $KYC_STACK_DIR: service $service_url (PID $svc_pid, up $(ps -o etime= -p "$svc_pid" | tr -d ' ')), gateway $gateway_url"
echo "  other services of the stack (same cores): ${others[*]:-none}"
echo "  code: $(git -C "$repo" rev-parse --short HEAD)$([[ -n "$(git -C "$repo" status --porcelain -- services libs 2>/dev/null)" ]] && echo " + uncommitted changes in services/ or libs/")"
echo "  load generator: $generator (same machine, same cores)"
echo

rss_idle="$(rss "$svc_pid")"
say "service RSS idle (before load): $rss_idle"
echo

# A freshly started service still runs much of its code unoptimised (tier-0 JIT) and compiles in the background;
# give it a short untimed load first so the measured runs see steady-state code.
say "JIT warm-up: ${jit_warmup} of load at $service_url (not reported)"
dotnet "$generator" create-cases --label jit-warm-up --target "$service_url" --token-file "$token_file" --mode max \
  --connections 8 --warmup 0s --duration "$jit_warmup" >"$work/jit-warm-up.out" 2>&1 || true
echo "  $(grep '^RESULT ' "$work/jit-warm-up.out" | sed -E 's/.*(created_per_s=[^ ]*).*(p50_ms=[^ ]*).*/\1 \2/')"
echo

run direct-max "$service_url" --mode max --connections "$connections" --duration "$max_duration"
run "direct-rate-$rate" "$service_url" --mode rate --rate "$rate" --duration "$rate_duration"
if [[ "${BENCH_GATEWAY:-1}" == 1 ]]; then
  run gateway-max "$gateway_url" --mode max --connections "$connections" --duration "$gateway_max_duration"
  run "gateway-rate-$rate" "$gateway_url" --mode rate --rate "$rate" --duration "$rate_duration"
fi

rss_after="$(rss "$svc_pid")"
rss_peak="$(hwm "$svc_pid")"
sleep 10
rss_after_idle="$(rss "$svc_pid")"

# --- summary ---------------------------------------------------------------------------------------------------
echo "== summary (load generator on the same $(nproc) cores as the service and PostgreSQL)"
echo "  service RSS: idle before $rss_idle; right after load $rss_after (peak $rss_peak); 10 s later $rss_after_idle"
printf '  %-22s %9s %8s %8s %8s %8s %8s %8s\n' run created/s errors p50_ms p90_ms p95_ms p99_ms max_ms
while read -r line; do
  get() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$line"; }
  printf '  %-22s %9s %8s %8s %8s %8s %8s %8s\n' "$(get label)" "$(get created_per_s)" "$(get errors)" "$(get p50_ms)" "$(get p90_ms)" \
    "$(get p95_ms)" "$(get p99_ms)" "$(get max_ms)"
done <"$results"
echo
echo "  targets (from the issue; recorded, not asserted):"
field() { sed -n "s/^RESULT label=$1 .* $2=\([^ ]*\).*/\1/p" "$results"; }
verdict() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN { if (v == "") print "not measured"; else if ((op == ">=" && v + 0 >= t) || (op == "<" && v + 0 < t)) print "met"; else print "NOT met" }'; }
max_rps="$(field direct-max created_per_s)"; p99="$(field "direct-rate-$rate" p99_ms)"; gw_p99="$(field "gateway-rate-$rate" p99_ms)"
idle_mb="${rss_idle% MB}"
echo "    >= 1000 creates/s (direct, max):      ${max_rps:-?} -> $(verdict "$max_rps" 1000 '>=')"
echo "    p99 < 50 ms at $rate/s (direct):         ${p99:-?} ms -> $(verdict "$p99" 50 '<')"
[[ -n "$gw_p99" ]] && echo "    p99 < 50 ms at $rate/s (via gateway):    $gw_p99 ms -> $(verdict "$gw_p99" 50 '<')"
echo "    service RSS idle < 150 MB:            $rss_idle -> $(verdict "$idle_mb" 150 '<')"
