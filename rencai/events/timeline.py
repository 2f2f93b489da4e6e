"""Registrations and check-ins in the one-person file, for the viewers who organise the event
(and the talent themself). A mixer's picks and matches appear only on the talent's own
timeline: no other viewer is ever shown whom someone picked. Registered in
`EventsConfig.ready()`."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rencai.core.timeline import Entry, register_timeline

from . import permissions, selectors
from .models import Match, Registration

KINDS = {"events": gettext_lazy("Events")}


def entries(viewer, talent) -> list[Entry]:
    own = permissions.is_talent_self(viewer, talent)
    registrations = Registration.objects.filter(talent=talent).select_related("event", "check_in")
    if not own:
        registrations = registrations.filter(event__in=selectors.managed_events(viewer))
    registrations = registrations.annotate(picks_made=Count("picks"))
    result = []
    for r in registrations:
        link = reverse("events:detail", args=[r.event_id])
        result.append(
            Entry(
                when=r.created_at,
                kind="events",
                title=_("Registered for %(event)s") % {"event": r.event.title},
                detail=r.get_status_display(),
                link=link,
                order=(0, r.pk, 0),
            )
        )
        check_in = getattr(r, "check_in", None)
        if check_in is not None:
            result.append(
                Entry(
                    when=check_in.scanned_at,
                    kind="events",
                    title=_("Checked in at %(event)s") % {"event": r.event.title},
                    link=link,
                    order=(0, r.pk, 1),
                )
            )
        if own and r.picks_made:
            result.append(
                Entry(
                    when=r.event.ends_at,
                    kind="events",
                    title=_("You picked %(n)s people at %(event)s")
                    % {"n": r.picks_made, "event": r.event.title},
                    link=reverse("events:picks", args=[r.event_id]),
                    order=(0, r.pk, 2),
                )
            )
    if own:
        for match in Match.objects.filter(
            Q(first__talent=talent) | Q(second__talent=talent)
        ).select_related("event", "first__talent", "second__talent"):
            other = match.second if match.first.talent_id == talent.pk else match.first
            result.append(
                Entry(
                    when=match.created_at,
                    kind="events",
                    title=_("A match at %(event)s: %(name)s")
                    % {"event": match.event.title, "name": other.talent.name},
                    link=reverse("events:matches", args=[match.event_id]),
                    order=(1, match.pk),
                )
            )
    return result


def register() -> None:
    register_timeline("events.registrations", entries, kinds=KINDS, order=60)
