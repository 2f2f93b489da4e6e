"""Finance's xlsx exports: the loans the actor sees, and a bank's subsidy claim for a
quarter (the government's part of interest, period by period). Each export is audited."""

from __future__ import annotations

from django.utils.translation import gettext as _

from rencai.core import audit, clock
from rencai.core.xlsx.writing import DATE, MONEY, NUMBER, ExportColumn, ExportWorkbook

from . import selectors
from .choices import LoanState


def export_loans(actor, loans):
    book = ExportWorkbook()
    sheet = book.sheet(
        _("Loans"),
        [
            ExportColumn(_("Loan"), NUMBER, width=8),
            ExportColumn(_("Borrower"), width=12),
            ExportColumn(_("County"), width=10),
            ExportColumn(_("Bank"), width=22),
            ExportColumn(_("Product"), width=22),
            ExportColumn(_("Amount (yuan)"), MONEY, width=16),
            ExportColumn(_("Term (months)"), NUMBER, width=8),
            ExportColumn(_("State"), width=16),
            ExportColumn(_("Disbursed on"), DATE, width=12),
        ],
    )
    count = 0
    for loan in loans.iterator(chunk_size=2000):
        sheet.append(
            [
                loan.pk,
                loan.talent.name,
                loan.county.name,
                loan.bank.name,
                loan.product.name,
                loan.amount_fen,
                loan.term_months,
                str(LoanState(loan.state).label),
                loan.disbursed_on,
            ]
        )
        count += 1
    output = book.save()
    audit.record(actor, "loan.export", target_type="finance.loan", changes={"rows": count})
    return output, f"loans-{clock.today():%Y%m%d}.xlsx"


def export_claim(actor, *, bank, year: int, quarter: int):
    lines = selectors.claim_lines(actor, bank_id=bank.pk, year=year, quarter=quarter)
    book = ExportWorkbook()
    sheet = book.sheet(
        _("Subsidy claim"),
        [
            ExportColumn(_("Loan"), NUMBER, width=8),
            ExportColumn(_("Borrower"), width=12),
            ExportColumn(_("Period from"), DATE, width=12),
            ExportColumn(_("Period to"), DATE, width=12),
            ExportColumn(_("Days"), NUMBER, width=6),
            ExportColumn(_("Principal (yuan)"), MONEY, width=16),
            ExportColumn(_("Contract rate (bp)"), NUMBER, width=10),
            ExportColumn(_("Borrower's rate (bp)"), NUMBER, width=10),
            ExportColumn(_("Interest (yuan)"), MONEY, width=14),
            ExportColumn(_("Borrower's part (yuan)"), MONEY, width=14),
            ExportColumn(_("Government's part (yuan)"), MONEY, width=14),
        ],
    )
    total = 0
    for line in lines:
        p = line.period
        sheet.append(
            [
                line.loan.pk,
                line.loan.talent.name,
                p.start,
                p.end,
                p.days,
                p.principal_fen,
                p.rate_bp,
                p.borrower_rate_bp,
                p.interest_fen,
                p.borrower_fen,
                p.government_fen,
            ]
        )
        total += p.government_fen
    sheet.append([_("Total"), None, None, None, None, None, None, None, None, None, total])
    output = book.save()
    audit.record(
        actor,
        "loan.claim_export",
        bank,
        changes={"year": year, "quarter": quarter, "rows": len(lines), "total_fen": total},
    )
    return output, f"subsidy-claim-{bank.pk}-{year}Q{quarter}.xlsx"
