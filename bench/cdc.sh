#!/usr/bin/env bash
# PostgreSQL change log (CDC, Debezium + pgoutput) → PostgreSQL vs the source's own update rate, in one script, on this
# machine.
#
#   flock /tmp/datasync-up.lock ./datasync up        (the platform; the lock keeps one platform per machine)
#   bench/cdc.sh [seconds] [rate] [rate-seconds]     (default 30 s of load, then 2,000 changes/s for 60 s; needs psql,
#                                                     pgbench, curl, bc; the local PostgreSQL with wal_level=logical)
#
# Settings: BENCH_MAX_ROWS / BENCH_MAX_DELAY (the job's micro-batches, default 5000 / 100ms), BENCH_CLIENTS (pgbench
# clients of (a) and (b), default 2), BENCH_RATE_CLIENTS (of (c), default BENCH_CLIENTS).
#
# Data: database bench_cdc of the local PostgreSQL, table items (id bigint primary key, counter int, amount
# numeric(12,2), note text, updated timestamptz default clock_timestamp()) with 100,000 rows. The load is one pgbench
# script, one single-statement transaction each: `UPDATE items SET counter = counter + 1, amount = amount + 1,
# updated = clock_timestamp() WHERE id = :id` with id uniform in 1..100,000, 2 clients (simple query mode).
#  (a) baseline: the load alone for <seconds> s, no job: the source's own update rate (pgbench's tps). Measured last,
#      after the job was deleted (counters back to 0, the table rewritten with VACUUM FULL as before (b)): right after
#      ./datasync up the services still warm up and would slow it.
#  (b) platform under the same load: after 10 s of warm-up load, the counters are set back to 0 and the table
#      rewritten (VACUUM FULL), and a change-log job is created (start: now — no copy — upsert on id into items_copy,
#      which the run creates) and started; once its replication slot is active, the same load runs <seconds> s.
#      U = Σcounter at the source at the end (every update adds 1; it was 0). The target starts empty and receives
#      each updated row's whole new image, so its Σcounter equals the source's exactly when every change was applied:
#      T = from the load's start until it does (polled every 0.2 s once the load ended). Applied rate = U / T; ratio =
#      applied rate / (a)'s tps (1.0 = the platform applies changes as fast as the source alone makes them). The
#      source's own tps during (b) is printed beside it.
#  (d) backlog: the run paused, the same load <seconds> s, then the run resumed: U_D changes applied in T_D (resume →
#      target's Σcounter equal) → backlog rate = U_D / T_D, the job's apply rate when the source does not limit it;
#      ratio = backlog rate / (a)'s tps. (Runs after (b), before (c).)
#  (c) lag at a fixed rate: the run still going, the target table gets a trigger BEFORE INSERT OR UPDATE that appends
#      (NEW.id, NEW.updated, clock_timestamp()) to lag_log, then pgbench --rate=<rate> runs <rate-seconds> s. Per
#      applied change, lag = applied_at − updated (the source row's time, set just before its commit; both clocks are
#      the same server's); p50/p95/p99/max (percentile_cont) over the changes of (c), beside the run view's own
#      stream.endToEndP50/P99 (commit − source commit time per micro-batch). An upsert that meets an existing key fires
#      the trigger twice (BEFORE INSERT, then BEFORE UPDATE), so lag_log is reduced to one row per (id, updated), the
#      first. Changes to one key within one micro-batch are folded into one write, so fewer changes can land than
#      pgbench made transactions: both counts are printed (Σcounter still has to match).
# Prints the rates, the ratio, the lags and the most heap sync-service used (sampled from its actuator every 0.5 s
# during (b) and (c)); and, 3 s after the target caught up with (b) and with (c), how far the slot's confirmed_flush_lsn
# is behind the WAL position at the end of that load (small when the slot confirms what the target committed; the
# whole load's WAL when it does not), beside the WAL the load wrote. At the end the job is deleted (the platform stops
# the run and drops the job's replication slot and publication: the script waits up to 120 s for that, and fails when
# the slot stays — it then drops it itself, so that it does not keep WAL on the shared server) and the database dropped.
set -euo pipefail
cd "$(dirname "$0")/.."
LOAD_S="${1:-30}"
RATE="${2:-2000}"
RATE_S="${3:-60}"
CLIENTS="${BENCH_CLIENTS:-2}"
RATE_CLIENTS="${BENCH_RATE_CLIENTS:-$CLIENTS}"
ROWS=100000
GW="${DATASYNC_GATEWAY:-http://127.0.0.1:8080}"
SYNC_ACTUATOR="${DATASYNC_SYNC_ACTUATOR:-http://127.0.0.1:8082/actuator}"
RUN_DIR="${DATASYNC_RUN_DIR:-$PWD/.datasync/run}"
PG=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qAt)
RUN="bench$(date +%s)"
DB="bench_cdc"

