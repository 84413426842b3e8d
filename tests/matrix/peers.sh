#!/usr/bin/env bash
# Start or stop the Matrix test peers (ngircd, Synapse, heisenbridge) on loopback; see peers.py.
#   peers.sh start [--proxy-url URL | --passthrough] [--no-bridge] [--ephemeral]
#   peers.sh retarget [URL]     # registration url -> URL (or back to the bridge); restarts Synapse
#   peers.sh status | stop
# State (ports, tokens, logs) goes to $TRIAGE_PEERS_DIR, else ${TMPDIR:-/tmp}/triage-matrix-peers.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
PY="$HERE/.venv/bin/python"
[ -x "$PY" ] || { echo "peers.sh: no venv; run $HERE/setup.sh first" >&2; exit 1; }
exec "$PY" "$HERE/peers.py" "$@"
