"""The pairing and request lists as xlsx workbooks (names only, no identity numbers; audited)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import IO

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from rencai.core import audit
from rencai.core.errors import PermissionDenied
from rencai.core.xlsx.writing import DATE, NUMBER, TEXT, ExportColumn, ExportWorkbook

from . import clock, permissions, selectors
from .selectors import ContactFilters, RequestFilters


@dataclass
class ExportFile:
    file: IO[bytes]
    filename: str
    count: int


def _day(moment):
    return timezone.localtime(moment).date() if moment else None


def export_requests(actor, filters: RequestFilters | None = None) -> ExportFile:
    """The requests the actor sees (filtered), oldest first."""
    if not permissions.can_list_requests(actor):
        raise PermissionDenied(_("You may not export requests."))
    filters = filters or RequestFilters()
    columns = [
        (_("Request"), NUMBER),
        (_("Talent"), TEXT),
        (_("Category"), TEXT),
        (_("Title"), TEXT),
        (_("Responsible department"), TEXT),
        (_("State"), TEXT),
        (_("Raised on"), DATE),
        (_("Step due on"), DATE),
        (_("Answered on"), DATE),
        (_("Feedback"), TEXT),
        (_("Excluded from the rates"), TEXT),
    ]
    book = ExportWorkbook()
    sheet = book.sheet(_("Talents' requests"), [ExportColumn(h, k) for h, k in columns])
    qs = selectors.search_requests(actor, filters, today=clock.today()).order_by("raised_at")
    count = 0
    for r in qs.iterator(chunk_size=2000):
        sheet.append(
            [
                r.pk,
                r.talent.name,
                r.get_category_display(),
                r.title,
                r.department.name if r.department else "",
                r.get_state_display(),
                _day(r.raised_at),
                r.due_on,
                _day(r.answered_at),
                r.get_satisfaction_display() if r.satisfaction else "",
                r.exclusion_reason if r.excluded else "",
            ]
        )
        count += 1
    audit.record(
        actor,
        "request.export",
        target_type="engagement.talentrequest",
        changes={
            "rows": count,
            "filters": {
                k: str(v) if isinstance(v, date) else v for k, v in vars(filters).items() if v
            },
        },
    )
    return ExportFile(book.save(), f"requests-{clock.today():%Y%m%d}.xlsx", count)


def export_pairings(actor, year: int | None = None) -> ExportFile:
    if not permissions.can_list_pairings(actor):
        raise PermissionDenied(_("You may not export pairings."))
    columns = [
        (_("Year"), NUMBER),
        (_("Contact leader"), TEXT),
        (_("Talent"), TEXT),
        (_("Employer"), TEXT),
        (_("Five-ones items done"), NUMBER),
        (_("Contacts"), NUMBER),
    ]
    book = ExportWorkbook()
    sheet = book.sheet(_("Contact pairings"), [ExportColumn(h, k) for h, k in columns])
    qs = selectors.pairings_for_actor(actor)
    if year:
        qs = qs.filter(year=year)
    qs = qs.annotate(
        done=Count("ticks", distinct=True), contacts=Count("logs", distinct=True)
    ).order_by("year", "pk")
    count = 0
    for p in qs:
        sheet.append(
            [
                p.year,
                str(p.leader),
                p.talent.name,
                p.talent.employer.name if p.talent.employer else "",
                p.done,
                p.contacts,
            ]
        )
        count += 1
    audit.record(
        actor, "pairing.export", target_type="engagement.contactpairing", changes={"rows": count}
    )
    return ExportFile(book.save(), f"pairings-{clock.today():%Y%m%d}.xlsx", count)


def _filters_for_audit(filters) -> dict:
    return {k: str(v) if isinstance(v, date) else v for k, v in vars(filters).items() if v}


def export_contacts(actor, filters: ContactFilters | None = None) -> ExportFile:
    """The contact logs of the pairings the actor sees (filtered), oldest first."""
    if not permissions.can_list_pairings(actor):
        raise PermissionDenied(_("You may not export contacts."))
    filters = filters or ContactFilters()
    columns = [
        (_("Date"), DATE),
        (_("Kind of contact"), TEXT),
        (_("Talent"), TEXT),
        (_("County"), TEXT),
        (_("Contact leader"), TEXT),
        (_("Contact summary"), TEXT),
    ]
    book = ExportWorkbook()
    sheet = book.sheet(_("Contact logs"), [ExportColumn(h, k) for h, k in columns])
    qs = selectors.search_logs(actor, filters).order_by("happened_on", "pk")
    count = 0
    for log in qs.iterator(chunk_size=2000):
        talent = log.pairing.talent
        sheet.append(
            [
                log.happened_on,
                log.get_kind_display(),
                talent.name,
                talent.county.name if talent.county else "",
                str(log.pairing.leader),
                log.summary,
            ]
        )
        count += 1
    audit.record(
        actor,
        "contact.export",
        target_type="engagement.contactlog",
        changes={"rows": count, "filters": _filters_for_audit(filters)},
    )
    return ExportFile(book.save(), f"contacts-{clock.today():%Y%m%d}.xlsx", count)


def export_ticks(actor, filters: ContactFilters | None = None) -> ExportFile:
    """The five-ones items done in the pairings the actor sees (filtered), oldest first."""
    if not permissions.can_list_pairings(actor):
        raise PermissionDenied(_("You may not export contacts."))
    filters = filters or ContactFilters()
    columns = [
        (_("Done on"), DATE),
        (_("Item"), TEXT),
        (_("Talent"), TEXT),
        (_("County"), TEXT),
        (_("Contact leader"), TEXT),
        (_("Note"), TEXT),
    ]
    book = ExportWorkbook()
    sheet = book.sheet(_("Five-ones items ticked"), [ExportColumn(h, k) for h, k in columns])
    qs = selectors.search_ticks(actor, filters).order_by("done_on", "pk")
    count = 0
    for tick in qs.iterator(chunk_size=2000):
        talent = tick.pairing.talent
        sheet.append(
            [
                tick.done_on,
                tick.item.label,
                talent.name,
                talent.county.name if talent.county else "",
                str(tick.pairing.leader),
                tick.note,
            ]
        )
        count += 1
    audit.record(
        actor,
        "five_ones.export",
        target_type="engagement.fiveonestick",
        changes={"rows": count, "filters": _filters_for_audit(filters)},
    )
    return ExportFile(book.save(), f"five-ones-{clock.today():%Y%m%d}.xlsx", count)
