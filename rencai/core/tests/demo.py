"""The demo city for tests: loaded through its services once per option set, then copied in.

Loading the demo city runs every app's loader through its services (cases, visits, events, the
campaign): seconds even with few talents, and dozens of test modules need it. On PostgreSQL the
first load with a set of options in a test run is taken as a snapshot of every table (`COPY
… TO STDOUT`, binary); every later load with the same options empties the tables and copies the
snapshot back — the same rows, the same output, in well under a second. SQLite loads each time.
The test workers (pytest-xdist) share their snapshots through files in the run's folder
(`RENCAI_DEMO_SNAPSHOTS`, made and removed by the root conftest.py): a set of options is loaded
once per run, not once per worker; a worker that needs it while another loads it waits for it.

A module whose tests only read the demo loads it once:

    demo = demo_fixture(talents=300, batch_size=300)

Each test then runs in its own savepoint inside the module's transaction, so a test that writes
(or loads again) leaves the next one the same demo. Tests that need an empty database belong in
another module: a module fixture stays in place for every later test of its module.

`load_demo` replaces what the database holds with the demo: call it on a fresh test database
(a module fixture, or the start of a transactional test), as the snapshot is the whole database
after the first load, not only what that load added.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import pickle
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction
from psycopg import sql


@dataclass(frozen=True)
class _Snapshot:
    output: str
    tables: tuple[tuple[str, bytes | None], ...]  # (table, its rows as binary COPY data)
    sequences: tuple[tuple[str, int], ...]  # (sequence, its last value)


_snapshots: dict[tuple, _Snapshot] = {}  # (city, city data, *options) → snapshot
_KEPT_AS_MIGRATED = {"django_migrations"}
# Tables that triggers fill from the others (the registry's stocks, docs/decisions/0011;
# outreach's change log, whose rows name the transactions that wrote: decision 0008):
# emptied with the rest and not copied back, since copying the others fills them again.
_FILLED_BY_TRIGGERS = {"talents_stockdelta", "policies_outreachchange"}


def load_demo(**options) -> str:
    """Load the demo city with `options` (see `manage.py load_demo`) and return what it printed."""
    if connection.vendor != "postgresql":
        return _load(**options)
    # the city's data folder is a setting (RENCAI_CITY): part of what was loaded
    key = (settings.RENCAI_CITY, settings.RENCAI_CITY_DATA, *sorted(options.items()))
    snapshot = _snapshots.get(key)
    if snapshot is None:
        with _shared_file(key) as shared:  # None: no other worker to share with
            if shared is not None and shared.is_file():
                # the run's own file, in its private folder (mkdtemp: 0700)
                snapshot = _snapshots[key] = pickle.loads(shared.read_bytes())  # noqa: S301
            else:
                output = _load(**options)
                snapshot = _snapshots[key] = _take(output)
                if shared is not None:
                    _write(shared, snapshot)
                return output
    with transaction.atomic():
        _restore(snapshot)
    ContentType.objects.clear_cache()  # the snapshot's ids, not those of a flush since
    return snapshot.output


def demo_fixture(**options):
    """A module-scoped fixture that loads the demo with `options` and yields its output."""

    @pytest.fixture(scope="module")
    def demo(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock(), transaction.atomic():
            yield load_demo(**options)
            transaction.set_rollback(True)

    return demo


# The run's folder of snapshots: made and removed by the root conftest.py when the tests run
# in several workers.
SHARED_FOLDER = "RENCAI_DEMO_SNAPSHOTS"


@contextmanager
def _shared_file(key: tuple) -> Iterator[Path | None]:
    """The file of the snapshot of `key` in the run's folder (it may not exist yet), locked
    against the other workers for the block: the one that loads holds the lock until its
    snapshot is written, and the others then read it. None without a run folder."""
    folder = os.environ.get(SHARED_FOLDER)
    if not folder or not Path(folder).is_dir():
        yield None
        return
    path = Path(folder) / f"demo-{hashlib.sha256(repr(key).encode()).hexdigest()[:24]}.pickle"
    with path.with_suffix(".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        yield path


def _write(path: Path, snapshot: _Snapshot) -> None:
    partial = path.with_suffix(f".{os.getpid()}.partial")
    partial.write_bytes(pickle.dumps(snapshot, protocol=pickle.HIGHEST_PROTOCOL))
    partial.replace(path)  # whole or not at all


def _load(**options) -> str:
    out = StringIO()
    call_command("load_demo", no_progress=True, stdout=out, **options)
    return out.getvalue()


def _tables() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        )
        return [name for (name,) in cursor.fetchall() if name not in _KEPT_AS_MIGRATED]


def _take(output: str) -> _Snapshot:
    tables = []
    with connection.cursor() as cursor:
        raw = cursor.cursor
        for table in _tables():
            if table in _FILLED_BY_TRIGGERS:
                tables.append((table, None))
                continue
            data = bytearray()
            copy_out = sql.SQL("COPY {} TO STDOUT (FORMAT binary)").format(sql.Identifier(table))
            with raw.copy(copy_out) as copy:
                for chunk in copy:
                    data += chunk
            tables.append((table, bytes(data)))
        cursor.execute(
            "SELECT schemaname || '.' || sequencename, last_value FROM pg_sequences "
            "WHERE schemaname = current_schema() AND last_value IS NOT NULL"
        )
        sequences = tuple(cursor.fetchall())
    return _Snapshot(output, tuple(tables), sequences)


def _restore(snapshot: _Snapshot) -> None:
    """Empty every table and copy the snapshot's rows back. Django's foreign keys are deferred,
    so the tables' order does not matter; they are checked at commit, or when a test case
    checks constraints at its end."""
    with connection.cursor() as cursor:
        raw = cursor.cursor
        names = sql.SQL(", ").join(sql.Identifier(table) for table, _ in snapshot.tables)
        raw.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks may stop TRUNCATE
        raw.execute("SET CONSTRAINTS ALL DEFERRED")
        raw.execute(sql.SQL("TRUNCATE {}").format(names))
        for table, data in snapshot.tables:
            if data is None:
                continue
            copy_in = sql.SQL("COPY {} FROM STDIN (FORMAT binary)").format(sql.Identifier(table))
            with raw.copy(copy_in) as copy:
                copy.write(data)
        # Sequences only forward: ids a rolled-back module handed out may still be in caches.
        sequences = [name for name, _ in snapshot.sequences]
        values = [value for _, value in snapshot.sequences]
        raw.execute(
            "SELECT setval(s.name::regclass, GREATEST(s.value, q.last_value)) "
            "FROM unnest(%s::text[], %s::bigint[]) AS s(name, value) "
            "JOIN pg_sequences q ON q.schemaname || '.' || q.sequencename = s.name",
            [sequences, values],
        )
