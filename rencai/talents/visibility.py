"""Which talents an actor may see: the union of talent visibility providers.

`talents` keeps the registry and its own providers (the city-wide roles, county officers,
window clerks while serving, liaisons and department and bank officers for the talents their
organisation found today to serve, the talent themself). Later apps register theirs in their
`AppConfig.ready()` — the desk: talents with cases in my department; medical: talents with
appointments at my hospital — each returning a `Q` on Talent (usually `pk__in=<subquery>`),
or None when it grants nothing. No app reaches into another's tables to decide visibility.

This module is the registry only and imports no models (`models.TalentQuerySet.for_actor`
imports it); the built-in providers, which query `WindowVisit`, are in `providers.py`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q

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


def visible_counties(actor) -> tuple[bool, frozenset[int] | None]:
    """Whether the talents the actor may see are exactly every talent, or every talent of some
    counties — read from the providers' union itself, not from the roles: (True, None) for
    everyone, (True, counties) for a union that is only `county_id IN (…)` (county officers),
    (False, None) for anything else (a department's cases, a clerk's visits, a county officer
    who is also a talent …). A pre-aggregated count by county is exact only for the first two.
    """
    q = visible_talents_q(actor)
    if not q:
        return True, None
    if not q.negated and len(q.children) == 1 and isinstance(q.children[0], tuple):
        lookup, value = q.children[0]
        if lookup == COUNTY_LOOKUP:
            return True, frozenset(value)
    return False, None


COUNTY_LOOKUP = "county_id__in"  # the county officers' provider (`providers._county_officers`)
