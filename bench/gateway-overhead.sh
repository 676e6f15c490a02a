#!/usr/bin/env bash
# What the gateway's security (JWT or API-key check, route table, Redis rate limit, minted identity) costs a call,
# against the same call made straight to config-service in the same run. Results go into docs/benchmarks.md.
#
#   DATASYNC_GATEWAY_RATE_LIMIT_REPLENISH=1000000 DATASYNC_GATEWAY_RATE_LIMIT_BURST=1000000 ./datasync up
#   bench/gateway-overhead.sh [seconds per case] [threads]     (default 20 s, 8 threads)
#
# The rate limit must be raised for the measured callers, or the gateway cases measure the limit (every call still
# passes through the limiter, so its cost is included).
set -euo pipefail
cd "$(dirname "$0")/.."
RUN_DIR="${DATASYNC_RUN_DIR:-$PWD/.datasync}"
GW=http://127.0.0.1:8080
SECRET_FILE="$RUN_DIR/secrets/identity-secret"
[[ -s "$SECRET_FILE" ]] || { echo "no $SECRET_FILE: start the platform first with ./datasync up" >&2; exit 1; }
curl -sf "$GW/actuator/health/services" >/dev/null || { echo "start the platform first: ./datasync up" >&2; exit 1; }

ADMIN="Authorization: Bearer $(./datasync token admin --ttl 1h --subject bench-admin)"
TOKEN="$(./datasync token viewer --ttl 1h --subject bench-viewer)"
KEY_JSON=$(curl -sf -X POST "$GW/api/config/api-keys" -H "$ADMIN" -H 'Content-Type: application/json' \
  -d "{\"name\":\"bench-$(date +%s)\",\"role\":\"viewer\"}")
KEY=$(sed -n 's/.*"key":"\([^"]*\)".*/\1/p' <<<"$KEY_JSON")
KEY_ID=$(sed -n 's/.*"id":"\([^"]*\)".*/\1/p' <<<"$KEY_JSON")
trap 'curl -sf -X DELETE "$GW/api/config/api-keys/$KEY_ID" -H "$ADMIN" >/dev/null || true' EXIT

CP_FILE=common-models/target/bench.classpath
[[ -s "$CP_FILE" ]] || mvn -q -o -pl common-models dependency:build-classpath -Dmdep.outputFile="$PWD/$CP_FILE" >/dev/null
CP="common-models/target/classes:$(cat "$CP_FILE")"
echo "gateway overhead: GET /api/config/connectors, ${1:-20} s per case, ${2:-8} client threads; $(nproc) cores"
java -Xmx256m -cp "$CP" bench/GatewayLoad.java "$SECRET_FILE" "$TOKEN" "$KEY" "${1:-20}" "${2:-8}"
