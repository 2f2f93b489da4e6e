"""Synthetic cases for benchmarks: `manage.py load_demo --applications N`.

N applications (cases) of 2021–2022 spread over the registry's talents, the desk's benefits,
the channels, states and dates, each with its entitlement (`policies`, one per case) and, for
paid and closed cases, its payment: what the desk's figures count (cases opened, settled within
target, median handling time, money paid by benefit and month). Deterministic from the seed
and the registry. Written with COPY on PostgreSQL (primary keys reserved from the sequences, so
a case knows its entitlement's id without a round trip), `bulk_create` elsewhere.

Not the services: no audit event per case, no history rows, no approvals or documents — a
million cases made one by one would take hours. The rules the database holds are kept: one
live entitlement per talent and benefit (and per exclusivity group) — a talent's later case of a
benefit they already hold is rejected or withdrawn —, unique case numbers (the year's
`CaseCounter` moves past them), positive payments. Working days skip weekends only (not the
official calendar's holidays): close enough for a benchmark's medians.

One talent (the registry's first synthetic one) gets `HEAVY_CASES` of them: the one-person file
of a talent with many records.
"""

from __future__ import annotations

import contextlib
import random
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import accumulate
from operator import itemgetter
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection, transaction

from rencai.core import audit
from rencai.core.choices import OrganisationKind
from rencai.core.models import Organisation
from rencai.policies.choices import EntitlementSource, EntitlementState, Periodicity, TimeUnit
from rencai.policies.models import Benefit, BenefitVersion, Entitlement
from rencai.talents.demo import REBUILD_INDEXES_FROM, bulk_load_tables
from rencai.talents.models import Talent

from .choices import ApplicationState as A
from .choices import Channel
from .models import Application, CaseCounter, CaseNumberPrefix, Disbursement
from .numbering import DEFAULT_PREFIX, format_number

FIRST_DAY = date(2021, 1, 1)
LAST_DAY = date(2022, 12, 31)
HEAVY_CASES = 300
OPEN_DAYS = 45  # cases opened this close to LAST_DAY may still be open
TZ = ZoneInfo("Asia/Shanghai")

# How cases end (decided long ago); open states only near LAST_DAY.
ENDINGS = ((A.DISBURSED, 46), (A.CLOSED, 18), (A.APPROVED, 8), (A.REJECTED, 16), (A.WITHDRAWN, 12))
OPEN = ((A.SUBMITTED, 40), (A.ACCEPTED, 40), (A.RETURNED, 10), (A.APPROVED, 10))
CHANNELS = (
    (Channel.WINDOW, 45),
    (Channel.STATION, 15),
    (Channel.ONLINE, 35),
    (Channel.OUTREACH, 5),
)
DEAD = (EntitlementState.REJECTED, EntitlementState.WITHDRAWN)
AMOUNTS_YUAN = (500, 1000, 2000, 3000, 5000, 10000, 20000, 50000)
PAID = (A.DISBURSED, A.CLOSED)
ENTITLEMENT_STATE = {
    A.SUBMITTED: EntitlementState.PENDING,
    A.ACCEPTED: EntitlementState.PENDING,
    A.RETURNED: EntitlementState.PENDING,
    A.APPROVED: EntitlementState.GRANTED,
    A.DISBURSED: EntitlementState.PAID,
    A.CLOSED: EntitlementState.PAID,  # a monthly benefit's: ended
    A.REJECTED: EntitlementState.REJECTED,
    A.WITHDRAWN: EntitlementState.WITHDRAWN,
}


class Weighted:
    def __init__(self, pairs) -> None:
        self.items = [item for item, _ in pairs]
        self.cumulative = list(accumulate(weight for _, weight in pairs))

    def pick(self, rng: random.Random) -> Any:
        return self.items[bisect_right(self.cumulative, rng.random() * self.cumulative[-1])]


@dataclass(frozen=True)
class BenefitInfo:
    id: int
    bit: int
    group_bit: int  # 0: no exclusivity group
    group: str
    department_id: int
    paying_department_id: int
    target_days: int | None  # working days; None: no target in days
    monthly: bool
    versions: tuple[tuple[date, int], ...]  # (effective from, id), oldest first

    def version_on(self, day: date) -> int:
        chosen = self.versions[0][1]
        for effective_from, pk in self.versions:
            if effective_from <= day:
                chosen = pk
        return chosen


