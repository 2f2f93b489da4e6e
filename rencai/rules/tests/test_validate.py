"""A rule is refused for each kind of error, with the path to the offending node."""

import json
from dataclasses import replace

import pytest

from rencai.rules import (
    MAX_DEPTH,
    MAX_NODES,
    Fact,
    FactType,
    RuleValidationError,
    parse,
    validate,
)
from rencai.rules.tree import Ranked

from .catalogue import pure_catalogue

CATALOGUE = pure_catalogue()


def var(name):
    return {"var": name}


def errors_of(rule):
    with pytest.raises(RuleValidationError) as refused:
        validate(rule, CATALOGUE)
    return [
        (error.path, str(error.code), error.params.get("reason")) for error in refused.value.errors
    ]


REFUSED = [
    # shape
    ([], "$", "bad_shape", "not_an_object"),
    (True, "$", "bad_shape", "not_an_object"),
    ({}, "$", "bad_shape", "one_key"),
    ({"==": [var("name"), "x"], "!=": [var("name"), "y"]}, "$", "bad_shape", "one_key"),
    ({"and": {"==": [var("name"), "x"]}}, "$.and", "bad_shape", "not_a_list"),
    ({"==": [var("name")]}, "$.==", "bad_shape", "two_arguments"),
    ({"==": "name"}, "$.==", "bad_shape", "two_arguments"),
    ({"==": ["name", "x"]}, "$.==[0]", "bad_shape", "not_a_var"),
    ({"==": [{"var": ["name", "default"]}, "x"]}, "$.==[0]", "bad_shape", "not_a_var"),
    # operators
    ({"xor": []}, "$", "unknown_operator", None),
    ({"var": "name"}, "$", "unknown_operator", None),
    ({"===": [var("name"), "x"]}, "$", "unknown_operator", None),
    # facts
    ({"==": [var("salary"), 1]}, "$.==[0].var", "unknown_fact", None),
    ({"not": {">": [var("salary"), 1]}}, "$.not.>[0].var", "unknown_fact", None),
    # operator not for the fact's type
    ({">": [var("name"), "a"]}, "$", "operator_not_for_type", None),
    ({"<=": [var("county"), "421121"]}, "$", "operator_not_for_type", None),
    ({"has": [var("degree"), "master"]}, "$", "operator_not_for_type", None),
    ({"==": [var("tags"), "youth"]}, "$", "operator_not_for_type", None),
    ({"in": [var("tags"), ["youth"]]}, "$", "operator_not_for_type", None),
    # values
    ({">=": [var("score"), 3.5]}, "$.>=[1]", "bad_value", "float"),
    ({">=": [var("score"), True]}, "$.>=[1]", "bad_value", "wrong_type"),
    ({">=": [var("score"), "3,5"]}, "$.>=[1]", "bad_value", "not_a_number"),
    ({">=": [var("score"), "1e3"]}, "$.>=[1]", "bad_value", "not_a_number"),
    ({">=": [var("score"), "NaN"]}, "$.>=[1]", "bad_value", "not_a_number"),
    ({"==": [var("name"), ""]}, "$.==[1]", "bad_value", "empty"),
    ({"==": [var("name"), 3]}, "$.==[1]", "bad_value", "wrong_type"),
    ({"==": [var("degree"), "phd"]}, "$.==[1]", "bad_value", "unknown_code"),
    ({"==": [var("sex"), ""]}, "$.==[1]", "bad_value", "empty"),
    ({"has": [var("tags"), "vip"]}, "$.has[1]", "bad_value", "unknown_code"),
    ({"has": [var("entitlements"), "home subsidy"]}, "$.has[1]", "bad_value", "unknown_code"),
    ({"in": [var("county"), []]}, "$.in[1]", "bad_value", "empty"),
    ({"in": [var("county"), "421121"]}, "$.in[1]", "bad_value", "wrong_type"),
    ({"in": [var("degree"), ["master", "phd"]]}, "$.in[1][1]", "bad_value", "unknown_code"),
    ({">=": [var("arrival_date"), "2024-01-01"]}, "$.>=[1]", "bad_value", "wrong_type"),
    (
        {">=": [var("arrival_date"), {"date": "2023-02-29"}]},
        "$.>=[1].date",
        "bad_value",
        "bad_date",
    ),
    (
        {">=": [var("arrival_date"), {"date": "2024-1-1"}]},
        "$.>=[1].date",
        "bad_value",
        "bad_date",
    ),
    (
        {">=": [var("arrival_date"), {"on": {"years": 1.5}}]},
        "$.>=[1].on.years",
        "bad_value",
        "float",
    ),
    (
        {">=": [var("arrival_date"), {"on": {"weeks": 1}}]},
        "$.>=[1].on.weeks",
        "bad_shape",
        "unknown_key",
    ),
    (
        {">=": [var("arrival_date"), {"on": {"days": 10**6}}]},
        "$.>=[1].on.days",
        "bad_value",
        "out_of_range",
    ),
    (
        {">=": [var("arrival_date"), {"date": "2024-01-01", "on": {}}]},
        "$.>=[1]",
        "bad_value",
        "wrong_type",
    ),
    # column-to-column date arithmetic is not in the grammar
    ({">=": [var("arrival_date"), var("birth_date")]}, "$.>=[1]", "bad_value", "wrong_type"),
    ({">=": [var("age"), -1]}, "$.>=[1]", "bad_value", "out_of_range"),
    ({">=": [var("age"), 151]}, "$.>=[1]", "bad_value", "out_of_range"),
    ({">=": [var("age"), "35"]}, "$.>=[1]", "bad_value", "wrong_type"),
    ({">=": [var("age"), 35.0]}, "$.>=[1]", "bad_value", "float"),
    # "none" is a value only of facts that declare it (tier, skill), never of degree
    ({"==": [var("degree"), "none"]}, "$.==[1]", "bad_value", "unknown_code"),
    ({"in": [var("county"), ["421121", "none"]]}, "$.in[1][1]", "bad_value", "unknown_code"),
    ({"has": [var("tags"), "none"]}, "$.has[1]", "bad_value", "unknown_code"),
    ({"has": [var("tier"), "none"]}, "$", "operator_not_for_type", None),
    ({">=": [var("skill"), "none"]}, "$", "operator_not_for_type", None),
    ({"==": [var("tier"), "None"]}, "$.==[1]", "bad_value", "unknown_code"),
    # paths through the tree
    (
        {"and": [{"==": [var("name"), "x"]}, {">=": [var("degree"), "phd"]}]},
        "$.and[1].>=[1]",
        "bad_value",
        "unknown_code",
    ),
    (
        {"or": [{"not": {"in": [var("sex"), ["M", "X"]]}}]},
        "$.or[0].not.in[1][1]",
        "bad_value",
        "unknown_code",
    ),
]


