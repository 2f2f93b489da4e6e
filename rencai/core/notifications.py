"""Telling people things: in-app always; SMS and e-mail through pluggable backends.

Settings: `NOTIFICATION_CHANNELS` lists the extra channels ("sms", "email"); the SMS backend is
`SMS_BACKEND` (console in development) and e-mail uses Django's `EMAIL_BACKEND`. Every channel
goes through the outbox (`rencai.core.outbox`): the in-app message is a `core.Message` row
written, already sent, with its notification; the SMS and e-mail are queued with it, sent
after the transaction commits, retried if sending fails, never sent twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from . import clock, outbox
from .choices import MessageState
from .models import Notification, User


def notify(
    *,
    title: str,
    body: str = "",
    link: str = "",
    user: User | None = None,
    subject: models.Model | None = None,
    mobile: str = "",
    email: str = "",
    kind: str = "core.notification",
    slot: str = "",
) -> Notification | None:
    """Tell someone in the app, and by SMS and e-mail on the configured channels, through the
    outbox: the in-app message is written with its notification in this transaction (sent:
    exactly once), the SMS and e-mail are queued and sent once the transaction commits (one
    delivery per transaction, however many notifications it makes).

    A message's id is (`kind`, `subject`, recipient, `slot`, channel). Without a slot (or a
    subject) the notification is its own occurrence: a case told twice (submitted, then
    approved) is two messages. With both, telling the same again does nothing and returns
    None (a reminder for the same day, written by two runs at once: one notification)."""
    extra = list(getattr(settings, "NOTIFICATION_CHANNELS", ["sms"]))
    channels = ["in_app"]
    if "sms" in extra and mobile:
        channels.append("sms")
    if "email" in extra and email:
        channels.append("email")
    notification = Notification(
        recipient=user,
        subject_type=subject._meta.label_lower if subject is not None else "",
        subject_id=str(subject.pk) if subject is not None else "",
        title=title[:200],
        body=body,
        link=link,
        channels=channels,
    )
    once = bool(slot) and subject is not None
    if not once:
        notification.save()
        slot = f"notification:{notification.pk}"
    about = subject if subject is not None else notification
    texts = {"in_app": body, "sms": f"{title} {body}".strip(), "email": body}
    addresses = {"in_app": "", "sms": mobile, "email": email}
    messages = [
        outbox.message(
            kind=kind, subject=about, channel=channel, title=title, body=texts[channel],
            link=link, user=user, address=addresses[channel], slot=slot,
        )
        for channel in channels
    ]  # fmt: skip
    messages[0].state = MessageState.SENT  # in-app: delivered with the notification, below
    messages[0].attempts = 1
    messages[0].sent_at = clock.now()
    added = outbox.queue_new(messages)
    if added - {"in_app"}:  # also when told in the app already: a mobile added since
        subject_type, subject_id = outbox.subject_key(about)
        outbox.deliver_after_commit(
            Q(kind=kind, subject_type=subject_type, subject_id=subject_id, slot=slot)
        )
    if "in_app" not in added:  # told already (same subject and slot)
        return None
    if once:
        notification.save()
    return notification


def attach_to_user(subject: models.Model, user: User) -> int:
    """Give a newly claimed account the notifications addressed to its record."""
    return Notification.objects.filter(
        recipient=None, subject_type=subject._meta.label_lower, subject_id=str(subject.pk)
    ).update(recipient=user)


def unread_count(user) -> int:
    """How many of `user`'s notifications are unread (the menu's and the tab's badge: counted
    once per request, kept on the request's user object)."""
    if user is None or not user.is_authenticated:
        return 0
    cached = getattr(user, "_unread_notifications", None)
    if cached is None:
        cached = Notification.objects.filter(recipient=user, read_at=None).count()
        user._unread_notifications = cached
    return cached


def notifications_of(user) -> models.QuerySet[Notification]:
    """`user`'s own notifications, unread first, then newest first."""
    return Notification.objects.filter(recipient=user).order_by(
        models.F("read_at").desc(nulls_first=True), "-created_at", "-id"
    )


def mark_read(notification: Notification) -> Notification:
    """Mark a notification read when its recipient opens it (once: the first reading counts).

    Not an audit event: reading one's own message changes nothing anyone else relies on.
    """
    if notification.read_at is None:
        notification.read_at = clock.now()
        Notification.objects.filter(pk=notification.pk, read_at=None).update(
            read_at=notification.read_at
        )
    return notification


def mark_all_read(user) -> int:
    """Mark every unread notification of `user` read; returns how many."""
    return Notification.objects.filter(recipient=user, read_at=None).update(read_at=clock.now())
