"""The one-person file (一人一档): one talent's timeline across every app, as one viewer may see
it — filtered by kind, and exported to xlsx (audited). The entries come from
`core.timeline.timeline_for`, which asks each app's provider for what *this viewer* may see;
the caller has checked that the viewer may see the talent at all.

A page of the file builds no more than itself: `file_page` asks the timeline for the entries
up to the end of the page and one more (whether an older page follows), and pages by
"newer / older" without a total (counting a file means building all of it); the export still
reads every entry."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
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


# The deepest page asked for (a larger number shows the last page): 300,000 entries at 30.
MAX_PAGE = 10_000


@dataclass(frozen=True)
class FilePage:
    """One page of the file, newest first: its entries and whether newer or older pages
    exist; no total (see the module's docstring). Read by the template like a Django page."""

    number: int
    object_list: list[Entry]
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


def page_number(value) -> int:
    """The page asked for in a query string: 1 unless a number from 1 to `MAX_PAGE`."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)


def file_page(
    viewer, talent: Talent, *, number: int, size: int, only: Collection[str] | None = None
) -> FilePage:
    """Page `number` (from 1) of `size` entries of the file; past the end, the last page."""
    found = timeline_for(viewer, talent, only=set(only) if only else None, limit=number * size + 1)
    if number > 1 and len(found) <= (number - 1) * size:  # past the end: all were found
        number = max(1, -(-len(found) // size))
    start = (number - 1) * size
    return FilePage(number, found[start : start + size], has_next=len(found) > number * size)


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
