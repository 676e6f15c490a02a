#!/usr/bin/env bash
# Batch sync vs a plain COPY pipe on the same data, in one script, on this machine.
#
#   bench/batch-vs-copy.sh [rows]        (default 2000000; needs `./datasync up` running, psql and curl)
#
# Data: a 12-column table (bigint key, uuid, non-ASCII text, email, numeric, smallint, boolean, two timestamptz,
# nullable text, jsonb, text) in a source database of the local PostgreSQL.
#  (a) baseline: psql "\copy (SELECT …) TO STDOUT" | psql "\copy … FROM STDIN" into an empty table of another
#      database: the fastest thing that moves the rows, with no checkpoints, splits, transforms or verification.
#  (b) platform: a job through the gateway — JDBC source in 4 PK-range splits (BENCH_PARALLELISM), two transforms (normalize the email,
#      derive a column), upsert into an empty table (createTable), every chunk committed with its checkpoint, then the
#      run verified against the source. Timed from the trigger until the run reports verified.
#  (c) incremental: 10 % of the rows updated at the source, the same job run again (timestamp watermark on
#      updated_at): only those rows are read and upserted.
#  (d) with BENCH_QUALITY=1: the quality gate's cost. The same full job as (b), once without and once with an inline
#      quality gate of six checks (required uid, email format, amount range, name length, qty range, updated_at
#      freshness) on every row, each into an empty target database, alternating off/on BENCH_QUALITY_ROUNDS times
#      (default 2); prints each pair's ratio on/off as rows/s (1.0 = the gate costs nothing).
# Prints both rates, the ratio platform / COPY as rows/s (higher is better, 1.0 = as fast as the pipe), and the most
# heap sync-service used while running (sampled from its actuator every 0.5 s, as the run is polled). A run is timed
# from just before its trigger to the end time it reports, so the polling interval adds nothing to it.
set -euo pipefail
ROWS="${1:-2000000}"
GW="${DATASYNC_GATEWAY:-http://127.0.0.1:8080}"
SYNC_ACTUATOR="${DATASYNC_SYNC_ACTUATOR:-http://127.0.0.1:8082/actuator}"
PG=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qAt)
RUN="bench$(date +%s)"
SRC="bench_src"; COPYDST="bench_copy"; SYNCDST="bench_sync"
COLUMNS="id, uid, name, email, amount, qty, active, created_at, updated_at, note, payload, city"

now() { date +%s.%N; }
json() { sed -n "s/.*\"$1\":\"\\{0,1\\}\\([^,\"}]*\\).*/\\1/p" | head -n 1; }
rate() { echo "$1 / $2" | bc -l; }

heap_used() {
  curl -sf "$SYNC_ACTUATOR/metrics/jvm.memory.used?tag=area:heap" | sed -n 's/.*"value":\([0-9.E]*\).*/\1/p' | head -n 1
}

# Runs the job once, sampling sync-service's heap; sets RUN_ID, RUN_S and HEAP_MAX_MB.
run_job() {
  local t0 state verified h max=0
  t0=$(now)
  RUN_ID=$(curl -sf -H "$AUTH" -X POST "$GW/api/sync/jobs/$JOB_ID/runs" | json runId)
  while :; do
    local body; body=$(curl -sf -H "$AUTH" "$GW/api/sync/runs/$RUN_ID")
    state=$(json state <<<"$body"); verified=$(json verified <<<"$body")
    h=$(heap_used || echo 0); h=$(printf '%.0f' "${h:-0}")
    (( h > max )) && max=$h
    case "$state" in
      SUCCEEDED) [[ "$verified" == true ]] && break
                 [[ "$verified" == false ]] && { echo "run $RUN_ID not verified: $body" >&2; exit 1; } ;;
      FAILED|CANCELLED) echo "run $RUN_ID $state: $body" >&2; exit 1 ;;
    esac
    sleep 0.5
  done
  # the run's own end (after its verification), so polling slowly neither delays nor burdens what it measures
  local ended; ended=$(date -d "$(json endedAt <<<"$body")" +%s.%N 2>/dev/null || now)
  RUN_S=$(echo "$ended - $t0" | bc -l)
  HEAP_MAX_MB=$(( max / 1024 / 1024 ))
}

