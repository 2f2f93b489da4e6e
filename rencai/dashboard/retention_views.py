"""The retention page (留存率): cohort tables by arrival year, a chart, the served-vs-not
tables for each cohort marker, and the same as xlsx. Counts only the talents the user sees."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from rencai.core import audit, clock
from rencai.core.charts import Bar, bar_chart
from rencai.core.db_routers import reading_from_replica
from rencai.core.xlsx.writing import NUMBER, ExportColumn, ExportWorkbook, xlsx_download
from rencai.talents.cohorts import cohort_markers

from . import permissions
from .retention import GROUP_HEADINGS, GROUPINGS, YEARS, CohortRow, cohorts, marker_cohorts


class RetentionFilter(forms.Form):
    by = forms.ChoiceField(
        label=gettext_lazy("Group by"), choices=list(GROUPINGS.items()), required=False
    )


@dataclass(frozen=True)
class MarkerTable:
    label: str
    rows: list[CohortRow]


def _percent(value) -> str:
    return f"{value}%"


def _chart(rows: list[CohortRow]):
    bars = [Bar(str(r.year), r.cells[1].share if r.cells.get(1) else None) for r in rows]
    return bar_chart(
        bars,
        title=_("Share still in the city one year after arrival, by arrival year"),
        fmt=_percent,
    )


def _tables(actor, by: str):
    today = clock.today()
    rows = cohorts(actor, by=by, today=today)
    overall = rows if not by else cohorts(actor, today=today)
    markers = [
        MarkerTable(str(m.label), marker_cohorts(actor, m, today=today)) for m in cohort_markers()
    ]
    return rows, overall, markers


@login_required
@require_safe
@reading_from_replica
def retention(request):
    if not permissions.can_see_retention(request.user):
        raise PermissionDenied
    form = RetentionFilter(request.GET or None)
    by = form.cleaned_data["by"] if form.is_bound and form.is_valid() else ""
    rows, overall, markers = _tables(request.user, by)
    if request.GET.get("format") == "xlsx":
        return _export(request.user, by, rows, markers)
    return render(
        request,
        "dashboard/retention.html",
        {
            "form": form,
            "by": by,
            "years": YEARS,
            "group_label": GROUP_HEADINGS.get(by, ""),
            "group_word": _("Cohort group"),
            "rows": rows,
            "chart": _chart(overall),
            "markers": markers,
            "today": clock.today(),
        },
    )


def _sheet(book: ExportWorkbook, title: str, rows: list[CohortRow], group: str):
    columns = [ExportColumn(_("Arrival year"), NUMBER, width=10)]
    if group:
        columns.append(ExportColumn(group, width=16))
    columns.append(ExportColumn(_("Arrived"), NUMBER, width=10))
    for n in YEARS:
        columns.append(
            ExportColumn(_("Still in the city after %(n)s years") % {"n": n}, NUMBER, width=14)
        )
        columns.append(ExportColumn(_("Share after %(n)s years (%%)") % {"n": n}, NUMBER, width=12))
    sheet = book.sheet(title, columns)
    for row in rows:
        values: list = [row.year]
        if group:
            values.append(row.group)
        values.append(row.arrived)
        for cell in row.cell_list():
            values += [cell.stayed, cell.share] if cell else [None, None]
        sheet.append(values)


def _export(actor, by: str, rows: list[CohortRow], markers: list[MarkerTable]):
    book = ExportWorkbook()
    _sheet(book, _("Retention"), rows, str(GROUP_HEADINGS[by]) if by else "")
    for table in markers:
        _sheet(book, table.label, table.rows, _("Cohort group"))
    output = book.save()
    audit.record(
        actor,
        "dashboard.retention_export",
        target_type="dashboard.retention",
        target_repr=_("Retention"),
        changes={"by": by or "all"},
    )
    return xlsx_download(output, f"retention-{clock.today():%Y%m%d}.xlsx")
