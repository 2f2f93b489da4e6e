"""manage.py serve_demo: what `make run` runs — prepare the demo only as far as needed, then
serve it with one task worker and the scheduled jobs.

One process instead of four management commands in a row: a second start skips everything
already done (migrations applied, demo loaded, static files unchanged) and answers in seconds.

    manage.py serve_demo                 # 127.0.0.1:8000
    manage.py serve_demo --port 8080 --no-worker
"""

from __future__ import annotations

import hashlib
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, close_old_connections, connections
from django.db.migrations.executor import MigrationExecutor

from rencai.core import demo

SCHEDULE_EVERY = 60  # seconds between two looks at the scheduled jobs
FINGERPRINT_NAME = ".rencai-static-fingerprint"


def pending_migrations(database: str = DEFAULT_DB_ALIAS) -> int:
    """How many migrations the database still lacks (0: `migrate` has nothing to do)."""
    executor = MigrationExecutor(connections[database])
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def static_fingerprint() -> str:
    """A digest of every static source file's path, size and modification time: it changes
    when a file is added, removed or edited, and costs a directory walk, not a copy."""
    digest = hashlib.sha256()
    for finder in finders.get_finders():
        for path, storage in sorted(finder.list([]), key=lambda item: item[0]):
            stat = Path(storage.path(path)).stat()
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def collect_static_if_changed() -> bool:
    """Run `collectstatic` when the static sources changed since the last run; True if it ran."""
    root = Path(settings.STATIC_ROOT)
    marker = root / FINGERPRINT_NAME
    current = static_fingerprint()
    if marker.is_file() and marker.read_text() == current:
        return False
    call_command("collectstatic", interactive=False, verbosity=0)
    root.mkdir(parents=True, exist_ok=True)
    marker.write_text(current)
    return True


def schedule_loop(stop: threading.Event, log_path: Path) -> None:
    """Run the due scheduled jobs every minute until `stop` is set (output to `log_path`)."""
    if stop.wait(5):
        return
    while True:
        with log_path.open("a") as log:
            try:
                call_command("run_schedule", stdout=log, stderr=log)
            except Exception as exc:  # a failed job is retried next time; the loop goes on
                log.write(f"run_schedule: {exc}\n")
            finally:
                close_old_connections()
        if stop.wait(SCHEDULE_EVERY):
            return


class Command(BaseCommand):
    help = (
        "Serve the demo: migrate if needed, load the demo if the database is empty, collect "
        "static files if they changed, print the demo logins, then run the web server with a "
        "task worker and the scheduled jobs (what `make run` runs)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-worker", action="store_true", help="No task worker.")
        parser.add_argument("--no-schedule", action="store_true", help="No scheduled jobs.")
        parser.add_argument(
            "--prepare-only", action="store_true", help="Prepare the demo; do not serve."
        )

    def handle(self, *args, host, port, no_worker, no_schedule, prepare_only, **options):
        started = time.perf_counter()
        self.prepare()
        call_command("demo_logins", stdout=self.stdout)
        self.stdout.write(f"Ready in {time.perf_counter() - started:.1f} s.")
        if prepare_only:
            return
        var = Path(settings.VAR_DIR)
        worker = None if no_worker else self.start_worker(var / "worker.log")
        stop = threading.Event()
        if not no_schedule:
            threading.Thread(
                target=schedule_loop, args=(stop, var / "schedule.log"), daemon=True
            ).start()
        self.stdout.write(
            f"Rencai: http://{host}:{port}/   (Ctrl-C stops the server and the worker)"
        )
        # A plain `kill` stops the worker too (Ctrl-C reaches the whole process group anyway).
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        try:
            call_command("runserver", f"{host}:{port}", use_reloader=False, skip_checks=True)
        finally:
            stop.set()
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)

    def prepare(self) -> None:
        if pending_migrations():
            self.stdout.write("Applying migrations…")
            call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)  # the shared cache (missing ones only)
        if not demo.is_loaded():
            call_command("load_demo", if_empty=True, stdout=self.stdout, stderr=self.stderr)
        if collect_static_if_changed():
            self.stdout.write("Static files collected.")

    def start_worker(self, log_path: Path) -> subprocess.Popen:
        log = log_path.open("a")
        return subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "1"],
            cwd=settings.BASE_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
