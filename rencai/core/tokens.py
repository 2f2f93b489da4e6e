"""API tokens: issued for `API_TOKEN_LIFETIME`, revoked on a password change and a lock-out.

A token (DRF's `authtoken.Token`, one per user) is refused once older than the lifetime
(`ExpiringTokenAuthentication` answers 401 and deletes it); asking again issues a fresh one.
`User.set_password` revokes the user's token when the new password is saved, and django-axes'
lock-out signal revokes the locked-out user's token: a stolen token dies with the password.
"""

from __future__ import annotations

from datetime import datetime

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from rest_framework.authtoken.models import Token

from . import audit


def expires_at(token: Token) -> datetime:
    return token.created + settings.API_TOKEN_LIFETIME


def has_expired(token: Token) -> bool:
    return timezone.now() >= expires_at(token)


def issue_token(user) -> Token:
    """The user's token, or a fresh one when there is none or it has expired."""
    # get_or_create: two sign-ins at once share one token instead of one of them failing.
    token, _created = Token.objects.get_or_create(user=user)
    if has_expired(token):
        Token.objects.filter(pk=token.pk).delete()
        token, _created = Token.objects.get_or_create(user=user)
    return token


def revoke_tokens(user, *, reason: str, actor=None) -> int:
    """Delete the user's API token (audited when there was one); how many were deleted."""
    deleted, _ = Token.objects.filter(user=user).delete()
    if deleted:
        audit.record(actor, "api_token.revoke", user, changes={"reason": reason})
    return deleted


@receiver(user_locked_out, dispatch_uid="rencai.core.tokens.revoke_on_lockout")
def _revoke_on_lockout(sender, request=None, username=None, **kwargs) -> None:
    if not username:
        return
    user = get_user_model().objects.filter(username=username).first()
    if user is not None:
        revoke_tokens(user, reason="locked_out")


@receiver(post_save, dispatch_uid="rencai.core.tokens.revoke_on_password_change")
def _revoke_on_password_change(sender, instance, **kwargs) -> None:
    if sender is get_user_model() and getattr(instance, "_password_changed", False):
        instance._password_changed = False
        revoke_tokens(instance, reason="password_changed")
