"""explain(): every operator on every fact type, both sides of each boundary; Kleene logic."""

import json
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from rencai.rules import Explanation, Outcome, RuleValidationError, explain, parse

from .catalogue import pure_catalogue

CATALOGUE = pure_catalogue()
ON = date(2024, 6, 15)


def var(name):
    return {"var": name}


def outcome(rule, subject, on=ON):
    return str(explain(rule, subject, CATALOGUE, on=on).outcome)


CASES = [
    # TEXT: ==, !=, in (exact, never substring)
    ({"==": [var("name"), "陈超"]}, {"name": "陈超"}, "true"),
    ({"==": [var("name"), "陈超"]}, {"name": "陈超超"}, "false"),
    ({"!=": [var("name"), "陈超"]}, {"name": "李四"}, "true"),
    ({"!=": [var("name"), "陈超"]}, {"name": "陈超"}, "false"),
    ({"!=": [var("name"), "陈超"]}, {}, "unknown"),
    ({"in": [var("name"), ["陈超", "李四"]]}, {"name": "李四"}, "true"),
    ({"in": [var("name"), ["陈超", "李四"]]}, {"name": "王五"}, "false"),
    ({"in": [var("name"), ["陈"]]}, {"name": "陈超"}, "false"),
    # CODE; a blank sex is missing, like None
    ({"==": [var("sex"), "F"]}, {"sex": "F"}, "true"),
    ({"==": [var("sex"), "F"]}, {"sex": "M"}, "false"),
    ({"!=": [var("sex"), "F"]}, {"sex": "M"}, "true"),
    ({"!=": [var("sex"), "F"]}, {"sex": ""}, "unknown"),
    ({"==": [var("sex"), "F"]}, {"sex": None}, "unknown"),
    ({"in": [var("county"), ["421121", "421122"]]}, {"county": "421122"}, "true"),
    ({"in": [var("county"), ["421121", "421122"]]}, {"county": "421102"}, "false"),
    # RANKED: compared by rank, 1 is highest ("master or higher")
    ({">=": [var("degree"), "master"]}, {"degree": "doctorate"}, "true"),
    ({">=": [var("degree"), "master"]}, {"degree": "master"}, "true"),
    ({">=": [var("degree"), "master"]}, {"degree": "bachelor"}, "false"),
    ({">": [var("degree"), "master"]}, {"degree": "doctorate"}, "true"),
    ({">": [var("degree"), "master"]}, {"degree": "master"}, "false"),
    ({"<=": [var("degree"), "master"]}, {"degree": "master"}, "true"),
    ({"<=": [var("degree"), "master"]}, {"degree": "doctorate"}, "false"),
    ({"<": [var("degree"), "master"]}, {"degree": "bachelor"}, "true"),
    ({"<": [var("degree"), "master"]}, {"degree": "master"}, "false"),
    ({"==": [var("degree"), "master"]}, {"degree": "master"}, "true"),
    ({"==": [var("degree"), "master"]}, {"degree": "doctorate"}, "false"),
    ({"!=": [var("degree"), "master"]}, {"degree": "college"}, "true"),
    ({"!=": [var("degree"), "master"]}, {"degree": "master"}, "false"),
    ({"in": [var("degree"), ["master", "doctorate"]]}, {"degree": "doctorate"}, "true"),
    ({"in": [var("degree"), ["master", "doctorate"]]}, {"degree": "bachelor"}, "false"),
    ({">=": [var("degree"), "master"]}, {"degree": None}, "unknown"),
    # NUMBER: Decimal, exact
    ({">=": [var("score"), "3.5"]}, {"score": Decimal("3.5")}, "true"),
    ({">=": [var("score"), "3.5"]}, {"score": Decimal("3.49")}, "false"),
    ({">": [var("score"), 3]}, {"score": Decimal("3.01")}, "true"),
    ({">": [var("score"), 3]}, {"score": 3}, "false"),
    ({"<": [var("score"), "-1"]}, {"score": -2}, "true"),
    ({"<": [var("score"), "-1"]}, {"score": -1}, "false"),
    ({"<=": [var("score"), "0.1"]}, {"score": Decimal("0.1")}, "true"),
    ({"<=": [var("score"), "0.1"]}, {"score": Decimal("0.11")}, "false"),
    ({"==": [var("score"), "3.50"]}, {"score": Decimal("3.5")}, "true"),
    ({"!=": [var("score"), 0]}, {"score": 0}, "false"),
    ({"!=": [var("score"), 0]}, {"score": 1}, "true"),
    ({"in": [var("score"), [1, "2.5"]]}, {"score": Decimal("2.5")}, "true"),
    ({"in": [var("score"), [1, "2.5"]]}, {"score": 2}, "false"),
    ({">": [var("score"), 0]}, {"score": None}, "unknown"),
    # DATE: a fixed date, or the evaluation date shifted
    (
        {">=": [var("arrival_date"), {"date": "2021-06-15"}]},
        {"arrival_date": date(2021, 6, 15)},
        "true",
    ),
    (
        {">=": [var("arrival_date"), {"date": "2021-06-15"}]},
        {"arrival_date": date(2021, 6, 14)},
        "false",
    ),
    (
        {">=": [var("arrival_date"), {"on": {"years": -3}}]},
        {"arrival_date": date(2021, 6, 15)},
        "true",
    ),
    (
        {">=": [var("arrival_date"), {"on": {"years": -3}}]},
        {"arrival_date": date(2021, 6, 14)},
        "false",
    ),
    (
        {">": [var("arrival_date"), {"on": {"days": -1}}]},
        {"arrival_date": date(2024, 6, 15)},
        "true",
    ),
    (
        {">": [var("arrival_date"), {"on": {"days": -1}}]},
        {"arrival_date": date(2024, 6, 14)},
        "false",
    ),
    (
        {"<": [var("arrival_date"), {"on": {"months": -6}}]},
        {"arrival_date": date(2023, 12, 14)},
        "true",
    ),
    (
        {"<": [var("arrival_date"), {"on": {"months": -6}}]},
        {"arrival_date": date(2023, 12, 15)},
        "false",
    ),
    ({"<=": [var("arrival_date"), {"on": {}}]}, {"arrival_date": date(2024, 6, 15)}, "true"),
    ({"<=": [var("arrival_date"), {"on": {}}]}, {"arrival_date": date(2024, 6, 16)}, "false"),
    (
        {"==": [var("birth_date"), {"date": "1990-06-15"}]},
        {"birth_date": date(1990, 6, 15)},
        "true",
    ),
    (
        {"!=": [var("birth_date"), {"date": "1990-06-15"}]},
        {"birth_date": date(1990, 6, 15)},
        "false",
    ),
    (
        {"in": [var("birth_date"), [{"date": "1990-06-15"}, {"on": {"years": -30}}]]},
        {"birth_date": date(1994, 6, 15)},
        "true",
    ),
    ({">=": [var("arrival_date"), {"on": {"years": -3}}]}, {"arrival_date": None}, "unknown"),
    # YEARS_SINCE (周岁): both sides of the birthday
    ({">=": [var("age"), 35]}, {"birth_date": date(1989, 6, 15)}, "true"),
    ({">=": [var("age"), 35]}, {"birth_date": date(1989, 6, 16)}, "false"),
    ({"<": [var("age"), 35]}, {"birth_date": date(1989, 6, 16)}, "true"),
    ({"<": [var("age"), 35]}, {"birth_date": date(1989, 6, 15)}, "false"),
    ({">": [var("age"), 34]}, {"birth_date": date(1989, 6, 15)}, "true"),
    ({">": [var("age"), 34]}, {"birth_date": date(1989, 6, 16)}, "false"),
    ({"<=": [var("age"), 34]}, {"birth_date": date(1989, 6, 16)}, "true"),
    ({"<=": [var("age"), 34]}, {"birth_date": date(1989, 6, 15)}, "false"),
    ({"==": [var("age"), 35]}, {"birth_date": date(1988, 6, 16)}, "true"),
    ({"==": [var("age"), 35]}, {"birth_date": date(1988, 6, 15)}, "false"),
    ({"!=": [var("age"), 35]}, {"birth_date": date(1989, 6, 16)}, "true"),
    ({"!=": [var("age"), 35]}, {"birth_date": date(1989, 6, 15)}, "false"),
    ({"in": [var("age"), [30, 35]]}, {"birth_date": date(1994, 6, 15)}, "true"),
    ({"in": [var("age"), [30, 35]]}, {"birth_date": date(1994, 6, 16)}, "false"),
    ({">=": [var("years_in_city"), 3]}, {"arrival_date": date(2021, 6, 15)}, "true"),
    ({">=": [var("years_in_city"), 3]}, {"arrival_date": date(2021, 6, 16)}, "false"),
    ({">=": [var("years_in_city"), 0]}, {"arrival_date": date(2024, 6, 16)}, "false"),
    ({">=": [var("years_in_city"), 3]}, {"arrival_date": None}, "unknown"),
    # SET: membership; a missing set is empty, never unknown
    ({"has": [var("tags"), "youth"]}, {"tags": {"youth", "graduate"}}, "true"),
    ({"has": [var("tags"), "youth"]}, {"tags": {"graduate"}}, "false"),
    ({"has": [var("tags"), "youth"]}, {"tags": set()}, "false"),
    ({"has": [var("tags"), "youth"]}, {}, "false"),
    ({"not": {"has": [var("tags"), "youth"]}}, {}, "true"),
    ({"has": [var("entitlements"), "home-subsidy"]}, {"entitlements": ["home-subsidy"]}, "true"),
    ({"has": [var("entitlements"), "home-subsidy"]}, {"entitlements": ["rent"]}, "false"),
]


