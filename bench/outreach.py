"""Outreach and simulation over the whole registry, against hand-written SQL and Python.

    scripts/with-postgres.sh bash -c '.venv/bin/python manage.py migrate -v0 &&
        .venv/bin/python bench/outreach.py --talents 150000'

(`--talents N` generates a registry of N when the database has none: 1,000,000 for the
review's scale; or load one first with `manage.py load_demo --talents N`.)

On the registry in the database (PostgreSQL; `load_demo --talents N` makes one), defines 30
benefits with varied rules (each written twice: as a rule for Rencai, and as a WHERE clause by
hand), makes them the only active benefits, then times:

- recording: Rencai's outreach run (one INSERT … SELECT per version, found pairs counted)
  against hand-written `INSERT … SELECT … ON CONFLICT DO NOTHING` statements recording the
  same (talent, version) pairs; both start from an empty notice table; the pairs are checked
  to be the same; and against the same hand-written statements into a plain table without
  foreign keys (the aim: within 2×), and the found pairs copied into it (the insert alone);
  and the notice log as it was before decision 0008 (foreign keys, talent and subject
  indexes, no anti-join). With --no-application also the 免申即享 path (notices + pending
  entitlements with amounts);
- a run when nothing is new (everything already recorded): Rencai's run (the same day:
  every version skipped by its high-water mark) against counting the qualifying talents
  (`count_versions`) and counting what is recorded, the run before the survey (a statement
  per version with its anti-join), and the run as before 0008 (every pair inserted and
  refused by the unique index); `--nothing-new-only` times the daily run instead, a day
  later each round, interleaved (`bench/outreach_ab.py` compares two code trees);
- Python: `load_subject` + `explain` for every benefit, one talent at a time, on a sample,
  scaled to the registry;
- counting: every benefit's qualifying count in one pass (`simulation.count_versions`) against
  a hand-written `count(*) FILTER (WHERE …)` query; and one benefit's simulation (draft vs
  version in force by county and tier) against its hand-written equivalent.

Prints each figure (best of --repeat) and the ratios. Writes to the database (benefits,
notices, runs); run it on a throwaway database.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("DEBUG", "false")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from rencai.core.models import Division, Organisation  # noqa: E402
from rencai.policies import outreach, selectors, services  # noqa: E402
from rencai.policies.choices import OutreachTrigger, PolicyCategory  # noqa: E402
from rencai.policies.evaluation import explain, talent_for_evaluation  # noqa: E402
from rencai.policies.models import Benefit, OutreachNotice, OutreachRun, Policy  # noqa: E402
from rencai.policies.services.outreach import run_outreach  # noqa: E402
from rencai.policies.simulation import count_versions, simulate  # noqa: E402
from rencai.policies.subjects import BENEFIT_KIND  # noqa: E402
from rencai.rules.dates import years_bound  # noqa: E402
from rencai.talents.models import Degree, Tag, Talent, Tier, Title  # noqa: E402

POLICY_TITLE = "基准测试政策（bench）"
PREFIX = "bench_"


# --- the 30 rules, each as JSON and as a hand-written WHERE clause ---------------------------


@dataclass(frozen=True)
class Cond:
    rule: dict
    sql: str
    params: tuple = ()


def all_of(*conds: Cond) -> Cond:
    return Cond(
        {"and": [c.rule for c in conds]},
        " AND ".join(f"({c.sql})" for c in conds),
        tuple(p for c in conds for p in c.params),
    )


def any_of(*conds: Cond) -> Cond:
    return Cond(
        {"or": [c.rule for c in conds]},
        " OR ".join(f"({c.sql})" for c in conds),
        tuple(p for c in conds for p in c.params),
    )


@dataclass
class Vocabulary:
    """Ids a hand-writer would look up once: catalogue codes → ids, ranks."""

    on: date
    degrees: dict[str, tuple[int, int]] = field(default_factory=dict)
    tiers: dict[str, tuple[int, int]] = field(default_factory=dict)
    titles: dict[str, tuple[int, int]] = field(default_factory=dict)
    counties: dict[str, int] = field(default_factory=dict)
    tags: dict[str, int] = field(default_factory=dict)

    @classmethod
    def load(cls, on: date) -> Vocabulary:
        def ranked(model):
            return {
                code: (pk, rank)
                for pk, code, rank in model.objects.values_list("pk", "code", "rank")
            }

        return cls(
            on=on,
            degrees=ranked(Degree),
            tiers=ranked(Tier),
            titles=ranked(Title),
            counties=dict(Division.objects.values_list("code", "pk")),
            tags=dict(Tag.objects.values_list("code", "pk")),
        )

    def at_least(self, book: dict[str, tuple[int, int]], code: str) -> list[int]:
        rank = book[code][1]
        return sorted(pk for pk, r in book.values() if r <= rank)

    # leaves
    def age_le(self, years: int) -> Cond:
        return Cond(
            {"<=": [{"var": "age"}, years]},
            "t.birth_date > %s",
            (years_bound(self.on, years + 1),),
        )

    def age_ge(self, years: int) -> Cond:
        return Cond(
            {">=": [{"var": "age"}, years]}, "t.birth_date <= %s", (years_bound(self.on, years),)
        )

    def in_city_le(self, years: int) -> Cond:
        return Cond(
            {"<=": [{"var": "years_in_city"}, years]},
            "t.arrival_date > %s",
            (years_bound(self.on, years + 1),),
        )

    def in_city_ge(self, years: int) -> Cond:
        return Cond(
            {">=": [{"var": "years_in_city"}, years]},
            "t.arrival_date <= %s",
            (years_bound(self.on, years),),
        )

    def graduated_le(self, years: int) -> Cond:
        return Cond(
            {"<=": [{"var": "years_since_graduation"}, years]},
            "t.graduation_date > %s",
            (years_bound(self.on, years + 1),),
        )

    def degree_ge(self, code: str) -> Cond:
        ids = self.at_least(self.degrees, code)
        return Cond({">=": [{"var": "degree"}, code]}, "t.degree_id = ANY(%s)", (ids,))

    def degree_in(self, *codes: str) -> Cond:
        ids = sorted(self.degrees[c][0] for c in codes)
        return Cond({"in": [{"var": "degree"}, list(codes)]}, "t.degree_id = ANY(%s)", (ids,))

    def tier_ge(self, code: str) -> Cond:
        ids = self.at_least(self.tiers, code)
        return Cond({">=": [{"var": "tier"}, code]}, "t.tier_id = ANY(%s)", (ids,))

    def title_ge(self, code: str) -> Cond:
        ids = self.at_least(self.titles, code)
        return Cond({">=": [{"var": "title"}, code]}, "t.title_id = ANY(%s)", (ids,))

    def county_is(self, code: str) -> Cond:
        return Cond({"==": [{"var": "county"}, code]}, "t.county_id = %s", (self.counties[code],))

    def sex_is(self, code: str) -> Cond:
        return Cond({"==": [{"var": "sex"}, code]}, "t.sex = %s", (code,))

    def has_tag(self, code: str) -> Cond:
        return Cond(
            {"has": [{"var": "tags"}, code]},
            "EXISTS (SELECT 1 FROM talents_talent_tags x WHERE x.talent_id = t.id"
            " AND x.tag_id = %s)",
            (self.tags[code],),
        )

    def no_tag(self, code: str) -> Cond:
        has = self.has_tag(code)
        return Cond({"not": has.rule}, f"NOT {has.sql}", has.params)

    def has_child(self) -> Cond:
        return Cond(
            {"has": [{"var": "family"}, "child"]},
            "EXISTS (SELECT 1 FROM talents_familymember f WHERE f.talent_id = t.id"
            " AND f.relation = %s)",
            ("child",),
        )


@dataclass(frozen=True)
class BenchBenefit:
    code: str
    cond: Cond
    amount: dict
    group: str = ""


DEGREE_TABLE = {
    "kind": "table",
    "fact": "degree",
    "rows": {"bachelor": "10000.00", "master": "30000.00", "doctorate": "60000.00"},
}


def bench_benefits(v: Vocabulary) -> list[BenchBenefit]:
    fixed = {"kind": "fixed", "yuan": "1000.00"}
    years = {"kind": "formula", "fact": "years_in_city", "base": "1000.00", "per_unit": "500.00"}
    years |= {"cap": "5000.00"}
    items = []
    for i, (d, a, y) in enumerate((("master", 40, 3), ("bachelor", 30, 2), ("doctorate", 45, 10))):
        items.append(
            BenchBenefit(
                f"home_{i}",
                all_of(v.degree_ge(d), v.age_le(a), v.in_city_le(y)),
                DEGREE_TABLE,
                "housing",
            )
        )
    for i, (d, g, a) in enumerate((("bachelor", 2, 35), ("college", 1, 28), ("master", 5, 40))):
        items.append(
            BenchBenefit(
                f"living_{i}", all_of(v.degree_ge(d), v.graduated_le(g), v.age_le(a)), DEGREE_TABLE
            )
        )
    for i, t in enumerate(("D", "C", "B")):
        items.append(BenchBenefit(f"tier_{i}", v.tier_ge(t), fixed))
    for i, (t, y) in enumerate((("senior", 3), ("intermediate", 10), ("senior_full", 0))):
        items.append(BenchBenefit(f"title_{i}", all_of(v.title_ge(t), v.in_city_ge(y)), years))
    for i, (c, d) in enumerate(
        (("421102", "master"), ("421181", "master"), ("421182", "doctorate"))
    ):
        items.append(BenchBenefit(f"county_{i}", all_of(v.county_is(c), v.degree_ge(d)), fixed))
    for i, tag in enumerate(("ecommerce", "veteran", "returnee")):
        items.append(BenchBenefit(f"tag_{i}", v.has_tag(tag), fixed, "tags"))
    for i, t in enumerate(("D", "E", "C")):
        items.append(BenchBenefit(f"child_{i}", all_of(v.tier_ge(t), v.has_child()), fixed))
    for i, (s, lo, hi) in enumerate((("F", 25, 28), ("M", 45, 50), ("F", 55, 60))):
        items.append(
            BenchBenefit(f"sex_{i}", all_of(v.sex_is(s), v.age_ge(lo), v.age_le(hi)), fixed)
        )
    for i, (tag, t) in enumerate(
        (("rural_revitalisation", "D"), ("ecommerce", "C"), ("veteran", "D"))
    ):
        items.append(BenchBenefit(f"either_{i}", any_of(v.has_tag(tag), v.tier_ge(t)), fixed))
    for i, tag in enumerate(("unemployed_graduate", "overseas", "returnee")):
        items.append(
            BenchBenefit(
                f"not_{i}",
                all_of(v.degree_in("college", "secondary"), v.no_tag(tag), v.age_le(25)),
                DEGREE_TABLE,
            )
        )
    return items


# --- set-up ----------------------------------------------------------------------------------


def build_registry(count: int) -> None:
    """The city's reference data and catalogues, and `count` synthetic talents (the demo's
    generator, without the other apps' demo records: they are not what is measured)."""
    from rencai.core import demo
    from rencai.talents import demo as talent_demo

    started = time.perf_counter()
    with transaction.atomic():
        demo.load_reference_data(demo.DATA_DIR)
        talent_demo.load_catalogues(demo.DATA_DIR)
        talent_demo.load_talents(
            data_dir=demo.DATA_DIR, count=count, seed=2022, as_of=timezone.localdate()
        )
    print(f"registry of {count:,} talents built in {time.perf_counter() - started:.0f} s")


