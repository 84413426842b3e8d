#!/usr/bin/env bash
# The Matrix chain end to end, for CI (CI=true) and by hand: installs the pinned peers (setup.sh),
# starts them in a fresh temp dir, runs chain_test.py (homeserver -> heisenbridge -> IRC and back)
# and record_fixtures.py --check (the committed fixtures still match what Synapse sends), then
# stops every peer it started, whatever happened. Closes with "matrix: N passed, N failed".
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
PY="$HERE/.venv/bin/python"

bash "$HERE/setup.sh" || { echo "matrix: setup failed"; echo "matrix: 0 passed, 1 failed"; exit 1; }

TRIAGE_PEERS_DIR="$(mktemp -d "${TMPDIR:-/tmp}/triage-matrix-peers.XXXXXX")"
export TRIAGE_PEERS_DIR
cleanup() {
  "$PY" "$HERE/peers.py" stop >/dev/null 2>&1 || true
  rm -rf "$TRIAGE_PEERS_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

passed=0 failed=0
tally() {  # add the "N passed, N failed" closing line of a step's output to the totals
  local line
  line="$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$1" | tail -n1)"
  if [ -z "$line" ]; then failed=$((failed + 1)); return; fi
  passed=$((passed + $(echo "$line" | cut -d' ' -f1)))
  failed=$((failed + $(echo "$line" | cut -d' ' -f3)))
}

t0=$SECONDS
if ! timeout 180 "$PY" "$HERE/peers.py" start; then
  "$PY" "$HERE/peers.py" logs -n 40 || true
  echo "matrix: 0 passed, 1 failed"
  exit 1
fi
out="$TRIAGE_PEERS_DIR/out"
mkdir -p "$out"

timeout 300 "$PY" "$HERE/chain_test.py" 2>&1 | tee "$out/chain.txt"
tally "$out/chain.txt"
timeout 240 "$PY" "$HERE/record_fixtures.py" --check 2>&1 | tee "$out/fixtures.txt"
tally "$out/fixtures.txt"

if [ "$failed" -gt 0 ]; then "$PY" "$HERE/peers.py" logs -n 40 || true; fi
echo "matrix: peers and tests took $((SECONDS - t0))s"
echo "matrix: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
