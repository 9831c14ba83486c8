#!/usr/bin/env bash
# Proves a backup restores: dumps the database at DATABASE_URL with pg_dump, restores the dump into a new,
# empty database on the same server with pg_restore, and compares the exact row count of every table.
# The new database is dropped afterwards. Exit 0 only if every table's count matches.
#   DATABASE_URL=postgres://user@host:port/name deploy/backup-restore-check.sh
# (the user needs CREATEDB). scripts/test.sh runs it on the test PostgreSQL after the frameworks are loaded.
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL to the PostgreSQL database to check}"
work=$(mktemp -d /tmp/threshold-restore.XXXXXX)
copy="threshold_restore_check_$$"
base_url=${DATABASE_URL%/*}
copy_url="$base_url/$copy"
cleanup() {
  psql -q -X "$DATABASE_URL" -c "DROP DATABASE IF EXISTS $copy" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

counts() {
  # Every ordinary table in the public schema with its exact row count, one "table count" a line, sorted.
  psql -X -At -F ' ' "$1" -c "
    SELECT format('SELECT %L, count(*) FROM public.%I', tablename, tablename)
    FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename" |
    while IFS= read -r query; do psql -X -At -F ' ' "$1" -c "$query"; done
}

pg_dump --format=custom --no-owner --file="$work/backup.dump" "$DATABASE_URL"
psql -q -X "$DATABASE_URL" -c "CREATE DATABASE $copy" >/dev/null
pg_restore --no-owner --exit-on-error --dbname="$copy_url" "$work/backup.dump"
counts "$DATABASE_URL" >"$work/before"
counts "$copy_url" >"$work/after"
tables=$(wc -l <"$work/before")
rows=$(awk '{s += $2} END {print s + 0}' "$work/before")
if [ "$tables" -eq 0 ]; then
  echo "backup-restore check: no tables found in $DATABASE_URL" >&2
  exit 1
fi
if ! diff -u "$work/before" "$work/after"; then
  echo "backup-restore check FAILED: the restored copy differs (above)" >&2
  exit 1
fi
echo "backup-restore check: $tables tables, $rows rows, every count equal after restore ($(du -h "$work/backup.dump" | cut -f1) dump)"
