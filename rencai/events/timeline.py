"""Registrations and check-ins in the one-person file, for the viewers who organise the event
(and the talent themself). A mixer's picks and matches appear only on the talent's own
timeline: no other viewer is ever shown whom someone picked. Registered in
`EventsConfig.ready()`."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rencai.core.timeline import Entry, choice_label, record_link, register_timeline

from . import permissions, selectors
from .models import Match, Registration

KINDS = {"events": gettext_lazy("Events")}


def entries(viewer, talent) -> list[Entry]:
    own = permissions.is_talent_self(viewer, talent)
    registrations = Registration.objects.filter(talent=talent)
    if not own:
        registrations = registrations.filter(event__in=selectors.managed_events(viewer))
    # a registration has at most one check-in: the join keeps one row a registration
    columns = ["pk", "created_at", "status", "event_id", "event__title", "event__ends_at"]
    columns.append("check_in__scanned_at")
    if own:  # the picks one made: only on their own timeline
        registrations = registrations.annotate(picks_made=Count("picks"))
        columns.append("picks_made")
    link_to = record_link("events:detail")
    status = choice_label(Registration, "status")
    result = []
    for r in registrations.order_by().values(*columns):
        link = link_to(r["event_id"])
        result.append(
            Entry(
                when=r["created_at"],
                kind="events",
                title=_("Registered for %(event)s") % {"event": r["event__title"]},
                detail=status(r["status"]),
                link=link,
                order=(0, r["pk"], 0),
            )
        )
        if r["check_in__scanned_at"] is not None:
            result.append(
                Entry(
                    when=r["check_in__scanned_at"],
                    kind="events",
                    title=_("Checked in at %(event)s") % {"event": r["event__title"]},
                    link=link,
                    order=(0, r["pk"], 1),
                )
            )
        if own and r["picks_made"]:
            result.append(
                Entry(
                    when=r["event__ends_at"],
                    kind="events",
                    title=_("You picked %(n)s people at %(event)s")
                    % {"n": r["picks_made"], "event": r["event__title"]},
                    link=reverse("events:picks", args=[r["event_id"]]),
                    order=(0, r["pk"], 2),
                )
            )
    if own:
        matches = Match.objects.filter(Q(first__talent=talent) | Q(second__talent=talent))
        for match in matches.order_by().values(
            "pk",
            "created_at",
            "event_id",
            "event__title",
            "first__talent_id",
            "first__talent__name",
            "second__talent__name",
        ):
            first_is_talent = match["first__talent_id"] == talent.pk
            other = match["second__talent__name" if first_is_talent else "first__talent__name"]
            result.append(
                Entry(
                    when=match["created_at"],
                    kind="events",
                    title=_("A match at %(event)s: %(name)s")
                    % {"event": match["event__title"], "name": other},
                    link=reverse("events:matches", args=[match["event_id"]]),
                    order=(1, match["pk"]),
                )
            )
    return result


def register() -> None:
    # a match is between two registrations: the talent's registrations are the records
    register_timeline(
        "events.registrations",
        entries,
        kinds=KINDS,
        order=60,
        records=[("events.Registration", "talent")],
    )
