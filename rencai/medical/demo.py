"""The medical channel's demo (示例): the 17 designated hospitals with a liaison each, and
the work of the September 2022 talent service month, done through the services at its dates.

`load_demo` is the app's demo loader (`rencai.core.demo_loaders`). In the 2022 report the
health system gave card holders booked, accompanied visits: 117 talents used the green
channel and 149 had health records opened. The demo does that work again, each step *at its
time* (`rencai.core.clock.at`): the hospitals publish their September slots as weekly
patterns on 29 August; a liaison finds each talent by identity number and books a few days
ahead; on the day they check the talent in, accompany them and complete the visit (a
check-up puts its date on the talent's record), open health records, and record the few
no-shows; some bookings are cancelled before the cut-off. Talents who hold no card get a
green card from the task force in August first (the rule is evaluated at booking, as always).

Exactly 117 distinct talents complete a visit and 149 distinct talents have a record opened
(when the registry holds at least 159 talents). Today's list of the demo liaison's hospital
and of the next working day get a few bookings, so the liaison's home has its day's work
and what comes next. Deterministic from the seed;
nothing is done when appointments exist.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import F

from rencai.core import audit, clock, sms
from rencai.core.calendar import add_working_days
from rencai.core.choices import DivisionLevel, OrganisationKind, Role
from rencai.core.demo import DEMO_PASSWORD
from rencai.core.demo_loaders import bounded
from rencai.core.errors import DomainError
from rencai.core.models import Division, Organisation, RoleAssignment, User
from rencai.policies.models import Benefit
from rencai.talents.choices import CardKind
from rencai.talents.demo import register_example_talents
from rencai.talents.models import Talent, TalentCard
from rencai.talents.services.cards import issue_green_card

from . import services
from .choices import SlotKind
from .models import Appointment, Hospital, Slot

GREEN_CHANNEL = "green_channel_medical"
DEMO_LIAISON = "hospital"  # users.csv: the demo hospital's liaison
PATTERN_DAY = date(2022, 8, 29)  # the hospitals publish September's slots
FIRST_BOOKING_DAY = date(2022, 8, 30)
CARDS_DAY = date(2022, 8, 24)
SEPTEMBER = (date(2022, 9, 1), date(2022, 9, 30))
COMPLETED = 117
WITH_RECORDS = 149
CHECKUPS = 60  # of the completed visits, check-ups (their record is opened by the visit)
NO_SHOWS_WITH_RECORD = 8
CANCELLED, NO_SHOWS = 6, 4
# The September visitors are drawn from at most about this many synthetic talents (the demo
# has 3,000; a benchmark registry of a million is sampled, `demo_loaders.bounded`).
POOL_SAMPLE = 4000
LIAISON_NAMES = ["王芳", "李娜", "张敏", "刘洋", "陈静", "杨丽", "黄磊", "赵霞"]
LIAISON_NAMES += ["周杰", "吴婷", "徐明", "孙燕", "马俊", "朱琳", "胡军", "郭蕾"]


@dataclass
class Plan:
    """What one talent does in September."""

    talent: Talent
    kind: str = SlotKind.VISIT
    outcome: str = "complete"  # complete | noshow | cancel | none
    record: bool = False  # the liaison opens a record (a check-up's visit opens its own)


def load_demo(options) -> str:
    hospitals, liaisons = load_hospitals()
    summary = f"{hospitals} designated hospitals, {liaisons} liaisons"
    if options.cases:
        done = load_service_month(seed=options.seed, as_of=options.as_of, stderr=options.stderr)
        if done:
            summary += f", {done}"
    return summary


def load_hospitals() -> tuple[int, int]:
    """Every hospital organisation is designated, with a liaison (safe to run again)."""
    hashed = make_password(DEMO_PASSWORD)
    created_liaisons = 0
    organisations = Organisation.objects.filter(kind=OrganisationKind.HOSPITAL).order_by(
        "division__code", "code", "pk"
    )
    with transaction.atomic():
        for n, organisation in enumerate(organisations):
            Hospital.objects.get_or_create(organisation=organisation)
            has_liaison = RoleAssignment.objects.filter(
                role=Role.HOSPITAL_LIAISON, organisation=organisation
            ).exists()
            if has_liaison:
                continue
            username = (
                f"liaison-{organisation.division.code}-{organisation.code or organisation.pk}"
            )
            user, _new = User.objects.get_or_create(
                username=username,
                defaults={
                    "display_name": LIAISON_NAMES[n % len(LIAISON_NAMES)],
                    "password": hashed,
                },
            )
            RoleAssignment.objects.get_or_create(
                user=user, role=Role.HOSPITAL_LIAISON, organisation=organisation
            )
            created_liaisons += 1
        audit.record(
            None,
            "demo.load",
            target_type="demo",
            target_repr="designated hospitals",
            changes={"hospitals": organisations.count(), "liaisons": created_liaisons},
        )
    return organisations.count(), created_liaisons


def liaison_of(hospital: Hospital) -> User:
    """The hospital's first liaison (kept on the hospital object for the rest of the load)."""
    if not hasattr(hospital, "_demo_liaison"):
        hospital._demo_liaison = (
            User.objects.filter(
                role_assignments__role=Role.HOSPITAL_LIAISON,
                role_assignments__organisation=hospital.organisation_id,
            )
            .order_by("pk")
            .first()
        )
    return hospital._demo_liaison


