"""Telling people things: in-app always; SMS and e-mail through pluggable backends.

Settings: `NOTIFICATION_CHANNELS` lists the extra channels ("sms", "email"); the SMS backend is
`SMS_BACKEND` (console in development) and e-mail uses Django's `EMAIL_BACKEND`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import models, transaction

from . import clock
from .models import Notification, User
from .sms import send_sms


def notify(
    *,
    title: str,
    body: str = "",
    link: str = "",
    user: User | None = None,
    subject: models.Model | None = None,
    mobile: str = "",
    email: str = "",
) -> Notification:
    """Store an in-app notification and send it on the configured channels after commit."""
    extra = list(getattr(settings, "NOTIFICATION_CHANNELS", ["sms"]))
    channels = ["in_app"]
    if "sms" in extra and mobile:
        channels.append("sms")
    if "email" in extra and email:
        channels.append("email")
    notification = Notification.objects.create(
        recipient=user,
        subject_type=subject._meta.label_lower if subject is not None else "",
        subject_id=str(subject.pk) if subject is not None else "",
        title=title[:200],
        body=body,
        link=link,
        channels=channels,
    )
    if "sms" in channels:
        transaction.on_commit(lambda: send_sms(mobile, f"{title} {body}".strip()))
    if "email" in channels:
        transaction.on_commit(
            lambda: send_mail(title, body, settings.DEFAULT_FROM_EMAIL, [email], fail_silently=True)
        )
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
