"""The Django adapter on real talents: NULLs stay unknown, sets are EXISTS, amounts in SQL."""

from datetime import date

import pytest
from django.db.models import Sum
from django.utils import translation

from rencai.core.tests.factories import make_county
from rencai.rules import (
    ErrorCode,
    Reason,
    RuleError,
    RuleValidationError,
    amount_fen,
    explain,
    validate,
    validate_amount,
)
from rencai.rules.django import compile_amount, compile_rule, describe, select
from rencai.talents.choices import CardKind, CardStatus
from rencai.talents.models import Tag, Talent
from rencai.talents.tests.factories import (
    make_card,
    make_degree,
    make_talent,
    make_tier,
    make_title,
)

from .catalogue import pure_catalogue
from .talent_facts import talent_catalogue, talents_for_explain
from .test_amounts import REFUSED as REFUSED_AMOUNTS
from .test_validate import REFUSED as REFUSED_RULES

pytestmark = [pytest.mark.django_db, pytest.mark.portable]

ON = date(2024, 6, 15)


def var(name):
    return {"var": name}


def selected(rule, on=ON):
    return set(select(Talent.objects.all(), rule, talent_catalogue(), on=on))


def outcome(rule, talent, on=ON):
    talent = talents_for_explain().get(pk=talent.pk)
    return str(explain(rule, talent, talent_catalogue(), on=on).outcome)


def test_not_over_a_missing_fact_selects_nobody_in_either_evaluator():
    make_degree("doctorate")
    master = make_talent(degree=make_degree("master"))
    unknown = make_talent(degree=None)
    rule = {"not": {">=": [var("degree"), "doctorate"]}}

    assert selected(rule) == {master}
    assert outcome(rule, unknown) == "unknown"
    assert outcome(rule, master) == "true"
    # Django's own negation would have let the NULL row through:
    assert unknown in Talent.objects.exclude(degree__rank__lte=1)


def test_not_equal_over_a_nullable_foreign_key_keeps_missing_values_unknown():
    master = make_talent(degree=make_degree("master"))
    doctor = make_talent(degree=make_degree("doctorate"))
    unknown = make_talent(degree=None)
    rule = {"!=": [var("degree_code"), "master"]}
    compiled = compile_rule(rule, talent_catalogue(), on=ON)

    assert set(Talent.objects.filter(compiled.true_q)) == {doctor}
    assert set(Talent.objects.filter(compiled.false_q)) == {master}
    assert outcome(rule, unknown) == "unknown"
    assert str(Talent.objects.filter(compiled.true_q).query).count("SELECT") == 1  # no subquery


def test_a_blank_sex_is_missing_not_different():
    woman = make_talent(sex="F")
    man = make_talent(sex="M")
    blank = make_talent(sex="")
    rule = {"!=": [var("sex"), "F"]}

    assert selected(rule) == {man}
    assert selected({"not": rule}) == {woman}
    assert outcome(rule, blank) == "unknown"


# Outcomes for talents of tier A, D, E and with no tier (none: below E, never unknown).
TIER_TABLE = [
    ({">=": [var("tier"), "D"]}, "TTFF"),
    ({">": [var("tier"), "D"]}, "TFFF"),
    ({"==": [var("tier"), "A"]}, "TFFF"),
    ({"in": [var("tier"), ["A", "E"]]}, "TFTF"),
    ({"<=": [var("tier"), "E"]}, "FFTT"),
    ({"<": [var("tier"), "E"]}, "FFFT"),
    ({"<": [var("tier"), "A"]}, "FTTT"),
    ({"!=": [var("tier"), "A"]}, "FTTT"),
    ({"not": {">=": [var("tier"), "D"]}}, "FFTT"),
    ({"==": [var("tier"), "none"]}, "FFFT"),
    ({"!=": [var("tier"), "none"]}, "TTTF"),
    ({"in": [var("tier"), ["D", "none"]]}, "FTFT"),
    ({"in": [var("tier"), ["none"]]}, "FFFT"),
    ({">=": [var("tier"), "none"]}, "TTTT"),
    ({">": [var("tier"), "none"]}, "TTTF"),
    ({"<=": [var("tier"), "none"]}, "FFFT"),
    ({"<": [var("tier"), "none"]}, "FFFF"),
]


@pytest.fixture
def tiers():
    """Talents of tier A, D and E, and one with no tier, in that order."""
    return [make_talent(tier=make_tier(code)) for code in "ADE"] + [make_talent(tier=None)]


