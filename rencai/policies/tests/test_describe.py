"""Rules and amounts in plain words (the handbook's "who qualifies")."""

import pytest
from django.utils import translation

from rencai.policies.describe import describe_amount, describe_rule
from rencai.policies.facts import CATALOGUE
from rencai.talents.models import Tag
from rencai.talents.tests.factories import make_degree

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


@pytest.fixture(autouse=True)
def english():
    make_degree("master")
    make_degree("doctorate")
    Tag.objects.create(code="veteran", name="退役军人")
    with translation.override("en"):
        yield


def test_each_top_level_condition_is_one_sentence():
    rule = {
        "and": [
            {">=": [{"var": "degree"}, "master"]},
            {"<=": [{"var": "age"}, 35]},
            {"not": {"has": [{"var": "tags"}, "veteran"]}},
            {"or": [{"==": [{"var": "sex"}, "F"]}, {">": [{"var": "years_in_city"}, 2]}]},
        ]
    }
    assert describe_rule(rule, CATALOGUE) == [
        "degree: 硕士研究生 or higher",
        "age ≤ 35 years old",
        "tag: not 退役军人",
        "sex: Female or years in the city > 2 years",
    ]


def test_relative_dates_read_from_the_day_of_evaluation():
    rule = {">=": [{"var": "arrival_date"}, {"on": {"years": -3}}]}
    assert describe_rule(rule, CATALOGUE) == [
        "date of arrival in the city ≥ 3 years before the day of evaluation"
    ]


def test_an_invalid_or_empty_rule_reads_as_nothing():
    assert describe_rule({}, CATALOGUE) == []
    assert describe_rule({"and": [{"<": [{"var": "nope"}, 1]}]}, CATALOGUE) == []


def test_a_table_amount_lists_rows_by_rank():
    spec = {
        "kind": "table",
        "fact": "degree",
        "rows": {"doctorate": "60000.00", "master": "30000.00"},
    }
    amount = describe_amount(spec, CATALOGUE)
    assert amount.kind == "table"
    assert [(r.label, r.fen) for r in amount.rows] == [
        ("博士研究生", 6_000_000),
        ("硕士研究生", 3_000_000),
    ]


def test_fixed_and_no_amounts():
    assert describe_amount({"kind": "fixed", "yuan": "1000.00"}, CATALOGUE).fen == 100_000
    assert describe_amount({"kind": "none"}, CATALOGUE).kind == "none"
