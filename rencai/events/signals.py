"""The hook called when an event is published (after commit), for outreach: "the talents its
audience admits are told once". Receivers connect to `published`; `audience.event_audience_q`
gives the audience as a Q over Talent.
"""

from __future__ import annotations

from django.dispatch import Signal

from .models import Event

published = Signal()  # sender: Event class; kwargs: event


def event_published(event) -> None:
    published.send(sender=Event, event=event)
