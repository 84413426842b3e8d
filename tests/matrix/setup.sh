#!/usr/bin/env bash
# Installs the real Matrix test peers, pinned, and skips what is already there:
#   - Debian's ngircd (the IRC server), with apt-get
#   - a venv at tests/matrix/.venv with matrix-synapse, heisenbridge and matrix-nio and everything
#     they need, at the exact versions in requirements.txt
# Safe to run again: the venv is rebuilt only when requirements.txt or the Python changed.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
VENV="$HERE/.venv"
REQ="$HERE/requirements.txt"
NGIRCD_VERSION="${NGIRCD_VERSION:-26.1-1+deb12u1}"
PYTHON="${PYTHON:-python3}"

log() { echo "setup: $*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "setup: need root for: $*" >&2; return 1; fi
}

# --- ngircd ---------------------------------------------------------------------------------------
ngircd_bin() { command -v ngircd 2>/dev/null || { [ -x /usr/sbin/ngircd ] && echo /usr/sbin/ngircd; } || true; }

if [ -n "$(ngircd_bin)" ]; then
  log "ngircd present: $(dpkg-query -W -f='${Version}' ngircd 2>/dev/null || echo '?')"
else
  export DEBIAN_FRONTEND=noninteractive
  # the package must not start a system-wide ngircd (it would listen on every address): keep
  # invoke-rc.d from starting services while we install, unless a policy is already in place
  policy=/usr/sbin/policy-rc.d
  made_policy=
  if [ ! -e "$policy" ]; then
    as_root sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod 755 $policy"
    made_policy=1
  fi
  cleanup_policy() { if [ -n "$made_policy" ]; then as_root rm -f "$policy"; fi; }
  trap cleanup_policy EXIT
  # (no `apt-cache | grep -q` pipes: with pipefail, grep's early exit fails the pipe)
  served() { local p; p="$(apt-cache policy ngircd 2>/dev/null || true)"; [[ "$p" == *" $NGIRCD_VERSION "* ]]; }
  if ! served; then
    log "apt-get update (ngircd $NGIRCD_VERSION not in the package lists)"
    as_root apt-get update -qq
  fi
  if served; then
    log "installing ngircd=$NGIRCD_VERSION"
    aptlog="$(mktemp "${TMPDIR:-/tmp}/ngircd-apt.XXXXXX")"
    as_root apt-get install -y -qq --no-install-recommends "ngircd=$NGIRCD_VERSION" >"$aptlog" 2>&1 \
      || { cat "$aptlog" >&2; rm -f "$aptlog"; exit 1; }
    rm -f "$aptlog"
  else
    # Debian replaces a point release's package (deb12uN) when it updates it; the old one is gone
    cand="$(apt-cache policy ngircd | awk '/Candidate:/ {print $2}')"
    echo "setup: WARNING: ngircd $NGIRCD_VERSION is no longer served; installing $cand (set NGIRCD_VERSION to pin it)" >&2
    as_root apt-get install -y -qq --no-install-recommends ngircd >/dev/null
  fi
  cleanup_policy
  trap - EXIT
  [ -n "$(ngircd_bin)" ] || { echo "setup: ngircd did not install" >&2; exit 1; }
  log "ngircd installed: $(dpkg-query -W -f='${Version}' ngircd)"
fi

# --- Python venv ----------------------------------------------------------------------------------
"$PYTHON" - <<'EOF' || { echo "setup: need Python >= 3.10 (set PYTHON=...)" >&2; exit 1; }
import sys
sys.exit(0 if sys.version_info >= (3, 10) else 1)
EOF
want="$(sha256sum "$REQ" | cut -d' ' -f1) $("$PYTHON" -c 'import sys; print(".".join(map(str, sys.version_info[:3])))')"
stamp="$VENV/.triage-installed"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$VENV/bin/python" ]; then
  log "venv up to date ($VENV)"
else
  log "building venv ($VENV)"
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check --no-input --progress-bar off -r "$REQ"
  "$VENV/bin/pip" check -q >/dev/null || { "$VENV/bin/pip" check; exit 1; }
  echo "$want" > "$stamp"
fi
"$VENV/bin/python" - <<'EOF'
from importlib.metadata import version
print("setup: " + ", ".join(f"{p} {version(p)}" for p in ("matrix-synapse", "heisenbridge", "matrix-nio")))
EOF
