"""Factories of events, registrations and check-ins (real rows, made through the services
where the test is about something else)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from rencai.core import clock
from rencai.core.choices import Role
from rencai.core.tests.factories import make_city, make_user
from rencai.policies.tests.factories import make_department
from rencai.talents.tests.factories import make_talent

from .. import services
from ..choices import EventKind, EventStatus
from ..models import Event, Registration


def make_youth_league():
    return make_department("youth_league")


def make_organiser(department=None):
    """A department officer of the youth league (or of `department`)."""
    return make_user(role=Role.DEPARTMENT_OFFICER, organisation=department or make_youth_league())


def make_event(
    *,
    kind: str = EventKind.MIXER,
    organiser=None,
    division=None,
    capacity: int = 100,
    starts_at: datetime | None = None,
    status: str = EventStatus.PUBLISHED,
    **fields: Any,
) -> Event:
    """An event (published by default), starting in a day and lasting three hours."""
    organiser = organiser if organiser is not None else make_youth_league()
    starts_at = starts_at or clock.now() + timedelta(days=1)
    fields.setdefault("title", f"青年有约·爱在黄冈 {uuid.uuid4().hex[:4]}")
    fields.setdefault("place", "黄冈市青少年宫")
    event = Event.objects.create(
        kind=kind,
        organiser=organiser,
        division=division or (organiser.division if organiser else make_city()),
        capacity=capacity,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=3),
        status=status,
        **fields,
    )
    return event


def make_talent_user(talent=None, **talent_fields):
    """A talent with a signed-in account of the talent role."""
    talent = talent or make_talent(**talent_fields)
    user = make_user(role=Role.TALENT)
    talent.user = user
    talent.save(update_fields=["user"])
    return talent


def make_registration(event: Event, talent=None, **kw) -> Registration:
    talent = talent or make_talent()
    return services.register(event, actor=None, talent=talent, check_audience=False, **kw)


def make_participant(event: Event, talent=None) -> Registration:
    """A registration checked in (the door already happened)."""
    registration = make_registration(event, talent or make_talent_user())
    services.check_in(event, actor=None, code=registration.code, scan_id=uuid.uuid4().hex)
    registration.refresh_from_db()
    return registration