def set_up(on: date, *, no_application: bool = False) -> list[tuple[Benefit, Any, BenchBenefit]]:
    """Create (or reuse) the bench benefits; make them the only active ones."""
    vocabulary = Vocabulary.load(on)
    specs = bench_benefits(vocabulary)
    department = Organisation.objects.filter(kind="department").order_by("pk").first()
    with transaction.atomic():
        policy = Policy.objects.filter(title=POLICY_TITLE).first() or services.create_policy(
            actor=None,
            fields={
                "title": POLICY_TITLE,
                "issuing_body": "bench",
                "category": PolicyCategory.OTHER,
                "effective_from": date(2020, 1, 1),
                "is_example": True,
            },
        )
        for spec in specs:
            code = PREFIX + spec.code
            existing = Benefit.objects.filter(code=code).first()
            if existing is not None:
                latest = selectors.latest_published(existing)
                if (latest.rule, latest.amount) != (spec.cond.rule, spec.amount):
                    draft = {"rule": spec.cond.rule, "amount": spec.amount}
                    services.update_draft(existing, actor=None, fields=draft)
                    services.publish_draft(existing, actor=None, effective_from=on)
                continue
            benefit = services.create_benefit(
                policy,
                actor=None,
                fields={
                    "code": code,
                    "name": f"基准 {spec.code}",
                    "owning_department": department,
                    "exclusivity_group": spec.group,
                },
                draft={"rule": spec.cond.rule, "amount": spec.amount},
            )
            services.publish_draft(benefit, actor=None, effective_from=date(2020, 1, 1))
        # only when something differs: any write to the benefits (even of no row) stales
        # outreach's high-water marks, and a bench run after a bench run should find them
        others = Benefit.objects.exclude(code__startswith=PREFIX).filter(is_active=True)
        if others.exists():
            others.update(is_active=False)
        ours = Benefit.objects.filter(code__startswith=PREFIX)
        if ours.exclude(is_active=True, no_application=no_application).exists():
            ours.update(is_active=True, no_application=no_application)
        # Runs queued by publishing here are not part of the benchmark.
        OutreachRun.objects.filter(status="queued").delete()
    current = selectors.current_versions(on, Benefit.objects.filter(code__startswith=PREFIX))
    by_code = {b.code: b for b in Benefit.objects.filter(code__startswith=PREFIX)}
    return [(by_code[PREFIX + s.code], current[by_code[PREFIX + s.code].pk], s) for s in specs]


