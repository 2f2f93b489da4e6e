"""The talent visibility providers `talents` registers itself (`visibility.py` is the registry):
county officers see their county, a talent themself, and window clerks while serving.
"""

from __future__ import annotations

from datetime import datetime, time

from django.db.models import Q
from django.utils import timezone

from rencai.core.choices import Role
from rencai.core.permissions import Roles

from .models import WindowVisit
from .visibility import register_provider


def start_of_today() -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate(), time.min))


def _county_officers(actor, roles: Roles) -> Q | None:
    divisions = roles.division_ids(Role.COUNTY_OFFICER)
    return Q(county_id__in=sorted(divisions)) if divisions else None


def _talent_themself(actor, roles: Roles) -> Q | None:
    return Q(user_id=actor.pk) if roles.has(Role.TALENT) else None


def clerk_serving_q(actor, roles: Roles) -> Q | None:
    """A clerk sees the talents opened at their service point today (found or registered)."""
    points = roles.organisation_ids(Role.WINDOW_CLERK)
    if not points:
        return None
    visits = WindowVisit.objects.filter(
        service_point_id__in=sorted(points), opened_at__gte=start_of_today()
    ).values("talent_id")
    return Q(pk__in=visits)


def register_builtin_providers() -> None:
    """Called by `TalentsConfig.ready()`."""
    register_provider("talents.county_officers", _county_officers)
    register_provider("talents.talent_themself", _talent_themself)
    register_provider("talents.window_clerks", clerk_serving_q)
