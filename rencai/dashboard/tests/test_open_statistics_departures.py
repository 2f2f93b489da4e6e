"""Departures from the city in open statistics: published by year, by county (the county left)
and by reason, with the cells under the threshold withheld and enough others that none can be
recomputed from the published ones.

Expected numbers are counted here over departures the services recorded, never through the
figures."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache

from rencai.core import clock
from rencai.core.choices import Role
from rencai.core.tests.clients import api_client
from rencai.core.tests.factories import make_county, make_user
from rencai.dashboard.stats.suppression import COLUMN, ROW, TOTAL, Equation
from rencai.dashboard.tests.test_suppression import recomputable
from rencai.talents.models import DepartureReason
from rencai.talents.services import moves
from rencai.talents.tests.factories import make_talent

pytestmark = [pytest.mark.portable, pytest.mark.django_db]

URL = "/api/v1/stats/talents.retention_departures/"
COUNTIES = {"421102": "黄州区", "421121": "团风县", "421122": "红安县", "421182": "武穴市"}
REASONS = ("job_transfer", "family", "further_study")
# departures in 2022 by county and reason: 团风 6 + 2, 红安 3, 武穴 5 + 5 + 1, 黄州 none
LEFT_IN_2022 = {
    ("421121", "job_transfer"): 6,
    ("421121", "family"): 2,
    ("421122", "job_transfer"): 3,
    ("421182", "job_transfer"): 5,
    ("421182", "family"): 5,
    ("421182", "further_study"): 1,
}


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def departures():
    """The departures of LEFT_IN_2022, plus one from 团风 in 2021 and a transfer from 团风 to 武穴
    in 2022 (neither a departure of 2022)."""
    counties = {code: make_county(code, name) for code, name in COUNTIES.items()}
    officers = {
        code: make_user(role=Role.COUNTY_OFFICER, division=county)
        for code, county in counties.items()
    }
    reasons = {code: DepartureReason.objects.get(code=code) for code in REASONS}

    def leave(code: str, reason: str, day: date) -> None:
        talent = make_talent(counties[code], arrival_date=date(2020, 1, 1))
        with clock.at(datetime(2023, 1, 2, 10, tzinfo=ZoneInfo("Asia/Shanghai"))):
            moves.record_departure(
                talent, actor=officers[code], moved_on=day, reason=reasons[reason]
            )

    for (code, reason), n in LEFT_IN_2022.items():
        for i in range(n):
            leave(code, reason, date(2022, 1 + i, 10))
    leave("421121", "job_transfer", date(2021, 12, 31))
    moving = make_talent(counties["421121"], arrival_date=date(2020, 1, 1))
    with clock.at(datetime(2023, 1, 2, 10, tzinfo=ZoneInfo("Asia/Shanghai"))):
        moves.record_transfer(
            moving,
            actor=officers["421121"],
            moved_on=date(2022, 6, 1),
            to_county=counties["421182"],
        )
    return counties


def get(**query):
    response = api_client().get(URL, query)
    assert response.status_code == 200, response.content
    return response.json()


def by_key(body) -> dict:
    return {row["key"]: row for row in body["rows"]}


def test_departures_are_listed_among_the_published_figures_by_year_and_reason():
    body = api_client().get("/api/v1/stats/").json()

    entry = next(f for f in body["results"] if f["name"] == "talents.retention_departures")
    assert entry["period"] == "year"
    assert entry["breakdowns"] == ["county", "reason"]
    assert api_client().get(URL, {"period": "2022-Q3"}).status_code == 400


def test_a_county_with_few_departures_is_withheld_with_the_next_smallest(departures):
    body = get(period="2022", breakdown="county")

    # 22 left the city in 2022: 团风 8, 红安 3, 武穴 11 (the 2021 departure and the transfer
    # are not counted); 红安 (3) is withheld, and 团风 (8), the smallest other count that is
    # not 0 — else 22 − 11 − 0 = 3
    rows = by_key(body)
    assert body["total"] == {**body["total"], "value": 22, "suppressed": False}
    assert rows["421122"] == {**rows["421122"], "value": None, "suppressed": True}
    assert rows["421121"]["suppressed"] is True
    assert rows["421182"] == {**rows["421182"], "value": 11, "suppressed": False}
    assert rows["421102"] == {**rows["421102"], "value": 0, "suppressed": False}


def test_the_reasons_are_keyed_by_their_codes_and_a_rare_reason_is_withheld(departures):
    body = get(period="2022", breakdown="reason")

    rows = by_key(body)
    assert set(rows) == set(REASONS)
    assert rows["job_transfer"] == {**rows["job_transfer"], "label": "工作调动", "value": 14}
    # one left for study: withheld, and family (7) with it — else 22 − 14 − 7 = 1
    assert rows["further_study"]["suppressed"] is True
    assert rows["family"]["suppressed"] is True


def test_no_published_cell_rests_on_fewer_departures_than_the_threshold(departures):
    answers = [get(period="2022", breakdown="county"), get(period="2022", breakdown="reason")]
    answers += [get(period="2022", county=code, breakdown="reason") for code in COUNTIES]

    for answer in answers:
        for cell in [answer["total"], *answer["rows"]]:
            assert cell["suppressed"] or cell["value"] == 0 or cell["value"] >= 5, answer


def test_no_withheld_cell_can_be_recomputed_from_every_answer_together(departures):
    values: dict = {}
    withheld: set = set()

    def take(cell, answer):
        values[cell] = answer["value"] if answer["value"] is not None else 0
        if answer["suppressed"]:
            withheld.add(cell)

    city = get(period="2022", breakdown="county")
    take(TOTAL, city["total"])
    for row in city["rows"]:
        take((ROW, row["key"]), row)
    for row in get(period="2022", breakdown="reason")["rows"]:
        take(("reason", COLUMN, row["key"]), row)
    for code in COUNTIES:
        answer = get(period="2022", county=code, breakdown="reason")
        assert answer["total"]["suppressed"] == ((ROW, code) in withheld)
        for row in answer["rows"]:
            take(("reason", code, row["key"]), row)

    # the withheld cells: at least the three under the threshold (团风 family 2, 红安 job 3,
    # 武穴 study 1); none alone in a sum, and none follows from the published ones
    assert {("reason", "421121", "family"), ("reason", "421122", "job_transfer")} <= withheld
    assert ("reason", "421182", "further_study") in withheld
    equations = [Equation(TOTAL, tuple((ROW, code) for code in COUNTIES))]
    equations += [Equation((ROW, c), tuple(("reason", c, r) for r in REASONS)) for c in COUNTIES]
    equations += [
        Equation(("reason", COLUMN, r), tuple(("reason", c, r) for c in COUNTIES)) for r in REASONS
    ]
    equations.append(Equation(TOTAL, tuple(("reason", COLUMN, r) for r in REASONS)))
    for eq in equations:
        assert sum(c in withheld for c in eq.cells()) != 1, eq
    assert recomputable(values, equations, withheld) == set()
