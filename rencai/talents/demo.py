"""Synthetic talents for the demo and for benchmarks, deterministic from a seed.

Nothing here knows a city: counties, surnames, schools and every share come from a profile
(`talent_profile.json` in the demo's data folder), employers from the loaded organisations.
Identity numbers and mobiles are unique by construction (allocators walk a sequence, never
retry on a collision), so a million talents need no look-ups. PostgreSQL gets them by COPY,
other databases by `bulk_create`; one audit event per batch, with its counts.
"""

from __future__ import annotations

import bisect
import contextlib
import csv
import itertools
import json
import queue
import random
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from operator import itemgetter
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from rencai.core import audit, clock
from rencai.core.models import Division, Organisation, User

from .choices import IdType, Relation, Sex
from .identity import make_ric
from .models import Degree, FamilyMember, Tag, Talent, Tier, Title
from .search import name_keys

MALE, FEMALE = Sex.MALE.value, Sex.FEMALE.value
SPOUSE, CHILD, PARENT = Relation.SPOUSE.value, Relation.CHILD.value, Relation.PARENT.value
RIC = IdType.RIC.value


# --- allocators: unique by construction -------------------------------------------------


class IdAllocator:
    """Resident identity numbers, unique across everything it allocates.

    The 3-digit sequence part walks from a fixed start for each (area, birth date, sex): odd
    for men, even for women, 500 numbers each, as GB 11643 has it.
    """

    def __init__(self) -> None:
        self._used: dict[int, int] = {}

    def allocate(self, area: str, birth: date, sex: str) -> str:
        male = sex == MALE
        key = int(area) * 10_000_000 + birth.toordinal() * 2 + male
        taken = self._used.get(key, 0)
        if taken >= 500:
            raise ValueError(f"No identity numbers left for {area} {birth} {sex}.")
        self._used[key] = taken + 1
        start = (key * 2_654_435_761 >> 8) % 500
        return make_ric(area, birth, ((start + taken) % 500) * 2 + male)


class MobileAllocator:
    """Mobile numbers: per prefix, a counter through a bijection of the 8 remaining digits."""

    STEP = 61_803_399  # coprime with 10**8, so counter -> suffix never repeats

    def __init__(self, prefixes: Iterable[str], seed: int) -> None:
        self._count = dict.fromkeys(prefixes, 0)
        self._offset = {p: (seed * 2_654_435_761 + int(p) * 40_503) % 10**8 for p in self._count}

    def allocate(self, prefix: str) -> str:
        n = self._count[prefix]
        if n >= 10**8:
            raise ValueError(f"No mobiles left with prefix {prefix}.")
        self._count[prefix] = n + 1
        return f"{prefix}{(n * self.STEP + self._offset[prefix]) % 10**8:08d}"


class Weighted:
    """Pick one of several weighted items with one random draw."""

    __slots__ = ("_cumulative", "_items", "_total")

    def __init__(self, weights: dict[Any, float] | Iterable[tuple[Any, float]]) -> None:
        pairs = list(weights.items()) if isinstance(weights, dict) else list(weights)
        self._items = [item for item, _ in pairs]
        self._cumulative = list(itertools.accumulate(float(w) for _, w in pairs))
        self._total = self._cumulative[-1]

    def pick(self, draw: float) -> Any:
        """The item for `draw`, a uniform random number in [0, 1)."""
        return self._items[bisect.bisect_right(self._cumulative, draw * self._total)]


# --- the generator ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Employer:
    key: int  # the organisation's primary key
    kind: str
    division: str  # its division code


@dataclass(slots=True)
class FakeRelative:
    relation: str
    name: str
    birth_date: date
    sex: str


@dataclass(slots=True)
class FakeTalent:
    """One generated person; catalogue entries by code, the employer by primary key."""

    name: str
    id_number: str
    birth_date: date
    sex: str
    mobile: str
    county: str
    degree: str
    school: str
    major: str
    graduation_date: date | None
    title: str
    employer: int | None
    tier: str
    arrival_date: date | None
    tags: tuple[str, ...]
    family: tuple[FakeRelative, ...]


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def read_profile(data_dir: Path) -> dict[str, Any]:
    return json.loads((data_dir / "talent_profile.json").read_text(encoding="utf-8"))


