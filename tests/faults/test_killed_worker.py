"""A worker killed (SIGKILL) in the middle of an outreach run, a bulletin or a batch of
reminders leaves no half-done work, and the next run completes it without sending anything
twice. Each test starts a real `manage.py` process against the test database, lets it pause
inside its transaction after its first unit of work (`rencai.core.faults`), kills it there,
looks, and runs the job again."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from rencai.campaigns.models import Bulletin, Reminder
from rencai.campaigns.tests.factories import make_action, make_campaign, make_indicator, make_unit
from rencai.core import outbox
from rencai.core.choices import Role
from rencai.core.models import AuditEvent, Message, Notification, ScheduledRun
from rencai.core.sms import MemorySmsBackend
from rencai.core.tests.factories import make_county, make_user
from rencai.policies.choices import OutreachTrigger
from rencai.policies.models import OutreachNotice, OutreachRun
from rencai.policies.services.outreach import run_outreach
from rencai.policies.tests.factories import make_benefit
from rencai.talents.tests.factories import make_degree, make_talent

from .worker import kill_midway

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="kills a worker mid-transaction"),
]


def run_schedule(job: str, now: str | None = None) -> str:
    out = StringIO()
    call_command("run_schedule", "--job", job, *(["--now", now] if now else []), stdout=out)
    return out.getvalue()


# --- outreach ------------------------------------------------------------------------------


@pytest.fixture
def registry(settings):
    """Three benefits any master of 30 qualifies for (published before anyone registered:
    their publishing runs found no one), and four such talents with mobiles."""
    settings.NOTIFICATION_CHANNELS = ["sms"]
    MemorySmsBackend.outbox.clear()
    benefits = [make_benefit(code=f"kill_{n}") for n in range(3)]
    born = timezone.localdate().replace(year=timezone.localdate().year - 30) - timedelta(days=10)
    talents = [
        make_talent(degree=make_degree("master"), birth_date=born, mobile=f"1390000000{n}")
        for n in range(4)
    ]
    return benefits, talents


def test_a_killed_outreach_run_leaves_nothing_and_the_next_run_tells_everyone_once(
    registry, tmp_path
):
    benefits, talents = registry

    kill_midway(
        ["run_schedule", "--job", "policies.outreach"],
        step="outreach.version",
        after=1,  # one benefit's notices written, two to go
        tmp_path=tmp_path,
    )

    assert not OutreachNotice.objects.exists()
    assert not OutreachRun.objects.filter(trigger=OutreachTrigger.SCHEDULE).exists()
    assert not Notification.objects.exists()
    assert not Message.objects.exists()
    assert not ScheduledRun.objects.filter(job="policies.outreach", status="done").exists()

    run_schedule("policies.outreach")
    run_schedule("policies.outreach")  # once done, the slot is not run again

    assert OutreachNotice.objects.count() == len(benefits) * len(talents)
    assert OutreachRun.objects.get(trigger=OutreachTrigger.SCHEDULE).status == "done"
    assert Notification.objects.count() == len(talents)
    sms = Message.objects.filter(channel="sms")
    assert sms.count() == len(talents)
    assert set(sms.values_list("state", flat=True)) == {"sent"}
    assert sorted(mobile for mobile, _text in MemorySmsBackend.outbox) == sorted(
        t.mobile for t in talents
    )


def test_a_run_whose_worker_was_killed_is_queued_again_and_the_hourly_job_completes_it(
    registry, tmp_path
):
    benefits, talents = registry
    audited = AuditEvent.objects.filter(action="outreach.run").count()
    run = OutreachRun.objects.create(  # queued, as `queue_run` leaves it for its task
        trigger=OutreachTrigger.MANUAL, evaluated_on=timezone.localdate()
    )

    kill_midway(
        ["shell", "-c", f"from rencai.policies.services.outreach import run_outreach; "
         f"run_outreach({run.pk})"],
        step="outreach.version",
        after=2,
        tmp_path=tmp_path,
    )  # fmt: skip

    run.refresh_from_db()
    assert run.status == "queued"
    assert not OutreachNotice.objects.exists()

    OutreachRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - timedelta(hours=1))
    run_schedule("policies.outreach_requeue")  # its task, marked running, is not re-delivered
    again = run_outreach(run.pk)

    run.refresh_from_db()
    assert (run.status, again.status) == ("done", "done")
    assert OutreachNotice.objects.filter(run=run).count() == len(benefits) * len(talents)
    assert AuditEvent.objects.filter(action="outreach.run").count() == audited + 1
    assert len(MemorySmsBackend.outbox) == len(talents)


# --- campaigns: reminders and bulletins ----------------------------------------------------


@pytest.fixture
def campaigns():
    """Two campaigns (1–30 September 2022, bulletins on Fridays), each with three counties'
    units far behind pace and an officer answering for each county."""
    counties = [make_county(f"42112{n}", f"测试县{n}") for n in range(3)]
    officers = [
        make_user(role=Role.COUNTY_OFFICER, division=county, mobile=f"1380000000{n}")
        for n, county in enumerate(counties)
    ]
    made = []
    for n in range(2):
        campaign = make_campaign(
            date(2022, 9, 1), date(2022, 9, 30), name=f"人才服务月{n}", bulletin_weekday=4
        )
        action = make_action(campaign, name="政策宣传")
        for county in counties:
            make_indicator(make_unit(action, division=county), target=300, name="宣讲人次")
        made.append(campaign)
    return made, officers


def at(day: date, hour: int) -> str:
    return datetime.combine(day, time(hour)).isoformat()


def test_killed_reminders_leave_nothing_and_the_next_run_reminds_each_person_once(
    campaigns, settings, tmp_path
):
    settings.NOTIFICATION_CHANNELS = ["sms"]
    MemorySmsBackend.outbox.clear()
    made, officers = campaigns
    day = date(2022, 9, 10)  # a reminder day (every three days from the 1st)

    kill_midway(
        ["run_schedule", "--job", "campaigns.reminders", "--now", at(day, 9)],
        step="campaigns.reminder",
        after=3,  # the first campaign's three officers reminded, the second's not
        tmp_path=tmp_path,
    )

    assert not Reminder.objects.exists()
    assert not Notification.objects.exists()
    assert not Message.objects.exists()
    assert not AuditEvent.objects.filter(action="campaigns.reminder").exists()

    run_schedule("campaigns.reminders", at(day, 9))
    run_schedule("campaigns.reminders", at(day, 10))

    expected = len(made) * len(officers)
    assert Reminder.objects.filter(due_on=day).count() == expected
    assert Notification.objects.count() == expected
    sms = Message.objects.filter(kind="campaigns.reminder", channel="sms", slot=day.isoformat())
    assert sms.count() == expected
    assert set(sms.values_list("state", flat=True)) == {"sent"}
    assert len(MemorySmsBackend.outbox) == expected


def test_a_killed_bulletin_run_issues_nothing_and_the_next_run_issues_each_once(
    campaigns, tmp_path
):
    made, officers = campaigns
    friday = date(2022, 9, 9)

    kill_midway(
        ["run_schedule", "--job", "campaigns.supervision", "--now", at(friday, 19)],
        step="campaigns.bulletin",
        after=1,  # the first campaign's bulletin issued and its messages queued
        tmp_path=tmp_path,
    )

    assert not Bulletin.objects.exists()
    assert not Message.objects.exists()
    assert not Notification.objects.exists()

    run_schedule("campaigns.supervision", at(friday, 19))
    run_schedule("campaigns.supervision", at(friday, 20))

    bulletins = Bulletin.objects.filter(period_end=friday)
    assert sorted(bulletins.values_list("campaign_id", "number")) == [(c.pk, 1) for c in made]
    told = Message.objects.filter(kind="campaigns.bulletin", channel="in_app")
    assert told.count() == len(made) * len(officers)
    assert set(told.values_list("state", flat=True)) == {"sent"}
    assert Notification.objects.filter(subject_type="campaigns.bulletin").count() == told.count()


# --- the outbox ----------------------------------------------------------------------------


def test_a_sender_killed_mid_batch_keeps_the_batches_it_committed_and_sends_the_rest_once(
    tmp_path,
):
    users = [make_user() for _ in range(5)]
    outbox.queue(
        [
            outbox.message(
                kind="test.notice", subject=user, channel="in_app", title="通知", user=user
            )
            for user in users
        ]
    )

    kill_midway(
        ["shell", "-c", "from rencai.core import outbox; outbox.deliver(batch=2)"],
        step="outbox.message",
        after=3,  # the first batch of two committed, the second killed after one
        tmp_path=tmp_path,
    )

    assert Message.objects.filter(state="sent").count() == 2
    assert Notification.objects.count() == 2

    outbox.deliver()
    outbox.deliver()

    assert Message.objects.filter(state="sent").count() == len(users)
    assert sorted(Notification.objects.values_list("recipient", flat=True)) == sorted(
        u.pk for u in users
    )
