"""The desk's demo (示例): budgets and approval chains, and cases served through the services.

`load_demo` is the desk's demo loader (`rencai.core.demo_loaders`); `manage.py load_demo_desk`
and `manage.py load_demo_cases` run its two halves alone.

Every demo case goes through the desk's own services, as the window and the departments would
do it, each step *at its time* (`rencai.core.clock.at`): on a working morning of the six weeks
before the demo's date the clerk finds the talent, opens the case with everything confirmed,
ticks the originals, accepts and — where the benefit allows it — approves at the window; the
paying department records the payment a few days later; the 人社局 decides the first step of
the living allowance days after the visit. So the rows, their history and their audit events
carry those past times, and the deadlines and handling times are the services' own — the
queue has overdue cases and the report has medians. Deterministic from the seed; it does
nothing when cases exist.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from rencai.core import audit, clock, sms
from rencai.core import city as cities
from rencai.core.choices import DivisionLevel, OrganisationKind, Role
from rencai.core.errors import DomainError
from rencai.core.models import Division, Organisation, User
from rencai.core.money import yuan_to_fen
from rencai.policies import selectors as policy_selectors
from rencai.policies.choices import TimeUnit
from rencai.policies.models import Benefit
from rencai.policies.outreach import candidates
from rencai.talents.models import Degree, Talent
from rencai.talents.services.registry import find_for_window

from . import permissions, services
from .choices import ApplicationState
from .models import Application, ApprovalStep, CaseNumberPrefix
from .selectors import document_code
from .services.budgets import set_budget
from .services.directory import save_directory_entry

WEEKS = 6
WALK_INS = 3  # per benefit, when the registry has too few synthetic talents (a small demo)


@dataclass(frozen=True)
class Plan:
    """How many cases of one benefit, and how far each goes."""

    benefit: str
    cases: int
    decided: int  # approved at the window, or by the first step's department
    paid: int


PLANS = (
    Plan("home_purchase_subsidy", cases=14, decided=11, paid=7),
    Plan("graduate_living_allowance", cases=10, decided=4, paid=0),
)


def load_demo(options) -> str:
    """The desk's demo loader: its configuration, then (unless `--no-cases`) the cases."""
    budgets, steps = load_configuration(options.data_dir / "desk.json")
    summary = f"{budgets} budgets, {steps} approval steps"
    if options.cases:
        opened = load_cases(seed=options.seed, as_of=options.as_of, stderr=options.stderr)
        summary += f", {opened} demo cases"
    if options.applications:
        summary += ", " + load_applications(options)
    return summary


def load_applications(options) -> str:
    """`--applications N`: N synthetic cases of 2021–2022 over the registry (`generate.py`)."""
    import sys

    from tqdm import tqdm

    from .generate import generate_applications

    bar = tqdm(
        total=options.applications,
        unit=" cases",
        unit_scale=True,
        file=sys.stderr,
        disable=None if options.progress is None else not options.progress,
    )
    with bar:
        made = generate_applications(
            options.applications,
            seed=options.seed,
            batch_size=options.batch_size,
            on_batch=bar.update,
        )
    return f"{made['applications']} synthetic cases, {made['disbursements']} payments"


def load_configuration(path: Path) -> tuple[int, int]:
    """Budgets and approval chains for the demo benefits (safe to run again)."""
    config = json.loads(path.read_text(encoding="utf-8"))
    benefits = {b.code: b for b in Benefit.objects.all()}
    with transaction.atomic():
        for division_code, prefix in config.get("case_number_prefixes", {}).items():
            city = Division.objects.filter(code=division_code).first()
            if city is not None:
                CaseNumberPrefix.objects.update_or_create(
                    division=city, defaults={"prefix": prefix}
                )
        budgets = 0
        for code, yuan in config["budgets"].items():
            if code in benefits:
                for year in config["budget_years"]:
                    set_budget(benefits[code], actor=None, year=year, amount_fen=yuan_to_fen(yuan))
                    budgets += 1
        steps = 0
        for code, chain in config["approval_steps"].items():
            if code not in benefits:
                continue
            for order, step in enumerate(chain, start=1):
                division_code, org_code = step["organisation"]
                organisation = Organisation.objects.get(division__code=division_code, code=org_code)
                ApprovalStep.objects.update_or_create(
                    benefit=benefits[code],
                    order=order,
                    defaults={
                        "organisation": organisation,
                        "clerk_may_approve": step.get("clerk_may_approve", False),
                    },
                )
                steps += 1
        points = load_directory(
            config.get("service_points", {}), benefits, area_code=_area_code(path.parent)
        )
        audit.record(
            None,
            "demo.load",
            target_type="demo",
            target_repr="desk configuration",
            changes={"budgets": budgets, "approval_steps": steps, "service_points": points},
        )
    return budgets, steps


