"""Small, explicit test factories shared by every app's tests.

Each helper creates real rows (no mocks) with sensible defaults; pass keyword arguments to
override. Signatures are stable: other apps import these.

    from rencai.core.tests.factories import (
        make_city, make_county, make_division, make_organisation, make_user,
        make_talent, make_card, make_tier, make_degree, make_title,
    )

    county = make_county()                                   # 团风县 421121 under 黄冈市
    officer = make_user(role=Role.COUNTY_OFFICER, division=county)
    clerk = make_user(role=Role.WINDOW_CLERK)                # a service point is made for them
    talent = make_talent(county=county, tier=make_tier("A"))
    card = make_card(talent)                                 # an active green card, valid a year
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.utils import timezone

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
from rencai.talents.choices import (
    CHECKSUMMED_ID_TYPES,
    CardKind,
    CardStatus,
    ChucaiLevel,
    IdType,
)
from rencai.talents.identity import make_ric, parse_id
from rencai.talents.models import Degree, Talent, TalentCard, Tier, Title

_counter = itertools.count(1)

CITY_CODE = "421100"
CITY_NAME = "黄冈市"


def _next() -> int:
    return next(_counter)


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


def _catalogue_entry(model, code: str, name: str | None, rank: int | None, **extra):
    obj = model.objects.filter(code=code).first()
    if obj is not None:
        return obj
    if rank is None:
        rank = (model.objects.order_by("-rank").values_list("rank", flat=True).first() or 0) + 1
    return model.objects.create(code=code, name=name or code, rank=rank, **extra)


def make_tier(code: str = "A", name: str | None = None, rank: int | None = None, **extra) -> Tier:
    """A talent tier; get-or-create by code. Tiers A–E get ranks 1–5 by default."""
    if rank is None and len(code) == 1 and code in "ABCDE":
        rank = "ABCDE".index(code) + 1
    extra.setdefault("is_high_level", code in ("A", "B"))
    return _catalogue_entry(Tier, code, name or f"{code}类人才", rank, **extra)


def make_degree(code: str = "master", name: str | None = None, rank: int | None = None) -> Degree:
    """A degree; get-or-create by code (doctorate 1, master 2, bachelor 3 by default)."""
    defaults = {
        "doctorate": (1, "博士研究生"),
        "master": (2, "硕士研究生"),
        "bachelor": (3, "大学本科"),
    }
    if code in defaults:
        rank = rank or defaults[code][0]
        name = name or defaults[code][1]
    return _catalogue_entry(Degree, code, name, rank)


def make_title(code: str = "senior", name: str | None = None, rank: int | None = None) -> Title:
    """A professional title level; get-or-create by code (senior 1, …)."""
    defaults = {"senior": (1, "正高级"), "vice_senior": (2, "副高级"), "intermediate": (3, "中级")}
    if code in defaults:
        rank = rank or defaults[code][0]
        name = name or defaults[code][1]
    return _catalogue_entry(Title, code, name, rank)


def make_talent(county: Division | None = None, **overrides) -> Talent:
    """A talent with a valid, unique resident identity number (unless overridden).

    A given RIC `id_number` without `birth_date` gets the birth date it carries.

    Pass `tags=[...]` to set tags; any other Talent field as a keyword.
    """
    n = _next()
    county = county or make_county()
    tags = overrides.pop("tags", None)
    id_type = overrides.get("id_type", IdType.RIC)
    if (
        "id_number" in overrides
        and id_type in CHECKSUMMED_ID_TYPES
        and not overrides.get("birth_date")
    ):
        overrides["birth_date"] = parse_id(id_type, overrides["id_number"]).birth_date
    birth = overrides.get("birth_date") or date(1985, 1, 1) + timedelta(days=n % 3650)
    overrides["birth_date"] = birth
    if "id_number" not in overrides:
        if id_type == IdType.RIC:
            overrides["id_number"] = make_ric(county.code, birth, n % 1000)
            # The sequence repeats every 1000 talents; the birth date keeps numbers distinct.
        else:
            overrides["id_number"] = f"E{n:08d}"
    overrides.setdefault("name", f"测试人才{n}")
    overrides.setdefault("mobile", f"139{n:08d}"[-11:])
    talent = Talent.objects.create(county=county, **overrides)
    if tags:
        talent.tags.set(tags)
    return talent


def make_card(
    talent: Talent | None = None,
    *,
    kind: str = CardKind.GREEN_CARD,
    valid_from: date | None = None,
    valid_to: date | None = None,
    status: str = CardStatus.ACTIVE,
    **fields,
) -> TalentCard:
    """A card for `talent` (a new talent if None): active, valid from today for a year.

    A Chucai card gets level A unless given; a revoked card gets a reason unless given.
    """
    n = _next()
    talent = talent or make_talent()
    valid_from = valid_from or timezone.localdate()
    valid_to = valid_to or valid_from + timedelta(days=365)
    if kind == CardKind.CHUCAI_CARD:
        fields.setdefault("level", ChucaiLevel.A)
    if status == CardStatus.REVOKED:
        fields.setdefault("revoke_reason", "测试撤销")
    fields.setdefault("number", f"HG-{valid_from.year}-{n:06d}")
    return TalentCard.objects.create(
        talent=talent,
        kind=kind,
        valid_from=valid_from,
        valid_to=valid_to,
        status=status,
        **fields,
    )


def english_client(user: User | None = None):
    """A logged-in test client that chose English, so assertions can read the source strings."""
    from .clients import page_client

    return page_client(user, english=True)
