"""Concrete facts over the Talent model, for the rules tests — and for `policies` to copy.

The pattern for each kind of fact:

- a column on Talent (TEXT, DATE): `field` is the column, the getter reads the attribute;
- a blank CharField (sex): `blank_is_missing=True`, so "" is missing in both evaluators;
- a code behind a foreign key (county): `field="county__code"`, `null_field="county"`, and
  `key_field="county_id"` with `keys` = code → primary key, so the SQL compares ids (no join);
- a ranked catalogue (degree, tier, title): `field="degree__rank"`, `null_field="degree"`,
  `codes` = code → rank from the table, `names` for explanations, `key_field` and `keys` as
  for county (the compiler turns a rank comparison into the ids of the ranks that satisfy
  it); the getter returns the code;
  tier and title declare `none_code="none"`: no entry is the value "none", ranked below every
  code (never unknown), as `policies` registers them; a missing degree stays unknown;
- full years since a date (age, years in the city, years since graduation): YEARS_SINCE with
  `field` = the date column and a getter returning the DATE (rules counts the years);
- a set (tags, cards): the getter returns the codes held on `on`; `exists(code, on)` is an
  `Exists(...)` correlated on `OuterRef("pk")`, one per membership test.

Getters read related objects: load talents with `select_related("county", "degree", "tier",
"title")` and `prefetch_related("tags", "cards")` before explaining many of them.
`degree_code` (a CODE over a nullable foreign key), `title_code` (the same with a none code)
and `tier_rank` (a NUMBER) exist to test the compiler's handling of those shapes (`degree_code`
and `tier_rank` through the joined column, `title_code` by ids); `policies` need not keep them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from django.db.models import Exists, Model, OuterRef

from rencai.core.models import Division
from rencai.rules import Fact, FactCatalogue, FactType
from rencai.talents.choices import CardKind, CardStatus, Sex
from rencai.talents.models import Degree, Tag, Talent, TalentCard, Tier, Title


def attribute(name: str) -> Callable[[Any, date], Any]:
    def getter(talent: Talent, on: date) -> Any:
        return getattr(talent, name)

    return getter


def related_code(name: str) -> Callable[[Any, date], str | None]:
    """The code of a foreign-key catalogue entry (degree, tier, county …), None when empty."""

    def getter(talent: Talent, on: date) -> str | None:
        if getattr(talent, f"{name}_id") is None:
            return None
        return str(getattr(talent, name).code)

    return getter


def ranks(model: type[Model]) -> Callable[[], Mapping[str, int]]:
    return lambda: dict(model._default_manager.values_list("code", "rank"))


def keys(model: type[Model]) -> Callable[[], Mapping[str, int]]:
    return lambda: dict(model._default_manager.values_list("code", "pk"))


def names(model: type[Model]) -> Callable[[], Mapping[str, str]]:
    return lambda: dict(model._default_manager.values_list("code", "name"))


def ranked(name: str, label: str, model: type[Model], *, none_label: str = "") -> Fact:
    """A ranked catalogue; with `none_label`, no entry is the value "none" (lowest)."""
    return Fact(
        name,
        FactType.RANKED,
        label,
        related_code(name),
        field=f"{name}__rank",
        null_field=name,
        codes=ranks(model),
        names=names(model),
        none_code="none" if none_label else "",
        none_label=none_label,
        key_field=f"{name}_id",
        keys=keys(model),
    )


def tag_codes(talent: Talent, on: date) -> set[str]:
    return {tag.code for tag in talent.tags.all()}


def tag_exists(code: str, on: date) -> Exists:
    return Exists(Talent.tags.through.objects.filter(talent_id=OuterRef("pk"), tag__code=code))


def valid_card_kinds(talent: Talent, on: date) -> set[str]:
    """The kinds of card valid on `on`: active (not revoked or superseded) and within dates."""
    return {card.kind for card in talent.cards.all() if card.is_valid_on(on)}


def card_exists(code: str, on: date) -> Exists:
    return Exists(
        TalentCard.objects.filter(
            talent_id=OuterRef("pk"),
            kind=code,
            status=CardStatus.ACTIVE,
            valid_from__lte=on,
            valid_to__gte=on,
        )
    )


def years_since(name: str, label: str, start: str, unit: str) -> Fact:
    return Fact(
        name,
        FactType.YEARS_SINCE,
        label,
        attribute(start),
        field=start,
        base_fact=start,
        unit=unit,
    )


def talent_facts() -> list[Fact]:
    return [
        Fact("name", FactType.TEXT, "姓名", attribute("name"), field="name"),
        Fact("mobile", FactType.TEXT, "手机号码", attribute("mobile"), field="mobile"),
        Fact(
            "sex",
            FactType.CODE,
            "性别",
            attribute("sex"),
            field="sex",
            codes=lambda: dict.fromkeys(Sex.values, 0),
            names=lambda: {code: str(label) for code, label in Sex.choices},
            blank_is_missing=True,
        ),
        Fact(
            "county",
            FactType.CODE,
            "所在县市区",
            related_code("county"),
            field="county__code",
            null_field="county",
            codes=lambda: dict.fromkeys(Division.objects.values_list("code", flat=True), 0),
            names=lambda: dict(Division.objects.values_list("code", "name")),
            key_field="county_id",
            keys=keys(Division),
        ),
        ranked("degree", "学历", Degree),  # a missing degree is unknown
        ranked("tier", "人才层次", Tier, none_label="无层次"),  # no tier is a value
        ranked("title", "职称", Title, none_label="无职称"),
        Fact(
            "title_code",
            FactType.CODE,
            "职称代码",
            related_code("title"),
            field="title__code",
            null_field="title",
            codes=ranks(Title),
            none_code="none",
            key_field="title_id",
            keys=keys(Title),
        ),
        Fact(
            "degree_code",
            FactType.CODE,
            "学历代码",
            related_code("degree"),
            field="degree__code",
            null_field="degree",
            codes=ranks(Degree),
        ),
        Fact(
            "tier_rank",
            FactType.NUMBER,
            "人才层次序号",
            lambda talent, on: talent.tier.rank if talent.tier_id else None,
            field="tier__rank",
            null_field="tier",
        ),
        Fact("birth_date", FactType.DATE, "出生日期", attribute("birth_date"), field="birth_date"),
        Fact(
            "arrival_date",
            FactType.DATE,
            "来黄日期",
            attribute("arrival_date"),
            field="arrival_date",
        ),
        Fact(
            "graduation_date",
            FactType.DATE,
            "毕业日期",
            attribute("graduation_date"),
            field="graduation_date",
        ),
        years_since("age", "年龄", "birth_date", "岁"),
        years_since("years_in_city", "在黄年限", "arrival_date", "年"),
        years_since("years_since_graduation", "毕业年限", "graduation_date", "年"),
        Fact(
            "tags",
            FactType.SET,
            "人才类别",
            tag_codes,
            codes=lambda: dict.fromkeys(Tag.objects.values_list("code", flat=True), 0),
            names=lambda: dict(Tag.objects.values_list("code", "name")),
            exists=tag_exists,
        ),
        Fact(
            "cards",
            FactType.SET,
            "持有的有效卡",
            valid_card_kinds,
            codes=lambda: dict.fromkeys(CardKind.values, 0),
            names=lambda: {code: str(label) for code, label in CardKind.choices},
            exists=card_exists,
        ),
    ]


def talent_catalogue() -> FactCatalogue:
    catalogue = FactCatalogue()
    for fact in talent_facts():
        catalogue.register(fact)
    return catalogue


def talents_for_explain() -> Any:
    """Talents with everything the getters read, loaded in a fixed number of queries."""
    return Talent.objects.select_related("county", "degree", "tier", "title").prefetch_related(
        "tags", "cards"
    )
