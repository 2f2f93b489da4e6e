"""Back the database and the uploaded files up into a dated folder with a manifest.

    manage.py backup                        # into BACKUP_ROOT (var/backups by default)
    manage.py backup --to /srv/backups

PostgreSQL: `pg_dump -Fc` of one snapshot; SQLite: the online backup API. See
docs/operations.md for the schedule, the retention and the restore drill.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from rencai.core import backups


class Command(BaseCommand):
    help = "Back up the database and MEDIA_ROOT into a dated folder with a manifest."

    def add_arguments(self, parser):
        parser.add_argument("--to", default=str(settings.BACKUP_ROOT), help="the backups' folder")

    def handle(self, *args, **options):
        try:
            folder = backups.create_backup(Path(options["to"]))
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(folder))