@pytest.mark.parametrize(("rule", "subject", "expected"), CASES)
def test_each_operator_on_each_fact_type(rule, subject, expected):
    assert outcome(rule, subject) == expected


@pytest.mark.parametrize(
    ("birth", "on", "expected"),
    [
        (date(1992, 2, 29), date(2024, 2, 28), "false"),  # 31 the day before
        (date(1992, 2, 29), date(2024, 2, 29), "true"),  # 32 on 29 February of a leap year
        (date(1993, 2, 28), date(2025, 2, 28), "true"),
        (date(1993, 3, 1), date(2025, 2, 28), "false"),
    ],
)
def test_age_on_29_february_follows_the_convention(birth, on, expected):
    assert outcome({">=": [var("age"), 32]}, {"birth_date": birth}, on=on) == expected


def test_a_29_february_birthday_turns_on_1_march_in_other_years():
    rule = {">=": [var("age"), 33]}
    subject = {"birth_date": date(1992, 2, 29)}

    assert outcome(rule, subject, on=date(2025, 2, 28)) == "false"
    assert outcome(rule, subject, on=date(2025, 3, 1)) == "true"


T = {"==": [var("name"), "陈超"]}
F = {"==": [var("name"), "李四"]}
U = {">=": [var("degree"), "master"]}  # the subject has no degree
KNOWN_NAME_ONLY = {"name": "陈超"}


