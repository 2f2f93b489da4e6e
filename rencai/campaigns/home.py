"""The campaign on the home pages: the task force sees the campaign under way (or the latest)
with its laggards; a unit's officers see their own indicators behind pace and their reports
sent back."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy as _

from rencai.core.choices import Role
from rencai.core.navigation import register_home_panel, register_nav

from . import selectors
from .choices import Pace, ReportState
from .models import Campaign, ReportedValue, Unit
from .permissions import unit_q

LAGGARDS = 10


def _current(campaigns, today: date) -> Campaign | None:
    running = campaigns.filter(starts_on__lte=today, ends_on__gte=today).first()
    return running or campaigns.filter(starts_on__lte=today).order_by("-ends_on").first()


def task_force_panel(actor, today: date) -> dict | None:
    campaign = _current(selectors.campaigns_for_actor(actor), today)
    if campaign is None:
        return None
    as_of = min(today, campaign.ends_on)
    report = selectors.campaign_progress(campaign, as_of, actor)
    laggards = [
        (action.action, unit)
        for action in report.actions
        for unit in action.units
        if unit.pace == Pace.RED
    ]
    return {
        "campaign": campaign,
        "as_of": as_of,
        "counts": report.counts(),
        "laggards": laggards[:LAGGARDS],
        "more": max(0, len(laggards) - LAGGARDS),
        "to_decide": ReportedValue.objects.filter(
            indicator__unit__action__campaign=campaign, state=ReportState.SUBMITTED
        ).count(),
    }


def unit_panel(actor, today: date) -> dict | None:
    units = Unit.objects.filter(unit_q(actor))
    campaign = _current(Campaign.objects.filter(actions__units__in=units).distinct(), today)
    if campaign is None:
        return None
    as_of = min(today, campaign.ends_on)
    report = selectors.campaign_progress(campaign, as_of, actor, units=units)
    rows = [p for p in report.indicators() if p.behind]
    returned = ReportedValue.objects.filter(
        indicator__unit__in=units, state=ReportState.RETURNED
    ).select_related("indicator")
    return {
        "campaign": campaign,
        "as_of": as_of,
        "counts": report.counts(),
        "behind": rows,
        "returned": list(returned[:10]),
    }


def register() -> None:
    register_nav(
        "campaigns.list",
        url_name="campaigns:list",
        label=_("Campaign"),
        roles={Role.TASK_FORCE, Role.CITY_ADMIN},
        order=150,
    )
    register_home_panel(
        "campaigns.task_force",
        template="campaigns/home/task_force.html",
        roles={Role.TASK_FORCE},
        build=task_force_panel,
        order=50,
    )
    register_home_panel(
        "campaigns.unit",
        template="campaigns/home/unit.html",
        roles={Role.DEPARTMENT_OFFICER, Role.COUNTY_OFFICER},
        build=unit_panel,
        order=900,
    )
