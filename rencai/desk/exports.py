"""The disbursement ledger as an xlsx workbook for finance (accounts masked; audited)."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from rencai.core import audit, clock
from rencai.core.errors import PermissionDenied
from rencai.core.money import fen_to_yuan

from . import permissions, selectors
from .services.payments import mask_account

DATE_FORMAT = "yyyy-mm-dd"


@dataclass
class ExportFile:
    file: IO[bytes]
    filename: str
    count: int


def ledger_headers() -> list[str]:
    return [
        _("Paid on"),
        _("Case"),
        _("Instalment"),
        _("Talent"),
        _("Benefit"),
        _("Amount (yuan)"),
        _("Payee account"),
        _("Paying department"),
        _("Recorded by"),
    ]


def export_ledger(actor, filters: selectors.LedgerFilters | None = None) -> ExportFile:
    """The payments the actor sees (filtered), oldest first, as a temporary xlsx file.

    Amounts are yuan as decimal strings with two places ("30000.00"), as everywhere in xlsx.
    """
    if not permissions.can_export_ledger(actor):
        raise PermissionDenied(gettext_lazy("You may not export the disbursement ledger."))
    filters = filters or selectors.LedgerFilters()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Disbursements"))
    sheet.append(ledger_headers())
    count, total = 0, 0
    for payment in selectors.ledger(actor, filters).iterator(chunk_size=2000):
        case = payment.application
        paid_on = WriteOnlyCell(sheet, value=payment.paid_on)
        paid_on.number_format = DATE_FORMAT
        sheet.append(
            [
                paid_on,
                case.pk,
                payment.instalment,
                case.talent.name,
                case.benefit.name,
                str(fen_to_yuan(payment.amount_fen)),
                mask_account(payment.payee_account),
                payment.paying_department.name,
                str(payment.recorded_by) if payment.recorded_by else "",
            ]
        )
        count += 1
        total += payment.amount_fen
    sheet.append([_("Total"), None, None, None, None, str(fen_to_yuan(total))])
    output = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it)
    workbook.save(output)
    output.seek(0)
    audit.record(
        actor,
        "disbursement.export",
        target_type="desk.disbursement",
        target_repr=_("Disbursement ledger"),
        changes={
            "rows": count,
            "total_fen": total,
            "date_from": filters.date_from.isoformat() if filters.date_from else None,
            "date_to": filters.date_to.isoformat() if filters.date_to else None,
            "department": filters.department,
            "benefit": filters.benefit,
        },
    )
    stamp = clock.today().strftime("%Y%m%d")
    return ExportFile(output, f"disbursements-{stamp}.xlsx", count)