@pytest.mark.parametrize(
    ("rule", "expected", "missing"),
    [
        ({"and": [T, T]}, "true", []),
        ({"and": [T, F]}, "false", []),
        ({"and": [T, U]}, "unknown", ["degree"]),
        ({"and": [F, U]}, "false", []),
        ({"or": [F, F]}, "false", []),
        ({"or": [T, U]}, "true", []),
        ({"or": [F, U]}, "unknown", ["degree"]),
        ({"not": T}, "false", []),
        ({"not": F}, "true", []),
        ({"not": U}, "unknown", ["degree"]),
        ({"not": {"and": [F, U]}}, "true", []),
        ({"not": {"or": [F, U]}}, "unknown", ["degree"]),
        ({"and": []}, "true", []),
        ({"or": []}, "false", []),
        ({"and": [U, {">": [var("score"), 1]}]}, "unknown", ["degree", "score"]),
        ({"and": [U, {">": [var("score"), 1]}, F]}, "false", []),
    ],
)
def test_three_valued_logic_and_the_facts_that_matter(rule, expected, missing):
    explanation = explain(rule, KNOWN_NAME_ONLY, CATALOGUE, on=ON)

    assert str(explanation.outcome) == expected
    assert sorted(explanation.missing) == missing


def test_the_trace_lists_every_condition_as_shown_to_people():
    rule = {
        "and": [
            {">=": [var("degree"), "master"]},
            {"<": [var("age"), 35]},
            {">=": [var("arrival_date"), {"on": {"years": -3}}]},
            {"in": [var("county"), ["421121", "421122"]]},
            {"has": [var("tags"), "youth"]},
            {"not": {">": [var("score"), "2.5"]}},
        ]
    }
    subject = {
        "degree": "doctorate",
        "birth_date": date(1990, 6, 16),
        "arrival_date": None,
        "county": "421121",
        "tags": {"youth", "graduate"},
        "score": Decimal("2.5"),
    }

    explanation = explain(rule, subject, CATALOGUE, on=ON)

    rows = [
        (c.path, c.operator, c.value, c.expected, str(c.outcome)) for c in explanation.conditions
    ]
    assert rows == [
        ("$.and[0]", ">=", "博士研究生", "硕士研究生", "true"),
        ("$.and[1]", "<", "33", "35", "true"),
        ("$.and[2]", ">=", None, "2021-06-15", "unknown"),
        ("$.and[3]", "in", "421121", "421121, 421122", "true"),
        ("$.and[4]", "has", "graduate, youth", "youth", "true"),
        ("$.and[5].not", ">", "2.5", "2.5", "false"),
    ]
    assert explanation.outcome == Outcome.UNKNOWN
    assert explanation.missing == {"arrival_date"}
    assert explanation.conditions[1].fact_label == "年龄"
    assert explanation.conditions[1].unit == "岁"
    assert explanation.conditions[1].raw == 33


