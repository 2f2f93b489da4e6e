"""Open statistics through the API: public, fixed periods, small cells withheld (primary) and
enough others that none can be recomputed (secondary), money only over enough payments.

Expected numbers are counted here over factory-made records, never through the figures."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from rencai.core.tests.clients import api_client
from rencai.core.tests.factories import make_county, make_tier
from rencai.dashboard.api.views import OpenStatisticsThrottle
from rencai.dashboard.stats.suppression import COLUMN, ROW, TOTAL, Equation
from rencai.dashboard.tests.test_suppression import recomputable
from rencai.desk.models import Application, Disbursement
from rencai.desk.tests.factories import Desk, make_master
from rencai.talents.models import Talent
from rencai.talents.tests.factories import make_degree, make_talent

pytestmark = [pytest.mark.portable, pytest.mark.django_db]

THRESHOLD = 5
IN_Q3 = timezone.make_aware(datetime.combine(date(2022, 8, 15), time(10)))
COUNTIES = {
    "421102": "黄州区",
    "421121": "团风县",
    "421122": "红安县",
    "421182": "武穴市",
}


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def counties():
    return {code: make_county(code, name) for code, name in COUNTIES.items()}


def registered(county, n: int, *, tier=None, when=IN_Q3) -> None:
    """`n` talents of `county` registered on `when`."""
    for _ in range(n):
        talent = make_talent(county=county, tier=tier)
        Talent.objects.filter(pk=talent.pk).update(created_at=when)


def get(path: str, **query):
    return api_client().get(f"/api/v1/stats/{path}", query)


def by_key(body) -> dict:
    return {row["key"]: row for row in body["rows"]}


# --- the catalogue -------------------------------------------------------------------------


def test_anyone_lists_the_published_figures_without_signing_in():
    response = api_client().get("/api/v1/stats/")

    assert response.status_code == 200
    body = response.json()
    assert body["threshold"] == THRESHOLD
    talents = next(f for f in body["results"] if f["name"] == "talents.registered")
    assert talents["period"] == "quarter"
    assert talents["breakdowns"] == ["county", "tier", "degree"]


def test_a_figure_not_published_is_not_found():
    assert get("medical.visits_completed/", period="2022").status_code == 404
    assert get("no.such.figure/", period="2022").status_code == 404


# --- fixed periods -------------------------------------------------------------------------


@pytest.mark.parametrize("period", ["2022-8", "2022-13", "2022-Q5", "2022-07-01", "", "last"])
def test_only_a_month_quarter_or_year_is_a_period(period):
    response = get("talents.registered/", period=period)

    assert response.status_code == 400
    assert "period" in response.json()["fields"]


def test_a_figure_answers_only_for_the_kind_of_period_it_is_published_by():
    response = get("talents.registered/", period="2022-09")

    assert response.status_code == 400
    assert "period" in response.json()["fields"]


def test_a_period_that_has_not_ended_is_refused():
    today = timezone.localdate()
    quarter = f"{today.year}-Q{(today.month - 1) // 3 + 1}"

    response = get("talents.registered/", period=quarter)

    assert response.status_code == 400


def test_an_unknown_county_or_breakdown_is_refused(counties):
    assert get("talents.registered/", period="2022-Q3", county="999999").status_code == 400
    assert get("talents.registered/", period="2022-Q3", breakdown="kind").status_code == 400
    both = get("talents.registered/", period="2022-Q3", county="421121", breakdown="county")
    assert both.status_code == 400


# --- primary and secondary suppression ------------------------------------------------------


def test_a_county_under_the_threshold_is_withheld_with_the_next_smallest(counties):
    # given 3 talents registered in 团风, 8 in 红安, 12 in 武穴 in the quarter, none in 黄州
    registered(counties["421121"], 3)
    registered(counties["421122"], 8)
    registered(counties["421182"], 12)
    registered(counties["421182"], 2, when=IN_Q3.replace(year=2021))

    # when anyone asks for the quarter by county
    body = get("talents.registered/", period="2022-Q3", breakdown="county").json()

    # then 团风 (3) is withheld, and so is 红安 (8), the next smallest — else 23 − 12 − 0 = 3
    rows = by_key(body)
    assert rows["421121"] | {"key": None, "label": None} == {
        "key": None,
        "label": None,
        "value": None,
        "numerator": None,
        "denominator": None,
        "suppressed": True,
    }
    assert rows["421122"]["suppressed"] is True
    assert rows["421182"]["value"] == 12
    assert rows["421102"] == {**rows["421102"], "value": 0, "suppressed": False}
    assert body["total"]["value"] == 23


def test_a_county_asked_alone_is_withheld_as_in_the_county_table(counties):
    registered(counties["421121"], 3)
    registered(counties["421122"], 8)
    registered(counties["421182"], 12)

    red_an = get("talents.registered/", period="2022-Q3", county="421122").json()
    wuxue = get("talents.registered/", period="2022-Q3", county="421182").json()

    assert red_an["county"] == {"code": "421122", "name": "红安县"}
    assert red_an["total"]["suppressed"] is True
    assert wuxue["total"]["value"] == 12


def test_a_county_by_tier_table_withholds_in_both_directions(counties):
    # given tiers A and B: 团风 2 A + 7 B; 武穴 6 A + 8 B
    a, b = make_tier("A"), make_tier("B")
    registered(counties["421121"], 2, tier=a)
    registered(counties["421121"], 7, tier=b)
    registered(counties["421182"], 6, tier=a)
    registered(counties["421182"], 8, tier=b)

    tuanfeng = by_key(
        get("talents.registered/", period="2022-Q3", county="421121", breakdown="tier").json()
    )
    wuxue = by_key(
        get("talents.registered/", period="2022-Q3", county="421182", breakdown="tier").json()
    )
    city = get("talents.registered/", period="2022-Q3", breakdown="tier").json()

    # then 团风's A (2) and B (its row's complement) are withheld, and 武穴's A and B too
    # (each column had one unknown); the city's tiers and total stay published
    assert all(row["suppressed"] for row in tuanfeng.values())
    assert all(row["suppressed"] for row in wuxue.values())
    assert [row["value"] for row in city["rows"]] == [8, 15]
    assert city["total"]["value"] == 23


def test_a_total_under_the_threshold_withholds_every_cell(counties):
    registered(counties["421121"], 1)
    registered(counties["421182"], 3)

    body = get("talents.registered/", period="2022-Q3", breakdown="county").json()

    # then everything is withheld, the empty counties too (else 黄州 0, 红安 0 … narrow it)
    assert body["total"]["suppressed"] is True
    assert all(row["suppressed"] for row in body["rows"])


def test_money_is_published_only_where_enough_payments_rest_under_it(counties):
    # given 6 payments to 武穴's talents and 2 to 团风's in August 2022
    desk = Desk()
    for county, n in (("421182", 6), ("421121", 2)):
        for _ in range(n):
            desk.case_in("disbursed", make_master(county=counties[county]))
    Disbursement.objects.update(paid_on=date(2022, 8, 20))
    amounts = dict.fromkeys(COUNTIES, 0)
    for payment in Disbursement.objects.select_related("application__county"):
        amounts[payment.application.county.code] += payment.amount_fen

    body = get("desk.money_paid/", period="2022-Q3", breakdown="county").json()

    rows = by_key(body)
    assert rows["421121"]["value"] is None
    assert rows["421121"]["suppressed"] is True
    assert rows["421182"]["suppressed"] is True  # else the total minus the others gives 团风
    assert body["total"]["value"] == f"{sum(amounts.values()) / 100:.2f}"


def test_the_endpoint_never_returns_a_cell_under_the_threshold_for_demo_like_data(counties):
    # given a demo-sized registry: 0–9 talents per county and tier (seeded, so repeatable)
    rng = random.Random(15)
    tiers = [make_tier(code) for code in "ABCDE"]
    for county in counties.values():
        for tier in tiers:
            registered(county, rng.choice([0, 0, 1, 2, 3, 5, 6, 9]), tier=tier)

    # when every slice is asked for
    answers = [get("talents.registered/", period="2022-Q3", breakdown="county").json()]
    answers.append(get("talents.registered/", period="2022-Q3", breakdown="tier").json())
    for code in counties:
        answers.append(get("talents.registered/", period="2022-Q3", county=code).json())
        answers.append(
            get("talents.registered/", period="2022-Q3", county=code, breakdown="tier").json()
        )

    # then no published count is between 1 and the threshold
    cells = [a["total"] for a in answers] + [row for a in answers for row in a["rows"]]
    published = [c["value"] for c in cells if not c["suppressed"]]
    assert published
    assert all(v == 0 or v >= THRESHOLD for v in published)


# --- public, and no one's data ---------------------------------------------------------------


def test_an_answer_holds_numbers_and_labels_only(counties):
    registered(counties["421182"], 6)
    names = list(Talent.objects.values_list("name", flat=True))

    response = get("talents.registered/", period="2022-Q3", breakdown="county")

    body = response.json()
    assert set(body) == {
        "figure",
        "label",
        "unit",
        "kind",
        "period",
        "county",
        "breakdown",
        "threshold",
        "total",
        "rows",
    }
    assert {key for row in body["rows"] for key in row} == {
        "key",
        "label",
        "value",
        "numerator",
        "denominator",
        "suppressed",
    }
    assert not any(name in response.content.decode() for name in names)


def test_an_answer_takes_a_few_queries(counties, django_assert_max_num_queries):
    make_tier("A")
    registered(counties["421182"], 6, tier=make_tier("A"))

    with django_assert_max_num_queries(8):
        response = get("talents.registered/", period="2022-Q3", county="421182", breakdown="tier")

    assert response.status_code == 200


def test_anonymous_readers_are_throttled(monkeypatch):
    monkeypatch.setattr(OpenStatisticsThrottle, "rate", "2/minute")

    codes = [api_client().get("/api/v1/stats/").status_code for _ in range(3)]

    assert codes == [200, 200, 429]


# --- ratios and medians ----------------------------------------------------------------------


@pytest.fixture
def decided(counties):
    """Cases decided in August 2022: 6 of 武穴's (handled in 1–6 working days, 4 by their
    deadline) and 2 of 团风's (10 and 20 days, 1 by its deadline)."""
    desk = Desk()
    plan = [("421182", days, days <= 4) for days in range(1, 7)]
    plan += [("421121", 10, True), ("421121", 20, False)]
    for code, days, in_time in plan:
        case = desk.case_in("approved", make_master(county=counties[code]))
        deadline = IN_Q3 + timedelta(days=1 if in_time else -1)
        Application.objects.filter(pk=case.pk).update(
            decided_at=IN_Q3, handling_working_days=days, due_at=deadline
        )
    return plan


