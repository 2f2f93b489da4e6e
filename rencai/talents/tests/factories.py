"""Test factories for the talents app: catalogues (tiers, degrees, titles), talents, cards.

from rencai.talents.tests.factories import make_talent, make_card, make_tier

talent = make_talent(county=county, tier=make_tier("A"))
card = make_card(talent)                                 # an active green card, valid a year
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from rencai.core.models import Division
from rencai.core.tests.factories import make_county, next_number
from rencai.talents.choices import (
    CHECKSUMMED_ID_TYPES,
    CardKind,
    CardStatus,
    ChucaiLevel,
    IdType,
)
from rencai.talents.identity import make_ric, parse_id
from rencai.talents.models import Degree, Talent, TalentCard, Tier, Title

_next = next_number


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
