"""A real streaming replica: `pg_basebackup` copies the test's PostgreSQL into a standby on
another port, and the dashboard's reads are served by it while the rest stays on the primary.

Skipped cleanly where the machine does not allow it: no PostgreSQL binaries beside `initdb`
(scripts/with-postgres.sh finds them the same way), no replication connection to the server
(a shared server in CI), or a standby that does not start.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from rencai.core.choices import Role
from rencai.core.tests.clients import page_client
from rencai.core.tests.factories import make_user

from . import processes as p

pytestmark = [
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL replica"),
]


STANDBY_AT_LEAST_PRIMARY = [
    "max_connections",
    "max_worker_processes",
    "max_wal_senders",
    "max_prepared_transactions",
    "max_locks_per_transaction",
]


def pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda d: int(d.split("/")[4]))
    for folder in reversed(found):
        if (Path(folder) / "pg_basebackup").is_file():
            return Path(folder)
    return None


def run(args: list[str], seconds: int = 60) -> subprocess.CompletedProcess:
    """A PostgreSQL tool, as the cluster's owner; a hang is a failed run (the test skips)."""
    try:
        return subprocess.run(  # noqa: S603 (PostgreSQL's own tools, fixed arguments)
            as_postgres(args), capture_output=True, text=True, timeout=seconds, check=False
        )
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(args, 1, "", f"no answer in {seconds} s")


def as_postgres(args: list[str]) -> list[str]:
    """Commands on the cluster's files run as the cluster's owner (postgres when we are root)."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


@pytest.fixture
def standby():
    """A hot standby of the test database's server, streaming from it; its port."""
    binaries = pg_bin()
    if binaries is None:
        pytest.skip("no pg_basebackup beside initdb")
    primary = connection.settings_dict
    folder = Path(tempfile.mkdtemp(prefix="rencai-replica-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    folder.chmod(0o700)
    data, port = folder / "data", p.free_port()
    host, primary_port = primary["HOST"] or "127.0.0.1", str(primary["PORT"])
    backup = run(
        [str(binaries / "pg_basebackup"), "-h", host, "-p", primary_port, "-U", "postgres"]
        + ["-D", str(data), "-X", "stream", "-R", "--no-sync", "--checkpoint", "fast"],
        seconds=90,
    )
    if backup.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.skip(f"no replication connection: {backup.stderr.strip()[:200]}")
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c hot_standby=on"
    # A hot standby needs at least the primary's limits (its own defaults may be lower).
    with connection.cursor() as cursor:
        for name in STANDBY_AT_LEAST_PRIMARY:
            cursor.execute(f"SHOW {name}")
            options += f" -c {name}={cursor.fetchone()[0]}"
    pg_ctl = [str(binaries / "pg_ctl"), "-D", str(data)]
    start = run([*pg_ctl, "-l", str(folder / "log"), "-w", "-o", options, "start"])
    if start.returncode != 0:
        log = (folder / "log").read_text()[-300:] if (folder / "log").exists() else ""
        run([*pg_ctl, "-m", "immediate", "stop"])
        shutil.rmtree(folder, ignore_errors=True)
        pytest.skip(f"the standby did not start: {log}")
    try:
        yield port
    finally:
        run([*pg_ctl, "-m", "immediate", "stop"])
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def replica_alias(standby, settings):
    """The `replica` alias pointed at the standby for this test (the test settings make it a
    MIRROR of default), and named the replica."""
    replica = connections["replica"]
    # A test mirror shares default's settings dict: give the alias its own, put it back after.
    saved = replica.settings_dict
    replica.close()
    replica.settings_dict = {
        **saved,
        "PORT": str(standby),
        "NAME": connection.settings_dict["NAME"],
    }
    settings.READ_REPLICA_ALIAS = "replica"
    try:
        yield "replica"
    finally:
        replica.close()
        replica.settings_dict = saved


def wait_until_replicated(seconds: float = 20) -> None:
    """Wait until the standby has replayed everything the primary has written so far: the
    user's row alone is not enough (their roles are committed after it, and a dashboard read
    from a standby that has the user but not yet the role answers 403)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        written = cursor.fetchone()[0]
    deadline = time.monotonic() + seconds
    with connections["replica"].cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [written])
            if cursor.fetchone()[0]:
                return
            time.sleep(0.1)
    raise AssertionError("the standby did not catch up")


def test_the_dashboard_is_served_by_a_streaming_replica_and_writes_stay_on_the_primary(
    replica_alias,
):
    # given a task force member made on the primary, streamed to the standby
    user = make_user("replica-reader", role=Role.TASK_FORCE)
    wait_until_replicated()
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone()[0] is True  # a read-only standby, not the primary
    client = page_client(user)

    # when they open the dashboard
    with CaptureQueriesContext(connections["replica"]) as replica:
        response = client.get("/dashboard/")

    # then its figures were read from the standby, and the page answered
    assert response.status_code == 200
    assert any("SELECT" in q["sql"] for q in replica.captured_queries)
    # and a page outside the dashboard reads the primary only
    with CaptureQueriesContext(connections["replica"]) as elsewhere:
        assert client.get("/").status_code == 200
    assert elsewhere.captured_queries == []
