"""Reads: campaigns the actor may see, and their progress on a day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from rencai.core.choices import Role
from rencai.core.models import RoleAssignment, User
from rencai.core.permissions import roles_of

from . import progress, scoring
from .models import (
    Action,
    Assessment,
    Bulletin,
    Campaign,
    Indicator,
    Rectification,
    ReportedValue,
    SupervisionVisit,
    Unit,
)
from .permissions import unit_q


def campaigns_for_actor(actor) -> QuerySet[Campaign]:
    roles = roles_of(actor)
    if roles.has(Role.TASK_FORCE, Role.CITY_ADMIN):
        return Campaign.objects.all()
    units = Unit.objects.filter(unit_q(actor)).values("action__campaign_id")
    return Campaign.objects.filter(pk__in=units)


def get_campaign_for_actor(actor, pk: int) -> Campaign:
    campaign = campaigns_for_actor(actor).filter(pk=pk).select_related("organiser").first()
    if campaign is None:
        raise Http404
    return campaign


def sees_every_unit(actor) -> bool:
    return roles_of(actor).has(Role.TASK_FORCE, Role.CITY_ADMIN)


def units_for_actor(actor) -> QuerySet[Unit]:
    """Every unit for the task force and the administrator; one's own units for the rest."""
    if sees_every_unit(actor):
        return Unit.objects.all()
    return Unit.objects.filter(unit_q(actor))


def reports_for_actor(actor) -> QuerySet[ReportedValue]:
    """The progress reports of the actor's units (every unit's for the task force), newest
    first."""
    return (
        ReportedValue.objects.filter(indicator__unit__in=units_for_actor(actor))
        .select_related(
            "indicator__unit__action__campaign",
            "indicator__unit__organisation",
            "indicator__unit__division",
        )
        .order_by("-as_of", "-pk")
    )


def get_indicator_for_actor(actor, pk: int) -> Indicator:
    indicator = (
        Indicator.objects.filter(pk=pk, unit__in=units_for_actor(actor))
        .select_related("unit__action__campaign", "unit__organisation", "unit__division")
        .first()
    )
    if indicator is None:
        raise Http404
    return indicator


def get_report_for_actor(actor, pk: int) -> ReportedValue:
    report = (
        ReportedValue.objects.filter(pk=pk, indicator__unit__in=units_for_actor(actor))
        .select_related("indicator__unit__action__campaign")
        .first()
    )
    if report is None:
        raise Http404
    return report


def indicators_of(campaign: Campaign, units: QuerySet[Unit] | None = None) -> QuerySet[Indicator]:
    indicators = Indicator.objects.filter(unit__action__campaign=campaign)
    if units is not None:
        indicators = indicators.filter(unit__in=units)
    return (
        indicators.select_related(
            "unit__action__campaign",
            "unit__action__lead",
            "unit__action__lead_division",
            "unit__organisation",
            "unit__division",
        )
        .prefetch_related("milestones", Prefetch("reports", queryset=ReportedValue.objects.all()))
        .order_by("unit__action__number", "unit__pk", "order", "pk")
    )


@dataclass(frozen=True)
class UnitProgress:
    unit: Unit
    indicators: list[progress.IndicatorProgress]

    @property
    def pace(self) -> str:
        return progress.worst(p.pace for p in self.indicators)

    @property
    def missed(self) -> int:
        return sum(len(p.missed) for p in self.indicators)


@dataclass(frozen=True)
class ActionProgress:
    action: Action
    units: list[UnitProgress]

    @property
    def pace(self) -> str:
        return progress.worst(u.pace for u in self.units)


@dataclass(frozen=True)
class CampaignProgress:
    campaign: Campaign
    as_of: date
    share: object
    actions: list[ActionProgress]

    def indicators(self) -> list[progress.IndicatorProgress]:
        return [p for a in self.actions for u in a.units for p in u.indicators]

    def counts(self) -> dict[str, int]:
        counts = {"green": 0, "amber": 0, "red": 0}
        for p in self.indicators():
            counts[p.pace] += 1
        return counts


