# ruff: noqa: S608 -- the SQL here is built from this module's constant names; values are parameters
"""The registry's stocks, pre-aggregated (docs/decisions/0011-registry-stocks.md).

`talents.in_registry` counts the talents standing on a day — registered on or before it, not
departed by then — by county, tier, degree, tag or year of arrival. Counted live, that is half
a million rows at a million talents, for each chart. `StockDelta` keeps the same count as
signed rows (dimension, value, county, day registered, day departed, n) that PostgreSQL's
triggers append on every write to the talents and their tags, whatever makes it (a service,
an import, the admin, the demo's COPY, a raw UPDATE): one grouped INSERT per statement, from
its transition tables. A stock on a day is then one small SUM:

    SUM(n) WHERE dimension = … AND registered_on <= day
                 AND (departed_on IS NULL OR departed_on > day) [AND county_id IN …]
    GROUP BY value

— read, so that it stays a few thousand rows whatever the registry's size, as the months
before the day's month at a month grain and the day's own month at the day grain (every row
is written at both: `StockGrain`).

- `compact()` (the nightly job `talents.stocks_compact`) folds each group of several rows
  into one and drops the groups that sum to zero, in one statement: readers see the old rows
  or the new ones, never half; rows appended meanwhile are not touched.
- `rebuild()` recomputes the table from the registry (`manage.py rebuild_registry_stocks`):
  the first fill (migration 0010) and the repair path. It also (re)installs the triggers, so
  they follow a change of `settings.TIME_ZONE`.
- `standing()` answers a dimension on a day; `talents.figures` offers it to `core.figures` as
  the figure's `fast_stock`, only where it is exactly the live count (`visibility.
  visible_counties`). SQLite keeps counting live: no triggers there.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.db import connections, transaction

from .choices import StockDimension
from .models import StockDelta

TABLE = "talents_stockdelta"
COLUMNS = "grain, dimension, value, county_id, registered_on, departed_on, n"
GROUP = "grain, dimension, value, county_id, registered_on, departed_on"
DIMENSIONS = frozenset(StockDimension.values)


def _local_day(alias: str) -> str:
    """`created_at`'s day in the configured time zone (the day `records_for` compares)."""
    zone = settings.TIME_ZONE
    if zone not in zoneinfo.available_timezones():  # it goes into SQL as a literal
        raise ValueError(f"unknown TIME_ZONE {zone!r}")
    return f"({alias}.created_at AT TIME ZONE '{zone}')::date"


def _talent_rows(source: str, sign: str, alias: str = "t") -> str:
    """The stock rows of the talents in `source` (a table or transition table of talent rows),
    each signed `sign`: one per dimension, and one per tag the talent has now."""
    day = _local_day(alias)
    return f"""
        SELECT d.dimension, d.value, {alias}.county_id, {day} AS registered_on,
               {alias}.departed_on, {sign} AS n
        FROM {source} {alias}
        CROSS JOIN LATERAL (VALUES
            ('total', NULL::integer), ('tier', {alias}.tier_id), ('degree', {alias}.degree_id),
            ('arrival_year', EXTRACT(YEAR FROM {alias}.arrival_date)::integer)
        ) AS d(dimension, value)
        UNION ALL
        SELECT 'tag', l.tag_id, {alias}.county_id, {day}, {alias}.departed_on, {sign}
        FROM {source} {alias} JOIN talents_talent_tags l ON l.talent_id = {alias}.id
        UNION ALL
        SELECT 'tag', NULL, {alias}.county_id, {day}, {alias}.departed_on, {sign}
        FROM {source} {alias}
        WHERE NOT EXISTS (SELECT 1 FROM talents_talent_tags l WHERE l.talent_id = {alias}.id)"""


def _link_rows(source: str, sign: str) -> str:
    """The tag rows of the links in `source` whose talent exists (a talent deleted first took
    its tags' rows with it; one inserted after its links adds them itself)."""
    return f"""
        SELECT 'tag', l.tag_id, t.county_id, {_local_day("t")}, t.departed_on, {sign}
        FROM {source} l JOIN talents_talent t ON t.id = l.talent_id"""


