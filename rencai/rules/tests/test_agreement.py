"""THE property: explain() and compile_rule() agree, talent by talent, on random rules.

For every generated rule and evaluation day: TRUE exactly for the talents the compiled true_q
selects, FALSE exactly for false_q, UNKNOWN for the rest; and the compiled amount equals
amount_fen(). Runs on PostgreSQL and on SQLite (portable).
"""

from datetime import date

import pytest
from django.db import transaction
from hypothesis import event, given, settings
from hypothesis import strategies as st

from rencai.rules import amount_fen, explain, parse, years_since
from rencai.rules.django import compile_amount, compile_rule

from .population import (
    DEGREES,
    EVAL_DATES,
    TIERS,
    TITLES,
    create_talent,
    make_catalogues,
    make_population,
)
from .strategies import rules, talent_specs
from .talent_facts import talent_catalogue, talents_for_explain

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


@pytest.fixture
def made(db):
    return make_catalogues()


@pytest.fixture
def population(made):
    """~40 varied talents, made once per test (Hypothesis examples only read them)."""
    make_population(made)
    return list(talents_for_explain())


def outcomes_in_sql(parsed, catalogue, on: date) -> dict[int, str]:
    """Every talent's outcome by the compiled predicates, in one query."""
    compiled = compile_rule(parsed, catalogue, on=on)
    rows = talents_for_explain().annotate(verdict=compiled.outcome()).values_list("pk", "verdict")
    return dict(rows)


def outcomes_in_python(parsed, catalogue, talents, on: date) -> dict[int, str]:
    return {t.pk: str(explain(parsed, t, catalogue, on=on).outcome) for t in talents}


@settings(max_examples=150)
@given(rule=rules(depth=4), on=st.sampled_from(EVAL_DATES))
def test_explain_and_compile_agree_on_a_fixed_population(population, rule, on):
    catalogue = talent_catalogue()
    parsed = parse(rule, catalogue)

    in_sql = outcomes_in_sql(parsed, catalogue, on)

    assert in_sql == outcomes_in_python(parsed, catalogue, population, on)
    event(
        "outcomes: " + ", ".join(sorted(set(in_sql.values())))
    )  # shown by --hypothesis-show-statistics


NONE_ABLE = ("tier", "title", "title_code")  # facts whose missing value is "none"


@settings(max_examples=60)
@given(rule=rules(depth=3, facts=NONE_ABLE), on=st.sampled_from(EVAL_DATES))
def test_rules_over_facts_with_a_none_code_are_never_unknown(population, rule, on):
    catalogue = talent_catalogue()
    parsed = parse(rule, catalogue)

    in_sql = outcomes_in_sql(parsed, catalogue, on)

    assert in_sql == outcomes_in_python(parsed, catalogue, population, on)
    assert "unknown" not in set(in_sql.values())


class Rollback(Exception):
    """Raised to undo one Hypothesis example's talents (the test's transaction stays open)."""


@settings(max_examples=100)
@given(
    specs=st.lists(talent_specs(), min_size=1, max_size=4),
    rule=rules(depth=3),
    on=st.sampled_from(EVAL_DATES),
)
def test_explain_and_compile_agree_on_random_talents(made, specs, rule, on):
    catalogue = talent_catalogue()
    try:
        with transaction.atomic():
            for spec in specs:
                create_talent(spec, made)
            talents = list(talents_for_explain())
            parsed = parse(rule, catalogue)

            assert outcomes_in_sql(parsed, catalogue, on) == outcomes_in_python(
                parsed, catalogue, talents, on
            )
            raise Rollback
    except Rollback:
        pass


yuan = st.sampled_from(["0.00", "0.01", "1.00", "333.33", "1000.00", "5000.00", "30000.00"])


def none_able_table(fact, codes):
    return st.builds(
        lambda rows, default: {
            "kind": "table",
            "fact": fact,
            "rows": rows,
            **({"default": default} if default else {}),
        },
        st.dictionaries(st.sampled_from([*codes, "none"]), yuan, min_size=1),
        st.one_of(st.none(), yuan),
    )


amount_specs = st.one_of(
    st.just({"kind": "none"}),
    st.builds(lambda y: {"kind": "fixed", "yuan": y}, yuan),
    st.builds(
        lambda fact, rows, default: {
            "kind": "table",
            "fact": fact,
            "rows": rows,
            **({"default": default} if default else {}),
        },
        st.just("degree"),
        st.dictionaries(st.sampled_from(DEGREES), yuan, min_size=1),
        st.one_of(st.none(), yuan),
    ),
    # tier and title_code have a none code: no entry takes the "none" row, else the default
    none_able_table("tier", TIERS),
    none_able_table("title_code", TITLES),
    st.builds(
        lambda fact, per_unit, base, cap: {
            "kind": "formula",
            "fact": fact,
            "per_unit": per_unit,
            "base": base,
            "cap": cap,
        },
        st.sampled_from(["age", "years_in_city", "years_since_graduation", "tier_rank"]),
        yuan,
        yuan,
        yuan,
    ),
)


@settings(max_examples=100)
@given(spec=amount_specs, on=st.sampled_from(EVAL_DATES))
def test_compiled_amounts_equal_python_amounts(population, spec, on):
    catalogue = talent_catalogue()
    expression = compile_amount(spec, catalogue, on=on)

    in_sql = dict(talents_for_explain().annotate(fen=expression).values_list("pk", "fen"))

    assert in_sql == {t.pk: amount_fen(spec, t, catalogue, on=on) for t in population}


@pytest.mark.parametrize("on", EVAL_DATES)
def test_full_years_agree_at_every_boundary_of_the_population(population, on):
    """For each years fact, every N at which some talent's start date sits on the boundary."""
    catalogue = talent_catalogue()
    starts = {"age": "birth_date", "years_in_city": "arrival_date"}
    starts["years_since_graduation"] = "graduation_date"
    rules_by_column = {}
    for fact, column in starts.items():
        dates = [getattr(t, column) for t in population if getattr(t, column) is not None]
        boundaries = {years_since(d, on) + k for d in dates for k in (0, 1)}
        for n in sorted(n for n in boundaries if n >= 0):
            rules_by_column[f"{fact}_{n}"] = parse({">=": [{"var": fact}, n]}, catalogue)
    annotations = {
        column: compile_rule(parsed, catalogue, on=on).outcome()
        for column, parsed in rules_by_column.items()
    }

    rows = talents_for_explain().annotate(**annotations).values("pk", *annotations)

    by_pk = {t.pk: t for t in population}
    for row in rows:
        for column, parsed in rules_by_column.items():
            expected = explain(parsed, by_pk[row["pk"]], catalogue, on=on).outcome
            assert (column, row[column]) == (column, str(expected))
