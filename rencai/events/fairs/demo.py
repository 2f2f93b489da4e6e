"""The job fairs' demo (示例 where not in the report): the 6 September 2022 job fair for
unemployed graduates run by the city's human-resources bureau (organisations.csv: `hrss` of the
city), held at the city's `fair_place` (events.json), done through the services at its dates.

The report: 57 key enterprises brought more than 1,500 positions (places) to about 900 job
seekers, and 435 reached an employment intent. The demo does that work again, each step at its
time (`rencai.core.clock.at`):

- 25 Aug: the bureau's fair organiser (`fair`) creates the fair and publishes it;
- 29 Aug: the organiser imports the enterprises' positions from one xlsx (the import adds the
  57 enterprises, the demo enterprise contact's (users.csv: `enterprise`) among them), summing
  to 1,526 places;
- 26 Aug – 5 Sep: seekers register (graduates first; each day's in one batch);
- 6 Sep, morning: seekers are checked in at the door, walk-ins registered there; enterprises
  propose intents and seekers confirm — on their phone when they have an account, else at the
  organiser's desk — until exactly 435 seekers hold an intent both sides confirmed; some
  proposals stay waiting and a few are declined.

Exactly 57 enterprises, 1,526 places, 897 seekers checked in and 435 seekers with a confirmed
intent when the registry holds at least 970 talents. Deterministic from the seed; nothing is
done when the fair exists.
"""

from __future__ import annotations

import io
import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Case, IntegerField, Value, When
from openpyxl import Workbook

from rencai.core import clock
from rencai.core.choices import Role
from rencai.core.demo import city_organisation, read_story
from rencai.core.models import Organisation, RoleAssignment, User
from rencai.events.choices import EventKind, RegistrationSource
from rencai.events.models import Event
from rencai.events.services import (
    check_in_many,
    create_event,
    publish_event,
    register,
    register_many,
)
from rencai.talents.models import Talent

from . import services
from .choices import PARTICIPANT_KINDS, IntentStatus, Side
from .imports import SHEET_COLUMNS, import_positions
from .models import EmploymentIntent, Position

TZ = ZoneInfo("Asia/Shanghai")
TITLE = "2022年离校未就业高校毕业生专场招聘会"
FAIR_DAY = date(2022, 9, 6)
ORGANISER = "fair"  # users.csv: 市人社局招聘会组织者
CONTACT = "enterprise"  # users.csv: the demo enterprise's contact
ENTERPRISES = 57
PLACES = 1_526
REGISTERED = 950  # online before the day
SHOWED_UP = 880  # of them, checked in
WALK_INS = 17  # registered and checked in at the door
WITH_INTENT = 435
TWO_INTENTS = 60  # of them, with a second confirmed intent
PENDING = 80
DECLINED = 20

TITLES = [
    ("机械设计工程师", "大学本科"),
    ("电气工程师", "大学本科"),
    ("数控操作员", "大学专科"),
    ("质检员", "大学专科"),
    ("销售代表", ""),
    ("财务会计", "大学本科"),
    ("行政专员", "大学专科"),
    ("软件开发工程师", "大学本科"),
    ("数据分析师", "硕士研究生"),
    ("研发工程师", "硕士研究生"),
    ("生产技术员", "大学专科"),
    ("仓储物流专员", ""),
    ("人力资源专员", "大学本科"),
    ("市场策划", "大学本科"),
    ("客服专员", ""),
    ("工艺工程师", "大学本科"),
    ("安全管理员", "大学专科"),
    ("采购专员", "大学本科"),
]


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=TZ)


def load_demo(options) -> str:
    if options.as_of <= FAIR_DAY or not options.cases:
        return "job fairs: none (the demo's date is before the fair)"
    if Event.objects.filter(kind=EventKind.JOB_FAIR, title=TITLE).exists():
        return "job fairs: the 6 September fair exists"
    place = read_story(options.data_dir, "events.json").get("fair_place")
    if city_organisation("hrss") is None or not place:
        return "job fairs: none (the city has no human-resources bureau or fair place)"
    return load_fair(seed=options.seed, place=place)


def _users() -> tuple[User | None, User | None]:
    users = {u.username: u for u in User.objects.filter(username__in=[ORGANISER, CONTACT])}
    return users.get(ORGANISER), users.get(CONTACT)


