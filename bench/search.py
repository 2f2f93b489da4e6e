"""Finding talents by name, beside looking one up by id, in the same run on the same database.

    scripts/with-postgres.sh bash -c '.venv/bin/python manage.py migrate -v0 &&
        .venv/bin/python manage.py load_demo --talents 1000000 --no-progress &&
        .venv/bin/python bench/search.py'

Times what the registry list does for a name filter — the actor's scope, the name, the
page's ordering and its tags, the capped count (`core.pagination.CappedPaginator`: at most
1,001 rows) and the first page of PAGE_SIZE rows — for queries drawn from the registry's own
names: one character (a surname), two, three, the full pinyin and the initials. Beside it, in
the same run: the same page without a name filter ("browse") and `get_talent_for_actor` by id
(the faster way the issue compares with), and the old `name__contains` filter (before).
`--full-count N` also times N queries of each kind the way this bench did until 2026-12-07
22:30 UTC (Django's paginator counting every match, no tags), for comparison with the older
figures of docs/performance.md. `--one-query N` times N queries of each kind, in turn with the
page's, the way the page read them until 2026-12-08 (the page's rows in one query with their
related rows joined, the planner's default costs: `first_page`). Prints p50 / p95 and the
ratio of each p95 to the lookup's p95.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("DEBUG", "false")

import django  # noqa: E402

django.setup()

from django.core.paginator import Paginator  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from rencai.core.choices import Role  # noqa: E402
from rencai.core.models import User  # noqa: E402
from rencai.core.pagination import CappedPaginator  # noqa: E402
from rencai.talents.models import Talent  # noqa: E402
from rencai.talents.search import full_pinyin, is_han, planned_as_in_memory  # noqa: E402
from rencai.talents.selectors import (  # noqa: E402
    FEW_ROWS_ORDER,
    TalentFilters,
    get_talent_for_actor,
    registry_page,
    search_talents,
)
from rencai.talents.views.registry import PAGE_SIZE  # noqa: E402


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def timed(fn: Callable[[], object], runs: int = 1) -> float:
    started = time.perf_counter()
    for _ in range(runs):
        fn()
    return (time.perf_counter() - started) * 1000 / runs


def list_page(actor, filters: TalentFilters) -> int:
    """What the list page reads (`talents.views.registry.talent_list`, `registry_page`): the
    capped count, then the first page's rows with their tags."""
    return len(registry_page(actor, filters, 1, per_page=PAGE_SIZE)[1])


def first_page(qs) -> int:
    """The list page's reads for any queryset (the old `name contains` filter)."""
    talents = qs.prefetch_related("tags")
    page = CappedPaginator(talents, PAGE_SIZE, few_rows_order=FEW_ROWS_ORDER).get_page(1)
    return len(list(page.object_list))


def first_page_full_count(qs) -> int:
    """What this bench timed until 2026-12-07: every match counted, the rows without tags."""
    page = Paginator(qs, PAGE_SIZE).get_page(1)
    return len(list(page.object_list))


def page_way(actor, text: str) -> int:
    return list_page(actor, TalentFilters(name=text))


def one_query_way(actor, text: str) -> int:
    return first_page(search_talents(actor, TalentFilters(name=text)))


def old_way(actor, text: str) -> int:
    return first_page_full_count(search_talents(actor, TalentFilters(name=text)))


def queries(names: list[str], count: int, rng: random.Random) -> dict[str, list[str]]:
    """Queries a clerk types, drawn from the registry's names."""
    han = [n for n in names if is_han(n) and len(n) >= 2]
    three = [n for n in han if len(n) >= 3] or han
    pick = lambda pool: [rng.choice(pool) for _ in range(count)]  # noqa: E731
    pinyin = [sorted(full_pinyin(n))[0] for n in pick(han)]
    return {
        "1 character": [n[0] for n in pick(han)],
        "2 characters": [n[:2] for n in pick(han)],
        "3 characters": [n[:3] for n in pick(three)],
        "pinyin": pinyin,
        "initials": [_initials(n) for n in pick(han)],
    }


def _initials(name: str) -> str:
    from pypinyin import Style, lazy_pinyin

    return "".join(s[0] for s in lazy_pinyin(name, style=Style.NORMAL) if s)


