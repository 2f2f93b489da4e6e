"""Kill tests' helper: run `manage.py …` in a real subprocess against the test database, let
it stop mid-work (`rencai.core.faults`: `RENCAI_FAULT_PAUSE_AFTER`), and SIGKILL it there."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)
STARTUP = 60.0  # seconds to reach the pause: Django starting on a busy machine


def database_url() -> str:
    """The test database (the live settings of this process's connection) as a URL."""
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT']}"
        f"/{db['NAME']}"
    )


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RENCAI_FAULT_")}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(
        DATABASE_URL=database_url(),
        DJANGO_SETTINGS_MODULE="config.settings.test",
        PYTHONUNBUFFERED="1",
        **extra,
    )
    return env


def kill_midway(args: list[str], *, step: str, after: int, tmp_path: Path) -> str:
    """Run `manage.py *args`, wait until it has done `after` steps named `step` (and paused
    there, inside its transaction), SIGKILL it; returns what it had printed."""
    marker = tmp_path / f"paused-{step}"
    log = tmp_path / f"{step}.log"
    env = environment(
        RENCAI_FAULT_PAUSE_AFTER=str(after),
        RENCAI_FAULT_STEP=step,
        RENCAI_FAULT_MARKER=str(marker),
        RENCAI_FAULT_SLEEP="120",
    )
    with log.open("w") as out:
        process = subprocess.Popen(  # noqa: S603 (our interpreter, manage.py, fixed arguments)
            [sys.executable, str(ROOT / "manage.py"), *args],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + STARTUP
            while not marker.exists():
                if process.poll() is not None:
                    raise AssertionError(
                        f"the worker ended before pausing ({process.returncode}):\n"
                        + log.read_text()
                    )
                if time.monotonic() > deadline:
                    raise AssertionError("the worker did not pause in time:\n" + log.read_text())
                time.sleep(0.05)
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    wait_for_server_to_roll_back()
    return log.read_text()


def wait_for_server_to_roll_back(timeout: float = 10) -> None:
    """The killed client's backend ends when the server sees the socket close: wait until no
    other session of the test database is left inside a transaction."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%%'"
            )
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(0.05)
    raise AssertionError("a killed worker's transaction is still open")