def contact_enterprise(contact: User | None) -> Organisation | None:
    """The enterprise the demo contact acts for (their enterprise-contact role)."""
    if contact is None:
        return None
    assignment = (
        RoleAssignment.objects.filter(user=contact, role=Role.ENTERPRISE_CONTACT)
        .select_related("organisation")
        .order_by("pk")
        .first()
    )
    return assignment.organisation if assignment else None


def _enterprises(count: int, contact: User | None) -> list[Organisation]:
    """The contact's enterprise and the next ones by name, `count` in all."""
    qs = Organisation.objects.filter(kind__in=PARTICIPANT_KINDS, is_active=True)
    own = contact_enterprise(contact)
    first = list(qs.filter(pk=own.pk)) if own is not None else []
    rest = list(qs.exclude(pk__in=[o.pk for o in first]).order_by("division__code", "name"))
    return (first + rest)[:count]


def _positions_workbook(enterprises, rng: random.Random, places: int) -> io.BytesIO:
    rows = []
    for n, enterprise in enumerate(enterprises):
        for title, degree in rng.sample(TITLES, rng.randint(2, 4)):
            low = rng.choice([3000, 3500, 4000, 4500, 5000, 6000])
            rows.append(
                [
                    enterprise.name,
                    enterprise.credit_code,
                    f"{'ABCD'[n % 4]}{n + 1:02d}",
                    title,
                    rng.randint(3, 12),
                    low,
                    low + rng.choice([1000, 2000, 3000]),
                    degree,
                    enterprise.division.name if enterprise.division.level == "county" else "",
                    "",
                ]
            )
    total = sum(r[4] for r in rows)
    while total != places:  # spread the difference over the positions, one place at a time
        row = rows[rng.randrange(len(rows))]
        step = 1 if total < places else -1
        if row[4] + step >= 1:
            row[4] += step
            total += step
    book = Workbook()
    sheet = book.active
    sheet.append([c.header for c in SHEET_COLUMNS])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def _seekers(count: int) -> list[Talent]:
    """Graduates first (unemployed graduates before the others), then the youngest."""
    rank = Case(
        When(tags__code="unemployed_graduate", then=Value(0)),
        When(tags__code="graduate", then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    ranked = (
        Talent.objects.annotate(rank=rank)
        .order_by("rank", "-birth_date", "pk")
        .values_list("pk", flat=True)
    )
    ids: list[int] = []
    for pk in ranked:
        if pk not in ids:
            ids.append(pk)
        if len(ids) >= count:
            break
    found = Talent.objects.in_bulk(ids)
    return [found[pk] for pk in ids]


def load_fair(
    *,
    place: str,
    seed: int = 2022,
    enterprises: int = ENTERPRISES,
    places: int = PLACES,
    registered: int = REGISTERED,
    showed_up: int = SHOWED_UP,
    walk_ins: int = WALK_INS,
    with_intent: int = WITH_INTENT,
) -> str:
    rng = random.Random(seed)  # noqa: S311 - a reproducible demo, not a secret
    organiser, contact = _users()
    hrss = city_organisation("hrss")
    assert hrss is not None  # noqa: S101 - load_demo checked
    with clock.at(at(date(2022, 8, 25), 10)):
        fair = create_event(
            actor=organiser,
            kind=EventKind.JOB_FAIR,
            title=TITLE,
            description="面向离校未就业高校毕业生，57家重点企业现场招聘。",
            organiser=hrss,
            division=hrss.division,
            place=place,
            starts_at=at(FAIR_DAY, 9),
            ends_at=at(FAIR_DAY, 12),
            capacity=1200,
        )
        fair = publish_event(fair, actor=organiser)
    with clock.at(at(date(2022, 8, 29), 15)):
        result = import_positions(
            fair,
            _positions_workbook(_enterprises(enterprises, contact), rng, places),
            actor=organiser,
            filename="2022年9月6日专场招聘会岗位.xlsx",
        )
        if not result.ok:
            raise ValueError(f"demo positions: {result.errors[:3]}")

    seekers = _seekers(registered + walk_ins)
    online, at_door = seekers[:registered], seekers[registered : registered + walk_ins]
    registrations = []
    by_day: dict[date, list[Talent]] = {}
    for n, talent in enumerate(online):
        day = date(2022, 8, 26) + timedelta(days=n * 11 // max(len(online), 1))
        by_day.setdefault(day, []).append(talent)
    for day, talents in by_day.items():
        # Each day's online registrations in one batch (under the event's lock, as one by one).
        with clock.at(at(day, 20)):
            registrations += register_many(
                fair, actor=None, talents=talents, source=RegistrationSource.ONLINE
            )
    present = rng.sample(registrations, min(showed_up, len(registrations)))
    for n, talent in enumerate(at_door):
        with clock.at(at(FAIR_DAY, 8, 30 + n % 30)):
            registration = register(
                fair, actor=organiser, talent=talent, source=RegistrationSource.WALK_IN
            )
            present.append(registration)
    # The morning at the door, replayed: a scan every 12 seconds from 8:30.
    scans = [
        (registration, f"demo-{n}", at(FAIR_DAY, 8, 30) + timedelta(seconds=12 * n))
        for n, registration in enumerate(present)
    ]
    with clock.at(at(FAIR_DAY, 11, 30)):
        check_in_many(fair, actor=organiser, scans=scans)

    counts = _intents(fair, present, rng, organiser, contact, with_intent)
    return (
        f"job fair of 6 Sep 2022: {result.created} positions ({places:,} places), "
        f"{len(present)} seekers checked in, {counts}"
    )


def _confirm_seeker(intent, talent, organiser) -> None:
    if talent.user_id is not None:
        services.confirm_intent(intent, side=Side.SEEKER, actor=talent.user)
    else:
        services.confirm_at_desk(intent, actor=organiser)


def _enterprise_actor(position: Position, contact: User | None, own: int | None):
    """The demo contact acts for their enterprise (`own`); the others' contacts are not demo
    users."""
    if contact is not None and position.participant.organisation_id == own:
        return contact
    return None


def _intents(fair, present, rng, organiser, contact, with_intent: int) -> str:
    positions = list(Position.objects.filter(participant__fair=fair).with_related())
    enterprise = contact_enterprise(contact)
    own = enterprise.pk if enterprise is not None else None
    seekers = [r.talent for r in present]
    rng.shuffle(seekers)
    agreed = seekers[:with_intent]
    rest = seekers[with_intent:]
    start = at(FAIR_DAY, 9, 20)
    step = timedelta(seconds=20)
    moment = start
    for n, talent in enumerate(agreed):
        count = 2 if n < TWO_INTENTS else 1
        for position in rng.sample(positions, count):
            moment += step
            with clock.at(moment):
                if talent.user_id is None and n % 3 == 0:
                    # At the desk: the organiser records the walk-in's wish; the enterprise
                    # confirms a minute later.
                    intent = services.propose_intent(
                        position, talent=talent, side=Side.SEEKER, actor=organiser, at_desk=True
                    )
                    with clock.at(moment + timedelta(minutes=1)):
                        services.confirm_intent(
                            intent,
                            side=Side.ENTERPRISE,
                            actor=_enterprise_actor(position, contact, own),
                        )
                else:
                    intent = services.propose_intent(
                        position,
                        talent=talent,
                        side=Side.ENTERPRISE,
                        actor=_enterprise_actor(position, contact, own),
                    )
                    with clock.at(moment + timedelta(minutes=2)):
                        _confirm_seeker(intent, talent, organiser)
    contact_positions = [p for p in positions if p.participant.organisation_id == own]
    for n, talent in enumerate(rest[: PENDING + DECLINED]):
        moment += step
        # The contact's enterprise gets the first waiting proposals (their home shows them).
        pool = contact_positions if n < 8 and contact_positions else positions
        position = rng.choice(pool)
        with clock.at(moment):
            intent = services.propose_intent(
                position,
                talent=talent,
                side=Side.SEEKER,
                actor=talent.user if talent.user_id else organiser,
                at_desk=talent.user_id is None,
            )
            if n >= PENDING:
                services.decline_intent(
                    intent, side=Side.ENTERPRISE, actor=_enterprise_actor(position, contact, own)
                )
    confirmed = (
        EmploymentIntent.objects.filter(
            position__participant__fair=fair, status=IntentStatus.CONFIRMED
        )
        .values("talent")
        .distinct()
        .count()
    )
    return f"{confirmed} seekers with a confirmed intent"
