#!/usr/bin/env bash
# Kafka → PostgreSQL stream job vs a plain Java consumer on the same topic, in one script, on this machine.
#
#   flock /tmp/datasync-up.lock ./datasync up        (the platform; the lock keeps one platform per machine)
#   bench/stream-vs-consume.sh [messages] [rate] [seconds]     (default 1000000, 20000 msg/s, 60 s; needs psql, curl)
#
# Settings: BENCH_MAX_ROWS / BENCH_MAX_DELAY (the job's micro-batches, default 5000 / 100ms), BENCH_KAFKA_PORT (19092,
# and the next port for its controller), BENCH_JFR=<file> (a 30 s flight recording of sync-service during (b)).
#
# The benchmark's Kafka is a broker of its own (the Kafka of ./datasync, run from dev-infra's class path) on
# 127.0.0.1:${BENCH_KAFKA_PORT:-19092} with a log folder under /tmp, stopped at the end: the platform's broker on 9092
# is the platform's, and the egress policy keeps jobs away from it.
#
# Data: <messages> JSON objects, the 12-column rows of bench/batch-vs-copy.sh (bigint id, uuid, non-ASCII text, email
# with spaces and capitals, numeric, smallint, boolean, two timestamps, nullable text, a nested object, text), keyed
# by id, in a 4-partition topic, produced before anything reads them.
#  (a) baseline: one plain KafkaConsumer (bench/StreamLoad.java) reads the topic from the start, parses every value
#      into a Jackson tree and counts them: the messages and nothing else — no columns, no target, no positions.
#  (b) platform: a kafka → PostgreSQL job through the gateway — columns declared, two transforms (normalize the email,
#      derive a column, as the batch benchmark), upsert on id into an empty table, each micro-batch committed in one
#      transaction with the partitions' offsets. Timed from just before the run's trigger until the last row was
#      written (the table's written_at column, clock_timestamp() at insert, in the transaction that commits it).
#  (c) latency: with the same run still going, a producer sends <rate> msg/s for <seconds> s; per message the
#      latency is written_at − the producer's record timestamp (_timestamp, a metadata column of the job), reported as
#      p50/p95/p99 over all of them, beside the run view's own endToEndP50/P99 (commit − event time per micro-batch).
# Prints both rates, the ratio platform / consumer (1.0 = as fast as the plain consumer) and the most heap
# sync-service used (sampled from its actuator every 0.5 s during (b) and (c)).
set -euo pipefail
cd "$(dirname "$0")/.."
MESSAGES="${1:-1000000}"
RATE="${2:-20000}"
SECONDS_C="${3:-60}"
GW="${DATASYNC_GATEWAY:-http://127.0.0.1:8080}"
SYNC_ACTUATOR="${DATASYNC_SYNC_ACTUATOR:-http://127.0.0.1:8082/actuator}"
KPORT="${BENCH_KAFKA_PORT:-19092}"
BOOTSTRAP="127.0.0.1:$KPORT"
PG=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qAt)
RUN="bench$(date +%s)"
TOPIC="bench-stream-$RUN"
DB="bench_stream"
VERSION="$(sed -n 's/^VERSION="\(.*\)"$/\1/p' datasync)"
INFRA_CP="$PWD/dev-infra/target/dev-infra-$VERSION.jar:$PWD/dev-infra/target/lib/*"

now() { date +%s.%N; }
json() { sed -n "s/.*\"$1\":\"\\{0,1\\}\\([^,\"}]*\\).*/\\1/p" | head -n 1; }
rate() { echo "$1 / $2" | bc -l; }
heap_used() {
  curl -sf "$SYNC_ACTUATOR/metrics/jvm.memory.used?tag=area:heap" | sed -n 's/.*"value":\([0-9.E]*\).*/\1/p' | head -n 1
}

curl -sf "$GW/actuator/health/services" >/dev/null || {
  echo "start the platform first: flock /tmp/datasync-up.lock ./datasync up" >&2; exit 1; }
[[ -f "dev-infra/target/dev-infra-$VERSION.jar" ]] || { echo "build first (./datasync up builds what is missing)" >&2; exit 1; }
AUTH="Authorization: Bearer ${DATASYNC_TOKEN:-$(./datasync token admin --ttl 2h)}"

