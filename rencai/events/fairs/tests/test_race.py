"""Races on PostgreSQL: the same intent proposed or confirmed many times at once is one intent,
confirmed once. SQLite serialises writers, so this runs on PostgreSQL only."""

import pytest
from django.db import connection

from rencai.core.models import AuditEvent
from rencai.core.tests.concurrency import all_at_once
from rencai.events.fairs import services
from rencai.events.fairs.choices import IntentStatus, Side
from rencai.events.fairs.errors import IllegalTransition, IntentExists
from rencai.events.fairs.models import EmploymentIntent

from .factories import make_fair, make_participant, make_position, make_seeker

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
]
THREADS = 12


def test_the_same_intent_proposed_many_times_at_once_is_one_intent():
    fair = make_fair()
    position = make_position(make_participant(fair))
    seeker = make_seeker(fair)

    results = all_at_once(
        lambda i: services.propose_intent(
            position, talent=seeker, side=Side.SEEKER, actor=seeker.user
        ),
        THREADS,
    )

    made = [r for r in results if isinstance(r, EmploymentIntent)]
    refused = [r for r in results if isinstance(r, IntentExists)]
    assert len(made) == 1, results
    assert len(refused) == THREADS - 1
    assert EmploymentIntent.objects.count() == 1


def test_an_intent_confirmed_many_times_at_once_is_confirmed_once():
    fair = make_fair()
    participant = make_participant(fair)
    position = make_position(participant)
    seeker = make_seeker(fair)
    intent = services.propose_intent(position, talent=seeker, side=Side.SEEKER, actor=seeker.user)

    results = all_at_once(
        lambda i: services.confirm_intent(intent, side=Side.ENTERPRISE, actor=participant.contact),
        THREADS,
    )

    confirmed = [r for r in results if isinstance(r, EmploymentIntent)]
    refused = [r for r in results if isinstance(r, IllegalTransition)]
    assert len(confirmed) == 1, results
    assert len(refused) == THREADS - 1
    intent.refresh_from_db()
    assert intent.status == IntentStatus.CONFIRMED
    assert AuditEvent.objects.filter(action="employment_intent.confirm").count() == 1