def test_the_explanation_is_json_and_reads_back_the_same():
    rule = {"or": [{">=": [var("degree"), "master"]}, {"has": [var("tags"), "youth"]}]}
    explanation = explain(rule, {"degree": "bachelor", "tags": {"youth"}}, CATALOGUE, on=ON)

    stored = json.loads(json.dumps(explanation.to_dict()))

    assert stored["outcome"] == "true"
    assert stored["on"] == "2024-06-15"
    assert stored["conditions"][1]["raw"] == ["youth"]
    assert Explanation.from_dict(stored) == explanation


def test_a_parsed_rule_is_reused_without_parsing_again():
    calls = []
    catalogue = pure_catalogue()
    degree = catalogue.get("degree")
    catalogue.register(replace(degree, codes=lambda: calls.append(1) or {"master": 2}))
    parsed = parse({">=": [var("degree"), "master"]}, catalogue)

    for _ in range(3):
        explain(parsed, {"degree": "master"}, catalogue, on=ON)

    assert len(calls) == 1


def test_an_invalid_rule_is_refused_before_evaluation():
    with pytest.raises(RuleValidationError):
        explain({">=": [var("score"), 3.5]}, {"score": 4}, CATALOGUE, on=ON)


# "No tier" is the lowest value, below E (ranks 1 = A … 5 = E, then none); never unknown.
NO_TIER = {}
NONE_CASES = [
    # none against a listed code: the "at least / higher / equal / one of" side is FALSE …
    ({">=": [var("tier"), "D"]}, NO_TIER, "false"),
    ({">=": [var("tier"), "E"]}, NO_TIER, "false"),
    ({">": [var("tier"), "E"]}, NO_TIER, "false"),
    ({"==": [var("tier"), "A"]}, NO_TIER, "false"),
    ({"in": [var("tier"), ["A", "B"]]}, NO_TIER, "false"),
    # … and the "at most / lower / not equal" side is TRUE
    ({"<=": [var("tier"), "E"]}, NO_TIER, "true"),
    ({"<=": [var("tier"), "A"]}, NO_TIER, "true"),
    ({"<": [var("tier"), "E"]}, NO_TIER, "true"),
    ({"<": [var("tier"), "A"]}, NO_TIER, "true"),
    ({"!=": [var("tier"), "A"]}, NO_TIER, "true"),
    ({"not": {">=": [var("tier"), "D"]}}, NO_TIER, "true"),
    # none named in the rule
    ({"==": [var("tier"), "none"]}, NO_TIER, "true"),
    ({"==": [var("tier"), "none"]}, {"tier": "E"}, "false"),
    ({"!=": [var("tier"), "none"]}, NO_TIER, "false"),
    ({"!=": [var("tier"), "none"]}, {"tier": "E"}, "true"),
    ({"in": [var("tier"), ["A", "none"]]}, NO_TIER, "true"),
    ({"in": [var("tier"), ["A", "none"]]}, {"tier": "A"}, "true"),
    ({"in": [var("tier"), ["A", "none"]]}, {"tier": "B"}, "false"),
    ({">=": [var("tier"), "none"]}, NO_TIER, "true"),  # everyone is at least none
    ({">=": [var("tier"), "none"]}, {"tier": "E"}, "true"),
    ({">": [var("tier"), "none"]}, NO_TIER, "false"),  # having a tier
    ({">": [var("tier"), "none"]}, {"tier": "E"}, "true"),
    ({"<=": [var("tier"), "none"]}, NO_TIER, "true"),
    ({"<=": [var("tier"), "none"]}, {"tier": "E"}, "false"),
    ({"<": [var("tier"), "none"]}, NO_TIER, "false"),  # nothing is below none
    ({"<": [var("tier"), "none"]}, {"tier": "E"}, "false"),
    # present tiers keep their boundaries (D is rank 4)
    ({">=": [var("tier"), "D"]}, {"tier": "D"}, "true"),
    ({">=": [var("tier"), "D"]}, {"tier": "E"}, "false"),
    ({">": [var("tier"), "D"]}, {"tier": "D"}, "false"),
    ({"<=": [var("tier"), "E"]}, {"tier": "E"}, "true"),
    ({"<": [var("tier"), "E"]}, {"tier": "E"}, "false"),
    ({"<": [var("tier"), "E"]}, {"tier": "D"}, "false"),
    ({"!=": [var("tier"), "A"]}, {"tier": "A"}, "false"),
    # a CODE with a none code; a blank value is none as well
    ({"==": [var("skill"), "technician"]}, {}, "false"),
    ({"!=": [var("skill"), "technician"]}, {}, "true"),
    ({"!=": [var("skill"), "technician"]}, {"skill": ""}, "true"),
    ({"!=": [var("skill"), "technician"]}, {"skill": "technician"}, "false"),
    ({"==": [var("skill"), "none"]}, {"skill": ""}, "true"),
    ({"==": [var("skill"), "none"]}, {"skill": "technician"}, "false"),
    ({"!=": [var("skill"), "none"]}, {"skill": "technician"}, "true"),
    ({"in": [var("skill"), ["technician", "none"]]}, {"skill": None}, "true"),
    ({"in": [var("skill"), ["technician"]]}, {"skill": ""}, "false"),
    ({"in": [var("skill"), ["technician"]]}, {"skill": "technician"}, "true"),
    # a degree has no none code: missing stays unknown
    ({"<=": [var("degree"), "college"]}, {}, "unknown"),
]


