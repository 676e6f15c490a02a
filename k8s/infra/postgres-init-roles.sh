#!/bin/bash
# Creates one login role per DataSync service, each the owner of its own database and of nothing else: no superuser,
# no CREATEDB/CREATEROLE, and no one else may connect to its database. The services then log in as their role, never
# as postgres. The postgres image runs this once, when it initialises an empty data folder
# (/docker-entrypoint-initdb.d); docker-compose.yml and k8s/infra mount this same file.
#
# The passwords come from the environment: DATASYNC_DB_PASSWORD_CONFIG, _SYNC, _QUALITY, _SCHEDULER, _MONITORING
# (compose: `./datasync secrets > .env`; Kubernetes: the Secret datasync-db-<service>, key password).
set -euo pipefail

create_role() {
  local role="$1" database="$2" variable="$3"
  local password="${!variable:-}"
  if [[ ${#password} -lt 16 ]]; then
    echo "postgres-init-roles: $variable is unset or shorter than 16 characters; the $role role needs a generated" \
      "password (openssl rand -base64 32)" >&2
    exit 1
  fi
  # psql variables (:"ident", :'literal') quote the names and the password; the password never reaches a command line.
  psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres \
    -v role="$role" -v db="$database" -v pw="$password" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'pw' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
CREATE DATABASE :"db" OWNER :"role";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO :"role";
SQL
  echo "postgres-init-roles: role $role owns database $database"
}

create_role config_service datasync_config DATASYNC_DB_PASSWORD_CONFIG
create_role sync_service datasync_sync DATASYNC_DB_PASSWORD_SYNC
create_role quality_service datasync_quality DATASYNC_DB_PASSWORD_QUALITY
create_role scheduler_service datasync_scheduler DATASYNC_DB_PASSWORD_SCHEDULER
create_role monitoring_service datasync_monitoring DATASYNC_DB_PASSWORD_MONITORING
