"""The load test: Locust users against gunicorn, beside the stack's own ceiling in the same run.

    pip install -e '.[bench]'    # locust; not installed in CI
    scripts/with-postgres.sh bash -c '.venv/bin/python manage.py migrate -v0 &&
        .venv/bin/python manage.py load_demo --talents 1000000 --no-progress &&
        .venv/bin/python bench/load.py --users 16 --seconds 60'

Starts gunicorn (bench/web.py's `gunicorn_server`, with `RENCAI_BENCH_VIEWS=true` so that the
bare JSON view `/bench/ok/` is mounted) on DATABASE_URL's database, writes the plan
(`bench/scenarios.py`: sessions made in this process for the demo's window clerk, a county
officer and the talents with an account; a sample of the registry; free medical slots,
published for the run by the demo's hospital liaison where there are too few) and runs Locust
headless once per scenario, one after the other:

- ceiling: the bare JSON view alone (the whole middleware stack, no database);
- signed-in ceiling: the same view for the window clerk (`/bench/me/`: the session and the
  user read, nothing else), a reference for what any signed-in page pays first;
- window find: the window clerk's find by name and birth date alone (issue 16's aim: at least
  half the ceiling's rate, no errors);
- WindowClerk, TalentUser, Officer: each user class alone, its requests mixed by weight;
- mixed: the three together.

Prints, per scenario and request: the request rate, p50, p95, the failures and the rate's
ratio to the ceiling's; then where the CPU went in each scenario (Locust, the gunicorn
workers, the PostgreSQL backends of this database, the rest of the machine), in cores —
Locust, gunicorn and PostgreSQL share the machine, so a Locust near one core measures
itself. Locust's CSV files stay in `--out`.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import resource
import subprocess
import sys
import threading
import time as timer
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import time, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import web  # noqa: E402  (sets up Django)
from django.conf import settings  # noqa: E402
from django.core.exceptions import ValidationError  # noqa: E402
from django.db import connection  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils.crypto import get_random_string  # noqa: E402

from config import bench_urls  # noqa: E402
from rencai.core import clock, sms  # noqa: E402
from rencai.core.choices import Role  # noqa: E402
from rencai.core.errors import DomainError  # noqa: E402
from rencai.core.models import RoleAssignment, User  # noqa: E402
from rencai.medical import services as medical  # noqa: E402
from rencai.medical import workflow as medical_workflow  # noqa: E402
from rencai.medical.demo import DEMO_LIAISON, GREEN_CHANNEL  # noqa: E402
from rencai.medical.models import Hospital, Slot  # noqa: E402
from rencai.policies.models import Benefit  # noqa: E402
from rencai.talents.models import Talent  # noqa: E402
from rencai.talents.services import cards  # noqa: E402

ROOT = web.ROOT
SCENARIOS: dict[str, list[str]] = {
    "ceiling": ["Ceiling"],
    "signed-in ceiling": ["SignedInCeiling"],
    "window find": ["WindowClerk", "--tags", "find"],
    "WindowClerk": ["WindowClerk"],
    "TalentUser": ["TalentUser"],
    "Officer": ["Officer"],
    "mixed": ["WindowClerk", "TalentUser", "Officer"],
}
BENCH_SERVICE = "人才绿色通道门诊（压测）"  # the slots this bench publishes


def _pattern(name: str, **kwargs) -> str:
    """A route's path with `{pk}` where its id goes."""
    return reverse(name, kwargs=dict.fromkeys(kwargs, 987654321)).replace("987654321", "{pk}")