def empty_outreach_tables() -> None:
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE policies_outreachnotice, core_notification")
        # only the bench's benefits' entitlements: a desk's cases (`load_demo --applications`)
        # hold outreach entitlements of the demo's benefits, which must stay
        cursor.execute(
            "DELETE FROM policies_entitlement WHERE source = 'outreach' AND benefit_id IN"
            " (SELECT id FROM policies_benefit WHERE code LIKE %s)",
            [PREFIX + "%"],
        )
        cursor.execute("DELETE FROM policies_outreachrun")
        cursor.execute("VACUUM ANALYZE policies_outreachnotice")
        cursor.execute("VACUUM ANALYZE policies_entitlement")


def best(label: str, repeat: int, fn: Callable[[], Any], before: Callable[[], None] | None = None):
    times, result = [], None
    for _ in range(repeat):
        if before is not None:
            before()
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    shown = ", ".join(f"{t:.2f}" for t in times)
    print(f"  {label:<52} best {min(times):7.2f} s   (runs: {shown})", flush=True)
    return min(times), result


# --- recording -------------------------------------------------------------------------------


def ours_record(notify: bool, on: date | None = None) -> OutreachRun:
    run = OutreachRun.objects.create(
        trigger=OutreachTrigger.MANUAL, evaluated_on=on or timezone.localdate()
    )
    return run_outreach(run.pk, notify=notify)


