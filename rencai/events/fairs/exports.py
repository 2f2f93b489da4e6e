"""The job fairs' lists as xlsx, through the shared writer: seekers by name only. Each
export is audited."""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from django.utils import timezone
from django.utils.translation import gettext as _

from rencai.core import audit, clock
from rencai.core.xlsx.writing import DATE, MONEY, NUMBER, ExportColumn, ExportWorkbook


@dataclass
class ExportFile:
    file: IO[bytes]
    filename: str
    count: int


def export_positions(actor, positions) -> ExportFile:
    book = ExportWorkbook()
    sheet = book.sheet(
        _("Positions"),
        [
            ExportColumn(_("Job fair"), width=24),
            ExportColumn(_("Enterprise"), width=24),
            ExportColumn(_("Booth"), width=8),
            ExportColumn(_("Position"), width=18),
            ExportColumn(_("Places"), NUMBER, width=8),
            ExportColumn(_("Monthly salary from"), MONEY, width=12),
            ExportColumn(_("Monthly salary to"), MONEY, width=12),
            ExportColumn(_("Degree required"), width=10),
            ExportColumn(_("County"), width=10),
            ExportColumn(_("Open"), width=6),
        ],
    )
    count = 0
    for p in positions.iterator(chunk_size=2000):
        sheet.append(
            [
                str(p.participant.fair),
                p.participant.organisation.name,
                p.participant.booth,
                p.title,
                p.headcount,
                p.salary_min_fen,
                p.salary_max_fen,
                p.degree.name if p.degree_id else "",
                p.county.name,
                _("Yes") if p.is_open else _("No"),
            ]
        )
        count += 1
    output = book.save()
    audit.record(
        actor,
        "fair.position_export",
        target_type="fairs.position",
        target_repr=_("Positions"),
        changes={"rows": count},
    )
    return ExportFile(output, f"positions-{clock.today():%Y%m%d}.xlsx", count)


def export_intents(actor, intents) -> ExportFile:
    book = ExportWorkbook()
    sheet = book.sheet(
        _("Employment intents"),
        [
            ExportColumn(_("Job fair"), width=24),
            ExportColumn(_("Enterprise"), width=24),
            ExportColumn(_("Position"), width=18),
            ExportColumn(_("Job seeker"), width=12),
            ExportColumn(_("Proposed by"), width=10),
            ExportColumn(_("Status"), width=12),
            ExportColumn(_("Confirmed at"), DATE, width=12),
        ],
    )
    count = 0
    for i in intents.iterator(chunk_size=2000):
        sheet.append(
            [
                str(i.position.participant.fair),
                i.position.participant.organisation.name,
                i.position.title,
                i.talent.name,
                i.get_proposed_by_side_display(),
                i.get_status_display(),
                timezone.localtime(i.confirmed_at).date() if i.confirmed_at else None,
            ]
        )
        count += 1
    output = book.save()
    audit.record(
        actor,
        "employment_intent.export",
        target_type="fairs.employmentintent",
        target_repr=_("Employment intents"),
        changes={"rows": count},
    )
    return ExportFile(output, f"employment-intents-{clock.today():%Y%m%d}.xlsx", count)


def export_participants(actor, participants) -> ExportFile:
    """The enterprises at the fairs, as filtered on the page."""
    book = ExportWorkbook()
    sheet = book.sheet(
        _("Enterprises at job fairs"),
        [
            ExportColumn(_("Job fair"), width=24),
            ExportColumn(_("Date"), DATE, width=12),
            ExportColumn(_("Enterprise"), width=24),
            ExportColumn(_("Booth"), width=8),
        ],
    )
    count = 0
    for participant in participants.iterator(chunk_size=2000):
        sheet.append(
            [
                participant.fair.title,
                timezone.localtime(participant.fair.starts_at).date(),
                participant.organisation.name,
                participant.booth,
            ]
        )
        count += 1
    output = book.save()
    audit.record(
        actor,
        "fair.enterprise_export",
        target_type="fairs.fairenterprise",
        target_repr=_("Enterprises at job fairs"),
        changes={"rows": count},
    )
    return ExportFile(output, f"fair-enterprises-{clock.today():%Y%m%d}.xlsx", count)


def export_seekers(actor, talents, which: str) -> ExportFile:
    """The seekers of the organiser's fairs, by name and county only (no numbers)."""
    title = (
        _("Seekers with a confirmed employment intent")
        if which == "with_intent"
        else _("Job seekers checked in at job fairs")
    )
    book = ExportWorkbook()
    sheet = book.sheet(
        _("Job seekers"),
        [ExportColumn(_("Name"), width=12), ExportColumn(_("County"), width=12)],
    )
    count = 0
    for talent in talents.iterator(chunk_size=2000):
        sheet.append([talent.name, talent.county.name if talent.county else ""])
        count += 1
    output = book.save()
    audit.record(
        actor,
        "fair.seeker_export",
        target_type="talents.talent",
        target_repr=title,
        changes={"rows": count, "which": which},
    )
    return ExportFile(output, f"fair-seekers-{clock.today():%Y%m%d}.xlsx", count)
