"""The dashboard page (统计看板) and its xlsx: the figures the actor may see, filtered by
period, county and department, each linking to the list behind it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_safe

from rencai.core.db_routers import reading_from_replica
from rencai.core.xlsx.writing import xlsx_download

from . import exports, permissions, sections
from .forms import DashboardFilterForm


@login_required
@require_safe
@reading_from_replica
def index(request):
    actor = request.user
    if not permissions.can_view_dashboard(actor):
        raise PermissionDenied
    # nothing chosen (the xlsx of the default view too): the unbound form, built once (its
    # county and department choices are two queries)
    chosen = any(key != "format" for key in request.GET)
    form = DashboardFilterForm(request.GET if chosen else None, actor=actor)
    if form.is_bound and not form.is_valid():
        return render(
            request, "dashboard/dashboard.html", {"form": form, "sections": []}, status=400
        )
    filters = form.filters()
    built = sections.build(actor, filters)
    if request.GET.get("format") == "xlsx":
        export = exports.export_dashboard(actor, built, filters)
        return xlsx_download(export.file, export.filename)
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "form": form,
            "filters": filters,
            "sections": built,
            "query": query.urlencode(),
        },
    )
