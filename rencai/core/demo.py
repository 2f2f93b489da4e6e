"""The demo city: divisions, organisations and demo users, read from a data folder.

Everything regional lives in the data files: the configured city's folder (`rencai.core.city`:
`data/huanggang/` by default; `data/xiaogan/` is a second, small one); this module only reads
them. `DEMO_USERS` lists the shipped Huanggang demo's logins (`DATA_DIR`).
Loading upserts by natural key (division code, credit code or organisation code, username), so
running it again repairs the demo rather than duplicating it.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import NamedTuple

from django.contrib.auth.hashers import make_password
from django.db.models import Q

from . import audit
from . import city as cities
from .choices import DivisionLevel, Role
from .models import Division, Organisation, RoleAssignment, User
from .validators import validate_credit_code

DEMO_PASSWORD = "rencai-demo-2022"  # noqa: S105 (published demo password)
# The shipped Huanggang demo (tests and benchmarks load it by name); what `load_demo` loads by
# default is the configured city's folder, `city.data_dir()`.
DATA_DIR = cities.DATA_ROOT / "huanggang"


class DemoUser(NamedTuple):
    """One demo login: (username, label) first, then how to create it."""

    username: str
    label: str
    display_name: str
    role: str
    division_code: str
    organisation_division_code: str
    organisation_code: str
    is_superuser: bool


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def read_demo_users(data_dir: Path = DATA_DIR) -> list[DemoUser]:
    return [
        DemoUser(
            username=row["username"],
            label=row["label"],
            display_name=row["display_name"],
            role=Role(row["role"]).value,
            division_code=row["division_code"],
            organisation_division_code=row["organisation_division_code"],
            organisation_code=row["organisation_code"],
            is_superuser=row["is_superuser"].strip().lower() == "true",
        )
        for row in read_csv(data_dir / "users.csv")
    ]


DEMO_USERS: list[DemoUser] = read_demo_users()


def is_loaded() -> bool:
    """Whether any city is configured (the cheap check behind `load_demo --if-empty`)."""
    return Division.objects.exists()


def city_division() -> Division | None:
    """The loaded city: its division without a parent (city.json's `division_code`). The demo
    stories read the city from here, never a code of their own."""
    return (
        Division.objects.filter(parent__isnull=True, level=DivisionLevel.CITY)
        .order_by("code")
        .first()
    )


def city_organisation(code: str) -> Organisation | None:
    """The city-level organisation coded `code` in organisations.csv (hrss, youth_league, ...)."""
    city = city_division()
    if city is None:
        return None
    return Organisation.objects.filter(division=city, code=code).first()


def county_bureau(code: str) -> tuple[Organisation, User, User] | None:
    """The first county (by code) whose department `code` (hrss, ...) has a demo officer and
    which has a demo county officer: (the bureau, the county officer, the bureau's officer) —
    武穴's in Huanggang. Data (organisations.csv, users.csv), not a code in the stories."""
    assignments = (
        RoleAssignment.objects.filter(
            role=Role.DEPARTMENT_OFFICER,
            organisation__code=code,
            organisation__division__parent__isnull=False,
            user__is_active=True,
        )
        .select_related("user", "organisation__division")
        .order_by("organisation__division__code", "user__username")
    )
    for assignment in assignments:
        bureau = assignment.organisation
        county = (
            RoleAssignment.objects.filter(
                role=Role.COUNTY_OFFICER, division=bureau.division, user__is_active=True
            )
            .select_related("user")
            .order_by("user__username")
            .first()
        )
        if county is not None:
            return bureau, county.user, assignment.user
    return None


def read_story(data_dir: Path, name: str) -> dict:
    """A demo story's data (`<name>.json` in the city's folder: titles, places, the
    organisations it names by code); {} when the city has none."""
    import json

    path = Path(data_dir) / name
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def load_divisions(data_dir: Path) -> dict[str, int]:
    """Upsert divisions by code; parents are resolved whatever the order of the rows."""
    pending = read_csv(data_dir / "divisions.csv")
    by_code: dict[str, Division] = {}
    created = 0
    while pending:
        ready = [r for r in pending if not r["parent_code"] or r["parent_code"] in by_code]
        if not ready:
            missing = sorted({r["parent_code"] for r in pending})
            raise ValueError(f"divisions.csv: unknown parent codes {missing}")
        for row in ready:
            division, new = Division.objects.update_or_create(
                code=row["division_code"],
                defaults={
                    "name": row["name"],
                    "level": DivisionLevel(row["level"]).value,
                    "kind": row["kind"],
                    "parent": by_code.get(row["parent_code"]),
                },
            )
            by_code[division.code] = division
            created += new
        pending = [r for r in pending if r not in ready]
    return {"divisions": len(by_code), "created": created}


def load_organisations(data_dir: Path) -> dict[str, int]:
    """Upsert organisations by credit code, else by (division, code), else by name."""
    divisions = {d.code: d for d in Division.objects.all()}
    counts: dict[str, int] = {"organisations": 0, "created": 0}
    for row in read_csv(data_dir / "organisations.csv"):
        division = divisions[row["division_code"]]
        validate_credit_code(row["credit_code"])
        if row["credit_code"]:
            key = Q(credit_code=row["credit_code"])
        elif row["code"]:
            key = Q(division=division, code=row["code"])
        else:
            key = Q(division=division, kind=row["kind"], name=row["name"])
        fields = {
            "name": row["name"],
            "kind": row["kind"],
            "division": division,
            "code": row["code"],
            "credit_code": row["credit_code"],
            "service_point_kind": row["service_point_kind"],
            "is_active": True,
        }
        organisation = Organisation.objects.filter(key).first()
        if organisation is None:
            Organisation.objects.create(**fields)
            counts["created"] += 1
        else:
            for name, value in fields.items():
                setattr(organisation, name, value)
            organisation.save()
        counts["organisations"] += 1
        counts[row["kind"]] = counts.get(row["kind"], 0) + 1
    return counts


def load_users(data_dir: Path, password: str = DEMO_PASSWORD) -> dict[str, int]:
    """Upsert the demo users with the demo password and their one role assignment each."""
    created = 0
    users = read_demo_users(data_dir)
    # One hash for all: the password is published anyway, and scrypt costs ~0.3 s a call.
    hashed = make_password(password)
    for spec in users:
        user, new = User.objects.get_or_create(username=spec.username)
        user.display_name = spec.display_name
        user.is_staff = user.is_superuser = spec.is_superuser
        user.is_active = True
        user.password = hashed
        user.save()
        created += new
        division = organisation = None
        if spec.division_code:
            division = Division.objects.get(code=spec.division_code)
        if spec.organisation_code:
            organisation = Organisation.objects.get(
                division__code=spec.organisation_division_code, code=spec.organisation_code
            )
        RoleAssignment.objects.get_or_create(
            user=user, role=spec.role, division=division, organisation=organisation
        )
    return {"users": len(users), "created": created}


def load_reference_data(data_dir: Path = DATA_DIR) -> dict[str, dict[str, int]]:
    """Divisions, organisations and demo users; one audit event per step with its counts."""
    steps = {
        "divisions": load_divisions,
        "organisations": load_organisations,
        "users": load_users,
    }
    counts = {}
    for name, step in steps.items():
        counts[name] = step(data_dir)
        audit.record(None, "demo.load", target_type="demo", target_repr=name, changes=counts[name])
    return counts


def load_demo(options) -> str:
    """core's demo loader (`rencai.core.demo_loaders`): the city, its organisations, the demo
    users, and the official calendar (`seed_calendar`)."""
    from io import StringIO

    from django.core.management import call_command

    counts = load_reference_data(options.data_dir)
    call_command("seed_calendar", verbosity=0, stdout=StringIO())
    return (
        f"{counts['divisions']['divisions']} divisions, "
        f"{counts['organisations']['organisations']} organisations, "
        f"{counts['users']['users']} demo users"
    )
