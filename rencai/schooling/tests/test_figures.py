"""Schooling's figures, each against a query written here over cases the services made —
never calling one figure to check another."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from rencai.core import figures
from rencai.core.choices import Role
from rencai.core.figures import Period
from rencai.core.tests.factories import make_user
from rencai.schooling.models import EnrolmentCase

from .factories import Schooling

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PERIOD = Period(TODAY - timedelta(days=31), TODAY)


def _rows(query: str, *params) -> list:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


@pytest.fixture
def world():
    world = Schooling()
    world.case_in("requested")
    world.case_in("enrolled")
    world.case_in("not_placed")
    wuxue_talent, _kids = world.parent(county=world.wuxue)
    world.case_in("enrolled", talent=wuxue_talent)
    late = world.case_in("enrolled")
    EnrolmentCase.objects.filter(pk=late.pk).update(placement_due_on=date(2020, 1, 1))
    world.late = late
    return world


def test_cases_requested_by_stage(world):
    expected = dict(_rows("SELECT stage, COUNT(*) FROM schooling_enrolmentcase GROUP BY stage"))

    result = figures.compute(
        "schooling.cases_requested",
        make_user(role=Role.TASK_FORCE),
        period=PERIOD,
        breakdown="stage",
    )

    assert {row.key: row.value.value for row in result.rows} == expected == {"primary": 5}
    assert result.total.value == 5


def test_cases_requested_by_county(world):
    expected = dict(
        _rows("SELECT county_id, COUNT(*) FROM schooling_enrolmentcase GROUP BY county_id")
    )

    result = figures.compute(
        "schooling.cases_requested",
        make_user(role=Role.TASK_FORCE),
        period=PERIOD,
        breakdown="county",
    )

    assert {row.key: row.value.value for row in result.rows} == expected
    assert expected == {world.tuanfeng.pk: 4, world.wuxue.pk: 1}


def test_placed_within_target_is_enrolled_by_the_deadline_over_closed(world):
    ((numerator, denominator),) = _rows(
        "SELECT SUM(CASE WHEN state = 'enrolled' AND enrolled_on <= placement_due_on "
        "THEN 1 ELSE 0 END), COUNT(*) FROM schooling_enrolmentcase "
        "WHERE state IN ('enrolled', 'not_placed')"
    )

    total = figures.compute(
        "schooling.placed_within_target", make_user(role=Role.TASK_FORCE), period=PERIOD
    ).total

    assert (total.numerator, total.denominator) == (numerator, denominator) == (2, 4)


def test_placed_within_target_by_county(world):
    expected = {
        county: (int(n), d)
        for county, n, d in _rows(
            "SELECT county_id, SUM(CASE WHEN state = 'enrolled' AND enrolled_on <= "
            "placement_due_on THEN 1 ELSE 0 END), COUNT(*) FROM schooling_enrolmentcase "
            "WHERE state IN ('enrolled', 'not_placed') GROUP BY county_id"
        )
    }

    result = figures.compute(
        "schooling.placed_within_target",
        make_user(role=Role.TASK_FORCE),
        period=PERIOD,
        breakdown="county",
    )

    got = {row.key: (row.value.numerator, row.value.denominator) for row in result.rows}
    assert got == expected == {world.tuanfeng.pk: (1, 3), world.wuxue.pk: (1, 1)}


def test_figures_count_only_what_the_reader_sees(world):
    result = figures.compute("schooling.cases_requested", world.wuxue_officer, period=PERIOD)

    assert result.total.value == 1
