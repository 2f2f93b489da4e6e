"""The outbox: every outgoing message has an id, a state, and is sent once.

A message (`core.Message`) is queued in the same transaction as the work it tells about (a
reminder, a bulletin, an outreach run's notices): if that work rolls back — a worker killed
halfway — no message is left behind; if it commits, so does the message. Its id is the unique
(kind, subject, recipient, slot, channel); queuing the same message again does nothing.

`deliver()` then sends what is queued, a batch (`BATCH`) per transaction: it claims the rows
with `SELECT … FOR UPDATE SKIP LOCKED` (two senders never take the same message), calls each
message's channel, and marks each row sent (or notes the error and, after `MAX_ATTEMPTS`,
gives up) in that transaction. A message marked sent is never picked again. Delivery is tried
once after the work's transaction commits (`deliver_after_commit`: one delivery per
transaction, however many messages it queued) and again by the hourly job `core.outbox` for
what failed (`BACKOFF` between attempts). The daily job `core.outbox_purge` deletes sent and
given-up messages older than `OUTBOX_RETENTION_DAYS`.

Channels are a registry (`register_channel`): "in_app" writes the `Notification` row inside
the claiming transaction, so it happens exactly once. `notify()` and outreach write their
in-app rows already sent, with their notifications, in the work's own transaction (a repeated
id writes no second notification: `queue_new`). "sms" and "email" call the outside
world, which cannot join the transaction: a process killed after the gateway accepted a
message and before its batch committed sends that batch's messages again on the next run. So
each send carries the message's key (`message_key`, the same on every attempt): the SMS
backend gets it as `message_id`, an e-mail as its `Message-ID` and `X-Rencai-Message-Id`
headers. Delivery is exactly once at a gateway that honours that key as an idempotency key
(drops a repeated id: tests/faults/test_gateway.py) and at least once at one that does not.
"""

from __future__ import annotations

import logging
import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import reduce

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.tasks import task

from . import clock, faults
from .choices import MessageState
from .models import Message, Notification, User

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BACKOFF = timedelta(minutes=5)  # doubled after each failed attempt: 5, 10, 20, 40 minutes
BATCH = 100  # messages claimed, sent and marked per transaction

Send = Callable[[Message], None]
_channels: dict[str, Send] = {}


def register_channel(name: str, send: Send) -> None:
    """Add (or replace) a channel: `send(message)` delivers it or raises."""
    _channels[name] = send


def channel_names() -> list[str]:
    return sorted(_channels)


def _in_app(message: Message) -> None:
    Notification.objects.create(
        recipient=message.user,
        subject_type=message.subject_type,
        subject_id=message.subject_id,
        title=message.title,
        body=message.body,
        link=message.link,
        channels=["in_app"],
    )


def message_key(message: Message) -> str:
    """The id a gateway sees for this message, the same on every attempt: "rencai-<pk>"."""
    return f"rencai-{message.pk}"


def _sms(message: Message) -> None:
    from .sms import send_sms

    send_sms(message.address, message.body or message.title, message_id=message_key(message))


def _email(message: Message) -> None:
    from django.core.mail import EmailMessage

    key = message_key(message)
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "localhost"
    EmailMessage(
        subject=message.title,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.address],
        headers={"Message-ID": f"<{key}@{domain}>", "X-Rencai-Message-Id": key},
    ).send()


register_channel("in_app", _in_app)
register_channel("sms", _sms)
register_channel("email", _email)


# --- queuing -------------------------------------------------------------------------------


def subject_key(subject: models.Model) -> tuple[str, str]:
    return subject._meta.label_lower, str(subject.pk)


def message(
    *,
    kind: str,
    subject: models.Model,
    channel: str,
    title: str,
    body: str = "",
    link: str = "",
    user: User | None = None,
    address: str = "",
    recipient: str = "",
    slot: str = "",
) -> Message:
    """An unsaved message; `recipient` defaults to the user ("core.user:5") or the address."""
    if channel not in _channels:
        raise LookupError(f"no message channel {channel!r}; known: {channel_names()}")
    subject_type, subject_id = subject_key(subject)
    return Message(
        kind=kind,
        subject_type=subject_type,
        subject_id=subject_id,
        recipient=recipient or (f"core.user:{user.pk}" if user is not None else address),
        slot=slot,
        channel=channel,
        user=user,
        address=address,
        title=str(title)[:200],
        body=str(body),
        link=link,
        next_attempt_at=clock.now(),
        created_at=clock.now(),
    )


def queue(messages: list[Message]) -> None:
    """Queue messages, skipping any already queued or sent (same id)."""
    Message.objects.bulk_create(messages, ignore_conflicts=True)


def queue_new(messages: list[Message]) -> set[str]:
    """Queue messages, skipping any already there (same id); returns the channels of those
    this call added — one `INSERT … ON CONFLICT DO NOTHING RETURNING` (PostgreSQL, SQLite ≥
    3.35), so that a caller writes what goes with a message (its in-app notification) only if
    the message is new, even with another transaction queuing the same id at once."""
    if not messages:
        return set()
    connection = transaction.get_connection()
    quote = connection.ops.quote_name
    fields = [f for f in Message._meta.concrete_fields if not f.primary_key]
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    params = [
        f.get_db_prep_save(f.pre_save(message, add=True), connection)
        for message in messages
        for f in fields
    ]
    columns = ", ".join(quote(f.column) for f in fields)
    sql = (
        f"INSERT INTO {quote(Message._meta.db_table)} ({columns})"  # noqa: S608 (identifiers)
        f" VALUES {', '.join([row] * len(messages))}"
        f" ON CONFLICT DO NOTHING RETURNING {quote('channel')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {channel for (channel,) in cursor.fetchall()}


# --- sending -------------------------------------------------------------------------------


@dataclass
class Delivered:
    sent: int = 0
    retried: int = 0
    given_up: int = 0
    errors: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.sent} sent, {self.retried} to retry, {self.given_up} given up"


