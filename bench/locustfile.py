"""Locust users for the load test: run by `bench/load.py`, which writes the plan first.

    RENCAI_LOAD_PLAN=var/load-plan.json locust -f bench/locustfile.py --headless \\
        -u 16 -r 8 -t 60s --host http://127.0.0.1:8000 WindowClerk

The plan (`bench/scenarios.py`) carries the sessions (made in process by load.py, one per
user, like bench/web.py), a CSRF secret sent as cookie and form field, the paths, a sample of
the registry and free medical slots. Every user sends its next request as soon as the last
one answered (no think time): the figures are the server's capacity, not a day's traffic.
A GET must answer 200, the window's finds 200, a booking and its cancellation 303; anything
else is a failure in Locust's statistics.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import sys
from pathlib import Path
from urllib.parse import urlencode

from locust import FastHttpUser, constant, tag, task

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scenarios  # noqa: E402

PLAN: scenarios.Plan = json.loads(Path(os.environ["RENCAI_LOAD_PLAN"]).read_text())
_numbers = itertools.count()


class PlanUser(FastHttpUser):
    """FastHttpUser (geventhttpclient), not HttpUser (requests): on the same two cores as the
    server, requests' client spent nearly as much CPU a request (0.8–1.0 ms) as gunicorn spent
    serving the bare view (1.1–1.4 ms), so the ceiling measured the client too; this one
    spends about half (docs/performance.md, issue 16)."""

    abstract = True
    wait_time = constant(0)
    role = ""

    def on_start(self) -> None:
        self.n = next(_numbers)
        self.rng = random.Random(self.n)
        cookies = PLAN["cookies"].get(self.role) or [""]
        self.account = self.n % len(cookies)
        parts = [f"{PLAN['csrf_cookie']}={PLAN['csrf']}"]
        if cookies[self.account]:
            parts.append(f"{PLAN['session_cookie']}={cookies[self.account]}")
        self.headers = {"Cookie": "; ".join(parts)}
        self.form_headers = {**self.headers, "Content-Type": "application/x-www-form-urlencoded"}

    def send(self, request: scenarios.Request, expect: int = 200):
        name, method, path, form = request
        data = None
        if form is not None:
            data = urlencode({**form, "csrfmiddlewaretoken": PLAN["csrf"]})
        with self.client.request(
            method,
            path,
            data=data,
            headers=self.headers if data is None else self.form_headers,
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != expect:
                response.failure(f"{response.status_code}, expected {expect}")
            return response


class WindowClerk(PlanUser):
    role = "clerk"

    @tag("find")
    @task(4)
    def find_by_name(self) -> None:
        self.send(scenarios.window_find_by_name(PLAN, self.rng))

    @task(3)
    def find_by_id_number(self) -> None:
        self.send(scenarios.window_find_by_id_number(PLAN, self.rng))

    @task(2)
    def case_form(self) -> None:
        for request in scenarios.window_case_form(PLAN, self.rng):
            self.send(request)


class TalentUser(PlanUser):
    role = "talent"

    @task(3)
    def home(self) -> None:
        self.send(scenarios.talent_home(PLAN, self.rng))

    @task(3)
    def pack(self) -> None:
        self.send(scenarios.talent_pack(PLAN, self.rng, self.account))

    @task(2)
    def slots(self) -> None:
        self.send(scenarios.talent_slots(PLAN, self.rng))

    @task(1)
    def book_then_cancel(self) -> None:
        """Book a free slot, then cancel it: the place is free again for the next booking.
        The users sharing an account book disjoint slots (one person may hold a slot once)."""
        slots = PLAN["slots"][self.account]
        stride = PLAN["users_per_account"]
        mine = slots[(self.n // len(PLAN["slots"])) % stride :: stride] or slots
        response = self.send(scenarios.talent_book(PLAN, self.rng, mine), expect=303)
        found = re.search(r"/(\d+)/$", response.headers.get("Location", ""))
        if response.status_code == 303 and found:
            self.send(scenarios.talent_cancel(PLAN, found.group(1)), expect=303)


class Officer(PlanUser):
    role = "officer"

    @task(3)
    def home(self) -> None:
        self.send(scenarios.officer_home(PLAN, self.rng))

    @task(3)
    def cases(self) -> None:
        self.send(scenarios.officer_cases(PLAN, self.rng))

    @task(1)
    def dashboard(self) -> None:
        self.send(scenarios.officer_dashboard(PLAN, self.rng))


class Ceiling(PlanUser):
    role = "anonymous"

    @task
    def ok(self) -> None:
        self.send(scenarios.ceiling(PLAN, self.rng))


class SignedInCeiling(PlanUser):
    role = "clerk"

    @task
    def me(self) -> None:
        self.send(scenarios.signed_in_ceiling(PLAN, self.rng))