class TalentGenerator:
    """Draws plausible talents from a profile; the same seed and date give the same people."""

    def __init__(
        self, profile: dict[str, Any], *, seed: int, as_of: date, employers: Sequence[Employer]
    ) -> None:
        self._draw = random.Random(seed).random
        self.as_of = as_of
        self.ids = IdAllocator()
        self.mobiles = MobileAllocator(profile["mobile_prefixes"], seed)
        self._prefixes = list(profile["mobile_prefixes"])
        low, high = (date.fromisoformat(d).toordinal() for d in profile["birth_dates"])
        self._birth_low, self._birth_span = low, high - low + 1
        self._male_share = profile["male_share"]
        self._counties = Weighted(profile["counties"])
        self._native_share = profile["native_share"]
        self._other_areas = Weighted(profile["other_areas"])
        self._surnames = Weighted(profile["surnames"])
        given = profile["given_names"]
        self._single_given = given["single_share"]
        self._given = {sex: (given[sex]["first"], given[sex]["second"]) for sex in (MALE, FEMALE)}
        degrees = profile["degrees"]
        self._degrees = Weighted({code: spec["weight"] for code, spec in degrees.items()})
        self._graduation_age = {code: spec["graduation_age"] for code, spec in degrees.items()}
        self._with_major = {code for code, spec in degrees.items() if spec.get("major", True)}
        self._title_degrees = {code: spec.get("titles") for code, spec in degrees.items()}
        # A degree that would end after `as_of` falls back to the next shorter one.
        by_length = sorted(degrees, key=lambda c: -degrees[c]["graduation_age"])
        self._shorter = dict(itertools.pairwise([*by_length, ""]))
        self._schools = profile["schools"]
        self._majors = profile["majors"]
        self._default_majors = next(iter(self._majors.values()))
        self._same_county = profile["employers"]["same_county_share"]
        self._employer_kinds = Weighted(profile["employers"]["kinds"])
        self._employers: dict[tuple[str, str], list[int]] = {}
        for e in sorted(employers, key=lambda e: e.key):
            self._employers.setdefault((e.kind, ""), []).append(e.key)
            self._employers.setdefault((e.kind, e.division), []).append(e.key)
        self._titles = [(b["max_years"], Weighted(b["weights"])) for b in profile["titles"]]
        self._tier_rules = profile["tiers"]
        self._tiers = Weighted({code: rule["weight"] for code, rule in self._tier_rules.items()})
        self._tag_rules = list(profile["tags"].items())
        self._jobless_tags = {code for code, rule in self._tag_rules if rule.get("no_employer")}
        self._arrival = profile["arrival"]
        self._family = profile["family"]
        self._adult_born_by = years_after(as_of, -20)
        self._children = Weighted(
            {int(n): w for n, w in self._family["children"]["weights"].items()}
        )

    # Random helpers: one draw each, faster than Random.choice / randint.

    def _any(self, items: Sequence[Any]) -> Any:
        return items[int(self._draw() * len(items))]

    def _between(self, low: int, high: int) -> int:
        return low + int(self._draw() * (high - low + 1))

    # One person -------------------------------------------------------------------------

    def talent(self) -> FakeTalent:
        draw, as_of = self._draw, self.as_of
        sex = MALE if draw() < self._male_share else FEMALE
        surname = self._surnames.pick(draw())
        birth = date.fromordinal(self._birth_low + int(draw() * self._birth_span))
        age = age_on(birth, as_of)
        county = self._counties.pick(draw())
        native = draw() < self._native_share
        area = county if native else self._other_areas.pick(draw())
        degree, graduation = self._education(birth)
        years_out = (as_of - graduation).days / 365.25 if graduation else None
        facts = (age, degree, sex, county, native, years_out)
        tags = tuple(code for code, rule in self._tag_rules if _drawn(draw(), rule, facts))
        kind = "" if self._jobless_tags.intersection(tags) else self._employer_kinds.pick(draw())
        return FakeTalent(
            name=surname + self.given_name(sex),
            id_number=self.ids.allocate(area, birth, sex),
            birth_date=birth,
            sex=sex,
            mobile=self.mobiles.allocate(self._any(self._prefixes)),
            county=county,
            degree=degree,
            school=self._any(self._schools[degree]) if degree in self._schools else "",
            major=self._any(self._majors.get(kind) or self._default_majors)
            if degree in self._with_major
            else "",
            graduation_date=graduation,
            title=self._title(years_out, degree),
            employer=self._employer(kind, county),
            tier=self._tier(age, degree),
            arrival_date=self._arrival_date(birth, graduation, native),
            tags=tags,
            family=self._relatives(surname, sex, birth, age),
        )

    def given_name(self, sex: str) -> str:
        first, second = self._given[sex]
        if self._draw() < self._single_given:
            return self._any(second)
        return self._any(first) + self._any(second)

    def _education(self, birth: date) -> tuple[str, date | None]:
        degree = self._degrees.pick(self._draw())
        late = self._any((0, 0, 0, 1, 1, 2))  # years later than the usual age
        while degree:
            graduation = date(birth.year + self._graduation_age[degree] + late, 6, 30)
            if graduation <= self.as_of:
                return degree, graduation
            degree = self._shorter[degree]
        return "", None

    def _employer(self, kind: str, county: str) -> int | None:
        if not kind:
            return None
        local = self._employers.get((kind, county))
        pool = local if local and self._draw() < self._same_county else None
        pool = pool or self._employers.get((kind, "")) or self._employers.get(("enterprise", ""))
        return self._any(pool) if pool else None

    def _title(self, years_out: float | None, degree: str) -> str:
        if years_out is None:
            return ""
        title = next((w.pick(self._draw()) for most, w in self._titles if years_out <= most), "")
        allowed = self._title_degrees.get(degree)
        return title if allowed is None or title in allowed else ""

    def _tier(self, age: int, degree: str) -> str:
        code = self._tiers.pick(self._draw())
        rule = self._tier_rules[code]
        if age < rule.get("min_age", 0) or ("degrees" in rule and degree not in rule["degrees"]):
            return ""
        return code

    def _arrival_date(self, birth: date, graduation: date | None, native: bool) -> date | None:
        if native and self._draw() < self._arrival["unknown_share"]:
            return None
        earliest = max(years_after(birth, 18), graduation or birth)
        span = (self.as_of - earliest).days
        if span <= 0:
            return self.as_of
        # Skewed towards recent arrivals: the campaign is about newcomers.
        days = int(span * self._draw() ** self._arrival["recency"])
        return self.as_of - timedelta(days=days)

    def _relatives(self, surname: str, sex: str, birth: date, age: int) -> tuple[FakeRelative, ...]:
        draw, family, relatives = self._draw, self._family, []
        spouse = family["spouse"]
        if age >= spouse["min_age"] and draw() < spouse["share"]:
            other = FEMALE if sex == MALE else MALE
            other_surname = self._surnames.pick(draw())
            born = min(birth + timedelta(days=self._between(-1500, 1500)), self._adult_born_by)
            name = other_surname + self.given_name(other)
            relatives.append(FakeRelative(SPOUSE, name, born, other))
            father_surname = surname if sex == MALE else other_surname
            relatives.extend(self._children_of(father_surname, birth))
        parent = family["parent"]
        if age <= parent["max_age"] and draw() < parent["share"]:
            gap = self._between(*parent["age_gap"])
            born = years_after(birth, -gap) - timedelta(days=self._between(0, 364))
            psex = MALE if draw() < 0.5 else FEMALE
            pname = (surname if psex == MALE else self._surnames.pick(draw())) + self.given_name(
                psex
            )
            relatives.append(FakeRelative(PARENT, pname, born, psex))
        return tuple(relatives)

    def _children_of(self, surname: str, parent_birth: date) -> list[FakeRelative]:
        spec = self._family["children"]
        low = years_after(parent_birth, spec["parent_age"][0]).toordinal()
        high = min(years_after(parent_birth, spec["parent_age"][1]), self.as_of).toordinal()
        children = []
        for _ in range(self._children.pick(self._draw())):
            if low > high:
                break
            # The first child anywhere in the window, the next ones after a gap.
            born = self._between(low, low + (high - low) // (3 if children else 1))
            csex = MALE if self._draw() < 0.5 else FEMALE
            name = surname + self.given_name(csex)
            children.append(FakeRelative(CHILD, name, date.fromordinal(born), csex))
            low = born + spec["min_gap_days"]
        return children


def _drawn(draw: float, rule: dict[str, Any], facts: tuple) -> bool:
    """Whether a profile tag rule picks this person (its share, then its conditions)."""
    if draw >= rule["share"]:
        return False
    age, degree, sex, county, native, years_out = facts
    return not (
        ("max_age" in rule and age > rule["max_age"])
        or ("min_age" in rule and age < rule["min_age"])
        or ("degrees" in rule and degree not in rule["degrees"])
        or ("sex" in rule and sex != rule["sex"])
        or ("counties_except" in rule and county in rule["counties_except"])
        or (rule.get("natives_only") and not native)
        or (
            "graduated_within_years" in rule
            and (years_out is None or years_out > rule["graduated_within_years"])
        )
    )


# --- catalogues and look-ups ------------------------------------------------------------


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _flag(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes"}


def load_catalogues(data_dir: Path) -> dict[str, int]:
    """Upsert tiers, degrees, titles and tags by code from the data folder's CSV files."""
    counts = {}
    for model, filename in ((Tier, "tiers.csv"), (Degree, "degrees.csv"), (Title, "titles.csv")):
        rows = _read_csv(data_dir / filename)
        for row in rows:
            defaults: dict[str, Any] = {"name": row["name"], "rank": int(row["rank"])}
            if model is Tier:
                defaults["is_high_level"] = _flag(row["is_high_level"])
                defaults["is_example"] = _flag(row["is_example"])
            model.objects.update_or_create(code=row["code"], defaults=defaults)
        counts[model._meta.model_name + "s"] = len(rows)
    tags = _read_csv(data_dir / "tags.csv")
    for row in tags:
        Tag.objects.update_or_create(code=row["code"], defaults={"name": row["name"]})
    counts["tags"] = len(tags)
    audit.record(None, "demo.load", target_type="demo", target_repr="catalogues", changes=counts)
    return counts


@dataclass(frozen=True)
class Lookups:
    """Primary keys by code, read once before writing."""

    counties: dict[str, int]
    degrees: dict[str, int]
    titles: dict[str, int]
    tiers: dict[str, int]
    tags: dict[str, int]

    @classmethod
    def from_db(cls) -> Lookups:
        def codes(qs) -> dict[str, int]:
            return dict(qs.values_list("code", "pk"))

        return cls(
            counties=codes(Division.objects.all()),
            degrees=codes(Degree.objects.all()),
            titles=codes(Title.objects.all()),
            tiers=codes(Tier.objects.all()),
            tags=codes(Tag.objects.all()),
        )


def employers_from_db(kinds: Iterable[str]) -> list[Employer]:
    rows = Organisation.objects.filter(kind__in=list(kinds), is_active=True).values_list(
        "pk", "kind", "division__code"
    )
    return [Employer(*row) for row in rows]


def registered_at(t: FakeTalent, now: datetime) -> datetime:
    """When a generated talent entered the registry: on arriving in the city (at nine in the
    morning), so the registry's figures for a past month count who came then; at `now` for
    those whose arrival is unknown or not yet past."""
    if t.arrival_date is None:
        return now
    return min(timezone.make_aware(datetime.combine(t.arrival_date, time(9))), now)


def talent_fields(t: FakeTalent, lookups: Lookups, now: datetime) -> dict[str, Any]:
    """A generated talent as model attributes (attname: value)."""
    return {
        "created_at": registered_at(t, now),
        "updated_at": now,
        "name": t.name,
        "search_keys": name_keys(t.name),
        "id_type": RIC,
        "id_number": t.id_number,
        "id_country": "",
        "birth_date": t.birth_date,
        "sex": t.sex,
        "mobile": t.mobile,
        "county_id": lookups.counties[t.county],
        "degree_id": lookups.degrees.get(t.degree),
        "school": t.school,
        "major": t.major,
        "graduation_date": t.graduation_date,
        "title_id": lookups.titles.get(t.title),
        "employer_id": t.employer,
        "tier_id": lookups.tiers.get(t.tier),
        "arrival_date": t.arrival_date,
    }


# --- writers: COPY on PostgreSQL, bulk_create elsewhere ---------------------------------


class BulkCreateWriter:
    """Portable: `bulk_create` in batches (SQLite returns the new primary keys)."""

    def __init__(self, lookups: Lookups) -> None:
        self.lookups = lookups
        self.now = clock.now()

    def write(self, talents: Iterable[FakeTalent], size: int) -> dict[str, int]:
        """Write `size` talents, their tags and family; return the counts."""
        batch = list(talents)
        objs = [Talent(**talent_fields(t, self.lookups, self.now)) for t in batch]
        Talent.objects.bulk_create(objs, batch_size=1000)
        through = Talent.tags.through
        links = [
            through(talent_id=obj.pk, tag_id=self.lookups.tags[code])
            for obj, t in zip(objs, batch, strict=True)
            for code in t.tags
        ]
        through.objects.bulk_create(links, batch_size=2000)
        family = [
            FamilyMember(talent_id=obj.pk, **_relative_fields(r))
            for obj, t in zip(objs, batch, strict=True)
            for r in t.family
        ]
        FamilyMember.objects.bulk_create(family, batch_size=2000)
        return {"talents": len(objs), "family_members": len(family), "talent_tags": len(links)}


class CopyWriter(BulkCreateWriter):
    """PostgreSQL: primary keys reserved from the sequence, rows streamed with COPY.

    Talents are generated while they stream, so Python and the server work at the same time.
    """

    def __init__(self, lookups: Lookups) -> None:
        super().__init__(lookups)
        fields = Talent._meta.concrete_fields
        self.attnames = [f.attname for f in fields]
        # Anything the generator does not set (the account, who registered) takes its default.
        self.defaults = {f.attname: f.get_default() for f in fields}
        self.talent_copy = self._copy_sql(Talent, self.attnames)
        self.tag_copy = self._copy_sql(Talent.tags.through, ["talent_id", "tag_id"])
        self.family_copy = self._copy_sql(
            FamilyMember, ["talent_id", "relation", "name", "birth_date", "sex"]
        )
        table, pk = Talent._meta.db_table, Talent._meta.pk.column
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, pk])
            self.sequence = cursor.fetchone()[0]

    @staticmethod
    def _copy_sql(model, attnames: list[str]) -> str:
        q = connection.ops.quote_name
        columns = ", ".join(q(model._meta.get_field(a).column) for a in attnames)
        return f"COPY {q(model._meta.db_table)} ({columns}) FROM STDIN"

    def write(self, talents: Iterable[FakeTalent], size: int) -> dict[str, int]:
        lookups, now, defaults = self.lookups, self.now, self.defaults
        row_of, pk_name = itemgetter(*self.attnames), Talent._meta.pk.attname
        written: list[tuple[int, FakeTalent]] = []
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [self.sequence, size])
            pks = [row[0] for row in cursor.fetchall()]
            pg = cursor.cursor  # the psycopg cursor under Django's wrapper
            with pg.copy(self.talent_copy) as copy:
                for pk, t in zip(pks, talents, strict=True):
                    values = talent_fields(t, lookups, now)
                    values[pk_name] = pk
                    copy.write_row(row_of({**defaults, **values}))
                    written.append((pk, t))
            tag_ids = lookups.tags
            links = [(pk, tag_ids[code]) for pk, t in written for code in t.tags]
            with pg.copy(self.tag_copy) as copy:
                for row in links:
                    copy.write_row(row)
            family = [
                (pk, r.relation, r.name, r.birth_date, r.sex) for pk, t in written for r in t.family
            ]
            with pg.copy(self.family_copy) as copy:
                for row in family:
                    copy.write_row(row)
        return {"talents": len(written), "family_members": len(family), "talent_tags": len(links)}


