"""Reminders: every N calendar (or working) days, one per responsible person, listing exactly
what is behind; never twice for a day; a run that fails halfway leaves nothing."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from rencai.campaigns import cadence, services
from rencai.campaigns.choices import DayCount
from rencai.campaigns.models import Reminder
from rencai.core import schedule
from rencai.core.choices import Role
from rencai.core.models import Message, Notification, ScheduledRun
from rencai.core.tests.factories import make_county, make_user

from .factories import make_action, make_campaign, make_indicator, make_unit

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def world():
    tuanfeng, wuxue = make_county("421121", "团风县"), make_county("421182", "武穴市")
    campaign = make_campaign(date(2022, 9, 1), date(2022, 9, 30))
    action = make_action(campaign, name="政策宣传")
    behind = make_indicator(make_unit(action, division=tuanfeng), target=300, name="宣讲人次")
    on_pace = make_indicator(make_unit(action, division=wuxue), target=0, name="宣讲人次")
    return {
        "campaign": campaign,
        "behind": behind,
        "on_pace": on_pace,
        "tuanfeng_officer": make_user(
            role=Role.COUNTY_OFFICER, division=tuanfeng, mobile="13900000001"
        ),
        "wuxue_officer": make_user(role=Role.COUNTY_OFFICER, division=wuxue),
    }


@pytest.mark.portable
def test_reminder_days_fall_every_three_calendar_days_from_the_start():
    campaign = make_campaign(date(2022, 9, 1), date(2022, 9, 30))

    days = [d for d in range(1, 31) if cadence.is_reminder_day(campaign, date(2022, 9, d))]

    assert days == [4, 7, 10, 13, 16, 19, 22, 25, 28]


@pytest.mark.portable
def test_the_cadence_may_count_working_days():
    campaign = make_campaign(
        date(2022, 9, 1),
        date(2022, 9, 30),
        reminder_every=2,
        reminder_day_count=DayCount.WORKING,
    )

    days = [d for d in range(1, 13) if cadence.is_reminder_day(campaign, date(2022, 9, d))]

    # The working days after Thursday 1 September are the 2nd, 5th, 6th, 7th, 8th and 9th
    # (no calendar table here: Monday to Friday); every second one reminds.
    assert days == [5, 7, 9]


def test_only_the_people_of_units_behind_pace_are_reminded_with_what_is_behind(world):
    sent = services.send_reminders(world["campaign"], date(2022, 9, 10))

    reminders = list(Reminder.objects.all())
    assert sent == 1
    assert [r.recipient for r in reminders] == [world["tuanfeng_officer"]]
    assert len(reminders[0].items) == 1
    assert "宣讲人次" in reminders[0].items[0]
    assert Notification.objects.filter(recipient=world["tuanfeng_officer"]).count() == 1
    assert not Notification.objects.filter(recipient=world["wuxue_officer"]).exists()


def test_no_reminder_on_a_day_that_is_not_a_reminder_day(world):
    assert services.send_reminders(world["campaign"], date(2022, 9, 11)) == 0
    assert not Reminder.objects.exists()


def test_reminding_twice_on_the_same_day_reminds_once(world):
    services.send_reminders(world["campaign"], date(2022, 9, 10))
    again = services.send_reminders(world["campaign"], date(2022, 9, 10))

    assert again == 0
    assert Reminder.objects.count() == 1
    assert Notification.objects.count() == 1


def _run_at(day: date):
    now = timezone.make_aware(datetime.combine(day, time(9)))
    return schedule.run_due(now, names=["campaigns.reminders"])


def test_the_scheduled_job_run_twice_sends_nothing_twice(world):
    first = _run_at(date(2022, 9, 10))
    second = _run_at(date(2022, 9, 10))

    assert [o.status for o in first] == ["done"]
    assert second == []
    assert Reminder.objects.count() == 1


def test_a_run_that_fails_halfway_leaves_nothing_and_the_next_run_completes_it(world, monkeypatch):
    real_notify = services.notify
    calls = {"n": 0}

    def notify_then_die(**kwargs):
        calls["n"] += 1
        real_notify(**kwargs)
        raise RuntimeError("worker killed")

    monkeypatch.setattr(services, "notify", notify_then_die)
    failed = _run_at(date(2022, 9, 10))
    monkeypatch.setattr(services, "notify", real_notify)

    assert [o.status for o in failed] == ["failed"]
    assert calls["n"] == 1
    assert not Reminder.objects.exists()
    assert not Notification.objects.exists()

    retried = _run_at(date(2022, 9, 10))

    assert [o.status for o in retried] == ["done"]
    assert Reminder.objects.count() == 1
    assert ScheduledRun.objects.get(job="campaigns.reminders").attempts == 2


@pytest.mark.portable
def test_each_reminder_is_told_in_app_through_the_outbox_under_its_id_once(world):
    day = date(2022, 9, 10)

    services.send_reminders(world["campaign"], day)
    services.send_reminders(world["campaign"], day)

    reminder = Reminder.objects.get()
    officer = world["tuanfeng_officer"]
    in_app = Message.objects.get(channel="in_app")
    assert (in_app.kind, in_app.subject_type, in_app.subject_id) == (
        "campaigns.reminder",
        "campaigns.reminder",
        str(reminder.pk),
    )
    assert (in_app.recipient, in_app.slot, in_app.state) == (
        f"core.user:{officer.pk}",
        day.isoformat(),
        "sent",
    )
    notification = Notification.objects.get()
    assert (notification.recipient, notification.title) == (officer, in_app.title)
