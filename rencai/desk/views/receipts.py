"""The case receipt: on screen with a print button, and as a PDF (`rencai.desk.receipts`) in
A4 or 80 mm (`?paper=80mm`). Anyone who sees the case sees its receipt; anyone else gets 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .. import receipts
from .common import case_or_404


def _paper(request) -> str:
    value = request.GET.get("paper", "")
    return value if value in receipts.PAPER else receipts.A4


@login_required
@require_safe
def receipt(request, pk: int):
    """The case's receipt on screen, with a print button and the PDF."""
    case = case_or_404(request.user, pk)
    return render(request, "desk/receipt.html", receipts.receipt_context(case, request))


@login_required
@require_safe
def receipt_pdf(request, pk: int):
    """The receipt as a PDF to print (WeasyPrint), A4 or 80 mm."""
    case = case_or_404(request.user, pk)
    paper = _paper(request)
    response = HttpResponse(
        receipts.receipt_pdf(case, request, paper), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{receipts.filename(case, paper)}"'
    return response
