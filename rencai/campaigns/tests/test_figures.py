"""The campaign's figure, read on the dashboard: the share of progress reports accepted, over
the units the reader answers for (counted in the test over factory-made reports)."""

from __future__ import annotations

from datetime import date

import pytest

from rencai.core.choices import Role
from rencai.core.tests.clients import page_client
from rencai.core.tests.factories import make_county, make_user

from ..models import ReportedValue
from .factories import make_action, make_campaign, make_indicator, make_unit

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


@pytest.fixture
def reports():
    """团风县: three reports in September, two accepted; 武穴市: one, sent back."""
    tuanfeng, wuxue = make_county("421121", "团风县"), make_county("421182", "武穴市")
    action = make_action(make_campaign(date(2022, 9, 1), date(2022, 9, 30)))
    mine = make_indicator(make_unit(action, division=tuanfeng))
    theirs = make_indicator(make_unit(action, division=wuxue))
    for day, state in ((5, "accepted"), (12, "accepted"), (20, "submitted")):
        ReportedValue.objects.create(
            indicator=mine, value=10, as_of=date(2022, 9, day), note="台账", state=state
        )
    ReportedValue.objects.create(
        indicator=theirs,
        value=5,
        as_of=date(2022, 9, 8),
        note="台账",
        state="returned",
        return_reason="缺佐证",
    )
    return tuanfeng, wuxue


def accepted_tile(user):
    response = page_client(user).get("/dashboard/?period=month&month=2022-09")
    for section in response.context["sections"]:
        for tile in section.tiles:
            if tile.figure.name == "campaigns.reports_accepted":
                return tile.value
    raise AssertionError("no campaign tile")


def test_a_county_officer_counts_only_their_units_reports(reports):
    tuanfeng, _wuxue = reports

    value = accepted_tile(make_user(role=Role.COUNTY_OFFICER, division=tuanfeng))

    assert (value.numerator, value.denominator) == (2, 3)


def test_the_task_force_counts_every_units_reports(reports):
    value = accepted_tile(make_user(role=Role.TASK_FORCE))

    assert (value.numerator, value.denominator) == (2, 4)
