"""Cohort markers: "was this talent served?" as each app counts it, for the retention tables.

Like `visibility`, a registry: `talents` registers "holds a card", the desk "received a
benefit", each in its `AppConfig.ready()`. A marker answers a `Q` on Talent (usually
`pk__in=<subquery>`) for the talents it marks among those the actor may see; the dashboard
compares the retention of the marked talents with the others', never reading the apps' tables.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q

MarkerQ = Callable[[object], Q]


@dataclass(frozen=True)
class CohortMarker:
    name: str
    label: str
    talents: MarkerQ
    order: int = 100


_markers: dict[str, CohortMarker] = {}


def register_cohort_marker(name: str, label, talents: MarkerQ, *, order: int = 100) -> None:
    """Add (or replace) a marker; `talents(actor)` returns a Q on Talent for the served ones."""
    _markers[name] = CohortMarker(name=name, label=label, talents=talents, order=order)


def unregister_cohort_marker(name: str) -> None:
    _markers.pop(name, None)


def cohort_markers() -> list[CohortMarker]:
    return sorted(_markers.values(), key=lambda m: (m.order, m.name))


def get_cohort_marker(name: str) -> CohortMarker | None:
    return _markers.get(name)


def holds_a_card(actor) -> Q:
    """Talents with a card on record (a green card issued or a Chucai card recorded), at any
    time: the card is the city's first service to a talent."""
    from .models import TalentCard

    return Q(pk__in=TalentCard.objects.values("talent_id"))


def register() -> None:
    from django.utils.translation import gettext_lazy as _

    register_cohort_marker("talents.card", _("Holds a card"), holds_a_card, order=10)
