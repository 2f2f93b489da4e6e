"""Outreach's figure: notices sent (政策找人), by the subject's kind and department (the
dashboard's department filter). Registered in `PoliciesConfig.ready()`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rencai.core.figures import Figure, Kind, Measure, Unit, register_figure
from rencai.talents.models import Talent

from .models import OutreachNotice


def visible_notices(actor):
    return OutreachNotice.objects.filter(talent__in=Talent.objects.for_actor(actor).values("pk"))


def register() -> None:
    register_figure(
        Figure(
            name="policies.notices_sent",
            label=_("Outreach notices sent"),
            unit=Unit.ITEMS,
            kind=Kind.COUNT,
            measure=Measure.FLOW,
            records=visible_notices,
            date_field="created_at",
            # The subject's kind (a benefit, an event…): notices carry the subject by id, and
            # its department (a benefit's owning department, an event's organiser) as written.
            breakdowns={"kind": "kind", "department": "department"},
            drilldown="policies:notice-list",
            drilldown_params={
                "county": "county",
                "from": "sent_from",
                "to": "sent_to",
                "kind": "kind",
                "department": "department",
            },
            description=_(
                "Talents told that they qualify for a benefit version or are invited to an "
                "event, one notice per talent and subject version, within the period."
            ),
        ),
        order=40,
    )
