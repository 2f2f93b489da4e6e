"""The city dashboard and the one-person file at a million talents and a million cases.

    scripts/with-postgres.sh bash -c '.venv/bin/python manage.py migrate -v0 &&
        nice -n 10 .venv/bin/python bench/dashboard.py --talents 1000000 --applications 1000000'

One invocation generates what is missing (`load_demo --talents N` on an empty registry, then
synthetic cases of 2021–2022 (`rencai.desk.generate`, as `load_demo --applications`) in
transactions of 100,000 until the desk has N — or `--minutes` have passed: what was made is
kept and a later run goes on from there), runs VACUUM ANALYZE (as autovacuum would have),
then times, through the test client (the whole request: middleware, queries, template):

- the baseline: `SELECT count(*) FROM talents_talent`, warm, same run;
- the city dashboard as the task force, for a month (December 2022) and for a year (2022):
  cold — a fresh connection after `DISCARD ALL` (the server's shared buffers and the OS page
  cache are *not* dropped: "cold" is the connection's catalogue and plan caches) — and warm
  (median of --repeat);
- a county officer's dashboard (the county with most talents), the same way;
- the one-person file (`talents:file`) of the talent with most cases, as the task force.

Each is printed with its ratio to the baseline and its query count. `--explain` prints the
slowest queries of a warm dashboard with EXPLAIN (ANALYZE, BUFFERS); `--compare-indexes` also
times everything without the indexes the dashboard's migrations add (dropped, measured,
rebuilt from their saved definitions in the same run).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("DEBUG", "false")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from rencai.core.choices import Role  # noqa: E402
from rencai.core.demo import DATA_DIR  # noqa: E402
from rencai.core.models import User  # noqa: E402
from rencai.desk.generate import generate_applications  # noqa: E402
from rencai.desk.models import Application  # noqa: E402
from rencai.talents import stocks  # noqa: E402
from rencai.talents.models import Talent  # noqa: E402

# The indexes the dashboard and the file need (their migrations), by name: --compare-indexes.
ADDED_INDEXES = (
    "application_created_idx",
    "application_decided_idx",
    "application_county_created_idx",
    "talent_registered_idx",
    "talent_created_idx",
)
MONTH = "/dashboard/?period=month&month=2022-12"
YEAR = "/dashboard/?period=year&month=2022-12"


# the tables the dashboard scans: their visibility maps let it read covering indexes alone
VACUUMED = (
    "talents_talent",
    "talents_talent_tags",
    "talents_talentcard",
    "desk_application",
    "desk_disbursement",
    "policies_entitlement",
)
CHUNK = 100_000  # cases per transaction: what is made before --minutes runs out is kept


# --registry-only: the demo loaders that run (the others' stories walk the whole registry
# through their services, hours at a million; the dashboard then shows their tables small).
REGISTRY_LOADERS = ["core", "talents", "policies", "desk"]


def ensure_data(talents: int, applications: int, minutes: float, registry_only: bool) -> None:
    if not Talent.objects.exists():
        print(f"Generating {talents:,} talents …", flush=True)
        started = time.perf_counter()
        if registry_only:
            with tempfile.TemporaryDirectory() as folder:
                data = Path(folder) / DATA_DIR.name
                shutil.copytree(DATA_DIR, data)
                city = json.loads((data / "city.json").read_text(encoding="utf-8"))
                city["demo_loaders"] = REGISTRY_LOADERS
                (data / "city.json").write_text(json.dumps(city), encoding="utf-8")
                call_command("load_demo", talents=talents, data=data, no_progress=True)
        else:
            call_command("load_demo", talents=talents, no_progress=True)
        print(f"  {time.perf_counter() - started:.0f} s", flush=True)
    started = time.perf_counter()
    while (have := Application.objects.count()) < applications:
        if time.perf_counter() - started > minutes * 60:
            print(f"  stopped after {minutes} minutes with {have:,} cases", flush=True)
            break
        size = min(CHUNK, applications - have)
        print(f"Generating {size:,} cases ({have:,} so far) …", flush=True)
        made = generate_applications(size, seed=2022 + have, rebuild_indexes=False)
        print(f"  {made}, {time.perf_counter() - started:.0f} s so far", flush=True)
    if connection.vendor == "postgresql":  # as the nightly job would have (talents.stocks)
        print("Compacting the registry's stocks …", flush=True)
        print(f"  {stocks.compact()}", flush=True)
    print("VACUUM ANALYZE …", flush=True)
    with connection.cursor() as cursor:
        for table in VACUUMED:
            cursor.execute(f"VACUUM ANALYZE {table}")
        cursor.execute("ANALYZE")


def fresh_connection() -> None:
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute("DISCARD ALL")


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def request_ms(client: Client, url: str) -> tuple[float, int]:
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url, secure=True)
        elapsed = (time.perf_counter() - started) * 1000
    where = response.get("Location", "")
    assert response.status_code == 200, f"{url}: {response.status_code} {where}"
    return elapsed, len(queries)


def baseline_ms(repeat: int) -> float:
    times = []
    with connection.cursor() as cursor:
        for _ in range(repeat + 1):
            started = time.perf_counter()
            cursor.execute("SELECT count(*) FROM talents_talent")
            cursor.fetchone()
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times[1:])


def server_ms(client: Client, url: str) -> float:
    """The server's execution time of the request's queries, warm: each query run again under
    EXPLAIN (ANALYZE, TIMING OFF), its "Execution Time" summed. Unlike the request's wall
    time, this does not depend on how much CPU this (niced) Python process gets."""
    with CaptureQueriesContext(connection) as queries:
        client.get(url, secure=True)
    total = 0.0
    with connection.cursor() as cursor:
        for q in queries.captured_queries:
            sql = q["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) " + sql)
            total += cursor.fetchone()[0][0]["Execution Time"]
    return total


def measure(label: str, client: Client, url: str, repeat: int, base: float) -> dict:
    fresh_connection()
    cold, queries = request_ms(client, url)
    warm = statistics.median(request_ms(client, url)[0] for _ in range(repeat))
    server = server_ms(client, url)
    print(
        f"| {label} | {cold:,.0f} ms | {warm:,.0f} ms | {server:,.0f} ms | {cold / base:.1f}× "
        f"| {warm / base:.1f}× | {queries} |",
        flush=True,
    )
    return {"cold": cold, "warm": warm, "server": server, "queries": queries}


def heavy_talent() -> int:
    row = (
        Application.objects.values("talent_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "talent_id")
        .first()
    )
    assert row is not None
    print(f"(the one-person file: talent {row['talent_id']}, {row['n']} cases)")
    return row["talent_id"]


def county_officer() -> User:
    busiest = (
        Talent.objects.values("county_id").annotate(n=Count("pk")).order_by("-n").first() or {}
    )
    officer = (
        User.objects.filter(
            role_assignments__role=Role.COUNTY_OFFICER,
            role_assignments__division_id=busiest.get("county_id"),
        ).first()
        or User.objects.filter(role_assignments__role=Role.COUNTY_OFFICER).first()
    )
    assert officer is not None, "no county officer in the demo"
    return officer


def run_all(repeat: int, talent_id: int) -> None:
    base = baseline_ms(repeat)
    print(f"\nbaseline (count of the talents table), warm: {base:.1f} ms\n")
    print(
        "| what | cold | warm (median) | warm, the server's execution time | cold / baseline "
        "| warm / baseline | queries |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    task_force = client_for(User.objects.get(username="taskforce"))
    officer = client_for(county_officer())
    measure("city dashboard, task force, month (2022-12)", task_force, MONTH, repeat, base)
    measure("city dashboard, task force, year (2022)", task_force, YEAR, repeat, base)
    measure("county officer's dashboard, month", officer, MONTH, repeat, base)
    measure("county officer's dashboard, year", officer, YEAR, repeat, base)
    measure("one-person file, task force", task_force, f"/talents/{talent_id}/file/", repeat, base)


def explain(url: str, top: int) -> None:
    client = client_for(User.objects.get(username="taskforce"))
    client.get(url, secure=True)
    with CaptureQueriesContext(connection) as queries:
        client.get(url, secure=True)
    slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:top]
    print(f"\nSlowest queries of {url}:")
    with connection.cursor() as cursor:
        for q in slowest:
            print(f"\n-- {float(q['time']) * 1000:.1f} ms: {q['sql'][:400]}")
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + q["sql"])
            for (line,) in cursor.fetchall():
                print("   ", line)


def drop_added_indexes() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)",
            [list(ADDED_INDEXES)],
        )
        found = cursor.fetchall()
        for name, _ in found:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        cursor.execute("ANALYZE")
    print(f"\nWithout {', '.join(n for n, _ in found) or 'nothing'}:")
    return [definition for _, definition in found]


def rebuild(definitions: list[str]) -> None:
    with connection.cursor() as cursor:
        for definition in definitions:
            cursor.execute(definition)
        cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--talents", type=int, default=1_000_000)
    parser.add_argument("--applications", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--minutes", type=float, default=120, help="Stop generating cases after this long."
    )
    parser.add_argument("--explain", type=int, default=0, metavar="N", help="EXPLAIN the N slowest")
    parser.add_argument("--compare-indexes", action="store_true")
    parser.add_argument(
        "--registry-only",
        action="store_true",
        help=f"on an empty registry, run only the demo loaders {', '.join(REGISTRY_LOADERS)}",
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench/dashboard.py measures PostgreSQL: set DATABASE_URL.")
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.OTP_REQUIRED_ROLES = []  # no second-factor enrolment page in the way (as in tests)
    ensure_data(args.talents, args.applications, args.minutes, args.registry_only)
    print(
        f"\n{Talent.objects.count():,} talents, {Application.objects.count():,} cases; "
        f"PostgreSQL {connection.pg_version}"
    )
    talent_id = heavy_talent()
    run_all(args.repeat, talent_id)
    if args.explain:
        explain(MONTH, args.explain)
        explain(YEAR, args.explain)
    if args.compare_indexes:
        definitions = drop_added_indexes()
        try:
            run_all(args.repeat, talent_id)
            if args.explain:
                explain(YEAR, args.explain)
        finally:
            rebuild(definitions)


if __name__ == "__main__":
    main()
