"""Races on PostgreSQL: talents registered at once in the same group (county, day, tier, tag)
are each counted — the stock table is appended to, never updated in place, so concurrent
writers neither wait on one counter row nor overwrite each other's count."""

from datetime import date, datetime, time
from functools import partial

import pytest
from django.db import connection, transaction

from rencai.core import clock
from rencai.core.tests import concurrency
from rencai.core.tests.factories import make_county
from rencai.talents import stocks
from rencai.talents.choices import StockDimension
from rencai.talents.models import Tag
from rencai.talents.tests.factories import make_talent, make_tier
from rencai.talents.tests.stock_checks import LOCAL, assert_table_is_live

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
]
THREADS = 8
EACH = 5

all_at_once = partial(concurrency.all_at_once, threads=THREADS)


def test_talents_registered_at_once_in_one_group_are_all_counted():
    county, tier = make_county("421121", "团风县"), make_tier("A")
    youth = Tag.objects.create(code="youth", name="青年人才")
    day = date(2022, 9, 6)

    def register(i):
        for _ in range(EACH):
            with transaction.atomic(), clock.at(datetime.combine(day, time(10), tzinfo=LOCAL)):
                make_talent(county, tier=tier, tags=[youth])
        return i

    results = all_at_once(register)

    assert results == list(range(THREADS)), results
    people = THREADS * EACH
    assert stocks.standing(StockDimension.TOTAL, day) == {None: people}
    assert stocks.standing(StockDimension.TIER, day, [county.pk]) == {tier.pk: people}
    assert stocks.standing(StockDimension.TAG, day) == {youth.pk: people}
    assert_table_is_live([[county.pk]], days=[day])