def _untagged_rows(new: str | None, old: str | None) -> str:
    """The "no tag" group (the live count's NULL tag) of the talents whose links changed: a
    talent leaves it with their first tag and joins it without their last. Before the
    statement a talent had its links now, less those inserted, plus those deleted."""
    changes = " UNION ALL ".join(
        part
        for part in (
            new and f"SELECT talent_id, 1 AS k FROM {new}",
            old and f"SELECT talent_id, -1 AS k FROM {old}",
        )
        if part
    )
    return f"""
        SELECT 'tag', NULL::integer, t.county_id, {_local_day("t")}, t.departed_on,
               CASE WHEN a.now = 0 THEN 1 ELSE -1 END
        FROM (SELECT x.talent_id, SUM(x.k) AS delta FROM ({changes}) x GROUP BY x.talent_id) d
        CROSS JOIN LATERAL (
            SELECT count(*) AS now FROM talents_talent_tags l WHERE l.talent_id = d.talent_id
        ) a
        JOIN talents_talent t ON t.id = d.talent_id
        WHERE (a.now = 0) <> (a.now - d.delta = 0)"""


def _append(rows: str) -> str:
    """Append `rows` grouped, at the day grain and at the month grain, leaving out the groups
    that cancel (an edit of nothing counted)."""
    return f"""
        INSERT INTO {TABLE} ({COLUMNS})
        SELECT g.grain, r.dimension, r.value, r.county_id,
               CASE WHEN g.grain = 'day' THEN r.registered_on
                    ELSE date_trunc('month', r.registered_on)::date END AS registered_on,
               CASE WHEN g.grain = 'day' THEN r.departed_on
                    ELSE date_trunc('month', r.departed_on)::date END AS departed_on,
               SUM(r.n)
        FROM ({rows}) AS r(dimension, value, county_id, registered_on, departed_on, n)
        CROSS JOIN (VALUES ('day'), ('month')) AS g(grain)
        GROUP BY 1, 2, 3, 4, 5, 6  -- the output's dates (by name: the input's)
        HAVING SUM(r.n) <> 0"""


COUNTED = ("county_id", "created_at", "departed_on", "tier_id", "degree_id", "arrival_date")


def _trigger_bodies() -> dict[str, tuple[str, str, str]]:
    """name → (table, "event | its transition tables", the statement to run)."""
    changed = " OR ".join(f"o.{c} IS DISTINCT FROM n.{c}" for c in COUNTED)
    moved = f"(SELECT o.* FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE {changed})"
    now = f"(SELECT n.* FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE {changed})"
    return {
        "talents_stock_talent_insert": (
            "talents_talent",
            "INSERT | REFERENCING NEW TABLE AS new_rows",
            _append(_talent_rows("new_rows", "1")),
        ),
        "talents_stock_talent_delete": (
            "talents_talent",
            "DELETE | REFERENCING OLD TABLE AS old_rows",
            _append(_talent_rows("old_rows", "-1")),
        ),
        "talents_stock_talent_update": (
            "talents_talent",
            "UPDATE | REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
            _append(_talent_rows(moved, "-1", "o_") + " UNION ALL " + _talent_rows(now, "1", "n_")),
        ),
        "talents_stock_tag_insert": (
            "talents_talent_tags",
            "INSERT | REFERENCING NEW TABLE AS new_rows",
            _append(_link_rows("new_rows", "1") + " UNION ALL " + _untagged_rows("new_rows", None)),
        ),
        "talents_stock_tag_delete": (
            "talents_talent_tags",
            "DELETE | REFERENCING OLD TABLE AS old_rows",
            _append(
                _link_rows("old_rows", "-1") + " UNION ALL " + _untagged_rows(None, "old_rows")
            ),
        ),
        "talents_stock_tag_update": (
            "talents_talent_tags",
            "UPDATE | REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
            _append(
                _link_rows("old_rows", "-1")
                + " UNION ALL "
                + _link_rows("new_rows", "1")
                + " UNION ALL "
                + _untagged_rows("new_rows", "old_rows")
            ),
        ),
    }


