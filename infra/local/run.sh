#!/usr/bin/env bash
# Runs the whole platform locally: the backing servers, every service listed in platform/gateway/services.tsv
# (built in Release, migrations applied by each service at start-up), the gateway in front of them, and a demo
# partner client registered with the OIDC provider. Prints the next steps, then waits; Ctrl-C (or
# `./dev stop` from another terminal) stops everything it started.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$KYC_REPO_ROOT"
export KYC_STACK_DIR KYC_PORT_BASE

stop_all() {
  local f
  for f in "$KYC_STACK_DIR"/pids/svc-*.pid; do
    [[ -f "$f" ]] || continue
    kill -TERM "$(cat "$f")" 2>/dev/null || true
  done
  for f in "$KYC_STACK_DIR"/pids/svc-*.pid; do
    [[ -f "$f" ]] || continue
    for _ in $(seq 1 100); do kill -0 "$(cat "$f")" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$(cat "$f")" 2>/dev/null || true
    rm -f "$f"
  done
  "$KYC_REPO_ROOT/infra/local/stack.sh" down
}

if [[ "${1:-}" == "stop" ]]; then
  runner="$(cat "$KYC_STACK_DIR/pids/run.pid" 2>/dev/null || true)"
  # The waiting ./dev run stops everything itself when told to; without one, stop here.
  if [[ -n "$runner" ]] && kill -TERM "$runner" 2>/dev/null; then
    while kill -0 "$runner" 2>/dev/null; do sleep 0.1; done
  else
    stop_all
  fi
  exit 0
fi

"$KYC_REPO_ROOT/infra/local/install.sh"
"$KYC_REPO_ROOT/infra/local/stack.sh" up
source "$KYC_STACK_DIR/stack.env"
echo $$ >"$KYC_STACK_DIR/pids/run.pid"
trap 'echo; stop_all; rm -f "$KYC_STACK_DIR/pids/run.pid"; exit 0' INT TERM

mapfile -t services < <(grep -v '^#' platform/gateway/services.tsv | grep -v '^[[:space:]]*$' || true)
for line in "${services[@]}"; do
  IFS=$'\t' read -r name prefix offset project <<<"$line"
  csproj="$(ls "$project"/src/*.Api/*.csproj 2>/dev/null | head -n1 || true)"
  [[ -n "$csproj" ]] || { log "$name: no API project under $project yet, skipped"; continue; }
  port=$((KYC_PORT_BASE + offset))
  log "$name: building"
  dotnet publish "$csproj" -c Release -o "$KYC_STACK_DIR/services/$name" -nologo -v:q -clp:ErrorsOnly >/dev/null
  dll="$KYC_STACK_DIR/services/$name/$(basename "${csproj%.csproj}").dll"
  (
    # A service maps the stack's settings to its own configuration keys in local.env, if it has one.
    [[ -f "$project/local.env" ]] && source "$project/local.env"
    export ASPNETCORE_URLS="http://127.0.0.1:$port" ASPNETCORE_ENVIRONMENT=Development DOTNET_gcServer=0
    setsid dotnet "$dll" </dev/null >>"$KYC_STACK_DIR/logs/svc-$name.log" 2>&1 &
    echo $! >"$KYC_STACK_DIR/pids/svc-$name.pid"
  )
  wait_until 60 "svc-$name" curl -fsS "http://127.0.0.1:$port/health/ready" || die "$name did not become ready, see $KYC_STACK_DIR/logs/svc-$name.log"
  log "$name ready on 127.0.0.1:$port, routed at $KYC_GATEWAY_URL$prefix"
done

# A demo partner and an operator, registered as OAuth clients the way Keycloak's admin would register them.
register() { # partner_id scope roles-json
  curl -fsS -H "Authorization: Bearer $KYC_OIDC_REGISTRATION_TOKEN" -H 'Content-Type: application/json' \
    -d "{\"client_name\":\"$1\",\"grant_types\":[\"client_credentials\"],\"response_types\":[],\"scope\":\"$2\",\"partner_id\":\"$1\",\"roles\":$3,\"access_token_ttl\":3600}" \
    "$KYC_OIDC_ISSUER/reg"
}
field() { sed -E "s/.*\"$1\":\"([^\"]+)\".*/\1/"; }
partner_scopes="cases:read cases:write documents:read documents:write webhooks:manage"
demo="$(register demo-partner "$partner_scopes" '[]')"
operator="$(register demo-operator "cases:read cases:write cases:decide audit:read projections:manage dead-letters:manage" '["operator"]')"
cat >"$KYC_STACK_DIR/demo-clients.env" <<EOF
export DEMO_CLIENT_ID='$(field client_id <<<"$demo")'
export DEMO_CLIENT_SECRET='$(field client_secret <<<"$demo")'
export OPERATOR_CLIENT_ID='$(field client_id <<<"$operator")'
export OPERATOR_CLIENT_SECRET='$(field client_secret <<<"$operator")'
export KYC_TOKEN_URL='$KYC_OIDC_ISSUER/token'
export KYC_GATEWAY_URL='$KYC_GATEWAY_URL'
EOF

cat <<EOF

OnboardingKyc is running. Gateway: $KYC_GATEWAY_URL   Token endpoint: $KYC_OIDC_ISSUER/token
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
while true; do sleep 3600 & wait $!; done
