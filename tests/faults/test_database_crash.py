"""The database crashing under load loses no acknowledged write.

The test starts its own PostgreSQL cluster (durability on: fsync, synchronous_commit and
full_page_writes), gives it to Django as a second database alias, creates the schedule's
table there (`core.ScheduledRun`: the mark that a job's occurrence is done), and runs writer
threads that each commit, again and again, one transaction of two rows and note the id once
the commit has returned. Under that load the cluster is stopped with `pg_ctl -m immediate` (no
checkpoint, no clean shutdown: a crash), then started again (crash recovery from the WAL).
Every acknowledged transaction is there, whole; no transaction is there by half.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connections, transaction

from rencai.core.models import ScheduledRun

ALIAS = "crash"
WRITERS = 4
LOAD_SECONDS = 2.0


def _pg_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    return found[-1] if found else None


PG_BIN = _pg_bin()
pytestmark = pytest.mark.skipif(PG_BIN is None, reason="needs the PostgreSQL server binaries")


def _as_postgres(*args: str) -> list[str]:
    command = [str(PG_BIN / args[0]), *args[1:]]
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _run(*args: str) -> None:
    subprocess.run(_as_postgres(*args), check=True, capture_output=True, timeout=60)  # noqa: S603


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def durable_cluster() -> Iterator[tuple[Path, int, tuple[str, ...]]]:
    """A throwaway cluster with durability on; yields (data directory, port, the command
    that starts it)."""
    home = Path(tempfile.mkdtemp(prefix="rencai-crash."))
    home.chmod(0o755)
    if os.geteuid() == 0:
        shutil.chown(home, "postgres", "postgres")
    data, port = home / "data", _free_port()
    _run("initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
    options = (
        f"-p {port} -k {home} -c listen_addresses=127.0.0.1 -c fsync=on"
        " -c synchronous_commit=on -c full_page_writes=on"
    )
    start = ("pg_ctl", "-D", str(data), "-l", str(home / "pg.log"), "-w", "-o", options, "start")
    _run(*start)
    try:
        yield data, port, start
    finally:
        subprocess.run(_as_postgres("pg_ctl", "-D", str(data), "-m", "immediate", "stop"))  # noqa: S603
        shutil.rmtree(home, ignore_errors=True)


@contextlib.contextmanager
def database_alias(port: int) -> Iterator[str]:
    """The cluster as the Django alias `crash` (the default's settings, another server)."""
    settings = {
        **connections.settings["default"],
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "postgres",
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "OPTIONS": {"connect_timeout": 5},
    }
    connections.settings[ALIAS] = settings
    try:
        yield ALIAS
    finally:
        connections[ALIAS].close()
        del connections[ALIAS]
        del connections.settings[ALIAS]


def write_until_it_fails(writer: int, acknowledged: list[int], stop: threading.Event) -> None:
    """Commit transactions of two rows (slot "<id>/a" and "<id>/b"); note each id once its
    commit returned. Ends at the first error (the server went away) or when told."""
    n = 0
    try:
        while not stop.is_set():
            n += 1
            txid = writer * 1_000_000 + n
            with transaction.atomic(using=ALIAS):
                for part in "ab":
                    ScheduledRun.objects.using(ALIAS).create(
                        job="crash.writer", slot=f"{txid}/{part}", status="done"
                    )
            acknowledged.append(txid)
    except Exception:  # noqa: BLE001, S110 (the crash: what was acknowledged is what counts)
        pass
    finally:
        connections[ALIAS].close()


def test_a_crash_under_load_loses_no_acknowledged_write(django_db_blocker):
    cluster = durable_cluster()
    with django_db_blocker.unblock(), cluster as (data, port, start), database_alias(port):
        with connections[ALIAS].schema_editor() as editor:
            editor.create_model(ScheduledRun)
        connections[ALIAS].close()
        acknowledged: list[int] = []
        stop = threading.Event()
        writers = [
            threading.Thread(target=write_until_it_fails, args=(w, acknowledged, stop))
            for w in range(WRITERS)
        ]
        for thread in writers:
            thread.start()
        time.sleep(LOAD_SECONDS)
        before_crash = len(acknowledged)

        _run("pg_ctl", "-D", str(data), "-m", "immediate", "stop")  # the crash
        stop.set()
        for thread in writers:
            thread.join(timeout=30)
        _run(*start)  # crash recovery

        slots = set(
            ScheduledRun.objects.using(ALIAS)
            .filter(job="crash.writer")
            .values_list("slot", flat=True)
        )
        assert before_crash > 0, "no load: the writers committed nothing before the crash"
        lost = [t for t in acknowledged if f"{t}/a" not in slots or f"{t}/b" not in slots]
        assert lost == []
        halves = {slot.split("/")[0] for slot in slots}
        assert all({f"{t}/a", f"{t}/b"} <= slots for t in halves), "a transaction by half"
        assert len(halves) >= len(acknowledged)  # in-doubt commits may be there too, whole
