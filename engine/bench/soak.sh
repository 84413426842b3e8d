#!/usr/bin/env bash
# Soak: mixed delivery load through Delivery and the webhook adapter against a receiver that
# injects faults (slow, 503, dropped connections before and after the work, garbage answers,
# refusals, outages), then prints accepted / delivered / failed / duplicated counts.
# The same test runs for 5 s in the normal build; this runs it for longer.
#
#   engine/bench/soak.sh            # 10 minutes
#   engine/bench/soak.sh 60         # 1 minute
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-600}"
mvn -B -q -pl adapters/webhook -am test \
  -Dtest=WebhookFaultSoakTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtriage.soak.seconds="$seconds" -Dspotless.check.skip=true 2>&1 \
  | grep -E "soak [0-9]+ s:|  receiver:|Tests run:|FAIL|expected"
