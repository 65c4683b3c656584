#!/usr/bin/env bash
# One database and one owner per service, on the first start of an empty
# PostgreSQL (the official image runs /docker-entrypoint-initdb.d/*.sh once).
#
#   SERVICE_DATABASES="accounts enrollment ..."    which ones
#   <SERVICE>_DB_PASSWORD                         each owner's password
#
# Each owner may connect to its own database only: a service cannot read another's.
set -euo pipefail

for name in ${SERVICE_DATABASES:?list the service databases}; do
  variable="${name^^}_DB_PASSWORD"
  password="${!variable:?set $variable}"
  echo "init-databases: database and owner '$name'"
  # psql variables (:"name", :'password') quote the values: no injection through them.
  psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres \
    -v name="$name" -v password="$password" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'name', :'password')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'name') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'name', :'name')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'name') \gexec
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"name" TO :"name";
SQL
done
