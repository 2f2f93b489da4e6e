"""Campaign factories: a campaign, an action, a unit (a county or a department) and its
indicators, made directly (planning is configuration, not a service's work)."""

from __future__ import annotations

from datetime import date

from rencai.core.models import Division, Organisation
from rencai.core.tests.factories import make_city, make_organisation

from ..choices import ActionKind, IndicatorKind
from ..models import Action, Campaign, Indicator, Milestone, Unit

START, END = date(2022, 8, 23), date(2022, 9, 30)


def make_campaign(starts_on: date = START, ends_on: date = END, **kw) -> Campaign:
    kw.setdefault("organiser", make_organisation(division=make_city(), name="市委人才办"))
    return Campaign.objects.create(
        name=kw.pop("name", "人才服务月"), starts_on=starts_on, ends_on=ends_on, **kw
    )


def make_action(campaign: Campaign, number: int = 1, **kw) -> Action:
    if "lead" not in kw and "lead_division" not in kw:
        kw["lead"] = campaign.organiser
    return Action.objects.create(
        campaign=campaign,
        number=number,
        kind=kw.pop("kind", ActionKind.CITY),
        name=kw.pop("name", f"专项行动{number}"),
        **kw,
    )


def make_unit(
    action: Action, *, division: Division | None = None, organisation: Organisation | None = None
) -> Unit:
    return Unit.objects.create(action=action, division=division, organisation=organisation)


def make_indicator(
    unit: Unit,
    *,
    figure: str = "",
    target: int = 100,
    milestones: list[tuple[date, int]] = (),
    **kw,
) -> Indicator:
    kind = kw.pop("kind", IndicatorKind.COMPUTED if figure else IndicatorKind.REPORTED)
    indicator = Indicator.objects.create(
        unit=unit, name=kw.pop("name", "指标"), kind=kind, figure=figure, target=target, **kw
    )
    for due_on, value in milestones:
        Milestone.objects.create(indicator=indicator, due_on=due_on, target=value)
    return indicator
