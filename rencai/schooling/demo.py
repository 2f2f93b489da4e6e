"""Schooling's demo (示例): a handful of enrolment cases in every stage, for the school year
that started in September 2022, made through the services at the dates of the work.

Talents the schooling rule finds on 23 August 2022 (the policy's first day) ask for a child of
school age: a kindergarten, primary or junior secondary place by the child's age on
1 September. The education office the case is routed to (the county's bureau, or the city's)
reviews it two working days later, assigns a school three working days after that, and the
school (or the office) records the enrolment in the first days of September; some cases stop
on the way (still requested, reviewed or assigned: overdue on the homes) and two are not
placed. Deterministic; it does nothing when enrolment cases exist.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction

from rencai.core import audit, clock, sms
from rencai.core.calendar import add_working_days
from rencai.core.choices import DivisionLevel, OrganisationKind, Role
from rencai.core.errors import DomainError
from rencai.core.models import Division, Organisation, User
from rencai.policies import selectors as policy_selectors
from rencai.policies.outreach import candidates
from rencai.talents.choices import Relation

from . import services
from .choices import Stage
from .models import EnrolmentCase

FIRST_DAY = date(2022, 8, 23)
SCHOOL_YEAR = 2022
SEPTEMBER = date(SCHOOL_YEAR, 9, 1)
# (the state each case is left in), per office: the county bureaus get a few, the city the rest.
PLAN = (
    "enrolled",
    "assigned",
    "reviewed",
    "requested",
    "enrolled",
    "not_placed",
    "assigned",
    "enrolled",
    "reviewed",
    "requested",
)
# Cases per education office: the city's, the first county bureau with a demo officer, the
# other county bureaus (the offices are the city's data: organisations.csv, users.csv).
CITY_CASES, FIRST_COUNTY_CASES, COUNTY_CASES = 10, 5, 4
REASONS = ("所选学校学位已满，家长不接受调剂", "子女暂不随迁，家长撤回入学需求")
STAGE_WORDS = {Stage.KINDERGARTEN: "幼儿园", Stage.PRIMARY: "小学", Stage.JUNIOR_SECONDARY: "中"}


@dataclass
class Chosen:
    talent: object
    child: object
    stage: str


def stage_for(birth: date) -> str | None:
    """The stage a child of this birth date enters in September 2022 (周岁 on 1 September)."""
    age = (
        SEPTEMBER.year - birth.year - ((SEPTEMBER.month, SEPTEMBER.day) < (birth.month, birth.day))
    )
    if 3 <= age <= 5:
        return Stage.KINDERGARTEN
    if 6 <= age <= 11:
        return Stage.PRIMARY
    if 12 <= age <= 14:
        return Stage.JUNIOR_SECONDARY
    return None


def load_demo(options) -> str:
    opened = load_cases(seed=options.seed, stderr=options.stderr) if options.cases else None
    return f"{opened or 0} enrolment cases"


def load_cases(*, seed: int = 2022, stderr=None) -> int | None:
    """Open and move on the demo enrolment cases; None if some exist or no benefit."""
    if EnrolmentCase.objects.exists():
        return None
    try:
        benefit = services.schooling_benefit()
    except DomainError:
        return None
    version = policy_selectors.current_version(benefit, FIRST_DAY)
    if version is None:
        return None
    rng = random.Random(seed)  # noqa: S311 (demo data, not secrets)
    chosen = _choose(candidates(benefit, version, FIRST_DAY).filter(user__isnull=True))
    plans = [PLAN[n % len(PLAN)] for n in range(len(chosen))]
    opened = 0
    with sms.quietly(), transaction.atomic():
        if not chosen:  # a small demo: the county offices register the families they met
            chosen, plans = _register_families()
        for item, final in zip(chosen, plans, strict=True):
            try:
                with transaction.atomic():
                    _serve(item, final, version, rng)
            except DomainError as exc:
                if stderr is not None:
                    stderr.write(f"demo enrolment for {item.talent.pk} stopped: {exc.message}\n")
                continue
            opened += 1
        audit.record(
            None,
            "demo.load",
            target_type="demo",
            target_repr="demo enrolment cases",
            changes={"cases": opened},
        )
    return opened


def _county_offices() -> list[Organisation]:
    """The counties' education bureaus, those with a demo officer first, then by code."""
    offices = Organisation.objects.filter(
        kind=OrganisationKind.DEPARTMENT,
        code=services.EDUCATION_CODE,
        is_active=True,
        division__parent__isnull=False,
    ).select_related("division")
    return sorted(offices, key=lambda o: (_officer(o.pk) is None, o.division.code))


def per_office() -> dict[str, int]:
    """How many cases each education office gets (by its division's code): the city's office
    `CITY_CASES`, the first county bureau `FIRST_COUNTY_CASES`, the others `COUNTY_CASES`."""
    wanted = dict.fromkeys(
        Organisation.objects.filter(
            kind=OrganisationKind.DEPARTMENT,
            code=services.EDUCATION_CODE,
            is_active=True,
            division__parent__isnull=True,
        ).values_list("division__code", flat=True),
        CITY_CASES,
    )
    for n, office in enumerate(_county_offices()):
        wanted[office.division.code] = FIRST_COUNTY_CASES if n == 0 else COUNTY_CASES
    return wanted


