"""Events as an outreach subject (docs/decisions/0007): when an event is published, the talents
its audience admits are told once (an in-app notification, SMS where configured). Registered
in `EventsConfig.ready()`; `publish_event` queues the run.

The version is 1 for every event: a talent is told about an event once. (A change of time or
place worth telling again would add a revision counter to `Event` and return it here.)
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rencai.core.text import format_datetime
from rencai.policies.subjects import register_outreach_subject

from .audience import event_audience_q
from .models import Event

KIND = "events.event"


def message(event: Event) -> tuple[str, str]:
    when = timezone.localtime(event.starts_at)
    return (
        _("New event: %(title)s") % {"title": event.title},
        _("%(date)s at %(place)s. Register on Rencai.")
        % {"date": format_datetime(when), "place": event.place},
    )


def register() -> None:
    register_outreach_subject(
        KIND,
        model=Event,
        label=gettext_lazy("Event"),
        audience=lambda event: event_audience_q(event),
        version=lambda event: 1,
        message=message,
        url=lambda event: reverse("events:detail", args=[event.pk]),
        department=lambda event: event.organiser_id,  # none when the county office runs it
    )
