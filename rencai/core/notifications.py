"""Telling people things: in-app always; SMS and e-mail through pluggable backends.

Settings: `NOTIFICATION_CHANNELS` lists the extra channels ("sms", "email"); the SMS backend is
`SMS_BACKEND` (console in development) and e-mail uses Django's `EMAIL_BACKEND`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import models, transaction

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
