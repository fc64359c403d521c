#!/bin/sh
# Runs once, when the postgres container initialises an empty data volume: the services' login role and their
# databases. Credentials come from the environment (.env), never from this file.
set -eu
: "${RIPPLE_DB_USER:?RIPPLE_DB_USER is not set}"
: "${RIPPLE_DB_PASSWORD:?RIPPLE_DB_PASSWORD is not set}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v role="$RIPPLE_DB_USER" -v password="$RIPPLE_DB_PASSWORD" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE cascade OWNER :"role";
CREATE DATABASE notify OWNER :"role";
SQL
