"""Outreach in bulk (政策找人): who qualifies for a benefit version and holds nothing of it yet.

For one benefit version, the candidates are the talents for whom the rule is TRUE (the
rule's compiled `true_q`) and who hold no live entitlement of the benefit nor of its
exclusivity group. They are recorded with ONE `INSERT … SELECT` per version, built from the
ORM's own compiled SQL and parameters (`queryset.query.sql_with_params()`); identifiers are
the only thing written into the SQL text, every value is a parameter
(docs/decisions/0001-bulk-outreach-insert-select.md):

- an `OutreachNotice` (talent, version, run) for each candidate: unique per (talent,
  version), so a talent is told about a version once however often outreach runs;
- for a 免申即享 benefit, also a pending `Entitlement` (source outreach, the version, its
  group, the amount from `compile_amount` in the same SELECT); the partial unique indexes
  (one live entitlement per talent and benefit, and per talent and group) skip the rest.

Conflicts are skipped by the database (`ON CONFLICT DO NOTHING` on PostgreSQL, `INSERT OR
IGNORE` on SQLite), so two runs at once cannot record a pair twice. On PostgreSQL the
candidates are one MATERIALIZED CTE that both inserts read and that is counted, so the rule is
evaluated once per version; SQLite counts and inserts in separate statements.

Then `notify_run` tells every talent told something in the run in the app, one message per
kind (benefits to apply for; benefits recorded without application), through the outbox: one
INSERT … SELECT over the run's new notices writes the in-app `core.Message` rows (already
sent; id: kind, the run, the talent, the run's date, "in_app"), and one more writes a
notification from each of those rows — exactly once, in the run's transaction. SMS and
e-mail are queued in the outbox the same way and in the same transaction
(`queue_run_messages`), and sent after commit by a task (`tasks.py`): a run killed halfway
leaves no message, a committed one loses none.
"""

from __future__ import annotations

import operator
import time
import zlib
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from functools import reduce

from django.conf import settings
from django.db import connection
from django.db.models import (
    BigIntegerField,
    BooleanField,
    CharField,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    JSONField,
    OuterRef,
    Q,
    QuerySet,
    StringAgg,
    Sum,
    TextField,
    Value,
    When,
)
from django.db.models import Case as CaseExpr
from django.db.models.functions import Cast, Concat, Substr
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from rencai.core import clock
from rencai.core.models import Notification
from rencai.rules import django as rules_django
from rencai.talents.models import Talent

from . import marks
from .choices import EntitlementSource, EntitlementState
from .evaluation import parsed
from .facts import CATALOGUE
from .models import (
    Benefit,
    BenefitVersion,
    Entitlement,
    OutreachMark,
    OutreachNotice,
    OutreachRun,
)
from .subjects import BENEFIT_KIND, OutreachSubject

TALENT_SUBJECT = "talents.talent"


@dataclass
class VersionResult:
    """What one benefit version's pass found and wrote."""

    benefit: str
    version: int
    found: int = 0
    notified: int = 0
    recorded: int = 0
    ms: float = 0.0
    # skipped: its high-water mark holds (`rencai.policies.marks`), nothing can be new
    unchanged: bool = False

    def as_json(self) -> dict:
        return asdict(self)


# --- who ------------------------------------------------------------------------------------


def holders_exist(benefit: Benefit) -> list[Exists]:
    """EXISTS a live entitlement of the benefit (and one of its group): two-valued, so safe
    to negate. Each is its own subquery, matching one partial unique index."""
    live = Entitlement.objects.live().filter(talent_id=OuterRef("pk"))
    tests = [Exists(live.filter(benefit_id=benefit.pk))]
    if benefit.exclusivity_group:
        tests.append(Exists(live.filter(exclusivity_group=benefit.exclusivity_group)))
    return tests


def candidates(
    benefit: Benefit,
    version: BenefitVersion,
    on: date,
    *,
    talent_id: int | None = None,
    county_id: int | None = None,
    talent_ids: list[int] | None = None,
) -> QuerySet[Talent]:
    """Talents for whom the version's rule is TRUE on `on` and who hold nothing of it (of one
    talent, one county, or the listed talents, when given)."""
    rule = parsed(version)[0]
    compiled = rules_django.compile_rule(rule, CATALOGUE, on=on)
    talents = Talent.objects.filter(compiled.true_q)
    for held in holders_exist(benefit):
        talents = talents.filter(~held)
    if talent_id is not None:
        talents = talents.filter(pk=talent_id)
    if talent_ids is not None:
        talents = talents.filter(pk__in=talent_ids)
    if county_id is not None:
        talents = talents.filter(county_id=county_id)
    return talents.order_by()


def amount_expression(version: BenefitVersion, on: date):
    return typed_amount(rules_django.compile_amount(parsed(version)[1], CATALOGUE, on=on))


def typed_amount(expression):
    """A bare NULL (no amount) typed as bigint: PostgreSQL cannot type `NULL` in a CTE or
    in `sum(NULL)` by itself."""
    if isinstance(expression, Value) and expression.value is None:
        return Cast(expression, BigIntegerField())
    return expression


