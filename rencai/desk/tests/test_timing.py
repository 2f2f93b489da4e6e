"""Handling time against hand-computed values: working days across the 2022 National Day
holiday and its make-up Saturday, deadlines, the queue, and the report's median, 90th
percentile and share within target."""

from datetime import datetime, timedelta
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from rencai.core.errors import PermissionDenied
from rencai.desk import selectors, services
from rencai.desk.choices import ApplicationState, Channel
from rencai.desk.models import Application
from rencai.desk.selectors import percentile, report_of
from rencai.desk.timing import due_at_for, handling_times, within_target
from rencai.policies.choices import TimeUnit

from .factories import (
    Desk,
    clerk_point,
    make_desk_benefit,
    make_master,
    make_talent_user,
    serve,
)

pytestmark = [pytest.mark.django_db, pytest.mark.portable]
A = ApplicationState
CN = ZoneInfo("Asia/Shanghai")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=CN)


@pytest.fixture
def calendar_2022():
    call_command("seed_calendar", "2022", stdout=StringIO())


def online(submitted_at):
    return Application(channel=Channel.ONLINE, opened_at=submitted_at, submitted_at=submitted_at)


# --- one case ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("decided_at", "seconds", "working_days"),
    [
        # Friday 30 Sep 10:00 → the same day 16:30: 6.5 hours, 0 working days.
        (at(2022, 9, 30, 16, 30), 23_400, 0),
        # → Friday 7 Oct (holiday week): 7 days, still 0 working days.
        (at(2022, 10, 7, 10, 0), 604_800, 0),
        # → Saturday 8 Oct 15:00, a make-up working day: 8 days 5 hours, 1 working day.
        (at(2022, 10, 8, 15, 0), 709_200, 1),
        # → Monday 10 Oct 10:00: the 8th, 9th (make-up Sunday) and 10th.
        (at(2022, 10, 10, 10, 0), 864_000, 3),
        # → Wednesday 12 Oct 09:00: five working days.
        (at(2022, 10, 12, 9, 0), 1_033_200, 5),
    ],
)
def test_online_handling_time_in_working_days_across_national_day(
    calendar_2022, decided_at, seconds, working_days
):
    case = online(at(2022, 9, 30, 10, 0))
    assert handling_times(case, decided_at) == (seconds, working_days)


def test_window_handling_time_runs_from_the_clerk_opening_the_talent():
    case = Application(
        channel=Channel.WINDOW,
        opened_at=at(2022, 9, 30, 9, 0, 0),
        submitted_at=at(2022, 9, 30, 9, 2, 30),
    )
    assert handling_times(case, at(2022, 9, 30, 9, 4, 10)) == (250, 0)


def test_deadlines_in_working_days_skip_the_holiday_and_count_make_up_days(calendar_2022):
    benefit = make_desk_benefit(time_target=3, time_unit=TimeUnit.WORKING_DAYS)
    due = due_at_for(benefit, at(2022, 9, 30, 10, 0))
    assert timezone.localtime(due).date().isoformat() == "2022-10-10"
    assert timezone.localtime(due).time().hour == 23


def test_deadlines_in_minutes_are_minutes_after_the_start():
    benefit = make_desk_benefit(time_target=5, time_unit=TimeUnit.MINUTES)
    assert due_at_for(benefit, at(2022, 9, 30, 10, 0)) == at(2022, 9, 30, 10, 5)
    benefit.time_target = None
    assert due_at_for(benefit, at(2022, 9, 30, 10, 0)) is None


def test_a_window_case_records_its_real_handling_time_at_the_decision(mid_morning):
    desk = Desk(time_target=5, time_unit=TimeUnit.MINUTES)
    visit = serve(desk.clerk, desk.talent)
    type(visit).objects.filter(pk=visit.pk).update(opened_at=timezone.now() - timedelta(minutes=4))
    case = services.open_application(desk.talent, desk.benefit, actor=desk.clerk)
    assert case.due_at == case.opened_at + timedelta(minutes=5)
    case = services.accept_application(case, actor=desk.clerk)

    case = services.approve_application(case, actor=desk.housing_officer)

    assert 240 <= case.handling_seconds < 300
    assert case.handling_working_days == 0
    assert within_target(desk.benefit, case.handling_seconds, case.handling_working_days)


