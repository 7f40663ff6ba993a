#!/bin/sh
# Connects to every service using only the variables dtx injected.
set -eu

echo "db at $DTX_DB_ADDR, cache at $DTX_CACHE_ADDR (run $DTX_RUN_ID)"

# libpq reads PGHOST, PGPORT, PGUSER, PGPASSWORD and PGDATABASE by itself.
psql -v ON_ERROR_STOP=1 -q -c 'CREATE TABLE greeting (text text)' \
     -c "INSERT INTO greeting VALUES ('hello from dtx')"
got=$(psql -tA "$DATABASE_URL" -c 'SELECT text FROM greeting')
[ "$got" = "hello from dtx" ] || { echo "postgres: unexpected answer '$got'" >&2; exit 1; }
echo "postgres: ok ($(psql -tA -c 'SELECT current_user || chr(64) || current_database()'))"

# REDIS_URL carries the password given with --requirepass.
redis-cli -u "$REDIS_URL" --no-auth-warning SET dtx:quickstart ok >/dev/null
got=$(redis-cli -u "$REDIS_URL" --no-auth-warning GET dtx:quickstart)
[ "$got" = "ok" ] || { echo "redis: unexpected answer '$got'" >&2; exit 1; }
echo "redis: ok"

echo "quickstart: all checks passed"