# --- the INSERT … SELECT -------------------------------------------------------------------

NOTICE_COLUMNS = {
    "talent_id": "o_talent",
    "kind": "o_kind",
    "subject_id": "o_subject",
    "subject_version": "o_subject_version",
    "run_id": "o_run",
    "department_id": "o_department",
    "created_at": "o_at",
}
ENTITLEMENT_COLUMNS = {
    "talent_id": "o_talent",
    "benefit_id": "o_benefit",
    "version_id": "o_version",
    "exclusivity_group": "o_group",
    "state": "o_state",
    "source": "o_source",
    "amount_fen": "o_amount",
    "explanation": "o_explanation",
    "note": "o_note",
    "created_at": "o_at",
    "updated_at": "o_at",
}


def found_rows(
    run: OutreachRun,
    benefit: Benefit,
    version: BenefitVersion,
    *,
    talent_id: int | None = None,
    talent_ids: list[int] | None = None,
    with_entitlement: bool,
) -> QuerySet:
    """The candidates with every value both inserts need, as named columns (o_*)."""
    on = run.evaluated_on
    columns = notice_columns(
        run, BENEFIT_KIND, benefit.pk, version.number, benefit.owning_department_id
    )
    columns["o_version"] = Value(version.pk, output_field=BigIntegerField())
    if with_entitlement:
        columns |= {
            "o_benefit": Value(benefit.pk, output_field=BigIntegerField()),
            "o_group": Value(benefit.exclusivity_group, output_field=CharField()),
            "o_state": Value(EntitlementState.PENDING, output_field=CharField()),
            "o_source": Value(EntitlementSource.OUTREACH, output_field=CharField()),
            "o_amount": amount_expression(version, on),
            "o_explanation": Value({}, output_field=JSONField()),
            "o_note": Value(_("Found by outreach run %(n)s") % {"n": run.pk}, CharField()),
        }
    rows = candidates(
        benefit, version, on, talent_id=talent_id, county_id=run.county_id, talent_ids=talent_ids
    )
    rows = rows.annotate(**columns)
    return rows.values_list(*columns)


def notice_columns(
    run: OutreachRun, kind: str, subject_id: int, subject_version: int, department: int | None
) -> dict:
    """The values of a notice beside its talent, as named columns (o_*); `department` is the
    subject's (a benefit's owning department, an event's organiser)."""
    return {
        "o_talent": F("pk"),
        "o_kind": Value(kind, output_field=CharField()),
        "o_subject": Value(subject_id, output_field=BigIntegerField()),
        "o_subject_version": Value(subject_version, output_field=IntegerField()),
        "o_run": Value(run.pk, output_field=BigIntegerField()),
        # typed even when NULL (a subject without a department), as a missing amount is
        "o_department": typed_amount(Value(department, output_field=BigIntegerField())),
        "o_at": Value(clock.now(), output_field=DateTimeField()),
    }


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _insert(model, columns: dict[str, str], source: str) -> str:
    """`INSERT INTO table (col, …) SELECT o_x, … FROM <source>`: identifiers only."""
    quote = connection.ops.quote_name
    targets = ", ".join(quote(model._meta.get_field(name).column) for name in columns)
    selected = ", ".join(quote(alias) for alias in columns.values())
    verb = "INSERT OR IGNORE INTO" if connection.vendor == "sqlite" else "INSERT INTO"
    return f"{verb} {_table(model)} ({targets}) SELECT {selected} FROM {source}"  # noqa: S608


def _on_conflict() -> str:
    # No conflict target: PostgreSQL then skips a row violating ANY unique index, the
    # partial ones included (a target would have to repeat the index's WHERE clause).
    return "" if connection.vendor == "sqlite" else " ON CONFLICT DO NOTHING"


def _not_told(source: str, kind: str, subject_id: int, subject_version: int) -> tuple[str, list]:
    """`NOT EXISTS` a notice of the subject version for the source row's talent: the
    anti-join that lets a run insert only what is new (the unique index answers it)."""
    quote = connection.ops.quote_name
    column = {name: quote(OutreachNotice._meta.get_field(name).column) for name in NOTICE_COLUMNS}
    sql = (
        f"NOT EXISTS (SELECT 1 FROM {_table(OutreachNotice)} told"  # noqa: S608
        f" WHERE told.{column['kind']} = %s AND told.{column['subject_id']} = %s"
        f" AND told.{column['subject_version']} = %s"
        f" AND told.{column['talent_id']} = {source}.{quote('o_talent')})"
    )
    return sql, [kind, subject_id, subject_version]