DEFAULT_HOURS = "周一至周五 9:00–12:00，14:00–17:30"


def _area_code(data_dir: Path) -> str:
    """The city's telephone area code (city.json's `area_code`; the configured city's when the
    folder has no city.json)."""
    folder = data_dir if (data_dir / "city.json").is_file() else cities.data_dir()
    return cities.read(folder).area_code


def load_directory(points: dict, benefits: dict[str, Benefit], *, area_code: str = "") -> int:
    """The service-point directory (示例: addresses, hours and telephones are illustrative),
    one entry per service point of organisations.csv that exists; safe to run again. A point
    without a line in desk.json gets an illustrative number in the city's `area_code`."""
    loaded = 0
    for key, entry in points.items():
        division_code, org_code = key.split("/")
        organisation = Organisation.objects.filter(
            division__code=division_code, code=org_code, kind=OrganisationKind.SERVICE_POINT
        ).first()
        if organisation is None:
            continue
        save_directory_entry(
            organisation,
            actor=None,
            benefits=[benefits[code] for code in entry.get("benefits", []) if code in benefits],
            address=entry["address"],
            hours=entry["hours"],
            telephone=entry["telephone"],
            services=list(entry.get("services", [])),
            illustrative=entry.get("illustrative", True),
        )
        loaded += 1
    # A service point added to organisations.csv without a line here still gets an entry.
    missing = Organisation.objects.filter(
        kind=OrganisationKind.SERVICE_POINT, directory_entry__isnull=True
    ).select_related("division")
    for number, organisation in enumerate(missing.order_by("pk"), start=1):
        save_directory_entry(
            organisation,
            actor=None,
            address=f"{organisation.division.name}{organisation.name}",
            hours=DEFAULT_HOURS,
            telephone=f"{area_code or cities.current().area_code}-81009{number:02d}",
            services=["政策咨询"],
            illustrative=True,
        )
        loaded += 1
    return loaded


def load_cases(*, seed: int = 2022, as_of: date | None = None, stderr=None) -> int | None:
    """Open the demo cases in the weeks before `as_of` (default today); None if cases exist
    or there is no demo clerk."""
    if Application.objects.exists():
        return None
    clerk = User.objects.filter(username="clerk").first()
    if clerk is None:
        return None
    as_of = as_of or clock.today()
    # Nothing after the demo's date: its end of day, or now when that is today.
    horizon = min(clock.now(), clock.aware(datetime.combine(as_of, time(18, 0))))
    rng = random.Random(seed)  # noqa: S311 (demo data, not secrets)
    opened = 0
    with sms.quietly(), transaction.atomic():
        for plan in PLANS:
            opened += _serve(plan, clerk, rng, as_of, horizon, stderr)
        audit.record(
            None,
            "demo.load",
            target_type="demo",
            target_repr="demo cases",
            changes={"cases": opened},
        )
    return opened


def _serve(plan: Plan, clerk: User, rng: random.Random, as_of: date, horizon, stderr) -> int:
    benefit = Benefit.objects.filter(code=plan.benefit).first()
    version = policy_selectors.current_version(benefit, as_of) if benefit else None
    if version is None:
        return 0
    first_day = max(as_of - timedelta(weeks=WEEKS), version.effective_from)
    # Synthetic talents only: the demo talent's own record stays free for the demo.
    found = candidates(benefit, version, first_day).filter(user__isnull=True).order_by("pk")
    people: list[tuple[int, Talent | None]] = list(enumerate(found[: plan.cases]))
    if len(people) < WALK_INS:  # a small demo: walk-ins, the last ones still open
        people += [(plan.decided - 1 + k, None) for k in range(WALK_INS - len(people))]
    opened = 0
    for n, talent in people:
        start = _working_morning(rng, first_day, as_of)
        try:
            with transaction.atomic():
                if talent is None:
                    talent = _walk_in(clerk, n, plan, first_day, start)
                _serve_one(plan, n, talent, benefit, clerk, rng, start, horizon)
        except DomainError as exc:  # a budget or rule the demo data does not meet
            if stderr is not None:
                stderr.write(f"demo case for {talent.pk} stopped: {exc.message}\n")
            continue
        opened += 1
    return opened


