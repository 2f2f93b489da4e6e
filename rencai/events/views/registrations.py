"""Registrations across the organiser's events, filtered by county, kind, event, status, the
day registered and the day checked in (`?format=xlsx` exports them): the list the events
figures drill down to. `preset` fixes a filter from the URL (the places-held list)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from rencai.core.http import http_errors

from .. import exports, permissions, selectors
from ..forms import MixerFilterForm, RegistrationFilterForm
from .common import require, xlsx_response

PAGE_SIZE = 50


@login_required
@http_errors
@require_safe
def registration_search(request, **preset):
    actor = request.user
    require(permissions.is_organiser_role(actor))
    data = request.GET.copy()
    data.pop("format", None)
    for name, value in preset.items():
        data[name] = value
    form = RegistrationFilterForm(data or None)
    filters = form.filters()
    found = selectors.search_registrations(actor, filters)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.export_registration_search(actor, found, filters))
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    data.pop("page", None)
    return render(
        request,
        "events/registration_search.html",
        {"form": form, "page": page, "query": data.urlencode(), "preset": preset},
    )


@login_required
@http_errors
@require_safe
def mixer_rows(request, which: str):
    """The pairs (or the people paired) at the organiser's mixers, one row each with the
    mixer, its day and the county it counts for — never who (`?format=xlsx`)."""
    actor = request.user
    require(permissions.is_organiser_role(actor))
    form = MixerFilterForm(request.GET or None)
    filters = form.filters()
    if which == selectors.PAIRS:
        rows = selectors.search_pairs(actor, filters)
    else:
        rows = selectors.search_people_paired(actor, filters)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.export_mixer_rows(actor, rows, which))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "events/mixer_rows.html",
        {"form": form, "page": page, "pairs": which == selectors.PAIRS},
    )