def _anyone_told(cursor, kind: str, subject_id: int, subject_version: int) -> bool:
    """Whether a notice of the subject version exists: one look-up in the unique index."""
    quote = connection.ops.quote_name
    column = {name: quote(OutreachNotice._meta.get_field(name).column) for name in NOTICE_COLUMNS}
    cursor.execute(
        f"SELECT EXISTS (SELECT 1 FROM {_table(OutreachNotice)}"  # noqa: S608
        f" WHERE {column['kind']} = %s AND {column['subject_id']} = %s"
        f" AND {column['subject_version']} = %s)",
        [kind, subject_id, subject_version],
    )
    return bool(cursor.fetchone()[0])


def _take_turns(cursor, kind: str, subject_id: int, subject_version: int) -> None:
    """Runs recording the same subject version take turns, until the transaction ends (a
    PostgreSQL advisory lock). The next run's statement starts after the first committed, so
    its anti-join sees every pair the first recorded and the insert needs no `ON CONFLICT`
    (docs/decisions/0008); the unique index still refuses a duplicate. Runs lock their
    versions in one order (by benefit code), so two runs never wait for each other in a
    circle."""
    key = zlib.crc32(f"{kind}:{subject_id}".encode())
    key = key - 2**32 if key >= 2**31 else key
    cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [key, subject_version])


def record_found(
    rows: QuerySet,
    *,
    kind: str,
    subject_id: int,
    subject_version: int,
    with_entitlement: bool = False,
) -> tuple[int, int, int]:
    """Count the found rows, record a notice for each talent not yet told about the subject
    version (and, `with_entitlement`, a pending entitlement for each found): one statement
    on PostgreSQL. Returns (found, newly told, newly recorded)."""
    select_sql, params = rows.query.sql_with_params()
    new_only, new_params = _not_told("found", kind, subject_id, subject_version)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _take_turns(cursor, kind, subject_id, subject_version)
            if not _anyone_told(cursor, kind, subject_id, subject_version):
                # No notice of the version yet (read after taking the turn, so a run that
                # recorded it before us has committed): everyone found is new, so no anti-join.
                new_only, new_params = "TRUE", []
                if not with_entitlement:
                    # … and found = newly told: a plain INSERT … SELECT, nothing materialised
                    notices = _insert(OutreachNotice, NOTICE_COLUMNS, f"({select_sql}) AS found")
                    cursor.execute(notices, params)
                    return cursor.rowcount, cursor.rowcount, 0
            parts = [f"found AS MATERIALIZED ({select_sql})"]
            parts.append(
                f"notices AS ({_insert(OutreachNotice, NOTICE_COLUMNS, 'found')}"
                f" WHERE {new_only} RETURNING 1)"
            )
            counts = ["(SELECT count(*) FROM found)", "(SELECT count(*) FROM notices)"]
            if with_entitlement:
                parts.append(
                    f"granted AS ({_insert(Entitlement, ENTITLEMENT_COLUMNS, 'found')}"
                    f"{_on_conflict()} RETURNING 1)"
                )
                counts.append("(SELECT count(*) FROM granted)")
            sql = f"WITH {', '.join(parts)} SELECT {', '.join(counts)}"
            cursor.execute(sql, [*params, *new_params])
            numbers = cursor.fetchone()
            return numbers[0], numbers[1], numbers[2] if with_entitlement else 0
        source = f"({select_sql}) AS found"
        cursor.execute(f"SELECT count(*) FROM {source}", params)  # noqa: S608
        found = cursor.fetchone()[0]
        notices = _insert(OutreachNotice, NOTICE_COLUMNS, source)
        cursor.execute(f"{notices} WHERE {new_only}", [*params, *new_params])
        notified = cursor.rowcount
        recorded = 0
        if with_entitlement:
            cursor.execute(_insert(Entitlement, ENTITLEMENT_COLUMNS, source), params)
            recorded = cursor.rowcount
        return found, notified, recorded


def record_version(
    run: OutreachRun,
    benefit: Benefit,
    version: BenefitVersion,
    *,
    talent_id: int | None = None,
    talent_ids: list[int] | None = None,
) -> VersionResult:
    """Find the version's candidates and record notices for those not yet told (and pending
    entitlements for a 免申即享 benefit) in one statement on PostgreSQL; counts of what was
    new. `talent_ids`: only among those talents (what `survey` found to write)."""
    started = time.perf_counter()
    with_entitlement = benefit.no_application
    rows = found_rows(
        run,
        benefit,
        version,
        talent_id=talent_id,
        talent_ids=talent_ids,
        with_entitlement=with_entitlement,
    )
    result = VersionResult(benefit=benefit.code, version=version.number)
    result.found, result.notified, result.recorded = record_found(
        rows,
        kind=BENEFIT_KIND,
        subject_id=benefit.pk,
        subject_version=version.number,
        with_entitlement=with_entitlement,
    )
    result.ms = round((time.perf_counter() - started) * 1000, 1)
    return result


# --- many versions: one read-only pass first --------------------------------------------------

# A talent's state for one version in the survey: not found (NULL), found and already told,
# found and new.
TOLD, NEW = 1, 2
# Above this many talents to write for one version, its own full statement is cheaper than a
# list of ids.
SURVEY_IDS = 10_000
# The survey hashes each version's told talents (and holders) once; the planner hashes a
# subquery only when it fits in work_mem × hash_mem_multiplier, else it rescans the subquery
# for every talent. Enough for about five million told talents per version.
SURVEY_WORK_MEM = "64MB"


