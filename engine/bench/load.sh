#!/usr/bin/env bash
# The sidecar under load against the HTTP floor, in one run on loopback: starts triage.jar serve
# and a bare Vert.x echo server that answers with a body of the same size, drives each with wrk
# (64 connections, 2 threads, DURATION seconds, default 15), for /v1/mediate with one action and
# with a batch of 50, and prints requests/s, p50, p99 and the sidecar/echo ratio.
# Installs wrk from the distribution's packages when it is missing. Everything stays on 127.0.0.1
# and stops by itself.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION="${DURATION:-15}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
mvn -B -q package -DskipTests -pl engine/sidecar,engine/bench -am
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

single='{"profile":"whatsapp","action":{"type":"message","text":"Are we still on for lunch at noon? I can book a table."}}'
batch="{\"profile\":\"whatsapp\",\"actions\":[$(for i in $(seq 50); do printf '%s{"type":"message","text":"Are we still on for lunch at noon? I can book a table."}' "$([ "$i" -gt 1 ] && echo ,)"; done)]}"

java -jar engine/sidecar/target/triage.jar serve --port 29360 > "$work/sidecar.log" 2>&1 &
for i in $(seq 60); do grep -q "listening" "$work/sidecar.log" && break; sleep 0.5; done

result() { # name, url, body
  printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = [[%s]]\n' "$3" > "$work/post.lua"
  wrk -t2 -c64 -d"${DURATION}s" --latency -s "$work/post.lua" "$2" > "$work/$1.txt"
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/$1.txt")
  p50=$(awk '$1=="50%" {print $2}' "$work/$1.txt")
  p99=$(awk '$1=="99%" {print $2}' "$work/$1.txt")
  echo "$1 $rps $p50 $p99"
}
response_size() { curl -s -o /dev/null -w '%{size_download}' -H 'Content-Type: application/json' -d "$1" http://127.0.0.1:29360/v1/mediate; }

printf '%-18s %12s %10s %10s %8s\n' "run" "requests/s" "p50" "p99" "ratio"
for kind in single batch; do
  body="$single"; [ "$kind" = batch ] && body="$batch"
  bytes=$(response_size "$body")
  java -cp engine/bench/target/benchmarks.jar dev.triage.bench.EchoServer 29361 "$bytes" > "$work/echo.log" 2>&1 &
  echo_pid=$!
  for i in $(seq 60); do grep -q "listening" "$work/echo.log" && break; sleep 0.5; done
  read -r _ echo_rps echo_p50 echo_p99 < <(result "echo-$kind" http://127.0.0.1:29361/ "$body")
  read -r _ rps p50 p99 < <(result "triage-$kind" http://127.0.0.1:29360/v1/mediate "$body")
  kill "$echo_pid"; wait "$echo_pid" 2>/dev/null || true
  printf '%-18s %12s %10s %10s %8s\n' "echo ($kind)" "$echo_rps" "$echo_p50" "$echo_p99" ""
  printf '%-18s %12s %10s %10s %8s\n' "mediate ($kind)" "$rps" "$p50" "$p99" "$(awk -v a="$rps" -v b="$echo_rps" 'BEGIN {printf "%.2f", a / b}')"
done