curl -sf "$GW/actuator/health/services" >/dev/null || { echo "start the platform first: ./datasync up" >&2; exit 1; }
# An admin token of the local run for every /api call (the gateway refuses calls without one).
AUTH="Authorization: Bearer ${DATASYNC_TOKEN:-$("$(dirname "$0")/../datasync" token admin --ttl 2h)}"

for db in "$SRC" "$COPYDST" "$SYNCDST"; do
  "${PG[@]}" -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
done
TABLE="(id BIGINT PRIMARY KEY, uid UUID NOT NULL, name TEXT, email TEXT, amount NUMERIC(12,2), qty SMALLINT,
  active BOOLEAN, created_at TIMESTAMPTZ, updated_at TIMESTAMPTZ NOT NULL, note TEXT, payload JSONB, city TEXT)"
"${PG[@]}" -d "$SRC" -c "CREATE TABLE t $TABLE" \
  -c "INSERT INTO t SELECT g, md5(g::text)::uuid, '客户 ' || g || ' Zoë', ' User.' || g || '@Example.com ',
        (g % 100000) * 0.37, (g % 30000)::smallint, g % 3 = 0, timestamptz '2026-01-01' + g * interval '1 second',
        timestamptz '2026-06-01' + g * interval '1 second', CASE WHEN g % 5 = 0 THEN NULL ELSE 'note ' || g END,
        jsonb_build_object('n', g, 'tags', jsonb_build_array('a', 'b')), 'city-' || (g % 97)
      FROM generate_series(1, $ROWS) g" \
  -c "CREATE INDEX ON t (updated_at)" -c "VACUUM ANALYZE t"
"${PG[@]}" -d "$COPYDST" -c "CREATE TABLE t $TABLE"

# (a) the COPY pipe
t0=$(now)
"${PG[@]}" -d "$SRC" -c "\\copy (SELECT $COLUMNS FROM t) TO STDOUT" | "${PG[@]}" -d "$COPYDST" -c "\\copy t FROM STDIN"
COPY_S=$(echo "$(now) - $t0" | bc -l)
copy_rows=$("${PG[@]}" -d "$COPYDST" -c "SELECT count(*) FROM t")

# (b) the platform, full run
for db in "$SRC" "$SYNCDST"; do
  curl -sf -H "$AUTH" -X POST "$GW/api/config/connections" -H 'Content-Type: application/json' \
    -d "{\"name\":\"$db-$RUN\",\"type\":\"jdbc\",\"settings\":{\"url\":\"jdbc:postgresql://127.0.0.1:5432/$db\",\"user\":\"postgres\",\"password\":\"x\"}}" >/dev/null
done
TRANSFORMS='transforms:
  - normalize: { email: lower-trim }
  - derive: { amount_cents: "amount * 100" }'
[[ "${BENCH_TRANSFORMS:-1}" == 0 ]] && TRANSFORMS='transforms: []'
JOB_ID=$(curl -sf -H "$AUTH" -X POST "$GW/api/config/jobs" -H 'Content-Type: application/yaml' --data-binary @- <<YAML | json id
name: bench-$RUN
source:
  type: jdbc
  connection: $SRC-$RUN
  table: public.t
  split: { column: id, parallelism: ${BENCH_PARALLELISM:-4} }
  incremental: { mode: timestamp, column: updated_at, safetyLag: 0s }
$TRANSFORMS
target: { type: jdbc, connection: $SYNCDST-$RUN, table: public.t, writeMode: upsert, keys: [id], createTable: true }
YAML
)
run_job
FULL_S=$RUN_S; FULL_HEAP=$HEAP_MAX_MB; FULL_RUN=$RUN_ID
sync_rows=$("${PG[@]}" -d "$SYNCDST" -c "SELECT count(*) || '/' || count(DISTINCT id) FROM t")

# (c) incremental after updating 10 %
CHANGED=$(( ROWS / 10 ))
"${PG[@]}" -d "$SRC" -c "UPDATE t SET amount = amount + 1, updated_at = now() WHERE id % 10 = 3"
run_job
INC_S=$RUN_S; INC_HEAP=$HEAP_MAX_MB
inc_read=$(curl -sf -H "$AUTH" "$GW/api/sync/runs/$RUN_ID" | json rowsRead)
SUM="SELECT count(*) || ':' || sum(hashtext(id || ':' || amount || ':' || updated_at)) FROM t"
same=no; [[ "$("${PG[@]}" -d "$SRC" -c "$SUM")" == "$("${PG[@]}" -d "$SYNCDST" -c "$SUM")" ]] && same=yes

