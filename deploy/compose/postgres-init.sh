#!/bin/sh
# Runs once, when the postgres container initialises an empty data volume: one login role and one database per
# service, each service able to reach only its own database. Passwords come from the environment (.env), never from
# this file. Safe to run again by hand (every statement checks before it creates).
set -eu
: "${RIPPLE_CASCADE_DB_PASSWORD:?RIPPLE_CASCADE_DB_PASSWORD is not set}"
: "${RIPPLE_NOTIFY_DB_PASSWORD:?RIPPLE_NOTIFY_DB_PASSWORD is not set}"

create() {
  # $1 = role and database name, $2 = password
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -v name="$1" -v password="$2" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'name', :'password')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'name') \gexec
SELECT format('ALTER ROLE %I LOGIN PASSWORD %L', :'name', :'password') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'name', :'name')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'name') \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'name') \gexec
SELECT format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', :'name', :'name') \gexec
SQL
}

create cascade "$RIPPLE_CASCADE_DB_PASSWORD"
create notify "$RIPPLE_NOTIFY_DB_PASSWORD"
echo "ripple: roles and databases cascade, notify are ready"