@dataclass
class Surveyed:
    """One version's counts from the survey, and the talents it has something to write for
    (a notice not yet written; for 免申即享 also every talent found: an entitlement)."""

    found: int = 0
    new: int = 0
    write: list[int] | None = None


def record_versions(
    run: OutreachRun, items: list[tuple[Benefit, BenefitVersion]], *, talent_id: int | None = None
):
    """Record every version's finds (`record_version`), one VersionResult at a time.

    On PostgreSQL, for a run over the registry (or a county) whose versions were recorded
    before, one read-only pass (`survey`, parallel like counting) first counts, for every such
    version at once, the talents found and those not yet told, and names the talents with
    something to write; a version with nothing to write then costs no statement of its own
    (a daily run in which nothing is new is one pass over the registry, not one per version),
    and one with a few talents to write records only those. A version never recorded yet
    (just published: everyone found is new) is recorded by its own statement, as on SQLite
    and for a run of one talent."""
    surveyed: dict[int, Surveyed] = {}
    share = 0.0
    marking = connection.vendor == "postgresql" and talent_id is None and bool(items)
    keys: dict[int, str] = {}
    skipped: dict[int, int] = {}
    if marking:
        at = marks.now()
        keys = _rule_keys(run, items, at.cluster)
        skipped = _still_marked(run, items, keys)
        items_left = [(b, v) for b, v in items if b.pk not in skipped]
        told = _versions_told(items_left) if items_left else set()
        known = [(b, v) for b, v in items_left if (b.pk, v.number) in told]
        if known:
            started = time.perf_counter()
            surveyed = survey(run, known)
            share = (time.perf_counter() - started) * 1000 / len(known)
    done: list[OutreachMark] = []
    for benefit, version in items:
        seen = surveyed.get(benefit.pk)
        if benefit.pk in skipped:
            result = VersionResult(
                benefit.code, version.number, skipped[benefit.pk], unchanged=True
            )
        elif seen is None:
            result = record_version(run, benefit, version, talent_id=talent_id)
        elif seen.write is None or seen.write:
            result = record_version(run, benefit, version, talent_ids=seen.write)
            if seen.write is not None:  # the statement looked at the listed talents only
                result.found = seen.found
            result.ms = round(result.ms + share, 1)
        else:
            result = VersionResult(benefit.code, version.number, seen.found, ms=round(share, 1))
        if benefit.pk in keys and benefit.pk not in skipped:
            done.append(_mark(run, benefit, version, keys[benefit.pk], at, result.found))
        yield result
    if marking:
        _save_marks(run, items, done)


def _rule_keys(
    run: OutreachRun, items: list[tuple[Benefit, BenefitVersion]], cluster: str
) -> dict[int, str]:
    """benefit id → its found query's key (`marks.rule_key`), for the versions a mark may
    skip: not 免申即享 (a run records an entitlement for every talent found, so the next
    run finds others), and reading only watched tables."""
    keys = {}
    for benefit, version in items:
        if benefit.no_application:
            continue
        rows = candidates(benefit, version, run.evaluated_on, county_id=run.county_id)
        key = marks.rule_key(*rows.query.sql_with_params(), cluster)
        if key is not None:
            keys[benefit.pk] = key
    return keys


def _still_marked(
    run: OutreachRun, items: list[tuple[Benefit, BenefitVersion]], keys: dict[int, str]
) -> dict[int, int]:
    """benefit id → found, for the versions marked with the same key and no change since:
    nothing is new for them (`rencai.policies.marks`)."""
    if not keys:
        return {}
    numbers = {benefit.pk: version.number for benefit, version in items}
    candidates_ = OutreachMark.objects.filter(
        kind=BENEFIT_KIND, scope=run.county_id or 0, subject_id__in=list(keys)
    )
    matching = [
        mark
        for mark in candidates_
        if numbers.get(mark.subject_id) == mark.subject_version
        and keys.get(mark.subject_id) == mark.rule_key
    ]
    valid = marks.unchanged(matching)
    return {mark.subject_id: mark.found for mark in matching if mark.pk in valid}


def _mark(run, benefit, version, key: str, at: marks.Now, found: int) -> OutreachMark:
    return OutreachMark(
        kind=BENEFIT_KIND,
        subject_id=benefit.pk,
        subject_version=version.number,
        scope=run.county_id or 0,
        rule_key=key,
        snapshot=at.snapshot,
        xid=at.xid,
        seq=at.seq,
        found=found,
        run_id=run.pk,
    )


# A mark older than this (by its run's date) is dropped: it would hold the change log back.
MARK_DAYS = 7