now() { date +%s.%N; }
json() { sed -n "s/.*\"$1\":\"\\{0,1\\}\\([^,\"}]*\\).*/\\1/p" | head -n 1; }
rate() { echo "$1 / $2" | bc -l; }
heap_used() {
  curl -sf "$SYNC_ACTUATOR/metrics/jvm.memory.used?tag=area:heap" | sed -n 's/.*"value":\([0-9.E]*\).*/\1/p' | head -n 1
}
# A duration of the run view in ms: ISO-8601 (PT0.123S, PT1M2.5S) or a number of seconds; '-' when absent.
dur_ms() {
  local d="$1"
  [[ -z "$d" || "$d" == null ]] && { echo -; return; }
  if [[ "$d" =~ ^PT(([0-9]+)H)?(([0-9]+)M)?(([0-9.]+)S)?$ ]]; then
    printf '%.0f' "$(echo "(${BASH_REMATCH[2]:-0} * 3600 + ${BASH_REMATCH[4]:-0} * 60 + ${BASH_REMATCH[6]:-0}) * 1000" | bc -l)"
  else
    printf '%.0f' "$(echo "$d * 1000" | bc -l)"
  fi
}
sql() { "${PG[@]}" -d "$DB" -c "$1"; }

curl -sf "$GW/actuator/health/services" >/dev/null || {
  echo "start the platform first: flock /tmp/datasync-up.lock ./datasync up" >&2; exit 1; }
command -v pgbench >/dev/null || { echo "pgbench is missing (Debian: the postgresql server package)" >&2; exit 1; }
[[ "$("${PG[@]}" -d postgres -c 'SHOW wal_level')" == logical ]] || {
  echo "the local PostgreSQL needs wal_level=logical" >&2; exit 1; }
AUTH="Authorization: Bearer ${DATASYNC_TOKEN:-$(./datasync token admin --ttl 2h)}"

WORK="$(mktemp -d /tmp/bench-cdc.XXXXXX)"
JOB_ID=""; RUN_ID=""; HEAP_PID=""; DELETED=""
# Deletes the job (its run stops, its slot and publication are dropped by the platform) and waits until the slot is
# gone; sets SLOT_GONE_S (or empty when the slot stayed).
delete_job() {
  local t0 n
  t0=$(now); SLOT_GONE_S=""
  curl -sf -H "$AUTH" -X DELETE "$GW/api/config/jobs/$JOB_ID" >/dev/null || echo "deleting job $JOB_ID failed" >&2
  DELETED=1
  for _ in $(seq 1 600); do
    n=$("${PG[@]}" -d postgres -c "SELECT count(*) FROM pg_replication_slots WHERE database = '$DB'" 2>/dev/null || echo 0)
    [[ "$n" == 0 ]] && { SLOT_GONE_S=$(echo "$(now) - $t0" | bc -l); return 0; }
    sleep 0.2
  done
  return 1
}
cleanup() {
  [[ -n "$HEAP_PID" ]] && kill "$HEAP_PID" 2>/dev/null || true
  if [[ -n "$JOB_ID" && -z "$DELETED" ]]; then
    delete_job || true
  fi
  if [[ -n "$JOB_ID" ]] && [[ "$("${PG[@]}" -d postgres -c \
      "SELECT count(*) FROM pg_replication_slots WHERE database = '$DB'" 2>/dev/null || echo 0)" != 0 ]]; then
    # a slot left behind retains WAL on the shared server for ever: said loudly, then dropped
    echo "WARNING: the replication slot of job $JOB_ID was still there 120 s after the job's deletion:" >&2
    "${PG[@]}" -d postgres -c "SELECT slot_name, active, active_pid FROM pg_replication_slots WHERE database = '$DB'" >&2 || true
    "${PG[@]}" -d postgres -c "SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots
      WHERE database = '$DB' AND active_pid IS NOT NULL" >/dev/null 2>&1 || true
    sleep 1
    "${PG[@]}" -d postgres -c "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots
      WHERE database = '$DB' AND NOT active" >/dev/null || true
  fi
  "${PG[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 ||
    echo "WARNING: could not drop database $DB" >&2
  rm -rf "$WORK"
}
trap cleanup EXIT

