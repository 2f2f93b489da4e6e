"""The case receipt (回执) handed to the talent at the window: on screen and as a PDF.

A receipt is printed and leaves the building, so it carries only the masked name and
identity number, with the case number, the benefit and version, the state, the amount and
what was confirmed and seen. The PDF is WeasyPrint's rendering of `desk/receipt_pdf.html`
with the system's Noto Sans CJK SC font (installed with the system packages; no web font).
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from rencai.core import clock
from rencai.core.masking import mask_id_number
from rencai.talents.services.cards import mask_name

from .models import Application
from .services.documents import checklist
from .services.payments import mask_account


def receipt_context(application: Application) -> dict[str, Any]:
    """Everything a receipt shows, masked."""
    talent = application.talent
    return {
        "case": application,
        "masked_name": mask_name(talent.name),
        "masked_id": mask_id_number(talent.id_number),
        "benefit": application.benefit,
        "version": application.version,
        "state_label": application.get_state_display(),
        "documents": [item for item in checklist(application) if item.done],
        "confirmed": list(application.confirmed or []),
        "payee_account": mask_account(application.payee_account),
        "issued_at": clock.now(),
    }


def filename(application: Application) -> str:
    return f"receipt-{application.pk}.pdf"


def receipt_html(application: Application) -> str:
    return render_to_string("desk/receipt_pdf.html", receipt_context(application))


def receipt_pdf(application: Application) -> bytes:
    """The receipt as PDF bytes."""
    from weasyprint import HTML  # heavy import: only when a receipt is printed

    return HTML(string=receipt_html(application)).write_pdf()
