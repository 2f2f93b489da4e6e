"""The load test's requests, built from a plan (plain JSON: no Django, no Locust here).

`bench/load.py` makes the plan from the database (sessions, a sample of the registry, the
paths, free slots) and writes it to a file; `bench/locustfile.py` reads it and sends what the
builders below return; the smoke test (`tests/bench/test_load_bench.py`) sends the same
requests through Django's test client. A request is (name, method, path, form or None); the
name groups the request in Locust's statistics.

Paths with a talent or an appointment carry `{pk}`, filled in here.
"""

from __future__ import annotations

import random
from typing import Any

Plan = dict[str, Any]
# (name in the statistics, method, path, form body or None)
Request = tuple[str, str, str, dict[str, str] | None]

# Sample rows: [pk, name, id_number, birth_date (ISO)].
PK, NAME, ID_NUMBER, BIRTH_DATE = range(4)


def _row(plan: Plan, rng: random.Random) -> list:
    return rng.choice(plan["talents"])


def path(plan: Plan, key: str, pk: int | str | None = None) -> str:
    template = plan["paths"][key]
    return template.replace("{pk}", str(pk)) if pk is not None else template


# --- the window clerk ---------------------------------------------------------------------


def window_find_by_name(plan: Plan, rng: random.Random) -> Request:
    """The window's find: a walk-in's name and birth date (POST, as the page sends it)."""
    row = _row(plan, rng)
    form = {"name": row[NAME], "birth_date": row[BIRTH_DATE]}
    return ("window find (name + birth date)", "POST", path(plan, "find"), form)


def window_find_by_id_number(plan: Plan, rng: random.Random) -> Request:
    """The window page's find by identity number (the box a clerk types into): found, the
    page lists the talent's benefits, each with its button to open a case."""
    return _find_by_id_number(plan, _row(plan, rng))


def _find_by_id_number(plan: Plan, row: list) -> Request:
    form = {"id_number": row[ID_NUMBER]}
    return ("window find (identity number)", "POST", path(plan, "window"), form)


def window_case_form(plan: Plan, rng: random.Random) -> list[Request]:
    """Find a walk-in by number, then open their page at the window (the case form: their
    benefits and the buttons that open a case). The clerk sees a talent once found."""
    row = _row(plan, rng)
    talent_page = ("window case form", "GET", path(plan, "window_talent", row[PK]), None)
    return [_find_by_id_number(plan, row), talent_page]


# --- the talent on a phone ----------------------------------------------------------------


def talent_home(plan: Plan, rng: random.Random) -> Request:
    return ("talent home (phone)", "GET", path(plan, "home"), None)


def talent_pack(plan: Plan, rng: random.Random, account: int = 0) -> Request:
    """The talent's own pack (`/pack/` redirects here): `account` is their place in the plan."""
    return ("talent policy pack", "GET", path(plan, "pack", plan["accounts"][account]), None)


def talent_slots(plan: Plan, rng: random.Random) -> Request:
    return ("talent medical slots", "GET", path(plan, "book"), None)


def talent_book(plan: Plan, rng: random.Random, slots: list[int]) -> Request:
    """Book a place in one of `slots` (answered by a redirect to the appointment)."""
    return ("talent book a slot", "POST", path(plan, "book"), {"slot": str(rng.choice(slots))})


def talent_cancel(plan: Plan, appointment_pk: int | str) -> Request:
    """Cancel the booking just made, so the slot's place is free again."""
    form = {"action": plan["cancel_action"], "reason": "load test"}
    return ("talent cancel the booking", "POST", path(plan, "step", appointment_pk), form)


# --- the county officer -------------------------------------------------------------------


def officer_home(plan: Plan, rng: random.Random) -> Request:
    return ("officer home", "GET", path(plan, "home"), None)


def officer_cases(plan: Plan, rng: random.Random) -> Request:
    return ("officer case queue", "GET", path(plan, "cases"), None)


def officer_dashboard(plan: Plan, rng: random.Random) -> Request:
    return ("officer dashboard", "GET", path(plan, "dashboard"), None)


# --- the ceiling --------------------------------------------------------------------------


def ceiling(plan: Plan, rng: random.Random) -> Request:
    """The bare JSON view: the whole stack, no database (mounted by RENCAI_BENCH_VIEWS)."""
    return ("ceiling (bare JSON view)", "GET", path(plan, "ceiling"), None)


def signed_in_ceiling(plan: Plan, rng: random.Random) -> Request:
    """The bare JSON view for a signed-in user: the session and the user read, nothing else
    (what every signed-in page pays before its own work; a reference, not the aim's ceiling)."""
    return ("signed-in ceiling (session + user)", "GET", path(plan, "signed_in"), None)
