#!/usr/bin/env bash
# The sidecar under load against two floors, in one run on loopback: starts triage.jar serve, a bare
# Vert.x echo server that answers with a body of the same size (the HTTP floor), and the same echo
# parsing the request and writing the answer with Jackson (the HTTP + JSON floor); drives each with
# wrk (64 connections, 2 threads, DURATION seconds, default 15) for /v1/mediate with one action and
# with a batch of 50, and prints requests/s, decisions/s, p50, p99 and the ratios to each floor:
# what is HTTP, what is JSON, what is Triage.
# PROFILE=1 records the sidecar with JDK Flight Recorder meanwhile and ends with its hottest methods
# (the recording is kept as engine/bench/target/sidecar.jfr, for `jfr print` or JDK Mission Control).
# Installs wrk from the distribution's packages when it is missing. Everything stays on 127.0.0.1
# and stops by itself.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION="${DURATION:-15}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
[ -n "${TRIAGE_BENCH_BUILT:-}" ] || mvn -B -q package -DskipTests -pl engine/sidecar,engine/bench -am
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

single='{"profile":"whatsapp","action":{"type":"message","text":"Are we still on for lunch at noon? I can book a table."}}'
batch="{\"profile\":\"whatsapp\",\"actions\":[$(for i in $(seq 50); do printf '%s{"type":"message","text":"Are we still on for lunch at noon? I can book a table."}' "$([ "$i" -gt 1 ] && echo ,)"; done)]}"

profiling=()
[ -n "${PROFILE:-}" ] && profiling=(-XX:StartFlightRecording=filename=engine/bench/target/sidecar.jfr,settings=profile)
java "${profiling[@]}" -jar engine/sidecar/target/triage.jar serve --port 29360 > "$work/sidecar.log" 2>&1 &
sidecar=$!
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
echo_floor() { # kind, bytes, mode ("" or json): starts it in this shell, so the EXIT trap stops it
  java -cp engine/bench/target/benchmarks.jar dev.triage.bench.EchoServer 29361 "$2" 200 $3 > "$work/echo-$1.log" 2>&1 &
  echo_pid=$!
  for i in $(seq 60); do grep -qs "listening" "$work/echo-$1.log" && break; sleep 0.5; done
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }

printf '%-24s %12s %12s %10s %10s %8s %8s\n' "run" "requests/s" "decisions/s" "p50" "p99" "÷ http" "÷ json"
for kind in single batch; do
  body="$single"; decisions=1
  [ "$kind" = batch ] && body="$batch" && decisions=50
  bytes=$(response_size "$body")
  echo_floor "$kind-http" "$bytes" ""
  read -r _ http_rps http_p50 http_p99 < <(result "http-$kind" http://127.0.0.1:29361/ "$body")
  kill "$echo_pid"; wait "$echo_pid" 2>/dev/null || true
  echo_floor "$kind-json" "$bytes" json
  read -r _ json_rps json_p50 json_p99 < <(result "json-$kind" http://127.0.0.1:29361/ "$body")
  kill "$echo_pid"; wait "$echo_pid" 2>/dev/null || true
  read -r _ rps p50 p99 < <(result "triage-$kind" http://127.0.0.1:29360/v1/mediate "$body")
  printf '%-24s %12s %12s %10s %10s %8s %8s\n' "HTTP floor ($kind)" "$http_rps" "" "$http_p50" "$http_p99" "" ""
  printf '%-24s %12s %12s %10s %10s %8s %8s\n' "HTTP+JSON floor ($kind)" "$json_rps" "" "$json_p50" "$json_p99" "$(ratio "$json_rps" "$http_rps")" ""
  printf '%-24s %12s %12.0f %10s %10s %8s %8s\n' "mediate ($kind)" "$rps" "$(awk -v r="$rps" -v d="$decisions" 'BEGIN {print r * d}')" "$p50" "$p99" "$(ratio "$rps" "$http_rps")" "$(ratio "$rps" "$json_rps")"
done

if [ -n "${PROFILE:-}" ]; then
  jcmd "$sidecar" JFR.dump filename="$PWD/engine/bench/target/sidecar.jfr" > /dev/null
  echo
  echo "Where the sidecar's time went under load (JFR execution samples, by the first frame that is"
  echo "not the JDK's own), then its hottest methods:"
  jfr print --events jdk.ExecutionSample --stack-depth 64 engine/bench/target/sidecar.jfr \
    | awk '
      /stackTrace = \[/ {inside = 1; found = ""; next}
      inside && /^[ \t]*\]/ {
        inside = 0
        layer = "HTTP (Netty, Vert.x)"
        if (found ~ /^com\.fasterxml\.jackson|^dev\.triage\.json/) layer = "JSON (Jackson, the wire format)"
        else if (found ~ /^dev\.triage\.(rule|format|capability|action|verdict|matrix)/) layer = "decisions"
        else if (found ~ /^io\.micrometer/) layer = "metrics"
        else if (found ~ /^dev\.triage/) layer = "Triage HTTP (routes, gateway)"
        else if (found == "") layer = "JDK only"
        n[layer]++; total++; next
      }
      inside && found == "" {
        frame = $0; sub(/^[ \t]+/, "", frame); sub(/\(.*/, "", frame)
        if (frame !~ /^(java|jdk|sun)\./) found = frame
      }
      END {for (l in n) printf "%6.1f%%  %s\n", 100 * n[l] / total, l}' | sort -rn
  echo
  jfr print --events jdk.ExecutionSample --stack-depth 1 engine/bench/target/sidecar.jfr \
    | awk '/stackTrace = \[/ {getline; sub(/^[ \t]+/, ""); sub(/ line:.*/, ""); n[$0]++; total++}
      END {for (m in n) printf "%6.1f%%  %s\n", 100 * n[m] / total, m}' | sort -rn | head -15
fi
