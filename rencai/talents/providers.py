"""The talent visibility providers `talents` registers itself (`visibility.py` is the registry):
county officers see their county, a talent themself, window clerks while serving, and the
officers who found a talent to serve today.
"""

from __future__ import annotations

from datetime import datetime, time

from django.db.models import Q
from django.utils import timezone

from rencai.core import clock
from rencai.core.choices import Role
from rencai.core.permissions import Roles

from .models import WindowVisit
from .visibility import COUNTY_LOOKUP, register_provider


def start_of_today() -> datetime:
    return timezone.make_aware(datetime.combine(clock.today(), time.min))


def _county_officers(actor, roles: Roles) -> Q | None:
    divisions = roles.division_ids(Role.COUNTY_OFFICER)
    return Q(**{COUNTY_LOOKUP: sorted(divisions)}) if divisions else None


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


# Roles a find opens a talent to for the day (services.finding), beside the window clerk.
OFFICE_FINDERS = (Role.DEPARTMENT_OFFICER, Role.HOSPITAL_LIAISON, Role.BANK_OFFICER)


def found_to_serve_q(actor, roles: Roles) -> Q | None:
    """A liaison, department or bank officer sees the talents their organisation found today
    by exact identifiers (to serve them: a first booking, a loan application on a visit)."""
    organisations: set[int] = set()
    for role in OFFICE_FINDERS:
        organisations |= roles.organisation_ids(role)
    if not organisations:
        return None
    visits = WindowVisit.objects.filter(
        service_point_id__in=sorted(organisations), opened_at__gte=start_of_today()
    ).values("talent_id")
    return Q(pk__in=visits)


def register_builtin_providers() -> None:
    """Called by `TalentsConfig.ready()`."""
    register_provider("talents.county_officers", _county_officers)
    register_provider("talents.talent_themself", _talent_themself)
    register_provider("talents.window_clerks", clerk_serving_q)
    register_provider("talents.found_to_serve", found_to_serve_q)
