"""Campaign files out of the platform — a unit's plan, a report's evidence, a bulletin as
Word or PDF: only through the scoped selectors, as attachments, and each download audited
(who took which file, in which format). The views answer with these."""

from __future__ import annotations

from typing import IO

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext

from rencai.core import audit, clock, uploads
from rencai.core.xlsx.writing import DATE, NUMBER, ExportColumn, ExportWorkbook

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


def export_reports(actor, reports) -> tuple[IO[bytes], str]:
    """The progress reports the report list's filters keep, every page, as xlsx; audited."""
    book = ExportWorkbook()
    sheet = book.sheet(
        gettext("Progress reports"),
        [
            ExportColumn(gettext("As of"), DATE, width=12),
            ExportColumn(gettext("Campaign"), width=24),
            ExportColumn(gettext("Unit"), width=24),
            ExportColumn(gettext("Indicator"), width=24),
            ExportColumn(gettext("Count"), NUMBER, width=10),
            ExportColumn(gettext("State"), width=10),
        ],
    )
    for r in reports:
        unit = r.indicator.unit
        sheet.append(
            [r.as_of, str(unit.action.campaign), str(unit), r.indicator.name, r.value]
            + [r.get_state_display()]
        )
    output = book.save()
    audit.record(
        actor,
        "campaigns.report_export",
        target_type="campaigns.reportedvalue",
        changes={"rows": sheet.rows},
    )
    return output, f"progress-reports-{clock.today():%Y%m%d}.xlsx"
