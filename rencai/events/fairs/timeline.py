"""A talent's employment intents in the one-person file, as far as the viewer may see them.
Registered in `FairsConfig.ready()`."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rencai.core.timeline import Entry, register_timeline

from . import selectors

KINDS = {"job_fair": gettext_lazy("Job fairs")}


def entries(viewer, talent) -> list[Entry]:
    result = []
    for intent in selectors.intents_for_actor(viewer).filter(talent=talent):
        position = intent.position
        link = reverse("fairs:position-detail", args=[position.pk])
        detail = f"{position.participant.fair} · {position.participant.organisation.name}"
        result.append(
            Entry(
                when=intent.created_at,
                kind="job_fair",
                title=_("Employment intent proposed: %(title)s") % {"title": position.title},
                detail=detail,
                link=link,
                order=(intent.pk, 0),
            )
        )
        if intent.confirmed_at:
            result.append(
                Entry(
                    when=intent.confirmed_at,
                    kind="job_fair",
                    title=_("Employment intent confirmed: %(title)s") % {"title": position.title},
                    detail=detail,
                    link=link,
                    order=(intent.pk, 1),
                )
            )
    return result


def register() -> None:
    register_timeline("fairs.intents", entries, kinds=KINDS, order=70)
