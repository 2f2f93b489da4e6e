"""Races on PostgreSQL: 50 threads (each its own connection) allocating the same unit and
accepting at once make one tenancy. SQLite serialises writers, so this runs on PostgreSQL
only."""

from functools import partial

import pytest
from django.db import connection

from rencai.core.errors import Conflict
from rencai.core.tests import concurrency
from rencai.housing import services
from rencai.housing.choices import OfferState, TenancyState
from rencai.housing.models import Offer, Tenancy

from .factories import Housing

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
]
THREADS = 50


all_at_once = partial(concurrency.all_at_once, threads=THREADS)


def test_fifty_concurrent_allocations_of_one_unit_give_one_tenancy():
    h = Housing()
    for _ in range(THREADS):
        h.applicant()
    round_ = h.closed_round()
    unit = h.unit()

    def allocate_and_accept(i):
        offer = services.allocate_unit(unit, round_=round_, actor=h.officer)
        return services.accept_offer(offer, actor=h.officer)

    results = all_at_once(allocate_and_accept)

    tenancies = [r for r in results if isinstance(r, Tenancy)]
    refused = [r for r in results if isinstance(r, Conflict)]
    assert len(tenancies) == 1, results
    assert len(refused) == THREADS - 1, [r for r in results if not isinstance(r, Conflict)]
    assert Tenancy.objects.filter(unit=unit, state=TenancyState.ACTIVE).count() == 1
    assert Offer.objects.filter(unit=unit).count() == 1
    assert Offer.objects.get(unit=unit).state == OfferState.ACCEPTED


def test_one_offer_accepted_by_many_hands_at_once_gives_one_tenancy():
    h = Housing()
    application = h.applicant()
    round_ = h.closed_round()
    offer = services.allocate_unit(h.unit(), round_=round_, actor=h.officer)

    results = all_at_once(lambda i: services.accept_offer(offer, actor=application.talent.user))

    assert len([r for r in results if isinstance(r, Tenancy)]) == 1, results
    assert Tenancy.objects.filter(talent=application.talent).count() == 1
