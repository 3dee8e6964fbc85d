#!/usr/bin/env bash
# Runs the whole platform locally: the backing servers, every service listed in platform/gateway/services.tsv
# (built in Release, migrations applied by each service at start-up; see services.sh), the gateway in front of them, and a demo
# partner client registered with the OIDC provider. Prints the next steps, then watches the processes: a service that
# dies is said loudly and restarted with backoff (1, 2, 4 ... 60 s; back to 1 s once it has stayed up for a minute);
# a backing server that dies is said loudly (`./dev stack up` starts it again). Ctrl-C (or `./dev stop` from another
# terminal) stops everything it started.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$KYC_REPO_ROOT"
export KYC_STACK_DIR KYC_PORT_BASE

stop_all() {
  "$KYC_REPO_ROOT/infra/local/services.sh" down
  "$KYC_REPO_ROOT/infra/local/stack.sh" down
}

if [[ "${1:-}" == "stop" ]]; then
  runner="$(cat "$KYC_STACK_DIR/pids/run.pid" 2>/dev/null || true)"
  # The waiting ./dev run stops everything itself when told to; without one, stop here.
  if [[ -n "$runner" ]] && alive "$runner" && kill -TERM "$runner" 2>/dev/null; then
    while alive "$runner"; do sleep 0.05; done
  else
    stop_all
  fi
  exit 0
fi

# Said so that it cannot be missed in a scrolling terminal.
shout() {
  if [[ -t 2 ]]; then printf '\n\033[1;31m[%s] !!! %s\033[0m\n' "$(date +%H:%M:%S)" "$*" >&2
  else printf '\n[%s] !!! %s\n' "$(date +%H:%M:%S)" "$*" >&2; fi
}

t_start=$SECONDS
"$KYC_REPO_ROOT/infra/local/install.sh"
"$KYC_REPO_ROOT/infra/local/stack.sh" up
source "$KYC_STACK_DIR/stack.env"
echo $$ >"$KYC_STACK_DIR/pids/run.pid"
waiting=""   # the PID run.sh is waiting for (a sleep, or a service being restarted), ended on Ctrl-C / ./dev stop
# Stopping must not be cut short by errexit (the process being waited for may be gone already).
on_stop() {
  set +e
  [[ -n "$waiting" ]] && kill "$waiting" 2>/dev/null
  echo; log "stopping the platform"
  stop_all
  rm -f "$KYC_STACK_DIR/pids/run.pid"
  exit 0
}
trap on_stop INT TERM

# One line per project as the build finishes it; errors and warnings as the compiler writes them.
# KYC_SKIP_BUILD=1 starts what is built already (the tests of ./dev run itself use it; the test command has just built).
projects=$(grep -c '\.csproj"' OnboardingKyc.sln)
if [[ "${KYC_SKIP_BUILD:-0}" == 1 ]]; then log "not building (KYC_SKIP_BUILD=1)"; else
  log "building the solution (Release, $projects projects; the first build of a fresh clone takes about 4 minutes on 2 cores, later ones seconds)"
  t_build=$SECONDS
  built=0 build_status=1
  while IFS= read -r line; do
    case "$line" in
      "build exit "*) build_status="${line#build exit }";;
      *" -> "*) built=$((built + 1)); name="${line#"${line%%[! ]*}"}"; log "  built ${name%% -> *} ($built/$projects)";;
      *"Determining projects to restore"*) log "  restoring NuGet packages";;
      *": error "*|*": warning "*|*"Build FAILED"*) echo "$line" >&2;;
    esac
  done < <(dotnet build OnboardingKyc.sln -c Release -nologo -v:m -clp:NoSummary 2>&1; echo "build exit $?")
  [[ "$build_status" == 0 ]] || die "the build failed (dotnet build OnboardingKyc.sln -c Release shows why)"
  log "built in $((SECONDS - t_build)) s"
fi
"$KYC_REPO_ROOT/infra/local/services.sh" up

