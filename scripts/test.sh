#!/usr/bin/env bash
# Every check and test, on SQLite and again on a real PostgreSQL. Called by `make test` and .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv
export DJANGO_SETTINGS_MODULE=portal.settings.test
unset DATABASE_URL

echo "== lint"
$VENV/bin/ruff check .
$VENV/bin/ruff format --check .
echo "== fixtures against their source documents"
$VENV/bin/python -m thresholds.fixture_lint
echo "== migrations are up to date"
$VENV/bin/python manage.py makemigrations --check --dry-run >/dev/null

echo "== tests on SQLite"
$VENV/bin/python -m pytest -q -p no:cacheprovider

run_on_postgres() {
  set -e
  echo "== load and validate frameworks on PostgreSQL"
  $VENV/bin/python manage.py migrate -v0
  $VENV/bin/python manage.py load_frameworks
  $VENV/bin/python manage.py load_frameworks | grep -v ": unchanged$" && { echo "second load changed something"; return 1; }
  $VENV/bin/python manage.py validate_frameworks >/dev/null
  echo "== tests on PostgreSQL ($DATABASE_URL)"
  $VENV/bin/python -m pytest -q -p no:cacheprovider
}
export -f run_on_postgres
export VENV
scripts/with-postgres.sh bash -c run_on_postgres