PLAIN = "bench_plain_notice"


def make_plain_table() -> None:
    """A table with the notice log's columns and key, no foreign keys, no other index."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {PLAIN}")
        cursor.execute(
            f"CREATE TABLE {PLAIN} (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
            " talent_id bigint NOT NULL, kind varchar(40) NOT NULL, subject_id bigint NOT NULL,"
            " subject_version integer NOT NULL, run_id bigint NOT NULL,"
            " created_at timestamptz NOT NULL)"
        )


def copy_pairs() -> int:
    """Only the insert: the pairs Rencai found (saved in bench_ours) into the plain table."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {PLAIN} (talent_id, kind, subject_id, subject_version, run_id,"  # noqa: S608
            " created_at) SELECT talent_id, %s, subject_id, subject_version, 0, now()"
            " FROM bench_ours",
            [BENEFIT_KIND],
        )
        return cursor.rowcount


def count_recorded() -> int:
    """What the issue compares a nothing-new run with: counting the recorded pairs of each
    subject version in force."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT kind, subject_id, subject_version, count(*) FROM policies_outreachnotice"
            " GROUP BY 1, 2, 3"
        )
        return sum(row[3] for row in cursor.fetchall())


BEFORE = [
    "ADD CONSTRAINT bench_fk_talent FOREIGN KEY (talent_id) REFERENCES talents_talent (id)"
    " DEFERRABLE INITIALLY DEFERRED",
    "ADD CONSTRAINT bench_fk_subject FOREIGN KEY (subject_id) REFERENCES policies_benefit (id)"
    " DEFERRABLE INITIALLY DEFERRED",
    "ADD CONSTRAINT bench_fk_run FOREIGN KEY (run_id) REFERENCES policies_outreachrun (id)"
    " DEFERRABLE INITIALLY DEFERRED",
]


def before_design() -> None:
    """The notice log as it was before 0008: three deferred foreign keys (talent, benefit
    version — here the benefit —, run) and an index on each of talent and subject."""
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE policies_outreachnotice")
        for clause in BEFORE:
            cursor.execute(f"ALTER TABLE policies_outreachnotice {clause}")
        cursor.execute("CREATE INDEX bench_notice_talent ON policies_outreachnotice (talent_id)")
        cursor.execute("CREATE INDEX bench_notice_subject ON policies_outreachnotice (subject_id)")


def after_design() -> None:
    with connection.cursor() as cursor:
        for name in ("bench_fk_talent", "bench_fk_subject", "bench_fk_run"):
            cursor.execute(f"ALTER TABLE policies_outreachnotice DROP CONSTRAINT IF EXISTS {name}")
        cursor.execute("DROP INDEX IF EXISTS bench_notice_talent")
        cursor.execute("DROP INDEX IF EXISTS bench_notice_subject")


@contextmanager
def no_anti_join():
    """As before: insert every found pair and let the unique index refuse the known ones
    (`ON CONFLICT DO NOTHING`, no turns taken, no high-water marks). The statement ends
    `WHERE <new_only> RETURNING 1`; the condition put there is TRUE followed by the old
    conflict clause."""
    real, turns = outreach._not_told, outreach._take_turns
    told, key = outreach._anyone_told, outreach.marks.rule_key
    outreach._not_told = lambda *args: ("TRUE ON CONFLICT DO NOTHING", [])  # type: ignore[assignment]
    outreach._take_turns = lambda *args: None  # type: ignore[assignment]
    outreach._anyone_told = lambda *args: True  # type: ignore[assignment]  # no plain insert
    outreach.marks.rule_key = lambda *args: None  # type: ignore[assignment]  # no marks
    try:
        yield
    finally:
        outreach._not_told, outreach._take_turns = real, turns
        outreach._anyone_told, outreach.marks.rule_key = told, key


@contextmanager
def statement_per_version():
    """As before the survey: every version's own INSERT … SELECT with its anti-join, even
    when nothing is new (one non-parallel statement per version)."""
    real = outreach.record_versions

    def each(run, items, *, talent_id=None):
        for benefit, version in items:
            yield outreach.record_version(run, benefit, version, talent_id=talent_id)

    outreach.record_versions = each  # type: ignore[assignment]
    try:
        yield
    finally:
        outreach.record_versions = real  # type: ignore[assignment]


def nothing_new(items, on: date, repeat: int) -> tuple[float, float, float]:
    """A daily run, after (high-water marks, the survey) and before (a statement per
    version), against counting the qualifying talents: round r on the r-th day after `on`
    (the rules reading the date evaluated again, the others skipped while the registry is
    unchanged), interleaved, best of each. The first run of a day records that day's new
    pairs (talents whose age or years crossed a bound); the statements then find nothing new.
    Records everything first when the log is empty."""
    if not OutreachNotice.objects.exists():
        ours_record(notify=False)
    pairs_items = [(b, v) for b, v, _s in items]
    times: dict[str, list[float]] = {"after": [], "before": [], "count": []}
    found, new = None, []
    for r in range(1, repeat + 1):
        day = on + timedelta(days=r)
        started = time.perf_counter()
        run = ours_record(notify=False, on=day)
        times["after"].append(time.perf_counter() - started)
        new.append(run.notified)
        with statement_per_version():
            started = time.perf_counter()
            before = ours_record(notify=False, on=day)
            times["before"].append(time.perf_counter() - started)
        assert (before.notified, before.found) == (0, run.found), "the runs disagree"
        found = run.found
        started = time.perf_counter()
        count_versions(pairs_items, day)
        times["count"].append(time.perf_counter() - started)
    for label, key in (
        ("Rencai, a day later (marks, survey)", "after"),
        ("as before the survey: a statement per version", "before"),
        ("counting the qualifying talents (count_versions)", "count"),
    ):
        shown = ", ".join(f"{t:.2f}" for t in times[key])
        print(f"  {label:<52} best {min(times[key]):7.2f} s   (runs: {shown})", flush=True)
    after, before, count = (min(times[k]) for k in ("after", "before", "count"))
    print(
        f"  {found:,} pairs found, new each day: {new}; ratio daily run / counting (aim ≤ 1×):"
        f" {ratio(after, count)} (a statement per version: {ratio(before, count)});"
        f" before / after: {ratio(before, after)}; load average {os.getloadavg()[0]:.1f}"
    )
    return after, before, count


NOT_HELD = (
    " AND NOT EXISTS (SELECT 1 FROM policies_entitlement e WHERE e.talent_id = t.id"
    " AND e.benefit_id = %s AND e.state NOT IN ('rejected', 'withdrawn'))"
)
NOT_HELD_GROUP = (
    " AND NOT EXISTS (SELECT 1 FROM policies_entitlement g WHERE g.talent_id = t.id"
    " AND g.exclusivity_group = %s AND g.state NOT IN ('rejected', 'withdrawn'))"
)


def hand_record(
    items,
    *,
    no_application: bool,
    on: date,
    table: str = "policies_outreachnotice",
    conflict: bool | None = None,
) -> int:
    """The same pairs, with statements a person would write for these 30 rules (into the
    notice log, or into `table`: a plain table with the same columns and no foreign keys)."""
    run = OutreachRun.objects.create(trigger=OutreachTrigger.MANUAL, evaluated_on=on)
    now = timezone.now()
    pairs = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for benefit, version, spec in items:
            where = f"({spec.cond.sql})" + NOT_HELD
            params = [*spec.cond.params, benefit.pk]
            if benefit.exclusivity_group:
                where += NOT_HELD_GROUP
                params.append(benefit.exclusivity_group)
            skip = table == "policies_outreachnotice" if conflict is None else conflict
            on_conflict = " ON CONFLICT DO NOTHING" if skip else ""
            cursor.execute(
                f"INSERT INTO {table} (talent_id, kind, subject_id, subject_version,"  # noqa: S608
                " run_id, created_at)"
                f" SELECT t.id, %s, %s, %s, %s, %s FROM talents_talent t WHERE {where}"
                f"{on_conflict}",
                [BENEFIT_KIND, benefit.pk, version.number, run.pk, now, *params],
            )
            pairs += cursor.rowcount
            if no_application:
                amount, amount_params = hand_amount(spec)
                cursor.execute(
                    "INSERT INTO policies_entitlement (talent_id, benefit_id, version_id,"  # noqa: S608
                    " exclusivity_group, state, source, amount_fen, explanation, note,"
                    " created_at, updated_at)"
                    f" SELECT t.id, %s, %s, %s, 'pending', 'outreach', {amount},"
                    f" '{{}}'::jsonb, '', %s, %s FROM talents_talent t WHERE {where}"
                    " ON CONFLICT DO NOTHING",
                    [benefit.pk, version.pk, benefit.exclusivity_group, *amount_params, now, now]
                    + params,
                )
    return pairs


def hand_amount(spec: BenchBenefit) -> tuple[str, list]:
    """The amount as a hand-written SQL expression (fen), with its parameters."""
    if spec.amount is DEGREE_TABLE:
        rows = " ".join(
            f"WHEN {pk} THEN {int(float(DEGREE_TABLE['rows'][code]) * 100)}"
            for code, (pk, _rank) in VOCABULARY.degrees.items()
            if code in DEGREE_TABLE["rows"]
        )
        return f"CASE t.degree_id {rows} END", []
    if spec.amount.get("kind") == "fixed":
        return str(int(float(spec.amount["yuan"]) * 100)), []
    # 1000 + 500 per full year in the city, at most 5000 (yuan).
    years = "GREATEST(0, EXTRACT(YEAR FROM age(%s::date, t.arrival_date)))"
    return f"LEAST(500000, 100000 + 50000 * {years})::bigint", [VOCABULARY.on]


def same_pairs(ours_table: str) -> int:
    """Pairs in exactly one of the two recordings (0: the same)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM ((SELECT talent_id, subject_id, subject_version"  # noqa: S608
            " FROM policies_outreachnotice"
            f" EXCEPT SELECT talent_id, subject_id, subject_version FROM {ours_table})"
            f" UNION ALL (SELECT talent_id, subject_id, subject_version FROM {ours_table}"
            " EXCEPT SELECT talent_id, subject_id, subject_version"
            " FROM policies_outreachnotice)) d"
        )
        return cursor.fetchone()[0]


# --- Python, one talent at a time --------------------------------------------------------------


def python_one_at_a_time(items, sample: int, on: date) -> tuple[float, int]:
    ids = list(Talent.objects.values_list("pk", flat=True))
    chosen = random.Random(2022).sample(ids, min(sample, len(ids)))
    versions = [version for _benefit, version, _spec in items]
    started = time.perf_counter()
    found = 0
    for pk in chosen:
        talent = talent_for_evaluation(pk, on)
        for version in versions:
            found += explain(version, talent, on).outcome == "true"
    elapsed = time.perf_counter() - started
    return elapsed / len(chosen) * len(ids), found


# --- counting ----------------------------------------------------------------------------------


def hand_count(items) -> dict[int, int]:
    columns = ", ".join(f"count(*) FILTER (WHERE {spec.cond.sql})" for _b, _v, spec in items)
    params = [p for _b, _v, spec in items for p in spec.cond.params]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM talents_talent t", params)  # noqa: S608
        row = cursor.fetchone()
    return {benefit.pk: n for (benefit, _v, _s), n in zip(items, row, strict=True)}


def hand_count_preaggregated(items) -> dict[int, int]:
    """One pass, with each talent's tags and family relations read once into arrays (a
    LEFT JOIN of pre-aggregated sets) instead of one EXISTS per membership test."""

    def arrays(sql: str) -> str:
        return sql.replace(
            "EXISTS (SELECT 1 FROM talents_talent_tags x WHERE x.talent_id = t.id"
            " AND x.tag_id = %s)",
            "coalesce(%s = ANY(tg.tags), false)",
        ).replace(
            "EXISTS (SELECT 1 FROM talents_familymember f WHERE f.talent_id = t.id"
            " AND f.relation = %s)",
            "coalesce(%s = ANY(fm.relations), false)",
        )

    columns = ", ".join(
        f"count(*) FILTER (WHERE {arrays(spec.cond.sql)})" for _b, _v, spec in items
    )
    params = [p for _b, _v, spec in items for p in spec.cond.params]
    sql = (
        f"SELECT {columns} FROM talents_talent t"  # noqa: S608
        " LEFT JOIN (SELECT talent_id, array_agg(tag_id) AS tags FROM talents_talent_tags"
        " GROUP BY talent_id) tg ON tg.talent_id = t.id"
        " LEFT JOIN (SELECT talent_id, array_agg(relation) AS relations"
        " FROM talents_familymember GROUP BY talent_id) fm ON fm.talent_id = t.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return {benefit.pk: n for (benefit, _v, _s), n in zip(items, row, strict=True)}


def hand_simulation(benefit, spec: BenchBenefit, draft: Cond) -> list[tuple]:
    """The home subsidy, age limit 40 → 45, by county and tier, by hand."""
    amount, amount_params = hand_amount(spec)
    assert not amount_params
    free = NOT_HELD.replace(" AND ", "", 1) + NOT_HELD_GROUP
    sql = (
        "SELECT t.county_id, t.tier_id, count(*),"  # noqa: S608
        f" count(*) FILTER (WHERE {spec.cond.sql}),"
        f" count(*) FILTER (WHERE {draft.sql}),"
        f" count(*) FILTER (WHERE ({spec.cond.sql}) AND ({draft.sql})),"
        f" sum({amount}) FILTER (WHERE ({spec.cond.sql}) AND {free}),"
        f" sum({amount}) FILTER (WHERE ({draft.sql}) AND {free})"
        " FROM talents_talent t GROUP BY 1, 2"
    )
    group = benefit.exclusivity_group
    params = [
        *spec.cond.params,
        *draft.params,
        *spec.cond.params,
        *draft.params,
        *spec.cond.params,
        benefit.pk,
        group,
        *draft.params,
        benefit.pk,
        group,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# --- main --------------------------------------------------------------------------------------

VOCABULARY: Vocabulary


def ratio(ours: float, theirs: float) -> str:
    return f"{ours / theirs:.2f}×"


def counting(items, on: date, repeat: int) -> None:
    print("counting (every benefit's qualifying talents, one pass):")
    pairs_items = [(b, v) for b, v, _s in items]
    t_count, counts = best(
        "Rencai count_versions (one query)", repeat, lambda: count_versions(pairs_items, on)
    )
    with correlated_exists():
        t_before, before_counts = best(
            "as before: one correlated EXISTS per membership test",
            repeat,
            lambda: count_versions(pairs_items, on),
        )
    assert before_counts == counts, "counts differ (before)"
    t_hand_count, hand_counts = best(
        "hand-written count(*) FILTER (…) × 30", repeat, lambda: hand_count(items)
    )
    assert counts == hand_counts, "counts differ"
    t_pre_count, pre_counts = best(
        "hand-written, sets pre-aggregated into arrays",
        repeat,
        lambda: hand_count_preaggregated(items),
    )
    assert counts == pre_counts, "counts differ (pre-aggregated)"
    print(
        f"  ratio Rencai / pre-aggregated hand-written: {ratio(t_count, t_pre_count)} "
        f"(before: {ratio(t_before, t_pre_count)}); "
        f"without the 12 set-membership rules:"
    )
    plain = [item for item in items if "EXISTS" not in item[2].cond.sql]
    plain_pairs = [(b, v) for b, v, _s in plain]
    t_plain, plain_counts = best(
        f"Rencai count_versions, {len(plain)} column-only rules",
        repeat,
        lambda: count_versions(plain_pairs, on),
    )
    t_hand_plain, hand_plain = best(
        f"hand-written, {len(plain)} column-only rules", repeat, lambda: hand_count(plain)
    )
    assert plain_counts == hand_plain
    print(f"  ratio (column-only rules) Rencai / hand-written: {ratio(t_plain, t_hand_plain)}")
    print(
        f"  {sum(counts.values()):,} qualifying pairs; ratio Rencai / hand-written: "
        f"{ratio(t_count, t_hand_count)}"
    )


@contextmanager
def correlated_exists():
    """The set facts compiled as before: `EXISTS (… WHERE talent_id = outer.id …)`."""
    from django.db.models import Exists, OuterRef

    from rencai.policies.facts import CATALOGUE
    from rencai.talents.models import FamilyMember

    builders = {
        "tags": lambda code, on: Exists(
            Talent.tags.through.objects.filter(talent_id=OuterRef("pk"), tag__code=code)
        ),
        "family": lambda code, on: Exists(
            FamilyMember.objects.filter(talent_id=OuterRef("pk"), relation=code)
        ),
    }
    saved = {}
    for name, builder in builders.items():
        fact = CATALOGUE.get(name)
        if fact is not None and fact.exists is not None:
            saved[name] = fact.exists
            object.__setattr__(fact, "exists", builder)
    try:
        yield
    finally:
        for name, builder in saved.items():
            object.__setattr__(CATALOGUE.get(name), "exists", builder)


def main() -> None:
    global VOCABULARY
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sample", type=int, default=2000, help="Talents for the Python run.")
    parser.add_argument("--no-application", action="store_true", help="Also time 免申即享.")
    parser.add_argument(
        "--talents",
        type=int,
        default=150_000,
        help="Registry size to generate when the database has no talents (default 150,000).",
    )
    parser.add_argument(
        "--recording-only", action="store_true", help="Skip Python, counting and simulation."
    )
    parser.add_argument(
        "--nothing-new-only",
        action="store_true",
        help="Only the run when nothing is new, before and after the survey, against counting"
        " (interleaved; records everything first when the log is empty; leaves it recorded).",
    )
    parser.add_argument(
        "--counting-only",
        action="store_true",
        help="Only the one-pass counts (with the correlated EXISTS of before, same run).",
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run on PostgreSQL (scripts/with-postgres.sh).")
    if not Talent.objects.exists():
        build_registry(args.talents)
    settings.NOTIFICATION_CHANNELS = []  # no SMS or e-mail from a benchmark
    on = timezone.localdate()
    VOCABULARY = Vocabulary.load(on)
    talents = Talent.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        server = cursor.fetchone()[0].split(",")[0]
        cursor.execute("VACUUM ANALYZE")
    items = set_up(on)
    print(f"{server}; {talents:,} talents; {len(items)} benefits; {os.cpu_count()} cores; {on}")
    if args.counting_only:
        counting(items, on, args.repeat)
        return
    if args.nothing_new_only:
        print("a run when nothing is new (every pair already recorded):")
        nothing_new(items, on, args.repeat)
        return

    print("recording (find every new (talent, benefit version) pair and record it):")
    t_ours, run = best(
        "Rencai outreach run (notices, no notifications)",
        args.repeat,
        lambda: ours_record(notify=False),
        empty_outreach_tables,
    )
    pairs = run.notified
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_ours")
        cursor.execute(
            "CREATE TABLE bench_ours AS"
            " SELECT talent_id, subject_id, subject_version FROM policies_outreachnotice"
        )
    t_hand, hand_pairs = best(
        "hand-written INSERT … SELECT (30 statements)",
        args.repeat,
        lambda: hand_record(items, no_application=False, on=on),
        empty_outreach_tables,
    )
    differ = same_pairs("bench_ours")
    t_notify, run_notify = best(
        "Rencai outreach run + in-app notifications",
        1,
        lambda: ours_record(notify=True),
        empty_outreach_tables,
    )
    notifications = run_notify.versions.get("notifications", 0)
    print(
        f"  pairs: Rencai {pairs:,}, hand-written {hand_pairs:,}, differing {differ}; "
        f"found {run.found:,}; {notifications:,} notifications"
    )
    print(f"  ratio Rencai / hand-written into the notice log: {ratio(t_ours, t_hand)}")
    t_plain, plain_pairs = best(
        "hand-written INSERT … SELECT into a plain table (no FKs)",
        args.repeat,
        lambda: hand_record(items, no_application=False, on=on, table=PLAIN),
        make_plain_table,
    )
    assert plain_pairs == pairs, "the plain table received other pairs"
    t_copy, _ = best(
        "the same pairs copied into a plain table (insert only)",
        args.repeat,
        copy_pairs,
        make_plain_table,
    )
    print(
        f"  ratio Rencai / plain INSERT … SELECT (aim ≤ 2×): {ratio(t_ours, t_plain)}; "
        f"{t_ours / max(pairs, 1) * 1e6:.1f} µs a pair, plain {t_plain / max(pairs, 1) * 1e6:.1f}, "
        f"insert only {t_copy / max(pairs, 1) * 1e6:.1f}"
    )
    before_design()
    try:
        with no_anti_join():
            t_before, _ = best(
                "as before: log with 3 FKs + talent, subject indexes",
                args.repeat,
                lambda: ours_record(notify=False),
                empty_outreach_tables,
            )
            empty_outreach_tables()
            ours_record(notify=False)
            t_again_before, _ = best(
                "as before: a run when nothing is new (conflicts)",
                args.repeat,
                lambda: ours_record(notify=False),
            )
    finally:
        after_design()
    print(f"  before / after, recording: {ratio(t_before, t_ours)}")

    print("a run when nothing is new (every pair already recorded):")
    empty_outreach_tables()
    ours_record(notify=False)
    t_again, again = best(
        "Rencai outreach run, nothing new (same day: marked)",
        args.repeat,
        lambda: ours_record(notify=False),
    )
    assert again.notified == 0
    assert again.found == run.found
    with statement_per_version():
        t_per_version, _ = best(
            "as before the survey: a statement per version",
            args.repeat,
            lambda: ours_record(notify=False),
        )
    pairs_items = [(b, v) for b, v, _s in items]
    t_count_all, _ = best(
        "counting the qualifying talents (count_versions)",
        args.repeat,
        lambda: count_versions(pairs_items, on),
    )
    t_count_told, told = best(
        "counting what is recorded (per subject version)", args.repeat, count_recorded
    )
    assert told == pairs
    print(
        f"  ratio nothing-new run / counting qualifying talents (aim ≤ 1×): "
        f"{ratio(t_again, t_count_all)}; / counting recorded: {ratio(t_again, t_count_told)}; "
        f"before / after: {ratio(t_again_before, t_again)}; a statement per version / "
        f"counting: {ratio(t_per_version, t_count_all)}"
    )
    empty_outreach_tables()

    if args.no_application:
        Benefit.objects.filter(code__startswith=PREFIX).update(no_application=True)
        t_ours_na, run_na = best(
            "免申即享: Rencai (notices + pending entitlements)",
            args.repeat,
            lambda: ours_record(notify=False),
            empty_outreach_tables,
        )
        t_hand_na, _ = best(
            "免申即享: hand-written (2 statements per rule)",
            args.repeat,
            lambda: hand_record(items, no_application=True, on=on),
            empty_outreach_tables,
        )
        print(
            f"  entitlements recorded: {run_na.recorded:,}; "
            f"ratio Rencai / hand-written: {ratio(t_ours_na, t_hand_na)}"
        )
        Benefit.objects.filter(code__startswith=PREFIX).update(no_application=False)
    empty_outreach_tables()
    if args.recording_only:
        return

    print(
        f"Python, one talent at a time (load + explain {len(items)} rules), {args.sample} sampled:"
    )
    t_python, found = python_one_at_a_time(items, args.sample, on)
    print(
        f"  scaled to {talents:,} talents: {t_python:,.0f} s "
        f"({found} qualifying pairs in the sample); ratio Python / Rencai: "
        f"{t_python / t_ours:,.0f}×"
    )

    counting(items, on, args.repeat)

    print("simulation (home_0: age limit 40 → 45, by county and tier, with costs):")
    benefit, version, spec = items[0]
    draft = all_of(VOCABULARY.degree_ge("master"), VOCABULARY.age_le(45), VOCABULARY.in_city_le(3))
    services.update_draft(benefit, actor=None, fields={"rule": draft.rule})
    t_sim, result = best(
        "Rencai simulate (one aggregate query)", args.repeat, lambda: simulate(benefit, on=on)
    )
    t_hand_sim, rows = best(
        "hand-written GROUP BY with FILTERs",
        args.repeat,
        lambda: hand_simulation(benefit, spec, draft),
    )
    assert result.total.now == sum(r[3] for r in rows)
    assert result.total.draft == sum(r[4] for r in rows)
    assert result.total.cost_draft == sum(r[7] or 0 for r in rows)
    print(
        f"  +{result.total.gained:,} / −{result.total.lost:,}, cost change "
        f"{result.total.cost_change / 100:,.2f} yuan; ratio Rencai / hand-written: "
        f"{ratio(t_sim, t_hand_sim)}"
    )
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_ours")


if __name__ == "__main__":
    main()