def _save_marks(
    run: OutreachRun, items: list[tuple[Benefit, BenefitVersion]], done: list[OutreachMark]
) -> None:
    """Write (or replace) the run's marks in one statement, drop the marks no run will read
    (other versions of the run's benefits; benefits no longer in force, after a run over all
    of them; marks older than MARK_DAYS), and forget the changes every mark left has seen."""
    if done:
        OutreachMark.objects.bulk_create(
            done,
            update_conflicts=True,
            unique_fields=["kind", "subject_id", "subject_version", "scope"],
            update_fields=["rule_key", "snapshot", "xid", "seq", "found", "run_id"],
        )
    numbers = {benefit.pk: version.number for benefit, version in items}
    mine = OutreachMark.objects.filter(kind=BENEFIT_KIND, scope=run.county_id or 0)
    stale = Q(subject_id__in=list(numbers)) & ~Q(
        reduce(operator.or_, (Q(subject_id=pk, subject_version=n) for pk, n in numbers.items()))
    )
    if run.benefit_id is None:
        stale |= ~Q(subject_id__in=list(numbers))
    mine.filter(stale).delete()
    old = OutreachRun.objects.filter(evaluated_on__lt=run.evaluated_on - timedelta(MARK_DAYS))
    OutreachMark.objects.filter(run_id__in=old.values("pk")).delete()
    marks.prune()


def _versions_told(items: list[tuple[Benefit, BenefitVersion]]) -> set[tuple[int, int]]:
    """(benefit id, version number) of the versions someone was told about: one look-up in
    the notice log's unique index per version, in one query."""
    notices = OutreachNotice.objects.filter(kind=BENEFIT_KIND).order_by()
    checks = {
        f"v{n}": Exists(notices.filter(subject_id=benefit.pk, subject_version=version.number))
        for n, (benefit, version) in enumerate(items)
    }
    row = Benefit.objects.filter(pk=items[0][0].pk).order_by().values(**checks).first() or {}
    return {
        (benefit.pk, version.number)
        for n, (benefit, version) in enumerate(items)
        if row.get(f"v{n}")
    }


def _state(run: OutreachRun, benefit: Benefit, version: BenefitVersion, *, told, new):
    """The talent's state for the version: NULL when not found (the rule not TRUE, or a
    holder of the benefit or its group), `told` when found and already told, `new` when found
    and not yet told. The rule is tested first (`_rule`), then `_found_state`."""
    return CaseExpr(
        When(_rule(run, version), then=_found_state(benefit, version, told=told, new=new)),
        default=Value(None),
        output_field=BigIntegerField(),
    )


def _rule(run: OutreachRun, version: BenefitVersion) -> Q:
    rule = parsed(version)[0]
    return rules_django.compile_rule(rule, CATALOGUE, on=run.evaluated_on).true_q


def _found_state(benefit: Benefit, version: BenefitVersion, *, told, new, held=None):
    """For a talent whose rule is TRUE: `held` (NULL) for a holder of the benefit or of its
    group, else `told` or `new`; each an `IN` over a subquery hashed once."""
    live = Entitlement.objects.live().order_by()
    holders = [live.filter(benefit_id=benefit.pk)]
    if benefit.exclusivity_group:
        holders.append(live.filter(exclusivity_group=benefit.exclusivity_group))
    notices = OutreachNotice.objects.filter(
        kind=BENEFIT_KIND, subject_id=benefit.pk, subject_version=version.number
    ).order_by()
    outcome = [When(pk__in=group.values("talent_id"), then=Value(held)) for group in holders]
    outcome.append(When(pk__in=notices.values("talent_id"), then=Value(told)))
    return CaseExpr(*outcome, default=Value(new), output_field=BigIntegerField())


# In the counting pass a found talent adds 1 to the version's sum, a new one 1 + 2³² (a
# holder 0): one aggregate per version, FILTERed by the rule as `count_versions` counts (the
# rule evaluated once per talent, the rest only for those it selects), summed in parallel;
# the sum holds both counts (found: the low 32 bits, new: the rest).
FOUND_ONE, NEW_ONE = 1, 1 + 2**32


