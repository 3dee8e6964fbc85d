#!/usr/bin/env bash
# Runs every test against real servers: installs what is missing, starts a stack of its own in a temp
# directory on free ports, runs every test project of the solution, stops the stack (also on failure or
# Ctrl-C) and exits non-zero when anything failed. Extra arguments go to `dotnet test` (e.g. --filter).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$KYC_REPO_ROOT"

# The OpenAPI drift tests rewrite the committed documents when KYC_UPDATE_OPENAPI=1, and then pass. That must be a
# deliberate act of this command (--update-openapi), never a variable left in a shell or a CI environment.
[[ -z "${KYC_UPDATE_OPENAPI:-}" ]] || die "KYC_UPDATE_OPENAPI is set in the environment: the tests would rewrite the committed" \
  "openapi.yaml files and pass. Unset it; to regenerate them deliberately: ./dev test --update-openapi --filter OpenApi"
update_openapi=0 args=()
for arg in "$@"; do
  if [[ "$arg" == --update-openapi ]]; then update_openapi=1; else args+=("$arg"); fi
done
t_start=$SECONDS

"$KYC_REPO_ROOT/infra/local/install.sh"

# First base port (25400, 26400, ...) whose ports are all free, unless one was given.
ports_free() {
  local p
  for p in 10 32 33 79 80 90 92; do port_open $(($1 + p)) && return 1; done
  for ((p = 100; p < 110; p++)); do port_open $(($1 + p)) && return 1; done
  return 0
}
if [[ -z "${KYC_TEST_PORT_BASE:-}" ]]; then
  for base in 25400 26400 27400 28400 29400; do ports_free "$base" && { KYC_TEST_PORT_BASE=$base; break; }; done
  [[ -n "${KYC_TEST_PORT_BASE:-}" ]] || die "no free port range for the test stack"
fi

export KYC_STACK_DIR; KYC_STACK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/kyc-test.XXXXXX")"
export KYC_PORT_BASE="$KYC_TEST_PORT_BASE" KYC_PG_FAST=1
# Unset any per-component overrides of a developer's environment: the test stack derives all from its base.
unset KYC_PG_PORT KYC_REDIS_PORT KYC_KAFKA_PORT KYC_OIDC_PORT KYC_CLAMD_PORT KYC_S3_PORT KYC_GATEWAY_PORT

cleanup() {
  local rc=$?
  "$KYC_REPO_ROOT/infra/local/services.sh" down || true
  "$KYC_REPO_ROOT/infra/local/stack.sh" down || true
  if [[ $rc -ne 0 && -d "$KYC_STACK_DIR/logs" ]]; then
    local keep="$KYC_REPO_ROOT/.local/test-logs"; rm -rf "$keep"; mkdir -p "$keep"
    cp -rL "$KYC_STACK_DIR/logs/." "$keep/" 2>/dev/null || true
    cp -r "$KYC_STACK_DIR/test-results" "$keep/" 2>/dev/null || true
    log "server logs and test results of the failed run kept in .local/test-logs"
  fi
  rm -rf "$KYC_STACK_DIR"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$KYC_REPO_ROOT/infra/local/stack.sh" up
source "$KYC_STACK_DIR/stack.env"

log "linting API contracts (services/*/openapi.yaml against .spectral.yaml)"
contracts=(services/*/openapi.yaml)
if [[ -e "${contracts[0]}" ]]; then
  "$KYC_REPO_ROOT/infra/local/lint/node_modules/.bin/spectral" lint --ruleset .spectral.yaml --fail-severity=warn "${contracts[@]}"
fi

log "building"
dotnet build OnboardingKyc.sln -c Release -nologo -clp:ErrorsOnly -v:q
# The services run as real processes behind the gateway, as in ./dev run, for the end-to-end tests (tests/e2e).
"$KYC_REPO_ROOT/infra/local/services.sh" up
log "running tests"
results="$KYC_STACK_DIR/test-results"
set +e
KYC_UPDATE_OPENAPI="$update_openapi" dotnet test OnboardingKyc.sln -c Release --no-build -nologo -v:q --logger trx \
  --logger "console;verbosity=minimal" --results-directory "$results" ${args[@]+"${args[@]}"}
rc=$?
set -e
if (( update_openapi )); then
  log "OpenAPI documents regenerated; review and commit what changed:"
  git status --short -- 'services/*/openapi.yaml' >&2
fi

# One closing line for the whole run, summed over every test project's TRX file.
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [[ -f "$trx" ]] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n1)"
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  n=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${n:-0}))
done
(( passed + failed == 0 && rc == 0 )) && { log "no test ran"; rc=1; }
(( skipped > 0 )) && { log "$skipped test(s) were skipped: the test command never skips"; rc=1; }
# The slowest projects and tests, kept (the results themselves go with the temp dir).
summary="$KYC_REPO_ROOT/.local/test-summary.txt"
mkdir -p "$KYC_REPO_ROOT/.local"
"$KYC_REPO_ROOT/infra/local/test-summary.sh" "$results" "$((SECONDS - t_start))" >"$summary" || log "no test summary (see above)"
grep -A3 -e '^Slowest' "$summary" >&2 || true
log "whole command: $((SECONDS - t_start)) s; slowest 10 projects and tests in .local/test-summary.txt"
echo "tests: $passed passed, $failed failed"
exit $rc
