"""Events for organisers (their events, create, publish, cancel) and for talents (what they
may join, with the reason when they may not; register; their code as a QR)."""

from __future__ import annotations

import io

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from rencai.core import clock
from rencai.core.errors import DomainError, error_text
from rencai.core.http import http_errors, see_other

from .. import audience, exports, permissions, selectors, services
from ..choices import EventStatus, RegistrationStatus
from ..forms import EventForm
from .common import require, xlsx_response

QR_OPTIONS = {"error": "m", "micro": False}
QR_SVG_OPTIONS = {"kind": "svg", "scale": 6, "border": 4, "dark": "#000", "light": "#fff"}


@login_required
@http_errors
@require_safe
def event_list(request):
    """Organisers: their events (`?format=xlsx`). Talents: the events they may join, each with
    whether its audience admits them, and their registrations."""
    actor = request.user
    if permissions.is_organiser_role(actor):
        events = selectors.managed_events(actor).order_by("-starts_at", "pk")
        if request.GET.get("format") == "xlsx":
            return xlsx_response(exports.export_events(actor, events))
        page = Paginator(events, 30).get_page(request.GET.get("page"))
        return render(request, "events/event_list.html", {"page": page, "organiser": True})
    require(permissions.is_talent(actor))
    talent = selectors.talent_of(actor)
    upcoming = selectors.events_for_actor(actor).filter(
        status=EventStatus.PUBLISHED, ends_at__gt=clock.now()
    )
    page = Paginator(upcoming.order_by("starts_at", "pk"), 20).get_page(request.GET.get("page"))
    rows = [
        (event, audience.verdict(event, talent) if talent else None) for event in page.object_list
    ]
    mine = list(selectors.my_registrations(talent)[:20]) if talent else []
    return render(
        request,
        "events/event_list.html",
        {"page": page, "rows": rows, "mine": mine, "organiser": False},
    )


@login_required
@http_errors
@require_http_methods(["GET", "POST"])
def event_create(request):
    actor = request.user
    require(permissions.is_organiser_role(actor))
    form = EventForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.create_event(actor=actor, **form.event_fields())
        except ValidationError as exc:
            form.add_error(None, exc)
        except DomainError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("Event saved as a draft."))
            return see_other(reverse("events:detail", args=[event.pk]))
    return render(request, "events/event_form.html", {"form": form})


@login_required
@http_errors
@require_safe
def event_detail(request, pk: int):
    actor = request.user
    event = selectors.get_event_for_actor(actor, pk)
    context: dict = {"event": event, "manages": permissions.can_manage_event(actor, event)}
    if context["manages"]:
        context["counts"] = selectors.event_counts(event)
        if event.is_mixer:
            context["mixer"] = selectors.mixer_counts(event)
    talent = selectors.talent_of(actor)
    if talent is not None:
        registration = selectors.registration_of(talent, event)
        context.update(
            talent=talent,
            verdict=audience.verdict(event, talent),
            registration=registration,
            rank=selectors.waitlist_rank(registration) if registration else None,
            may_register=event.status == EventStatus.PUBLISHED
            and event.ends_at > clock.now()
            and (registration is None or not registration.is_live),
        )
    return render(request, "events/event_detail.html", context)


ACTIONS = {
    "publish": (services.publish_event, _("Published.")),
    "cancel": (services.cancel_event, _("Event cancelled.")),
    "close": (services.close_event, _("Event closed.")),
}


@login_required
@http_errors
@require_POST
def event_action(request, pk: int):
    """An organiser's transition: publish, cancel, close; close the picks round."""
    actor = request.user
    event = selectors.get_event_for_actor(actor, pk)
    require(permissions.can_manage_event(actor, event))
    action = request.POST.get("action", "")
    try:
        if action == "close_picks":
            pairs = services.close_picks_round(event, actor=actor)
            messages.success(request, _("Picks round closed: %(n)s pairs.") % {"n": pairs})
        elif action in ACTIONS:
            service, done = ACTIONS[action]
            service(event, actor=actor)
            messages.success(request, done)
        else:
            messages.error(request, _("Unknown action."))
    except (DomainError, ValidationError) as exc:
        if getattr(exc, "status", 400) in (403, 404):
            raise
        messages.error(request, error_text(exc))
    return see_other(reverse("events:detail", args=[event.pk]))


@login_required
@http_errors
@require_POST
def register(request, pk: int):
    """The talent registers, accepts an offered place, or cancels (`do`)."""
    actor = request.user
    event = selectors.get_event_for_actor(actor, pk)
    talent = selectors.talent_of(actor)
    if talent is None:
        raise Http404
    do = request.POST.get("do", "register")
    try:
        if do == "register":
            registration = services.register(event, actor=actor, talent=talent)
            if registration.status == RegistrationStatus.WAITLISTED:
                messages.success(request, _("The event is full: you are on the waiting list."))
            else:
                messages.success(request, _("Registered. Show your code at the door."))
        else:
            registration = selectors.registration_of(talent, event)
            if registration is None or not registration.is_live:
                raise Http404
            if do == "accept":
                services.accept_offer(registration, actor=actor)
                messages.success(request, _("The place is yours."))
            elif do == "cancel":
                services.cancel_registration(registration, actor=actor)
                messages.success(request, _("Registration cancelled."))
            else:
                raise Http404
    except (DomainError, ValidationError) as exc:
        if getattr(exc, "status", 400) in (403, 404):
            raise
        messages.error(request, error_text(exc))
    return see_other(reverse("events:detail", args=[event.pk]))


@login_required
@http_errors
@require_safe
def registration_qr(request, pk: int):
    """The talent's own registration code for this event, as a QR code (SVG)."""
    actor = request.user
    event = selectors.get_event_for_actor(actor, pk)
    registration = selectors.registration_of(selectors.talent_of(actor), event)
    if registration is None or not registration.is_live:
        raise Http404
    buffer = io.BytesIO()
    segno.make(registration.code, **QR_OPTIONS).save(buffer, **QR_SVG_OPTIONS)
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response
