"""Simulation: a draft's effect by county and tier, checked against an independent count.

The independent count evaluates every talent one at a time with `explain` and `amount_for`
(the Python evaluator) and adds up in Python; the simulation is one aggregate query.
"""

import itertools
from collections import defaultdict
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from rencai.core.choices import Role
from rencai.core.tests.factories import make_county, make_user
from rencai.policies import evaluation, selectors, services
from rencai.policies.choices import DEAD_STATES
from rencai.policies.models import Entitlement
from rencai.policies.simulation import count_versions, simulate
from rencai.rules import Outcome
from rencai.talents.models import Talent
from rencai.talents.tests.factories import make_degree, make_talent, make_tier

from .factories import DEGREE_TABLE, make_benefit

pytestmark = [pytest.mark.django_db, pytest.mark.portable]

TODAY = timezone.localdate()
DRAFT_RULE = {"and": [{">=": [{"var": "degree"}, "master"]}, {"<=": [{"var": "age"}, 45]}]}
DRAFT_AMOUNT = {
    "kind": "table",
    "fact": "degree",
    "rows": {"master": "40000.00", "doctorate": "60000.00"},
}


def born(age: int, days: int = 10):
    return TODAY.replace(year=TODAY.year - age) - timedelta(days=days)


@pytest.fixture
def registry():
    """Talents of two counties, four tiers (one none) and every degree, aged 25 to 50."""
    counties = [make_county("421121", "团风县"), make_county("421182", "武穴市")]
    tiers = [make_tier("A"), make_tier("D"), make_tier("E"), None]
    degrees = [make_degree(c) for c in ("bachelor", "master", "doctorate")] + [None]
    ages = [25, 39, 40, 41, 44, 45, 46, 50]
    combos = itertools.product(counties, tiers, degrees, ages)
    for i, (county, tier, degree, age) in enumerate(combos):
        # Every 7th has a birthday today: the boundary of "age ≤ N" on the evaluation day.
        make_talent(
            county=county, tier=tier, degree=degree, birth_date=born(age, 0 if i % 7 else 10)
        )
    return Talent.objects.all()


@pytest.fixture
def benefit(registry):
    benefit = make_benefit(amount=DEGREE_TABLE, exclusivity_group="housing")
    other = make_benefit(exclusivity_group="housing")
    talents = list(registry.filter(degree__code="master").order_by("pk"))
    services.record_entitlement(talents[0], benefit, actor=None, state="paid")
    services.record_entitlement(talents[1], other, actor=None, state="granted")
    rejected = services.record_entitlement(talents[2], benefit, actor=None)
    services.transition_entitlement(rejected, actor=None, to_state="rejected")
    services.update_draft(benefit, actor=None, fields={"rule": DRAFT_RULE, "amount": DRAFT_AMOUNT})
    return benefit


def independent_count(benefit) -> dict[tuple[str, str], dict[str, int]]:
    """(county code, tier code) → counts and costs, one talent at a time in Python."""
    current = selectors.current_version(benefit, TODAY)
    draft = selectors.draft_of(benefit)
    group = benefit.exclusivity_group
    holding = set(
        Entitlement.objects.exclude(state__in=DEAD_STATES)
        .filter(benefit=benefit)
        .values_list("talent_id", flat=True)
    ) | set(
        Entitlement.objects.exclude(state__in=DEAD_STATES)
        .filter(exclusivity_group=group)
        .values_list("talent_id", flat=True)
    )
    cells = defaultdict(lambda: defaultdict(int))
    for pk in Talent.objects.values_list("pk", flat=True):
        talent = evaluation.talent_for_evaluation(pk, TODAY)
        now = evaluation.explain(current, talent, TODAY).outcome == Outcome.TRUE
        new = evaluation.explain(draft, talent, TODAY).outcome == Outcome.TRUE
        cell = cells[(talent.county.code, talent.tier.code if talent.tier else "")]
        cell["talents"] += 1
        cell["now"] += now
        cell["draft"] += new
        cell["gained"] += new and not now
        cell["lost"] += now and not new
        if pk not in holding:
            if now:
                cell["cost_now"] += evaluation.amount_for(current, talent, TODAY) or 0
            if new:
                cell["cost_draft"] += evaluation.amount_for(draft, talent, TODAY) or 0
    return {key: dict(value) for key, value in cells.items()}


def as_cells(simulation) -> dict[tuple[str, str], dict[str, int]]:
    return {
        (row.county_code, row.tier_code): {
            "talents": row.talents,
            "now": row.now,
            "draft": row.draft,
            "gained": row.gained,
            "lost": row.lost,
            "cost_now": row.cost_now,
            "cost_draft": row.cost_draft,
        }
        for row in simulation.rows
    }


def test_simulation_matches_an_independent_count_by_county_and_tier(benefit):
    expected = independent_count(benefit)

    result = simulate(benefit)

    assert as_cells(result) == expected
    assert result.total.gained > 0
    assert result.total.cost_change == sum(
        cell["cost_draft"] - cell["cost_now"] for cell in expected.values()
    )


