#!/usr/bin/env bash
# Several Triage instances on one PostgreSQL, for real: a PostgreSQL cluster of its own (Debian's
# packages, installed if absent, run as the postgres user), INSTANCES (3) `triage.jar serve` on
# different ports sharing it, a webhook receiver that counts keys, and client.py spreading ACTIONS
# (3,000) over them with repeats of the same ids on different instances, one instance killed with
# SIGKILL mid-run and restarted, and every id sent again. Needs engine/sidecar/target/triage.jar
# (mvn -B package). KILL=0 skips the kill (for measuring).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
JAR=$ROOT/engine/sidecar/target/triage.jar
INSTANCES=${INSTANCES:-3}
ACTIONS=${ACTIONS:-3000}
KILL=${KILL:-1}
[ -f "$JAR" ] || { echo "tests/postgres: $JAR is missing: run mvn -B package first" >&2; exit 1; }

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for f in "$WORK"/triage-*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
  stop_cluster
}
source tests/postgres/cluster.sh
trap cleanup EXIT

RECEIVER=$(free_port)
python3 tests/postgres/receiver.py "$RECEIVER" & PIDS+=($!)
# A stand-in homeserver and bridge for the appservice proxy (appservice.py).
python3 tests/postgres/appservice.py peers >"$WORK/peers" & PIDS+=($!)
for _ in $(seq 1 50); do [ -s "$WORK/peers" ] && break; sleep 0.1; done
read -r HOMESERVER BRIDGE <"$WORK/peers"
cat >"$WORK/registration.yaml" <<YAML
id: testbridge
url: http://127.0.0.1:1
as_token: AS-TOKEN
hs_token: HS-TOKEN
sender_localpart: bot
namespaces: {users: [{regex: '@ghost_.*', exclusive: true}]}
YAML

PORTS=()
APPSERVICE_PORTS=()
config() { # index appservice-port: the same configuration for every instance, but its proxy's port
  cat >"$WORK/triage-$1.yaml" <<YAML
storage:
  postgres:
    url: "$DATABASE_URL"
defaultNetwork: wa
networks:
  wa:
    profile: whatsapp
    adapter: {type: webhook, url: "http://127.0.0.1:$RECEIVER/deliver", secret: "test", timeout: 5s, retries: 2, concurrency: 64}
matrix:
  port: $2
  homeserver: http://127.0.0.1:$HOMESERVER
  domain: hs.test
  bridges:
    irc: {registration: "$WORK/registration.yaml", url: "http://127.0.0.1:$BRIDGE", profile: irc}
YAML
}
start_instance() { # index port
  java -Xmx384m -XX:+UseSerialGC -jar "$JAR" serve --config "$WORK/triage-$1.yaml" --port "$2" \
    >>"$WORK/triage-$1.log" 2>&1 &
  echo $! >"$WORK/triage-$1.pid"
  disown # killed on purpose: no job report
}
for i in $(seq 1 "$INSTANCES"); do
  port=$(free_port); PORTS+=("$port")
  appservice=$(free_port); APPSERVICE_PORTS+=("$appservice")
  config "$i" "$appservice"
  start_instance "$i" "$port"
done
for i in $(seq 1 "$INSTANCES"); do
  port=${PORTS[$((i - 1))]}
  for _ in $(seq 1 300); do
    curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
    kill -0 "$(cat "$WORK/triage-$i.pid")" 2>/dev/null || { echo "instance $i died:"; tail -20 "$WORK/triage-$i.log"; exit 1; }
    sleep 0.2
  done
done
echo "$INSTANCES instances on ports ${PORTS[*]}, webhook receiver on $RECEIVER"

KILL_ARGS=()
if [ "$KILL" = 1 ] && [ "$INSTANCES" -gt 1 ]; then
  last=$INSTANCES
  KILL_ARGS=(--kill-pidfile "$WORK/triage-$last.pid"
    --restart "java -Xmx384m -XX:+UseSerialGC -jar $JAR serve --config $WORK/triage-$last.yaml --port ${PORTS[$((last - 1))]} >>$WORK/triage-$last.log 2>&1 & echo \$! >$WORK/triage-$last.pid")
fi
status=0
python3 tests/postgres/client.py --ports "$(IFS=,; echo "${PORTS[*]}")" --receiver "$RECEIVER" \
  --actions "$ACTIONS" "${KILL_ARGS[@]}" | tee "$WORK/client.out" || status=$?
python3 tests/postgres/appservice.py check --ports "$(IFS=,; echo "${APPSERVICE_PORTS[*]}")" \
  --homeserver "$HOMESERVER" | tee "$WORK/appservice.out" || status=$?
# One closing line for both.
cat "$WORK/client.out" "$WORK/appservice.out" |
  awk '/^[0-9]+ passed, [0-9]+ failed$/ {p += $1; f += $3} END {printf "postgres: %d passed, %d failed\n", p, f}'
[ "$(grep -c FAIL "$WORK/client.out" "$WORK/appservice.out" | awk -F: '{s += $2} END {print s}')" = 0 ] || status=1
if [ "$status" != 0 ]; then
  for i in $(seq 1 "$INSTANCES"); do echo "--- instance $i"; grep -v "^\s*at " "$WORK/triage-$i.log" | tail -15; done
fi
exit "$status"
