#!/usr/bin/env bash
# Batch sync vs a plain COPY pipe on the same data, in one script, on this machine.
#
#   bench/batch-vs-copy.sh [rows]        (default 1000000; needs `./datasync up` running and psql)
#
# Baseline: psql "COPY (SELECT * FROM src) TO STDOUT" | psql "COPY dst FROM STDIN" between two databases of the
# same local PostgreSQL: the fastest thing that moves the rows, with no checkpoints, splits or transforms.
# Platform: a job (jdbc source, 4 PK-range splits, insert into PostgreSQL with a checkpoint per chunk), triggered and
# watched through the gateway. Both copy the same table into an empty table; the ratio is platform / COPY time.
set -euo pipefail
ROWS="${1:-1000000}"
GW="${DATASYNC_GATEWAY:-http://127.0.0.1:8080}"
PG=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qAt)
RUN="bench$(date +%s)"
SRC="bench_src"; COPYDST="bench_copy"; SYNCDST="bench_sync"

now() { date +%s.%N; }
json() { sed -n "s/.*\"$1\":\"\\{0,1\\}\\([^,\"}]*\\).*/\\1/p" | head -n 1; }

curl -sf "$GW/actuator/health/services" >/dev/null || { echo "start the platform first: ./datasync up" >&2; exit 1; }

for db in "$SRC" "$COPYDST" "$SYNCDST"; do
  "${PG[@]}" -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
done
"${PG[@]}" -d "$SRC" -c "CREATE TABLE t (id BIGINT PRIMARY KEY, kind TEXT, amount NUMERIC(12,2), note TEXT, at TIMESTAMPTZ)" \
  -c "INSERT INTO t SELECT g, 'kind-' || (g % 17), g * 0.01, md5(g::text), now() - g * interval '1 second' FROM generate_series(1, $ROWS) g" \
  -c "VACUUM ANALYZE t"
for db in "$COPYDST" "$SYNCDST"; do
  "${PG[@]}" -d "$db" -c "CREATE TABLE t (id BIGINT, kind TEXT, amount NUMERIC(12,2), note TEXT, at TIMESTAMPTZ)"
done

t0=$(now)
"${PG[@]}" -d "$SRC" -c "COPY t TO STDOUT" | "${PG[@]}" -d "$COPYDST" -c "COPY t FROM STDIN"
t1=$(now)
copy_s=$(echo "$t1 - $t0" | bc -l)

for db in "$SRC" "$SYNCDST"; do
  curl -sf -X POST "$GW/api/config/connections" -H 'Content-Type: application/json' \
    -d "{\"name\":\"$db-$RUN\",\"type\":\"jdbc\",\"settings\":{\"url\":\"jdbc:postgresql://127.0.0.1:5432/$db\",\"user\":\"postgres\",\"password\":\"x\"}}" >/dev/null
done
job_id=$(curl -sf -X POST "$GW/api/config/jobs" -H 'Content-Type: application/yaml' --data-binary @- <<YAML | json id
name: bench-$RUN
source: { type: jdbc, connection: $SRC-$RUN, table: public.t, split: { column: id, parallelism: 4 } }
target: { type: jdbc, connection: $SYNCDST-$RUN, table: public.t, writeMode: insert }
YAML
)
t2=$(now)
run_id=$(curl -sf -X POST "$GW/api/sync/jobs/$job_id/runs" | json runId)
while :; do
  state=$(curl -sf "$GW/api/sync/runs/$run_id" | json state)
  case "$state" in SUCCEEDED) break ;; FAILED|CANCELLED) echo "run $run_id $state" >&2; exit 1 ;; esac
  sleep 0.2
done
t3=$(now)
sync_s=$(echo "$t3 - $t2" | bc -l)

copy_rows=$("${PG[@]}" -d "$COPYDST" -c "SELECT count(*) FROM t")
sync_rows=$("${PG[@]}" -d "$SYNCDST" -c "SELECT count(*) || '/' || count(DISTINCT id) FROM t")
printf 'rows=%s  copy=%.2fs (%.0f rows/s, %s rows)  platform=%.2fs (%.0f rows/s, %s rows/distinct)  ratio=%.2f\n' \
  "$ROWS" "$copy_s" "$(echo "$ROWS / $copy_s" | bc -l)" "$copy_rows" \
  "$sync_s" "$(echo "$ROWS / $sync_s" | bc -l)" "$sync_rows" "$(echo "$sync_s / $copy_s" | bc -l)"
for db in "$SRC" "$COPYDST" "$SYNCDST"; do "${PG[@]}" -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"; done