# --- data ----------------------------------------------------------------------------------------------------------
"${PG[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
sql "CREATE TABLE items (id bigint PRIMARY KEY, counter int NOT NULL DEFAULT 0, amount numeric(12,2), note text,
  updated timestamptz NOT NULL DEFAULT clock_timestamp())"
sql "INSERT INTO items (id, amount, note) SELECT g, (g % 1000) * 1.25, 'note ' || g FROM generate_series(1, $ROWS) g"
sql "VACUUM ANALYZE items"
cat >"$WORK/update.sql" <<EOF
\\set id random(1, $ROWS)
UPDATE items SET counter = counter + 1, amount = amount + 1, updated = clock_timestamp() WHERE id = :id;
EOF
SUM_SRC="SELECT coalesce(sum(counter), 0) FROM items"
SUM_DST="SELECT coalesce(sum(counter), 0) FROM items_copy"

# Runs pgbench with the update script, $2 clients and extra options; its output in $WORK/$1.out; sets TPS and TXNS.
load() {
  local name="$1" clients="$2"; shift 2
  pgbench -n -h 127.0.0.1 -U postgres -c "$clients" -j "$clients" -f "$WORK/update.sql" "$@" "$DB" \
    >"$WORK/$name.out" 2>&1 || { echo "pgbench failed:" >&2; cat "$WORK/$name.out" >&2; exit 1; }
  TPS=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$WORK/$name.out" | tail -n 1)
  TXNS=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$WORK/$name.out")
  [[ -n "$TPS" && -n "$TXNS" ]] || { echo "cannot read pgbench's output:" >&2; cat "$WORK/$name.out" >&2; exit 1; }
}

# (a) runs at the end, once the job is deleted: right after ./datasync up the services still warm up (JIT, Kafka) and
# took a third of the cores, which made the source look slower alone than with the job
load warmup "$CLIENTS" -T 10

# --- (b) the platform under the same load --------------------------------------------------------------------------
sql "UPDATE items SET counter = 0"
sql "VACUUM FULL items"
sql "ANALYZE items"
CONN="$DB-$RUN"
curl -sf -H "$AUTH" -X POST "$GW/api/config/connections" -H 'Content-Type: application/json' \
  -d "{\"name\":\"$CONN\",\"type\":\"jdbc\",\"settings\":{\"url\":\"jdbc:postgresql://127.0.0.1:5432/$DB\",\"user\":\"postgres\"}}" >/dev/null
# Creates the job from $1 (YAML); sets JOB_HTTP and JOB_BODY.
post_job() {
  JOB_HTTP=$(curl -s -o "$WORK/job.json" -w '%{http_code}' -H "$AUTH" -X POST "$GW/api/config/jobs" \
    -H 'Content-Type: application/yaml' --data-binary "$1")
  JOB_BODY=$(cat "$WORK/job.json")
}
JOB_SOURCE="source: { type: jdbc, connection: $CONN, table: public.items, incremental: { mode: changelog }, options: { start: now } }
target: { type: jdbc, connection: $CONN, table: public.items_copy, writeMode: upsert, keys: [ id ], createTable: true }"
BATCH="batch: { maxRows: ${BENCH_MAX_ROWS:-5000}, maxDelay: ${BENCH_MAX_DELAY:-100ms} }"
post_job "name: bench-cdc-$RUN
$JOB_SOURCE
$BATCH"
BATCH_NOTE="${BENCH_MAX_ROWS:-5000} rows / ${BENCH_MAX_DELAY:-100ms}"
if [[ "$JOB_HTTP" == 4* && "$JOB_BODY" == *batch* ]]; then
  echo "the job was refused with batch: ($JOB_HTTP $JOB_BODY); created without it" >&2
  BATCH_NOTE="batch: refused ($JOB_BODY), the source's defaults"
  post_job "name: bench-cdc-$RUN