def backoff(attempts: int) -> timedelta:
    return BACKOFF * 2 ** max(attempts - 1, 0)


def deliver(only: Q | None = None, *, limit: int = 100_000, batch: int = BATCH) -> Delivered:
    """Send the queued messages that are due (of `only`, when given), a batch per transaction."""
    done = Delivered()
    handled = 0
    while handled < limit:
        with transaction.atomic():
            due = Message.objects.filter(
                state=MessageState.QUEUED, next_attempt_at__lte=clock.now()
            )
            if only is not None:
                due = due.filter(only)
            claimed = list(
                due.select_for_update(skip_locked=True).order_by("next_attempt_at", "pk")[
                    : min(batch, limit - handled)
                ]
            )
            if not claimed:
                break
            for message in claimed:
                _attempt(message, done)
                faults.step("outbox.message")
            Message.objects.bulk_update(claimed, MARKED)
        handled += len(claimed)
    return done


MARKED = ["attempts", "state", "sent_at", "last_error", "next_attempt_at"]


def _attempt(message: Message, done: Delivered) -> None:
    message.attempts += 1
    try:
        with transaction.atomic():  # a channel's own writes go if it fails
            _channels[message.channel](message)
    except Exception as exc:
        logger.warning("message %s (%s) failed: %s", message.pk, message.channel, exc)
        message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        done.errors.append(message.last_error)
        if message.attempts >= MAX_ATTEMPTS:
            message.state = MessageState.FAILED
            done.given_up += 1
        else:
            message.next_attempt_at = clock.now() + backoff(message.attempts)
            done.retried += 1
    else:
        message.state = MessageState.SENT
        message.sent_at = clock.now()
        message.last_error = ""
        done.sent += 1


class _AfterCommit:
    """The one delivery a transaction runs after its commit: the messages of every
    `deliver_after_commit` inside it, in one `deliver()` (a reminder run telling 100 people
    sends once, not 100 times with 5 queries each)."""

    MAX_TERMS = 50  # past this many asks, deliver everything due (no giant OR of filters)

    def __init__(self) -> None:
        self.only: list[Q] = []

    def __call__(self) -> None:
        if len(self.only) > self.MAX_TERMS:
            deliver()  # what is due includes these: one WHERE clause whatever the count
        else:
            deliver(reduce(operator.or_, self.only))


def deliver_after_commit(only: Q) -> None:
    """Send these messages once the current transaction commits (in this process): one
    delivery per transaction, however many times it asks. A savepoint rolled back takes its
    messages with it (and, if it was the first to ask, the pending delivery: the next ask
    starts another)."""
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        for _sids, callback, _robust in connection.run_on_commit:
            if isinstance(callback, _AfterCommit):
                callback.only.append(only)
                return
    after = _AfterCommit()
    after.only.append(only)
    transaction.on_commit(after)


def sweep(slot) -> str:
    """The hourly job `core.outbox`: once its run commits, send every message due (the ones
    whose first attempt failed or never happened: a process killed before sending)."""
    transaction.on_commit(lambda: deliver_messages_task.enqueue())
    queued = Message.objects.filter(state=MessageState.QUEUED).count()
    return f"{queued} queued"


@task()
def deliver_messages_task() -> str:
    """Send every message that is due (a `manage.py db_worker` runs it)."""
    return str(deliver())


# --- purging -------------------------------------------------------------------------------

PURGE_BATCH = 1000  # messages deleted per statement
PURGE_MAX_PER_RUN = 100_000  # messages deleted per run (an hour): 2.4 million a day at most
FINISHED = [MessageState.SENT, MessageState.FAILED]  # never a queued one


def purge(slot) -> str:
    """The hourly job `core.outbox_purge`: delete the sent and given-up messages created more
    than `OUTBOX_RETENTION_DAYS` days ago (default 180), `PURGE_BATCH` at a time in order of
    id, at most `PURGE_MAX_PER_RUN` a run; a queued message is never deleted, whatever its
    age. Audited with the count. A scheduled job runs in one transaction (its work and its
    "done" mark commit together), so a run is bounded: a backlog — the first purge of an
    outbox that has grown for years — is deleted over the following hours, each hour's
    transaction short, not in one transaction that holds its locks for as long as it takes.

    A purged message's id is free again: queuing the same (kind, subject, recipient, slot,
    channel) after the retention period would send it again. Every kind's slot is a date or
    an object of its time, so nothing re-queues a message half a year old."""
    days = int(getattr(settings, "OUTBOX_RETENTION_DAYS", 180))
    before = clock.now() - timedelta(days=days)
    old = Message.objects.filter(state__in=FINISHED, created_at__lt=before).order_by("pk")
    deleted, last = 0, 0
    while deleted < PURGE_MAX_PER_RUN:
        batch = min(PURGE_BATCH, PURGE_MAX_PER_RUN - deleted)
        ids = list(old.filter(pk__gt=last).values_list("pk", flat=True)[:batch])
        if not ids:
            break
        deleted += Message.objects.filter(pk__in=ids, state__in=FINISHED).delete()[0]
        last = ids[-1]
    from . import audit

    audit.record(
        None,
        "outbox.purge",
        target_type="core.message",
        changes={"deleted": deleted, "retention_days": days},
    )
    return f"{deleted} purged (older than {days} days)"
