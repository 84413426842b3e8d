#!/usr/bin/env bash
# Reproduces every performance figure in the README in one run: builds the sidecar and
# benchmarks.jar once, then runs
#   1. the decision benchmarks (DecisionBenchmark), single-threaded, and the allocation per forward;
#   2. reading a Matrix event and writing its answer (MatrixBenchmark);
#   3. delivery in memory and with the MVStore journal, one at a time and with 1, 16 and 64
#      deliveries in flight (DeliveryBenchmark);
#   4. the sidecar under load against the HTTP floor and the HTTP + JSON floor (load.sh);
#   5. the appservice proxy in front of a stub bridge (proxy-load.sh);
# and ends with the targets of issue 19, each figure beside its target. Takes about ten minutes.
# JMH: 1 fork, 3 × 2 s warm-up, 5 × 2 s measurement. These machines are noisy: compare ratios
# from one run, not figures from two.
#   engine/bench/run.sh            everything
#   engine/bench/run.sh 'html.*'   a subset of the decision benchmarks only (JMH regexp)
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q package -DskipTests -pl engine/sidecar,engine/bench -am
export TRIAGE_BENCH_BUILT=1
jar=engine/bench/target/benchmarks.jar
out=engine/bench/target
jmh() { # csv name, then JMH arguments
  local name=$1
  shift
  java -jar "$jar" "$@" -f 1 -wi 3 -w 2s -i 5 -r 2s -rf csv -rff "$out/$name.csv" > "$out/$name.log"
  # Benchmark, mode, score ± error, unit: the table JMH prints, without its parameters' columns.
  awk -F, 'NR > 1 {gsub(/"/, ""); sub(/^dev\.triage\.bench\./, "", $1);
    printf "%-48s %-6s %14.3f ± %-12.3f %s\n", $1, $2, $5, $6, $7}' "$out/$name.csv"
}
score() { # csv name, benchmark suffix: its score
  awk -F, -v b="$2" '{gsub(/"/, "")} $1 ~ ("\\." b "$") {print $5}' "$out/$1.csv"
}

echo "== Decisions (ns/op, single-threaded)"
jmh decisions "DecisionBenchmark.${1:-.*}" -tu ns
echo
echo "Allocation per forward (bytes/op):"
java -jar "$jar" 'DecisionBenchmark.forwardPlainText' -f 1 -wi 2 -w 1s -i 3 -r 1s -prof gc \
  | grep -E 'gc.alloc.rate.norm +avgt' || true
[ -z "${1:-}" ] || exit 0

echo
echo "== Matrix: reading an event and writing the answer (ns/op)"
jmh matrix 'MatrixBenchmark' -tu ns
echo
echo "== Delivery (us/op one at a time; deliveries/s with 1, 16, 64 in flight)"
jmh delivery 'DeliveryBenchmark'
echo
echo "== The sidecar under load"
engine/bench/load.sh | tee "$out/load.txt"
echo
echo "== The appservice proxy"
engine/bench/proxy-load.sh | tee "$out/proxy.txt"

echo
echo "== Issue 19's targets"
html=$(score decisions htmlDegrade)
single_ratio=$(awk '$1 == "mediate" && $2 == "(single)" {print $7}' "$out/load.txt")
batch_decisions=$(awk '$1 == "mediate" && $2 == "(batch)" {print $4}' "$out/load.txt")
printf '%-44s %16s   %s\n' "measure" "now" "target"
printf '%-44s %16s   %s\n' "htmlDegrade" "$(awk -v ns="$html" 'BEGIN {printf "%.0f ops/s", 1e9 / ns}')" "≥ 30,000 ops/s (aim 50,000)"
printf '%-44s %16s   %s\n' "/v1/mediate one action ÷ HTTP floor" "$single_ratio" "≥ 0.7"
printf '%-44s %16s   %s\n' "/v1/mediate batch of 50" "$batch_decisions/s" "≥ 1,500,000 decisions/s"
for n in 1 16 64; do
  printf '%-44s %16s   %s\n' "journaled delivery, $n in flight" "$(awk -v s="$(score delivery "concurrent$n")" 'BEGIN {printf "%.0f/s", s}')" "≥ 10,000/s with concurrent deliveries"
done
read -r _ _ _ direct_tps _ direct_p50 direct_p99 _ < <(grep '^stub bridge, direct' "$out/proxy.txt")
read -r _ _ _ proxy_tps proxy_eps proxy_p50 proxy_p99 _ < <(grep '^through the proxy' "$out/proxy.txt")
printf '%-44s %16s   %s\n' "appservice proxy (no target)" "$proxy_tps tx/s" "$proxy_eps events/s; p50 $direct_p50 → $proxy_p50, p99 $direct_p99 → $proxy_p99 (direct → through Triage)"
