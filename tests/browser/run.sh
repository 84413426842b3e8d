#!/usr/bin/env bash
# The sidecar's page in a real browser: Debian's chromium package (installed here when absent),
# driven by playwright-core pinned in package-lock.json. Needs engine/sidecar/target/triage.jar
# (mvn package, or mvn verify as .ci/run does). CHROMIUM=/path/to/chrome uses another build.
set -euo pipefail
cd "$(dirname "$0")"
if [ -z "${CHROMIUM:-}" ] && [ ! -x /usr/bin/chromium ]; then
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends chromium
fi
npm ci --no-audit --no-fund
node page.test.mjs