# A demo partner and an operator, registered as OAuth clients the way Keycloak's admin would register them.
register() { # partner_id scope roles-json
  curl -fsS -H "Authorization: Bearer $KYC_OIDC_REGISTRATION_TOKEN" -H 'Content-Type: application/json' \
    -d "{\"client_name\":\"$1\",\"grant_types\":[\"client_credentials\"],\"response_types\":[],\"scope\":\"$2\",\"partner_id\":\"$1\",\"roles\":$3,\"access_token_ttl\":3600}" \
    "$KYC_OIDC_ISSUER/reg"
}
field() { sed -E "s/.*\"$1\":\"([^\"]+)\".*/\1/"; }
partner_scopes="cases:read cases:write documents:read documents:write webhooks:manage"
demo="$(register demo-partner "$partner_scopes" '[]')"
operator="$(register demo-operator "cases:read cases:write cases:decide audit:read audit:replay projections:manage dead-letters:manage" '["operator"]')"
cat >"$KYC_STACK_DIR/demo-clients.env" <<EOF
export DEMO_CLIENT_ID='$(field client_id <<<"$demo")'
export DEMO_CLIENT_SECRET='$(field client_secret <<<"$demo")'
export OPERATOR_CLIENT_ID='$(field client_id <<<"$operator")'
export OPERATOR_CLIENT_SECRET='$(field client_secret <<<"$operator")'
export KYC_TOKEN_URL='$KYC_OIDC_ISSUER/token'
export KYC_GATEWAY_URL='$KYC_GATEWAY_URL'
EOF

cat <<EOF

OnboardingKyc is running (ready in $((SECONDS - t_start)) s). Gateway: $KYC_GATEWAY_URL   Token endpoint: $KYC_OIDC_ISSUER/token
Logs: $KYC_STACK_DIR/logs   Stop: Ctrl-C here, or ./dev stop

Next steps, in another terminal:
  source $KYC_STACK_DIR/demo-clients.env
  TOKEN=\$(curl -s -u "\$DEMO_CLIENT_ID:\$DEMO_CLIENT_SECRET" -d grant_type=client_credentials \\
          -d scope="cases:read cases:write" "\$KYC_TOKEN_URL" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
EOF
if grep -q '^onboarding' platform/gateway/services.tsv; then
  cat <<EOF
  curl -s -H "Authorization: Bearer \$TOKEN" "\$KYC_GATEWAY_URL/v1/onboarding/cases"
  (API reference: services/onboarding/openapi.yaml; a full walk-through: docs/getting-started.md)
EOF
else
  cat <<EOF
  curl -s "\$KYC_GATEWAY_URL/health"
  (no business service is in platform/gateway/services.tsv yet; each one added there is started here)
EOF
fi
echo

# --- Supervision --------------------------------------------------------------------------------------------
declare -A restarts=() due=() up_since=() reported=()

backoff() { local d=$((1 << $1)); (( d > 60 )) && d=60; echo "$d"; }

watch_services() {
  local f name pid
  for f in "$KYC_STACK_DIR"/pids/svc-*.pid; do
    [[ -f "$f" ]] || continue
    name="$(basename "$f" .pid)"; name="${name#svc-}"
    pid="$(cat "$f")"
    if alive "$pid"; then
      (( ${restarts[$name]:-0} > 0 && SECONDS - ${up_since[$name]:-$SECONDS} >= 60 )) && restarts[$name]=0
      continue
    fi
    if [[ -z "${due[$name]:-}" ]]; then
      local delay; delay="$(backoff "${restarts[$name]:-0}")"
      due[$name]=$((SECONDS + delay))
      shout "service $name (pid $pid) DIED; restarting it in ${delay} s (restart $(( ${restarts[$name]:-0} + 1 ))). Last lines of $(log_file "svc-$name"):"
      tail -n 5 "$(log_file "svc-$name")" >&2 2>/dev/null || true
    fi
    (( SECONDS >= due[$name] )) || continue
    unset "due[$name]"
    restarts[$name]=$(( ${restarts[$name]:-0} + 1 ))
    KYC_SERVICES="$name" "$KYC_REPO_ROOT/infra/local/services.sh" up & waiting=$!
    if wait "$waiting"; then
      up_since[$name]=$SECONDS
      shout "service $name restarted (pid $(cat "$f"))"
    else
      shout "service $name did not start again; next try after backoff"
    fi
  done
  return 0
}

watch_stack() {
  local c
  for c in postgres redis kafka oidc clamd s3 gateway; do
    [[ -f "$(pid_file "$c")" ]] || continue
    if is_running "$c"; then unset "reported[$c]"; continue; fi
    [[ -n "${reported[$c]:-}" ]] && continue
    reported[$c]=1
    shout "backing server $c DIED (log: $(log_file "$c")); start it again with: KYC_STACK_DIR=$KYC_STACK_DIR KYC_PORT_BASE=$KYC_PORT_BASE ./dev stack up"
  done
  return 0
}

while true; do
  watch_services
  watch_stack
  sleep 1 & waiting=$!
  wait "$waiting" || true
done
