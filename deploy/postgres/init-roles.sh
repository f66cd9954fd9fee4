#!/bin/sh
# First start of the postgres container: create the owner and application roles (roles.sql) in the
# application's database. The official image runs every file of /docker-entrypoint-initdb.d once.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v owner="$MTIGM_DB_OWNER" -v owner_password="$MTIGM_DB_OWNER_PASSWORD" \
    -v app="$MTIGM_DB_APP" -v app_password="$MTIGM_DB_APP_PASSWORD" \
    -f /docker-entrypoint-initdb.d/roles.sql.in
