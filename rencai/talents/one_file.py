"""The one-person file (一人一档): one talent's timeline across every app, as one viewer may see
it — filtered by kind, and exported to xlsx (audited). The entries come from
`core.timeline.timeline_for`, which asks each app's provider for what *this viewer* may see;
the caller has checked that the viewer may see the talent at all."""

from __future__ import annotations

from collections.abc import Collection
from typing import IO

from django.utils.translation import gettext as _

from rencai.core import audit, clock
from rencai.core.text import format_datetime
from rencai.core.timeline import Entry, kinds, timeline_for
from rencai.core.xlsx.writing import ExportColumn, ExportWorkbook

from .models import Talent


def file_entries(viewer, talent: Talent, *, only: Collection[str] | None = None) -> list[Entry]:
    """The talent's entries the viewer may see, newest first; `only`: some kinds (empty: all)."""
    return timeline_for(viewer, talent, only=set(only) if only else None)


def export_file(viewer, talent: Talent, entries: list[Entry]) -> tuple[IO[bytes], str]:
    """The entries shown as an xlsx workbook (a temporary file, rewound); one audit event."""
    labels = kinds()
    book = ExportWorkbook()
    sheet = book.sheet(
        _("One-person file"),
        [
            ExportColumn(_("Time"), width=20),
            ExportColumn(_("Kind"), width=14),
            ExportColumn(_("Entry"), width=48),
            ExportColumn(_("Detail"), width=40),
        ],
    )
    for entry in entries:
        sheet.append(
            [format_datetime(entry.when), labels.get(entry.kind, ""), entry.title, entry.detail]
        )
    output = book.save()
    audit.record(viewer, "talent.file_export", talent, changes={"rows": len(entries)})
    return output, f"file-{talent.pk}-{clock.today():%Y%m%d}.xlsx"
