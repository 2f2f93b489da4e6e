"""Exactly once at a gateway that honours the message id: a sender killed (SIGKILL) after the
gateway accepted part of a batch, before the batch was marked sent, sends that batch again on
the next run — with the same ids, so the gateway drops the repeat and each person gets the
text once. The gateway is a real HTTP server (`gateway.py`); the sender a real `manage.py`
process (`worker.kill_midway`)."""

from __future__ import annotations

import pytest
from django.db import connection

from rencai.core import outbox
from rencai.core.models import Message
from rencai.core.tests.factories import make_user

from .gateway import Gateway
from .worker import kill_midway

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="kills a sender mid-batch"),
]
BACKEND = "tests.faults.gateway.GatewaySmsBackend"


def test_a_sender_killed_after_the_gateway_accepted_part_of_a_batch_sends_each_text_once(
    settings, tmp_path
):
    users = [make_user(mobile=f"1370000000{n}") for n in range(5)]
    outbox.queue(
        [
            outbox.message(
                kind="test.sms", subject=user, channel="sms", title="通知",
                body=f"请{user.pk}号于本周内办理。", user=user, address=user.mobile,
            )
            for user in users
        ]
    )  # fmt: skip
    messages = list(Message.objects.filter(kind="test.sms").order_by("next_attempt_at", "pk"))
    keys = [outbox.message_key(m) for m in messages]

    with Gateway() as gateway:
        kill_midway(
            ["shell", "-c",
             f"from django.conf import settings; settings.SMS_BACKEND = {BACKEND!r}; "
             f"settings.SMS_GATEWAY_URL = {gateway.url!r}; "
             "from rencai.core import outbox; outbox.deliver(batch=2)"],
            step="outbox.message",
            after=3,  # the first batch of two marked sent; the third accepted, not marked
            tmp_path=tmp_path,
        )  # fmt: skip

        assert gateway.received == keys[:3]
        assert Message.objects.filter(kind="test.sms", state="sent").count() == 2

        settings.SMS_BACKEND = BACKEND
        settings.SMS_GATEWAY_URL = gateway.url
        again = outbox.deliver()
        outbox.deliver()

    assert again.sent == 3  # the third sent again (with its id), the fourth and fifth
    assert gateway.received == [*keys[:3], keys[2], *keys[3:]]  # the repeat: the third's id
    assert set(Message.objects.filter(kind="test.sms").values_list("state", flat=True)) == {"sent"}
    assert gateway.delivered == {
        outbox.message_key(m): (m.address, m.body) for m in messages
    }  # each recipient got their text once, under the message's id
    assert sorted(mobile for mobile, _text in gateway.delivered.values()) == sorted(
        u.mobile for u in users
    )
