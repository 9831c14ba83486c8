#!/usr/bin/env bash
# Nightly backup of the Threshold database: one pg_dump custom-format file, kept KEEP_DAYS days.
# Run by threshold-backup.service (as the postgres user); by hand: sudo -u postgres deploy/backup.sh
# Restore: deploy/README.md, "Restoring a backup". Copy BACKUP_DIR off the server (it holds child data:
# encrypt it and keep it under the partnership's retention schedule).
set -euo pipefail
BACKUP_DIR=${BACKUP_DIR:-/var/backups/threshold}
KEEP_DAYS=${KEEP_DAYS:-14}
DB_NAME=${DB_NAME:-threshold}
umask 077
mkdir -p "$BACKUP_DIR"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
target="$BACKUP_DIR/$DB_NAME-$stamp.dump"
pg_dump --format=custom --compress=6 --no-owner --file="$target.partial" "$DB_NAME"
# A dump that pg_restore cannot read is not a backup: list its contents before keeping it.
pg_restore --list "$target.partial" >/dev/null
mv "$target.partial" "$target"
find "$BACKUP_DIR" -maxdepth 1 -name "$DB_NAME-*.dump" -mtime +"$KEEP_DAYS" -delete
echo "backup written: $target ($(du -h "$target" | cut -f1))"
