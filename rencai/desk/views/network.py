"""The service network (服务网点): where to go, when it is open, what it handles, whom to call
— filtered by county and by what the person needs; cards on a phone. Staff who read reports
also see each point's handling figures this year (through `rencai.core.figures`)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from rencai.core import clock
from rencai.core.figures import Period, compute

from .. import permissions, selectors
from ..forms import DirectoryFilterForm
from .common import require


def point_figures(actor, year: int) -> dict[int, dict[str, Any]]:
    """Per service point (organisation pk): cases opened this year, and of those decided this
    year with a time target, how many by their deadline."""
    period = Period(clock.today().replace(month=1, day=1), clock.today())
    opened = compute("desk.cases_opened", actor, period=period, breakdown="service_point")
    settled = compute("desk.settled_within_target", actor, period=period, breakdown="service_point")
    figures: dict[int, dict[str, Any]] = {}
    for row in opened.rows:
        if row.key is not None:
            figures.setdefault(row.key, {})["opened"] = row.value.value
    for row in settled.rows:
        if row.key is not None:
            figures.setdefault(row.key, {})["settled"] = row.value
    return figures


@login_required
@require_safe
def service_points(request):
    """The directory of service points, filtered by county and need."""
    actor = request.user
    require(permissions.can_view_directory(actor))
    form = DirectoryFilterForm(request.GET or None)
    entries = selectors.directory(form.filters())
    figures = (
        point_figures(actor, clock.today().year) if permissions.can_view_reports(actor) else {}
    )
    for entry in entries:
        entry.figures = figures.get(entry.organisation_id, {})  # type: ignore[attr-defined]
    return render(
        request,
        "desk/service_points.html",
        {
            "form": form,
            "entries": entries,
            "show_figures": permissions.can_view_reports(actor),
            "year": clock.today().year,
        },
    )
