"""Housing lists as xlsx workbooks (apartments, the waiting list, tenancies); audited.
Identity numbers never leave: names and references only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rencai.core import audit, clock
from rencai.core.errors import PermissionDenied
from rencai.core.xlsx.writing import DATE, MONEY, NUMBER, ExportColumn, ExportWorkbook

from . import permissions


@dataclass
class ExportFile:
    file: IO[bytes]
    filename: str
    count: int


def _export(actor, kind: str, title: str, columns, rows) -> ExportFile:
    if not permissions.can_export(actor):
        raise PermissionDenied(gettext_lazy("You may not export housing lists."))
    book = ExportWorkbook()
    sheet = book.sheet(title, columns)
    for row in rows:
        sheet.append(row)
    audit.record(
        actor, f"housing.export_{kind}", target_type="housing.export", changes={"rows": sheet.rows}
    )
    return ExportFile(book.save(), f"{kind}-{clock.today():%Y%m%d}.xlsx", sheet.rows)


def export_units(actor, units) -> ExportFile:
    columns = [
        ExportColumn(_("County"), width=10),
        ExportColumn(_("Building"), width=20),
        ExportColumn(_("Unit"), width=8),
        ExportColumn(_("Rooms"), NUMBER, width=6),
        ExportColumn(_("Floor area (m²)"), NUMBER, width=10),
        ExportColumn(_("Furnished"), width=6),
        ExportColumn(_("State"), width=10),
        ExportColumn(_("Fit-out started on"), DATE, width=12),
        ExportColumn(_("Monthly rent (yuan)"), MONEY, width=12),
        ExportColumn(_("Talent's share"), width=10),
        ExportColumn(_("Talent's monthly rent (yuan)"), MONEY, width=12),
    ]
    rows = (
        [
            u.building.county.name,
            u.building.name,
            u.number,
            u.rooms,
            u.floor_area,
            _("yes") if u.furnished else _("no"),
            u.get_state_display(),
            u.fit_out_started_on,
            u.monthly_rent_fen,
            u.get_rent_share_display(),
            u.talent_rent_fen,
        ]
        for u in units
    )
    return _export(actor, "apartments", _("Apartments"), columns, rows)


def export_applications(actor, applications) -> ExportFile:
    columns = [
        ExportColumn(_("Application"), width=10),
        ExportColumn(_("Talent"), width=12),
        ExportColumn(_("County"), width=10),
        ExportColumn(_("Household size"), NUMBER, width=8),
        ExportColumn(_("Applied on"), DATE, width=12),
        ExportColumn(_("State"), width=12),
        ExportColumn(_("Refused offers"), NUMBER, width=8),
    ]
    rows = (
        [
            str(a),
            a.talent.name,
            a.county.name,
            a.household_size,
            a.applied_on,
            a.get_state_display(),
            a.refusals,
        ]
        for a in applications
    )
    return _export(actor, "housing-applications", _("Waiting list"), columns, rows)


def export_tenancies(actor, tenancies) -> ExportFile:
    columns = [
        ExportColumn(_("Apartment"), width=20),
        ExportColumn(_("Talent"), width=12),
        ExportColumn(_("State"), width=8),
        ExportColumn(_("Starts on"), DATE, width=12),
        ExportColumn(_("Ends on"), DATE, width=12),
        ExportColumn(_("Moved out on"), DATE, width=12),
        ExportColumn(_("Monthly rent (yuan)"), MONEY, width=12),
        ExportColumn(_("Talent's monthly rent (yuan)"), MONEY, width=12),
        ExportColumn(_("Deposit (yuan)"), MONEY, width=12),
        ExportColumn(_("May buy from"), DATE, width=12),
    ]
    rows = (
        [
            str(t.unit),
            t.talent.name,
            t.get_state_display(),
            t.starts_on,
            t.ends_on,
            t.ended_on,
            t.monthly_rent_fen,
            t.talent_rent_fen,
            t.deposit_fen,
            t.buy_option_from,
        ]
        for t in tenancies
    )
    return _export(actor, "tenancies", _("Tenancies"), columns, rows)