@pytest.mark.parametrize(("rule", "path", "code", "reason"), REFUSED)
def test_a_rule_is_refused_with_the_path_to_the_problem(rule, path, code, reason):
    assert (path, code, reason) in errors_of(rule)


def test_every_problem_is_reported_not_only_the_first():
    rule = {
        "and": [
            {"==": [var("salary"), 1]},
            {">=": [var("score"), 3.5]},
            {"or": [{"xor": []}, {">": [var("name"), "a"]}]},
        ]
    }

    assert errors_of(rule) == [
        ("$.and[0].==[0].var", "unknown_fact", None),
        ("$.and[1].>=[1]", "bad_value", "float"),
        ("$.and[2].or[0]", "unknown_operator", None),
        ("$.and[2].or[1]", "operator_not_for_type", None),
    ]


def test_nesting_deeper_than_the_limit_is_refused_where_it_goes_too_deep():
    rule = {"==": [var("name"), "x"]}
    for _ in range(MAX_DEPTH):
        rule = {"not": rule}

    assert errors_of(rule) == [("$" + ".not" * MAX_DEPTH, "too_deep", None)]


def test_nesting_up_to_the_limit_is_accepted():
    rule = {"==": [var("name"), "x"]}
    for _ in range(MAX_DEPTH - 1):
        rule = {"not": rule}

    validate(rule, CATALOGUE)


