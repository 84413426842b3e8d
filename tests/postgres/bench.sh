#!/usr/bin/env bash
# The figures of the README's "More than one instance": on a PostgreSQL cluster of its own (fsync
# on, as in production), the claim latency through JDBC + HikariCP and through the Vert.x client
# (dev.triage.bench.ClaimLatency, 2,000 claims), then journaled deliveries per second through
# POST /v1/actions (new ids, the loopback adapter) with wrk for DURATION seconds (10): one instance
# on PostgreSQL, three instances on it (one wrk per instance, at once), and for reference one
# instance with the MVStore journal and one in memory. Needs triage.jar and benchmarks.jar
# (mvn -B package -DskipTests -pl engine/sidecar,engine/bench -am). Stays on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
JAR=$ROOT/engine/sidecar/target/triage.jar
BENCH=$ROOT/engine/bench/target/benchmarks.jar
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-16}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
PG_OPTIONS=""
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  stop_cluster
}
source tests/postgres/cluster.sh
trap cleanup EXIT

java -cp "$BENCH" dev.triage.bench.ClaimLatency "$DATABASE_URL" 2000 2>/dev/null

cat >"$WORK/actions.lua" <<'LUA'
local threads = 0
function setup(thread) threads = threads + 1; thread:set("tid", threads) end
function init(args) prefix = (args[1] or "r") .. "-" .. tid .. "-"; counter = 0 end
function request()
  counter = counter + 1
  local body = '{"chatID":"!bench' .. (counter % 100) .. ':x","action":{"type":"message","id":"'
    .. prefix .. counter .. '","text":"hello"}}'
  return wrk.format("POST", "/v1/actions", {["Content-Type"] = "application/json"}, body)
end
LUA

storage_yaml() { # kind
  case "$1" in
    postgres) printf 'storage:\n  postgres:\n    url: "%s"\n' "$DATABASE_URL" ;;
    mvstore) printf 'server:\n  journal: "%s/journal-%s.mv.db"\n' "$WORK" "$RANDOM" ;;
    memory) ;;
  esac
}

measure() { # label kind instances
  local label=$1 kind=$2 n=$3 ports=() pids=()
  { storage_yaml "$kind"; printf 'defaultNetwork: lo\nnetworks:\n  lo: {profile: whatsapp, adapter: {type: loopback}}\n'; } >"$WORK/$label.yaml"
  for i in $(seq 1 "$n"); do
    port=$(free_port); ports+=("$port")
    java -Xmx512m -jar "$JAR" serve --config "$WORK/$label.yaml" --port "$port" >"$WORK/$label-$i.log" 2>&1 &
    pids+=($!); PIDS+=($!)
  done
  for i in $(seq 1 "$n"); do
    for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:${ports[$((i - 1))]}/health/ready" >/dev/null 2>&1 && break; sleep 0.2; done
    curl -fs "http://127.0.0.1:${ports[$((i - 1))]}/health/ready" >/dev/null 2>&1 ||
      { echo "$label: instance $i did not start:"; tail -5 "$WORK/$label-$i.log"; exit 1; }
  done
  # Warm up, then measure: one wrk per instance, all at once.
  local load=()
  for port in "${ports[@]}"; do
    wrk -t1 -c4 -d3s -s "$WORK/actions.lua" "http://127.0.0.1:$port" -- "warm$port" >/dev/null & load+=($!)
  done
  wait "${load[@]}"
  load=()
  for port in "${ports[@]}"; do
    wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$WORK/actions.lua" "http://127.0.0.1:$port" -- "m$port" >"$WORK/$label-$port.txt" &
    load+=($!)
  done
  wait "${load[@]}"
  local total=0 p50="" p99="" errors=0
  for port in "${ports[@]}"; do
    total=$(awk -v t="$total" '/Requests\/sec/ {printf "%.0f", t + $2}' "$WORK/$label-$port.txt")
    p50="$p50 $(awk '$1=="50%" {print $2}' "$WORK/$label-$port.txt")"
    p99="$p99 $(awk '$1=="99%" {print $2}' "$WORK/$label-$port.txt")"
    errors=$((errors + $(awk '/Non-2xx/ {print $NF}' "$WORK/$label-$port.txt" | tr -d ' ' || echo 0) + 0))
  done
  printf '%-34s %8s deliveries/s   p50%s   p99%s   non-2xx %s\n' "$label" "$total" "$p50" "$p99" "$errors"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait "${pids[@]}" 2>/dev/null || true
}

echo "journaled deliveries, POST /v1/actions, new ids, loopback adapter, $CONNECTIONS connections per instance, ${DURATION}s:"
measure "1 instance, in memory" memory 1
measure "1 instance, MVStore journal" mvstore 1
measure "1 instance on PostgreSQL" postgres 1
measure "3 instances on PostgreSQL" postgres 3