@contextlib.contextmanager
def bulk_load_tables(models: Sequence[type]) -> Iterator[None]:
    """PostgreSQL's recipe for a large load: drop foreign keys and plain indexes, rebuild after.

    Checking a million rows' foreign keys one by one and growing a dozen indexes row by row
    costs more than building them once at the end. Runs inside the caller's transaction: if
    anything fails, the drops roll back with the rows. The tables stay locked until commit.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("bulk_load_tables() needs a transaction to undo its drops on error.")
    tables = [m._meta.db_table for m in models]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])",
            [tables],
        )
        foreign_keys = cursor.fetchall()
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
            [tables],
        )
        indexes = cursor.fetchall()
        # An index's statistics targets (ALTER INDEX … SET STATISTICS) are not in its definition.
        cursor.execute(
            "SELECT a.attrelid::regclass::text, a.attnum, a.attstattarget FROM pg_attribute a "
            "JOIN pg_index i ON i.indexrelid = a.attrelid "
            "WHERE i.indrelid = ANY(%s::regclass[]) AND a.attstattarget >= 0",
            [tables],
        )
        targets = [t for t in cursor.fetchall() if t[0] in {name for name, _ in indexes}]
        # Pending deferred checks (rows written earlier in the transaction) block ALTER TABLE.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table, name, _ in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _, definition in indexes:
            cursor.execute(definition)
        for index, column, target in targets:
            cursor.execute(f"ALTER INDEX {index} ALTER COLUMN {column} SET STATISTICS {target}")
        for table, name, definition in foreign_keys:
            quoted = connection.ops.quote_name(name)
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quoted} {definition}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's foreign keys' initial mode


def _relative_fields(r: FakeRelative) -> dict[str, Any]:
    return {"relation": r.relation, "name": r.name, "birth_date": r.birth_date, "sex": r.sex}


def make_writer(lookups: Lookups) -> BulkCreateWriter:
    """COPY where the driver is psycopg 3 on PostgreSQL, else the portable writer."""
    psycopg3 = getattr(connection.Database, "__name__", "") == "psycopg"
    if connection.vendor == "postgresql" and psycopg3:
        return CopyWriter(lookups)
    return BulkCreateWriter(lookups)


# --- the load ---------------------------------------------------------------------------

# From this many talents, PostgreSQL loads without foreign keys and plain indexes, then rebuilds.
REBUILD_INDEXES_FROM = 50_000


def create_named_talents(
    data_dir: Path, generator: TalentGenerator, lookups: Lookups
) -> list[Talent]:
    """The demo's named talents (talents.json), linked to their demo accounts."""
    spec = json.loads((data_dir / "talents.json").read_text(encoding="utf-8"))
    as_of, created = generator.as_of, []
    for item in spec["talents"]:
        birth = years_after(as_of, -item["age"]) - timedelta(days=item["days_since_birthday"])
        employer = None
        if item["employer"]:
            employer = Organisation.objects.filter(name=item["employer"]).first()
            if employer is None:
                raise ValueError(f"talents.json: no organisation named {item['employer']}")
        talent = Talent.objects.create(
            name=item["name"],
            id_type=RIC,
            id_number=generator.ids.allocate(item["id_area"], birth, item["sex"]),
            birth_date=birth,
            sex=item["sex"],
            mobile=generator.mobiles.allocate(item["mobile_prefix"]),
            county_id=lookups.counties[item["county"]],
            degree_id=lookups.degrees.get(item["degree"]),
            school=item["school"],
            major=item["major"],
            graduation_date=as_of - timedelta(days=item["graduated_days_ago"]),
            title_id=lookups.titles.get(item["title"]),
            tier_id=lookups.tiers.get(item["tier"]),
            employer=employer,
            arrival_date=as_of - timedelta(days=item["arrived_days_ago"]),
            user=User.objects.filter(username=item["username"]).first(),
        )
        talent.tags.set([lookups.tags[code] for code in item["tags"]])
        for relative in item["family"]:
            FamilyMember.objects.create(talent=talent, **relative)
        created.append(talent)
    audit.record(
        None,
        "demo.load",
        target_type="demo",
        target_repr="named talents",
        changes={"talents": len(created)},
    )
    return created


