"""Who is a seeker at a fair: a talent registered at it (online, imported, or a walk-in
registered at the door by the events app)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from rencai.core.errors import Conflict
from rencai.events.choices import RegistrationStatus
from rencai.events.models import Registration

from ..errors import FairError


def registration_of(fair, talent) -> Registration | None:
    """The seeker's registration holding a place at the fair (or None)."""
    return Registration.objects.filter(
        event=fair, talent=talent, status=RegistrationStatus.REGISTERED
    ).first()


def is_registered(fair, talent) -> bool:
    return registration_of(fair, talent) is not None


def check_seeker(fair, talent, *, walk_in: bool = False) -> None:
    """The enterprise proposes, and the desk confirms, only for a seeker registered at the
    fair; the desk only for one without an account (others confirm on their phone)."""
    if not is_registered(fair, talent):
        raise Conflict(
            _("This seeker is not registered at this fair."), code=FairError.NOT_REGISTERED
        )
    if walk_in and talent.user_id is not None:
        raise Conflict(
            _("This seeker has an account and confirms on their own phone."),
            code=FairError.HAS_ACCOUNT,
        )
