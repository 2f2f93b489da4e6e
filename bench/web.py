"""Requests through gunicorn under concurrent clients, beside a lookup by id in the same run.

    scripts/with-postgres.sh bash -c '.venv/bin/python manage.py migrate -v0 &&
        .venv/bin/python manage.py load_demo --talents 1000000 --no-progress &&
        .venv/bin/python bench/web.py --clients 16 --seconds 20'

Starts gunicorn (`--workers`, sync workers, persistent database connections) on the database
of DATABASE_URL, logs in as the demo's task force and a window clerk (sessions made in this
process), and for each request kind runs `--clients` threads for `--seconds`, each request with
a random talent, county or name from the registry. Prints p50 / p95, the request rate and the
rate's ratio to the baseline: the API's talent by id (`/api/v1/talents/<id>/`), measured in the
same run. Requests that do not answer 200 are counted and reported.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("DEBUG", "false")

import django  # noqa: E402
from django.apps import apps  # noqa: E402

if not apps.ready:  # imported by tests/bench, Django is set up already: its logging stays
    django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from rencai.core import second_factor  # noqa: E402
from rencai.core.choices import Role  # noqa: E402
from rencai.core.models import User  # noqa: E402
from rencai.talents.models import Talent  # noqa: E402
from rencai.talents.search import full_pinyin, is_han  # noqa: E402

# A request: (method, path, form body or None).
Request = tuple[str, str, dict[str, str] | None]


@dataclass
class Result:
    times: list[float] = field(default_factory=list)
    failures: int = 0
    elapsed: float = 0.0


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values) or [0.0]
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def session_cookie(user: User) -> str:
    client = Client()
    client.force_login(user)
    session = client.session
    session[second_factor.SESSION_KEY] = "none"  # a bench session: no TOTP step
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def csrf(port: int, cookie: str, path: str) -> tuple[str, str]:
    """The form's CSRF token and the cookie that goes with it."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers={"Cookie": cookie})
    response = conn.getresponse()
    body = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    set_cookie = response.getheader("Set-Cookie") or ""
    csrf_cookie = re.search(rf"{settings.CSRF_COOKIE_NAME}=([^;]+)", set_cookie)
    if not token or not csrf_cookie:
        raise SystemExit(f"no CSRF token on {path} ({response.status})")
    return token.group(1), f"{cookie}; {settings.CSRF_COOKIE_NAME}={csrf_cookie.group(1)}"


def one(port: int, cookie: str, request: Request, token: str = "") -> int:
    method, path, form = request
    headers = {"Cookie": cookie}
    body = None
    if form is not None:
        body = urlencode({**form, "csrfmiddlewaretoken": token})
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Referer"] = f"http://127.0.0.1:{port}{path}"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def run(
    port: int, cookie: str, make: Callable[[random.Random], Request], clients: int, seconds: float
) -> Result:
    result = Result()
    lock = threading.Lock()
    token, cookie_ = ("", cookie)
    if make(random.Random(0))[2] is not None:
        token, cookie_ = csrf(port, cookie, make(random.Random(0))[1])
    deadline = time.perf_counter() + seconds

    def client(n: int) -> None:
        rng = random.Random(n)
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            status = one(port, cookie_, make(rng), token)
            took = (time.perf_counter() - started) * 1000
            with lock:
                if status == 200:
                    result.times.append(took)
                else:
                    result.failures += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result.elapsed = time.perf_counter() - started
    return result


def wait_for(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn stopped")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not start")


@dataclass
class Sample:
    """Talents drawn from the registry: (pk, name, id_number, birth_date, county_id) rows."""

    rows: list[tuple]
    han: list[tuple]  # the rows whose name is two or more Chinese characters
    counties: list[int]


def registry_sample(size: int = 2000, seed: int = 2026) -> tuple[list[int], Sample]:
    """Every talent's id, and `size` of them drawn at random with what the requests need."""
    rng = random.Random(seed)
    ids = list(Talent.objects.values_list("pk", flat=True))
    rows = list(
        Talent.objects.filter(pk__in=rng.sample(ids, min(len(ids), size))).values_list(
            "pk", "name", "id_number", "birth_date", "county_id"
        )
    )
    han = [row for row in rows if is_han(row[1]) and len(row[1]) >= 2]
    return ids, Sample(rows, han, sorted({row[4] for row in rows}))


def initials(name: str) -> str:
    """A name's initials in pinyin, as a clerk types them (陈超: "cc")."""
    from pypinyin import Style, lazy_pinyin

    return "".join(s[0] for s in lazy_pinyin(name, style=Style.NORMAL) if s)


def get(path: str, **params: object) -> Request:
    return ("GET", f"{path}?{urlencode(params)}" if params else path, None)