def at(day: date, hour: int, minute: int = 0):
    return clock.at(datetime.combine(day, time(hour, minute)))


def load_service_month(*, seed: int = 2022, as_of: date | None = None, stderr=None) -> str | None:
    """The September 2022 work and today's list; None if appointments exist already."""
    benefit = Benefit.objects.filter(code=GREEN_CHANNEL).first()
    if Appointment.objects.exists() or benefit is None:
        return None
    as_of = as_of or clock.today()
    rng = random.Random(seed)  # noqa: S311 (demo data, not secrets)
    hospitals = list(Hospital.objects.select_related("organisation__division"))
    if not hospitals:
        return None
    with sms.quietly(), transaction.atomic():
        # Today's list first: its few talents are kept out of September's work.
        summary = [_today(benefit, as_of, stderr)]
        if as_of > SEPTEMBER[1]:
            summary.append(_september(benefit, hospitals, rng, stderr))
        audit.record(
            None,
            "demo.load",
            target_type="demo",
            target_repr="medical green channel",
            changes={"summary": "; ".join(summary)},
        )
    return "; ".join(summary)


def _taskforce() -> User | None:
    return User.objects.filter(role_assignments__role=Role.TASK_FORCE).order_by("pk").first()


def _card_holder(talent: Talent, *, on: date, valid_from: date, issuer) -> bool:
    """Give the talent a green card valid on `on` unless they hold a card that is."""
    if TalentCard.objects.active().valid_on(on).filter(talent=talent).exists():
        return True
    if (
        issuer is None
        or TalentCard.objects.active().filter(talent=talent, kind=CardKind.GREEN_CARD).exists()
    ):
        return False
    with at(valid_from, 9, 30):
        issue_green_card(
            talent,
            actor=issuer,
            valid_from=valid_from,
            valid_to=valid_from + timedelta(days=3 * 365),
        )
    return True


def _plans(talents: list[Talent]) -> list[Plan]:
    """117 complete (60 check-ups), 149 with a record, a few no-shows and cancellations."""
    plans = []
    for n, talent in enumerate(talents):
        if n < CHECKUPS:
            plans.append(Plan(talent, SlotKind.CHECKUP))
        elif n < COMPLETED:
            plans.append(Plan(talent, record=True))
        elif n < COMPLETED + NO_SHOWS_WITH_RECORD:
            plans.append(Plan(talent, outcome="noshow", record=True))
        elif n < WITH_RECORDS:
            plans.append(Plan(talent, outcome="none", record=True))
        elif n < WITH_RECORDS + CANCELLED:
            plans.append(Plan(talent, outcome="cancel"))
        else:
            plans.append(Plan(talent, outcome="noshow"))
    return plans