$JOB_SOURCE"
fi
[[ "$JOB_HTTP" == 2* ]] || { echo "the job was not created: $JOB_HTTP $JOB_BODY" >&2; exit 1; }
JOB_ID=$(json id <<<"$JOB_BODY")
[[ -n "$JOB_ID" ]] || { echo "no job id in: $JOB_BODY" >&2; exit 1; }

run_state() {
  local body state
  body=$(curl -sf -H "$AUTH" "$GW/api/sync/runs/$RUN_ID") || return 0
  state=$(json state <<<"$body")
  case "$state" in
    FAILED|CANCELLED|SUCCEEDED)
      echo "run $RUN_ID $state: $body" >&2
      echo "sync-service's log: $RUN_DIR/logs/sync-service.log (./datasync logs sync-service)" >&2
      exit 1 ;;
  esac
}

HEAP_FILE="$WORK/heap"
( while :; do h=$(heap_used || echo 0); printf '%.0f\n' "${h:-0}" >>"$HEAP_FILE"; sleep 0.5; done ) &
HEAP_PID=$!

T_TRIGGER=$(now)
RUN_ID=$(curl -sf -H "$AUTH" -X POST "$GW/api/sync/jobs/$JOB_ID/runs" | json runId)
[[ -n "$RUN_ID" ]] || { echo "the run was not triggered" >&2; exit 1; }
for i in $(seq 1 600); do
  [[ "$(sql "SELECT coalesce(bool_or(active), false) FROM pg_replication_slots WHERE database = '$DB'")" == t ]] && break
  ((i % 10 == 0)) && run_state
  ((i < 600)) || { echo "no active replication slot 120 s after the trigger" >&2; run_state; exit 1; }
  sleep 0.2
done
SLOT="$(sql "SELECT slot_name FROM pg_replication_slots WHERE database = '$DB'")"
SLOT_S=$(echo "$(now) - $T_TRIGGER" | bc -l)

# How far the slot's confirmed_flush_lsn is behind LSN $1 (the end of a load), 3 s after the target caught up, in kB;
# and the WAL from $2 to $1 (what the load wrote, all databases), in kB.
slot_behind() {
  sleep 3
  "${PG[@]}" -d postgres -c "SELECT round(pg_wal_lsn_diff('$1', confirmed_flush_lsn) / 1024) || ' ' ||
    round(pg_wal_lsn_diff('$1', '$2') / 1024) FROM pg_replication_slots WHERE slot_name = '$SLOT'"
}
wal_lsn() { "${PG[@]}" -d postgres -c "SELECT pg_current_wal_lsn()"; }

# Waits until the target's Σcounter equals $1 (or the run ends); fails after $2 s. Sets EQUAL_AT.
wait_equal() {
  local deadline=$((SECONDS + $2)) n i=0
  while :; do
    n=$(sql "$SUM_DST" 2>/dev/null || echo -1)
    [[ "$n" == "$1" ]] && { EQUAL_AT=$(now); return 0; }
    ((++i % 25 == 0)) && run_state
    ((SECONDS < deadline)) || { echo "target Σcounter $n, source $1, after $2 s" >&2; run_state; exit 1; }
    sleep 0.2
  done
}

