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

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
if [ -z "$(pg_bin)" ]; then
  echo "tests/postgres: installing PostgreSQL (Debian's package)"
  if [ "$(id -u)" != 0 ]; then echo "tests/postgres: need root to install postgresql" >&2; exit 1; fi
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
PGBIN=$(pg_bin)

WORK=$(mktemp -d /tmp/triage-pg.XXXXXX)
chmod 755 "$WORK"
# pg_ctl refuses root: the cluster runs as the postgres user (as whoever runs this, when not root).
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "$(id -u)" = 0 ]; then chown postgres "$WORK"; fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PGPORT=$(free_port)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for f in "$WORK"/triage-*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
  as_pg "$PGBIN/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

as_pg "$PGBIN/initdb" -D "$WORK/data" -U postgres --auth=trust -E UTF8 >"$WORK/initdb.log" 2>&1
as_pg "$PGBIN/pg_ctl" -D "$WORK/data" -l "$WORK/postgres.log" -w \
  -o "-p $PGPORT -k $WORK -c listen_addresses=127.0.0.1 -c max_connections=100 -c fsync=off" start >/dev/null
as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres triage
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT (its own cluster in $WORK)"

RECEIVER=$(free_port)
python3 tests/postgres/receiver.py "$RECEIVER" & PIDS+=($!)

cat >"$WORK/triage.yaml" <<YAML
storage:
  postgres:
    url: "postgresql://postgres@127.0.0.1:$PGPORT/triage"
defaultNetwork: wa
networks:
  wa:
    profile: whatsapp
    adapter: {type: webhook, url: "http://127.0.0.1:$RECEIVER/deliver", secret: "test", timeout: 5s, retries: 2, concurrency: 64}
YAML

PORTS=()
start_instance() { # index port
  java -Xmx384m -XX:+UseSerialGC -jar "$JAR" serve --config "$WORK/triage.yaml" --port "$2" \
    >>"$WORK/triage-$1.log" 2>&1 &
  echo $! >"$WORK/triage-$1.pid"
  disown # killed on purpose: no job report
}
for i in $(seq 1 "$INSTANCES"); do
  port=$(free_port); PORTS+=("$port")
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
    --restart "java -Xmx384m -XX:+UseSerialGC -jar $JAR serve --config $WORK/triage.yaml --port ${PORTS[$((last - 1))]} >>$WORK/triage-$last.log 2>&1 & echo \$! >$WORK/triage-$last.pid")
fi
status=0
python3 tests/postgres/client.py --ports "$(IFS=,; echo "${PORTS[*]}")" --receiver "$RECEIVER" \
  --actions "$ACTIONS" "${KILL_ARGS[@]}" || status=$?
if [ "$status" != 0 ]; then
  for i in $(seq 1 "$INSTANCES"); do echo "--- instance $i"; grep -v "^\s*at " "$WORK/triage-$i.log" | tail -15; done
fi
exit "$status"
