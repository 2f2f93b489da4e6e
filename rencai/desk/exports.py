"""The disbursement ledger as an xlsx workbook for finance (accounts masked; audited)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rencai.core import audit, clock
from rencai.core.errors import PermissionDenied
from rencai.core.xlsx.writing import DATE, MONEY, NUMBER, ExportColumn, ExportWorkbook

from . import permissions, selectors
from .services.payments import mask_account


@dataclass
class ExportFile:
    file: IO[bytes]
    filename: str
    count: int


def ledger_columns() -> list[ExportColumn]:
    return [
        ExportColumn(_("Paid on"), DATE, width=12),
        ExportColumn(_("Case"), NUMBER, width=8),
        ExportColumn(_("Instalment"), NUMBER, width=8),
        ExportColumn(_("Talent"), width=12),
        ExportColumn(_("Benefit"), width=28),
        ExportColumn(_("Amount (yuan)"), MONEY, width=16),
        ExportColumn(_("Payee account"), width=24),
        ExportColumn(_("Paying department"), width=20),
        ExportColumn(_("Recorded by"), width=12),
    ]


def ledger_headers() -> list[str]:
    return [column.header for column in ledger_columns()]


def export_ledger(actor, filters: selectors.LedgerFilters | None = None) -> ExportFile:
    """The payments the actor sees (filtered), oldest first, as a temporary xlsx file.

    Amounts are yuan as numbers with two decimals (number format #,##0.00); the last row is
    the total.
    """
    if not permissions.can_export_ledger(actor):
        raise PermissionDenied(gettext_lazy("You may not export the disbursement ledger."))
    filters = filters or selectors.LedgerFilters()
    book = ExportWorkbook()
    sheet = book.sheet(_("Disbursements"), ledger_columns())
    count, total = 0, 0
    for payment in selectors.ledger(actor, filters).iterator(chunk_size=2000):
        case = payment.application
        sheet.append(
            [
                payment.paid_on,
                case.pk,
                payment.instalment,
                case.talent.name,
                case.benefit.name,
                payment.amount_fen,
                mask_account(payment.payee_account),
                payment.paying_department.name,
                str(payment.recorded_by) if payment.recorded_by else "",
            ]
        )
        count += 1
        total += payment.amount_fen
    sheet.append([_("Total"), None, None, None, None, total, None, None, None])
    output = book.save()
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