def _publish_september(benefit, hospitals) -> None:
    first, last = SEPTEMBER
    with at(PATTERN_DAY, 16):
        for hospital in hospitals:
            liaison = liaison_of(hospital)
            services.publish_weekly_slots(
                hospital,
                actor=liaison,
                benefit=benefit,
                service="人才绿色通道门诊",
                weekdays=[1, 3],
                first_date=first,
                last_date=last,
                start_time=time(9, 0),
                end_time=time(11, 0),
                capacity=6,
            )
            services.publish_weekly_slots(
                hospital,
                actor=liaison,
                benefit=benefit,
                service="人才健康体检套餐",
                weekdays=[2],
                first_date=first,
                last_date=last,
                start_time=time(8, 0),
                end_time=time(10, 0),
                capacity=6,
                kind=SlotKind.CHECKUP,
            )


def _free_slot(plan: Plan, hospitals_by_county, rng) -> Slot | None:
    """A free September slot of the plan's kind: in the talent's county first, any after."""
    near = hospitals_by_county.get(plan.talent.county_id, [])
    free = Slot.objects.filter(
        kind=plan.kind, date__range=SEPTEMBER, booked__lt=F("capacity")
    ).order_by("date", "pk")
    for candidates in (free.filter(hospital__in=near), free):
        options = list(candidates[:40])
        if options:
            return rng.choice(options)
    return None


def _september(benefit, hospitals, rng, stderr) -> str:
    issuer = _taskforce()
    _publish_september(benefit, hospitals)
    today = set(Appointment.objects.values_list("talent_id", flat=True))
    synthetic = bounded(Talent.objects.filter(user__isnull=True), rng, POOL_SAMPLE)
    pool = [t for t in synthetic.order_by("pk") if t.pk not in today]
    rng.shuffle(pool)
    wanted = WITH_RECORDS + CANCELLED + NO_SHOWS
    by_county: dict[int, list[Hospital]] = {}
    for hospital in hospitals:
        by_county.setdefault(hospital.organisation.division_id, []).append(hospital)
    plans = _plans(pool[:wanted])
    done = {"complete": 0, "records": 0, "noshow": 0, "cancel": 0}
    for plan in plans:
        try:
            with transaction.atomic():
                _serve(plan, benefit, by_county, hospitals, rng, issuer, done)
        except DomainError as exc:
            if stderr is not None:
                stderr.write(f"demo visit for {plan.talent.pk} stopped: {exc.message}\n")
    return (
        f"September 2022: {done['complete']} visits completed, {done['records']} health "
        f"records opened, {done['noshow']} no-shows, {done['cancel']} cancelled"
    )


def _open_record_only(plan: Plan, by_county, hospitals, rng, done) -> None:
    """A talent met at the service month's events: the liaison opens a record, no visit."""
    hospital = rng.choice(by_county.get(plan.talent.county_id) or hospitals)
    liaison = liaison_of(hospital)
    day = SEPTEMBER[0] + timedelta(days=rng.randint(0, 28))
    with at(day, 10, rng.randint(0, 59)):
        services.find_talent(actor=liaison, id_number=plan.talent.id_number)
        services.open_health_record(plan.talent, hospital, actor=liaison)
    done["records"] += 1


