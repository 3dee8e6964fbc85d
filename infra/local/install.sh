#!/usr/bin/env bash
# Installs what the local stack needs and is missing: Debian packages and the Node.js servers.
# Idempotent and quiet when everything is there already. Needs root (or sudo) on a fresh machine.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# What must be there, and the package that brings it. `postgresql` is the distribution's major
# (15 on Debian 12, which is what we run in production); lib.sh finds its binaries.
missing=()
need() { eval "$1" >/dev/null 2>&1 || missing+=("$2"); }
has_cmd() { command -v "$1"; }
need "compgen -G '/usr/lib/postgresql/*/bin/postgres'" postgresql
need "has_cmd redis-server" redis-server
need "has_cmd clamd" clamav-daemon
need "has_cmd nginx" nginx
need "has_cmd curl" curl
need "has_cmd node" nodejs
need "has_cmd npm" npm

if (( ${#missing[@]} )); then
  SUDO=""; [[ $EUID -ne 0 ]] && SUDO="sudo"
  log "installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

for dir in oidc s3 lint; do
  d="$KYC_REPO_ROOT/infra/local/$dir"
  # package-lock.json is the source of truth; reinstall when it changed since the last install.
  if [[ ! -f "$d/node_modules/.package-lock.json" || "$d/package-lock.json" -nt "$d/node_modules/.package-lock.json" ]]; then
    log "installing Node.js packages in infra/local/$dir"
    (cd "$d" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
done