B_U0=$(sql "$SUM_SRC")
B_LSN0=$(wal_lsn)
T0=$(now)
load b "$CLIENTS" -T "$LOAD_S"
B_LSN1=$(wal_lsn)
B_TPS=$TPS; B_TXNS=$TXNS
B_U=$(( $(sql "$SUM_SRC") - B_U0 ))
wait_equal "$(sql "$SUM_SRC")" 900
B_T=$(echo "$EQUAL_AT - $T0" | bc -l)
B_RATE=$(rate "$B_U" "$B_T")
B_HEAP=$(sort -n "$HEAP_FILE" | tail -n 1)
B_VIEW=$(curl -sf -H "$AUTH" "$GW/api/sync/runs/$RUN_ID")
B_ROWS=$(sql "SELECT count(*) FROM items_copy")
read -r B_BEHIND B_WAL <<<"$(slot_behind "$B_LSN1" "$B_LSN0")"
TARGET_COLUMNS=$(sql "SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum)
  FROM pg_attribute WHERE attrelid = 'public.items_copy'::regclass AND attnum > 0 AND NOT attisdropped")

# --- (d) a backlog: the run paused while the load runs, then resumed ---------------------------------------------
# How fast the job applies changes when the source is not what limits it: the same load runs <seconds> s with the run
# paused (its reader takes nothing), then the run resumes and T_D is the time until the target's Σcounter equals the
# source's. Backlog rate = U_D / T_D.
curl -sf -H "$AUTH" -X POST "$GW/api/sync/runs/$RUN_ID/pause" >/dev/null
D_U0=$(sql "$SUM_SRC")
load d "$CLIENTS" -T "$LOAD_S"
D_TPS=$TPS
D_SRC=$(sql "$SUM_SRC")
D_U=$((D_SRC - D_U0))
T_RESUME=$(now)
curl -sf -H "$AUTH" -X POST "$GW/api/sync/runs/$RUN_ID/resume" >/dev/null
wait_equal "$D_SRC" 900
D_T=$(echo "$EQUAL_AT - $T_RESUME" | bc -l)
D_RATE=$(rate "$D_U" "$D_T")

# --- (c) lag at a fixed rate ---------------------------------------------------------------------------------------
sql "CREATE TABLE lag_log (id bigint, updated timestamptz, applied_at timestamptz)"
sql "CREATE FUNCTION log_lag() RETURNS trigger LANGUAGE plpgsql AS \$\$
  BEGIN INSERT INTO lag_log VALUES (NEW.id, NEW.updated::timestamptz, clock_timestamp()); RETURN NEW; END \$\$"
sql "CREATE TRIGGER items_copy_lag BEFORE INSERT OR UPDATE ON items_copy FOR EACH ROW EXECUTE FUNCTION log_lag()"
C_U0=$(sql "$SUM_SRC")
C_LSN0=$(wal_lsn)
load c "$RATE_CLIENTS" -T "$RATE_S" --rate="$RATE"
C_TPS=$TPS; C_TXNS=$TXNS
C_SRC=$(sql "$SUM_SRC")
C_U=$((C_SRC - C_U0))
C_LSN1=$(wal_lsn)
C_LOAD_END=$(now)
wait_equal "$C_SRC" 600
C_CATCHUP=$(echo "$EQUAL_AT - $C_LOAD_END" | bc -l)
C_VIEW=$(curl -sf -H "$AUTH" "$GW/api/sync/runs/$RUN_ID")
C_HEAP=$(sort -n "$HEAP_FILE" | tail -n 1)
kill "$HEAP_PID" 2>/dev/null || true; HEAP_PID=""
read -r C_BEHIND C_WAL <<<"$(slot_behind "$C_LSN1" "$C_LSN0")"
LAGS="SELECT id, updated, min(applied_at) AS applied_at FROM lag_log GROUP BY id, updated"
LAT=$(sql "SELECT string_agg(round(extract(epoch FROM q) * 1000)::text, ' ') FROM unnest(
  (SELECT percentile_cont(ARRAY[0.5, 0.95, 0.99, 1.0]) WITHIN GROUP (ORDER BY applied_at - updated) FROM ($LAGS) l)) q")
read -r P50 P95 P99 PMAX <<<"$LAT"
C_FIRED=$(sql "SELECT count(*) FROM lag_log")
C_LANDED=$(sql "SELECT count(*) FROM ($LAGS) l")
C_SAME=no
# the same text on both sides whatever types the run gave the target's columns
IMAGE="SELECT count(*) || ':' || sum(hashtext(id || '/' || counter || '/' || amount::numeric(12,2) || '/' ||
  coalesce(note, '-') || '/' || updated::timestamptz))"
[[ "$(sql "$IMAGE FROM items WHERE id IN (SELECT id FROM items_copy)")" == "$(sql "$IMAGE FROM items_copy")" ]] && C_SAME=yes

# --- the job deleted: its run stops, its slot goes ------------------------------------------------------------------
delete_job || true
FINAL_STATE=$(curl -sf -H "$AUTH" "$GW/api/sync/runs/$RUN_ID" | json state || true)

# --- (a) the load alone, no job and no slot, the table as compact as for (b) --------------------------------------
sql "DROP TABLE items_copy, lag_log"
sql "UPDATE items SET counter = 0"
sql "VACUUM FULL items"
sql "ANALYZE items"
sleep 5
load a "$CLIENTS" -T "$LOAD_S"
A_TPS=$TPS; A_TXNS=$TXNS; A_U=$(sql "$SUM_SRC")

