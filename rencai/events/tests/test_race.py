"""Races on PostgreSQL: fifty talents registering for the last place at once get one place and
waiting-list positions 1…49, without gap or duplicate. SQLite serialises writers, so this runs
on PostgreSQL only."""

import pytest
from django.db import connection

from rencai.core.tests.concurrency import all_at_once
from rencai.events import services
from rencai.events.choices import RegistrationStatus
from rencai.events.models import CheckIn, Event, Registration
from rencai.talents.tests.factories import make_talent

from .factories import make_event, make_registration

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
]
THREADS = 50


def test_fifty_registrations_for_the_last_place_give_one_place_and_positions_1_to_49():
    # Given an event of three places, two taken
    event = make_event(capacity=3)
    make_registration(event)
    make_registration(event)
    talents = [make_talent() for _ in range(THREADS)]

    # When fifty register at once
    results = all_at_once(
        lambda i: services.register(event, actor=None, talent=talents[i], check_audience=False),
        THREADS,
    )

    # Then one gets the place and the others queue 1…49
    assert all(isinstance(r, Registration) for r in results), results
    placed = [r for r in results if r.status == RegistrationStatus.REGISTERED]
    waiting = sorted(
        r.waitlist_position for r in results if r.status == RegistrationStatus.WAITLISTED
    )
    assert len(placed) == 1
    assert waiting == list(range(1, THREADS))
    event.refresh_from_db()
    assert event.places_taken == 3
    assert event.waitlist_issued == THREADS - 1


def test_the_same_scan_sent_at_once_from_many_retries_counts_once():
    event = make_event()
    registration = make_registration(event)

    results = all_at_once(
        lambda i: services.check_in(event, actor=None, code=registration.code, scan_id="same"),
        8,
    )

    assert all(r.ok for r in results), results
    assert CheckIn.objects.filter(event=event).count() == 1
    assert Event.objects.get(pk=event.pk).check_ins.count() == 1
