#!/usr/bin/env bash
# The Matrix chain end to end, for CI (CI=true) and by hand. Builds nothing: it needs the
# triage.jar that `mvn -B verify` (or `mvn -B package -DskipTests -pl engine/sidecar -am`) made, or
# $TRIAGE_JAR. In order:
#   1. setup.sh installs the pinned peers (skips what is there);
#   2. the baseline, no Triage: fresh peers, chain_test.py (homeserver -> heisenbridge -> IRC and
#      back) and record_fixtures.py --check (the committed fixtures still match what Synapse
#      sends); those peers are stopped;
#   3. Triage as the appservice proxy: fresh peers whose registration url is a free port,
#      proxy_test.py starts Triage there (and a tap before heisenbridge), checks what crosses and
#      kills -9 / restarts Triage in the middle of 200 messages.
# Every peer, Triage and the tap are stopped whatever happened (trap). Closes with
# "matrix: N passed, N failed" and the seconds the whole run took.
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
PY="$HERE/.venv/bin/python"
JAR="${TRIAGE_JAR:-$REPO/engine/sidecar/target/triage.jar}"
t0=$SECONDS

fail_early() { echo "matrix: $*"; echo "matrix: 0 passed, 1 failed"; exit 1; }

[ -f "$JAR" ] || fail_early "no $JAR: this runs after 'mvn -B verify' (or set TRIAGE_JAR); it builds nothing"
command -v java >/dev/null || fail_early "no java on PATH (Triage runs as java -jar $JAR)"
bash "$HERE/setup.sh" || fail_early "setup failed"

BASE_DIR="$(mktemp -d "${TMPDIR:-/tmp}/triage-matrix-base.XXXXXX")"
PROXY_DIR="$(mktemp -d "${TMPDIR:-/tmp}/triage-matrix-proxy.XXXXXX")"
OUT="$(mktemp -d "${TMPDIR:-/tmp}/triage-matrix-out.XXXXXX")"
cleanup() {
  # peers.py stop ends every process group it recorded: Triage and the tap too
  TRIAGE_PEERS_DIR="$PROXY_DIR" "$PY" "$HERE/peers.py" stop >/dev/null 2>&1 || true
  TRIAGE_PEERS_DIR="$BASE_DIR" "$PY" "$HERE/peers.py" stop >/dev/null 2>&1 || true
  rm -rf "$BASE_DIR" "$PROXY_DIR" "$OUT"
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
peers() { TRIAGE_PEERS_DIR="$1" "$PY" "$HERE/peers.py" "${@:2}"; }

# --- 2. baseline: heisenbridge alone -------------------------------------------------------------
echo "matrix: baseline (no Triage)"
if timeout 180 env TRIAGE_PEERS_DIR="$BASE_DIR" "$PY" "$HERE/peers.py" start; then
  export TRIAGE_PEERS_DIR="$BASE_DIR"
  timeout 300 "$PY" "$HERE/chain_test.py" 2>&1 | tee "$OUT/chain.txt"
  tally "$OUT/chain.txt"
  timeout 240 "$PY" "$HERE/record_fixtures.py" --check 2>&1 | tee "$OUT/fixtures.txt"
  tally "$OUT/fixtures.txt"
  unset TRIAGE_PEERS_DIR
  if [ "$failed" -gt 0 ]; then peers "$BASE_DIR" logs -n 40 || true; fi
else
  peers "$BASE_DIR" logs -n 40 || true
  failed=$((failed + 1))
fi
peers "$BASE_DIR" stop >/dev/null 2>&1 || true
echo "matrix: baseline done at $((SECONDS - t0))s"

# --- 3. Triage as the appservice proxy -----------------------------------------------------------
echo "matrix: Triage as the appservice proxy ($JAR)"
before=$failed
port="$("$PY" -c 'import sys; sys.path.insert(0, sys.argv[1]); import peers; print(peers.free_port())' "$HERE")"
if timeout 180 env TRIAGE_PEERS_DIR="$PROXY_DIR" "$PY" "$HERE/peers.py" start \
    --proxy-url "http://127.0.0.1:$port" --ephemeral; then
  TRIAGE_PEERS_DIR="$PROXY_DIR" timeout 300 "$PY" "$HERE/proxy_test.py" --jar "$JAR" 2>&1 | tee "$OUT/proxy.txt"
  tally "$OUT/proxy.txt"
  if [ "$failed" -gt "$before" ]; then peers "$PROXY_DIR" logs -n 40 || true; fi
else
  peers "$PROXY_DIR" logs -n 40 || true
  failed=$((failed + 1))
fi

echo "matrix: the whole run took $((SECONDS - t0))s"
echo "matrix: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
