"""Deadlines that show: an overdue case says by how many working days (the official calendar:
holidays skipped, make-up days counted); the queue counts what is overdue and what falls due
this week."""

from __future__ import annotations

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from rencai.core.calendar import working_days_between, working_days_up_to
from rencai.desk import selectors, timing
from rencai.policies.choices import TimeUnit

from .factories import Desk, make_master

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture
def cases():
    """Three cases of a 3-working-day benefit: opened on Fri 30 Sep 2022 (due Mon 10 Oct, after
    the National Day holiday and its two make-up Saturdays/Sundays), Mon 10 Oct (due Thu 13
    Oct) and Wed 12 Oct (due Mon 17 Oct)."""
    call_command("seed_calendar", "2022", stdout=StringIO())
    desk = Desk(time_target=3, time_unit=TimeUnit.WORKING_DAYS)
    opened = {}
    for name, moment in (
        ("late", at(2022, 9, 30, 10, 0)),
        ("this_week", at(2022, 10, 10, 10, 0)),
        ("next_week", at(2022, 10, 12, 9, 0)),
    ):
        with time_machine.travel(moment, tick=False):
            opened[name] = desk.open(make_master(county=desk.talent.county))
    return desk, opened


def test_an_overdue_case_is_late_by_the_working_days_after_its_deadline(cases):
    _desk, opened = cases
    now = at(2022, 10, 12, 10, 0)  # Wednesday: Tue 11 and Wed 12 Oct are past Mon 10 Oct

    late = timing.working_days_late(opened.values(), now)

    assert timezone_date(opened["late"].due_at) == "2022-10-10"
    assert late == {opened["late"].pk: 2}


def test_the_count_over_many_deadlines_equals_the_count_one_by_one():
    call_command("seed_calendar", "2022", stdout=StringIO())
    end = at(2022, 10, 12, 0, 0).date()
    days = [at(2022, 9, d, 0, 0).date() for d in (26, 29, 30)] + [end]
    assert working_days_up_to(days, end) == {d: working_days_between(d, end) for d in days}


def test_the_case_list_and_the_case_page_say_how_late_a_case_is(client, cases):
    desk, opened = cases
    client.force_login(desk.housing_officer)
    with time_machine.travel(at(2022, 10, 12, 10, 0), tick=False), translation.override("zh-hans"):
        listing = client.get(reverse("desk:application-list")).content.decode()
        page = client.get(
            reverse("desk:application-detail", args=[opened["late"].pk])
        ).content.decode()
        other = client.get(
            reverse("desk:application-detail", args=[opened["this_week"].pk])
        ).content.decode()

    assert listing.count("case-overdue") == 1
    assert "逾期 2 个工作日" in listing
    assert "逾期 2 个工作日" in page
    assert "case-overdue" not in other


def test_the_queue_counts_the_overdue_and_those_due_this_week(client, cases):
    desk, opened = cases
    now = at(2022, 10, 12, 10, 0)

    queue = selectors.queue_for_actor(desk.housing_officer, now=now)

    assert [c.pk for c in queue.overdue] == [opened["late"].pk]
    assert queue.due_this_week == 1  # Thu 13 Oct; Mon 17 Oct is next week
    client.force_login(desk.housing_officer)
    with time_machine.travel(now, tick=False), translation.override("zh-hans"):
        page = client.get(reverse("desk:queue")).content.decode()
    assert "1 件逾期" in page
    assert "本周到期 1 件" in page


def timezone_date(moment) -> str:
    return moment.astimezone(SHANGHAI).date().isoformat()
