"""Small, explicit test factories for the core models (divisions, organisations, users).

Each helper creates real rows (no mocks) with sensible defaults; pass keyword arguments to
override. Signatures are stable: other apps import these. Each app keeps the factories of its
own models in its `tests/factories.py` (talents, cards and catalogues in
`rencai.talents.tests.factories`); the talent factories are still importable from here.

    from rencai.core.tests.factories import (
        make_city, make_county, make_division, make_organisation, make_user,
    )
    from rencai.talents.tests.factories import make_talent, make_card, make_tier

    county = make_county()                                   # 团风县 421121 under 黄冈市
    officer = make_user(role=Role.COUNTY_OFFICER, division=county)
    clerk = make_user(role=Role.WINDOW_CLERK)                # a service point is made for them
    talent = make_talent(county=county, tier=make_tier("A"))
    card = make_card(talent)                                 # an active green card, valid a year
"""

from __future__ import annotations

import itertools
from importlib import import_module

from django.contrib.auth.hashers import make_password

from rencai.core.choices import (
    DIVISION_ROLES,
    ORGANISATION_ROLES,
    ROLE_ORGANISATION_KIND,
    DivisionLevel,
    OrganisationKind,
    Role,
    ServicePointKind,
)
from rencai.core.models import Division, Organisation, RoleAssignment, User

_counter = itertools.count(1)

CITY_CODE = "421100"
CITY_NAME = "黄冈市"


def next_number() -> int:
    """A number no other factory call has had in this process (for unique codes and names)."""
    return next(_counter)


_next = next_number


def make_city() -> Division:
    """The city division (黄冈市, 421100), created once."""
    city, _ = Division.objects.get_or_create(
        code=CITY_CODE,
        defaults={"name": CITY_NAME, "level": DivisionLevel.CITY, "kind": "地级市"},
    )
    return city


def make_division(
    code: str | None = None,
    name: str | None = None,
    *,
    level: str = DivisionLevel.COUNTY,
    parent: Division | None = None,
    kind: str = "县",
) -> Division:
    """A division (a county under the city by default); get-or-create by code."""
    if level == DivisionLevel.CITY:
        return make_city()
    n = _next()
    code = code or f"429{n % 1000:03d}"
    division, _ = Division.objects.get_or_create(
        code=code,
        defaults={
            "name": name or f"测试县{n}",
            "level": level,
            "kind": kind,
            "parent": parent or make_city(),
        },
    )
    return division


def make_county(code: str = "421121", name: str = "团风县") -> Division:
    """A county of the city; get-or-create by code (e.g. make_county("421122", "红安县"))."""
    return make_division(code, name, level=DivisionLevel.COUNTY)


def make_organisation(
    kind: str = OrganisationKind.DEPARTMENT,
    division: Division | None = None,
    name: str | None = None,
    **kw,
) -> Organisation:
    """An organisation of `kind` (a service point gets service_point_kind=window by default)."""
    n = _next()
    if kind == OrganisationKind.SERVICE_POINT:
        kw.setdefault("service_point_kind", ServicePointKind.WINDOW)
    return Organisation.objects.create(
        kind=kind,
        division=division or make_city(),
        name=name or f"{OrganisationKind(kind).label} {n}",
        **kw,
    )


def make_user(
    username: str | None = None,
    role: str | None = Role.CITY_ADMIN,
    division: Division | None = None,
    organisation: Organisation | None = None,
    password: str | None = None,
    **fields,
) -> User:
    """A user holding `role` (None: no role) in a fitting scope.

    A division role without `division` gets the default county; an organisation role without
    `organisation` gets a new organisation of the kind the role needs. `password=None` leaves
    the password unusable (fast); use `client.force_login(user)` in tests.
    """
    username = username or f"user{_next()}"
    user = User.objects.create(
        username=username,
        password=make_password(password),
        **fields,
    )
    if role is not None:
        add_role(user, role, division=division, organisation=organisation)
    return user


def add_role(
    user: User,
    role: str,
    *,
    division: Division | None = None,
    organisation: Organisation | None = None,
) -> RoleAssignment:
    """Give `user` another role assignment (scope filled in as make_user does)."""
    if role in DIVISION_ROLES:
        division = division or make_county()
        organisation = None
    elif role in ORGANISATION_ROLES:
        organisation = organisation or make_organisation(kind=ROLE_ORGANISATION_KIND[role])
        division = None
    else:
        division = organisation = None
    assignment = RoleAssignment.objects.create(
        user=user, role=role, division=division, organisation=organisation
    )
    if hasattr(user, "_rencai_roles"):
        del user._rencai_roles
    return assignment


def english_client(user: User | None = None):
    """A logged-in test client that chose English, so assertions can read the source strings."""
    from .clients import page_client

    return page_client(user, english=True)


# The talent factories moved to the talents app; old imports from here keep working.
_MOVED = dict.fromkeys(
    ("make_tier", "make_degree", "make_title", "make_talent", "make_card"),
    "rencai.talents.tests.factories",
)


def __getattr__(name: str):
    if name in _MOVED:
        return getattr(import_module(_MOVED[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
