"""The door: the registrations list (export, xlsx import), walk-ins, and the check-in page on
the organiser's phone (a code typed or read by a handheld scanner submits on Enter; the camera
where the browser has a barcode detector; offline scans queued by `events/check-in.js`)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rencai.core import clock
from rencai.core.errors import DomainError, error_text
from rencai.core.http import http_errors, see_other
from rencai.core.xlsx.reading import ImportFileError

from .. import exports, imports, permissions, selectors, services
from ..forms import CheckInForm, ImportForm, WalkInForm
from .common import require, xlsx_response


def _managed_event(request, pk: int):
    event = selectors.get_event_for_actor(request.user, pk)
    require(permissions.can_manage_event(request.user, event))
    return event


@login_required
@http_errors
@require_http_methods(["GET", "POST"])
def registration_list(request, pk: int):
    """Everyone registered (`?format=xlsx`); POST an xlsx to import registrations."""
    actor = request.user
    event = _managed_event(request, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    import_errors: list = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = imports.import_registrations(
                event, upload, actor=actor, filename=upload.name[:100]
            )
        except ImportFileError as exc:
            form.add_error("file", error_text(exc))
        else:
            if result.ok:
                messages.success(request, _("%(n)s registered.") % {"n": result.created})
                return see_other(reverse("events:registrations", args=[event.pk]))
            import_errors = result.errors
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.export_registrations(actor, event))
    page = Paginator(selectors.registrations_of_event(event), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "events/registration_list.html",
        {
            "event": event,
            "page": page,
            "form": form,
            "import_errors": import_errors,
            "counts": selectors.event_counts(event),
        },
    )


@login_required
@http_errors
@require_http_methods(["GET", "POST"])
def walk_in(request, pk: int):
    """Register a walk-in at the door in the window's five fields, and check them in."""
    actor = request.user
    event = _managed_event(request, pk)
    form = WalkInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.register_walk_in(
                event, actor=actor, fields=form.talent_fields()
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except DomainError as exc:
            if exc.status in (403, 404):
                raise
            form.add_error(None, error_text(exc))
        else:
            messages.success(
                request,
                _("%(name)s registered and checked in.") % {"name": registration.talent.name},
            )
            return see_other(reverse("events:walk-in", args=[event.pk]))
    return render(request, "events/walk_in.html", {"event": event, "form": form})


@login_required
@http_errors
@require_http_methods(["GET", "POST"])
def check_in(request, pk: int):
    """The check-in page. Without script, the form posts here (its scan id is made with the
    page, so a re-sent form counts once); with script, scans go to the API and queue offline."""
    actor = request.user
    event = _managed_event(request, pk)
    result = refusal = None
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.check_in(
                event,
                actor=actor,
                code=form.cleaned_data["code"],
                scan_id=form.cleaned_data["scan_id"],
            )
        except DomainError as exc:
            if exc.status in (403, 404):
                raise
            refusal = exc
    fresh = CheckInForm(initial={"scan_id": uuid.uuid4().hex})
    today = clock.today()
    recent = selectors.check_ins_of_event(event).order_by("-scanned_at", "-pk")[:10]
    return render(
        request,
        "events/check_in.html",
        {
            "event": event,
            "form": fresh,
            "result": result,
            "refusal": refusal,
            "recent": recent,
            "counts": selectors.event_counts(event),
            "today": today,
            "api_url": reverse("event-check-ins", args=[event.pk]),
        },
    )
