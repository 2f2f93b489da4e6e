"""Which talents an actor may see: the union of talent visibility providers.

`talents` keeps the registry and its own providers (the city-wide roles, county officers,
window clerks while serving, liaisons and department and bank officers for the talents their
organisation found today to serve, the talent themself). Later apps register theirs in their
`AppConfig.ready()` — the desk: talents with cases in my department; medical: talents with
appointments at my hospital — each returning a `Q` on Talent (usually `pk__in=<subquery>`),
or None when it grants nothing. No app reaches into another's tables to decide visibility.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time

from django.db.models import Q
from django.utils import timezone

from rencai.core import clock
from rencai.core.choices import Role
from rencai.core.permissions import Roles, roles_of

Provider = Callable[[object, Roles], "Q | None"]
EVERYONE = Q()
NOBODY = Q(pk__in=[])

_providers: dict[str, Provider] = {}


def register_provider(name: str, provider: Provider) -> None:
    """Add (or replace) a provider; `name` keeps registration idempotent across reloads."""
    _providers[name] = provider


def unregister_provider(name: str) -> None:
    _providers.pop(name, None)


def visible_talents_q(actor) -> Q:
    roles = roles_of(actor)
    if not roles.scopes:
        return NOBODY
    if roles.is_city_wide:
        return EVERYONE
    return _union([p(actor, roles) for p in _providers.values()])


def _union(answers: list[Q | None]) -> Q:
    """The providers' grants OR-ed. A grant of everyone (an empty Q) wins outright: Django
    drops an empty Q from `Q() | q`, which would narrow "everyone" to `q`."""
    grants = [q for q in answers if q is not None]
    if not grants:
        return NOBODY
    if any(not q for q in grants):
        return EVERYONE
    combined = grants[0]
    for q in grants[1:]:
        combined |= q
    return combined


def visible_as(actor, *roles: str) -> Q:
    """The talents the actor sees through the given roles alone (the providers asked with
    only those role assignments): a department officer who is also a hospital liaison
    reveals for the talents of their department's records, not for the hospital's."""
    held = roles_of(actor)
    only = Roles(actor)
    only.__dict__["scopes"] = tuple(s for s in held.scopes if s.role in roles)
    if not only.scopes:
        return NOBODY
    if only.is_city_wide:
        return EVERYONE
    return _union([p(actor, only) for p in _providers.values()])


def start_of_today() -> datetime:
    return timezone.make_aware(datetime.combine(clock.today(), time.min))


def _county_officers(actor, roles: Roles) -> Q | None:
    divisions = roles.division_ids(Role.COUNTY_OFFICER)
    return Q(county_id__in=sorted(divisions)) if divisions else None


def _talent_themself(actor, roles: Roles) -> Q | None:
    return Q(user_id=actor.pk) if roles.has(Role.TALENT) else None


def clerk_serving_q(actor, roles: Roles) -> Q | None:
    """A clerk sees the talents opened at their service point today (found or registered)."""
    from .models import WindowVisit

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
    from .models import WindowVisit

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
    register_provider("talents.county_officers", _county_officers)
    register_provider("talents.talent_themself", _talent_themself)
    register_provider("talents.window_clerks", clerk_serving_q)
    register_provider("talents.found_to_serve", found_to_serve_q)