def survey(run: OutreachRun, items: list[tuple[Benefit, BenefitVersion]]) -> dict[int, Surveyed]:
    """benefit id → what read-only passes over the run's talents find for its version.

    The first pass counts, for every version at once, the talents found and those not yet
    told (one sum per version, no grouping: PostgreSQL counts in parallel, as in
    `simulation.count_versions`). When some versions have talents to write (at most
    SURVEY_IDS each), a second pass over those versions lists them; a version with more gets
    `write = None` (its own statement then looks at everyone)."""
    found = {benefit.pk: Surveyed(write=[]) for benefit, _version in items}
    talents = Talent.objects.order_by()
    if run.county_id is not None:
        talents = talents.filter(county_id=run.county_id)
    sums = {
        f"v{n}": Sum(
            _found_state(benefit, version, told=FOUND_ONE, new=NEW_ONE, held=0),
            filter=_rule(run, version),
        )
        for n, (benefit, version) in enumerate(items)
    }
    with _survey_settings():
        totals = talents.aggregate(**sums)
    wanted = []
    for n, (benefit, version) in enumerate(items):
        seen = found[benefit.pk]
        total = int(totals[f"v{n}"] or 0)
        seen.found, seen.new = total % 2**32, total // 2**32
        to_write = seen.found if benefit.no_application else seen.new
        if to_write > SURVEY_IDS:
            seen.write = None
        elif to_write:
            wanted.append((benefit, version))
    if not wanted:
        return found
    states = {
        f"s{n}": _state(run, benefit, version, told=TOLD, new=NEW)
        for n, (benefit, version) in enumerate(wanted)
    }
    to_write = Q()
    for name, (benefit, _version) in zip(states, wanted, strict=True):
        to_write |= Q(**{f"{name}__isnull": False} if benefit.no_application else {name: NEW})
    rows = talents.annotate(**states).filter(to_write).values_list("pk", *states)
    with _survey_settings():
        listed = list(rows)
    for talent, *values in listed:
        for (benefit, _version), state in zip(wanted, values, strict=True):
            if state == NEW or (benefit.no_application and state is not None):
                found[benefit.pk].write.append(talent)  # type: ignore[union-attr]
    return found


@contextmanager
def _survey_settings():
    """work_mem for the hashed subqueries (SURVEY_WORK_MEM), and no JIT (it would compile
    the rules' expressions for longer than evaluating them takes), for the survey's
    statements only."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('work_mem'), current_setting('jit')")
        saved = cursor.fetchone()
        cursor.execute(
            "SELECT set_config('work_mem', %s, true), set_config('jit', 'off', true)",
            [SURVEY_WORK_MEM],
        )
        try:
            yield
        finally:
            cursor.execute(
                "SELECT set_config('work_mem', %s, true), set_config('jit', %s, true)", saved
            )


def subject_rows(
    run: OutreachRun, entry: OutreachSubject, subject, version: int, *, talent_id: int | None = None
) -> QuerySet:
    """The talents the subject's audience admits (in the run's county or for its talent),
    with a notice's values as named columns (o_*)."""
    talents = entry.talents(subject).order_by()
    if talent_id is not None:
        talents = talents.filter(pk=talent_id)
    if run.county_id is not None:
        talents = talents.filter(county_id=run.county_id)
    columns = notice_columns(run, entry.kind, subject.pk, version, entry.department(subject))
    return talents.annotate(**columns).values_list(*columns)


def record_subject(
    run: OutreachRun, entry: OutreachSubject, subject, *, talent_id: int | None = None
) -> VersionResult:
    """Tell the talents a subject's audience admits, once per version of the subject."""
    started = time.perf_counter()
    version = int(entry.version(subject))
    rows = subject_rows(run, entry, subject, version, talent_id=talent_id)
    result = VersionResult(benefit=f"{entry.kind}:{subject.pk}", version=version)
    result.found, result.notified, _recorded = record_found(
        rows, kind=entry.kind, subject_id=subject.pk, subject_version=version
    )
    result.ms = round((time.perf_counter() - started) * 1000, 1)
    return result


# --- telling people -------------------------------------------------------------------------


def _split(template: str) -> tuple[str, str]:
    """A translated sentence around %(names)s, as the text before and after it."""
    before, _sep, after = template.partition("%(names)s")
    return before, after


def _benefits_of(run: OutreachRun) -> list[tuple[int, str, bool]]:
    """(id, name, no_application) of the benefits the run told someone about."""
    told = OutreachNotice.objects.filter(run=run, kind=BENEFIT_KIND).order_by()
    ids = told.values("subject_id").distinct()
    benefits = Benefit.objects.filter(pk__in=ids).order_by("pk")
    return list(benefits.values_list("pk", "name", "no_application"))


def run_messages(run: OutreachRun) -> QuerySet:
    """One row per talent and kind told about benefits in `run`: names of the benefits.

    The notice log has no join to benefits (its subject is an id): the run's few benefits
    are read first and their names and kinds written as CASE expressions over the id."""
    benefits = _benefits_of(run)
    name = CaseExpr(
        *[When(subject_id=pk, then=Value(title)) for pk, title, _na in benefits],
        default=Value(""),
        output_field=TextField(),
    )
    no_application = CaseExpr(
        *[When(subject_id=pk, then=Value(True)) for pk, _title, na in benefits if na],
        default=Value(False),
        output_field=BooleanField(),
    )
    delimiter = pgettext("list separator", ", ")
    names = StringAgg(name, delimiter=Value(delimiter))
    if connection.features.supports_aggregate_order_by_clause:
        names = StringAgg(name, delimiter=Value(delimiter), order_by=name)
    return (
        OutreachNotice.objects.filter(run=run, kind=BENEFIT_KIND)
        .order_by()
        .annotate(no_application=no_application)
        .values(
            "talent_id",
            "talent__user_id",
            "talent__mobile",
            "talent__user__email",
            "no_application",
        )
        .annotate(names=names)
    )


