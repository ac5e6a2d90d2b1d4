#!/usr/bin/env bash
# Makes a PostgreSQL server answer on 127.0.0.1:5432 with the role and database the tests and the cluster use:
# installs PostgreSQL from Debian if missing, starts it without systemd, creates role and database. Idempotent.
set -euo pipefail
if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
version=$(ls /etc/postgresql | sort -n | tail -1)
pg_ctlcluster "$version" main start 2>/dev/null || pg_ctlcluster "$version" main status >/dev/null
for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -q && break; sleep 1; done
as_postgres() { su postgres -c "psql -v ON_ERROR_STOP=1 -qAt -c \"$1\""; }
[ "$(as_postgres "SELECT 1 FROM pg_roles WHERE rolname='presessions'")" = 1 ] ||
  as_postgres "CREATE ROLE presessions LOGIN PASSWORD 'presessions' CREATEDB"
[ "$(as_postgres "SELECT 1 FROM pg_database WHERE datname='presessions'")" = 1 ] ||
  as_postgres "CREATE DATABASE presessions OWNER presessions"
echo "PostgreSQL $version ready on 127.0.0.1:5432 (role and database presessions)"