def test_simulation_is_one_aggregate_query_over_the_registry(benefit):
    with CaptureQueriesContext(connection) as queries:
        simulate(benefit)

    registry_queries = [q for q in queries if '"talents_talent"' in q["sql"].split("FROM")[1]]
    assert len(registry_queries) == 1
    assert "GROUP BY" in registry_queries[0]["sql"]
    assert len(queries) <= 6  # versions, draft, and the two label look-ups


def test_a_stricter_rule_loses_talents_and_lowers_the_cost(benefit):
    stricter = {"and": [{">=": [{"var": "degree"}, "doctorate"]}, {"<=": [{"var": "age"}, 40]}]}

    result = simulate(benefit, rule=stricter, amount=DEGREE_TABLE)

    assert result.total.gained == 0
    assert (
        result.total.lost
        == Talent.objects.filter(degree__code="master", birth_date__gt=born(41, 0)).count()
    )
    assert result.total.cost_change < 0


def test_a_monthly_benefit_costs_the_amount_times_its_months(registry):
    benefit = make_benefit(
        rule={">=": [{"var": "degree"}, "doctorate"]},
        amount={"kind": "fixed", "yuan": "1000.00"},
        periodicity="monthly",
        months=36,
    )
    services.update_draft(
        benefit, actor=None, fields={"amount": {"kind": "fixed", "yuan": "2000.00"}}
    )
    doctors = Talent.objects.filter(degree__code="doctorate").count()

    result = simulate(benefit)

    assert result.total.cost_now == doctors * 100_000 * 36
    assert result.total.cost_change == doctors * 100_000 * 36


def test_counting_many_benefits_in_one_pass_matches_their_rules(benefit):
    other = make_benefit(rule={">=": [{"var": "tier"}, "D"]})
    items = [(b, selectors.current_version(b, TODAY)) for b in (benefit, other)]

    count_versions(items, TODAY)  # the first call reads the fact catalogues once

    with CaptureQueriesContext(connection) as queries:
        counts = count_versions(items, TODAY)

    assert len(queries) == 1
    assert counts[benefit.pk] == evaluation.count_rule(items[0][1].rule, TODAY).selected
    assert counts[other.pk] == Talent.objects.filter(tier__code__in=["A", "D"]).count()


def test_the_benefit_page_loads_the_simulation_for_an_officer(client, benefit):
    client.force_login(make_user(role=Role.TASK_FORCE))

    page = client.get(f"/benefits/{benefit.pk}/simulate/").content.decode()
    partial = client.get(f"/benefits/{benefit.pk}/simulate/", headers={"HX-Request": "true"})

    total = simulate(benefit).total
    assert f"+{total.gained}" in page
    assert "<html" not in partial.content.decode()
    assert f"−{total.lost}" in partial.content.decode()


def test_the_editor_previews_an_unsaved_rule(client, benefit):
    client.force_login(make_user(role=Role.TASK_FORCE))
    rule = '{"and": [{">=": [{"var": "degree"}, "master"]}, {"<=": [{"var": "age"}, 50]}]}'

    response = client.post(
        f"/benefits/{benefit.pk}/simulate/preview/", {"rule": rule, "amount": ""}
    )
    bad = client.post(f"/benefits/{benefit.pk}/simulate/preview/", {"rule": '{"x": 1}'})

    gained = simulate(
        benefit,
        rule={"and": [{">=": [{"var": "degree"}, "master"]}, {"<=": [{"var": "age"}, 50]}]},
        amount={"kind": "none"},
    ).total.gained
    assert f"+{gained}" in response.content.decode()
    assert "flash error" in bad.content.decode()


def test_simulation_is_closed_to_users_without_a_staff_role(client, benefit):
    client.force_login(make_user(role=Role.TALENT))

    assert client.get(f"/benefits/{benefit.pk}/simulate/").status_code == 403


def test_simulate_api_returns_totals_and_rows(benefit):
    client = APIClient()
    client.force_authenticate(make_user(role=Role.TASK_FORCE))

    body = client.get(f"/api/v1/benefits/{benefit.pk}/simulate/").json()
    posted = client.post(
        f"/api/v1/benefits/{benefit.pk}/simulate/",
        {"rule": {"<=": [{"var": "age"}, 30]}},
        format="json",
    )
    bad = client.post(
        f"/api/v1/benefits/{benefit.pk}/simulate/",
        {"rule": {"<=": [{"var": "salary"}, 30]}},
        format="json",
    )

    total = simulate(benefit).total
    assert (body["total"]["gained"], body["total"]["lost"]) == (total.gained, total.lost)
    assert body["current_version"] == 1
    assert body["total"]["cost_change"] == f"{total.cost_change / 100:.2f}"
    assert {row["county_code"] for row in body["rows"]} == {"421121", "421182"}
    assert posted.status_code == 200
    assert bad.status_code == 400
    assert "rule" in bad.json()["fields"]
