"""Entitlements in the one-person file, as far as the viewer's entitlement scope reaches.
Registered in `PoliciesConfig.ready()`.

With a limit (a page of the file) only the n newest recorded and the n newest ended
entitlements are read (ORDER BY … DESC LIMIT n), only the columns their entries show."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rencai.core.timeline import Entry, first_of_each_kind, moment, record_link, register_timeline

from . import selectors
from .choices import EntitlementState

KINDS = {"entitlement": gettext_lazy("Entitlements")}

# the step of an entitlement at one moment (`Entry.order`): recorded, then ended
RECORDED, ENDED = 0, 1


def entitlement_entries(viewer, talent, limit: int | None = None) -> list[Entry]:
    entitlements = selectors.entitlements_for_actor(viewer).filter(talent=talent)
    if limit is not None:
        # the n newest recorded and the n newest ended, in one query
        recorded = entitlements.order_by("-created_at", "-pk").values("pk")[:limit]
        ended = entitlements.filter(ended_on__isnull=False).order_by("-ended_on", "-pk")
        entitlements = entitlements.filter(
            Q(pk__in=recorded) | Q(pk__in=ended.values("pk")[:limit])
        )
    link_to = record_link("policies:entitlement-detail")
    entries = []
    for entitlement in entitlements.order_by().values(
        "pk", "created_at", "ended_on", "state", "benefit__name"
    ):
        names = {
            "benefit": entitlement["benefit__name"],
            "state": EntitlementState(entitlement["state"]).label,
        }
        entries.append(
            Entry(
                when=entitlement["created_at"],
                kind="entitlement",
                title=_("%(benefit)s: %(state)s") % names,
                link=link_to(entitlement["pk"]),
                order=(entitlement["pk"], RECORDED),
            )
        )
        if entitlement["ended_on"]:
            entries.append(
                Entry(
                    when=moment(entitlement["ended_on"]),
                    kind="entitlement",
                    title=_("%(benefit)s ended") % names,
                    order=(entitlement["pk"], ENDED),
                )
            )
    return first_of_each_kind(entries, limit)


def register() -> None:
    register_timeline(
        "policies.entitlements",
        entitlement_entries,
        kinds=KINDS,
        order=20,
        limits=True,
        records=[("policies.Entitlement", "talent")],
    )
