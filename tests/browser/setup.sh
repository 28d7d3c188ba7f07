#!/usr/bin/env bash
# Install what tests/test_browser.py and scripts/screenshot_report.py need:
# Debian's Chromium at /usr/bin/chromium and this folder's pinned node packages
# (npm ci from package-lock.json into tests/browser/node_modules).
#
# Idempotent and quiet: prints nothing when everything is already there, one
# line per thing it installed, and one line per thing it could not install.
# Always exits 0, so CI goes on; the browser tests then skip, saying why.
# No browser is ever downloaded by npm: puppeteer-core has no download step and
# PUPPETEER_SKIP_DOWNLOAD is set besides.
set -uo pipefail
cd "$(dirname "$0")" || exit 0

export PUPPETEER_SKIP_DOWNLOAD=1 PUPPETEER_SKIP_CHROMIUM_DOWNLOAD=1
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
trap 'rm -f "$log"' EXIT

say() { echo "browser setup: $*"; }
apt_updated=
apt_install() {
  if [ -z "$apt_updated" ]; then
    timeout 600 apt-get update -qq >>"$log" 2>&1 || return 1
    apt_updated=1
  fi
  timeout 900 apt-get install -y -qq "$@" >>"$log" 2>&1
}
last_error() {
  local line
  line=$(grep -E '^(E:|npm (error|ERR))' "$log" | tail -n 1)
  [ -n "$line" ] || line=$(tail -n 1 "$log")
  echo "${line:0:200}"
}

if [ ! -x /usr/bin/chromium ]; then
  if apt_install chromium && [ -x /usr/bin/chromium ]; then
    say "installed chromium ($(/usr/bin/chromium --version 2>/dev/null | head -n 1))"
  else
    say "could not install chromium with apt-get: $(last_error)"
  fi
fi

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  if apt_install nodejs npm && command -v npm >/dev/null 2>&1; then
    say "installed node $(node --version) and npm from apt"
  else
    say "could not install node and npm with apt-get: $(last_error)"
    exit 0
  fi
fi

# node_modules is current when it was made by npm ci from this very lockfile.
stamp=node_modules/.vzcli-lock.sha256
want=$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  if timeout 900 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >>"$log" 2>&1; then
    echo "$want" >"$stamp"
    say "installed node packages (npm ci: mermaid $(node -p 'require("./node_modules/mermaid/package.json").version'), puppeteer-core $(node -p 'require("./node_modules/puppeteer-core/package.json").version'))"
  else
    rm -rf node_modules
    say "npm ci failed in tests/browser: $(last_error)"
  fi
fi
exit 0
