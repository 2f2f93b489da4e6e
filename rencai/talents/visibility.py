"""Which talents an actor may see: the union of talent visibility providers.

`talents` keeps the registry and its own providers (the city-wide roles, county officers,
window clerks while serving, the talent themself). Later apps register theirs in their
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
    grants = [q for q in (p(actor, roles) for p in _providers.values()) if q is not None]
    if not grants:
        return NOBODY
    combined = grants[0]
    for q in grants[1:]:
        combined |= q
    return combined