def test_a_rule_with_too_many_conditions_is_refused():
    leaf = {"==": [var("name"), "x"]}

    assert errors_of({"and": [leaf] * MAX_NODES}) == [("$", "too_large", None)]
    validate({"and": [leaf] * (MAX_NODES - 1)}, CATALOGUE)


def test_a_long_in_list_counts_towards_the_size_limit():
    assert errors_of({"in": [var("name"), ["x"] * MAX_NODES]}) == [("$", "too_large", None)]


def test_errors_carry_params_for_messages_and_serialise():
    with pytest.raises(RuleValidationError) as refused:
        validate({"==": [var("degree"), "phd"]}, CATALOGUE)

    assert refused.value.errors[0].to_dict() == {
        "path": "$.==[1]",
        "code": "bad_value",
        "params": {"reason": "unknown_code", "value": "phd", "fact": "degree"},
    }
    assert "$.==[1]" in str(refused.value)


@pytest.mark.parametrize(
    "rule",
    [
        {"and": []},
        {"or": []},
        {"not": {"and": []}},
        {"==": [var("name"), "陈超"]},
        {"in": [var("sex"), ["M", "F"]]},
        {">=": [var("degree"), "master"]},
        {"<": [var("score"), "-2.75"]},
        {"!=": [var("score"), 3]},
        {">=": [var("arrival_date"), {"on": {"years": -3, "months": 1, "days": -2}}]},
        {"<": [var("birth_date"), {"date": "2000-02-29"}]},
        {"in": [var("age"), [35, 36]]},
        {"has": [var("tags"), "youth"]},
        {"has": [var("entitlements"), "home-purchase_2024"]},
        {">=": [var("tier"), "D"]},
        {"==": [var("tier"), "none"]},
        {"<": [var("tier"), "none"]},
        {"in": [var("tier"), ["A", "none"]]},
        {"!=": [var("skill"), "none"]},
        {"in": [var("skill"), ["technician", "none"]]},
    ],
)
def test_well_formed_rules_are_accepted(rule):
    assert parse(rule, CATALOGUE).source == rule


def test_the_none_code_ranks_below_every_code_of_the_catalogue():
    compare = parse({"==": [var("tier"), "none"]}, CATALOGUE).root
    below = parse({"==": [var("tier"), "E"]}, CATALOGUE).root

    assert compare.operand == Ranked("none", 6, none=True)
    assert below.operand == Ranked("E", 5)


@pytest.mark.parametrize(
    ("fact_type", "none_code"),
    [
        (FactType.TEXT, "none"),
        (FactType.SET, "none"),
        (FactType.NUMBER, "none"),
        (FactType.RANKED, "no tier"),
    ],
)
def test_a_none_code_is_only_for_code_and_ranked_facts_and_is_a_slug(fact_type, none_code):
    with pytest.raises(ValueError, match="none_code"):
        Fact("x", fact_type, "x", lambda subject, on: None, none_code=none_code)


class Lazy:
    def __init__(self, text):
        self.text = text

    def __str__(self):
        return self.text


def test_errors_with_lazy_labels_serialise_as_plain_json():
    catalogue = pure_catalogue()
    catalogue.register(replace(catalogue.get("name"), label=Lazy("姓名")))
    with pytest.raises(RuleValidationError) as refused:
        validate({">": [var("name"), "a"]}, catalogue)

    data = json.loads(json.dumps(refused.value.errors[0].to_dict()))

    assert data["params"]["label"] == "姓名"
    assert data["params"]["type"] == "text"