def load_talents(
    *,
    data_dir: Path,
    count: int,
    seed: int,
    as_of: date,
    batch_size: int = 10_000,
    on_batch: Callable[[int], object] | None = None,
    rebuild_indexes: bool | None = None,
) -> dict[str, int]:
    """Create the named talents, then `count` synthetic ones; one audit event per batch.

    For an empty registry: numbers are unique within the load, not against older rows. One
    transaction (a savepoint if the caller has one). `rebuild_indexes` (default: for large
    loads) takes PostgreSQL's bulk-load path.
    """
    profile = read_profile(data_dir)
    kinds = [k for k in profile["employers"]["kinds"] if k]
    if rebuild_indexes is None:
        rebuild_indexes = count >= REBUILD_INDEXES_FROM
    with transaction.atomic():
        lookups = Lookups.from_db()
        employers = employers_from_db(kinds)
        generator = TalentGenerator(profile, seed=seed, as_of=as_of, employers=employers)
        named = create_named_talents(data_dir, generator, lookups)
        writer = make_writer(lookups)
        totals = {"talents": len(named), "family_members": 0, "talent_tags": 0}
        tables = (Talent, Talent.tags.through, FamilyMember)
        rebuild = rebuild_indexes and isinstance(writer, CopyWriter)
        with bulk_load_tables(tables) if rebuild else contextlib.nullcontext():
            for counts in _write_batches(writer, generator, count, batch_size, seed):
                for key, value in counts.items():
                    totals[key] += value
                if on_batch:
                    on_batch(counts["talents"])
    return totals


