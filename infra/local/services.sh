#!/usr/bin/env bash
# Starts or stops the platform's services (platform/gateway/services.tsv) against a running stack.
#   services.sh up     start each service from the solution's Release build, wait until /health/ready answers
#   services.sh down   stop exactly the service processes this state directory recorded
# KYC_SERVICES=name[,name...] limits `up` to those services.
# Each service's <service folder>/local.env maps the stack's settings (stack.env) to its configuration.
# The caller builds the solution first (dotnet build OnboardingKyc.sln -c Release).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$KYC_REPO_ROOT"

service_lines() {
  grep -v '^#' platform/gateway/services.tsv | grep -v '^[[:space:]]*$' \
    | awk -F'\t' -v only="${KYC_SERVICES:-}" 'BEGIN { n = split(only, o, ","); for (i = 1; i <= n; i++) want[o[i]] = 1 } n == 0 || ($1 in want)' || true
}

cmd_up() {
  source "$KYC_STACK_DIR/stack.env"
  local name prefix offset csproj max_body
  while IFS=$'\t' read -r name prefix offset csproj max_body; do
    local port=$((KYC_PORT_BASE + offset)) dir dll
    dir="$(dirname "$csproj")"
    dll="$dir/bin/Release/net10.0/$(basename "${csproj%.csproj}").dll"
    [[ -f "$dll" ]] || die "$name: $dll is missing; build the solution in Release first"
    if is_running "svc-$name"; then log "$name already running"; continue; fi
    require_free_port "$name" "$port"
    (
      local service_dir="${csproj%%/src/*}"
      # Every service enforces the platform's rate limits (config/rate-limits.json), counted in the stack's Redis.
      export RateLimiting__PolicyFile="$KYC_REPO_ROOT/config/rate-limits.json" RateLimiting__Redis="$KYC_REDIS"
      [[ -f "$service_dir/local.env" ]] && source "$service_dir/local.env"
      export ASPNETCORE_URLS="http://127.0.0.1:$port" DOTNET_gcServer=0
      # The same body limit as the service's gateway route, so that neither lets through what the other refuses.
      [[ "$max_body" == - ]] || export Web__MaxRequestBodyBytes="$(size_bytes "$max_body")"
      # The migration step (docs/security.md): only it gets the database owner's connections; the service runs without them.
      local owner_vars; owner_vars="$(compgen -e | grep '__MigrationsConnectionString$' || true)"
      if [[ -n "$owner_vars" ]]; then
        dotnet "$dll" migrate </dev/null >>"$(log_file "svc-$name")" 2>&1 || die "$name: migration step failed; see $(log_file "svc-$name")"
        # shellcheck disable=SC2086
        unset $owner_vars
      fi
      setsid dotnet "$dll" </dev/null >>"$(log_file "svc-$name")" 2>&1 &
      echo $! >"$(pid_file "svc-$name")"
    ) || exit 1
    wait_until 60 "svc-$name" curl -fsS "http://127.0.0.1:$port/health/ready" \
      || die "$name did not become ready; see $(log_file "svc-$name")"
    log "$name ready on 127.0.0.1:$port${prefix:+ (gateway: $prefix)}"
  done < <(service_lines)
}

# All at once: each service drains its own work on SIGTERM (up to 10 s), so stopping them one by one only adds up.
cmd_down() {
  local f pids=() files=()
  for f in "$KYC_STACK_DIR"/pids/svc-*.pid; do
    [[ -f "$f" ]] || continue
    pids+=("$(cat "$f")"); files+=("$f")
  done
  (( ${#pids[@]} )) || return 0
  stop_pids 10 "${pids[@]}"
  rm -f "${files[@]}"
}

case "${1:-}" in
  up) cmd_up;; down) cmd_down;;
  *) echo "usage: $0 up|down" >&2; exit 2;;
esac
