"""Restore a backup into a fresh database and check it against the backup's manifest.

    manage.py restore var/backups/20261207-020000 --into postgres://rencai@db/rencai_restored
    manage.py restore var/backups/20261207-020000 --into sqlite:////srv/rencai/restored.sqlite3

Without --into, the database of DATABASE_URL (it must be empty). The uploaded files go into
MEDIA_ROOT (or --media-root). Exits with an error listing every table that does not match.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rencai.core import backups


class Command(BaseCommand):
    help = "Restore a backup folder into a fresh database and verify it against its manifest."

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument("--into", default="", help="the fresh database's URL")
        parser.add_argument("--media-root", default="", help="where the files go")

    def handle(self, *args, **options):
        into = options["into"] or os.environ.get("DATABASE_URL", "")
        if not into:
            raise CommandError("Give the fresh database's URL with --into (or DATABASE_URL).")
        try:
            problems = backups.restore_backup(
                Path(options["folder"]),
                into_url=into,
                media_root=Path(options["media_root"]) if options["media_root"] else None,
            )
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        if problems:
            raise CommandError("The restore does not match the manifest:\n" + "\n".join(problems))
        self.stdout.write(self.style.SUCCESS("Restored; every count and checksum matches."))
