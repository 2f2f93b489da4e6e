"""The desk's figures, each against a count written here over records the services made."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from rencai.core import figures
from rencai.core.choices import Role
from rencai.core.figures import Period
from rencai.core.tests.factories import make_user
from rencai.desk import services
from rencai.desk.models import Application

from .factories import Desk, make_department, make_master

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
THIS_MONTH = Period(TODAY - timedelta(days=31), TODAY)


def _sql(query: str, *params) -> list:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchone()


@pytest.fixture
def desk_with_cases():
    desk = Desk()
    desk.case_in("disbursed")
    desk.case_in("rejected", talent=make_master())
    desk.case_in("submitted", talent=make_master())
    return desk


def test_cases_opened_counts_every_case_of_the_period(desk_with_cases):
    (expected,) = _sql("SELECT COUNT(*) FROM desk_application")

    result = figures.compute(
        "desk.cases_opened", make_user(role=Role.TASK_FORCE), period=THIS_MONTH
    )

    assert result.total.value == expected == 3


def test_settled_within_target_is_decided_by_the_deadline_over_decided(desk_with_cases):
    late = Application.objects.get(state="rejected")
    in_time = Application.objects.get(state="disbursed")
    Application.objects.filter(pk=late.pk).update(due_at=late.decided_at - timedelta(hours=1))
    Application.objects.filter(pk=in_time.pk).update(due_at=in_time.decided_at + timedelta(days=1))
    (numerator, denominator) = _sql(
        "SELECT SUM(CASE WHEN decided_at <= due_at THEN 1 ELSE 0 END), COUNT(*) "
        "FROM desk_application WHERE decided_at IS NOT NULL AND due_at IS NOT NULL "
        "AND state IN ('approved', 'rejected', 'disbursed', 'closed')"
    )

    total = figures.compute(
        "desk.settled_within_target", make_user(role=Role.TASK_FORCE), period=THIS_MONTH
    ).total

    assert (total.numerator, total.denominator) == (numerator, denominator) == (1, 2)


def test_money_paid_sums_the_payments_in_fen(desk_with_cases):
    (expected,) = _sql("SELECT SUM(amount_fen) FROM desk_disbursement")

    total = figures.compute(
        "desk.money_paid", make_user(role=Role.TASK_FORCE), period=THIS_MONTH
    ).total

    assert total.value == expected == 3_000_000


def test_money_paid_outside_the_period_does_not_count(desk_with_cases):
    last_year = Period(TODAY - timedelta(days=400), TODAY - timedelta(days=370))

    total = figures.compute(
        "desk.money_paid", make_user(role=Role.TASK_FORCE), period=last_year
    ).total

    assert total.value == 0


def test_a_department_counts_only_the_cases_it_may_see(desk_with_cases):
    other = Desk(  # another department's benefit, paid by yet another
        owning_department=make_department("education"),
        paying_department=make_department("education_pay"),
    )
    other.case_in("submitted")

    mine = figures.compute(
        "desk.cases_opened", desk_with_cases.housing_officer, period=THIS_MONTH
    ).total

    assert mine.value == 3


def test_median_handling_time_is_the_middle_of_the_decided_cases(desk_with_cases):
    values = sorted(
        Application.objects.exclude(decided_at=None).values_list("handling_working_days", flat=True)
    )

    total = figures.compute(
        "desk.median_handling_working_days",
        make_user(role=Role.TASK_FORCE),
        period=THIS_MONTH,
    ).total

    assert total.value == round(sum(values) / len(values))


def test_services_record_the_payment_on_the_day_it_was_made(desk_with_cases):
    case = desk_with_cases.case_in("approved", talent=make_master())
    services.disburse(case, actor=desk_with_cases.finance_officer)

    by_month = figures.compute(
        "desk.money_paid",
        make_user(role=Role.TASK_FORCE),
        period=THIS_MONTH,
        breakdown="month",
    )

    assert sum(row.value.value for row in by_month.rows) == 6_000_000
