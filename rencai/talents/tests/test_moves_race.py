"""Races on PostgreSQL: officers recording the same talent's departure at once record one."""

from datetime import date
from functools import partial

import pytest
from django.db import connection

from rencai.core import clock
from rencai.core.choices import Role
from rencai.core.errors import Conflict
from rencai.core.tests import concurrency
from rencai.core.tests.factories import make_county, make_user
from rencai.talents.models import DepartureReason, TalentMove
from rencai.talents.services import moves
from rencai.talents.tests.factories import make_talent

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
]
THREADS = 6

all_at_once = partial(concurrency.all_at_once, threads=THREADS)


def test_officers_departing_the_same_talent_at_once_record_one_departure():
    county = make_county()
    officers = [make_user(role=Role.COUNTY_OFFICER, division=county) for _ in range(THREADS)]
    talent = make_talent(county)
    reason, _ = DepartureReason.objects.get_or_create(code="family", defaults={"name": "家庭原因"})

    def depart(i):
        with clock.at(date(2022, 9, 6)):
            return moves.record_departure(
                talent, actor=officers[i], moved_on=date(2022, 9, i + 1), reason=reason
            )

    results = all_at_once(depart)

    assert sum(isinstance(r, TalentMove) for r in results) == 1
    assert all(isinstance(r, (TalentMove, Conflict)) for r in results), results
    assert TalentMove.objects.filter(talent=talent).count() == 1
