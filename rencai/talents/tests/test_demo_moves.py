"""The demo's moves (示例): leavers, returners and transfers, so every retention cohort of
1, 3 and 5 years has people in it on the demo's day."""

from datetime import date

import pytest
from django.db import connection

from rencai.core import clock
from rencai.core.choices import Role
from rencai.core.tests.demo import demo_fixture, load_demo
from rencai.core.tests.factories import make_user
from rencai.dashboard.retention import cohorts
from rencai.talents.choices import MoveKind
from rencai.talents.models import Talent, TalentMove
from rencai.talents.tests.stock_checks import assert_table_is_live

pytestmark = [pytest.mark.portable, pytest.mark.django_db]

DEMO_DAY = date(2022, 9, 6)  # the demo's campaign month


demo = demo_fixture(talents=600, batch_size=600, as_of=DEMO_DAY)


def test_the_demo_records_departures_returns_and_transfers_through_the_services(demo):
    kinds = set(TalentMove.objects.values_list("kind", flat=True))
    departed = Talent.objects.filter(departed_on__isnull=False).count()
    open_departures = TalentMove.objects.filter(
        kind=MoveKind.DEPARTURE, returned_on__isnull=True
    ).count()

    assert kinds == {MoveKind.DEPARTURE, MoveKind.RETURN, MoveKind.TRANSFER}
    assert departed == open_departures > 0
    assert not TalentMove.objects.exclude(note="示例").exists()


def test_the_demo_fills_the_1_3_and_5_year_cohorts(demo):
    with clock.at(DEMO_DAY):
        rows = cohorts(make_user(role=Role.TASK_FORCE))

    for n in (1, 3, 5):
        filled = [r.cells[n] for r in rows if r.cells[n] is not None]
        assert sum(c.arrived for c in filled) > 0
        assert any(c.stayed < c.arrived for c in filled), n


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's triggers")
def test_the_registry_stocks_are_the_live_count_after_the_demo_and_its_snapshot(demo):
    """Every loader's writes (the COPY of talents, the moves) kept the stocks; a load copied
    back from the test snapshot fills them again from the talents, not twice."""
    counties = sorted(set(Talent.objects.values_list("county_id", flat=True)))[:3]
    days = [date(2020, 12, 31), DEMO_DAY, date(2022, 12, 31)]
    assert_table_is_live([counties], days=days)

    load_demo(talents=600, batch_size=600, as_of=DEMO_DAY)  # the snapshot, copied back

    assert_table_is_live([counties], days=days)
