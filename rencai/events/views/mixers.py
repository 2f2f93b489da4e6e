"""A mixer's picks (the participant's own, private) and their matches once the round closed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rencai.core.errors import DomainError, error_text
from rencai.core.http import http_errors, see_other

from .. import selectors, services
from ..models import Match


def _my_participation(request, pk: int):
    event = selectors.get_event_for_actor(request.user, pk)
    if not event.is_mixer:
        raise Http404
    registration = selectors.registration_of(selectors.talent_of(request.user), event)
    if registration is None or not hasattr(registration, "check_in"):
        raise Http404
    return event, registration


@login_required
@http_errors
@require_http_methods(["GET", "POST"])
def picks(request, pk: int):
    """Pick up to the limit among those who checked in; change until the round closes."""
    event, registration = _my_participation(request, pk)
    if request.method == "POST":
        chosen = [int(v) for v in request.POST.getlist("chosen") if v.isascii() and v.isdigit()]
        try:
            services.set_picks(registration, actor=request.user, chosen=chosen)
        except (DomainError, ValidationError) as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Your picks are saved. Only you can see them."))
            return see_other(reverse("events:picks", args=[event.pk]))
    mine = set(selectors.my_picks(registration).values_list("chosen_id", flat=True))
    others = [r for r in selectors.participants(event) if r.pk != registration.pk]
    return render(
        request,
        "events/picks.html",
        {"event": event, "registration": registration, "others": others, "mine": mine},
    )


@login_required
@http_errors
@require_http_methods(["GET", "POST"])
def matches(request, pk: int):
    """The participant's own matches after the round; POST consents to share contacts."""
    event, registration = _my_participation(request, pk)
    if request.method == "POST":
        raw = request.POST.get("match", "")
        match = (
            Match.objects.filter(event=event, pk=int(raw)).first()
            if raw.isascii() and raw.isdigit()
            else None
        )
        if match is None or registration.pk not in (match.first_id, match.second_id):
            messages.error(request, _("Choose one of your matches."))
        else:
            services.consent_to_share(match, actor=request.user, registration=registration)
            messages.success(request, _("You agreed to share your contact."))
        return see_other(reverse("events:matches", args=[event.pk]))
    views = selectors.my_matches(registration) if event.picks_closed else []
    return render(
        request,
        "events/matches.html",
        {"event": event, "registration": registration, "matches": views},
    )
