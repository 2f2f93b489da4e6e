"""The stage table and its time targets: which action follows which, and when a case is
overdue — counted in working days by the official calendar (holidays, 调休 make-up days)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from rencai.core.models import WorkingDay
from rencai.schooling import selectors, services, workflow
from rencai.schooling.models import EnrolmentCase

from .factories import Schooling

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("state", "allowed"),
    [
        ("requested", ["review", "not_place"]),
        ("reviewed", ["assign", "not_place"]),
        ("assigned", ["enrol", "not_place"]),
        ("enrolled", []),
        ("not_placed", []),
    ],
)
def test_each_stage_allows_only_the_next_step_or_not_placed(state, allowed):
    assert workflow.actions_from(state) == allowed


def test_every_open_stage_has_a_target_and_the_final_ones_none():
    assert set(workflow.TARGETS) == set(workflow.OPEN_STATES)
    assert sum(workflow.TARGETS.values()) == workflow.PLACEMENT_TARGET


def _national_day_2022():
    """1–7 October 2022 off; Saturday 8 and Sunday 9 October make-up working days."""
    for day in range(1, 8):
        WorkingDay.objects.create(date=date(2022, 10, day), is_working=False)
    for day in (8, 9):
        WorkingDay.objects.create(date=date(2022, 10, day), is_working=True)


@pytest.mark.django_db
def test_request_before_national_day_is_due_after_the_make_up_days():
    # Given the official 2022 calendar and a request on Friday 30 September
    _national_day_2022()
    world = Schooling()
    talent, (child,) = world.parent()
    with time_machine.travel(datetime(2022, 9, 30, 10, 0, tzinfo=SHANGHAI)):
        case = world.request(talent, child)

    # Then three working days later is Monday 10 October (8th, 9th, 10th), not 5 October
    assert case.due_on == date(2022, 10, 10)
    due = EnrolmentCase.objects.filter(pk=case.pk)
    assert not due.filter(selectors.overdue_q(date(2022, 10, 10))).exists()
    assert due.filter(selectors.overdue_q(date(2022, 10, 11))).exists()


@pytest.mark.django_db
def test_each_step_restarts_its_own_target():
    world = Schooling()
    talent, (child,) = world.parent()
    with time_machine.travel(datetime(2026, 6, 1, 10, 0, tzinfo=SHANGHAI)):  # a Monday
        case = world.request(talent, child)
        assert case.due_on == date(2026, 6, 4)
    with time_machine.travel(datetime(2026, 6, 3, 10, 0, tzinfo=SHANGHAI)):  # Wednesday
        case = services.review_case(case, actor=world.tuanfeng_officer)
    # ten working days after Wednesday 3 June (no calendar rows: Monday–Friday)
    assert case.due_on == date(2026, 6, 17)


@pytest.mark.django_db
def test_closed_case_is_never_overdue():
    world = Schooling()
    case = world.case_in("enrolled")
    later = case.placement_due_on + timedelta(days=365)

    assert not EnrolmentCase.objects.filter(selectors.overdue_q(later)).exists()


@pytest.mark.django_db
def test_overdue_cases_appear_on_the_office_and_task_force_homes():
    from rencai.core.choices import Role
    from rencai.core.tests.factories import make_user
    from rencai.schooling import home

    world = Schooling()
    late = world.case_in("requested")
    EnrolmentCase.objects.filter(pk=late.pk).update(due_on=date(2020, 1, 1))
    world.case_in("reviewed")
    today = timezone.localdate()

    office = home.education_panel(world.tuanfeng_officer, today)
    other = home.education_panel(world.wuxue_officer, today)
    city = home.task_force_panel(make_user(role=Role.TASK_FORCE), today)

    assert [c.pk for c in office["overdue"]] == [late.pk]
    assert other["overdue_count"] == 0
    assert city["overdue_count"] == 1