# (d) the quality gate on beside off, same data, same job but for the gate
QUALITY_LINES=()
if [[ "${BENCH_QUALITY:-0}" == 1 ]]; then
  RULES="bench-rules-$RUN"
  curl -sf -H "$AUTH" -X POST "$GW/api/quality/rulesets" -H 'Content-Type: application/json' -d @- >/dev/null <<JSON
{"name": "$RULES", "checks": [
  {"name": "uid-required", "column": "uid", "required": true},
  {"name": "email-format", "column": "email", "format": "email", "severity": "warn"},
  {"name": "amount-range", "column": "amount", "range": {"min": 0, "max": 1000000}},
  {"name": "name-length", "column": "name", "length": {"min": 1, "max": 200}},
  {"name": "qty-range", "column": "qty", "range": {"min": 0}},
  {"name": "fresh", "column": "updated_at", "freshness": {"maxAge": "3650d"}, "severity": "warn"}]}
JSON
  quality_job() { # $1 = target database, $2 = quality block
    curl -sf -H "$AUTH" -X POST "$GW/api/config/connections" -H 'Content-Type: application/json' \
      -d "{\"name\":\"$1-$RUN\",\"type\":\"jdbc\",\"settings\":{\"url\":\"jdbc:postgresql://127.0.0.1:5432/$1\",\"user\":\"postgres\",\"password\":\"x\"}}" >/dev/null
    curl -sf -H "$AUTH" -X POST "$GW/api/config/jobs" -H 'Content-Type: application/yaml' --data-binary @- <<YAML | json id
name: bench-$1-$RUN
source:
  type: jdbc
  connection: $SRC-$RUN
  table: public.t
  split: { column: id, parallelism: ${BENCH_PARALLELISM:-4} }
$TRANSFORMS
$2
target: { type: jdbc, connection: $1-$RUN, table: public.t, writeMode: upsert, keys: [id], createTable: true }
YAML
  }
  for round in $(seq 1 "${BENCH_QUALITY_ROUNDS:-2}"); do
    for gate in off on; do
      db="bench_q${gate}_$round"
      "${PG[@]}" -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
      block="quality: { mode: off }"
      [[ $gate == on ]] && block="quality: { ruleSet: $RULES, mode: inline, onViolation: quarantine }"
      JOB_ID=$(quality_job "$db" "$block")
      run_job
      rows=$("${PG[@]}" -d "$db" -c "SELECT count(*) FROM t")
      [[ $gate == off ]] && OFF_S=$RUN_S
      [[ $gate == on ]] && QUALITY_LINES+=("$(printf '(d) round %s: gate off %6.2f s %9.0f rows/s | gate on %6.2f s %9.0f rows/s (%s rows written, heap max %s MB) | on/off %.2f' \
        "$round" "$OFF_S" "$(rate "$ROWS" "$OFF_S")" "$RUN_S" "$(rate "$ROWS" "$RUN_S")" "$rows" "$HEAP_MAX_MB" "$(echo "$OFF_S / $RUN_S" | bc -l)")")
      "${PG[@]}" -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
    done
  done
fi

printf 'rows=%s\n' "$ROWS"
printf '(a) COPY pipe      %7.2f s  %9.0f rows/s  (%s rows)\n' "$COPY_S" "$(rate "$ROWS" "$COPY_S")" "$copy_rows"
printf '(b) platform full  %7.2f s  %9.0f rows/s  (%s rows/distinct, run %s, verified)  ratio %.2f  heap max %s MB\n' \
  "$FULL_S" "$(rate "$ROWS" "$FULL_S")" "$sync_rows" "$FULL_RUN" "$(echo "$COPY_S / $FULL_S" | bc -l)" "$FULL_HEAP"
printf '(c) incremental    %7.2f s  %9.0f rows/s  (%s read for %s changed rows; target equals source: %s)  heap max %s MB\n' \
  "$INC_S" "$(rate "$inc_read" "$INC_S")" "$inc_read" "$CHANGED" "$same" "$INC_HEAP"
for line in "${QUALITY_LINES[@]}"; do printf '%s\n' "$line"; done
for db in "$SRC" "$COPYDST" "$SYNCDST"; do "${PG[@]}" -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"; done
