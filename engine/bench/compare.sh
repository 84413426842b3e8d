#!/usr/bin/env bash
# Before and after in one run, on one machine: builds REV (a commit from before a change) beside the
# working tree, with this tree's benchmark sources where they compile against it, then runs each JMH
# benchmark matching PATTERN on both builds in turn (before, after, before, after), and the sidecar
# under load (one action, a batch of 50) against both, in turn. These machines are noisy: figures
# from two runs do not compare, ratios from one do.
#   engine/bench/compare.sh REV ['DecisionBenchmark.html.*|DeliveryBenchmark.concurrent.*']
set -euo pipefail
cd "$(dirname "$0")/../.."
rev="${1:?usage: engine/bench/compare.sh REV [JMH regexp]}"
pattern="${2:-DecisionBenchmark.(forwardPlainText|html.*|markdownDegrade)|DeliveryBenchmark.concurrent.*}"
DURATION="${DURATION:-10}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; git worktree remove --force "$work/before" 2>/dev/null || true; rm -rf "$work"' EXIT

git worktree add -q --detach "$work/before" "$rev"
cp engine/bench/src/main/java/dev/triage/bench/*.java "$work/before/engine/bench/src/main/java/dev/triage/bench/"
if ! (cd "$work/before" && mvn -B -q package -DskipTests -Dspotless.check.skip=true -pl engine/sidecar,engine/bench -am > "$work/build.log" 2>&1); then
  echo "this tree's benchmarks do not compile against $rev: using its own" >&2
  (cd "$work/before" && git checkout -q -- engine/bench && git clean -fdq engine/bench && mvn -B -q package -DskipTests -Dspotless.check.skip=true -pl engine/sidecar,engine/bench -am)
fi
mvn -B -q package -DskipTests -pl engine/sidecar,engine/bench -am

jmh() { # label, jar
  if ! java -jar "$2" "$pattern" -f 1 -wi 3 -w 2s -i 5 -r 2s -rf csv -rff "$work/$1.csv" > "$work/$1.log" 2>&1 \
    || [ ! -s "$work/$1.csv" ]; then
    echo "$1: JMH failed, see its log:" >&2
    tail -5 "$work/$1.log" >&2
    return 0
  fi
  awk -F, -v label="$1" 'NR > 1 {gsub(/"/, ""); sub(/^dev\.triage\.bench\./, "", $1);
    printf "%-8s %-46s %14.3f ± %-10.3f %s\n", label, $1, $5, $6, $7}' "$work/$1.csv"
}
echo "== JMH ($pattern)"
for round in 1 2; do
  jmh "before" "$work/before/engine/bench/target/benchmarks.jar"
  jmh "after" engine/bench/target/benchmarks.jar
done

single='{"profile":"whatsapp","action":{"type":"message","text":"Are we still on for lunch at noon? I can book a table."}}'
batch="{\"profile\":\"whatsapp\",\"actions\":[$(for i in $(seq 50); do printf '%s{"type":"message","text":"Are we still on for lunch at noon? I can book a table."}' "$([ "$i" -gt 1 ] && echo ,)"; done)]}"
start() { # label, jar, port
  java -jar "$2" serve --port "$3" > "$work/$1.log" 2>&1 &
  for i in $(seq 60); do grep -qs "listening" "$work/$1.log" && break; sleep 0.5; done
}
load() { # label, port, body
  printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = [[%s]]\n' "$3" > "$work/post.lua"
  wrk -t2 -c64 -d"${DURATION}s" --latency -s "$work/post.lua" "http://127.0.0.1:$2/v1/mediate" \
    | awk -v label="$1" '/Requests\/sec/ {rps = $2} $1 == "50%" {p50 = $2} $1 == "99%" {p99 = $2}
        END {printf "%-22s %12s %10s %10s\n", label, rps, p50, p99}'
}
start before "$work/before/engine/sidecar/target/triage.jar" 29380
start after engine/sidecar/target/triage.jar 29381
echo
echo "== The sidecar under load (wrk, 64 connections, ${DURATION} s each)"
printf '%-22s %12s %10s %10s\n' "run" "requests/s" "p50" "p99"
for round in 1 2; do
  load "before, one action" 29380 "$single"
  load "after, one action" 29381 "$single"
  load "before, batch of 50" 29380 "$batch"
  load "after, batch of 50" 29381 "$batch"
done
