#!/usr/bin/env bash
# Restore a backup folder into a FRESH database and check it against the folder's manifest.
#   scripts/restore.sh var/backups/20261207-023000 postgres://rencai@db/rencai_restored
#   scripts/restore.sh var/backups/20261207-023000 sqlite:////srv/rencai/restored.sqlite3
# The uploaded files go into MEDIA_ROOT (set it to the new folder first).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
[ $# -ge 2 ] || { echo "usage: $0 BACKUP_FOLDER DATABASE_URL" >&2; exit 2; }
exec "$PY" manage.py restore "$1" --into "$2"
