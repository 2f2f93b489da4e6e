"""A talent claims their registry record: identity document + mobile, then a one-time code.

1. `request_claim_code` — if a record with that document AND that mobile exists and has no
   account, a 6-digit code goes to that mobile (hashed in `OneTimeCode`, 10 minutes, 5 tries).
   The answer never says whether the record exists: a non-match sends nothing but counts
   toward the same per-mobile hourly limit, so the limit does not give the answer away either.
2. `confirm_claim` — the right code, a free username and a valid password create the account,
   link it to the record, give it the talent role, and write one audit event.

A clerk can also link an account at the window (`link_account_at_window`), for a talent they
are serving, in person. Either way the notifications outreach addressed to the record while
it had no account (recipient None) are given to the new account (`attach_to_user`).
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rencai.core import audit, clock
from rencai.core.choices import Role
from rencai.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from rencai.core.models import OneTimeCode, RoleAssignment, User
from rencai.core.notifications import attach_to_user
from rencai.core.sms import send_sms

from .. import permissions
from ..identity import normalise_id_number
from ..models import Talent

PURPOSE = "claim"
CODES_PER_MOBILE_PER_HOUR = 3


class ClaimError(DomainError):
    code = "claim_invalid"


class WrongCode(ClaimError):
    """The code does not match (or there is nothing to match it against)."""

    code = "claim_wrong_code"


class CodeExpired(ClaimError):
    code = "claim_code_expired"


class TooManyAttempts(ClaimError):
    code = "claim_too_many_attempts"


class TooManyCodes(ClaimError):
    status = 429
    code = "claim_rate_limited"


class AlreadyClaimed(Conflict):
    code = "claim_already_claimed"


class InvalidAccount(ClaimError):
    """The chosen username or password is not acceptable (see `fields`)."""

    code = "claim_invalid_account"


def _normalise_mobile(mobile: str) -> str:
    return "".join((mobile or "").split())


def _matching_talent(id_type: str, id_number: str, mobile: str, *, lock: bool = False):
    talents = Talent.objects.filter(
        id_type=id_type, id_number=normalise_id_number(id_number), mobile=mobile
    )
    if lock:
        talents = talents.select_for_update()
    return talents.first()


def request_claim_code(*, id_type: str, id_number: str, mobile: str) -> None:
    """Send a claim code if the details match an unclaimed record; answer alike either way.

    Raises TooManyCodes when this mobile has asked CODES_PER_MOBILE_PER_HOUR times this hour.
    """
    mobile = _normalise_mobile(mobile)
    now = clock.now()
    with transaction.atomic():
        recent = OneTimeCode.objects.filter(
            purpose=PURPOSE, mobile=mobile, created_at__gte=now - timedelta(hours=1)
        ).count()
        if recent >= CODES_PER_MOBILE_PER_HOUR:
            raise TooManyCodes(
                _("Too many codes were requested for this mobile. Try again in an hour.")
            )
        talent = _matching_talent(id_type, id_number, mobile)
        code = OneTimeCode.new_code()
        sendable = talent is not None and talent.user_id is None
        OneTimeCode.objects.create(
            purpose=PURPOSE,
            mobile=mobile,
            # A non-match still leaves a row (with no subject and a code nobody receives),
            # so it counts toward the hourly limit exactly like a match.
            code_hash=OneTimeCode.hash_code(code if sendable else OneTimeCode.new_code()),
            subject=str(talent.pk) if sendable else "",
            created_at=now,
            expires_at=now + OneTimeCode.LIFETIME,
        )
        if sendable:
            text = gettext(
                "Rencai: your code to create your account is %(code)s. "
                "It expires in 10 minutes. Do not share it."
            ) % {"code": code}
            transaction.on_commit(lambda: send_sms(mobile, text))


def _check_code(
    *, talent: Talent | None, mobile: str, code: str
) -> tuple[OneTimeCode | None, ClaimError | None]:
    """Check `code` against the latest claim code for `talent`; count a wrong try.

    Returns the matching code, or the error to raise once the counted try is committed.
    """
    if talent is None:
        return None, WrongCode(_("The code is not correct."))
    otp = (
        OneTimeCode.objects.select_for_update()
        .filter(purpose=PURPOSE, mobile=mobile, subject=str(talent.pk), used_at__isnull=True)
        .order_by("-created_at", "-pk")
        .first()
    )
    if otp is None:
        return None, WrongCode(_("The code is not correct."))
    if otp.expires_at <= clock.now():
        return None, CodeExpired(_("The code has expired. Ask for a new one."))
    if otp.attempts >= OneTimeCode.MAX_ATTEMPTS:
        return None, TooManyAttempts(_("The code was tried too many times. Ask for a new one."))
    if not constant_time_compare(OneTimeCode.hash_code(code.strip()), otp.code_hash):
        otp.attempts += 1
        otp.save(update_fields=["attempts"])
        return None, WrongCode(_("The code is not correct."))
    return otp, None


def _check_account(username: str, password: str, talent: Talent) -> None:
    errors: dict[str, list[str]] = {}
    try:
        User.username_validator(username)
    except ValidationError as exc:
        errors["username"] = list(exc.messages)
    if not username:
        errors["username"] = [gettext("Choose a username.")]
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = [gettext("This username is taken. Choose another.")]
    try:
        validate_password(
            password, user=User(username=username, display_name=talent.name, mobile=talent.mobile)
        )
    except ValidationError as exc:
        errors["password"] = list(exc.messages)
    if errors:
        raise InvalidAccount(_("Check the username and password."), fields=errors)


def confirm_claim(
    *, id_type: str, id_number: str, mobile: str, code: str, username: str, password: str
) -> User:
    """Check the code and create the talent's account, linked to their record.

    Raises WrongCode, CodeExpired, TooManyAttempts, AlreadyClaimed or InvalidAccount.
    """
    mobile = _normalise_mobile(mobile)
    username = (username or "").strip()
    with transaction.atomic():
        talent = _matching_talent(id_type, id_number, mobile, lock=True)
        otp, error = _check_code(talent=talent, mobile=mobile, code=code or "")
        if otp is not None:
            if talent.user_id is not None:
                error = AlreadyClaimed(
                    _("This record already has an account. Log in, or ask at a service window.")
                )
            else:
                _check_account(username, password, talent)
                return _create_account(talent, otp, username=username, password=password)
    # Outside the atomic block: the counted wrong try is committed before we refuse.
    raise error


def _new_account(talent: Talent, *, username: str, password: str) -> tuple[User, int]:
    """The talent's account, linked to the record, with the notifications addressed to the
    record before it had one; returns the account and how many notifications it received."""
    user = User(username=username, display_name=talent.name, mobile=talent.mobile)
    user.set_password(password)
    user.save()
    RoleAssignment.objects.create(user=user, role=Role.TALENT)
    talent.user = user
    talent.save(update_fields=["user", "updated_at"])
    return user, attach_to_user(talent, user)


def _create_account(talent: Talent, otp: OneTimeCode, *, username: str, password: str) -> User:
    user, attached = _new_account(talent, username=username, password=password)
    otp.used_at = clock.now()
    otp.save(update_fields=["used_at"])
    audit.record(
        user,
        "talent.claim",
        talent,
        changes={"user": [None, username], "notifications": attached},
    )
    return user


def link_account_at_window(talent: Talent, *, actor, username: str, password: str) -> User:
    """A clerk serving the talent, in person, creates and links their account (audited).

    The clerk must have the talent at the counter (`permissions.is_serving`); a record that
    already has an account is refused, as a claim would be.
    """
    if not Talent.objects.for_actor(actor).filter(pk=talent.pk).exists():
        raise NotFound(_("Not found."))
    if not permissions.is_serving(actor, talent):
        raise PermissionDenied(_("Only a clerk serving this talent may link their account."))
    with transaction.atomic():
        locked = Talent.objects.select_for_update().get(pk=talent.pk)
        if locked.user_id is not None:
            raise AlreadyClaimed(
                _("This record already has an account. Log in, or ask at a service window.")
            )
        _check_account(username, password, locked)
        user, attached = _new_account(locked, username=username, password=password)
        audit.record(
            actor,
            "talent.link_account",
            locked,
            changes={"user": [None, username], "notifications": attached},
        )
    talent.user = user
    return user
