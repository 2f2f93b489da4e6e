"""Campaign files out of the platform — a unit's plan, a report's evidence, a bulletin as
Word or PDF: only through the scoped selectors, as attachments, and each download audited
(who took which file, in which format). The views answer with these."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from rencai.core import audit, uploads

from . import documents, selectors

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def plan_response(actor, unit_pk: int) -> HttpResponse:
    """The unit's plan (404 unless the actor sees the unit, or when there is none)."""
    unit = get_object_or_404(selectors.units_for_actor(actor), pk=unit_pk)
    response = uploads.attachment(unit.plan)
    audit.record(actor, "campaigns.plan_download", unit, changes={"file": unit.plan.name})
    return response


def evidence_response(actor, report_pk: int) -> HttpResponse:
    """A report's evidence (404 unless the actor sees the report's unit)."""
    report = selectors.get_report_for_actor(actor, report_pk)
    response = uploads.attachment(report.evidence)
    audit.record(
        actor, "campaigns.evidence_download", report, changes={"file": report.evidence.name}
    )
    return response


def bulletin_response(actor, bulletin_pk: int, fmt: str) -> HttpResponse:
    """The bulletin as Word (`docx`) or PDF (`pdf`), for whoever sees the campaign."""
    bulletin = selectors.get_bulletin_for_actor(actor, bulletin_pk)
    name = f"bulletin-{bulletin.campaign_id}-{bulletin.number}.{fmt}"
    if fmt == "pdf":
        body, content_type = documents.bulletin_pdf(bulletin), "application/pdf"
    else:
        body, content_type = documents.bulletin_docx(bulletin), DOCX
    audit.record(actor, "campaigns.bulletin_download", bulletin, changes={"format": fmt})
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