def message_texts() -> dict[bool, tuple[str, tuple[str, str]]]:
    """no_application → (title, body split around the benefit names)."""
    return {
        False: (
            _("Benefits you may qualify for"),
            _split(
                _("You may qualify for: %(names)s. Your policy pack shows why and how to apply.")
            ),
        ),
        True: (
            _("Benefits recorded for you, no application needed"),
            _split(
                _(
                    "Recorded for you without application (免申即享): %(names)s. "
                    "The service desk will contact you."
                )
            ),
        ),
    }


def channels() -> list[str]:
    """The channels beside in-app that outreach uses ("sms", "email"), from settings."""
    extra = list(getattr(settings, "NOTIFICATION_CHANNELS", ["sms"]))
    return [name for name in ("sms", "email") if name in extra]


def notify_run(run: OutreachRun) -> int:
    """In-app notifications for the run's new notices, through the outbox: the in-app
    messages first (`record_in_app_messages`: one INSERT … SELECT, one per talent and kind,
    listing the benefits, already sent), then a notification from each of those rows (one
    INSERT … SELECT, no second pass over the notices). Returns how many were created."""
    record_in_app_messages(run)
    return _notify_from_messages(run, RUN_KINDS)


def _notify_from_messages(run: OutreachRun, kinds: list[str]) -> int:
    """One notification per in-app outbox row of the run, addressed to the talent's record
    (the row's recipient, "talents.talent:<pk>"; attached to their account on claim)."""
    from rencai.core.models import Message

    rows = (
        Message.objects.filter(
            kind__in=kinds, subject_type=RUN_SUBJECT, subject_id=str(run.pk), channel="in_app"
        )
        .order_by()
        .values_list(
            F("user_id"),
            Value(TALENT_SUBJECT, output_field=CharField()),
            Substr("recipient", len(TALENT_SUBJECT) + 2, output_field=CharField()),
            "title",
            "body",
            "link",
            _delivered("user__email"),
            "created_at",
        )
    )
    return _insert_notifications(rows)


def _delivered(email: str = "talent__user__email"):
    """The channels a notification records: in-app, SMS where configured, e-mail where the
    talent's account has an address (`email`: its path from the rows)."""
    base = ["in_app"] + (["sms"] if "sms" in channels() else [])
    if "email" not in channels():
        return Value(base, output_field=JSONField())
    return CaseExpr(
        When(**{f"{email}__gt": ""}, then=Value([*base, "email"], JSONField())),
        default=Value(base, output_field=JSONField()),
        output_field=JSONField(),
    )


NOTIFICATION_COLUMNS = ["recipient", "subject_type", "subject_id", "title", "body", "link"]
NOTIFICATION_COLUMNS += ["channels", "created_at"]


def _insert_notifications(rows: QuerySet) -> int:
    """INSERT INTO notifications (NOTIFICATION_COLUMNS) <rows' SELECT>: identifiers only."""
    quote = connection.ops.quote_name
    targets = ", ".join(
        quote(Notification._meta.get_field(name).column) for name in NOTIFICATION_COLUMNS
    )
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {_table(Notification)} ({targets}) {sql}", params)  # noqa: S608
        return cursor.rowcount


def subject_notices(run: OutreachRun) -> QuerySet:
    """The notices a subject run wrote (one subject, one version)."""
    return OutreachNotice.objects.filter(
        run=run, kind=run.subject_kind, subject_id=run.subject_id
    ).order_by()


def notify_subject(run: OutreachRun, entry: OutreachSubject, subject) -> int:
    """One in-app notification per talent the subject run told, with the subject's message
    and link, through the outbox as `notify_run`."""
    record_subject_in_app_messages(run, entry, subject)
    return _notify_from_messages(run, [SUBJECT_KIND])


def message_for(row: dict) -> str:
    """The SMS / e-mail text for one row of `run_messages` (same words as in-app)."""
    title, (before, after) = message_texts()[bool(row["no_application"])]
    return f"{title}: {before}{row['names']}{after}"


# --- the outbox: SMS and e-mail, queued with the run ----------------------------------------

RUN_SUBJECT = "policies.outreachrun"
MESSAGE_COLUMNS = ["kind", "subject_type", "subject_id", "recipient", "slot", "channel", "user"]
MESSAGE_COLUMNS += ["address", "title", "body", "link", "state", "attempts", "last_error"]
MESSAGE_COLUMNS += ["next_attempt_at", "sent_at", "created_at"]
ADDRESSES = {"sms": "talent__mobile", "email": "talent__user__email"}


def _message_values(
    run: OutreachRun, channel: str, kind, title, body, link: str
) -> list:  # the MESSAGE_COLUMNS of one channel's messages, as expressions
    now = Value(clock.now(), output_field=DateTimeField())
    sent = channel == "in_app"  # written with its notification, in the run's transaction
    return [
        kind,
        Value(RUN_SUBJECT, output_field=CharField()),
        Value(str(run.pk), output_field=CharField()),
        Concat(
            Value(f"{TALENT_SUBJECT}:"), Cast("talent_id", CharField()), output_field=CharField()
        ),
        Value(run.evaluated_on.isoformat(), output_field=CharField()),
        Value(channel, output_field=CharField()),
        F("talent__user_id"),
        Value("", output_field=CharField()) if sent else F(ADDRESSES[channel]),
        title,
        body,
        Value(link, output_field=CharField()),
        Value("sent" if sent else "queued", output_field=CharField()),
        Value(1 if sent else 0, output_field=IntegerField()),
        Value("", output_field=TextField()),
        now,
        now if sent else Value(None, output_field=DateTimeField()),
        now,
    ]


