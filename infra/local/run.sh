#!/usr/bin/env bash
# Runs the whole platform locally: the backing servers, every service listed in platform/gateway/services.tsv
# (built in Release, migrations applied by each service at start-up; see services.sh), the gateway in front of them, and a demo
# partner client registered with the OIDC provider. Prints the next steps, then waits; Ctrl-C (or
# `./dev stop` from another terminal) stops everything it started.
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

log "building the solution (Release)"
dotnet build OnboardingKyc.sln -c Release -nologo -v:q -clp:ErrorsOnly >/dev/null
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