@pytest.mark.parametrize(("rule", "expected"), TIER_TABLE)
def test_no_tier_is_the_lowest_tier_in_both_evaluators(tiers, rule, expected):
    compiled = compile_rule(rule, talent_catalogue(), on=ON)
    true_ids = set(Talent.objects.filter(compiled.true_q).values_list("pk", flat=True))
    false_ids = set(Talent.objects.filter(compiled.false_q).values_list("pk", flat=True))

    in_sql = "".join("T" if t.pk in true_ids else "F" if t.pk in false_ids else "?" for t in tiers)
    in_python = "".join(outcome(rule, t)[0].upper() for t in tiers)

    assert (in_sql, in_python) == (expected, expected)


def test_a_missing_degree_is_still_unknown_beside_a_missing_tier():
    make_degree("master")
    make_tier("D")
    nobody = make_talent(degree=None, tier=None)
    rule = {"or": [{">=": [var("degree"), "master"]}, {">=": [var("tier"), "D"]}]}
    compiled = compile_rule(rule, talent_catalogue(), on=ON)

    verdict = Talent.objects.annotate(v=compiled.outcome()).get(pk=nobody.pk).v
    explanation = explain(rule, talents_for_explain().get(pk=nobody.pk), talent_catalogue(), on=ON)

    assert verdict == "unknown"
    assert explanation.missing == {"degree"}  # the tier condition is decided: FALSE


def test_a_title_code_with_a_none_code_keeps_no_row_unknown():
    senior = make_talent(title=make_title("senior"))
    nobody = make_talent(title=None)
    rule = {"!=": [var("title_code"), "senior"]}
    compiled = compile_rule(rule, talent_catalogue(), on=ON)

    assert set(Talent.objects.filter(compiled.true_q)) == {nobody}
    assert set(Talent.objects.filter(compiled.false_q)) == {senior}
    assert outcome(rule, nobody) == "true"
    assert outcome({"==": [var("title_code"), "none"]}, nobody) == "true"


@pytest.mark.parametrize(
    ("rows", "default", "expected"),
    [
        ({"A": "500.00", "none": "1.00"}, "10.00", [50_000, 1_000, 1_000, 100]),
        ({"A": "500.00"}, "10.00", [50_000, 1_000, 1_000, 1_000]),
        ({"A": "500.00"}, None, [50_000, None, None, None]),
        ({"none": "1.00"}, None, [None, None, None, 100]),
    ],
)
def test_an_amount_table_by_tier_pays_no_tier_its_none_row(tiers, rows, default, expected):
    spec = {"kind": "table", "fact": "tier", "rows": rows}
    if default:
        spec["default"] = default
    catalogue = talent_catalogue()

    in_sql = dict(
        Talent.objects.annotate(fen=compile_amount(spec, catalogue, on=ON)).values_list("pk", "fen")
    )
    loaded = {t.pk: t for t in talents_for_explain()}

    assert [in_sql[t.pk] for t in tiers] == expected
    assert [amount_fen(spec, loaded[t.pk], catalogue, on=ON) for t in tiers] == expected


def test_has_tag_a_and_tag_b_is_two_subqueries_not_one_join():
    youth = Tag.objects.create(code="youth", name="青年人才")
    graduate = Tag.objects.create(code="graduate", name="高校毕业生")
    both = make_talent(tags=[youth, graduate])
    make_talent(tags=[youth])
    make_talent(tags=[graduate])
    make_talent()
    rule = {"and": [{"has": [var("tags"), "youth"]}, {"has": [var("tags"), "graduate"]}]}

    queryset = select(Talent.objects.all(), rule, talent_catalogue(), on=ON)

    assert set(queryset) == {both}
    sql = str(queryset.query).upper()
    assert sql.count("EXISTS") == 2
    assert "JOIN" not in sql.split("EXISTS")[0]  # the talent query itself joins nothing


CATALOGUE_TABLES = ("talents_degree", "talents_tier", "talents_title", "core_division")


def tables_read(queryset) -> set[str]:
    sql = str(queryset.query).lower()
    return {table for table in CATALOGUE_TABLES if table in sql}


