#!/usr/bin/env bash
# Compose's database set-up (the `db-init` one-shot container), run at every
# `docker compose up`, idempotent. As the superuser:
#   1. the migrator role `tam` (runs `tam migrate`), owner of the database;
#   2. k8s/base/postgres/roles.sql: one schema per service, owned by `tam`, and the
#      service's own role `tam_<service>`, granted only that schema;
#   3. each service role's password, from TAM_<SERVICE>_DB_PASSWORD (a role without one
#      is an error, so a service added to roles.sql cannot be forgotten here).
# Connection: the PG* variables (PGHOST, PGUSER, PGPASSWORD, PGDATABASE).
set -euo pipefail
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"

: "${TAM_DB_PASSWORD:?TAM_DB_PASSWORD (the migrator role tam) is not set}"
psql -v ON_ERROR_STOP=1 -q -v password="$TAM_DB_PASSWORD" <<'SQL'
SELECT 'CREATE ROLE tam' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tam') \gexec
ALTER ROLE tam LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'password';
SELECT format('ALTER DATABASE %I OWNER TO tam', current_database()) \gexec
SQL

psql -v ON_ERROR_STOP=1 -q -f "${TAM_ROLES_SQL:-/init/roles.sql}"

for role in $(psql -Atq -c "SELECT rolname FROM pg_roles WHERE rolname LIKE 'tam\_%' ORDER BY 1"); do
  service=${role#tam_}
  var="TAM_${service^^}_DB_PASSWORD"
  password=${!var:-}
  [ -n "$password" ] || { echo "db-init: $var (password of role $role) is not set" >&2; exit 1; }
  psql -v ON_ERROR_STOP=1 -q -v role="$role" -v password="$password" <<'SQL'
ALTER ROLE :"role" LOGIN PASSWORD :'password';
SQL
  echo "db-init: role $role may use schema $service only"
done
