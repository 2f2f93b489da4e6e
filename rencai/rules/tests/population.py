"""Real talents for the database tests: catalogue rows and a varied, fixed population.

The population has what breaks evaluators: NULL degree/tier/title/arrival/graduation, a blank
sex, no tags, birthdays on the evaluation days and on 29 February, and cards that are active,
revoked, superseded, expired or not yet valid on the evaluation days.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from rencai.core.tests.factories import make_county
from rencai.talents.choices import CardKind, CardStatus
from rencai.talents.models import Tag, Talent
from rencai.talents.tests.factories import (
    make_card,
    make_degree,
    make_talent,
    make_tier,
    make_title,
)

# Evaluation days: both sides of 29 February in a leap and a common year, and an ordinary day.
EVAL_DATES = [
    date(2024, 2, 28),
    date(2024, 2, 29),
    date(2024, 3, 1),
    date(2025, 2, 28),
    date(2025, 3, 1),
    date(2024, 6, 15),
]
NAMES = ["陈超", "李四", "王五", "张三"]
SEXES = ["", "M", "F"]
DEGREES = ["doctorate", "master", "bachelor", "college"]
TIERS = ["A", "B", "C", "D", "E"]
TITLES = ["senior", "vice_senior", "intermediate"]
TAGS = ["youth", "graduate", "overseas", "returnee"]  # nobody holds "returnee"
COUNTIES = {"421121": "团风县", "421122": "红安县", "421102": "黄州区"}
EDGE_DATES = [
    date(1992, 2, 29),
    date(1996, 2, 29),
    date(2020, 2, 29),
    date(1991, 2, 28),
    date(1991, 3, 1),
    date(1994, 2, 28),
    date(1989, 6, 15),
    date(1989, 6, 14),
    date(1989, 6, 16),
    date(1999, 3, 1),
    date(2021, 2, 28),
    date(2021, 3, 1),
    date(2024, 2, 29),
    date(2024, 6, 15),
    date(2025, 1, 1),
]
# Cards as (kind, status, valid_from, valid_to): edges fall on the evaluation days.
CARD_CHOICES = [
    [],
    [(CardKind.GREEN_CARD, CardStatus.ACTIVE, date(2023, 1, 1), date(2026, 1, 1))],
    [(CardKind.GREEN_CARD, CardStatus.ACTIVE, date(2024, 2, 29), date(2025, 2, 28))],
    [(CardKind.GREEN_CARD, CardStatus.ACTIVE, date(2020, 1, 1), date(2024, 2, 28))],  # expires
    [(CardKind.CHUCAI_CARD, CardStatus.REVOKED, date(2023, 1, 1), date(2026, 1, 1))],
    [
        (CardKind.GREEN_CARD, CardStatus.SUPERSEDED, date(2022, 1, 1), date(2024, 3, 1)),
        (CardKind.GREEN_CARD, CardStatus.ACTIVE, date(2024, 3, 1), date(2027, 3, 1)),
        (CardKind.CHUCAI_CARD, CardStatus.ACTIVE, date(2024, 1, 1), date(2025, 3, 1)),
    ],
]


@dataclass
class Catalogues:
    degrees: dict[str, object] = field(default_factory=dict)
    tiers: dict[str, object] = field(default_factory=dict)
    titles: dict[str, object] = field(default_factory=dict)
    tags: dict[str, Tag] = field(default_factory=dict)
    counties: dict[str, object] = field(default_factory=dict)


def make_catalogues() -> Catalogues:
    made = Catalogues()
    made.degrees = {code: make_degree(code, rank=rank) for rank, code in enumerate(DEGREES, 1)}
    made.tiers = {code: make_tier(code) for code in TIERS}
    made.titles = {code: make_title(code) for code in TITLES}
    made.tags = {
        code: Tag.objects.get_or_create(code=code, defaults={"name": code})[0] for code in TAGS
    }
    made.counties = {code: make_county(code, name) for code, name in COUNTIES.items()}
    return made


@dataclass(frozen=True)
class TalentSpec:
    """What a test talent is made of (hypothesis draws these too)."""

    name: str
    sex: str
    county: str
    birth_date: date
    degree: str | None
    tier: str | None
    title: str | None
    arrival_date: date | None
    graduation_date: date | None
    tags: tuple[str, ...]
    cards: int  # an index into CARD_CHOICES


def create_talent(spec: TalentSpec, made: Catalogues) -> Talent:
    talent = make_talent(
        county=made.counties[spec.county],
        name=spec.name,
        sex=spec.sex,
        birth_date=spec.birth_date,
        degree=made.degrees[spec.degree] if spec.degree else None,
        tier=made.tiers[spec.tier] if spec.tier else None,
        title=made.titles[spec.title] if spec.title else None,
        arrival_date=spec.arrival_date,
        graduation_date=spec.graduation_date,
        tags=[made.tags[code] for code in spec.tags],
    )
    for kind, status, valid_from, valid_to in CARD_CHOICES[spec.cards]:
        make_card(talent, kind=kind, status=status, valid_from=valid_from, valid_to=valid_to)
    return talent


def random_spec(rng: random.Random) -> TalentSpec:
    def maybe(values: list[str]) -> str | None:
        return rng.choice([None, *values])

    def some_date(start: int, end: int) -> date:
        if rng.random() < 0.5:
            return rng.choice(EDGE_DATES)
        return date(start, 1, 1) + timedelta(days=rng.randrange((end - start) * 365))

    return TalentSpec(
        name=rng.choice(NAMES),
        sex=rng.choice(SEXES),
        county=rng.choice(list(COUNTIES)),
        birth_date=some_date(1960, 2004),
        degree=maybe(DEGREES),
        tier=maybe(TIERS),
        title=maybe(TITLES),
        arrival_date=some_date(2000, 2025) if rng.random() < 0.7 else None,
        graduation_date=some_date(1985, 2024) if rng.random() < 0.6 else None,
        tags=tuple(tag for tag in TAGS[:3] if rng.random() < 0.4),
        cards=rng.randrange(len(CARD_CHOICES)),
    )


def make_population(made: Catalogues, size: int = 40, seed: int = 20240229) -> list[Talent]:
    """`size` varied talents; every birthday in EDGE_DATES appears at least once."""
    rng = random.Random(seed)
    specs = [random_spec(rng) for _ in range(size)]
    for i, birth in enumerate(EDGE_DATES[:size]):
        specs[i] = TalentSpec(**{**specs[i].__dict__, "birth_date": birth})
    return [create_talent(spec, made) for spec in specs]
