#!/usr/bin/env bash
# Runs the staff console tests against PostgreSQL 15: starts the local cluster, creates a throw-away
# role and database (fresh random password each run, never stored), then runs pytest with
# DB_DIALECT=postgresql. Needs root (or the postgres user) on a machine with PostgreSQL 15.
# Extra arguments go to pytest, e.g. scripts/ci_postgres.sh -k masking
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY="$ROOT/.venv/bin/python"
PG_VERSION=${PG_VERSION:-15}
PG_PORT=${PG_PORT:-5432}
ROLE=${CI_PG_ROLE:-nextmed_ci}
DB=${CI_PG_DB:-nextmed_ci}

if ! command -v pg_ctlcluster >/dev/null; then
  # Never a silent skip: `make test` installs it (scripts/system-packages); ALLOW_PARTIAL=1 allows a partial run.
  if [ -n "${ALLOW_PARTIAL:-}" ]; then
    echo "PostgreSQL is not installed: PostgreSQL tests NOT run (ALLOW_PARTIAL is set)" >&2
    exit 0
  fi
  echo "PostgreSQL is not installed (apt-get install -y postgresql, or scripts/system-packages as root)" >&2
  exit 1
fi

as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi
}

if ! pg_lsclusters -h | awk -v v="$PG_VERSION" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
  pg_ctlcluster "$PG_VERSION" main start
fi
for _ in $(seq 1 30); do
  as_postgres pg_isready -q -p "$PG_PORT" && break
  sleep 1
done

PASSWORD=$("$PY" -c 'import secrets; print(secrets.token_hex(16))')
as_postgres psql -v ON_ERROR_STOP=1 -q -p "$PG_PORT" -d postgres <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN
    CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD';
  ELSE
    ALTER ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD';
  END IF;
END
\$\$;
SQL
if ! as_postgres psql -p "$PG_PORT" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
  as_postgres createdb -p "$PG_PORT" -O "$ROLE" "$DB"
fi

cd console
DB_DIALECT=postgresql DB_HOST=127.0.0.1 DB_PORT="$PG_PORT" DB_NAME="$DB" DB_USER="$ROLE" DB_PASSWORD="$PASSWORD" \
  "$PY" -m pytest -q -p no:cacheprovider "$@"

# The assistant's own SQL (Rasa's tracker store from endpoints.yml, booking requests) on PostgreSQL too.
cd "$ROOT"
DB_DIALECT=postgresql DB_HOST=127.0.0.1 DB_PORT="$PG_PORT" DB_NAME="$DB" DB_USER="$ROLE" DB_PASSWORD="$PASSWORD" \
  "$PY" -m pytest -q -p no:cacheprovider tests/unit/test_tracker_store_sql.py tests/unit/test_storage_bookings.py