def explain(actor, filters: TalentFilters, label: str) -> None:
    """The plans of the queries the page makes (the capped count, the first page, its tags),
    as they ran: with the planner settings the page reads under."""
    with CaptureQueriesContext(connection) as ran:
        list_page(actor, filters)
    analyze = "(ANALYZE, BUFFERS)" if connection.vendor == "postgresql" else "QUERY PLAN"
    in_memory = False  # between the page's setting and its putting back (or the COMMIT)
    for query in ran.captured_queries:
        sql = query["sql"]
        if "set_config('random_page_cost'" in sql:
            in_memory = not in_memory
            continue
        if sql in ("BEGIN", "COMMIT") or "SAVEPOINT" in sql:
            in_memory = in_memory and sql == "BEGIN"
            continue
        with planned_as_in_memory(active=in_memory), connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN {analyze} {sql}")
            plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
        cost = " (random_page_cost 1.1)" if in_memory else ""
        print(f"-- {label} ({query['time']} s){cost}:\n{sql}\n{plan}\n")


def actor_with(role: str) -> User:
    user = User.objects.filter(role_assignments__role=role, is_active=True).first()
    if user is None:
        raise SystemExit(f"no active user with the role {role}: load the demo first")
    return user


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=50, help="Queries of each kind.")
    parser.add_argument(
        "--before", type=int, default=10, help="Queries of each kind timed the old way (scans)."
    )
    parser.add_argument(
        "--full-count",
        type=int,
        default=0,
        help="Queries of each kind also timed the old way (every match counted, no tags).",
    )
    parser.add_argument(
        "--one-query",
        type=int,
        default=0,
        help="Queries of each kind also timed as the page read them until 2026-12-08.",
    )
    parser.add_argument(
        "--explain", action="store_true", help="Print the plans of the slowest query of each kind."
    )
    args = parser.parse_args(argv)
    rng = random.Random(2026)
    ids = list(Talent.objects.values_list("pk", flat=True))
    sample_ids = rng.sample(ids, min(len(ids), 2000))
    names = list(Talent.objects.filter(pk__in=sample_ids).values_list("name", flat=True))
    actor = actor_with(Role.TASK_FORCE)
    print(f"{connection.vendor}; {len(ids):,} talents; actor: task force (the whole city)")

    def lookup(pk: int) -> None:
        get_talent_for_actor(actor, pk)

    for pk in sample_ids[:20]:  # warm-up: connection, pinyin dictionary, plans
        lookup(pk)
        list_page(actor, TalentFilters(name="张"))
    lookups = [timed(lambda pk=pk: lookup(pk)) for pk in rng.sample(sample_ids, args.queries)]
    base = percentile(lookups, 95)
    rows = [("lookup by id (the faster way)", lookups)]
    browse = [timed(lambda: list_page(actor, TalentFilters())) for _ in range(10)]
    rows.append(("registry list, no filter", browse))
    if args.full_count:
        browse = [
            timed(lambda: first_page_full_count(search_talents(actor, TalentFilters())))
            for _ in range(min(10, args.full_count))
        ]
        rows.append(("  old bench (full count): no filter", browse))
    if args.one_query:
        browse = [
            timed(lambda: first_page(search_talents(actor, TalentFilters())))
            for _ in range(min(10, args.one_query))
        ]
        rows.append(("  one query (until 2026-12-08): no filter", browse))
    ratios: dict[str, float] = {}
    for kind, texts in queries(names, args.queries, rng).items():
        times: list[float] = []
        others = [
            ("  old bench (full count)", old_way, args.full_count, []),
            ("  one query (until 2026-12-08)", one_query_way, args.one_query, []),
        ]
        for i, t in enumerate(texts):
            # The other ways' queries in turn first and second: none warms another's cache.
            if i % 2:
                for _, way, n, other_times in others:
                    if i < n:
                        other_times.append(timed(lambda t=t, way=way: way(actor, t)))
            times.append(timed(lambda t=t: page_way(actor, t)))
            if not i % 2:
                for _, way, n, other_times in others:
                    if i < n:
                        other_times.append(timed(lambda t=t, way=way: way(actor, t)))
        rows.append((f"name: {kind}", times))
        ratios[kind] = percentile(times, 95) / base
        if args.explain:
            slowest = texts[max(range(len(texts)), key=times.__getitem__)]
            explain(actor, TalentFilters(name=slowest), f"{kind} ({slowest})")
        for label, _, _, other_times in others:
            if other_times:
                rows.append((f"{label}: {kind}", other_times))
        if args.before and is_han(texts[0]):
            old = Talent.objects.for_actor(actor).with_related().order_by("-id")
            before = [
                timed(lambda t=t, old=old: first_page(old.filter(name__contains=t)))
                for t in texts[: args.before]
            ]
            rows.append((f"  before (name contains): {kind}", before))
    print(f"{'what':<44} {'p50':>9} {'p95':>9} {'p95 / lookup':>13}")
    for label, times in rows:
        p95 = percentile(times, 95)
        print(f"{label:<44} {percentile(times, 50):7.2f}ms {p95:7.2f}ms {p95 / base:12.2f}×")
    return ratios


if __name__ == "__main__":
    main()