@pytest.mark.parametrize("fact", ["degree", "tier", "title", "county"])
def test_a_comparison_of_a_ranked_or_coded_fact_reads_no_catalogue_table(fact):
    codes = {"degree": "master", "tier": "B", "title": "senior", "county": "421102"}
    op = "==" if fact == "county" else ">="
    rule = {op: [var(fact), codes[fact]]}
    make_degree("master"), make_tier("B"), make_title("senior"), make_county(code="421102")

    compiled = compile_rule(rule, talent_catalogue(), on=ON)

    assert tables_read(Talent.objects.filter(compiled.true_q)) == set()
    assert tables_read(Talent.objects.filter(compiled.false_q)) == set()


@pytest.mark.parametrize(
    ("fact", "rows"),
    [
        ("degree", {"doctorate": "60000.00", "master": "30000.00", "bachelor": "30000.00"}),
        ("tier", {"A": "500.00", "B": "300.00", "none": "1.00"}),
        ("title", {"senior": "200.00", "none": "0.00"}),
    ],
)
def test_a_table_amount_over_a_ranked_fact_reads_no_catalogue_table(fact, rows):
    """Given a table by degree, tier or title, when compiled, the SQL compares the talent's
    foreign key with the rows' ids (no join), and pays what the talent-by-talent amount pays."""
    makers = {"degree": make_degree, "tier": make_tier, "title": make_title}
    entries = [makers[fact](code) for code in rows if code != "none"]
    talents = [make_talent(**{fact: entry}) for entry in entries] + [make_talent(**{fact: None})]
    spec = {"kind": "table", "fact": fact, "rows": rows, "default": "7.00"}
    catalogue = talent_catalogue()

    queryset = Talent.objects.annotate(fen=compile_amount(spec, catalogue, on=ON))

    assert tables_read(queryset) == set()
    in_sql = dict(queryset.values_list("pk", "fen"))
    loaded = {t.pk: t for t in talents_for_explain()}
    assert [in_sql[t.pk] for t in talents] == [
        amount_fen(spec, loaded[t.pk], catalogue, on=ON) for t in talents
    ]


def test_not_has_a_tag_is_two_valued():
    youth = Tag.objects.create(code="youth", name="青年人才")
    tagged = make_talent(tags=[youth])
    untagged = make_talent()

    assert selected({"not": {"has": [var("tags"), "youth"]}}) == {untagged}
    assert outcome({"has": [var("tags"), "youth"]}, tagged) == "true"


@pytest.mark.parametrize(
    ("status", "valid_from", "valid_to", "held"),
    [
        (CardStatus.ACTIVE, date(2024, 6, 15), date(2025, 6, 14), True),  # from today
        (CardStatus.ACTIVE, date(2023, 6, 15), date(2024, 6, 15), True),  # until today
        (CardStatus.ACTIVE, date(2023, 6, 15), date(2024, 6, 14), False),  # expired yesterday
        (CardStatus.ACTIVE, date(2024, 6, 16), date(2025, 6, 16), False),  # from tomorrow
        (CardStatus.REVOKED, date(2024, 1, 1), date(2025, 1, 1), False),
        (CardStatus.SUPERSEDED, date(2024, 1, 1), date(2025, 1, 1), False),
    ],
)
def test_a_card_counts_only_while_active_and_valid(status, valid_from, valid_to, held):
    talent = make_talent()
    make_card(talent, status=status, valid_from=valid_from, valid_to=valid_to)
    rule = {"has": [var("cards"), CardKind.GREEN_CARD]}

    assert (talent in selected(rule)) is held
    assert outcome(rule, talent) == ("true" if held else "false")


def test_age_compiles_to_a_plain_bound_on_the_birth_date_column():
    on_birthday = make_talent(birth_date=date(1989, 6, 15))
    day_after = make_talent(birth_date=date(1989, 6, 16))
    rule = {">=": [var("age"), 35]}

    queryset = select(Talent.objects.all(), rule, talent_catalogue(), on=ON)

    assert set(queryset) == {on_birthday}
    assert outcome(rule, day_after) == "false"
    sql, params = queryset.query.sql_with_params()
    assert "birth_date" in sql
    assert date(1989, 6, 15) in params or "1989-06-15" in params


def test_a_fractional_number_is_compared_exactly_with_an_integer_column():
    b = make_talent(tier=make_tier("B"))  # rank 2
    c = make_talent(tier=make_tier("C"))  # rank 3

    assert selected({">": [var("tier_rank"), "2.5"]}) == {c}
    assert selected({"<": [var("tier_rank"), "2.5"]}) == {b}
    assert selected({"==": [var("tier_rank"), "2.5"]}) == set()
    assert selected({"!=": [var("tier_rank"), "2.5"]}) == {b, c}


