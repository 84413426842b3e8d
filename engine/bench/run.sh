#!/usr/bin/env bash
# Reproduces every performance number in the README: builds benchmarks.jar, runs every decision
# benchmark single-threaded, the forward path with the allocation profiler, delivery in memory and
# with the journal, then the sidecar load run (load.sh). Takes about five minutes.
#   engine/bench/run.sh            everything
#   engine/bench/run.sh 'html.*'   a subset of the JMH benchmarks only (JMH regexp)
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q package -DskipTests -pl engine/bench -am
jar=engine/bench/target/benchmarks.jar
java -jar "$jar" "DecisionBenchmark.${1:-.*}" -f 1 -wi 3 -w 2s -i 5 -r 2s -tu ns -rf text -rff engine/bench/target/results.txt > engine/bench/target/run.log
cat engine/bench/target/results.txt
echo
echo "Allocation per forward (bytes/op):"
java -jar "$jar" 'DecisionBenchmark.forwardPlainText' -f 1 -wi 2 -w 1s -i 3 -r 1s -prof gc | grep -E 'gc.alloc.rate.norm +avgt' || true
if [ -z "${1:-}" ]; then
  echo
  echo "Delivery, in memory and with the journal (us/op):"
  java -jar "$jar" 'DeliveryBenchmark' -f 1 -wi 3 -w 2s -i 5 -r 2s | grep -E '^DeliveryBenchmark'
  echo
  engine/bench/load.sh
fi
