"""The 2022 talent service month as the demo's campaign (core/data/<city>/campaign.json):
the nine city-wide actions and the counties' N actions, their units and indicators, and the
units' reports decided by the task force at their dates. Computed indicators count the records
the other apps' demos made; nothing here types a figure in. Leads and targets the report does
not give are illustrative (示例)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from rencai.core import clock, figures
from rencai.core.demo import city_division
from rencai.core.models import Division, Organisation, User

from . import services
from .choices import ActionKind, IndicatorKind
from .models import (
    Action,
    Campaign,
    Indicator,
    Milestone,
    Rectification,
    SupervisionGroup,
    Unit,
)


def _org(code: str) -> Organisation:
    """The city-level organisation `code` of organisations.csv (the city: the root division)."""
    return Organisation.objects.get(division=city_division(), code=code)


def _at(text: str) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(text))


def load_plan(plan: dict, *, created_by=None) -> Campaign:
    campaign = Campaign.objects.create(
        name=plan["name"],
        theme=plan.get("theme", ""),
        starts_on=date.fromisoformat(plan["starts_on"]),
        ends_on=date.fromisoformat(plan["ends_on"]),
        organiser=_org(plan["organiser"]),
        reminder_every=plan.get("reminder_every", 3),
        reminder_day_count=plan.get("reminder_day_count", "calendar"),
        green_from=plan.get("green_from", 1000),
        amber_from=plan.get("amber_from", 800),
        created_by=created_by,
    )
    for a in plan["actions"]:
        action = Action.objects.create(
            campaign=campaign,
            number=a["number"],
            kind=a.get("kind", ActionKind.CITY),
            name=a["name"],
            description=a.get("description", ""),
            lead=_org(a["lead"]) if a.get("lead") else None,
            lead_division=Division.objects.get(code=a["lead_division"])
            if a.get("lead_division")
            else None,
            is_illustrative=a.get("illustrative", False),
        )
        for u in a["units"]:
            unit = Unit.objects.create(
                action=action,
                organisation=_org(u["organisation"]) if u.get("organisation") else None,
                division=Division.objects.get(code=u["division"]) if u.get("division") else None,
            )
            for order, i in enumerate(u["indicators"]):
                if i["kind"] == IndicatorKind.COMPUTED and i["figure"] not in figures.registry:
                    raise ValueError(f"{i['name']}: no figure named {i['figure']!r}")
                indicator = Indicator.objects.create(
                    unit=unit,
                    name=i["name"],
                    kind=i["kind"],
                    figure=i.get("figure", "") if i["kind"] == IndicatorKind.COMPUTED else "",
                    breakdown=i.get("breakdown", ""),
                    breakdown_key=i.get("breakdown_key", ""),
                    target=i["target"],
                    weight=i.get("weight", 10),
                    order=order,
                )
                for due_on, target in i.get("milestones", []):
                    Milestone.objects.create(
                        indicator=indicator, due_on=date.fromisoformat(due_on), target=target
                    )
    return campaign


def _report_steps(campaign: Campaign, r: dict, supervisor: User | None) -> list:
    """The unit's report (at 17:00 on its day) and the task force's decision (at its time), as
    (moment, work) steps of the demo's timeline."""
    reporter = User.objects.filter(username=r["by"]).first()
    if reporter is None or supervisor is None:
        return []
    units = Unit.objects.filter(action__campaign=campaign, action__number=r["action"])
    if r.get("unit"):
        units = units.filter(organisation=_org(r["unit"]))
    if r.get("division"):
        units = units.filter(division__code=r["division"])
    indicator = Indicator.objects.filter(unit__in=units).order_by("order", "pk").first()
    if indicator is None:
        return []
    as_of = date.fromisoformat(r["as_of"])
    made = {}

    def report():
        made["report"] = services.report_value(
            reporter, indicator, value=r["value"], as_of=as_of, note=r["note"]
        )

    def decide():
        services.decide_report(
            supervisor, made["report"], accept=r["decide"] == "accept", reason=r.get("reason", "")
        )

    steps = [(_at(f"{as_of.isoformat()}T17:00"), report)]
    if r.get("decide"):
        steps.append((_at(r["at"]), decide))
    return steps


def _supervision_steps(campaign: Campaign) -> list:
    """The weekly bulletins (18:00 on bulletin days) and half-monthly assessments (18:30 on the
    halves' last days) the schedule would have issued over the campaign."""
    steps = []
    day = campaign.starts_on
    while day <= campaign.ends_on:
        if services.week_of(campaign, day):
            issue = partial(services.issue_bulletin, campaign, day)
            steps.append((_at(f"{day.isoformat()}T18:00"), issue))
        if services.half_of(campaign, day):
            assess = partial(services.issue_assessment, campaign, day)
            steps.append((_at(f"{day.isoformat()}T18:30"), assess))
        day += timedelta(days=1)
    return steps


def _supervision_visits(campaign: Campaign, data: dict, supervisor: User) -> list:
    """The supervision groups, their visits of the day (recorded that evening) and the items
    put right at their dates."""
    if not data or supervisor is None:
        return []
    visited_on = date.fromisoformat(data["visited_on"])
    groups = [
        SupervisionGroup.objects.create(
            campaign=campaign, name=g["name"], leader=g["leader"], members=g.get("members", "")
        )
        for g in data["groups"]
    ]

    def record():
        for group, g in zip(groups, data["groups"], strict=True):
            for v in g["visits"]:
                services.record_visit(
                    supervisor,
                    group,
                    visited_on=visited_on,
                    findings=data["findings"],
                    organisation=_org(v["organisation"]) if v.get("organisation") else None,
                    division=Division.objects.get(code=v["division"])
                    if v.get("division")
                    else None,
                    items=[(d, o, date.fromisoformat(due)) for d, o, due in v.get("items", [])],
                )

    steps = [(_at(f"{visited_on.isoformat()}T20:00"), record)]
    for day, owner, note in data.get("done", []):

        def done(owner=owner, note=note):
            item = Rectification.objects.get(visit__group__campaign=campaign, owner=owner)
            services.mark_rectified(supervisor, item, note=note)

        steps.append((_at(f"{day}T16:00"), done))
    return steps


def load_demo(options) -> str | None:
    path = Path(options.data_dir) / "campaign.json"
    if not path.exists() or Campaign.objects.exists():
        return None
    plan = json.loads(path.read_text(encoding="utf-8"))
    supervisor = User.objects.filter(username="taskforce").first()
    with transaction.atomic():
        with clock.at(_at(plan["starts_on"] + "T09:00")):
            campaign = load_plan(plan, created_by=supervisor)
        steps = [
            step for r in plan.get("reports", []) for step in _report_steps(campaign, r, supervisor)
        ]
        steps += _supervision_steps(campaign)
        steps += _supervision_visits(campaign, plan.get("supervision"), supervisor)
        for moment, work in sorted(steps, key=lambda step: step[0]):
            with clock.at(moment):
                work()
    indicators = Indicator.objects.filter(unit__action__campaign=campaign).count()
    return (
        f"{campaign.actions.count()} actions, {indicators} indicators, "
        f"{campaign.bulletins.count()} bulletins, {campaign.assessments.count()} assessments"
    )