def campaign_progress(
    campaign: Campaign, as_of: date, reader, *, units: QuerySet[Unit] | None = None
) -> CampaignProgress:
    """Every indicator of the campaign (or of `units`) on `as_of`, by action and unit; the
    figures are counted as `reader` may count them."""
    actions: dict[int, ActionProgress] = {}
    by_unit: dict[int, UnitProgress] = {}
    for action in campaign.actions.select_related("lead", "lead_division").order_by("number"):
        actions[action.pk] = ActionProgress(action, [])
    for indicator in indicators_of(campaign, units):
        unit = indicator.unit
        if unit.pk not in by_unit:
            by_unit[unit.pk] = UnitProgress(unit, [])
            actions[unit.action_id].units.append(by_unit[unit.pk])
        by_unit[unit.pk].indicators.append(progress.indicator_progress(indicator, as_of, reader))
    shown = [a for a in actions.values() if a.units or units is None]
    return CampaignProgress(campaign, as_of, progress.elapsed_share(campaign, as_of), shown)


def responsible_users(unit: Unit) -> QuerySet[User]:
    """The people who answer for a unit: its department's officers or its county's officers."""
    if unit.organisation_id:
        assignments = RoleAssignment.objects.filter(
            role=Role.DEPARTMENT_OFFICER, organisation_id=unit.organisation_id
        )
    else:
        assignments = RoleAssignment.objects.filter(
            role=Role.COUNTY_OFFICER, division_id=unit.division_id
        )
    return User.objects.filter(pk__in=assignments.values("user_id"), is_active=True)


def get_bulletin_for_actor(actor, pk: int) -> Bulletin:
    bulletin = (
        Bulletin.objects.filter(pk=pk, campaign__in=campaigns_for_actor(actor))
        .select_related("campaign")
        .first()
    )
    if bulletin is None:
        raise Http404
    return bulletin


def get_assessment_for_actor(actor, pk: int) -> Assessment:
    assessment = (
        Assessment.objects.filter(pk=pk, campaign__in=campaigns_for_actor(actor))
        .select_related("campaign")
        .first()
    )
    if assessment is None:
        raise Http404
    return assessment


def assessment_table(assessment: Assessment) -> list[dict]:
    """The assessment's rows with the task force's adjustments added and the ranking redone;
    the published rows themselves never change."""
    adjustments: dict[str, list] = {}
    for adjustment in assessment.adjustments.select_related("unit", "made_by"):
        adjustments.setdefault(adjustment.unit.body_key, []).append(adjustment)
    rows = []
    for row in assessment.rows:
        made = adjustments.get(row["key"], [])
        extra = sum((a.points for a in made), Decimal(0))
        rows.append(
            {
                **row,
                "adjustments": made,
                "final": (Decimal(row["score"]) + extra).quantize(scoring.TENTH),
            }
        )
    rows.sort(key=lambda r: (-r["final"], r["name"]))
    rank, previous = 0, None
    for position, row in enumerate(rows, start=1):
        if row["final"] != previous:
            rank, previous = position, row["final"]
        row["final_rank"] = rank
    return rows


def visits_for_actor(actor, campaign: Campaign | None = None) -> QuerySet[SupervisionVisit]:
    """Every visit for the task force and the administrator; visits to one's own department
    or county for the rest (of one campaign, or of every campaign the actor sees)."""
    visits = SupervisionVisit.objects.filter(group__campaign__in=campaigns_for_actor(actor))
    if campaign is not None:
        visits = visits.filter(group__campaign=campaign)
    if not sees_every_unit(actor):
        roles = roles_of(actor)
        visits = visits.filter(
            Q(organisation_id__in=sorted(roles.organisation_ids(Role.DEPARTMENT_OFFICER)))
            | Q(division_id__in=sorted(roles.division_ids(Role.COUNTY_OFFICER)))
        )
    return visits.select_related("group", "organisation", "division").prefetch_related(
        "rectifications"
    )


def get_rectification_for_actor(actor, pk: int) -> Rectification:
    item = (
        Rectification.objects.filter(pk=pk)
        .select_related("visit__group__campaign", "visit__organisation", "visit__division")
        .first()
    )
    if (
        item is None
        or not visits_for_actor(actor, item.visit.group.campaign).filter(pk=item.visit_id).exists()
    ):
        raise Http404
    return item
