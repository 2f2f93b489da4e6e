"""Hypothesis strategies: random valid rules over the talent facts, and random talents."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import strategies as st

from rencai.rules import years_since

from .population import (
    CARD_CHOICES,
    COUNTIES,
    DEGREES,
    EDGE_DATES,
    EVAL_DATES,
    NAMES,
    SEXES,
    TAGS,
    TIERS,
    TITLES,
    TalentSpec,
)

ORDERED = ["==", "!=", "<", "<=", ">", ">="]
# Full years from each edge date to each evaluation day: the boundaries worth hitting.
EDGE_YEARS = sorted(
    {
        n
        for start in EDGE_DATES
        for on in EVAL_DATES
        for n in (years_since(start, on), years_since(start, on) + 1)
        if n >= 0
    }
)
EQUALITY = ["==", "!="]


def dates_near_edges() -> st.SearchStrategy[date]:
    return st.one_of(st.sampled_from(EDGE_DATES), st.dates(date(1960, 1, 1), date(2026, 12, 31)))


def date_values() -> st.SearchStrategy[dict[str, Any]]:
    offset = st.fixed_dictionaries(
        {},
        optional={
            "years": st.one_of(st.integers(-60, 3), st.sampled_from([-n for n in EDGE_YEARS])),
            "months": st.integers(-24, 24),
            "days": st.integers(-40, 40),
        },
    )
    fixed = dates_near_edges().map(lambda d: {"date": d.isoformat()})
    return st.one_of(fixed, offset.map(lambda o: {"on": o}))


def years(top: int) -> st.SearchStrategy[int]:
    return st.one_of(st.integers(0, top), st.sampled_from(EDGE_YEARS))


def number_values() -> st.SearchStrategy[int | str]:
    return st.one_of(
        st.integers(-1, 7), st.sampled_from(["2.5", "3", "0.5", "-1", "5.0", "4.999999"])
    )


# fact name → (operators, value strategy) for everything but sets
VALUES: dict[str, tuple[list[str], st.SearchStrategy[Any]]] = {
    "name": (EQUALITY, st.sampled_from([*NAMES, "无此人"])),
    "sex": (EQUALITY, st.sampled_from(["M", "F"])),
    "county": (EQUALITY, st.sampled_from(list(COUNTIES))),
    "degree_code": (EQUALITY, st.sampled_from(DEGREES)),
    "degree": (ORDERED, st.sampled_from(DEGREES)),
    # tier and title have a none code: "none" is a value rules may name
    "tier": (ORDERED, st.sampled_from([*TIERS, "none"])),
    "title": (ORDERED, st.sampled_from([*TITLES, "none"])),
    "title_code": (EQUALITY, st.sampled_from([*TITLES, "none"])),
    "tier_rank": (ORDERED, number_values()),
    "birth_date": (ORDERED, date_values()),
    "arrival_date": (ORDERED, date_values()),
    "graduation_date": (ORDERED, date_values()),
    "age": (ORDERED, years(66)),
    "years_in_city": (ORDERED, years(26)),
    "years_since_graduation": (ORDERED, years(40)),
}
SETS = {"tags": st.sampled_from(TAGS), "cards": st.sampled_from(["green_card", "chucai_card"])}


def comparison(fact: str) -> st.SearchStrategy[dict[str, Any]]:
    operators, values = VALUES[fact]
    single = st.builds(lambda op, v: {op: [{"var": fact}, v]}, st.sampled_from(operators), values)
    listed = st.lists(values, min_size=1, max_size=3).map(lambda vs: {"in": [{"var": fact}, vs]})
    return st.one_of(single, listed)


def membership(fact: str) -> st.SearchStrategy[dict[str, Any]]:
    return SETS[fact].map(lambda code: {"has": [{"var": fact}, code]})


def leaves(facts: tuple[str, ...] = ()) -> st.SearchStrategy[dict[str, Any]]:
    """A leaf over any fact, or over `facts` only when given."""
    if facts:
        return st.one_of(*(comparison(fact) for fact in facts))
    return st.one_of(*(comparison(fact) for fact in VALUES), *(membership(fact) for fact in SETS))


def rules(depth: int = 4, facts: tuple[str, ...] = ()) -> st.SearchStrategy[dict[str, Any]]:
    """Random valid rules nested at most `depth` levels below the root, all operators
    (leaves over `facts` only, when given)."""
    leaf = leaves(facts)
    if depth == 0:
        return leaf
    below = rules(depth - 1, facts)
    return st.one_of(
        leaf,
        st.lists(below, max_size=3).map(lambda rs: {"and": rs}),
        st.lists(below, max_size=3).map(lambda rs: {"or": rs}),
        below.map(lambda r: {"not": r}),
    )


def talent_specs() -> st.SearchStrategy[TalentSpec]:
    def maybe(values: list[str]) -> st.SearchStrategy[str | None]:
        return st.one_of(st.none(), st.sampled_from(values))

    return st.builds(
        TalentSpec,
        name=st.sampled_from(NAMES),
        sex=st.sampled_from(SEXES),
        county=st.sampled_from(list(COUNTIES)),
        birth_date=dates_near_edges(),
        degree=maybe(DEGREES),
        tier=maybe(TIERS),
        title=maybe(TITLES),
        arrival_date=st.one_of(st.none(), dates_near_edges()),
        graduation_date=st.one_of(st.none(), dates_near_edges()),
        tags=st.lists(st.sampled_from(TAGS[:3]), unique=True, max_size=3).map(tuple),
        cards=st.integers(0, len(CARD_CHOICES) - 1),
    )
