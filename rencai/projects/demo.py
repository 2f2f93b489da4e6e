"""The tech-projects demo, made through the services at the dates of the work (the 2022 talent
service month, when the science bureau matched projects with talents):

- the demo users `science` (市科技局经办, users.csv) and `enterprise` (the demo enterprise's
  contact, users.csv);
- expertise profiles: the labelled set's synthetic pool (`data/labelled.json`) written onto
  the first registered talents that have no account, and one for the demo talent;
- the city's tech projects of demo enterprises (`projects.json`: 16 in Huanggang), from the
  labelled set's needs, some posted by the science bureau for them, in September 2022;
- proposals from the ranking in every state — awaiting both, one side accepted, accepted by
  both, declined, withdrawn — and a couple of outcomes in October 2022.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.db import transaction

from rencai.core import audit, clock, sms
from rencai.core.choices import Role
from rencai.core.demo import read_story
from rencai.core.models import Organisation, RoleAssignment, User
from rencai.talents.models import Talent

from . import selectors, services
from .choices import Side
from .models import TechProject
from .quality import labelled_set

DEMO_TALENT_PROFILE = (
    "机器视觉与工业相机缺陷检测，做过基于深度学习的表面瑕疵识别，熟悉PLC联动剔除和产线自动化改造。"
)
PROPOSED_ON = date(2022, 9, 16)
ANSWERED_ON = date(2022, 9, 22)
OUTCOMES_ON = date(2022, 10, 18)


def _at(day: date, hour: int = 10):
    return clock.at(datetime.combine(day, time(hour)))


def load_demo(options) -> str | None:
    science = User.objects.filter(username="science").first()
    if science is None or TechProject.objects.exists():
        return None
    enterprise_user = User.objects.filter(username="enterprise", is_active=True).first()
    talent_user = User.objects.filter(username="talent").first()
    plan = read_story(options.data_dir, "projects.json").get("projects", [])
    with sms.quietly(), transaction.atomic():
        experts = _expertise(talent_user)
        projects = _projects(science, enterprise_user, plan)
        selectors.clear_index_cache()
        # Proposals protect their talents, like cases: `load_demo --no-cases` leaves them out.
        proposals = _proposals(science, projects, talent_user) if options.cases else 0
        audit.record(
            None,
            "demo.load",
            target_type="demo",
            target_repr="demo tech projects",
            changes={"experts": experts, "projects": len(projects), "proposals": proposals},
        )
    return f"{experts} expertise profiles, {len(projects)} tech projects, {proposals} proposals"


def _expertise(talent_user) -> int:
    """The labelled pool's profiles onto registered talents without an account (their own
    education stays as registered), and the demo talent's own."""
    pool = labelled_set()["talents"]
    talents = list(Talent.objects.filter(user__isnull=True).order_by("pk")[: len(pool)])
    with _at(date(2022, 8, 25)):
        for talent, row in zip(talents, pool, strict=False):
            profile = f"{row['major']}。{row['profile']}"
            services.save_expertise(talent, actor=None, profile=profile, share_employer=True)
        demo = Talent.objects.filter(user=talent_user).first() if talent_user else None
        if demo is not None:
            services.save_expertise(demo, actor=talent_user, profile=DEMO_TALENT_PROFILE)
    return len(talents) + (demo is not None)


def _own_enterprise(user: User | None) -> int | None:
    """The enterprise the demo contact acts for (users.csv)."""
    if user is None:
        return None
    return (
        RoleAssignment.objects.filter(user=user, role=Role.ENTERPRISE_CONTACT)
        .values_list("organisation_id", flat=True)
        .order_by("pk")
        .first()
    )


def _projects(science, enterprise_user, plan: list[dict]) -> list[TechProject]:
    """The projects of `plan` (projects.json), each of an enterprise given by its credit code."""
    needs = {p["key"]: p for p in labelled_set()["projects"]}
    own = _own_enterprise(enterprise_user)
    projects = []
    for item in plan:
        key, by_bureau = item["key"], item["by_bureau"]
        day = date.fromisoformat(item["posted_on"])
        organisation = Organisation.objects.filter(credit_code=item["enterprise"]).first()
        if organisation is None:
            continue
        actor = science if by_bureau or enterprise_user is None else enterprise_user
        if organisation.pk != own and not by_bureau:
            actor = science  # only the contact's enterprise has a demo contact
        row = needs[key]
        with _at(day, 9):
            projects.append(
                services.post_project(
                    organisation,
                    actor=actor,
                    title=row["title"],
                    need=row["need"],
                    field=row["field"],
                    budget_fen=(200_000 + 50_000 * (len(projects) % 7)) * 100,
                )
            )
    return projects


def _proposals(science, projects, talent_user) -> int:
    """The science bureau proposes the best two of each project; the answers then cover every
    state, project by project."""
    count = 0
    for n, project in enumerate(projects):
        with _at(PROPOSED_ON, 9):
            candidates = [
                c
                for c in selectors.ranked_candidates(science, project, limit=2)
                if c.talent.user_id is None
            ]
            made = [services.propose_match(project, c.talent, actor=science) for c in candidates]
        count += len(made)
        for i, proposal in enumerate(made):
            _answer(science, proposal, step=(n + i) % 6)
    demo = Talent.objects.filter(user=talent_user).first() if talent_user else None
    inspection = next((p for p in projects if p.title == "产品外观缺陷自动检测"), None)
    if demo is not None and inspection is not None:
        with _at(PROPOSED_ON, 11):
            services.propose_match(inspection, demo, actor=science, note="硕士，熟悉机器视觉")
        count += 1
    return count


def _answer(science, proposal, *, step: int) -> None:
    """0 awaits both; 1 the talent accepted; 2 both accepted; 3 both accepted and a contract;
    4 the enterprise declined; 5 withdrawn by the science bureau."""
    with _at(ANSWERED_ON, 15):
        if step in (1, 2, 3):
            services.answer_proposal(proposal, actor=None, accept=True, side=Side.TALENT)
        if step in (2, 3):
            services.answer_proposal(proposal, actor=None, accept=True, side=Side.ENTERPRISE)
        if step == 4:
            services.answer_proposal(proposal, actor=None, accept=False, side=Side.ENTERPRISE)
        if step == 5:
            services.withdraw_proposal(proposal, actor=science, note="企业需求调整")
    if step == 3:
        with _at(OUTCOMES_ON, 10):
            services.record_outcome(
                proposal,
                actor=science,
                kind="contract",
                amount_fen=proposal.project.budget_fen,
                note="签订技术服务合同",
            )
            services.record_outcome(proposal, actor=science, kind="cooperation")
