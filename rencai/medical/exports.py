"""The channel's lists as xlsx, through the shared writer: names only, no identity number,
no medical content. Each export is audited."""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext as _

from rencai.core import audit, clock
from rencai.core.xlsx.writing import DATE, NUMBER, ExportColumn, ExportWorkbook


@dataclass
class ExportFile:
    file: IO[bytes]
    filename: str
    count: int


def export_appointments(actor, appointments) -> ExportFile:
    book = ExportWorkbook()
    sheet = book.sheet(
        _("Appointments"),
        [
            ExportColumn(_("Appointment"), NUMBER, width=8),
            ExportColumn(_("Date"), DATE, width=12),
            ExportColumn(_("Time"), width=8),
            ExportColumn(_("Hospital"), width=24),
            ExportColumn(_("Department or package"), width=18),
            ExportColumn(_("Talent"), width=12),
            ExportColumn(_("Beneficiary"), width=12),
            ExportColumn(_("Status"), width=10),
            ExportColumn(_("Accompanying liaison"), width=12),
        ],
    )
    count = 0
    for a in appointments.iterator(chunk_size=2000):
        sheet.append(
            [
                a.pk,
                a.slot.date,
                f"{a.slot.start_time:%H:%M}",
                str(a.hospital),
                a.slot.service,
                a.talent.name,
                a.beneficiary_name,
                a.get_status_display(),
                str(a.accompanied_by) if a.accompanied_by_id else "",
            ]
        )
        count += 1
    output = book.save()
    audit.record(
        actor,
        "appointment.export",
        target_type="medical.appointment",
        target_repr=_("Appointments"),
        changes={"rows": count},
    )
    return ExportFile(output, f"appointments-{clock.today():%Y%m%d}.xlsx", count)


def export_records(actor, records) -> ExportFile:
    book = ExportWorkbook()
    sheet = book.sheet(
        _("Health records"),
        [
            ExportColumn(_("Hospital"), width=24),
            ExportColumn(_("Talent"), width=12),
            ExportColumn(_("Opened on"), DATE, width=12),
            ExportColumn(_("Check-ups"), NUMBER, width=10),
            ExportColumn(_("Last check-up"), DATE, width=12),
        ],
    )
    count = 0
    for record in records:
        dates = [c.date for c in record.checkups.all()]
        sheet.append(
            [
                str(record.hospital),
                record.talent.name,
                record.opened_on,
                len(dates),
                max(dates) if dates else None,
            ]
        )
        count += 1
    output = book.save()
    audit.record(
        actor,
        "health_record.export",
        target_type="medical.healthrecord",
        target_repr=_("Health records"),
        changes={"rows": count},
    )
    return ExportFile(output, f"health-records-{clock.today():%Y%m%d}.xlsx", count)