# --- the report ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("p", "expected"), [(30, 20), (40, 20), (50, 35), (90, 50), (100, 50), (1, 15)]
)
def test_percentile_by_nearest_rank(p, expected):
    values = [Decimal(v) for v in (15, 20, 35, 40, 50)]
    assert percentile(values, p) == expected


def make_decided(desk, benefit, *, seconds, days, clerk=True):
    talent = make_master()
    if clerk:
        serve(desk.clerk, talent)
        case = services.open_application(talent, benefit, actor=desk.clerk)
    else:
        case = services.open_application(talent, benefit, actor=make_talent_user(talent))
    Application.objects.filter(pk=case.pk).update(
        state=A.APPROVED,
        decided_at=timezone.now(),
        handling_seconds=seconds,
        handling_working_days=days,
    )
    return case


def test_report_figures_against_hand_computed_values():
    desk = Desk(time_target=5, time_unit=TimeUnit.MINUTES)
    apartment = make_desk_benefit(name="人才公寓", time_target=3, time_unit=TimeUnit.WORKING_DAYS)
    # At the window, target 5 minutes: 2, 4, 5, 6 and 10 minutes.
    for seconds in (120, 240, 300, 360, 600):
        make_decided(desk, desk.benefit, seconds=seconds, days=0)
    # Online, target 3 working days: 1, 2, 3 and 4 working days.
    for days in (1, 2, 3, 4):
        make_decided(desk, apartment, seconds=days * 86_400, days=days, clerk=False)
    # Neither an undecided nor a withdrawn case counts.
    desk.open()
    desk.case_in(A.WITHDRAWN, talent=make_master())

    report = report_of(Application.objects.all())

    window = next(r for r in report.by_benefit if r.key == desk.benefit.pk)
    assert (window.count, window.median, window.p90) == (5, Decimal(5), Decimal(10))
    assert (window.within_target, window.with_target) == (3, 5)
    assert window.share_within_target == Decimal("0.6")
    flats = next(r for r in report.by_benefit if r.key == apartment.pk)
    assert (flats.count, flats.median, flats.p90) == (4, Decimal("2.5"), Decimal(4))
    assert flats.share_within_target == Decimal("0.75")
    point = next(r for r in report.by_service_point if r.key == clerk_point(desk.clerk).pk)
    assert (point.count, point.median, point.unit) == (5, Decimal(5), TimeUnit.MINUTES)
    online_row = next(r for r in report.by_service_point if r.key is None)
    assert (online_row.count, online_row.p90, online_row.unit) == (4, 4, TimeUnit.WORKING_DAYS)


def test_the_report_is_for_officers_and_the_task_force_only():
    desk = Desk()
    assert selectors.handling_report(desk.housing_officer).by_benefit == []
    for actor in (desk.clerk, desk.talent_user):
        with pytest.raises(PermissionDenied):
            selectors.handling_report(actor)


# --- the queue -----------------------------------------------------------------------------


def test_the_queue_sorts_open_cases_into_overdue_due_soon_and_later(calendar_2022):
    desk = Desk()
    now = at(2022, 9, 30, 12, 0)  # Friday before the National Day holiday
    dues = {
        "overdue": at(2022, 9, 30, 11, 0),
        "soon_in_holiday": at(2022, 10, 7, 9, 0),
        "soon_make_up_day": at(2022, 10, 8, 18, 0),  # the next working day
        "later": at(2022, 10, 9, 9, 0),
        "none": None,
    }
    cases = {}
    for name, due in dues.items():
        case = desk.case_in(A.ACCEPTED, talent=make_master())
        Application.objects.filter(pk=case.pk).update(due_at=due)
        cases[name] = case.pk
    decided = desk.case_in(A.APPROVED, talent=make_master())
    Application.objects.filter(pk=decided.pk).update(due_at=dues["overdue"])

    queue = selectors.queue_for_actor(desk.housing_officer, now=now)

    assert [c.pk for c in queue.overdue] == [cases["overdue"]]
    assert [c.pk for c in queue.due_soon] == [cases["soon_in_holiday"], cases["soon_make_up_day"]]
    assert [c.pk for c in queue.later] == [cases["later"]]
    assert [c.pk for c in queue.no_target] == [cases["none"]]
    late = selectors.search_applications(
        desk.housing_officer, selectors.ApplicationFilters(overdue=True), now=now
    )
    assert list(late.values_list("pk", flat=True)) == [cases["overdue"]]