def bench_slots(days: int = 8, capacity: int = 200) -> list[Slot]:
    """Free green-channel slots from three days on (past the cancel cut-off), published by the
    demo's hospital liaison where the hospital has none of this bench's yet."""
    liaison = User.objects.filter(username=DEMO_LIAISON).first()
    assignment = RoleAssignment.objects.filter(user=liaison, role=Role.HOSPITAL_LIAISON).first()
    hospital = Hospital.objects.filter(organisation_id=getattr(assignment, "organisation_id", 0))
    benefit = Benefit.objects.filter(code=GREEN_CHANNEL).first()
    if assignment is not None and assignment.organisation_id and not hospital.exists():
        # a registry loaded without the medical demo (bench/dashboard.py --registry-only):
        # the liaison's organisation is designated here, as the medical loader would
        Hospital.objects.get_or_create(organisation_id=assignment.organisation_id)
    if liaison is None or benefit is None or not hospital.exists():
        return []
    first = clock.today() + timedelta(days=3)
    existing = Slot.objects.filter(service=BENCH_SERVICE, date__gte=first, booked__lt=capacity)
    if not existing.exists():
        with sms.quietly():
            for n in range(days):
                for hour in (9, 10, 14, 15):
                    medical.publish_slot(
                        hospital.first(),
                        actor=liaison,
                        benefit=benefit,
                        service=BENCH_SERVICE,
                        date=first + timedelta(days=n),
                        start_time=time(hour, 0),
                        end_time=time(hour, 50),
                        capacity=capacity,
                    )
    return list(existing.order_by("date", "start_time"))


def can_book_and_cancel(user: User, talent: Talent, slot: Slot) -> bool:
    """Whether this talent may book the slot (and cancel it): tried through the services."""
    try:
        with sms.quietly():
            appointment = medical.book_appointment(slot, actor=user, talent=talent)
            medical.cancel_appointment(appointment, actor=user, reason="load test check")
    except (DomainError, ValidationError, ValueError) as exc:
        print(f"  {talent.name}: no booking ({exc})", file=sys.stderr)
        return False
    return True


def give_green_card(talent: Talent) -> None:
    """The green channel's rule asks for a card: the task force issues one (the demo's talent
    account has none), valid from yesterday for three years."""
    issuer = User.objects.filter(role_assignments__role=Role.TASK_FORCE, is_active=True).first()
    if issuer is None:
        return
    try:
        with sms.quietly():
            cards.issue_green_card(
                talent,
                actor=issuer,
                valid_from=clock.today() - timedelta(days=1),
                valid_to=clock.today() + timedelta(days=3 * 365),
            )
    except (DomainError, ValidationError) as exc:
        print(f"  {talent.name}: no green card ({exc})", file=sys.stderr)


def booking_slots(talent: Talent, slots: list[Slot]) -> list[int]:
    """The slots this talent's account books in the run: all, if a booking (and its
    cancellation) goes through; none otherwise."""
    if not slots:
        return []
    if not can_book_and_cancel(talent.user, talent, slots[0]):
        give_green_card(talent)
        if not can_book_and_cancel(talent.user, talent, slots[0]):
            return []
    return [s.pk for s in slots]


def make_plan(users: int, sample_size: int = 2000) -> dict:
    ids, sample = web.registry_sample(sample_size)
    clerk = User.objects.filter(role_assignments__role=Role.WINDOW_CLERK, is_active=True).first()
    officer = (
        User.objects.filter(role_assignments__role=Role.COUNTY_OFFICER, is_active=True)
        .order_by("username")
        .first()
    )
    accounts = list(
        Talent.objects.filter(user__is_active=True).select_related("user").order_by("pk")[:50]
    )
    if clerk is None or officer is None or not accounts or not sample.rows:
        raise SystemExit("load the demo first (a window clerk, a county officer, talents)")
    slots = bench_slots()
    talent_slots = [booking_slots(t, slots) for t in accounts]
    return {
        "talents_in_registry": len(ids),
        "talents": [[r[0], r[1], r[2], r[3].isoformat()] for r in sample.rows],
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "csrf": get_random_string(32),  # the unmasked secret: a valid cookie and form token
        "cookies": {
            "clerk": [web.session_cookie(clerk).partition("=")[2]],
            "officer": [web.session_cookie(officer).partition("=")[2]],
            "talent": [web.session_cookie(t.user).partition("=")[2] for t in accounts],
        },
        "accounts": [t.pk for t in accounts],
        "slots": talent_slots,
        "users_per_account": max(1, math.ceil(users / len(accounts))),
        "cancel_action": medical_workflow.CANCEL,
        "paths": {
            "home": reverse("core:home"),
            "find": reverse("talents:find"),
            "window": reverse("desk:window"),
            "window_talent": _pattern("desk:window-talent", pk=0),
            "pack": _pattern("policies:talent-pack", pk=0),
            "book": reverse("medical:book"),
            "step": _pattern("medical:appointment-step", pk=0),
            "cases": reverse("desk:application-list"),
            "dashboard": reverse("dashboard:index"),
            "ceiling": "/" + str(bench_urls.urlpatterns[0].pattern),
            "signed_in": "/" + str(bench_urls.urlpatterns[1].pattern),
        },
    }


TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cmdlines() -> dict[int, str]:
    """Every process's command line (Linux /proc; empty elsewhere)."""
    found = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            found[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
    return found


def _cpu_of(pid: int) -> float:
    """A process's CPU seconds so far (user + system)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def _machine_busy() -> float:
    """The machine's busy CPU seconds so far, every core (/proc/stat: all but idle, iowait)."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    except OSError:
        return 0.0
    return (sum(fields[:8]) - fields[3] - fields[4]) / TICKS


@dataclass
class Cpu:
    """Where the CPU went during one scenario, in cores (CPU seconds per second of wall):
    Locust, the gunicorn workers, the PostgreSQL backends serving this database, and the
    rest of the machine (other sessions, this script). The load generator shares the cores
    with the server: a Locust near one core measures itself, not the server."""

    locust: float
    gunicorn: float
    postgres: float
    rest: float


class CpuMeter:
    """The CPU seconds of gunicorn (the processes bound to `port`), the backends of `database`
    and Locust (this script's finished children) over a scenario. /proc is read every
    `every` seconds while it runs: a backend that ends in the scenario (a worker's connection
    older than CONN_MAX_AGE is replaced) counts with what it had used when last seen."""

    def __init__(self, port: int, database: str, every: float = 0.5) -> None:
        self.bind = f"--bind=127.0.0.1:{port}"
        self.backend = f"postgres: {settings.DATABASES['default'].get('USER', '')} {database} "
        self.every = every

    def _processes(self) -> dict[int, tuple[str, float]]:
        found = {}
        for pid, cmdline in _cmdlines().items():
            if self.bind in cmdline:
                found[pid] = ("gunicorn", _cpu_of(pid))
            elif cmdline.startswith(self.backend):
                found[pid] = ("postgres", _cpu_of(pid))
        return found

    @contextmanager
    def measure(self) -> Iterator[list[Cpu]]:
        """Yields a list that holds the scenario's Cpu once the block is over."""
        first = self._processes()
        last = dict(first)
        stop = threading.Event()

        def sample() -> None:
            while not stop.wait(self.every):
                last.update(self._processes())

        thread = threading.Thread(target=sample, daemon=True)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        busy, started = _machine_busy(), timer.monotonic()
        thread.start()
        result: list[Cpu] = []
        try:
            yield result
        finally:
            stop.set()
            thread.join()
            last.update(self._processes())
            wall = (timer.monotonic() - started) or 1.0
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            locust = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
            used = {"gunicorn": 0.0, "postgres": 0.0}
            for pid, (kind, seconds) in last.items():
                used[kind] += seconds - first.get(pid, (kind, 0.0))[1]
            rest = _machine_busy() - busy - locust - used["gunicorn"] - used["postgres"]
            result.append(
                Cpu(
                    locust / wall,
                    used["gunicorn"] / wall,
                    used["postgres"] / wall,
                    max(0.0, rest) / wall,
                )
            )


@dataclass
class Row:
    scenario: str
    name: str
    count: int
    failures: int
    rate: float
    p50: float
    p95: float


def read_stats(prefix: Path, scenario: str) -> list[Row]:
    rows = []
    with open(f"{prefix}_stats.csv", newline="") as f:
        for line in csv.DictReader(f):
            rows.append(
                Row(
                    scenario,
                    line["Name"],
                    int(line["Request Count"]),
                    int(line["Failure Count"]),
                    float(line["Requests/s"]),
                    float(line["50%"] if line["50%"] != "N/A" else 0),
                    float(line["95%"] if line["95%"] != "N/A" else 0),
                )
            )
    return rows


def run_locust(
    port: int, plan_file: Path, prefix: Path, classes: list[str], users: int, seconds: float
) -> None:
    locust = str(Path(sys.executable).parent / "locust")
    command = [
        locust,
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--only-summary",
        f"--users={users}",
        f"--spawn-rate={users}",
        f"--run-time={seconds:g}s",
        "--stop-timeout=10",
        f"--csv={prefix}",
        f"--host=http://127.0.0.1:{port}",
        "--loglevel=WARNING",
        *classes,
    ]
    env = {**os.environ, "RENCAI_LOAD_PLAN": str(plan_file)}
    subprocess.run(command, cwd=ROOT, env=env, check=False, stdout=subprocess.DEVNULL)  # noqa: S603


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=16, help="Locust users per scenario.")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--scenarios",
        default=",".join(SCENARIOS),
        help="Comma-separated, of: " + ", ".join(SCENARIOS),
    )
    parser.add_argument("--out", default=str(ROOT / "var" / "load"))
    args = parser.parse_args(argv)
    chosen = [s.strip() for s in args.scenarios.split(",") if s.strip()]
    if "ceiling" not in chosen:
        chosen.insert(0, "ceiling")

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    plan = make_plan(args.users)
    plan_file = out / "plan.json"
    plan_file.write_text(json.dumps(plan, ensure_ascii=False))
    booking = sum(1 for s in plan["slots"] if s)
    connection.close()

    rows: list[Row] = []
    cpu: dict[str, Cpu] = {}
    with web.gunicorn_server(args.workers, RENCAI_BENCH_VIEWS="true") as port:
        # Every worker up (the port answers before the workers have loaded Django).
        web.run(port, "", lambda r: ("GET", plan["paths"]["ceiling"], None), args.workers, 2)
        warm = out / "warm-up"
        run_locust(port, plan_file, warm, SCENARIOS["mixed"] + ["Ceiling"], args.workers * 2, 5)
        meter = CpuMeter(port, settings.DATABASES["default"]["NAME"])
        for scenario in chosen:
            prefix = out / scenario.replace(" ", "-")
            with meter.measure() as used:
                run_locust(port, plan_file, prefix, SCENARIOS[scenario], args.users, args.seconds)
            cpu[scenario] = used[0]
            rows += read_stats(prefix, scenario)

    print(
        f"{connection.vendor}; {plan['talents_in_registry']:,} talents;"
        f" gunicorn {args.workers} sync workers; Locust {args.users} users, {args.seconds:g} s"
        f" per scenario; {len(plan['cookies']['talent'])} talent accounts, {booking} booking;"
        f" load average {os.getloadavg()[0]:.1f}"
    )
    ceiling = next((r.rate for r in rows if r.scenario == "ceiling" and r.name == "Aggregated"), 0)
    print(
        f"{'scenario':<12} {'request':<34} {'req/s':>8} {'p50':>8} {'p95':>8}"
        f" {'errors':>7} {'/ ceiling':>9}"
    )
    for r in rows:
        if r.name == "Aggregated" and r.scenario in ("ceiling", "signed-in ceiling", "window find"):
            continue  # one request kind: the same as its own row
        print(
            f"{r.scenario:<12} {r.name:<34} {r.rate:8.1f} {r.p50:6.0f}ms {r.p95:6.0f}ms"
            f" {r.failures:7d} {r.rate / ceiling if ceiling else 0:8.2f}×"
        )
    print(f"CPU, in cores of {os.cpu_count()} (CPU seconds per second of the scenario's wall):")
    print(f"{'scenario':<12} {'Locust':>7} {'gunicorn':>9} {'postgres':>9} {'the rest':>9}")
    for scenario, c in cpu.items():
        print(f"{scenario:<12} {c.locust:7.2f} {c.gunicorn:9.2f} {c.postgres:9.2f} {c.rest:9.2f}")
    return rows


if __name__ == "__main__":
    main()
