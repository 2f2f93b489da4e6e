"""The three rates against a hand-computed example, with and without an exclusion.

Six requests of the housing bureau, each with its latest feedback in September 2022:

    #  responded in time  resolved  feedback             excluded
    1  yes                yes       satisfied
    2  yes                yes       basically satisfied
    3  no (late)          yes       satisfied
    4  yes                no        not satisfied (reopened)
    5  yes                yes       basically satisfied  yes
    6  no (late)          no        not satisfied

Weights (the stored definitions): "basically satisfied" counts 1 for the response and
resolution rates and 0.8 for the satisfaction rate.

Full (6 requests):
    response     = 1 + 1 + 0 + 1 + 1 + 0           = 4     → 4/6    = 0.6667
    resolution   = 1 + 1 + 1 + 0 + 1 + 0           = 4     → 4/6    = 0.6667
    satisfaction = 1 + 0.8 + 1 + 0 + 0.8 + 0       = 3.6   → 3.6/6  = 0.6000
Assessed (without #5, 5 requests):
    response     = 3 → 3/5 = 0.6000
    resolution   = 3 → 3/5 = 0.6000
    satisfaction = 2.8 → 2.8/5 = 0.5600

A request of another department and one with its feedback in October stay out.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from rencai.core.choices import Role
from rencai.core.tests.factories import make_user
from rencai.policies.tests.factories import make_department

from .. import rates, services
from .factories import at, feedback, make_request, work_through

pytestmark = [pytest.mark.django_db, pytest.mark.portable]

SEPTEMBER = (date(2022, 9, 1), date(2022, 9, 30))


def _one(department, *, late: bool, resolved: bool, satisfaction: str, day: int = 20):
    request = make_request(department=department, when=at(2022, 9, 5))  # response due 7 Sep
    responded = at(2022, 9, 9) if late else at(2022, 9, 6)
    request = work_through(request, responded=responded, answered=at(2022, 9, 14))
    month = 9 if day <= 30 else 10
    return feedback(request, at(2022, month, day if day <= 30 else 8), satisfaction, resolved)


@pytest.fixture
def example():
    housing = make_department("housing")
    made = [
        _one(housing, late=False, resolved=True, satisfaction="satisfied"),
        _one(housing, late=False, resolved=True, satisfaction="basically_satisfied"),
        _one(housing, late=True, resolved=True, satisfaction="satisfied"),
        _one(housing, late=False, resolved=False, satisfaction="not_satisfied"),
        _one(housing, late=False, resolved=True, satisfaction="basically_satisfied"),
        _one(housing, late=True, resolved=False, satisfaction="not_satisfied"),
    ]
    _one(make_department("finance"), late=False, resolved=True, satisfaction="satisfied")
    _one(housing, late=False, resolved=True, satisfaction="satisfied", day=99)  # October
    return housing, made


def _ratios(report, which: str) -> dict[str, Decimal | None]:
    return {r.definition.code: getattr(r, which).ratio for r in report.rates}


def test_the_three_rates_match_the_hand_computed_example(example):
    housing, made = example
    report = rates.rate_report(city_wide(), *SEPTEMBER, department_id=housing.pk)
    assert [row.request.pk for row in report.rows] == [r.pk for r in made]
    assert _ratios(report, "full") == {
        "response_rate": Decimal("0.6667"),
        "resolution_rate": Decimal("0.6667"),
        "satisfaction_rate": Decimal("0.6000"),
    }
    satisfaction = report.rate("satisfaction_rate")
    assert satisfaction.full.numerator == Decimal("3.6")
    assert satisfaction.full.denominator == 6


def test_an_exclusion_changes_the_assessed_rates_and_not_the_full_ones(example):
    housing, made = example
    services.exclude_from_rates(made[4], actor=None, reason="诉求超出部门职责")
    report = rates.rate_report(city_wide(), *SEPTEMBER, department_id=housing.pk)
    assert _ratios(report, "full") == {
        "response_rate": Decimal("0.6667"),
        "resolution_rate": Decimal("0.6667"),
        "satisfaction_rate": Decimal("0.6000"),
    }
    assert _ratios(report, "assessed") == {
        "response_rate": Decimal("0.6000"),
        "resolution_rate": Decimal("0.6000"),
        "satisfaction_rate": Decimal("0.5600"),
    }
    assert report.rate("satisfaction_rate").assessed.numerator == Decimal("2.8")


def test_the_weight_of_basically_satisfied_is_data(example):
    from ..models import RateDefinition

    housing, _made = example
    # The row the data migration seeds (made again here: a transactional test may have
    # flushed it), with the weight changed.
    RateDefinition.objects.update_or_create(
        code="satisfaction_rate",
        defaults={
            **rates.DEFAULTS["satisfaction_rate"],
            "basically_satisfied_weight": Decimal("0.5"),
        },
    )
    report = rates.rate_report(city_wide(), *SEPTEMBER, department_id=housing.pk)
    # 1 + 0.5 + 1 + 0 + 0.5 + 0 = 3 → 3/6
    assert report.rate("satisfaction_rate").full.ratio == Decimal("0.5000")


def test_a_department_officer_gets_the_rates_of_their_own_requests_only(example):
    housing, _made = example
    officer = make_user(role=Role.DEPARTMENT_OFFICER, organisation=make_department("finance"))
    report = rates.rate_report(officer, *SEPTEMBER)
    assert len(report.rows) == 1
    assert report.rows[0].request.department.code == "finance"


def city_wide():
    """The task force: every department's requests."""
    return make_user(role=Role.TASK_FORCE)