def request_kinds(sample: Sample) -> dict[str, tuple[str, Callable[[random.Random], Request]]]:
    """Each request kind: who makes it ("task_force" or "clerk") and its request builder
    (random talent, county or name of the sample). The first is the baseline."""
    rows, han, counties = sample.rows, sample.han, sample.counties
    three = [row for row in han if len(row[1]) >= 3] or han
    talent_list = reverse("talents:list")
    return {
        "lookup by id (API, baseline)": (
            "task_force",
            lambda r: get(f"/api/v1/talents/{r.choice(rows)[0]}/"),
        ),
        "registry list by county": (
            "task_force",
            lambda r: get(talent_list, county=r.choice(counties)),
        ),
        "search by name (2 characters)": (
            "task_force",
            lambda r: get(talent_list, name=r.choice(han)[1][:2]),
        ),
        "search by name (1 character)": (
            "task_force",
            lambda r: get(talent_list, name=r.choice(han)[1][0]),
        ),
        "search by name (3 characters)": (
            "task_force",
            lambda r: get(talent_list, name=r.choice(three)[1][:3]),
        ),
        "search by pinyin": (
            "task_force",
            lambda r: get(talent_list, name=min(full_pinyin(r.choice(han)[1]))),
        ),
        "search by initials": (
            "task_force",
            lambda r: get(talent_list, name=initials(r.choice(han)[1])),
        ),
        "lookup by identity number (API)": (
            "task_force",
            lambda r: get("/api/v1/talents/", id_number=r.choice(rows)[2]),
        ),
        "talent detail (page)": (
            "task_force",
            lambda r: get(reverse("talents:detail", args=[r.choice(rows)[0]])),
        ),
        "eligibility API": (
            "task_force",
            lambda r: get(f"/api/v1/talents/{r.choice(rows)[0]}/eligibility/"),
        ),
        "policy pack (page)": (
            "task_force",
            lambda r: get(reverse("policies:talent-pack", args=[r.choice(rows)[0]])),
        ),
        "window find (name + birth date)": (
            "clerk",
            lambda r: (
                lambda row: (
                    "POST",
                    reverse("talents:find"),
                    {"name": row[1], "birth_date": row[3].isoformat()},
                )
            )(r.choice(rows)),
        ),
    }


@contextmanager
def gunicorn_server(workers: int, **extra_env: str) -> Iterator[int]:
    """gunicorn (`workers` sync workers, persistent connections) on DATABASE_URL's database,
    serving while the block runs; yields its port."""
    port = free_port()
    env = {**os.environ, "CONN_MAX_AGE": os.environ.get("CONN_MAX_AGE", "60"), **extra_env}
    env.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    gunicorn = subprocess.Popen(  # noqa: S603
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi",
            f"--workers={workers}",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
            "--no-control-socket",  # gunicorn's default socket is one per user, shared by all
            f"--env=DJANGO_SETTINGS_MODULE={os.environ['DJANGO_SETTINGS_MODULE']}",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_for(port, gunicorn)
        yield port
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        try:
            gunicorn.wait(timeout=40)  # gunicorn's graceful timeout is 30 s
        except subprocess.TimeoutExpired:
            gunicorn.kill()
            gunicorn.wait()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--only", default="", help="Comma-separated request kinds to run.")
    args = parser.parse_args(argv)

    ids, sample = registry_sample()
    task_force = User.objects.filter(role_assignments__role=Role.TASK_FORCE, is_active=True).first()
    clerk = User.objects.filter(role_assignments__role=Role.WINDOW_CLERK, is_active=True).first()
    if task_force is None or clerk is None or not sample.han:
        raise SystemExit("load the demo first (a task force user, a window clerk, talents)")
    cookies = {"task_force": session_cookie(task_force), "clerk": session_cookie(clerk)}
    kinds = request_kinds(sample)
    if args.only:
        wanted = {w.strip() for w in args.only.split(",")}
        kinds = {k: v for i, (k, v) in enumerate(kinds.items()) if i == 0 or k in wanted}
    connection.close()

    with gunicorn_server(args.workers) as port:
        for who, make in kinds.values():  # warm-up: every worker, every page
            run(port, cookies[who], make, args.workers, 1.0)
        print(
            f"{connection.vendor}; {len(ids):,} talents; gunicorn {args.workers} sync workers;"
            f" {args.clients} clients, {args.seconds:g} s each"
        )
        print(f"{'request':<36} {'p50':>9} {'p95':>9} {'req/s':>8} {'rate / baseline':>16}")
        base_rate = 0.0
        for kind, (who, make) in kinds.items():
            result = run(port, cookies[who], make, args.clients, args.seconds)
            rate = len(result.times) / result.elapsed
            base_rate = base_rate or rate
            failed = f"  ({result.failures} failed)" if result.failures else ""
            print(
                f"{kind:<36} {percentile(result.times, 50):7.1f}ms"
                f" {percentile(result.times, 95):7.1f}ms {rate:8.1f}"
                f" {rate / base_rate if base_rate else 0:15.2f}×{failed}"
            )


if __name__ == "__main__":
    main()