def benefits_from_db() -> list[BenefitInfo]:
    versions: dict[int, list[tuple[date, int]]] = {}
    for benefit_id, effective_from, pk in BenefitVersion.objects.order_by(
        "effective_from", "number"
    ).values_list("benefit_id", "effective_from", "pk"):
        versions.setdefault(benefit_id, []).append((effective_from, pk))
    groups: dict[str, int] = {}
    infos = []
    benefits = Benefit.objects.filter(is_active=True, pk__in=versions).order_by("pk")
    for bit, b in enumerate(benefits[:63]):
        group_bit = 0
        if b.exclusivity_group:
            group_bit = groups.setdefault(b.exclusivity_group, 1 << len(groups))
        days = b.time_unit == TimeUnit.WORKING_DAYS and b.time_target or None
        infos.append(
            BenefitInfo(
                id=b.pk,
                bit=1 << bit,
                group_bit=group_bit,
                group=b.exclusivity_group,
                department_id=b.owning_department_id,
                paying_department_id=b.paying_department_id or b.owning_department_id,
                target_days=days,
                monthly=b.periodicity == Periodicity.MONTHLY,
                versions=tuple(versions[b.pk]),
            )
        )
    return infos


def add_weekdays(day: date, n: int) -> date:
    while n > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def cases_per_day(count: int) -> Iterator[tuple[date, int]]:
    """`count` spread over the days of 2021–2022: weekdays busier, 2022 busier than 2021;
    cumulative rounding, so the days add up to `count` exactly."""
    days = [FIRST_DAY + timedelta(days=i) for i in range((LAST_DAY - FIRST_DAY).days + 1)]
    weights = [(1.0 if d.weekday() < 5 else 0.2) * (1.0 + 0.4 * (d.year - 2021)) for d in days]
    total, running, given = sum(weights), 0.0, 0
    for day, weight in zip(days, weights, strict=True):
        running += weight
        upto = round(count * running / total)
        yield day, upto - given
        given = upto


Case = tuple[dict, dict, dict | None]  # entitlement, application, payment (or None)


