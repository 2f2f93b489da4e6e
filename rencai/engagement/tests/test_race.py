"""Races on PostgreSQL: the same five-ones item ticked by many clicks at once is ticked once;
many feedbacks on one answer at once are recorded once (the row lock, then the state table);
one pairing per leader, talent and year. SQLite serialises writers, so these run on
PostgreSQL only."""

from functools import partial

import pytest
from django.db import connection

from rencai.core import clock
from rencai.core.errors import Conflict
from rencai.core.tests import concurrency

from .. import services
from ..models import ContactPairing, FiveOnesTick, RequestEvent, TalentRequest
from .factories import (
    at,
    make_high_level,
    make_items,
    make_leader,
    make_pairing,
    make_request,
    work_through,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
]
THREADS = 6


all_at_once = partial(concurrency.all_at_once, threads=THREADS)


def test_one_item_ticked_by_many_clicks_at_once_is_ticked_once():
    (item, *_rest) = make_items(2022)
    pairing = make_pairing(year=2022)

    def tick(i):
        with clock.at(at(2022, 9, 8)):
            return services.tick_five_ones(pairing, item, actor=None)

    results = all_at_once(tick)

    assert sum(isinstance(r, FiveOnesTick) for r in results) == 1, results
    assert sum(isinstance(r, Conflict) for r in results) == THREADS - 1
    assert FiveOnesTick.objects.filter(pairing=pairing, item=item).count() == 1


def test_many_pairings_of_one_leader_and_talent_at_once_make_one():
    leader, talent = make_leader(), make_high_level()

    results = all_at_once(lambda i: services.pair_leader(leader, talent, actor=None, year=2022))

    assert sum(isinstance(r, ContactPairing) for r in results) == 1, results
    assert ContactPairing.objects.filter(leader=leader, talent=talent).count() == 1


def test_many_feedbacks_on_one_answer_at_once_are_recorded_once():
    request = make_request(when=at(2022, 9, 5))
    request = work_through(request, responded=at(2022, 9, 6), answered=at(2022, 9, 7))

    def feedback(i):
        with clock.at(at(2022, 9, 8)):
            return services.give_feedback(
                request, actor=None, satisfaction="not_satisfied", resolved=False, comment="未解决"
            )

    results = all_at_once(feedback)

    assert sum(isinstance(r, TalentRequest) for r in results) == 1, results
    request.refresh_from_db()
    assert request.reopen_count == 1
    assert RequestEvent.objects.filter(request=request, to_state="reopened").count() == 1
