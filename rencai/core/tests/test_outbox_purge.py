"""The outbox is purged: sent and given-up messages older than `OUTBOX_RETENTION_DAYS` are
deleted every hour, in batches, a bounded number a run, audited with the count; a queued
message is never deleted."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from rencai.core import clock, outbox, schedule
from rencai.core.models import AuditEvent, Message, ScheduledRun
from rencai.core.tests import concurrency
from rencai.core.tests.factories import make_user

pytestmark = [pytest.mark.django_db]
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2023, 3, 6, 5, 50, tzinfo=SHANGHAI)  # after the job's minute (:45)


def message_at(when: datetime, state: str, n: int) -> Message:
    user = make_user()
    with clock.at(when):
        outbox.queue(
            [
                outbox.message(
                    kind="test.purge", subject=user, channel="in_app", title="通知", user=user,
                    slot=str(n),
                )
            ]
        )  # fmt: skip
    message = Message.objects.get(kind="test.purge", slot=str(n))
    Message.objects.filter(pk=message.pk).update(state=state)
    return message


@pytest.fixture
def messages():
    """Old (200 days) sent, given-up and queued messages; recent (10 days) sent and given up."""
    old, recent = NOW - timedelta(days=200), NOW - timedelta(days=10)
    return {
        "old sent": [message_at(old, "sent", n) for n in range(3)],
        "old failed": [message_at(old, "failed", 10)],
        "old queued": [message_at(old, "queued", 20)],
        "recent sent": [message_at(recent, "sent", 30)],
        "recent failed": [message_at(recent, "failed", 40)],
    }


def left(messages) -> set[str]:
    kept = set(Message.objects.values_list("pk", flat=True))
    return {name for name, made in messages.items() if all(m.pk in kept for m in made)}


@pytest.mark.portable
def test_old_sent_and_given_up_messages_are_purged_recent_and_queued_ones_kept(
    messages, settings, monkeypatch
):
    settings.OUTBOX_RETENTION_DAYS = 180
    monkeypatch.setattr(outbox, "PURGE_BATCH", 2)  # three batches for four old messages

    outcomes = schedule.run_due(NOW, ["core.outbox_purge"])

    assert [(o.status, o.summary) for o in outcomes] == [("done", "4 purged (older than 180 days)")]
    assert left(messages) == {"old queued", "recent sent", "recent failed"}
    event = AuditEvent.objects.get(action="outbox.purge")
    assert event.changes == {"deleted": 4, "retention_days": 180}
    assert event.actor is None


@pytest.mark.portable
def test_the_retention_is_a_setting(messages, settings):
    settings.OUTBOX_RETENTION_DAYS = 7

    schedule.run_due(NOW, ["core.outbox_purge"])

    assert left(messages) == {"old queued"}


@pytest.mark.portable
def test_the_purge_runs_once_an_hour(messages):
    schedule.run_due(NOW, ["core.outbox_purge"])
    later = schedule.run_due(NOW + timedelta(minutes=5), ["core.outbox_purge"])
    next_hour = schedule.run_due(NOW + timedelta(hours=1), ["core.outbox_purge"])

    assert later == []
    assert [o.summary for o in next_hour] == ["0 purged (older than 180 days)"]
    assert AuditEvent.objects.filter(action="outbox.purge").count() == 2
    assert schedule.get_job("core.outbox_purge").cadence == schedule.hourly(45)


@pytest.mark.portable
def test_a_backlog_is_purged_over_several_runs_each_bounded(messages, monkeypatch):
    # given four old finished messages, and at most three deleted a run (in batches of two)
    monkeypatch.setattr(outbox, "PURGE_MAX_PER_RUN", 3)
    monkeypatch.setattr(outbox, "PURGE_BATCH", 2)

    first = schedule.run_due(NOW, ["core.outbox_purge"])
    second = schedule.run_due(NOW + timedelta(hours=1), ["core.outbox_purge"])

    assert [o.summary for o in first] == ["3 purged (older than 180 days)"]
    assert [o.summary for o in second] == ["1 purged (older than 180 days)"]
    assert left(messages) == {"old queued", "recent sent", "recent failed"}


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent schedulers")
def test_two_schedulers_at_once_purge_once(messages):
    outcomes = concurrency.all_at_once(
        lambda i: schedule.run_due(NOW, ["core.outbox_purge"]), threads=2
    )

    statuses = sorted(o.status for ran in outcomes for o in ran)
    assert statuses in (["done"], ["done", "skipped"])
    assert AuditEvent.objects.filter(action="outbox.purge").count() == 1
    assert AuditEvent.objects.get(action="outbox.purge").changes["deleted"] == 4
    assert ScheduledRun.objects.get(job="core.outbox_purge").status == "done"
    assert left(messages) == {"old queued", "recent sent", "recent failed"}