def _choose(talents) -> list[Chosen]:
    """Talents with a child of school age, up to `per_office()` per education office."""
    wanted = per_office()
    chosen: list[Chosen] = []
    offices: dict[int, str] = {}
    for talent in talents.select_related("county").prefetch_related("family").order_by("pk")[:3000]:
        child = next(
            (
                m
                for m in talent.family.all()
                if m.relation == Relation.CHILD and m.birth_date and stage_for(m.birth_date)
            ),
            None,
        )
        if child is None:
            continue
        if talent.county_id not in offices:
            offices[talent.county_id] = services.education_office_for(talent.county).division.code
        key = offices[talent.county_id]
        if wanted.get(key, 0) <= 0:
            continue
        wanted[key] -= 1
        chosen.append(Chosen(talent, child, stage_for(child.birth_date)))
        if not any(wanted.values()):
            break
    return chosen


# A small demo's families (示例): (the child's birth date, the plan); the first two in the
# first county with its own education bureau (`_county_offices`), the others in the city's seat.
FAMILIES = (
    (date(2015, 3, 12), "requested"),
    (date(2009, 10, 2), "reviewed"),
    (date(2009, 5, 20), "assigned"),
    (date(2017, 6, 8), "enrolled"),
)


def _family_counties() -> list[Division]:
    """Where the small demo's families live: the first county bureau's county twice (their
    cases wait at that bureau), then the seat district (the city's first district by code)
    twice — routed to the city's office. A city without county bureaus: the seat for all."""
    seat = Division.objects.filter(level=DivisionLevel.COUNTY).order_by("code").first()
    offices = _county_offices()
    first = offices[0].division if offices else seat
    return [first, first, seat, seat] if seat is not None else []


def _county_officer(county: Division) -> User | None:
    return (
        User.objects.filter(
            role_assignments__role=Role.COUNTY_OFFICER, role_assignments__division=county
        )
        .order_by("username")
        .first()
    )


def _register_families() -> tuple[list[Chosen], list[str]]:
    """Where the registry has no talent with a child of school age (no synthetic talents),
    the county talent offices register four city-level talents they met in August 2022 and
    their children: two of a county with its own education bureau (their cases wait there:
    武穴 in Huanggang), two of the seat district (one junior secondary place assigned to the
    school with a demo contact, waiting for the school's record)."""
    from rencai.talents.demo import register_example_talents
    from rencai.talents.models import Tier
    from rencai.talents.services.registry import add_family_member

    tier = Tier.objects.filter(is_high_level=True).order_by("-rank").first()
    chosen, plans = [], []
    with clock.at(_morning(FIRST_DAY - timedelta(days=3), random.Random(0))):  # noqa: S311
        for n, (county, (birth, final)) in enumerate(
            zip(_family_counties(), FAMILIES, strict=False)
        ):
            officer = _county_officer(county)
            if officer is None or tier is None:
                continue
            talent = register_example_talents(
                officer,
                county=county,
                count=1,
                first=100 + n,
                born=1980,
                tier=tier,
            )[0]
            child = add_family_member(
                talent,
                actor=officer,
                relation=Relation.CHILD,
                name=f"{talent.name[0]}小{'明红军丽'[n]}",
                birth_date=birth,
            )
            chosen.append(Chosen(talent, child, stage_for(birth) or Stage.PRIMARY))
            plans.append(final)
    return chosen, plans


def _morning(day: date, rng: random.Random) -> datetime:
    return clock.aware(datetime.combine(day, time(9, 0))) + timedelta(minutes=rng.randrange(0, 420))


def _officer(office_id: int) -> User | None:
    return User.objects.filter(
        role_assignments__role=Role.DEPARTMENT_OFFICER, role_assignments__organisation_id=office_id
    ).first()


def _school_contact(school_id: int) -> User | None:
    return User.objects.filter(
        role_assignments__role=Role.SCHOOL_CONTACT, role_assignments__organisation_id=school_id
    ).first()


def _school(case: EnrolmentCase) -> Organisation:
    """A school of the office's area fitting the stage (a school with a contact first)."""
    schools = list(services.schools_for(case))
    fitting = [s for s in schools if STAGE_WORDS[case.stage] in s.name] or schools
    with_contact = [s for s in fitting if _school_contact(s.pk)]
    if case.stage == Stage.JUNIOR_SECONDARY and with_contact:
        return with_contact[0]
    local = [s for s in fitting if s.division_id == case.county_id]
    return (local or fitting)[0]


def _serve(item: Chosen, final: str, version, rng: random.Random) -> None:
    day = FIRST_DAY + timedelta(days=rng.randrange(0, 3))
    office = services.education_office_for(item.talent.county)
    routed = EnrolmentCase(education_office=office, stage=item.stage, county=item.talent.county)
    with clock.at(_morning(day, rng)):
        case = services.request_enrolment(
            item.talent,
            item.child,
            actor=item.talent.user,
            stage=item.stage,
            school_year=SCHOOL_YEAR,
            preferred_schools=[_school(routed)],
            confirmed=[str(c) for c in version.to_confirm or []],
        )
    if final == "requested":
        return
    officer = _officer(case.education_office_id)
    day = add_working_days(day, 2)
    if final == "not_placed":
        with clock.at(_morning(day, rng)):
            services.close_not_placed(case, actor=officer, reason=rng.choice(REASONS))
        return
    with clock.at(_morning(day, rng)):
        case = services.review_case(case, actor=officer, note="材料齐全")
    if final == "reviewed":
        return
    day = add_working_days(day, 3)
    with clock.at(_morning(day, rng)):
        case = services.assign_school(case, actor=officer, school=_school(case))
    if final == "assigned":
        return
    day = max(add_working_days(day, 1), SEPTEMBER)
    recorder = _school_contact(case.assigned_school_id) or officer
    with clock.at(_morning(day, rng)):
        services.enrol_child(case, actor=recorder, on=day)