def _words_by_kind(texts):
    """`by_kind(pick)`: an SQL expression choosing, per notice, the words `pick` takes from
    `message_texts()`: the "recorded for you, no application needed" message where the
    notice's benefit needs no application, else the "you may qualify" one."""

    def by_kind(pick):
        return CaseExpr(
            When(no_application=True, then=Value(pick(texts[True]))),
            default=Value(pick(texts[False])),
            output_field=TextField(),
        )

    return by_kind


def queue_run_messages(run: OutreachRun) -> int:
    """Queue the run's SMS and e-mail in the outbox (`core.Message`), in the run's transaction:
    one INSERT … SELECT per channel over the run's new notices, the same words as in-app. A
    message's id is (kind, the run, the talent, the run's date, the channel). Returns how many."""
    by_kind = _words_by_kind(message_texts())

    kind = _run_kind()
    title = by_kind(lambda text: text[0])
    text = Concat(
        title,
        Value(": "),
        by_kind(lambda text: text[1][0]),
        "names",
        by_kind(lambda text: text[1][1]),
        output_field=TextField(),
    )
    link = reverse("policies:pack-mine")
    queued = 0
    for channel in channels():
        rows = run_messages(run).filter(**{f"{ADDRESSES[channel]}__gt": ""})
        values = _message_values(run, channel, kind, title, text, link)
        queued += _insert_messages(rows.values_list(*values))
    return queued


def record_in_app_messages(run: OutreachRun) -> int:
    """The outbox rows of the run's in-app notifications (`notify_run`), written with them in
    the run's transaction and already sent: one per talent and kind, id (kind, the run, the
    talent, the run's date, "in_app") like the run's SMS. Returns how many."""
    by_kind = _words_by_kind(message_texts())

    body = Concat(
        by_kind(lambda text: text[1][0]),
        "names",
        by_kind(lambda text: text[1][1]),
        output_field=TextField(),
    )
    values = _message_values(
        run, "in_app", _run_kind(), by_kind(lambda text: text[0]), body,
        reverse("policies:pack-mine"),
    )  # fmt: skip
    return _insert_messages(run_messages(run).values_list(*values))


def record_subject_in_app_messages(run: OutreachRun, entry: OutreachSubject, subject) -> int:
    """A subject run's in-app outbox rows (`notify_subject`), as above."""
    title, body = entry.message(subject)
    values = _message_values(
        run,
        "in_app",
        Value(SUBJECT_KIND, output_field=CharField()),
        Value(str(title)[:200], output_field=CharField()),
        Value(str(body), output_field=TextField()),
        str(entry.url(subject))[:300],
    )
    return _insert_messages(subject_notices(run).values_list(*values))


RUN_KINDS = ["policies.outreach.apply", "policies.outreach.recorded"]
SUBJECT_KIND = "policies.outreach.subject"


def _run_kind():
    return CaseExpr(
        When(no_application=True, then=Value(RUN_KINDS[1])),
        default=Value(RUN_KINDS[0]),
        output_field=CharField(),
    )


def queue_subject_messages(run: OutreachRun, entry: OutreachSubject, subject) -> int:
    """A subject run's SMS and e-mail in the outbox, in the run's transaction (as above)."""
    title, body = entry.message(subject)
    text = f"{title}: {body}"
    queued = 0
    for channel in channels():
        rows = subject_notices(run).filter(**{f"{ADDRESSES[channel]}__gt": ""})
        values = _message_values(
            run,
            channel,
            Value(SUBJECT_KIND, output_field=CharField()),
            Value(str(title)[:200], output_field=CharField()),
            Value(text, output_field=TextField()),
            str(entry.url(subject))[:300],
        )
        queued += _insert_messages(rows.values_list(*values))
    return queued


def _insert_messages(rows: QuerySet) -> int:
    """INSERT INTO messages (MESSAGE_COLUMNS) <rows' SELECT>, skipping a message already there."""
    from rencai.core.models import Message

    quote = connection.ops.quote_name
    targets = ", ".join(quote(Message._meta.get_field(name).column) for name in MESSAGE_COLUMNS)
    sql, params = rows.query.sql_with_params()
    verb = "INSERT OR IGNORE INTO" if connection.vendor == "sqlite" else "INSERT INTO"
    with connection.cursor() as cursor:
        cursor.execute(
            f"{verb} {_table(Message)} ({targets}) {sql}{_on_conflict()}",  # noqa: S608
            params,
        )
        return cursor.rowcount
