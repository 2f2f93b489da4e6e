"""A talent's employment intents in the one-person file, as far as the viewer may see them.
Registered in `FairsConfig.ready()`."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rencai.core.timeline import Entry, record_link, register_timeline

from . import selectors

KINDS = {"job_fair": gettext_lazy("Job fairs")}


def entries(viewer, talent) -> list[Entry]:
    link_to = record_link("fairs:position-detail")
    intents = selectors.intents_for_actor(viewer).filter(talent=talent)
    result = []
    for intent in intents.order_by().values(
        "pk",
        "created_at",
        "confirmed_at",
        "position_id",
        "position__title",
        "position__participant__fair__title",
        "position__participant__organisation__name",
    ):
        link = link_to(intent["position_id"])
        # the fair (an event, named by its title) and the participating enterprise
        detail = (
            f"{intent['position__participant__fair__title']} · "
            f"{intent['position__participant__organisation__name']}"
        )
        names = {"title": intent["position__title"]}
        result.append(
            Entry(
                when=intent["created_at"],
                kind="job_fair",
                title=_("Employment intent proposed: %(title)s") % names,
                detail=detail,
                link=link,
                order=(intent["pk"], 0),
            )
        )
        if intent["confirmed_at"]:
            result.append(
                Entry(
                    when=intent["confirmed_at"],
                    kind="job_fair",
                    title=_("Employment intent confirmed: %(title)s") % names,
                    detail=detail,
                    link=link,
                    order=(intent["pk"], 1),
                )
            )
    return result


def register() -> None:
    register_timeline(
        "fairs.intents",
        entries,
        kinds=KINDS,
        order=70,
        records=[("fairs.EmploymentIntent", "talent")],
    )
