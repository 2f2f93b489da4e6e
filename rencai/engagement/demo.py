"""Engagement's demo (示例): the 2022 "five ones" visits and talents' requests in every state,
made through the services at the dates of the work.

On 8 September 2022 the city's organisation minister (the demo user `leader`, a contact leader)
visited three enterprises' experts (the city's named enterprises: those with a code in
organisations.csv, in its order — in Huanggang 黄冈伊利乳业, the report's, then two 示例) under
the high-level talents' "five ones": a
visit, a talk, a letter, a policy pack and a gift — the year's checklist, ticked with the day.
The experts raised requests on the visit; other high-level talents raised theirs on the phone
or at the window. The housing and human-resources bureaus (demo users `housing`, `hrss`) work
them: some are closed satisfied, one reopened after "not satisfied" and closed later, one
answered and waiting for the talent, some still open (overdue on the homes), one excluded from
the rates with its reason. Deterministic; it does nothing when pairings exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from rencai.core import clock
from rencai.core.choices import OrganisationKind, Role
from rencai.core.demo import city_division, county_bureau
from rencai.core.models import Organisation, User
from rencai.talents.models import Talent

from . import services
from .models import ContactPairing

YEAR = 2022
VISIT_DAY = date(2022, 9, 8)
FIVE_ONES = [
    ("visit", "一次走访慰问"),
    ("talk", "一次交流座谈"),
    ("letter", "一封慰问信"),
    ("policy_pack", "一份政策礼包"),
    ("gift", "一份慰问品"),
]
VISITED = 3  # enterprises
LOGS = (
    ("visit", "走访企业，慰问专家人才，了解研发和生活情况"),
    ("meeting", "开展交流座谈，听取专家对人才政策的意见建议"),
    ("letter", "送上市委组织部慰问信"),
    ("policy_pack", "送上个人政策礼包，逐项讲解可享受的待遇"),
)


@dataclass(frozen=True)
class Plan:
    """One request: what, for which department, and how far it goes (and when)."""

    category: str
    title: str
    department: str  # organisation code at the city
    outcome: str  # raised, assigned, in_progress, answered, closed, basically, reopened,
    # reopened_closed, excluded


EXPERT_PLANS = (
    Plan("housing", "申请人才公寓，方便就近上班", "housing", "closed"),
    Plan("schooling", "子女转学至黄州区就读", "hrss", "reopened_closed"),
    Plan("funding", "研发团队引进博士的生活补贴兑现", "hrss", "answered"),
)
PHONE_PLANS = (
    Plan("housing", "购房补贴申报材料咨询", "housing", "basically"),
    Plan("permit", "配偶随迁落户办理", "hrss", "in_progress"),
    Plan("employment", "配偶就业安置", "hrss", "assigned"),
    Plan("housing", "人才公寓维修", "housing", "reopened"),
    Plan("other", "企业用地审批进度", "housing", "excluded"),
    Plan("funding", "科研经费配套咨询", "hrss", "raised"),
)


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _user(username: str) -> User | None:
    return User.objects.filter(username=username, is_active=True).first()


def _department(code: str) -> Organisation:
    return Organisation.objects.get(
        kind=OrganisationKind.DEPARTMENT, code=code, division=city_division()
    )


def _enterprises() -> list[Organisation]:
    """The enterprises the leader visits: the city's named ones (a code in organisations.csv),
    in the file's order."""
    named = Organisation.objects.filter(kind=OrganisationKind.ENTERPRISE).exclude(code="")
    return list(named.select_related("division").order_by("pk")[:VISITED])


def _experts() -> list[Talent]:
    """A high-level talent employed at each of the three enterprises (else any high-level)."""
    high_level = Talent.objects.filter(tier__is_high_level=True).order_by("pk")
    chosen: list[Talent] = []
    for enterprise in _enterprises():
        expert = high_level.filter(employer=enterprise).exclude(pk__in=[t.pk for t in chosen])
        found = expert.first() or high_level.exclude(pk__in=[t.pk for t in chosen]).first()
        if found is not None:
            chosen.append(found)
    return chosen


def load_demo(options) -> str:
    if options is not None and not options.cases:  # no service records asked for
        return "engagement: none (no cases)"
    if ContactPairing.objects.exists():
        return "engagement: already loaded"
    leader, task_force = _user("leader"), _user("taskforce")
    if leader is None or not leader.role_assignments.filter(role=Role.CONTACT_LEADER).exists():
        return "engagement: no contact leader"
    officers = {"housing": _user("housing"), "hrss": _user("hrss")}
    with clock.at(_at(date(2022, 8, 25))):
        items = services.define_five_ones(YEAR, FIVE_ONES, actor=task_force)
        experts = _experts() or _register_expert(task_force)
        pairings = [
            services.pair_leader(leader, t, actor=task_force, year=YEAR, note="人才服务月")
            for t in experts
        ]
    requests = 0
    for pairing, plan in zip(pairings, EXPERT_PLANS, strict=False):
        with clock.at(_at(VISIT_DAY, 15)):
            for item in items:
                services.tick_five_ones(pairing, item, actor=leader, note="人才服务月走访")
            for kind, summary in LOGS:
                services.log_contact(pairing, actor=leader, kind=kind, summary=summary)
        _work(pairing.talent, plan, leader, officers, task_force, day=VISIT_DAY, callback=leader)
        requests += 1
    others = (
        Talent.objects.filter(tier__is_high_level=True)
        .exclude(pk__in=[p.talent_id for p in pairings])
        .order_by("pk")[: len(PHONE_PLANS)]
    )
    for n, (talent, plan) in enumerate(zip(others, PHONE_PLANS, strict=False)):
        day = date(2022, 9, 13 + n)
        _work(talent, plan, task_force, officers, task_force, day=day, callback=task_force)
        requests += 1
    summary = f"{len(pairings)} pairings, {requests} requests"
    if options is not None:  # the demo's own days: this year's pairing, the county's requests
        current = _this_year(leader, task_force, experts, options.as_of)
        summary += f"; {current} pairing and {_county_requests(options.as_of)} requests in "
        summary += str(options.as_of.year)
    return summary


