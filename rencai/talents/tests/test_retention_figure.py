"""The departures figure (talents.retention_departures), against a count written here over
departures the services recorded, and its drill-down list: the moves list filtered to the
departures of the county and the period."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from rencai.core import clock, figures
from rencai.core.choices import Role
from rencai.core.figures import Period
from rencai.core.tests.clients import page_client
from rencai.core.tests.factories import make_county, make_user
from rencai.talents.models import DepartureReason
from rencai.talents.services import moves
from rencai.talents.tests.factories import make_talent

pytestmark = [pytest.mark.portable, pytest.mark.django_db]

SEPTEMBER = Period(date(2022, 9, 1), date(2022, 9, 30))


def _count(query: str, *params) -> int:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchone()[0]


@pytest.fixture
def departures():
    """In 团风: one left on 1 Sep, came back on 10 Sep and left again on 20 Sep; one left in
    August; in 武穴 one left on 5 Sep."""
    tuanfeng, wuxue = make_county("421121", "团风县"), make_county("421182", "武穴市")
    officers = {c.pk: make_user(role=Role.COUNTY_OFFICER, division=c) for c in (tuanfeng, wuxue)}
    reason = DepartureReason.objects.get(code="job_transfer")

    def leave(talent, day: date):
        with clock.at(date(2022, 10, 1)):
            moves.record_departure(
                talent, actor=officers[talent.county_id], moved_on=day, reason=reason
            )

    twice = make_talent(tuanfeng, arrival_date=date(2020, 1, 1))
    leave(twice, date(2022, 9, 1))
    with clock.at(date(2022, 10, 1)):
        moves.record_return(twice, actor=officers[tuanfeng.pk], moved_on=date(2022, 9, 10))
    twice.refresh_from_db()
    leave(twice, date(2022, 9, 20))
    leave(make_talent(tuanfeng, arrival_date=date(2020, 1, 1)), date(2022, 8, 31))
    leave(make_talent(wuxue, arrival_date=date(2020, 1, 1)), date(2022, 9, 5))
    return tuanfeng, wuxue


def test_departures_are_counted_in_the_period_by_the_county_left(departures):
    tuanfeng, wuxue = departures
    query = (
        "SELECT COUNT(*) FROM talents_talentmove WHERE kind = 'departure' "
        "AND from_county_id = %s AND moved_on BETWEEN %s AND %s"
    )
    expected = {
        c.pk: _count(query, c.pk, SEPTEMBER.start, SEPTEMBER.end) for c in (tuanfeng, wuxue)
    }

    result = figures.compute(
        "talents.retention_departures",
        make_user(role=Role.TASK_FORCE),
        period=SEPTEMBER,
        breakdown="county",
    )

    assert (
        {row.key: row.value.value for row in result.rows}
        == expected
        == {
            tuanfeng.pk: 2,
            wuxue.pk: 1,
        }
    )


def test_the_departures_list_shows_the_countys_departures_of_the_period(departures):
    tuanfeng, _ = departures
    url = figures.drilldown_url(
        figures.registry.get("talents.retention_departures"), county=tuanfeng.pk, period=SEPTEMBER
    )

    response = page_client(make_user(role=Role.TASK_FORCE)).get(url)

    assert response.status_code == 200
    listed = response.context["page"].object_list
    assert [(m.kind, m.moved_on) for m in listed] == [
        ("departure", date(2022, 9, 20)),
        ("departure", date(2022, 9, 1)),
    ]
    assert "2022年9月 · 团风县 · 离开本市" in response.content.decode()


def test_a_county_officer_counts_only_their_countys_departures(departures):
    tuanfeng, wuxue = departures
    officer = make_user(role=Role.COUNTY_OFFICER, division=wuxue)

    result = figures.compute("talents.retention_departures", officer, period=SEPTEMBER)

    assert result.total.value == 1
