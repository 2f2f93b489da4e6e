"""High-water marks of outreach (PostgreSQL): skip a version when nothing it reads changed.

A daily run over the registry evaluates every version's rule even when nothing is new. A
version whose found query is the same as when it was last recorded (the same SQL and
parameters: a rule reading the date — ages, years, cards valid on the day — has new
parameters every day) and whose tables saw no change since, finds the same talents, and they
were all told then: nothing is new, and no pass is needed.

"No change since" is read from a change log kept by statement triggers on every table a
found query may read (`WATCHED`: the registry, its sets and catalogues, entitlements and
benefits) and on the notice log's DELETE and TRUNCATE (a deleted notice makes a talent new
again; an inserted one never does). Each writing transaction leaves one row (its id, and the
sequence number of its last such statement). A mark keeps the snapshot taken when its run
began evaluating: a change by a transaction not visible in that snapshot (committed later, or
still running then) or by the run itself after it (the sequence) means the version must be
evaluated again. A found query reading a table not watched is never skipped.

docs/decisions/0008-outreach-notice-log.md ("High-water marks") says what it gives up.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db import connection, connections

CHANGES = "policies_outreachchange"
SEQUENCE = "policies_outreachchange_seq"
FUNCTION = "policies_outreach_changed"
WATCHED = (
    "talents_talent",
    "talents_talent_tags",
    "talents_tag",
    "talents_familymember",
    "talents_talentcard",
    "talents_degree",
    "talents_tier",
    "talents_title",
    "core_division",
    "policies_entitlement",
    "policies_benefit",
)
NOTICES = "policies_outreachnotice"  # DELETE and TRUNCATE only


def _triggers() -> list[tuple[str, str, str]]:
    """(trigger name, table, events)."""
    found = [
        (f"{table}_outreach_changed", table, "INSERT OR UPDATE OR DELETE") for table in WATCHED
    ]
    found += [(f"{table}_outreach_truncated", table, "TRUNCATE") for table in WATCHED]
    found.append((f"{NOTICES}_outreach_changed", NOTICES, "DELETE"))
    found.append((f"{NOTICES}_outreach_truncated", NOTICES, "TRUNCATE"))
    return found


def install(using: str = "default") -> None:
    """Create the change log and (re)create its triggers (PostgreSQL only)."""
    db = connections[using]
    if db.vendor != "postgresql":
        return
    with db.cursor() as cursor:
        cursor.execute(f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE}")
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {CHANGES} (xid xid8 PRIMARY KEY, seq bigint NOT NULL,"
            " at timestamptz NOT NULL)"
        )
        cursor.execute(
            f"CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "  # noqa: S608
            f"BEGIN INSERT INTO {CHANGES} (xid, seq, at) "
            f"VALUES (pg_current_xact_id(), nextval('{SEQUENCE}'), clock_timestamp()) "
            "ON CONFLICT (xid) DO UPDATE SET seq = EXCLUDED.seq, at = EXCLUDED.at; "
            "RETURN NULL; END $$"
        )
        for name, table, events in _triggers():
            cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            cursor.execute(
                f"CREATE TRIGGER {name} AFTER {events} ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
            )


def drop(using: str = "default") -> None:
    db = connections[using]
    if db.vendor != "postgresql":
        return
    with db.cursor() as cursor:
        for name, table, _events in _triggers():
            cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        cursor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
        cursor.execute(f"DROP TABLE IF EXISTS {CHANGES}")
        cursor.execute(f"DROP SEQUENCE IF EXISTS {SEQUENCE}")


@dataclass(frozen=True)
class Now:
    """Where a run stands in the change log when it begins evaluating."""

    snapshot: str
    xid: str
    seq: int
    # The cluster's identity (`initdb`'s system identifier). Transaction ids are the cluster's:
    # a database restored into another cluster (pg_dump/pg_restore) counts them from elsewhere,
    # and a mark's snapshot read against them would call later changes old. The identity is
    # part of each mark's key, so a mark made in another cluster never matches.
    cluster: str


def now() -> Now:
    """The run's snapshot, its transaction id (assigned if need be), the change sequence and
    the cluster's identity."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_current_snapshot()::text, pg_current_xact_id()::text, nextval(%s),"
            " (SELECT system_identifier FROM pg_control_system())::text",
            [SEQUENCE],
        )
        snapshot, xid, seq, cluster = cursor.fetchone()
    return Now(snapshot, xid, seq, cluster)


_QUOTED = re.compile(r'"([^"]+)"')


@functools.cache
def _model_tables() -> frozenset[str]:
    """Every model's table (the models are fixed once Django is set up): asked per version."""
    return frozenset(m._meta.db_table for m in apps.get_models(include_auto_created=True))


def rule_key(sql: str, params: Iterable, cluster: str) -> str | None:
    """The found query's identity (its SQL and parameters, in this cluster: `Now.cluster`), or
    None when it reads a table the change log does not watch (then it is never skipped)."""
    read = set(_QUOTED.findall(sql)) & _model_tables()
    if not read <= set(WATCHED):
        return None
    return hashlib.sha256(repr((cluster, sql, tuple(params))).encode()).hexdigest()


def unchanged(marks: Iterable) -> set[int]:
    """The ids of the marks (`OutreachMark`) with no change since: one query."""
    marks = list(marks)
    if not marks:
        return set()
    values = ", ".join(["(%s::bigint, %s::pg_snapshot, %s::xid8, %s::bigint)"] * len(marks))
    params = [v for mark in marks for v in (mark.pk, mark.snapshot, mark.xid, mark.seq)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT m.id FROM (VALUES {values}) AS m (id, snap, xid, seq)"  # noqa: S608
            f" WHERE NOT EXISTS (SELECT 1 FROM {CHANGES} c"
            " WHERE c.xid >= pg_snapshot_xmin(m.snap) AND CASE WHEN c.xid = m.xid"
            " THEN c.seq > m.seq ELSE NOT pg_visible_in_snapshot(c.xid, m.snap) END)",
            params,
        )
        return {row[0] for row in cursor.fetchall()}


# A change is forgotten only this long after its last write: a run still evaluating (its
# mark not yet committed, so not among those `prune` reads) may not have seen it.
KEEP = "1 day"


def prune() -> None:
    """Forget the changes every mark has seen (visible in each mark's snapshot, not the
    marking run's own): those of transactions older than the oldest mark's snapshot, last
    written more than KEEP ago (a concurrent run's mark, not yet visible, may be older)."""
    from .models import OutreachMark

    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {CHANGES} WHERE at < clock_timestamp() - %s::interval"  # noqa: S608
            " AND xid < coalesce("
            f"(SELECT min(pg_snapshot_xmin(snapshot::pg_snapshot))"
            f" FROM {OutreachMark._meta.db_table}),"
            " pg_snapshot_xmin(pg_current_snapshot()))",
            [KEEP],
        )
