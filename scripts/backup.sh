#!/usr/bin/env bash
# Back up the database (DATABASE_URL, or the demo's SQLite) and MEDIA_ROOT into a dated folder
# under BACKUP_ROOT (var/backups), with a manifest; then delete folders past the retention.
# Cron, nightly: 30 2 * * *  cd /srv/rencai && scripts/backup.sh >> var/backup.log 2>&1
# Retention (docs/operations.md): KEEP_DAYS daily folders (default 14).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
folder=$("$PY" manage.py backup "$@" | tail -1)
echo "backup: $folder"
root=$(dirname "$folder")
find "$root" -mindepth 1 -maxdepth 1 -type d -name '20*' -mtime +"${KEEP_DAYS:-14}" -print -exec rm -rf {} +
