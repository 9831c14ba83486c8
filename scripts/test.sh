#!/usr/bin/env bash
# Every check and test, on SQLite and again on a real PostgreSQL. Called by `make test` and .ci/run.
# The two suites run at the same time, each spread over pytest-xdist workers (PYTEST_WORKERS, default 2);
# each worker has its own test database, with the frameworks loaded once (conftest.py). Their output is printed
# whole, one suite after the other. Scheduling is xdist's "load" one test at a time (--maxschedchunk 1): each
# worker still runs its tests in pytest-django's order (database tests before the transactional browser tests
# that empty the database), and no worker is left with a queue of browser tests while the other idles.
# (--dist worksteal breaks that order: a worker that has emptied its database steals database tests.)
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv
export DJANGO_SETTINGS_MODULE=portal.settings.test
unset DATABASE_URL
WORKERS=${PYTEST_WORKERS:-2}
PYTEST=("$VENV/bin/python" -m pytest -q -p no:cacheprovider -n "$WORKERS" --maxschedchunk 1 --durations=15)

run_checks() {
  set -e
  echo "== lint"
  $VENV/bin/ruff check .
  $VENV/bin/ruff format --check .
  echo "== types"
  $VENV/bin/mypy .
  echo "== fixtures against their source documents"
  $VENV/bin/python -m thresholds.fixture_lint
  echo "== migrations are up to date"
  $VENV/bin/python manage.py makemigrations --check --dry-run >/dev/null
}

run_on_postgres() {
  set -e
  echo "== load and validate frameworks on PostgreSQL"
  $VENV/bin/python manage.py migrate -v0
  $VENV/bin/python manage.py load_frameworks
  $VENV/bin/python manage.py load_frameworks | grep -v ": unchanged$" && { echo "second load changed something"; return 1; }
  $VENV/bin/python manage.py validate_frameworks >/dev/null
  echo "== a backup restores (pg_dump, pg_restore into a new database, every table's row count)"
  deploy/backup-restore-check.sh
  echo "== two app servers on one PostgreSQL and one Redis (session, lockout, publishing, notifications)"
  # Its 60 s guard against a hang ran out on a busy machine (load 6, both suites running): 180 s here.
  TWO_SERVERS_LIMIT=${TWO_SERVERS_LIMIT:-180} $VENV/bin/python scripts/two_servers.py
  echo "== load, briefly: 20 people for 20 seconds on gunicorn (no error; every submission made is stored)"
  $VENV/bin/python scripts/load.py --users 20 --run-time 20 --workers 2
  echo "== tests on PostgreSQL ($DATABASE_URL)"
  "${PYTEST[@]}"
}
export -f run_on_postgres
export VENV
export PYTEST_ARGS="${PYTEST[*]}"

logs=$(mktemp -d /tmp/threshold-test.XXXXXX)
trap 'rm -rf "$logs"' EXIT
started=$SECONDS
# The checks (lint, types: one core for a minute) run beside the two suites, not before them; their output comes
# first, and a failed check fails the run as before.
run_checks >"$logs/checks" 2>&1 &
checks=$!
(
  echo "== tests on SQLite"
  "${PYTEST[@]}"
) >"$logs/sqlite" 2>&1 &
sqlite=$!
scripts/with-postgres.sh bash -c 'PYTEST=($PYTEST_ARGS); run_on_postgres' >"$logs/postgres" 2>&1 &
postgres=$!

status=0
wait "$checks" || status=1
cat "$logs/checks"
wait "$sqlite" || status=1
cat "$logs/sqlite"
wait "$postgres" || status=1
cat "$logs/postgres"
echo "== both suites took $((SECONDS - started))s"
[ "$status" -eq 0 ] || echo "FAILED: see the output above"
exit "$status"
