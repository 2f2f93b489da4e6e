"""The case receipt (受理回执) handed to the talent at the window: on screen and as a PDF.

A receipt is printed and leaves the building, so it carries only the masked name and
identity number, with the public case number, the service point and its enquiry telephone
(from the service-point directory), the date and time it was opened (Asia/Shanghai), the
promised completion date (承诺办结时间: the case's deadline, `due_at`, which the desk computes
in working days by China's official calendar from the benefit's time target), the benefit,
the amount, what was confirmed and the documents received, and a QR code that opens the case
on the talent's phone after log-in (`desk:my-application-detail`).

The QR code's address is the product's own: the address the request came to while the server
runs in development (`make run` on any port), the configured public address
(`PUBLIC_BASE_URL`) otherwise — never a fixed port.

The PDF is WeasyPrint's rendering of `desk/receipt_pdf.html`, in A4 or on an 80 mm receipt
printer's roll (`PAPER`), with the system's Noto Sans CJK SC font (installed by
`scripts/install-system-deps.sh`), embedded as a subset in the file.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from rencai.core import clock
from rencai.core.masking import mask_id_number
from rencai.policies.choices import TimeUnit
from rencai.talents.services.cards import mask_name

from .models import Application, ServicePointEntry
from .services.documents import checklist
from .services.payments import mask_account

A4 = "a4"
ROLL_80MM = "80mm"
PAPER = (A4, ROLL_80MM)


def public_url(path: str, request=None) -> str:
    """`path` as an absolute address the talent's phone can open: the request's own address
    in development, the configured public address in production."""
    if request is not None and settings.DEBUG:
        return request.build_absolute_uri(path)
    return f"{settings.PUBLIC_BASE_URL}{path}"


def progress_url(application: Application, request=None) -> str:
    """Where the QR code leads: the talent's own page of the case (after log-in)."""
    return public_url(reverse("desk:my-application-detail", args=[application.pk]), request)


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=4, border=2)


def promised_by(application: Application) -> date | datetime | None:
    """承诺办结时间: the day (working-day targets) or the time (minute targets) the case is to be
    decided by; None when its benefit has no time target."""
    if application.due_at is None:
        return None
    if application.benefit.time_unit == TimeUnit.WORKING_DAYS:
        return timezone.localtime(application.due_at).date()
    return application.due_at


def directory_entry(application: Application) -> ServicePointEntry | None:
    if application.service_point_id is None:
        return None
    return ServicePointEntry.objects.filter(organisation_id=application.service_point_id).first()


def receipt_context(application: Application, request=None, paper: str = A4) -> dict[str, Any]:
    """Everything a receipt shows, masked."""
    talent = application.talent
    promised = promised_by(application)
    url = progress_url(application, request)
    return {
        "case": application,
        "number": application.public_number,
        "masked_name": mask_name(talent.name),
        "masked_id": mask_id_number(talent.id_number),
        "benefit": application.benefit,
        "state_label": application.get_state_display(),
        "documents": [item for item in checklist(application) if item.done],
        "confirmed": list(application.confirmed or []),
        "payee_account": mask_account(application.payee_account),
        "issued_at": clock.now(),
        "point": directory_entry(application),
        "promised": promised,
        "promised_is_date": isinstance(promised, date) and not isinstance(promised, datetime),
        "progress_url": url,
        "qr": qr_data_uri(url),
        "paper": paper if paper in PAPER else A4,
    }


def filename(application: Application, paper: str = A4) -> str:
    suffix = "-80mm" if paper == ROLL_80MM else ""
    return f"receipt-{application.public_number}{suffix}.pdf"


def receipt_html(application: Application, request=None, paper: str = A4) -> str:
    return render_to_string("desk/receipt_pdf.html", receipt_context(application, request, paper))


def receipt_pdf(application: Application, request=None, paper: str = A4) -> bytes:
    """The receipt as PDF bytes, on A4 or the 80 mm roll."""
    from weasyprint import HTML  # heavy import: only when a receipt is printed

    return HTML(string=receipt_html(application, request, paper)).write_pdf()