class CaseGenerator:
    """Rows (entitlement, application, payment or None) for `count` cases, oldest first."""

    def __init__(
        self,
        *,
        seed: int,
        talents: tuple[array, array],
        benefits: list[BenefitInfo],
        service_points: dict[int, list[int]],
        prefix: str,
        first_numbers: dict[int, int],
    ) -> None:
        self.rng = random.Random(seed)  # noqa: S311 (benchmark data, not secrets)
        self.talent_ids, self.counties = talents
        self.benefits = benefits
        self.service_points = service_points
        self.prefix = prefix
        self.numbers = dict(first_numbers)  # year -> last number given
        self.live_benefits = array("Q", bytes(8 * len(self.talent_ids)))
        self.live_groups = array("Q", bytes(8 * len(self.talent_ids)))
        self.heavy = 0
        self.by_id = {b.id: b for b in benefits}
        self.group_bits = {b.group: b.group_bit for b in benefits if b.group}
        self.endings, self.open = Weighted(ENDINGS), Weighted(OPEN)
        self.channels = Weighted(CHANNELS)

    def hold(self, talent_id: int, benefit_id: int, group: str) -> None:
        """A live entitlement already in the database: later cases of it are refused."""
        t = bisect_left(self.talent_ids, talent_id)
        if t < len(self.talent_ids) and self.talent_ids[t] == talent_id:
            if benefit_id in self.by_id:
                self.live_benefits[t] |= self.by_id[benefit_id].bit
            self.live_groups[t] |= self.group_bits.get(group, 0)

    def cases(self, count: int, heavy: int = HEAVY_CASES) -> Iterator[Case]:
        """`count` cases, `heavy` of them (at most a quarter) the heavy talent's."""
        rng, talents = self.rng, len(self.talent_ids)
        heavy_share = min(heavy, count // 4) / count if count else 0
        for day, k in cases_per_day(count):
            seconds = sorted(rng.randrange(8 * 3600 + 1800, 17 * 3600 + 1800) for _ in range(k))
            for second in seconds:
                t = self.heavy if rng.random() < heavy_share else rng.randrange(talents)
                created = datetime.combine(day, time(), TZ) + timedelta(seconds=second)
                yield self.case(t, created)

    def case(self, t: int, created: datetime) -> tuple[dict, dict, dict | None]:
        rng = self.rng
        benefit = self.benefits[rng.randrange(len(self.benefits))]
        day = created.date()
        is_open = (LAST_DAY - day).days < OPEN_DAYS and rng.random() < 0.6
        state = (self.open if is_open else self.endings).pick(rng)
        held = self.live_benefits[t] & benefit.bit or self.live_groups[t] & benefit.group_bit
        if held:  # one live entitlement per benefit and group: a second one is refused
            state = A.REJECTED if rng.random() < 0.7 else A.WITHDRAWN
        elif ENTITLEMENT_STATE[state] not in DEAD:
            self.live_benefits[t] |= benefit.bit
            self.live_groups[t] |= benefit.group_bit
        channel = Channel.OUTREACH if rng.random() < 0.05 else self.channels.pick(rng)
        county = self.counties[t]
        points = self.service_points.get(county) or self.service_points.get(0, [])
        service_point = (
            points[rng.randrange(len(points))]
            if channel in (Channel.WINDOW, Channel.STATION) and points
            else None
        )
        opened = created - timedelta(minutes=rng.randrange(3, 25)) if service_point else created
        due = None
        if benefit.target_days:
            due = datetime.combine(add_weekdays(day, benefit.target_days), time.max, TZ)
        decided = closed = None
        working_days = seconds = None
        if state in (A.APPROVED, A.REJECTED, A.DISBURSED, A.CLOSED):
            target = benefit.target_days or 5
            working_days = min(int(rng.expovariate(1 / (0.8 * target))), 4 * target + 10)
            if channel == Channel.WINDOW and rng.random() < 0.3:
                working_days = 0
            decided_day = add_weekdays(day, working_days)
            if working_days == 0:
                decided = created + timedelta(minutes=rng.randrange(5, 60))
            else:
                decided = datetime.combine(decided_day, time(9), TZ) + timedelta(
                    seconds=rng.randrange(8 * 3600)
                )
            seconds = int((decided - opened).total_seconds())
        if state == A.CLOSED and decided is not None:
            closed = decided + timedelta(days=rng.randrange(20, 120))
        elif state == A.WITHDRAWN:
            closed = created + timedelta(days=rng.randrange(1, 20))
        amount = AMOUNTS_YUAN[rng.randrange(len(AMOUNTS_YUAN))] * 100
        year = day.year
        self.numbers[year] = self.numbers.get(year, 0) + 1
        account = f"6217{self.talent_ids[t] % 10**12:012d}"
        entitlement_state = ENTITLEMENT_STATE[state]
        if state == A.CLOSED and benefit.monthly:
            entitlement_state = EntitlementState.ENDED
        granted = decided.date() if decided and entitlement_state in GRANTED else None
        entitlement = {
            "talent_id": self.talent_ids[t],
            "benefit_id": benefit.id,
            "version_id": benefit.version_on(day),
            "exclusivity_group": benefit.group,
            "state": entitlement_state,
            "source": EntitlementSource.OUTREACH
            if channel == Channel.OUTREACH
            else EntitlementSource.DESK,
            "amount_fen": amount if granted else None,
            "granted_on": granted,
            "ended_on": closed.date() if entitlement_state == EntitlementState.ENDED else None,
            "created_at": created,
            "updated_at": closed or decided or created,
        }
        application = {
            "talent_id": self.talent_ids[t],
            "benefit_id": benefit.id,
            "version_id": entitlement["version_id"],
            "department_id": benefit.department_id,
            "county_id": county,
            "channel": channel,
            "service_point_id": service_point,
            "state": state,
            "step": 1,
            "amount_fen": amount,
            "payee_account": account,
            "reason": "不符合申请条件" if state == A.REJECTED else "",
            "opened_at": opened,
            "submitted_at": created,
            "decided_at": decided if state != A.WITHDRAWN else None,
            "closed_at": closed,
            "handling_seconds": seconds,
            "handling_working_days": working_days,
            "due_at": due,
            "number": format_number(self.prefix, year, self.numbers[year]),
            "created_at": created,
            "updated_at": closed or decided or created,
        }
        payment = None
        if state in PAID and decided is not None:
            paid_on = add_weekdays(decided.date(), rng.randrange(1, 8))
            payment = {
                "instalment": 1,
                "amount_fen": amount,
                "payee_account": account,
                "paying_department_id": benefit.paying_department_id,
                "paid_on": paid_on,
                "created_at": datetime.combine(paid_on, time(15), TZ),
            }
        return entitlement, application, payment


GRANTED = (EntitlementState.GRANTED, EntitlementState.PAID, EntitlementState.ENDED)


class ModelRows:
    """A model's columns with the model's defaults, for rows given as partial dicts."""

    def __init__(self, model, *, with_pk: bool = True) -> None:
        fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
        self.model = model
        self.attnames = [f.attname for f in fields]
        self.defaults = {f.attname: f.get_default() for f in fields}
        for f in fields:  # JSON as text: COPY's text format, parsed by the server
            if f.get_internal_type() == "JSONField":
                self.defaults[f.attname] = "[]" if isinstance(f.get_default(), list) else "{}"
        self.row_of: Callable[[dict], tuple] = itemgetter(*self.attnames)  # type: ignore[assignment]
        q = connection.ops.quote_name
        columns = ", ".join(q(model._meta.get_field(a).column) for a in self.attnames)
        self.copy_sql = f"COPY {q(model._meta.db_table)} ({columns}) FROM STDIN"

    @property
    def sequence(self) -> str:
        return _sequence(self.model)

    def row(self, values: dict) -> tuple:
        return self.row_of({**self.defaults, **values})


def _sequence(model) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_serial_sequence(%s, %s)", [model._meta.db_table, model._meta.pk.column]
        )
        return cursor.fetchone()[0]


