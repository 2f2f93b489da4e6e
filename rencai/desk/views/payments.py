"""The disbursement ledger for finance: the payments the actor sees, and its xlsx export
(accounts masked; the export is audited by `exports.export_ledger`)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Sum
from django.shortcuts import render
from django.views.decorators.http import require_safe

from rencai.core.http import http_errors
from rencai.core.xlsx.writing import xlsx_download

from .. import exports, permissions, selectors
from ..forms import LedgerFilterForm
from ..services.payments import mask_account
from .common import require

PAGE_SIZE = 50


@login_required
@require_safe
def ledger(request):
    actor = request.user
    require(permissions.can_export_ledger(actor))
    form = LedgerFilterForm(request.GET or None)
    payments = selectors.ledger(actor, form.filters())
    total = payments.aggregate(total=Sum("amount_fen"))["total"] or 0
    page = Paginator(payments, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(payment, mask_account(payment.payee_account)) for payment in page.object_list]
    return render(
        request,
        "desk/ledger.html",
        {
            "form": form,
            "page_obj": page,
            "rows": rows,
            "total_fen": total,
            "query": request.GET.urlencode(),
        },
    )


@login_required
@require_safe
@http_errors
def ledger_export(request):
    """The ledger (same filters as on screen) as an xlsx workbook."""
    form = LedgerFilterForm(request.GET or None)
    export = exports.export_ledger(request.user, form.filters())
    return xlsx_download(export.file, export.filename)
