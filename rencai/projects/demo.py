"""The tech-projects demo, made through the services at the dates of the work (the 2022 talent
service month, when the science bureau matched projects with talents):

- the demo users `science` (市科技局经办, users.csv) and `enterprise` (黄冈楚天智能装备有限公司's
  contact; made here unless the job-fairs lane's users.csv row already made it);
- expertise profiles: the labelled set's synthetic pool (`data/labelled.json`) written onto
  the first registered talents that have no account, and one for the demo talent;
- 16 tech projects of demo enterprises, from the labelled set's needs, some posted by the
  science bureau for them, in September 2022;
- proposals from the ranking in every state — awaiting both, one side accepted, accepted by
  both, declined, withdrawn — and a couple of outcomes in October 2022.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.contrib.auth.hashers import make_password
from django.db import transaction

from rencai.core import audit, clock, sms
from rencai.core.choices import Role
from rencai.core.demo import DEMO_PASSWORD
from rencai.core.models import Organisation, RoleAssignment, User
from rencai.talents.models import Talent

from . import selectors, services
from .choices import Side
from .models import TechProject
from .quality import labelled_set

CHUTIAN = "黄冈楚天智能装备有限公司"
# (labelled project key, enterprise name, posted by the science bureau?, posted on)
PROJECTS = [
    ("p01", CHUTIAN, False, date(2022, 9, 1)),
    ("p02", CHUTIAN, False, date(2022, 9, 1)),
    ("p05", CHUTIAN, False, date(2022, 9, 2)),
    ("p04", "浠水县博远智能科技有限公司", True, date(2022, 9, 2)),
    ("p06", "团风县鄂东汽车零部件有限公司", True, date(2022, 9, 5)),
    ("p07", "黄冈华瑞生物医药有限公司", False, date(2022, 9, 5)),
    ("p08", "浠水县鄂东医药化工有限公司", True, date(2022, 9, 6)),
    ("p14", "黄冈鑫源新材料科技有限公司", False, date(2022, 9, 6)),
    ("p18", "浠水县兰溪新材料有限公司", True, date(2022, 9, 7)),
    ("p37", "团风县宏达钢结构有限公司", True, date(2022, 9, 7)),
    ("p22", "英山县云雾茶业有限公司", True, date(2022, 9, 8)),
    ("p24", "罗田县大别山板栗食品有限公司", True, date(2022, 9, 8)),
    ("p23", "团风县巴河水产养殖专业合作社", True, date(2022, 9, 9)),
    ("p28", "蕲春县蕲艾制品有限公司", False, date(2022, 9, 9)),
    ("p29", "罗田县九资河天麻种植专业合作社", True, date(2022, 9, 13)),
    ("p36", "浠水县鄂东医药化工有限公司", True, date(2022, 9, 14)),
]
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
    enterprise_user = _enterprise_user()
    talent_user = User.objects.filter(username="talent").first()
    with sms.quietly(), transaction.atomic():
        experts = _expertise(talent_user)
        projects = _projects(science, enterprise_user)
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


def _enterprise_user() -> User | None:
    organisation = Organisation.objects.filter(name=CHUTIAN, kind="enterprise").first()
    if organisation is None:
        return None
    user, created = User.objects.get_or_create(
        username="enterprise", defaults={"display_name": "黄志刚"}
    )
    if created:
        user.password = make_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    RoleAssignment.objects.get_or_create(
        user=user, role=Role.ENTERPRISE_CONTACT, organisation=organisation, division=None
    )
    return user


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


def _projects(science, enterprise_user) -> list[TechProject]:
    needs = {p["key"]: p for p in labelled_set()["projects"]}
    projects = []
    for key, name, by_bureau, day in PROJECTS:
        organisation = Organisation.objects.filter(name=name).first()
        if organisation is None:
            continue
        actor = science if by_bureau or enterprise_user is None else enterprise_user
        if organisation.name != CHUTIAN and not by_bureau:
            actor = science  # only 楚天 has a demo contact
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
    chutian = next((p for p in projects if p.title == "产品外观缺陷自动检测"), None)
    if demo is not None and chutian is not None:
        with _at(PROPOSED_ON, 11):
            services.propose_match(chutian, demo, actor=science, note="硕士，熟悉机器视觉")
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
