"""The outbox: a message has an id (queuing it again does nothing), a failed send is retried
by a later delivery with backoff and given up after a bounded number of attempts, a sent one
is never sent again, and two senders at once send each message once."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction
from django.db.models import Q

from rencai.core import clock, outbox, schedule
from rencai.core.models import Message, Notification
from rencai.core.notifications import notify
from rencai.core.sms import MemorySmsBackend
from rencai.core.tests import concurrency
from rencai.core.tests.factories import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.portable]
NOON = datetime(2022, 9, 6, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def flaky():
    """A channel "flaky" failing while `failing["n"]` > 0, recording what it sent."""
    state = {"n": 0, "sent": []}

    def send(message):
        if state["n"] > 0:
            state["n"] -= 1
            raise ConnectionError("gateway down")
        state["sent"].append(message.recipient)

    outbox.register_channel("flaky", send)
    yield state
    outbox._channels.pop("flaky", None)


def queue_one(user, *, channel="flaky", slot="2022-09-06"):
    outbox.queue(
        [
            outbox.message(
                kind="test.notice",
                subject=user,
                channel=channel,
                title="Hello",
                user=user,
                slot=slot,
            )
        ]
    )


def test_queuing_the_same_message_twice_keeps_one():
    user = make_user()

    queue_one(user, channel="in_app")
    queue_one(user, channel="in_app")
    queue_one(user, channel="in_app", slot="2022-09-07")

    assert Message.objects.filter(kind="test.notice").count() == 2


def test_an_in_app_message_becomes_one_notification_and_is_not_sent_again():
    user = make_user()
    queue_one(user, channel="in_app")

    first = outbox.deliver()
    second = outbox.deliver()

    assert (first.sent, second.sent) == (1, 0)
    assert Notification.objects.filter(recipient=user, title="Hello").count() == 1
    assert Message.objects.get(kind="test.notice").state == "sent"


def test_a_failed_send_is_retried_after_its_backoff_and_then_sent_once(flaky):
    user = make_user()
    flaky["n"] = 1
    with clock.at(NOON):
        queue_one(user)
        failed = outbox.deliver()
        too_soon = outbox.deliver()
    message = Message.objects.get(kind="test.notice")
    assert (failed.retried, too_soon.sent, message.attempts) == (1, 0, 1)
    assert message.last_error == "ConnectionError: gateway down"
    assert message.next_attempt_at == NOON + outbox.BACKOFF

    with clock.at(NOON + outbox.BACKOFF):
        retried = outbox.deliver()
        again = outbox.deliver()

    message.refresh_from_db()
    assert (retried.sent, again.sent) == (1, 0)
    assert (message.state, message.attempts, message.last_error) == ("sent", 2, "")
    assert flaky["sent"] == [f"core.user:{user.pk}"]


def test_the_hourly_job_retries_what_failed(flaky, django_capture_on_commit_callbacks):
    user = make_user()
    flaky["n"] = 1
    with clock.at(NOON):
        queue_one(user)
        outbox.deliver()

    with django_capture_on_commit_callbacks(execute=True):
        outcomes = schedule.run_due(NOON + timedelta(hours=1), ["core.outbox"])

    assert [o.status for o in outcomes] == ["done"]
    assert Message.objects.get(kind="test.notice").state == "sent"
    assert flaky["sent"] == [f"core.user:{user.pk}"]


def test_a_message_failing_every_attempt_is_given_up_after_the_last(flaky):
    user = make_user()
    flaky["n"] = 99
    at = NOON
    with clock.at(at):
        queue_one(user)
    for attempt in range(1, outbox.MAX_ATTEMPTS + 1):
        with clock.at(at):
            outbox.deliver()
        at += outbox.backoff(attempt)

    with clock.at(at + timedelta(days=1)):
        later = outbox.deliver()

    message = Message.objects.get(kind="test.notice")
    assert (message.state, message.attempts) == ("failed", outbox.MAX_ATTEMPTS)
    assert later.sent == later.retried == 0
    assert flaky["sent"] == []


def test_an_sms_is_queued_with_its_notification_and_sent_after_commit(
    settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_CHANNELS = ["sms"]
    MemorySmsBackend.outbox.clear()
    user = make_user()

    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(
            title="办理提醒", body="请于本周内办理。", user=user, mobile="13912345678"
        )

    message = Message.objects.get(subject_id=str(notification.pk), channel="sms")
    assert (message.state, message.address) == ("sent", "13912345678")
    assert MemorySmsBackend.outbox == [("13912345678", "办理提醒 请于本周内办理。")]
    in_app = Message.objects.get(subject_id=str(notification.pk), channel="in_app")
    assert (in_app.state, in_app.slot) == ("sent", f"notification:{notification.pk}")


def test_two_notifications_about_the_same_subject_are_two_messages(
    settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_CHANNELS = ["sms"]
    MemorySmsBackend.outbox.clear()
    user = make_user()

    with django_capture_on_commit_callbacks(execute=True):
        notify(title="已受理", user=user, subject=user, mobile="13912345678")
        notify(title="已办结", user=user, subject=user, mobile="13912345678")

    assert [text for _mobile, text in MemorySmsBackend.outbox] == ["已受理", "已办结"]


def test_delivery_can_be_limited_to_some_messages():
    one, another = make_user(), make_user()
    queue_one(one, channel="in_app")
    queue_one(another, channel="in_app")

    outbox.deliver(Q(recipient=f"core.user:{one.pk}"))

    assert Notification.objects.filter(recipient=one).count() == 1
    assert not Notification.objects.filter(recipient=another).exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent senders")
def test_senders_at_once_send_each_message_once():
    users = [make_user() for _ in range(20)]
    for user in users:
        queue_one(user, channel="in_app")

    results = concurrency.all_at_once(lambda i: outbox.deliver().sent, threads=4)

    assert sum(results) == 20
    assert Notification.objects.filter(title="Hello").count() == 20
    assert set(Notification.objects.values_list("recipient", flat=True)) == {u.pk for u in users}


def test_an_sms_carries_its_message_id_to_the_backend_the_same_on_every_attempt(monkeypatch):
    user = make_user()
    with clock.at(NOON):
        outbox.queue(
            [
                outbox.message(
                    kind="test.sms", subject=user, channel="sms", title="通知", body="请办理。",
                    user=user, address="13912345678",
                )
            ]
        )  # fmt: skip
    message = Message.objects.get(kind="test.sms")
    tries = {"n": 0}

    def gateway_down_once(self, mobile, text, *, message_id=""):
        tries["n"] += 1
        if tries["n"] == 1:
            MemorySmsBackend.ids.append(message_id)
            raise ConnectionError("gateway down")
        MemorySmsBackend.outbox.append((mobile, text))
        MemorySmsBackend.ids.append(message_id)

    MemorySmsBackend.outbox.clear()
    MemorySmsBackend.ids.clear()
    monkeypatch.setattr(MemorySmsBackend, "send", gateway_down_once)
    with clock.at(NOON):
        outbox.deliver()
    with clock.at(NOON + outbox.BACKOFF):
        outbox.deliver()

    assert outbox.message_key(message) == f"rencai-{message.pk}"
    assert MemorySmsBackend.ids == [f"rencai-{message.pk}"] * 2
    assert MemorySmsBackend.outbox == [("13912345678", "请办理。")]


def test_an_email_carries_its_message_id_in_its_headers(settings, mailoutbox):
    settings.DEFAULT_FROM_EMAIL = "人才服务 <rencai@hg.gov.cn>"
    user = make_user()
    outbox.queue(
        [
            outbox.message(
                kind="test.mail", subject=user, channel="email", title="通知", body="请办理。",
                user=user, address="a@example.com",
            )
        ]
    )  # fmt: skip
    message = Message.objects.get(kind="test.mail")

    outbox.deliver()

    [mail] = mailoutbox
    assert mail.to == ["a@example.com"]
    assert mail.extra_headers["X-Rencai-Message-Id"] == f"rencai-{message.pk}"
    assert mail.message()["Message-ID"] == f"<rencai-{message.pk}@hg.gov.cn>"


def test_a_transaction_telling_many_people_delivers_once_after_its_commit(
    settings, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    settings.NOTIFICATION_CHANNELS = ["sms"]
    MemorySmsBackend.outbox.clear()
    users = [make_user(mobile=f"1391234567{n}") for n in range(5)]

    with django_capture_on_commit_callbacks() as callbacks:
        for user in users:
            notify(title="办理提醒", user=user, mobile=user.mobile)
    # one delivery: a claim, a savepoint around each SMS, one marking, one empty claim, each
    # batch a savepoint in the test's transaction (one delivery per notification took 5 × 9)
    with django_assert_max_num_queries(7 + 2 * len(users)):
        for callback in callbacks:
            callback()

    assert len(callbacks) == 1
    assert sorted(mobile for mobile, _text in MemorySmsBackend.outbox) == sorted(
        u.mobile for u in users
    )
    assert set(Message.objects.values_list("state", flat=True)) == {"sent"}
    assert Message.objects.filter(channel="in_app").count() == len(users)


def test_a_transaction_telling_more_than_the_filter_holds_delivers_everything_due_once(
    settings, django_capture_on_commit_callbacks, monkeypatch
):
    # given a transaction asking for more deliveries than one filter should OR together
    settings.NOTIFICATION_CHANNELS = ["sms"]
    MemorySmsBackend.outbox.clear()
    monkeypatch.setattr(outbox._AfterCommit, "MAX_TERMS", 2)
    users = [make_user(mobile=f"1391234568{n}") for n in range(4)]

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for user in users:
            notify(title="办理提醒", user=user, mobile=user.mobile)

    # then one delivery sends every one of them, once
    assert len(callbacks) == 1
    assert sorted(m for m, _text in MemorySmsBackend.outbox) == sorted(u.mobile for u in users)
    assert set(Message.objects.values_list("state", flat=True)) == {"sent"}


def test_a_mobile_added_after_the_in_app_notice_is_texted_after_commit(
    settings, django_capture_on_commit_callbacks
):
    # given a talent told in the app only (no mobile then)
    settings.NOTIFICATION_CHANNELS = ["sms"]
    MemorySmsBackend.outbox.clear()
    user = make_user()
    notify(title="提醒", user=user, subject=user, slot="2022-09-06")

    # when the same is told again, now with a mobile
    with django_capture_on_commit_callbacks(execute=True):
        again = notify(
            title="提醒", user=user, subject=user, slot="2022-09-06", mobile="13900000009"
        )

    # then no second notification, but the new SMS leaves at the commit (not at the hourly sweep)
    assert again is None
    assert Notification.objects.filter(recipient=user).count() == 1
    assert MemorySmsBackend.outbox == [("13900000009", "提醒")]


def told_then_rolled_back(user) -> None:
    with transaction.atomic():
        notify(title="撤回", user=user, mobile=user.mobile)
        raise RuntimeError("rolled back")


def test_a_savepoint_rolled_back_takes_its_messages_and_the_rest_are_still_delivered(
    settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_CHANNELS = ["sms"]
    MemorySmsBackend.outbox.clear()
    first, second = make_user(mobile="13912345670"), make_user(mobile="13912345671")

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            told_then_rolled_back(first)
        notify(title="办理提醒", user=second, mobile=second.mobile)

    assert MemorySmsBackend.outbox == [("13912345671", "办理提醒")]
    assert not Notification.objects.filter(recipient=first).exists()


def test_telling_the_same_subject_in_the_same_slot_twice_tells_once(settings):
    settings.NOTIFICATION_CHANNELS = ["sms"]
    user = make_user()

    first = notify(title="提醒", user=user, subject=user, slot="2022-09-06", mobile="13900000000")
    again = notify(title="提醒", user=user, subject=user, slot="2022-09-06", mobile="13900000000")

    assert first is not None
    assert again is None
    assert Notification.objects.filter(recipient=user).count() == 1
    assert sorted(Message.objects.values_list("channel", flat=True)) == ["in_app", "sms"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions")
def test_the_same_notice_told_at_once_by_four_processes_is_one_notification():
    user = make_user()

    def tell(_i):
        with transaction.atomic():
            return notify(title="提醒", user=user, subject=user, slot="2022-09-06")

    results = concurrency.all_at_once(tell, threads=4)

    assert not [r for r in results if isinstance(r, Exception)]
    assert sum(r is not None for r in results) == 1
    assert Notification.objects.filter(recipient=user).count() == 1
    assert Message.objects.filter(channel="in_app", recipient=f"core.user:{user.pk}").count() == 1
