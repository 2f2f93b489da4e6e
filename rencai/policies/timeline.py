"""Entitlements in the one-person file, as far as the viewer's entitlement scope reaches.
Registered in `PoliciesConfig.ready()`."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rencai.core.timeline import Entry, moment, register_timeline

from . import selectors

KINDS = {"entitlement": gettext_lazy("Entitlements")}


def entitlement_entries(viewer, talent) -> list[Entry]:
    entitlements = (
        selectors.entitlements_for_actor(viewer).filter(talent=talent).select_related("benefit")
    )
    entries = []
    for entitlement in entitlements:
        entries.append(
            Entry(
                when=entitlement.created_at,
                kind="entitlement",
                title=_("%(benefit)s: %(state)s")
                % {"benefit": entitlement.benefit.name, "state": entitlement.get_state_display()},
                link=reverse("policies:entitlement-detail", args=[entitlement.pk]),
            )
        )
        if entitlement.ended_on:
            entries.append(
                Entry(
                    when=moment(entitlement.ended_on),
                    kind="entitlement",
                    title=_("%(benefit)s ended") % {"benefit": entitlement.benefit.name},
                )
            )
    return entries


def register() -> None:
    register_timeline("policies.entitlements", entitlement_entries, kinds=KINDS, order=20)