printf 'rows=%s clients=%s cores=%s micro-batches %s  job %s run %s slot %s (active %.1f s after the trigger)\n' \
  "$ROWS" "$CLIENTS" "$(nproc)" "$BATCH_NOTE" "$JOB_ID" "$RUN_ID" "$SLOT" "$SLOT_S"
printf 'target table (created by the run): %s\n' "$TARGET_COLUMNS"
printf '(a) load alone        %s s: %9.0f tps  (%s transactions, Σcounter +%s)\n' "$LOAD_S" "$A_TPS" "$A_TXNS" "$A_U"
printf '(b) load + job        %s s: %9.0f tps at the source  (%s transactions, U=%s); target equal after T=%.2f s\n' \
  "$LOAD_S" "$B_TPS" "$B_TXNS" "$B_U" "$B_T"
printf '    applied rate %.0f changes/s  ratio %.2f (applied / (a))  %s rows in the target  heap max %s MB\n' \
  "$B_RATE" "$(echo "$B_RATE / $A_TPS" | bc -l)" "$B_ROWS" "$(( ${B_HEAP:-0} / 1024 / 1024 ))"
printf '(d) backlog: %s s of load with the run paused (%.0f tps, U=%s), resumed: target equal after %.2f s\n' \
  "$LOAD_S" "$D_TPS" "$D_U" "$D_T"
printf '    backlog applied at %.0f changes/s  ratio %.2f (backlog rate / (a))\n' "$D_RATE" "$(echo "$D_RATE / $A_TPS" | bc -l)"
printf '    run view: rowsRead %s rowsWritten %s endToEndP50 %s ms endToEndP99 %s ms\n' \
  "$(json rowsRead <<<"$B_VIEW")" "$(json rowsWritten <<<"$B_VIEW")" \
  "$(dur_ms "$(json endToEndP50 <<<"$B_VIEW")")" "$(dur_ms "$(json endToEndP99 <<<"$B_VIEW")")"
printf '    slot confirmed_flush_lsn %s kB behind the WAL at the load'"'"'s end (the load wrote %s kB of WAL)\n' "$B_BEHIND" "$B_WAL"
printf '(c) --rate=%s, %s clients, for %s s: %.0f tps held (%s transactions, Σcounter +%s); target equal %.2f s after the load\n' \
  "$RATE" "$RATE_CLIENTS" "$RATE_S" "$C_TPS" "$C_TXNS" "$C_U" "$C_CATCHUP"
printf '    lag (applied_at − updated) p50 %s ms, p95 %s ms, p99 %s ms, max %s ms over %s changes landed (trigger fired %s times)\n' \
  "$P50" "$P95" "$P99" "$PMAX" "$C_LANDED" "$C_FIRED"
printf '    run view: endToEndP50 %s ms endToEndP99 %s ms (raw %s / %s)  rowsRead %s rowsWritten %s  heap max %s MB\n' \
  "$(dur_ms "$(json endToEndP50 <<<"$C_VIEW")")" "$(dur_ms "$(json endToEndP99 <<<"$C_VIEW")")" \
  "$(json endToEndP50 <<<"$C_VIEW")" "$(json endToEndP99 <<<"$C_VIEW")" \
  "$(json rowsRead <<<"$C_VIEW")" "$(json rowsWritten <<<"$C_VIEW")" "$(( ${C_HEAP:-0} / 1024 / 1024 ))"
printf '    every target row equals its source row: %s; slot confirmed_flush_lsn %s kB behind the WAL at the load'"'"'s end (the load wrote %s kB)\n' \
  "$C_SAME" "$C_BEHIND" "$C_WAL"
printf 'job deleted: run %s, replication slot dropped %s\n' "${FINAL_STATE:-?}" \
  "$([[ -n "$SLOT_GONE_S" ]] && printf '%.1f s after the deletion' "$SLOT_GONE_S" || echo 'NOT within 120 s')"
[[ -n "$SLOT_GONE_S" ]] || {
  echo "the job's deletion did not drop its replication slot $SLOT within 120 s: see ChangeLogs in" \
    "$RUN_DIR/logs/sync-service.log" >&2; exit 1; }
