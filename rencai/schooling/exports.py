"""The enrolment case list as an xlsx workbook (names only, no identity numbers; audited)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import IO

from django.utils.translation import gettext as _

from rencai.core import audit
from rencai.core.errors import PermissionDenied

from . import clock, permissions, selectors
from .selectors import CaseFilters


@dataclass
class ExportFile:
    file: IO[bytes]
    filename: str
    count: int


def headers() -> list[str]:
    return [
        _("Case"),
        _("Talent"),
        _("Child"),
        _("Stage"),
        _("School year"),
        _("County"),
        _("Education office"),
        _("State"),
        _("Assigned school"),
        _("Requested on"),
        _("Step due on"),
        _("Enrolled on"),
        _("Reason not placed"),
    ]


def rows(actor, filters: CaseFilters):
    qs = selectors.search_cases(actor, filters, today=clock.today()).order_by("requested_at")
    for case in qs.iterator(chunk_size=2000):
        yield [
            case.pk,
            case.talent.name,
            case.child.name,
            case.get_stage_display(),
            case.school_year,
            case.county.name,
            case.education_office.name,
            case.get_state_display(),
            case.assigned_school.name if case.assigned_school else "",
            clock_date(case.requested_at),
            case.due_on,
            case.enrolled_on,
            case.reason,
        ]


def clock_date(moment):
    from django.utils import timezone

    return timezone.localtime(moment).date() if moment else None


def export_cases(actor, filters: CaseFilters | None = None) -> ExportFile:
    """The cases the actor sees (filtered), oldest first, as a temporary xlsx file."""
    from rencai.core.xlsx.writing import DATE, NUMBER, TEXT, ExportColumn, ExportWorkbook

    if not permissions.can_list(actor):
        raise PermissionDenied(_("You may not export enrolment cases."))
    filters = filters or CaseFilters()
    kinds = [NUMBER, TEXT, TEXT, TEXT, NUMBER, TEXT, TEXT, TEXT, TEXT, DATE, DATE, DATE, TEXT]
    book = ExportWorkbook()
    sheet = book.sheet(
        _("Enrolment cases"), [ExportColumn(h, k) for h, k in zip(headers(), kinds, strict=True)]
    )
    count = 0
    for row in rows(actor, filters):
        sheet.append(row)
        count += 1
    audit.record(
        actor,
        "enrolment.export",
        target_type="schooling.enrolmentcase",
        changes={
            "rows": count,
            "filters": {
                k: str(v) if isinstance(v, date) else v for k, v in vars(filters).items() if v
            },
        },
    )
    return ExportFile(book.save(), f"enrolments-{clock.today():%Y%m%d}.xlsx", count)