# --- the benchmark's broker -------------------------------------------------------------------------------------
KAFKA_PID=""; HEAP_PID=""; RUN_ID=""
KDIR="$(mktemp -d /tmp/bench-kafka.XXXXXX)"
cleanup() {
  [[ -n "$RUN_ID" ]] && curl -sf -H "$AUTH" -X POST "$GW/api/sync/runs/$RUN_ID/stop" >/dev/null 2>&1 || true
  [[ -n "$HEAP_PID" ]] && kill "$HEAP_PID" 2>/dev/null || true
  if [[ -n "$KAFKA_PID" ]]; then
    kill "$KAFKA_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$KAFKA_PID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$KAFKA_PID" 2>/dev/null || true
  fi
  rm -rf "$KDIR"
}
trap cleanup EXIT
cat >"$KDIR/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$((KPORT + 1))
listeners=PLAINTEXT://127.0.0.1:$KPORT,CONTROLLER://127.0.0.1:$((KPORT + 1))
advertised.listeners=PLAINTEXT://127.0.0.1:$KPORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$KDIR/data
num.partitions=4
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
# a Kafka cluster id is 16 random bytes in URL-safe base64 (as ./datasync makes it); one starting with '-' reads as an option
while CLUSTER_ID="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"; [[ "$CLUSTER_ID" == -* ]]; do :; done
java -Xmx256m -cp "$INFRA_CP" -Dlog4j2.configurationFile=classpath:log4j2-tools.xml \
  kafka.tools.StorageTool format --standalone -t "$CLUSTER_ID" -c "$KDIR/server.properties" >"$KDIR/format.log" 2>&1
java -Xmx512m -XX:+UseSerialGC -cp "$INFRA_CP" -Dlog4j2.configurationFile=classpath:log4j2.xml \
  kafka.Kafka "$KDIR/server.properties" >"$KDIR/kafka.log" 2>&1 &
KAFKA_PID=$!
for _ in $(seq 1 180); do grep -q 'Kafka Server started' "$KDIR/kafka.log" && break; sleep 0.5; done
grep -q 'Kafka Server started' "$KDIR/kafka.log" || { echo "the benchmark's broker did not start:" >&2; tail -20 "$KDIR/kafka.log" >&2; exit 1; }

# kafka-clients and Jackson from sync-service's class path, for bench/StreamLoad.java
CP_FILE=sync-service/target/bench.classpath
[[ -s "$CP_FILE" ]] || mvn -q -o -pl sync-service dependency:build-classpath -Dmdep.outputFile="$PWD/$CP_FILE" >/dev/null
LOAD=(java -Xmx512m -cp "$(cat "$CP_FILE")" bench/StreamLoad.java)

"${LOAD[@]}" topic "$BOOTSTRAP" "$TOPIC" 4
"${LOAD[@]}" produce "$BOOTSTRAP" "$TOPIC" 1 "$MESSAGES"

# (a) the plain consumer
CONSUME_OUT=$("${LOAD[@]}" consume "$BOOTSTRAP" "$TOPIC" "$MESSAGES")
echo "$CONSUME_OUT"
CONSUME_S=$(sed -n 's/^CONSUME_S=//p' <<<"$CONSUME_OUT")

# (b) the platform: the table made here, so it can carry written_at (the job's columns plus amount_cents, _timestamp)
"${PG[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
"${PG[@]}" -d "$DB" -c "CREATE TABLE t (id BIGINT PRIMARY KEY, uid UUID NOT NULL, name TEXT, email TEXT,
  amount NUMERIC(12,2), qty SMALLINT, active BOOLEAN, created_at TIMESTAMPTZ, updated_at TIMESTAMPTZ NOT NULL, note TEXT,
  payload JSONB, city TEXT, _timestamp TIMESTAMPTZ, amount_cents NUMERIC,
  written_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp())"
curl -sf -H "$AUTH" -X POST "$GW/api/config/connections" -H 'Content-Type: application/json' \
  -d "{\"name\":\"kafka-$RUN\",\"type\":\"kafka\",\"settings\":{\"bootstrapServers\":\"$BOOTSTRAP\"}}" >/dev/null
curl -sf -H "$AUTH" -X POST "$GW/api/config/connections" -H 'Content-Type: application/json' \
  -d "{\"name\":\"$DB-$RUN\",\"type\":\"jdbc\",\"settings\":{\"url\":\"jdbc:postgresql://127.0.0.1:5432/$DB\",\"user\":\"postgres\",\"password\":\"x\"}}" >/dev/null
JOB_ID=$(curl -sf -H "$AUTH" -X POST "$GW/api/config/jobs" -H 'Content-Type: application/yaml' --data-binary @- <<YAML | json id
name: bench-stream-$RUN
source:
  type: kafka
  connection: kafka-$RUN
  options:
    topics: [$TOPIC]
    startFrom: earliest
    format: json
    key: [id]
    metaColumns: [_timestamp]
    columns:
      - { name: id, type: bigint }
      - { name: uid, type: uuid }
      - { name: name, type: text }
      - { name: email, type: text }
      - { name: amount, type: "numeric(12,2)" }
      - { name: qty, type: smallint }
      - { name: active, type: boolean }
      - { name: created_at, type: timestamptz }
      - { name: updated_at, type: timestamptz }
      - { name: note, type: text }
      - { name: payload, type: jsonb }
      - { name: city, type: text }
batch: { maxRows: ${BENCH_MAX_ROWS:-5000}, maxDelay: ${BENCH_MAX_DELAY:-100ms} }
transforms:
  - normalize: { email: lower-trim }
  - derive: { amount_cents: "amount * 100" }
target: { type: jdbc, connection: $DB-$RUN, table: public.t, writeMode: upsert, keys: [id] }
YAML
)
[[ -n "$JOB_ID" ]] || { echo "the job was not created" >&2; exit 1; }