def test_a_ratio_is_published_only_over_enough_cases(decided):
    body = get("desk.settled_within_target/", period="2022-Q3", breakdown="county").json()

    rows = by_key(body)
    # 团风 rests on 2 cases: withheld, and 武穴 with it (else the city's parts give 团风's)
    assert rows["421121"]["suppressed"] is True
    assert rows["421121"]["numerator"] is None
    assert rows["421182"]["suppressed"] is True
    in_time = sum(1 for _, _, ok in decided if ok)
    assert body["total"] == {
        "value": f"{Decimal(in_time) / Decimal(len(decided)):.4f}",
        "numerator": in_time,
        "denominator": len(decided),
        "suppressed": False,
    }


def test_a_median_is_published_only_over_enough_values(decided):
    body = get("desk.median_handling_working_days/", period="2022-Q3", breakdown="county").json()

    rows = by_key(body)
    # 武穴: median of 1..6 is 3.5, rounded half to even: 4; 团风 rests on 2 values: withheld
    assert rows["421182"]["value"] == 4
    assert rows["421121"] == {**rows["421121"], "value": None, "suppressed": True}
    # all eight: 1 2 3 4 5 6 10 20 → 4.5 → 4; a median is not a sum, so 武穴 needs no company
    assert body["total"]["value"] == 4


