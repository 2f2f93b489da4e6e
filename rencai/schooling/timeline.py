"""Children's enrolment cases in the one-person file, as far as the viewer's case scope
reaches. Registered in `SchoolingConfig.ready()`."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rencai.core.timeline import Entry, moment, register_timeline

from . import selectors

KINDS = {"schooling": gettext_lazy("Schooling")}


def case_entries(viewer, talent) -> list[Entry]:
    entries = []
    for case in selectors.cases_for_actor(viewer).filter(talent=talent):
        link = reverse("schooling:case-detail", args=[case.pk])
        names = {"child": case.child.name, "stage": case.get_stage_display()}
        entries.append(
            Entry(
                when=case.requested_at,
                kind="schooling",
                title=_("Schooling requested: %(child)s, %(stage)s") % names,
                detail=case.education_office.name,
                link=link,
                order=(case.pk, 0),
            )
        )
        if case.enrolled_on:
            entries.append(
                Entry(
                    when=moment(case.enrolled_on),
                    kind="schooling",
                    title=_("Enrolled: %(child)s, %(stage)s") % names,
                    detail=case.assigned_school.name if case.assigned_school else "",
                    link=link,
                    order=(case.pk, 1),
                )
            )
        elif case.state == "not_placed" and case.closed_at:
            entries.append(
                Entry(
                    when=case.closed_at,
                    kind="schooling",
                    title=_("Not placed: %(child)s, %(stage)s") % names,
                    detail=case.reason,
                    link=link,
                    order=(case.pk, 1),
                )
            )
    return entries


def register() -> None:
    register_timeline("schooling.cases", case_entries, kinds=KINDS, order=50)
