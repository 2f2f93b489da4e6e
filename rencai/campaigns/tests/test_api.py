"""The campaign API: progress on any day, scoped like the pages."""

from __future__ import annotations

from datetime import date

import pytest

from rencai.campaigns.models import ReportedValue
from rencai.core.choices import Role
from rencai.core.tests.factories import make_county

from .factories import make_action, make_campaign, make_indicator, make_unit

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


@pytest.fixture
def plan():
    tuanfeng, wuxue = make_county("421121", "团风县"), make_county("421182", "武穴市")
    campaign = make_campaign(date(2022, 9, 1), date(2022, 9, 30))
    action = make_action(campaign)
    mine = make_indicator(make_unit(action, division=tuanfeng), target=100)
    other = make_indicator(make_unit(action, division=wuxue), target=100)
    for day, value in ((date(2022, 9, 5), 20), (date(2022, 9, 20), 90)):
        ReportedValue.objects.create(
            indicator=mine, value=value, as_of=day, note="台账", state="accepted"
        )
    return {"campaign": campaign, "tuanfeng": tuanfeng, "mine": mine, "other": other}


def test_progress_as_of_a_day_is_what_the_records_said_then(api_as, plan):
    api = api_as(Role.TASK_FORCE)
    url = f"/api/v1/campaigns/{plan['campaign'].pk}/progress/"

    early = api.get(url, {"as_of": "2022-09-10"}).json()
    late = api.get(url, {"as_of": "2022-09-25"}).json()

    mine = {r["id"]: r for r in early["indicators"]}[plan["mine"].pk]
    assert (mine["value"], mine["expected"], mine["pace"]) == (20, 33, "red")
    mine = {r["id"]: r for r in late["indicators"]}[plan["mine"].pk]
    assert (mine["value"], mine["expected"], mine["pace"]) == (90, 83, "green")
    assert late["red"] == 1  # the other county reported nothing


def test_a_county_officer_gets_only_their_units(api_as, plan):
    api = api_as(Role.COUNTY_OFFICER, division=plan["tuanfeng"])

    progress = api.get(f"/api/v1/campaigns/{plan['campaign'].pk}/progress/").json()
    targets = api.get("/api/v1/targets/").json()

    assert [r["id"] for r in progress["indicators"]] == [plan["mine"].pk]
    assert [r["id"] for r in targets["results"]] == [plan["mine"].pk]
    assert api.get(f"/api/v1/targets/{plan['other'].pk}/").status_code == 404


def test_a_bad_day_is_a_field_error(api_as, plan):
    api = api_as(Role.TASK_FORCE)

    response = api.get(
        f"/api/v1/campaigns/{plan['campaign'].pk}/progress/", {"as_of": "2022-13-01"}
    )

    assert response.status_code == 400
    assert "as_of" in response.json()["fields"]


def test_roles_outside_the_campaign_are_refused(api_as, plan):
    assert api_as(Role.TALENT).get("/api/v1/campaigns/").status_code == 403
    assert api_as(Role.WINDOW_CLERK).get("/api/v1/targets/").status_code == 403