COUNTY_PLANS = (
    ("employment", "配偶就业安置", "in_progress"),
    ("funding", "返乡创业补贴申领咨询", "assigned"),
)


def _county_requests(as_of: date) -> int:
    """Two requests of a county's talents its talent office took on its visits in the
    fortnight before the demo's date, routed to the county's human-resources bureau (one taken
    up by its officer): the county bureau's work on its home. A small demo's office registers
    the talents it met first (示例)."""
    from rencai.core.calendar import add_working_days, is_working_day
    from rencai.talents.demo import register_example_talents

    people = county_bureau("hrss")
    if people is None:
        return 0
    bureau, county_officer, officer = people
    county = bureau.division
    raised = as_of - timedelta(days=12)
    while not is_working_day(raised):
        raised -= timedelta(days=1)
    talents = list(Talent.objects.filter(county=county, user__isnull=True).order_by("pk")[:2])
    if len(talents) < len(COUNTY_PLANS):
        with clock.at(_at(raised, 9)):
            talents += register_example_talents(
                county_officer,
                county=county,
                count=len(COUNTY_PLANS) - len(talents),
                first=80,
            )
    for n, (talent, (category, title, outcome)) in enumerate(
        zip(talents, COUNTY_PLANS, strict=False)
    ):
        if n == 0:
            title = f"{title}（{county.name[:2]}）"
        with clock.at(_at(raised, 15)):
            request = services.raise_request(
                talent,
                actor=county_officer,
                category=category,
                title=title,
                department=bureau,
                target_working_days=10,
            )
        if outcome == "in_progress":
            with clock.at(_at(add_working_days(raised, 1), 11)):
                services.respond_to_request(request, actor=officer, note="已受理，联系人才了解情况")
    return len(COUNTY_PLANS)


def _register_expert(task_force) -> list[Talent]:
    """A small demo (no synthetic talents): the task force registers the expert of the first
    named enterprise (示例: name and dates illustrative; the expert is registered before the
    visit), so the leader has someone to visit."""
    from rencai.talents.demo import register_example_talents
    from rencai.talents.models import Tier

    tier = Tier.objects.filter(is_high_level=True).order_by("-rank").first()
    employer = next(iter(_enterprises()), None)
    if tier is None or employer is None:
        return []
    with clock.at(_at(date(2022, 8, 22))):
        return register_example_talents(
            task_force, county=employer.division, count=1, first=20, tier=tier, employer=employer
        )


def _this_year(leader, task_force, experts: list[Talent], as_of: date) -> int:
    """The demo's own year: the checklist, the leader paired again with the first expert in
    January, the visit and the talk ticked a month before the demo's date, the rest still due
    (what the leader's home lists)."""
    if as_of.year == YEAR or not experts:
        return 0
    first = max(date(as_of.year, 1, 5), as_of - timedelta(days=40))
    with clock.at(_at(first)):
        items = services.define_five_ones(as_of.year, FIVE_ONES, actor=task_force)
        pairing = services.pair_leader(
            leader, experts[0], actor=task_force, year=as_of.year, note="年度联系服务"
        )
    visit = max(first, as_of - timedelta(days=30))
    with clock.at(_at(visit, 15)):
        for item in items[:2]:
            services.tick_five_ones(pairing, item, actor=leader, note="年度走访")
        services.log_contact(pairing, actor=leader, kind=LOGS[0][0], summary=LOGS[0][1])
    return 1


def _work(talent, plan: Plan, raiser, officers, task_force, *, day: date, callback) -> None:
    """Raise the request on `day` and take it as far as its plan says, a few days apart."""
    from rencai.core.calendar import add_working_days

    department = _department(plan.department)
    officer = officers.get(plan.department)
    with clock.at(_at(day, 16)):
        request = services.raise_request(
            talent,
            actor=raiser,
            category=plan.category,
            title=plan.title,
            department=None if plan.outcome == "raised" else department,
            target_working_days=10,
        )
    if plan.outcome in ("raised", "assigned"):
        return
    step = lambda n: _at(add_working_days(day, n), 11)  # noqa: E731 - a local step of days
    with clock.at(step(1)):
        request = services.respond_to_request(
            request, actor=officer, note="已受理，联系人才了解情况"
        )
    if plan.outcome == "in_progress":
        return
    with clock.at(step(6)):
        request = services.answer_request(request, actor=officer, answer="已协调相关单位办理完毕")
    if plan.outcome == "answered":
        return
    if plan.outcome in ("reopened", "reopened_closed"):
        with clock.at(step(7)):
            request = services.give_feedback(
                request,
                actor=callback,
                satisfaction="not_satisfied",
                resolved=False,
                comment="仅答复政策，问题尚未实际解决",
            )
        if plan.outcome == "reopened":
            return
        with clock.at(step(10)):
            request = services.answer_request(
                request, actor=officer, answer="已与学校对接，办妥转学手续"
            )
    satisfaction = "basically_satisfied" if plan.outcome == "basically" else "satisfied"
    with clock.at(step(11)):
        request = services.give_feedback(
            request, actor=callback, satisfaction=satisfaction, resolved=True
        )
    if plan.outcome == "excluded":
        with clock.at(step(12)):
            services.exclude_from_rates(
                request,
                actor=task_force,
                reason="企业用地审批不属人才服务事项，按规定不纳入考核",
            )
