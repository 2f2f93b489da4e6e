"""The bulletin (通报) and the assessment (考核) as published: their snapshot of the figures,
and the bulletin as a Word document and a PDF in the layout of a government bulletin
(title, 第N期, issuing office and date, then the text). Documents render from the snapshot,
never from today's records, so a published bulletin reads the same forever."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rencai.core.templatetags.rencai import cndate

from . import scoring, selectors
from .choices import Pace
from .models import Bulletin, Campaign

HIGHLIGHTS = 3


def _indicator(p) -> dict[str, Any]:
    return {
        "id": p.indicator.pk,
        "name": p.indicator.name,
        "kind": p.indicator.kind,
        "value": p.value,
        "value_display": p.value_display,
        "expected_display": p.expected_display,
        "target_display": p.target_display,
        "pace": p.pace,
        "by_hand": p.by_hand,
        "missed": [m.due_on.isoformat() for m in p.missed],
    }


def snapshot(campaign: Campaign, as_of: date, reader) -> dict[str, Any]:
    """Every action's and unit's progress on `as_of`, the bodies' ranking, highlights and
    laggards: what a bulletin publishes."""
    report = selectors.campaign_progress(campaign, as_of, reader)
    ranking = scoring.ranked(
        scoring.bodies(report.indicators(), campaign.scoring), campaign.scoring
    )
    return {
        "as_of": as_of.isoformat(),
        "share": str(report.share.quantize(scoring.TENTH / 1000)),
        "counts": report.counts(),
        "actions": [
            {
                "number": a.action.number,
                "name": a.action.name,
                "kind": a.action.kind,
                "lead": a.action.lead_name,
                "illustrative": a.action.is_illustrative,
                "pace": a.pace,
                "units": [
                    {
                        "name": str(u.unit),
                        "pace": u.pace,
                        "indicators": [_indicator(p) for p in u.indicators],
                    }
                    for u in a.units
                ],
            }
            for a in report.actions
        ],
        "ranking": [{k: v for k, v in row.items() if k != "lines"} for row in ranking],
        "highlights": [row["name"] for row in ranking if row["red"] == 0 and row["missed"] == 0][
            :HIGHLIGHTS
        ],
        "laggards": [
            {"name": row["name"], "red": row["red"]} for row in reversed(ranking) if row["red"]
        ],
    }


def assessment_rows(campaign: Campaign, as_of: date, reader) -> list[dict]:
    report = selectors.campaign_progress(campaign, as_of, reader)
    return scoring.ranked(scoring.bodies(report.indicators(), campaign.scoring), campaign.scoring)


PACE_WORDS = {
    Pace.GREEN: gettext_lazy("On pace"),
    Pace.AMBER: gettext_lazy("Slightly behind"),
    Pace.RED: gettext_lazy("Behind pace"),
}


def bulletin_context(bulletin: Bulletin) -> dict[str, Any]:
    data = bulletin.snapshot
    return {
        "bulletin": bulletin,
        "campaign": bulletin.campaign,
        "data": data,
        "percent": f"{float(data['share']) * 100:.0f}%",
    }


def bulletin_pdf(bulletin: Bulletin) -> bytes:
    from weasyprint import HTML  # heavy import: only when a bulletin is printed

    html = render_to_string("campaigns/bulletin_pdf.html", bulletin_context(bulletin))
    return HTML(string=html).write_pdf()


def _pace_word(pace: str) -> str:
    return str(PACE_WORDS.get(pace, pace))


def bulletin_docx(bulletin: Bulletin) -> bytes:
    """A Word document laid out as a government bulletin: red title, 第N期, office and date,
    a rule, then the overview, each action's table, the ranking, highlights and laggards."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    data = bulletin.snapshot
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Noto Sans CJK SC"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Sans CJK SC")
    style.font.size = Pt(11)

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(f"{bulletin.campaign.name}{_('Work bulletin')}")
    run.bold = True
    run.font.size = Pt(22)
    run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    number = document.add_paragraph(_("Issue %(n)s") % {"n": bulletin.number})
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    office = document.add_paragraph(f"{bulletin.issuing_office}    {_date(bulletin.period_end)}")
    office.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("—" * 30).alignment = WD_ALIGN_PARAGRAPH.CENTER

    counts = data["counts"]
    document.add_paragraph(
        _(
            "As of %(day)s, %(percent)s of the campaign period has elapsed. Of %(total)s "
            "indicators, %(green)s are on pace, %(amber)s slightly behind and %(red)s behind."
        )
        % {
            "day": _date(date.fromisoformat(data["as_of"])),
            "percent": f"{float(data['share']) * 100:.0f}%",
            "total": sum(counts.values()),
            **counts,
        }
    )
    for action in data["actions"]:
        document.add_heading(
            f"{action['number']}. {action['name']}（{_pace_word(action['pace'])}）", level=2
        )
        table = document.add_table(rows=1, cols=5)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells,
            [_("Unit"), _("Indicator"), _("Achieved"), _("Target value"), _("Status")],
            strict=True,
        ):
            cell.text = text
        for unit in action["units"]:
            for ind in unit["indicators"]:
                cells = table.add_row().cells
                cells[0].text = unit["name"]
                cells[1].text = ind["name"]
                cells[2].text = ind["value_display"]
                cells[3].text = ind["target_display"]
                cells[4].text = _pace_word(ind["pace"])
    document.add_heading(_("Ranking"), level=2)
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, [_("Rank"), _("Unit"), _("Completion")], strict=True
    ):
        cell.text = text
    for row in data["ranking"]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = (
            str(row["rank"]),
            row["name"],
            f"{row['completion']}%",
        )
    if data["highlights"]:
        document.add_paragraph(
            _("Highlights: %(names)s.") % {"names": "、".join(data["highlights"])}
        )
    if data["laggards"]:
        names = "、".join(row["name"] for row in data["laggards"])
        document.add_paragraph(_("Behind pace: %(names)s.") % {"names": names})
    output = BytesIO()
    document.save(output)
    return output.getvalue()


def _date(day: date) -> str:
    return cndate(day)