def _generated_ahead(
    generator: TalentGenerator, count: int, batch_size: int
) -> Iterator[tuple[int, list[FakeTalent]]]:
    """Batches made one ahead in a thread: generating overlaps waiting for the database.

    One producer keeps the order, so the seed still decides everything.
    """
    batches: queue.Queue = queue.Queue(maxsize=1)
    stop = threading.Event()

    def produce() -> None:
        try:
            for start in range(0, count, batch_size):
                if stop.is_set():
                    return
                size = min(batch_size, count - start)
                batches.put((start, [generator.talent() for _ in range(size)]))
        except BaseException as exc:  # raised again in the caller's thread
            batches.put(exc)
        batches.put(None)

    producer = threading.Thread(target=produce, name="demo-talents", daemon=True)
    producer.start()
    try:
        while (item := batches.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        while producer.is_alive():  # unblock a producer waiting to hand over a batch
            with contextlib.suppress(queue.Empty):
                batches.get(timeout=0.05)
        producer.join()


def _write_batches(
    writer: BulkCreateWriter, generator: TalentGenerator, count: int, batch_size: int, seed: int
) -> Iterator[dict[str, int]]:
    for start, batch in _generated_ahead(generator, count, batch_size):
        size = len(batch)
        counts = writer.write(batch, size)
        audit.record(
            None,
            "demo.load",
            target_type="demo",
            target_repr=f"talents {start + 1}-{start + size} of {count}",
            changes={**counts, "seed": seed},
        )
        yield counts


def load_demo(options) -> str:
    """talents' demo loader (`rencai.core.demo_loaders`): the catalogues, then `talents`
    synthetic talents (and the named ones) if the registry is empty."""
    import sys

    from tqdm import tqdm

    catalogues = load_catalogues(options.data_dir)
    summary = f"{sum(catalogues.values())} catalogue entries"
    if Talent.objects.exists():
        return f"{summary}, no talents (the registry already has some)"
    bar = tqdm(
        total=options.talents,
        unit=" talents",
        unit_scale=True,
        file=sys.stderr,  # the bar redraws its line: not a command's OutputWrapper
        disable=None if options.progress is None else not options.progress,
    )
    with bar:
        talents = load_talents(
            data_dir=options.data_dir,
            count=options.talents,
            seed=options.seed,
            as_of=options.as_of,
            batch_size=options.batch_size,
            on_batch=bar.update,
        )
    return f"{summary}, {talents['talents']} talents, {talents['family_members']} family members"


EXAMPLE_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
EXAMPLE_GIVEN = "子涵浩然雨桐梓轩思远嘉怡宇航欣然一鸣若曦"


def register_example_talents(
    actor, *, county: Division, count: int, first: int = 0, born: int = 1986, **fields: Any
) -> list[Talent]:
    """`count` illustrative talents (示例) of `county`, registered by `actor` through the
    registry's service: a small demo's apps (no synthetic talents) make the people their work
    needs this way. Names, identity numbers and mobiles are deterministic from `first`."""
    from .services.registry import register_talent

    registered = []
    for n in range(first, first + count):
        birth = date(born + n % 5, 1 + n % 12, 1 + (3 * n) % 28)
        sequence = (900 + n) % 1000
        number = make_ric(county.code, birth, sequence)
        while Talent.objects.filter(id_number=number).exists():
            sequence = (sequence + 1) % 1000
            number = make_ric(county.code, birth, sequence)
        name = (
            EXAMPLE_SURNAMES[n % len(EXAMPLE_SURNAMES)]
            + EXAMPLE_GIVEN[(2 * n) % len(EXAMPLE_GIVEN)]
            + EXAMPLE_GIVEN[(2 * n + 1) % len(EXAMPLE_GIVEN)]
        )
        registered.append(
            register_talent(
                actor=actor,
                fields={
                    "name": name,
                    "id_number": number,
                    "mobile": f"1597130{n % 10000:04d}",
                    "county": county,
                    **fields,
                },
            )
        )
    return registered
