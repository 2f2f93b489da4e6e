"""Log-in with a mobile and a one-time SMS code, beside the password (as 浙里办 and 粤省事 do).

1. `request_login_code(mobile, ip=…)` — when exactly one active account with the talent role
   has this mobile verified, a 6-digit code goes to it through the SMS backend (hashed in
   `OneTimeCode`, purpose "login", 10 minutes, 5 tries). The answer never says whether such an
   account exists: an unknown mobile still leaves a row (a code nobody receives) and counts
   toward the same limits. Limits: one code a minute and 5 an hour per mobile, 20 an hour per
   address. Each request is audited (`auth.sms_code`, the mobile masked, the address kept: the
   per-address limit counts these events).
2. `SmsCodeBackend` — `authenticate(request, username=<mobile>, sms_code=<code>)`: the right,
   unexpired, unused code of the latest request logs the account in. Going through
   `django.contrib.auth.authenticate` keeps django-axes in the loop exactly as for the
   password: each failure is an `AccessAttempt` (per mobile, 5 then locked for 30 minutes),
   each log-in an `AccessLog`; a success is also audited (`auth.sms_login`).

Which accounts own a mobile ("verified") is not core's to know: an app registers a lookup
(`register_mobile_owners`); `talents` registers the talents whose linked registry record has
that mobile — confirmed by the claim's code, or in person at the window.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.contrib.auth.backends import BaseBackend
from django.db import transaction
from django.db.models import QuerySet
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import audit, clock
from .choices import Role
from .errors import DomainError
from .masking import mask_mobile
from .models import AuditEvent, OneTimeCode, User
from .sms import send_sms

PURPOSE = "login"
CODE_INTERVAL = timedelta(seconds=60)
CODES_PER_MOBILE_PER_HOUR = 5
CODES_PER_ADDRESS_PER_HOUR = 20
REQUEST_ACTION = "auth.sms_code"
LOGIN_ACTION = "auth.sms_login"

MobileOwners = Callable[[str], QuerySet[User]]
_owner_lookups: dict[str, MobileOwners] = {}


def register_mobile_owners(name: str, lookup: MobileOwners) -> None:
    """`lookup(mobile)` → the accounts whose ownership of `mobile` was verified."""
    _owner_lookups[name] = lookup


class TooManyCodes(DomainError):
    status = 429
    code = "sms_login_rate_limited"


class CodeRefused(DomainError):
    """Wrong, expired, used up or never sent: the log-in page says so in general terms."""

    code = "sms_login_refused"


def normalise_mobile(mobile: str) -> str:
    return "".join((mobile or "").split())


def account_for_mobile(mobile: str) -> User | None:
    """The one active talent account that owns `mobile`, or None (none, or several)."""
    if not mobile:
        return None
    ids: set[int] = set()
    for lookup in _owner_lookups.values():
        ids.update(lookup(mobile).values_list("pk", flat=True))
    users = list(
        User.objects.filter(
            pk__in=ids, is_active=True, role_assignments__role=Role.TALENT
        ).distinct()[:2]
    )
    return users[0] if len(users) == 1 else None


def _check_limits(mobile: str, ip: str, now) -> None:
    codes = OneTimeCode.objects.filter(purpose=PURPOSE, mobile=mobile)
    if codes.filter(created_at__gt=now - CODE_INTERVAL).exists():
        raise TooManyCodes(
            _("A code was sent less than a minute ago. Wait a minute, then ask again.")
        )
    if codes.filter(created_at__gte=now - timedelta(hours=1)).count() >= CODES_PER_MOBILE_PER_HOUR:
        raise TooManyCodes(
            _("Too many codes were requested for this mobile. Try again in an hour.")
        )
    if (
        ip
        and AuditEvent.objects.filter(
            action=REQUEST_ACTION, created_at__gte=now - timedelta(hours=1), changes__ip=ip
        ).count()
        >= CODES_PER_ADDRESS_PER_HOUR
    ):
        raise TooManyCodes(_("Too many codes were requested from this address. Try again later."))


def request_login_code(mobile: str, *, ip: str = "") -> None:
    """Send a log-in code if `mobile` belongs to a talent's account; answer alike either way.

    Raises TooManyCodes past the per-mobile or per-address limits (for any mobile alike).
    """
    mobile = normalise_mobile(mobile)
    now = clock.now()
    with transaction.atomic():
        _check_limits(mobile, ip, now)
        user = account_for_mobile(mobile)
        code = OneTimeCode.new_code()
        OneTimeCode.objects.create(
            purpose=PURPOSE,
            mobile=mobile,
            code_hash=OneTimeCode.hash_code(code if user else OneTimeCode.new_code()),
            subject=str(user.pk) if user else "",
            created_at=now,
            expires_at=now + OneTimeCode.LIFETIME,
        )
        audit.record(
            None,
            REQUEST_ACTION,
            target_type="core.user",
            target_repr=mask_mobile(mobile),
            changes={"mobile": mask_mobile(mobile), "ip": ip},
        )
        if user is not None:
            text = gettext(
                "Rencai: your log-in code is %(code)s. It expires in 10 minutes. "
                "Do not share it with anyone."
            ) % {"code": code}
            transaction.on_commit(lambda: send_sms(mobile, text))


def check_login_code(mobile: str, code: str) -> User:
    """The account the latest code for `mobile` was sent to, when `code` is it (used once).

    Raises CodeRefused otherwise; a wrong try is counted (and committed) before refusing.
    """
    mobile = normalise_mobile(mobile)
    code = (code or "").strip()
    refused: CodeRefused
    with transaction.atomic():
        otp = (
            OneTimeCode.objects.select_for_update()
            .filter(purpose=PURPOSE, mobile=mobile, used_at__isnull=True)
            .order_by("-created_at", "-pk")
            .first()
        )
        if otp is None:
            refused = CodeRefused(_("The mobile number or the code is not correct."))
        elif otp.expires_at <= clock.now():
            refused = CodeRefused(_("The code has expired. Ask for a new one."))
        elif otp.attempts >= OneTimeCode.MAX_ATTEMPTS:
            refused = CodeRefused(_("The code was tried too many times. Ask for a new one."))
        elif not otp.subject or not constant_time_compare(
            OneTimeCode.hash_code(code), otp.code_hash
        ):
            otp.attempts += 1
            otp.save(update_fields=["attempts"])
            refused = CodeRefused(_("The mobile number or the code is not correct."))
        else:
            user = User.objects.filter(pk=otp.subject, is_active=True).first()
            if user is None or account_for_mobile(mobile) != user:
                refused = CodeRefused(_("The mobile number or the code is not correct."))
            else:
                otp.used_at = clock.now()
                otp.save(update_fields=["used_at"])
                audit.record(user, LOGIN_ACTION, user, changes={"mobile": mask_mobile(mobile)})
                return user
    raise refused


class SmsCodeBackend(BaseBackend):
    """An authentication backend for `authenticate(request, username=<mobile>, sms_code=…)`.

    The mobile travels as `username` so that django-axes counts failures per mobile, as it
    counts the password's per username. The reason of a refusal is kept on the request
    (`request.sms_login_error`) for the page to show.
    """

    def authenticate(self, request, username=None, sms_code=None, **kwargs):
        if sms_code is None or username is None:
            return None
        try:
            return check_login_code(username, sms_code)
        except CodeRefused as exc:
            if request is not None:
                request.sms_login_error = exc
            return None

    def get_user(self, user_id):
        return User.objects.filter(pk=user_id, is_active=True).first()