def test_the_total_cost_of_a_benefit_is_one_aggregate_query(django_assert_num_queries):
    master, doctorate = make_degree("master"), make_degree("doctorate")
    talents = [make_talent(degree=master), make_talent(degree=doctorate), make_talent()]
    spec = {
        "kind": "table",
        "fact": "degree",
        "rows": {"master": "30000.00", "doctorate": "60000.00"},
    }
    catalogue = talent_catalogue()
    expression = compile_amount(spec, catalogue, on=ON)

    with django_assert_num_queries(1):
        total = Talent.objects.aggregate(total=Sum(expression))["total"]

    assert total == 9_000_000
    assert [amount_fen(spec, t, catalogue, on=ON) for t in talents] == [3_000_000, 6_000_000, None]


def test_a_formula_over_years_in_the_city_is_computed_in_sql():
    county = make_county()
    arrivals = [date(2022, 6, 15), date(2022, 6, 16), date(2030, 1, 1), date(2000, 2, 29), None]
    for arrival in arrivals:
        make_talent(county=county, arrival_date=arrival)
    spec = {"kind": "formula", "fact": "years_in_city", "per_unit": "1000.00", "cap": "5000.00"}

    amounts = Talent.objects.annotate(
        fen=compile_amount(spec, talent_catalogue(), on=ON)
    ).values_list("arrival_date", "fen")

    assert dict(amounts) == {
        date(2022, 6, 15): 200_000,
        date(2022, 6, 16): 100_000,
        date(2030, 1, 1): 0,
        date(2000, 2, 29): 500_000,
        None: None,
    }


def test_compile_refuses_an_invalid_rule_like_validate():
    with pytest.raises(RuleValidationError) as refused:
        compile_rule({"==": [var("salary"), 1]}, talent_catalogue(), on=ON)

    assert refused.value.errors[0].path == "$.==[0].var"


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (
            RuleError("$.and[1].==[0].var", ErrorCode.UNKNOWN_FACT, {"fact": "salary"}),
            "Unknown fact “salary” at $.and[1].==[0].var.",
        ),
        (
            RuleError(
                "$",
                ErrorCode.OPERATOR_NOT_FOR_TYPE,
                {"operator": ">", "fact": "name", "label": "姓名", "type": "text"},
            ),
            "“>” cannot be used with “姓名” at $.",
        ),
        (
            RuleError("$.>=[1]", ErrorCode.BAD_VALUE, {"reason": Reason.FLOAT, "value": 3.5}),
            "The number at $.>=[1] must be written as text, such as “3.5”.",
        ),
        (
            RuleError(
                "$.in[1][1]",
                ErrorCode.BAD_VALUE,
                {"reason": Reason.UNKNOWN_CODE, "value": "phd", "fact": "degree"},
            ),
            "“phd” at $.in[1][1] is not a code of “degree”.",
        ),
        (
            RuleError("$.==[1]", ErrorCode.BAD_VALUE, {"reason": "wrong_type", "expected": "date"}),
            "The value at $.==[1] must be a date.",
        ),
        (
            RuleError("$", ErrorCode.TOO_LARGE, {"limit": 500, "nodes": 501}),
            "The rule is too large: 501 conditions, at most 500.",
        ),
        (
            RuleError("$.x", ErrorCode.BAD_VALUE, {"reason": "no_such_reason"}),
            "Invalid rule at $.x.",
        ),
    ],
)
def test_describe_gives_one_sentence_per_error(error, message):
    with translation.override("en"):
        text = describe(error)

    assert text == message


def every_refusal():
    catalogue = pure_catalogue()
    checks = [(validate, case[0]) for case in REFUSED_RULES]
    checks += [(validate_amount, case[0]) for case in REFUSED_AMOUNTS]
    for check, value in checks:
        with pytest.raises(RuleValidationError) as refused:
            check(value, catalogue)
        yield from refused.value.errors


def test_every_refusal_has_its_own_message():
    with translation.override("en"):
        messages = [(error, describe(error)) for error in every_refusal()]

    assert len(messages) > 60
    for error, message in messages:
        assert not message.startswith("Invalid rule"), error
        assert error.path in message or error.code == ErrorCode.TOO_LARGE, (error, message)
