"""The registry's figures, each against a count written here over factory-made records."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from rencai.core import figures
from rencai.core.choices import Role
from rencai.core.figures import Period
from rencai.core.tests.factories import make_card, make_county, make_talent, make_tier, make_user
from rencai.talents.models import Talent

pytestmark = [pytest.mark.portable, pytest.mark.django_db]

TODAY = timezone.localdate()
PERIOD = Period(TODAY - timedelta(days=10), TODAY)


def _count(query: str, *params) -> int:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchone()[0]


@pytest.fixture
def registry():
    tuanfeng, wuxue = make_county("421121", "团风县"), make_county("421182", "武穴市")
    tier = make_tier("A")
    for county in (tuanfeng, tuanfeng, wuxue):
        make_card(make_talent(county=county, tier=tier))
    old = make_talent(county=wuxue)
    Talent.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=400))
    return tuanfeng, wuxue


def test_talents_registered_in_the_period_by_county(registry):
    tuanfeng, wuxue = registry
    expected = _count(
        "SELECT COUNT(*) FROM talents_talent WHERE county_id = %s AND created_at >= %s",
        wuxue.pk,
        timezone.now() - timedelta(days=11),
    )

    result = figures.compute(
        "talents.registered", make_user(role=Role.TASK_FORCE), period=PERIOD, breakdown="county"
    )

    by_county = {row.key: row.value.value for row in result.rows}
    assert by_county[wuxue.pk] == expected == 1
    assert by_county[tuanfeng.pk] == 2
    assert result.total.value == 3


def test_talents_in_the_registry_on_a_past_day(registry):
    expected = _count("SELECT COUNT(*) FROM talents_talent")
    a_year_ago = TODAY - timedelta(days=365)

    now = figures.compute("talents.in_registry", make_user(role=Role.TASK_FORCE), as_of=TODAY)
    then = figures.compute("talents.in_registry", make_user(role=Role.TASK_FORCE), as_of=a_year_ago)

    assert now.total.value == expected == 4
    assert then.total.value == 1


def test_talents_in_the_registry_leave_it_on_the_day_they_leave_the_city(registry):
    tuanfeng, _ = registry
    leaver = make_talent(county=tuanfeng)
    Talent.objects.filter(pk=leaver.pk).update(
        created_at=timezone.now() - timedelta(days=400), departed_on=TODAY - timedelta(days=10)
    )
    expected_now = _count("SELECT COUNT(*) FROM talents_talent WHERE departed_on IS NULL")
    task_force = make_user(role=Role.TASK_FORCE)

    now = figures.compute("talents.in_registry", task_force, as_of=TODAY)
    before = figures.compute("talents.in_registry", task_force, as_of=TODAY - timedelta(days=11))

    assert now.total.value == expected_now == 4
    assert before.total.value == 2


def test_cards_issued_by_kind(registry):
    expected = _count("SELECT COUNT(*) FROM talents_talentcard WHERE kind = 'green_card'")

    result = figures.compute(
        "talents.cards_issued", make_user(role=Role.TASK_FORCE), period=PERIOD, breakdown="kind"
    )

    assert {row.key: row.value.value for row in result.rows} == {"green_card": expected}


def test_a_county_officer_counts_only_their_county(registry):
    _, wuxue = registry

    total = figures.compute(
        "talents.in_registry",
        make_user(role=Role.COUNTY_OFFICER, division=wuxue),
        as_of=date.today(),  # noqa: DTZ011 (a calendar day)
    ).total

    assert total.value == 2