HEAP_FILE="$KDIR/heap"
( while :; do h=$(heap_used || echo 0); printf '%.0f\n' "${h:-0}" >>"$HEAP_FILE"; sleep 0.5; done ) &
HEAP_PID=$!

count() { "${PG[@]}" -d "$DB" -c "SELECT count(*) FROM t"; }
# Waits until the target holds $1 rows (or the run ends); fails after $2 s.
wait_rows() {
  local deadline=$((SECONDS + $2)) n body state
  while :; do
    n=$(count)
    ((n >= $1)) && return 0
    body=$(curl -sf -H "$AUTH" "$GW/api/sync/runs/$RUN_ID")
    state=$(json state <<<"$body")
    case "$state" in FAILED|CANCELLED|SUCCEEDED) echo "run $RUN_ID $state: $body" >&2; exit 1 ;; esac
    ((SECONDS < deadline)) || { echo "only $n of $1 rows after $2 s: $body" >&2; exit 1; }
    sleep 0.2
  done
}

T0=$(now)
RUN_ID=$(curl -sf -H "$AUTH" -X POST "$GW/api/sync/jobs/$JOB_ID/runs" | json runId)
[[ -n "$RUN_ID" ]] || { echo "the run was not triggered" >&2; exit 1; }
# BENCH_JFR=<file>: a 30 s flight recording of sync-service from the trigger on (profiling (b); it costs a little)
if [[ -n "${BENCH_JFR:-}" ]]; then
  jcmd "$(head -n 1 "${DATASYNC_RUN_DIR:-$PWD/.datasync/run}/pids/sync-service.pid")" JFR.start duration=30s \
    filename="$BENCH_JFR" settings=profile >/dev/null
fi
wait_rows "$MESSAGES" 900
LAST=$("${PG[@]}" -d "$DB" -c "SELECT extract(epoch FROM max(written_at)) FROM t")
STREAM_S=$(echo "$LAST - $T0" | bc -l)
B_HEAP=$(sort -n "$HEAP_FILE" | tail -n 1)
# rows/distinct ids, whether every email was normalized, and how many amount_cents differ from amount × 100 (CEL has no
# decimals: derive computes in doubles, so some differ in the last places, e.g. 37.00000000000001)
rows_b=$("${PG[@]}" -d "$DB" -c "SELECT count(*) || '/' || count(DISTINCT id) || ' rows/distinct, emails normalized: ' ||
  bool_and(email = lower(trim(email))) || ', amount_cents <> amount*100: ' || count(*) FILTER (
  WHERE amount_cents IS DISTINCT FROM amount * 100) FROM t")

# (c) a fixed rate into the running job
TOTAL=$((MESSAGES + RATE * SECONDS_C))
"${LOAD[@]}" produce "$BOOTSTRAP" "$TOPIC" $((MESSAGES + 1)) $((RATE * SECONDS_C)) "$RATE"
wait_rows "$TOTAL" 300
LAT=$("${PG[@]}" -d "$DB" -c "SELECT string_agg(round(extract(epoch FROM q) * 1000)::text, ' ') FROM unnest(
  (SELECT percentile_cont(ARRAY[0.5, 0.95, 0.99, 1.0]) WITHIN GROUP (ORDER BY written_at - _timestamp)
     FROM t WHERE id > $MESSAGES)) q")
read -r P50 P95 P99 PMAX <<<"$LAT"
VIEW=$(curl -sf -H "$AUTH" "$GW/api/sync/runs/$RUN_ID")
VIEW_P50=$(json endToEndP50 <<<"$VIEW"); VIEW_P99=$(json endToEndP99 <<<"$VIEW")
C_HEAP=$(sort -n "$HEAP_FILE" | tail -n 1)
kill "$HEAP_PID" 2>/dev/null || true; HEAP_PID=""
curl -sf -H "$AUTH" -X POST "$GW/api/sync/runs/$RUN_ID/stop" >/dev/null || true

printf 'messages=%s partitions=4 cores=%s\n' "$MESSAGES" "$(nproc)"
printf '(a) plain consumer  %7.2f s  %9.0f msg/s\n' "$CONSUME_S" "$(rate "$MESSAGES" "$CONSUME_S")"
printf '(b) platform        %7.2f s  %9.0f msg/s  (%s, run %s)  ratio %.2f  heap max %s MB\n' \
  "$STREAM_S" "$(rate "$MESSAGES" "$STREAM_S")" "$rows_b" "$RUN_ID" "$(echo "$CONSUME_S / $STREAM_S" | bc -l)" \
  "$((B_HEAP / 1024 / 1024))"
printf '(c) %s msg/s for %s s: end-to-end p50 %s ms, p95 %s ms, p99 %s ms, max %s ms (run view p50 %s, p99 %s)  heap max %s MB\n' \
  "$RATE" "$SECONDS_C" "$P50" "$P95" "$P99" "$PMAX" "$VIEW_P50" "$VIEW_P99" "$((C_HEAP / 1024 / 1024))"
"${PG[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
