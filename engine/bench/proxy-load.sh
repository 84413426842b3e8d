#!/usr/bin/env bash
# The appservice proxy under load, in one run on loopback: a stub bridge and a stub homeserver
# (EchoServer answering at once), Triage as the proxy between them, and wrk sending the proxy
# transactions of EVENTS plain-text messages each (default 10) with a new transaction id each time,
# over ONE connection, as a homeserver does (one transaction at a time per appservice). The same
# transactions sent straight to the stub bridge are the floor: the difference in p50/p99 is the
# latency the proxy adds; transactions/s × EVENTS is its events per second. DURATION seconds per run
# (default 15). Installs wrk from the distribution's packages when missing; stops by itself.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION="${DURATION:-15}"
EVENTS="${EVENTS:-10}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
[ -n "${TRIAGE_BENCH_BUILT:-}" ] \
  || mvn -B -q package -DskipTests -pl engine/sidecar,engine/bench -am
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

java -cp engine/bench/target/benchmarks.jar dev.triage.bench.EchoServer 29371 2 > "$work/bridge.log" 2>&1 &
java -cp engine/bench/target/benchmarks.jar dev.triage.bench.EchoServer 29372 2 404 > "$work/hs.log" 2>&1 &
cat > "$work/registration.yaml" <<YAML
id: loadbridge
url: http://127.0.0.1:29370
as_token: AS
hs_token: HS
sender_localpart: loadbot
namespaces: {users: [{regex: '@load_.*', exclusive: true}]}
YAML
cat > "$work/triage.yaml" <<YAML
server: {port: 29369}
networks: {demo: {profile: whatsapp}}
matrix:
  port: 29370
  homeserver: http://127.0.0.1:29372
  domain: load.test
  bridges:
    load: {registration: "$work/registration.yaml", url: "http://127.0.0.1:29371", profile: telegram}
YAML
java -jar engine/sidecar/target/triage.jar serve --config "$work/triage.yaml" > "$work/triage.log" 2>&1 &
for i in $(seq 60); do grep -q "appservice proxy listening" "$work/triage.log" && break; sleep 0.5; done

events=""
sep=""
for i in $(seq "$EVENTS"); do
  events="$events$sep{\"type\":\"m.room.message\",\"event_id\":\"\$e$i\",\"room_id\":\"!load:load.test\",\"sender\":\"@alice:load.test\",\"origin_server_ts\":1795680000000,\"content\":{\"msgtype\":\"m.text\",\"body\":\"Are we still on for lunch at noon? I can book a table.\"}}"
  sep=","
done
cat > "$work/txn.lua" <<LUA
local counter = 0
local id = 0
function setup(thread) id = id + 1; thread:set("id", id) end
function init(args) wrk.headers["Content-Type"] = "application/json"; wrk.headers["Authorization"] = "Bearer HS" end
request = function()
  counter = counter + 1
  return wrk.format("PUT", "/_matrix/app/v1/transactions/" .. id .. "-" .. counter, nil, [[{"events":[$events]}]])
end
LUA
result() { # name, base url
  wrk -t1 -c1 -d"${DURATION}s" --latency -s "$work/txn.lua" "$2" > "$work/$1.txt"
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/$1.txt")
  p50=$(awk '$1=="50%" {print $2}' "$work/$1.txt")
  p99=$(awk '$1=="99%" {print $2}' "$work/$1.txt")
  errors=$(awk '/Non-2xx/ {print $5}' "$work/$1.txt")
  echo "$rps $p50 $p99 ${errors:-0}"
}
probe=$(curl -s -o "$work/probe.txt" -w '%{http_code}' -X PUT -H 'Content-Type: application/json' \
  -H 'Authorization: Bearer HS' --data "{\"events\":[$events]}" http://127.0.0.1:29370/_matrix/app/v1/transactions/probe)
[ "$probe" = 200 ] || { echo "the proxy answered $probe: $(cat "$work/probe.txt")" >&2; tail -20 "$work/triage.log" >&2; exit 1; }
read -r b_rps b_p50 b_p99 b_err < <(result bridge http://127.0.0.1:29371)
read -r p_rps p_p50 p_p99 p_err < <(result proxy http://127.0.0.1:29370)
printf '%-26s %14s %12s %10s %10s %8s\n' "run ($EVENTS events/txn)" "transactions/s" "events/s" "p50" "p99" "non-2xx"
printf '%-26s %14s %12s %10s %10s %8s\n' "stub bridge, direct" "$b_rps" "$(awk -v r="$b_rps" -v e="$EVENTS" 'BEGIN {printf "%.0f", r*e}')" "$b_p50" "$b_p99" "$b_err"
printf '%-26s %14s %12s %10s %10s %8s\n' "through the proxy" "$p_rps" "$(awk -v r="$p_rps" -v e="$EVENTS" 'BEGIN {printf "%.0f", r*e}')" "$p_p50" "$p_p99" "$p_err"
curl -s http://127.0.0.1:29369/metrics | grep -E "^triage_appservice_(events|transactions)_total" || true; tail -3 "$work/triage.log"