def _reserve(cursor, sequence: str, size: int) -> list[int]:
    cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [sequence, size])
    return [row[0] for row in cursor.fetchall()]


def write_copy(batch: list[tuple[dict, dict, dict | None]]) -> None:
    """PostgreSQL: the batch's three tables by COPY, keys reserved from the sequences."""
    entitlements, applications = ModelRows(Entitlement), ModelRows(Application)
    payments = ModelRows(Disbursement, with_pk=False)
    with connection.cursor() as cursor:
        entitlement_ids = _reserve(cursor, entitlements.sequence, len(batch))
        application_ids = _reserve(cursor, applications.sequence, len(batch))
        pg = cursor.cursor
        with pg.copy(entitlements.copy_sql) as copy:
            for pk, (e, _, _) in zip(entitlement_ids, batch, strict=True):
                copy.write_row(entitlements.row({**e, "id": pk}))
        with pg.copy(applications.copy_sql) as copy:
            for pk, e_pk, (_, a, _) in zip(application_ids, entitlement_ids, batch, strict=True):
                copy.write_row(applications.row({**a, "id": pk, "entitlement_id": e_pk}))
        with pg.copy(payments.copy_sql) as copy:
            for pk, (_, _, p) in zip(application_ids, batch, strict=True):
                if p is not None:
                    copy.write_row(payments.row({**p, "application_id": pk}))


def write_portable(batch: list[tuple[dict, dict, dict | None]]) -> None:
    """Anywhere: `bulk_create` (the new keys come back on SQLite and PostgreSQL), then the
    rows' own times put back (`bulk_create` stamps auto_now fields with the clock's now)."""
    entitlements = _created(Entitlement, [e for e, _, _ in batch])
    applications = _created(
        Application,
        [{**a, "entitlement_id": e.pk} for e, (_, a, _) in zip(entitlements, batch, strict=True)],
    )
    _created(
        Disbursement,
        [
            {**p, "application_id": a.pk}
            for a, (_, _, p) in zip(applications, batch, strict=True)
            if p is not None
        ],
    )


def _created(model, rows: list[dict]) -> list:
    objs = model.objects.bulk_create([model(**row) for row in rows], batch_size=500)
    stamped = [f for f in ("created_at", "updated_at") if any(f in row for row in rows)]
    for obj, row in zip(objs, rows, strict=True):
        for name in stamped:
            setattr(obj, name, row[name])
    if stamped:
        model.objects.bulk_update(objs, stamped, batch_size=500)
    return objs


