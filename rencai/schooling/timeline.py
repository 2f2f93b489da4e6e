"""Children's enrolment cases in the one-person file, as far as the viewer's case scope
reaches. Registered in `SchoolingConfig.ready()`."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rencai.core.timeline import Entry, choice_label, moment, record_link, register_timeline

from . import selectors
from .models import EnrolmentCase

KINDS = {"schooling": gettext_lazy("Schooling")}


def case_entries(viewer, talent) -> list[Entry]:
    entries = []
    link_to = record_link("schooling:case-detail")
    stage = choice_label(EnrolmentCase, "stage")
    cases = selectors.cases_for_actor(viewer).filter(talent=talent)
    for case in cases.order_by().values(
        "pk",
        "requested_at",
        "enrolled_on",
        "state",
        "closed_at",
        "reason",
        "stage",
        "child__name",
        "education_office__name",
        "assigned_school__name",
    ):
        link = link_to(case["pk"])
        names = {"child": case["child__name"], "stage": stage(case["stage"])}
        entries.append(
            Entry(
                when=case["requested_at"],
                kind="schooling",
                title=_("Schooling requested: %(child)s, %(stage)s") % names,
                detail=case["education_office__name"],
                link=link,
                order=(case["pk"], 0),
            )
        )
        if case["enrolled_on"]:
            entries.append(
                Entry(
                    when=moment(case["enrolled_on"]),
                    kind="schooling",
                    title=_("Enrolled: %(child)s, %(stage)s") % names,
                    detail=case["assigned_school__name"] or "",
                    link=link,
                    order=(case["pk"], 1),
                )
            )
        elif case["state"] == "not_placed" and case["closed_at"]:
            entries.append(
                Entry(
                    when=case["closed_at"],
                    kind="schooling",
                    title=_("Not placed: %(child)s, %(stage)s") % names,
                    detail=case["reason"],
                    link=link,
                    order=(case["pk"], 1),
                )
            )
    return entries


def register() -> None:
    register_timeline(
        "schooling.cases",
        case_entries,
        kinds=KINDS,
        order=50,
        records=[("schooling.EnrolmentCase", "talent")],
    )