@pytest.mark.parametrize(("rule", "subject", "expected"), NONE_CASES)
def test_no_tier_is_the_lowest_value_not_an_unknown(rule, subject, expected):
    assert outcome(rule, subject) == expected


def test_the_trace_shows_none_as_a_value_and_nothing_is_missing():
    rule = {"and": [{"<=": [var("tier"), "E"]}, {"==": [var("skill"), "none"]}]}

    explanation = explain(rule, {}, CATALOGUE, on=ON)

    assert explanation.outcome == Outcome.TRUE
    assert explanation.missing == frozenset()
    rows = [(c.value, c.raw, c.expected) for c in explanation.conditions]
    assert rows == [("无层次", "none", "E"), ("none", "none", "none")]


def test_without_a_none_code_the_same_missing_value_is_unknown():
    explanation = explain({">=": [var("degree"), "master"]}, {}, CATALOGUE, on=ON)

    assert explanation.outcome == Outcome.UNKNOWN
    assert explanation.missing == {"degree"}
    assert explanation.conditions[0].raw is None


class Lazy:
    """Like Django's gettext_lazy: not a str, but str() gives the text."""

    def __init__(self, text):
        self.text = text

    def __str__(self):
        return self.text


def test_the_explanation_is_plain_json_even_with_lazy_labels():
    catalogue = pure_catalogue()
    tier = catalogue.get("tier")
    catalogue.register(replace(tier, label=Lazy("人才层次"), none_label=Lazy("无层次")))
    age = catalogue.get("age")
    catalogue.register(replace(age, label=Lazy("年龄"), unit=Lazy("岁")))
    rule = {"and": [{">=": [var("tier"), "D"]}, {"<=": [var("age"), 35]}]}
    explanation = explain(rule, {"birth_date": date(1990, 1, 1)}, catalogue, on=ON)

    stored = json.loads(json.dumps(explanation.to_dict()))

    assert stored["outcome"] == "false"
    assert [c["fact_label"] for c in stored["conditions"]] == ["人才层次", "年龄"]
    assert stored["conditions"][0]["value"] == "无层次"
    assert stored["conditions"][1]["unit"] == "岁"
    assert Explanation.from_dict(stored).to_dict() == stored


def test_the_evaluation_date_must_be_a_date_not_a_datetime():
    with pytest.raises(TypeError):
        explain({"and": []}, {}, CATALOGUE, on=datetime(2024, 6, 15, 23, 30, tzinfo=UTC))