def _talents() -> tuple[array, array]:
    """Ids (ascending) and counties of the registry's talents."""
    ids, counties = array("q"), array("q")
    rows = Talent.objects.order_by("pk").values_list("pk", "county_id")
    for pk, county in rows.iterator(chunk_size=20_000):
        ids.append(pk)
        counties.append(county)
    return ids, counties


def _heavy_index(ids: array) -> int:
    """The index of the registry's first synthetic talent (no account): the one with many
    cases (the demo's named talents keep theirs as the demo made them)."""
    first = Talent.objects.filter(user__isnull=True).order_by("pk").values_list("pk", flat=True)
    pk = first.first()
    return bisect_left(ids, pk) if pk is not None else 0


def _service_points() -> dict[int, list[int]]:
    points: dict[int, list[int]] = {}
    for pk, division_id in Organisation.objects.filter(
        kind=OrganisationKind.SERVICE_POINT
    ).values_list("pk", "division_id"):
        points.setdefault(division_id, []).append(pk)
    points[0] = [pk for pks in points.values() for pk in pks]  # a county without its own
    return points


def _prefix() -> str:
    row = CaseNumberPrefix.objects.order_by("pk").first()
    return row.prefix if row is not None else DEFAULT_PREFIX


def generate_applications(
    count: int,
    *,
    seed: int = 2022,
    batch_size: int = 10_000,
    on_batch: Callable[[int], object] | None = None,
    rebuild_indexes: bool | None = None,
) -> dict[str, int]:
    """Add `count` synthetic cases of 2021–2022 (with entitlements and payments) over the
    registry's talents; one audit event per batch. Nothing without talents or benefits."""
    talents = _talents()
    benefits = benefits_from_db()
    if not count or not len(talents[0]) or not benefits:
        return {"applications": 0, "disbursements": 0}
    prefix = _prefix()
    first_numbers = dict(
        CaseCounter.objects.filter(prefix=prefix, year__in=(2021, 2022)).values_list("year", "last")
    )
    generator = CaseGenerator(
        seed=seed,
        talents=talents,
        benefits=benefits,
        service_points=_service_points(),
        prefix=prefix,
        first_numbers=first_numbers,
    )
    generator.heavy = _heavy_index(talents[0])
    live = Entitlement.objects.live().filter(beneficiary__isnull=True)
    for talent_id, benefit_id, group in live.values_list(
        "talent_id", "benefit_id", "exclusivity_group"
    ).iterator(chunk_size=20_000):
        generator.hold(talent_id, benefit_id, group)
    psycopg3 = getattr(connection.Database, "__name__", "") == "psycopg"
    copying = connection.vendor == "postgresql" and psycopg3
    write = write_copy if copying else write_portable
    if rebuild_indexes is None:
        rebuild_indexes = count >= REBUILD_INDEXES_FROM
    rebuild = copying and rebuild_indexes
    totals = {"applications": 0, "disbursements": 0}
    tables = (Entitlement, Application, Disbursement)
    with transaction.atomic(), bulk_load_tables(tables) if rebuild else contextlib.nullcontext():
        batch: list[tuple[dict, dict, dict | None]] = []
        heavy_id = talents[0][generator.heavy]
        heavy = max(0, HEAVY_CASES - Application.objects.filter(talent_id=heavy_id).count())
        for case in generator.cases(count, heavy):
            batch.append(case)
            if len(batch) == batch_size:
                _flush(write, batch, totals, count, seed, on_batch)
                batch = []
        if batch:
            _flush(write, batch, totals, count, seed, on_batch)
        for year, last in generator.numbers.items():
            CaseCounter.objects.update_or_create(prefix=prefix, year=year, defaults={"last": last})
    return totals


def _flush(write, batch, totals, count, seed, on_batch) -> None:
    write(batch)
    paid = sum(1 for _, _, p in batch if p is not None)
    start = totals["applications"]
    totals["applications"] += len(batch)
    totals["disbursements"] += paid
    audit.record(
        None,
        "demo.load",
        target_type="demo",
        target_repr=f"applications {start + 1}-{start + len(batch)} of {count}",
        changes={"applications": len(batch), "disbursements": paid, "seed": seed},
    )
    if on_batch:
        on_batch(len(batch))