def _serve_one(plan, n, talent, benefit, clerk, rng, start, horizon) -> None:
    moment = start
    with clock.at(moment):
        find_for_window(actor=clerk, id_number=talent.id_number)
    moment += timedelta(seconds=rng.randrange(30, 90))
    with clock.at(moment):
        version = policy_selectors.current_version(benefit, clock.today())
        case = services.open_application(
            talent,
            benefit,
            actor=clerk,
            confirmed=[str(c) for c in version.to_confirm or []],
            payee_account=f"62170{rng.randrange(10**13, 10**14)}",
        )
        for name in benefit.documents or []:
            services.mark_document_seen(case, actor=clerk, code=document_code(str(name)))
    if n >= plan.decided:
        return
    with clock.at(moment + timedelta(seconds=10)):
        case = _as_whoever_may(case, "accept", services.accept_application, clerk)
    at_window = benefit.time_unit == TimeUnit.MINUTES
    while case.state == ApplicationState.ACCEPTED:
        if at_window:  # decided at the window within minutes of the visit
            moment = max(moment, start + timedelta(seconds=rng.randrange(120, 340)))
        else:  # a department decides a few days later, in office hours
            moment = _office_time(rng, moment + timedelta(days=rng.randrange(1, 5)))
        step = case.benefit.approval_steps.filter(order=case.step).first()
        before = case.step
        with clock.at(min(moment, horizon)):
            case = _as_whoever_may(
                case,
                "approve",
                services.approve_application,
                clerk,
                step.organisation_id if step else None,
            )
        if case.state == ApplicationState.ACCEPTED and case.step == before:
            return  # nobody in the demo may decide this step
    payer = _officer(permissions.paying_department_id(case.benefit))
    if n < plan.paid and payer:
        with clock.at(min(moment + timedelta(days=3), horizon)):
            if "disburse" in permissions.allowed_actions(payer, case):
                services.disburse(case, actor=payer)


def _walk_in(clerk: User, n: int, plan: Plan, first_day: date, start: datetime) -> Talent:
    """A master's graduate who came to the city last year, not yet in the registry: the clerk
    registers them at the window (示例), minutes before serving them."""
    from rencai.talents.demo import register_example_talents

    with clock.at(start - timedelta(minutes=5)):
        return register_example_talents(
            clerk,
            county=_seat_district(),
            count=1,
            first=60 + 10 * PLANS.index(plan) + n,
            born=1993,
            degree=Degree.objects.get(code="master"),
            graduation_date=first_day - timedelta(days=200),
            arrival_date=first_day - timedelta(days=150),
        )[0]


def _seat_district() -> Division:
    """Where the city window is: the city's first district by code, its seat (黄州区 in
    Huanggang, 孝南区 in Xiaogan: data, so a second city's demo needs no code)."""
    return Division.objects.filter(level=DivisionLevel.COUNTY).order_by("code").first()


def _working_morning(rng: random.Random, first_day: date, as_of: date) -> datetime:
    """A moment of a working day's office hours between `first_day` and the day before
    `as_of` (Monday to Friday)."""
    span = max(1, (as_of - first_day).days)
    day = as_of - timedelta(days=rng.randrange(1, span + 1))
    while day.weekday() >= 5 and day > first_day:
        day -= timedelta(days=1)
    return clock.aware(datetime.combine(day, time(9, 0))) + timedelta(minutes=rng.randrange(0, 420))


def _office_time(rng: random.Random, moment: datetime) -> datetime:
    day = timezone.localtime(moment, timezone.get_default_timezone()).date()
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return clock.aware(datetime.combine(day, time(9, 0))) + timedelta(minutes=rng.randrange(0, 480))


def _officer(organisation_id: int | None) -> User | None:
    return User.objects.filter(
        role_assignments__role=Role.DEPARTMENT_OFFICER,
        role_assignments__organisation_id=organisation_id,
    ).first()


def _as_whoever_may(case, action, service, clerk, organisation_id=None) -> Application:
    """Do `action` as whoever may: the clerk at the window, else an officer of the
    organisation the step names (or of the case's department)."""
    officer = _officer(organisation_id or case.department_id)
    for actor in (clerk, officer):
        if actor is not None and action in permissions.allowed_actions(actor, case):
            return service(case, actor=actor)
    return case
