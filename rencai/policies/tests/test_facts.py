"""The concrete facts: both evaluators agree on real talents, and one talent costs 2 queries."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rencai import rules
from rencai.core.tests.factories import make_county
from rencai.policies import services
from rencai.policies.facts import CATALOGUE, load_subject, prefetch_facts
from rencai.rules.django import compile_rule
from rencai.talents.choices import CardKind, CardStatus, Relation
from rencai.talents.models import FamilyMember, Tag, Talent
from rencai.talents.tests.factories import make_card, make_degree, make_talent, make_tier

from .factories import make_benefit

pytestmark = [pytest.mark.django_db, pytest.mark.portable]
ON = date(2024, 6, 1)


@pytest.fixture
def talents():
    youth = Tag.objects.create(code="youth", name="青年人才")
    make_tier("A")
    make_tier("D")
    make_tier("E")
    county = make_county("421121", "团风县")
    other = make_county("421182", "武穴市")
    master, bachelor = make_degree("master"), make_degree("bachelor")
    a = make_talent(
        county=county,
        degree=master,
        birth_date=date(1990, 6, 1),
        arrival_date=date(2023, 1, 1),
        sex="M",
        tier=make_tier("D"),
        tags=[youth],
    )
    b = make_talent(county=other, degree=bachelor, birth_date=date(1996, 2, 29), sex="")
    c = make_talent(county=county, birth_date=date(1980, 1, 1), tier=make_tier("E"))
    make_card(a, kind=CardKind.GREEN_CARD, valid_from=ON - timedelta(1), valid_to=ON)
    make_card(b, kind=CardKind.GREEN_CARD, valid_from=ON + timedelta(1), valid_to=ON + timedelta(9))
    make_card(c, kind=CardKind.CHUCAI_CARD, valid_from=ON, valid_to=ON, status=CardStatus.REVOKED)
    FamilyMember.objects.create(talent=c, relation=Relation.CHILD, name="孩子", birth_date=ON)
    benefit = make_benefit(code="home_purchase_subsidy")
    services.record_entitlement(b, benefit, actor=None, state="paid", granted_on=ON)
    return [a, b, c]


RULES = [
    {">=": [{"var": "degree"}, "master"]},
    {"<": [{"var": "degree"}, "master"]},
    {"<=": [{"var": "age"}, 34]},
    {"==": [{"var": "age"}, 28]},
    {"<=": [{"var": "years_in_city"}, 3]},
    {">=": [{"var": "tier"}, "D"]},
    {"not": {">=": [{"var": "tier"}, "D"]}},
    {"==": [{"var": "county"}, "421121"]},
    {"in": [{"var": "county"}, ["421121", "421182"]]},
    {"!=": [{"var": "sex"}, "F"]},
    {"has": [{"var": "tags"}, "youth"]},
    {"has": [{"var": "cards"}, "green_card"]},
    {"has": [{"var": "cards"}, "chucai_card"]},
    {"has": [{"var": "family"}, "child"]},
    {"has": [{"var": "entitlements"}, "home_purchase_subsidy"]},
    {"not": {"has": [{"var": "entitlements"}, "home_purchase_subsidy"]}},
    {">=": [{"var": "arrival_date"}, {"on": {"years": -3}}]},
    {"or": [{"has": [{"var": "cards"}, "green_card"]}, {">=": [{"var": "tier"}, "D"]}]},
]


@pytest.mark.parametrize("rule", RULES, ids=[str(i) for i in range(len(RULES))])
def test_explain_and_compile_agree_on_every_fact(talents, rule):
    # given real talents, when the rule is evaluated in Python and in SQL
    compiled = compile_rule(rule, CATALOGUE, on=ON)
    true_ids = set(Talent.objects.filter(compiled.true_q).values_list("pk", flat=True))
    false_ids = set(Talent.objects.filter(compiled.false_q).values_list("pk", flat=True))
    for talent in talents:
        outcome = rules.explain(rule, load_subject(talent.pk, ON), CATALOGUE, on=ON).outcome
        sql = "true" if talent.pk in true_ids else "false" if talent.pk in false_ids else "unknown"
        # then both say the same for every talent
        assert outcome == sql, (talent.name, rule)


def test_expected_outcomes_for_a_master_with_a_valid_green_card(talents):
    a = load_subject(talents[0].pk, ON)
    rule = {
        "and": [
            {">=": [{"var": "degree"}, "master"]},
            {"<=": [{"var": "age"}, 34]},
            {"has": [{"var": "cards"}, "green_card"]},
            {"has": [{"var": "tags"}, "youth"]},
        ]
    }
    assert rules.explain(rule, a, CATALOGUE, on=ON).outcome == "true"
    assert rules.explain(rule, a, CATALOGUE, on=ON + timedelta(1)).outcome == "false"


def test_blank_sex_is_unknown_but_no_tier_is_the_lowest_tier(talents):
    b = load_subject(talents[1].pk, ON)
    assert rules.explain({"==": [{"var": "sex"}, "M"]}, b, CATALOGUE, on=ON).outcome == "unknown"
    assert rules.explain({">=": [{"var": "tier"}, "E"]}, b, CATALOGUE, on=ON).outcome == "false"
    assert rules.explain({"<=": [{"var": "tier"}, "E"]}, b, CATALOGUE, on=ON).outcome == "true"
    assert rules.explain({"==": [{"var": "tier"}, "none"]}, b, CATALOGUE, on=ON).outcome == "true"


def test_one_talent_loads_in_two_queries_and_evaluates_without_more(talents):
    with CaptureQueriesContext(connection) as loading:
        subject = load_subject(talents[0].pk, ON)
    with CaptureQueriesContext(connection) as evaluating:
        for rule in RULES:
            rules.explain(rule, subject, CATALOGUE, on=ON)
    assert len(loading) == 2
    assert len(evaluating) <= 9  # the catalogue codes, read once each, then cached


def test_prefetched_querysets_need_no_queries_per_talent(talents):
    rules.validate(RULES[0], CATALOGUE)  # warm the code cache
    loaded = list(prefetch_facts(Talent.objects.all()))
    with CaptureQueriesContext(connection) as evaluating:
        for talent in loaded:
            for rule in RULES:
                rules.explain(rule, talent, CATALOGUE, on=ON)
    assert len(evaluating) <= 9


def test_set_codes_come_from_the_catalogues(talents):
    assert "youth" in CATALOGUE.get("tags").codes()
    assert CATALOGUE.get("degree").codes()["master"] == 2
    assert "home_purchase_subsidy" in CATALOGUE.get("entitlements").codes()
    assert set(CATALOGUE.get("county").codes()) == {"421121", "421182"}