def test_no_withheld_cell_can_be_recomputed_from_every_answer_together(counties):
    # given talents by county, tier and degree (seeded), two breakdowns sharing the counties
    rng = random.Random(7)
    tiers = [make_tier(code) for code in "ABC"]
    degrees = [make_degree(code) for code in ("bachelor", "master", "doctorate")]
    for county in counties.values():
        for _ in range(rng.choice([2, 6, 11, 17])):
            talent = make_talent(county=county, tier=rng.choice(tiers), degree=rng.choice(degrees))
            Talent.objects.filter(pk=talent.pk).update(created_at=IN_Q3)

    # when a reader collects every slice the API answers
    values: dict = {}
    withheld: set = set()

    def take(cell, answer):
        values[cell] = answer["value"] if answer["value"] is not None else 0
        if answer["suppressed"]:
            withheld.add(cell)

    q = {"period": "2022-Q3"}
    city = get("talents.registered/", **q, breakdown="county").json()
    take(TOTAL, city["total"])
    for row in city["rows"]:
        take((ROW, row["key"]), row)
    for name in ("tier", "degree"):
        for row in get("talents.registered/", **q, breakdown=name).json()["rows"]:
            take((name, COLUMN, row["key"]), row)
        for code in counties:
            answer = get("talents.registered/", **q, county=code, breakdown=name).json()
            assert answer["total"]["suppressed"] == ((ROW, code) in withheld)
            for row in answer["rows"]:
                take((name, code, row["key"]), row)

    # then every withheld cell has a partner in each sum, and none follows from the rest
    equations = [Equation(TOTAL, tuple((ROW, code) for code in counties))]
    for name in ("tier", "degree"):
        keys = [k[2] for k in values if k[0] == name and k[1] == COLUMN]
        equations += [Equation((ROW, c), tuple((name, c, k) for k in keys)) for c in counties]
        equations += [
            Equation((name, COLUMN, k), tuple((name, c, k) for c in counties)) for k in keys
        ]
        equations.append(Equation(TOTAL, tuple((name, COLUMN, k) for k in keys)))
    assert withheld
    for eq in equations:
        assert sum(c in withheld for c in eq.cells()) != 1
    assert recomputable(values, equations, withheld) == set()


def test_a_catalogue_breakdown_is_keyed_by_its_codes(counties):
    a = make_tier("A", name="A类")
    registered(counties["421182"], 6, tier=a)

    body = get("talents.registered/", period="2022-Q3", breakdown="tier").json()

    assert body["rows"] == [
        {
            "key": "A",
            "label": str(a),
            "value": 6,
            "numerator": None,
            "denominator": None,
            "suppressed": False,
        }
    ]


def test_credentials_are_not_read(counties):
    registered(counties["421182"], 6)
    client = api_client()
    client.credentials(HTTP_AUTHORIZATION="Token stale-or-made-up")

    response = client.get("/api/v1/stats/talents.registered/", {"period": "2022-Q3"})

    assert response.status_code == 200
    assert response.json()["total"]["value"] == 6


def test_the_list_of_figures_reads_no_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert api_client().get("/api/v1/stats/").status_code == 200
