"""The dashboard's figures as an xlsx workbook (the shared writer, `rencai.core.xlsx`): one
sheet, a row per figure tile and per chart row, with the section, the filters and the value as
a number (money in yuan, ratios as a fraction with their counts). Audited."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import IO

from django.utils.translation import gettext as _

from rencai.core import audit
from rencai.core.figures import Kind, Unit, Value
from rencai.core.xlsx.writing import MONEY, NUMBER, ExportColumn, ExportWorkbook

from .forms import Filters
from .sections import Section


@dataclass
class ExportFile:
    file: IO[bytes]
    filename: str
    rows: int


def columns() -> list[ExportColumn]:
    return [
        ExportColumn(_("Section"), width=16),
        ExportColumn(_("Figure"), width=28),
        ExportColumn(_("Shown by"), width=20),
        ExportColumn(_("Item"), width=24),
        ExportColumn(_("Count or value"), NUMBER, width=14),
        ExportColumn(_("Amount (yuan)"), MONEY, width=18),
        ExportColumn(_("Ratio"), NUMBER, width=10),
        ExportColumn(_("Numerator"), NUMBER, width=10),
        ExportColumn(_("Denominator"), NUMBER, width=12),
        ExportColumn(_("Unit"), width=10),
    ]


def _cells(kind: str, unit: str, value: Value) -> list:
    if kind == Kind.RATIO:
        ratio = value.ratio
        rounded = None if ratio is None else ratio.quantize(Decimal("0.0001"))
        return [None, None, rounded, value.numerator, value.denominator, "%"]
    if unit == Unit.FEN:
        return [None, value.value, None, None, None, str(dict(Unit.choices)[unit])]
    return [value.value, None, None, None, None, str(dict(Unit.choices)[unit])]


def export_dashboard(actor, sections: list[Section], filters: Filters) -> ExportFile:
    book = ExportWorkbook()
    sheet = book.sheet(_("Dashboard"), columns())
    rows = 0
    for section in sections:
        for tile in section.tiles:
            figure = tile.figure
            sheet.append(
                [
                    section.title,
                    str(figure.label),
                    _("Total"),
                    "",
                    *_cells(figure.kind, figure.unit, tile.value),
                ]
            )
            rows += 1
        for chart in section.charts:
            figure = chart.figure
            for row in chart.rows:
                sheet.append(
                    [
                        section.title,
                        str(figure.label),
                        chart.title,
                        row.label,
                        *_cells(figure.kind, figure.unit, row.value),
                    ]
                )
                rows += 1
    period = filters.period
    scope = {
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        "county": filters.county,
        "department": filters.department,
    }
    sheet.append([_("Period"), f"{period.start:%Y-%m-%d} – {period.end:%Y-%m-%d}"] + [None] * 8)
    output = book.save()
    audit.record(
        actor,
        "dashboard.export",
        target_type="dashboard.dashboard",
        target_repr=_("Dashboard"),
        changes={"filters": scope, "rows": rows},
    )
    filename = f"dashboard-{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx"
    return ExportFile(output, filename, rows)
