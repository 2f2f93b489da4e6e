"""The second factor for staff: a TOTP authenticator (django-otp) and one-time recovery codes.

Who: any user who has enrolled verifies a six-digit code at each log-in; a user of a role in
`OTP_REQUIRED_ROLES` (by default the roles that may reveal identity numbers or pay money) must
enrol first and can do nothing else until then (`SecondFactorMiddleware`). The API's token is
issued to such a user only with a valid `otp` code beside the password (`core.api.views`).
Every step is audited: enrolment, a verification that succeeded or failed, a recovery code
used, a device removed by an administrator (`core.admin`).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import audit
from .permissions import roles_of


def is_required(user) -> bool:
    """Must this user have a second factor? (A role in OTP_REQUIRED_ROLES.)"""
    required = tuple(getattr(settings, "OTP_REQUIRED_ROLES", ()))
    return bool(required) and roles_of(user).has(*required)


def has_device(user) -> bool:
    return user_has_device(user, confirmed=True)


def pending_device(user) -> TOTPDevice:
    """The unconfirmed authenticator being enrolled (made on the first visit, kept until
    confirmed so that a reload shows the same QR code)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=_("Authenticator"), confirmed=False)


def confirm_enrolment(user, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the authenticator with its first code: the new recovery codes (shown once), or
    None when the code is wrong."""
    if not device.verify_token(token.strip()):
        audit.record(user, "user.second_factor_failed", user, changes={"during": "enrol"})
        return None
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        codes = new_recovery_codes(user)
        audit.record(user, "user.second_factor_enrolled", user, changes={"device": device.name})
    return codes


def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with fresh ones (each works once)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=_("Recovery codes"), confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.OTP_RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def verify(user, token: str, *, via: str = "page"):
    """The confirmed device that accepts the code (an authenticator's code or a recovery code,
    which is then used up), or None. Audited either way."""
    token = (token or "").strip().replace(" ", "")
    with transaction.atomic():
        device = _accepting_device(user, token)
        if device is None:
            audit.record(
                user, "user.second_factor_failed", user, changes={"during": "verify", "via": via}
            )
        return device


def _accepting_device(user, token: str):
    if token:
        # Locked while checked: one code cannot be used twice by two requests at once.
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if device.verify_token(token):
                if isinstance(device, StaticDevice):
                    remaining = device.token_set.count()
                    audit.record(
                        user,
                        "user.recovery_code_used",
                        user,
                        changes={"remaining": remaining},
                    )
                else:
                    audit.record(user, "user.second_factor_verified", user)
                return device
    return None


# Pages a user who still owes the second factor may reach: the two steps, leaving, the language.
OPEN_ROUTES = ("core:second-factor", "core:second-factor-enrol", "core:logout", "core:login")
OPEN_PREFIXES = ("/static/", "/i18n/", "/favicon")


# What the session knows about its user's second factor, noted once at log-in so that pages
# cost no query for it: "owed" (a device, or a role that requires one) or "none".
SESSION_KEY = "rencai_second_factor"


def owes(user) -> bool:
    return is_required(user) or has_device(user)


@receiver(user_logged_in)
def note_at_log_in(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = "owed" if owes(user) else "none"


class SecondFactorMiddleware:
    """After log-in, a user who owes the second factor is sent to verify it (or to enrol, for
    a required role without a device) and reaches nothing else until then."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return self.get_response(request)
        state = request.session.get(SESSION_KEY)
        if state is None:  # a session older than the second factor
            state = request.session[SESSION_KEY] = "owed" if owes(user) else "none"
        if state == "none":
            return self.get_response(request)
        path = request.path_info
        if path.startswith(OPEN_PREFIXES) or path in {reverse(name) for name in OPEN_ROUTES}:
            return self.get_response(request)
        if has_device(user):
            step = "core:second-factor"
        elif is_required(user):
            step = "core:second-factor-enrol"
        else:  # an administrator removed the device of a role that does not require one
            request.session[SESSION_KEY] = "none"
            return self.get_response(request)
        if path.startswith("/api/"):
            return JsonResponse(
                {"detail": _("Verify your second factor first."), "code": "second_factor"},
                status=403,
            )
        return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
