#!/usr/bin/env bash
# Installs what the local stack needs and is missing: Debian packages and the Node.js servers.
# Idempotent and quiet when everything is there already. Needs root (or sudo) on a fresh machine.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

APT_PACKAGES=(postgresql-15 redis-server kcat socat librdkafka1 librdkafka-dev clamav-daemon clamdscan nginx-light nodejs npm curl)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# A machine may carry Node.js from elsewhere (not from Debian): then node/npm on PATH are enough.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
read -r -a missing <<<"${missing[*]}"
if (( ${#missing[@]} )); then
  SUDO=""; [[ $EUID -ne 0 ]] && SUDO="sudo"
  log "installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

for dir in oidc s3; do
  d="$KYC_REPO_ROOT/infra/local/$dir"
  # package-lock.json is the source of truth; reinstall when it changed since the last install.
  if [[ ! -f "$d/node_modules/.package-lock.json" || "$d/package-lock.json" -nt "$d/node_modules/.package-lock.json" ]]; then
    log "installing Node.js packages in infra/local/$dir"
    (cd "$d" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
done