def _serve(plan: Plan, benefit, by_county, hospitals, rng, issuer, done) -> None:
    if plan.outcome == "none":
        _open_record_only(plan, by_county, hospitals, rng, done)
        return
    slot = _free_slot(plan, by_county, rng)
    if slot is None:
        return
    hospital = slot.hospital
    liaison = liaison_of(hospital)
    # Booked a few days ahead, once the slots are out.
    booking_day = max(slot.date - timedelta(days=rng.randint(2, 6)), FIRST_BOOKING_DAY)
    if not _card_holder(plan.talent, on=booking_day, valid_from=CARDS_DAY, issuer=issuer):
        return
    with at(booking_day, 9, rng.randint(0, 59)):
        services.find_talent(actor=liaison, id_number=plan.talent.id_number)
        appointment = services.book_appointment(slot, actor=liaison, talent=plan.talent)
    start = slot.start_time.hour
    if plan.outcome == "cancel":
        with at(slot.date - timedelta(days=2), 15):
            services.cancel_appointment(appointment, actor=liaison, reason="人才出差，改期再约")
        done["cancel"] += 1
        return
    if plan.outcome == "noshow":
        if plan.record:
            with at(booking_day, 10):
                services.open_health_record(plan.talent, hospital, actor=liaison)
            done["records"] += 1
        with at(slot.date, start + 2):
            services.record_no_show(appointment, actor=liaison)
        done["noshow"] += 1
        return
    with at(slot.date, start - 1, 50):
        services.check_in(appointment, actor=liaison)
    with at(slot.date, start, rng.randint(0, 15)):
        services.accompany(appointment, actor=liaison)
        if plan.record:
            services.open_health_record(plan.talent, hospital, actor=liaison)
    with at(slot.date, start + 1, rng.randint(0, 45)):
        services.complete_visit(appointment, actor=liaison)
    done["complete"] += 1
    done["records"] += 1


def _hospital_district(hospital: Hospital) -> Division:
    """The county of the hospital's district; a city-level hospital's is the seat district
    (the city's first district by code: 黄州区 in Huanggang)."""
    division = hospital.organisation.division
    if division.level == DivisionLevel.COUNTY:
        return division
    return Division.objects.filter(level=DivisionLevel.COUNTY).order_by("code").first() or division


def _today(benefit, as_of: date, stderr) -> str:
    """Bookings on the demo liaison's list for `as_of` (their day's work) and for the next
    working day (what their home shows coming). A small demo without synthetic talents gets
    a few talents registered by the task force first (示例)."""
    user = User.objects.filter(username=DEMO_LIAISON).first()
    assignment = RoleAssignment.objects.filter(user=user, role=Role.HOSPITAL_LIAISON).first()
    hospital = (
        Hospital.objects.filter(organisation=assignment.organisation).first()
        if assignment
        else None
    )
    if hospital is None:
        return "no list for today"
    issuer = _taskforce()
    next_day = add_working_days(as_of, 1)
    slots = []
    with at(as_of - timedelta(days=7), 16):
        for day, hour in ((as_of, 9), (as_of, 10), (as_of, 14), (next_day, 9), (next_day, 14)):
            slots.append(
                services.publish_slot(
                    hospital,
                    actor=user,
                    benefit=benefit,
                    service="人才绿色通道门诊",
                    date=day,
                    start_time=time(hour, 0),
                    end_time=time(hour, 50),
                    capacity=4,
                )
            )
    pool = list(Talent.objects.filter(user__isnull=True).order_by("-pk")[:6])
    if len(pool) < 4 and issuer is not None:
        with at(as_of - timedelta(days=35), 9):
            pool += register_example_talents(
                issuer,
                county=_hospital_district(hospital),
                count=4 - len(pool),
                first=40,
            )
    booked = 0
    for n, talent in enumerate(pool):
        try:
            with transaction.atomic():
                if not _card_holder(
                    talent, on=as_of, valid_from=as_of - timedelta(days=30), issuer=issuer
                ):
                    continue
                with at(as_of - timedelta(days=2), 10, n):
                    services.find_talent(actor=user, id_number=talent.id_number)
                    services.book_appointment(slots[n % len(slots)], actor=user, talent=talent)
                booked += 1
        except DomainError as exc:
            if stderr is not None:
                stderr.write(f"demo booking for {talent.pk} stopped: {exc.message}\n")
    return f"{booked} bookings on today's and the next working day's lists"