def install_triggers(using: str = "default") -> None:
    """(Re)create the statement triggers that keep `StockDelta` (PostgreSQL only)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for name, (table, event, body) in _trigger_bodies().items():
            cursor.execute(
                f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN {body}; RETURN NULL; END $$"
            )
            cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            verb, referencing = event.split(" | ")
            cursor.execute(
                f"CREATE TRIGGER {name} AFTER {verb} ON {table} {referencing} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
            )


def drop_triggers(using: str = "default") -> None:
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for name, (table, _event, _body) in _trigger_bodies().items():
            cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            cursor.execute(f"DROP FUNCTION IF EXISTS {name}()")


def rebuild(using: str = "default") -> int:
    """Recompute the table from the registry, one row per group; return the rows written.
    Writers to the talents and their tags wait meanwhile (SHARE locks); readers do not."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return 0
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("LOCK TABLE talents_talent, talents_talent_tags IN SHARE MODE")
        install_triggers(using)
        cursor.execute(f"DELETE FROM {TABLE}")
        cursor.execute(_append(_talent_rows("talents_talent", "1")))
        return cursor.rowcount


def compact(using: str = "default") -> dict[str, int]:
    """Fold the groups that have more than one row into one (or none, when they sum to
    zero); the groups already folded are left alone, so a night rewrites only the day's
    changes, not the table."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return {"rows": 0, "folded": 0}
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute(
            f"WITH d AS (SELECT unnest(array_agg(id)) AS id FROM {TABLE} "
            f"GROUP BY {GROUP} HAVING count(*) > 1), "
            f"gone AS (DELETE FROM {TABLE} t USING d WHERE t.id = d.id RETURNING t.*) "
            f"INSERT INTO {TABLE} ({COLUMNS}) "
            f"SELECT {GROUP}, SUM(n) FROM gone GROUP BY {GROUP} HAVING SUM(n) <> 0"
        )
        folded = cursor.rowcount
        cursor.execute(f"SELECT count(*) FROM {TABLE}")  # the rows appended meanwhile too
        return {"rows": cursor.fetchone()[0], "folded": folded}


# A day's stock in three parts, each read by an index (`StockDelta.Meta.indexes`): who
# registered before the day's month and had not left by its start or left after it (month
# grain); who registered in the month up to the day and had not left by it (day grain); who
# registered before the month and leaves within it, after the day (day grain).
STANDING = f"""
    SELECT {{key}}, n FROM {TABLE}
    WHERE grain = 'month' AND dimension = %(dimension)s {{counties}}
      AND registered_on < %(month)s AND (departed_on IS NULL OR departed_on > %(month)s)
    UNION ALL
    SELECT {{key}}, n FROM {TABLE}
    WHERE grain = 'day' AND dimension = %(dimension)s {{counties}}
      AND registered_on >= %(month)s AND registered_on <= %(day)s
      AND (departed_on IS NULL OR departed_on > %(day)s)
    UNION ALL
    SELECT {{key}}, n FROM {TABLE}
    WHERE grain = 'day' AND dimension = %(dimension)s {{counties}} AND departed_on IS NOT NULL
      AND departed_on > %(day)s AND departed_on < %(next_month)s
      AND registered_on < %(month)s
"""


def standing(
    dimension: str, day: date, counties: Iterable[int] | None = None, *, by: str = "value"
) -> dict[int | None, int]:
    """The talents standing on `day` by the dimension's value (`by="county"`: by county; the
    total's value is None), in the counties given (None: the whole city). Groups of no one are
    left out. Read where the router sends reads (the dashboard's replica)."""
    if dimension not in DIMENSIONS or by not in ("value", "county"):
        raise ValueError(f"no stock {dimension!r} by {by!r}")
    month = day.replace(day=1)
    params = {
        "dimension": dimension,
        "day": day,
        "month": month,
        "next_month": (month + timedelta(days=32)).replace(day=1),
        "counties": sorted(counties) if counties is not None else None,
    }
    parts = STANDING.format(
        key="county_id" if by == "county" else "value",
        counties="" if counties is None else "AND county_id = ANY(%(counties)s)",
    )
    sql = f"SELECT key, SUM(n) FROM ({parts}) AS parts(key, n) GROUP BY key"
    with connections[reads_from()].cursor() as cursor:
        cursor.execute(sql, params)
        return {key: int(total) for key, total in cursor.fetchall() if total}


def answers_on(using: str) -> bool:
    """Whether the table is kept on this database (PostgreSQL's triggers)."""
    return connections[using].vendor == "postgresql"


def reads_from() -> str:
    return StockDelta.objects.all().db
