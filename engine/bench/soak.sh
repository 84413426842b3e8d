#!/usr/bin/env bash
# Soak: mixed delivery load through Delivery and the webhook and beeper-desktop adapters against
# servers that inject faults (slow, 503, 429, dropped connections before and after the work, garbage
# answers, refusals, outages), then prints accepted / delivered / failed / duplicated counts for
# each, one after the other. The same tests run for 5 s each in the normal build.
#
#   engine/bench/soak.sh            # 10 minutes each
#   engine/bench/soak.sh 60         # 1 minute each
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-600}"
mvn -B -q -pl adapters/webhook,adapters/beeper-desktop -am test \
  -Dtest='*FaultSoakTest' -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtriage.soak.seconds="$seconds" -Dspotless.check.skip=true 2>&1 \
  | grep -E "soak [0-9]+ s:|  receiver:|  desktop:|Tests run:|FAIL|expected"
