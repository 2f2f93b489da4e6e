"""Import talents from an xlsx workbook on the server: no row limit, a progress bar.

    manage.py import_talents talents.xlsx --actor tuanfeng

The same rules as the web import: every row is checked first; if any is wrong, every error is
printed with its row number, nothing is written and the command exits with status 1.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from rencai.core.errors import DomainError
from rencai.talents import imports, permissions


class Command(BaseCommand):
    help = "Import talents from an xlsx workbook (all rows or none)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path, help="the .xlsx file")
        parser.add_argument(
            "--actor",
            required=True,
            help="username of the county officer or task-force member importing",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="do not show the progress bar"
        )

    def handle(self, *args, path: Path, actor: str, no_progress: bool, **options) -> None:
        user = get_user_model().objects.filter(username=actor, is_active=True).first()
        if user is None:
            raise CommandError(_("No active user named %(name)s.") % {"name": actor})
        if not permissions.can_import_talents(user):
            raise CommandError(_("%(name)s may not import talents.") % {"name": actor})
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})

        def progress(rows, total):
            return tqdm(
                rows,
                total=total,
                unit="row",
                desc="Checking",
                # The raw stream: OutputWrapper would add a newline to every redraw.
                file=self.stderr._out,
                disable=no_progress,
            )

        with path.open("rb") as file:
            try:
                result = imports.import_talents(
                    file,
                    actor=user,
                    filename=path.name,
                    max_rows=None,
                    max_bytes=None,
                    progress=progress,
                )
            except DomainError as exc:
                raise CommandError(str(exc.message)) from exc
        if not result.ok:
            for error in result.errors:
                self.stderr.write(
                    _("Row %(row)s, %(column)s: %(message)s")
                    % {"row": error.row, "column": error.column, "message": error.message}
                )
            raise CommandError(
                _("%(errors)s error(s) in %(rows)s row(s); nothing was imported.")
                % {"errors": len(result.errors), "rows": result.rows}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("Imported %(count)s talent(s) from %(path)s.")
                % {"count": result.created, "path": path}
            )
        )
