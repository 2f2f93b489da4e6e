"""The loans' figures honour the dashboard's department filter (issue 15): a loan's department
is the guarantee centre that reviews it (not the benefit's owner, nor the bank). The counts are
written here over loans the services made, and read where people read them: on the dashboard's
tiles and the list each tile opens."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from rencai.core import clock
from rencai.core.choices import Role
from rencai.core.tests.clients import page_client
from rencai.core.tests.factories import make_county, make_user
from rencai.policies.tests.factories import make_department

from .factories import Finance, make_product

pytestmark = [pytest.mark.django_db, pytest.mark.portable]

SEPTEMBER = "/dashboard/?period=month&month=2022-09"
END_OF_SEPTEMBER = datetime(2022, 9, 30, 12, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def centres():
    """The city's guarantee centre reviewed two loans lent in September (and one lent in
    October); 武穴's own centre reviewed one, under a benefit the city's centre owns."""
    city = Finance()
    city.run(city.apply(city.talent(), amount_fen=20_000_000), on=date(2022, 9, 5))
    city.run(city.apply(city.talent(), amount_fen=5_000_000), on=date(2022, 9, 28))
    city.run(city.apply(city.talent(), amount_fen=7_000_000), on=date(2022, 10, 3))
    city.apply(city.talent(), amount_fen=9_000_000)  # applied only
    county = Finance(county=make_county("421182", "武穴市"))
    county.centre = make_department("guarantee_centre", division=county.county)
    county.reviewer = make_user(role=Role.DEPARTMENT_OFFICER, organisation=county.centre)
    county.individual = make_product(county.benefit, county.centre, [county.bank])
    county.run(county.apply(county.talent(), amount_fen=3_000_000), on=date(2022, 9, 9))
    return city, county


def tile(response, name):
    """The dashboard's tile of figure `name`."""
    tiles = [t for section in response.context["sections"] for t in section.tiles]
    return next(t for t in tiles if t.figure.name == name)


def _dashboard(user, department=None):
    query = f"&department={department.pk}" if department is not None else ""
    with clock.at(END_OF_SEPTEMBER):
        return page_client(user).get(SEPTEMBER + query)


def test_the_department_filter_counts_the_loans_its_guarantee_centre_reviewed(centres):
    city, county = centres
    task_force = make_user(role=Role.TASK_FORCE)

    by_city = _dashboard(task_force, city.centre)
    by_county = _dashboard(task_force, county.centre)

    lent = tile(by_city, "finance.loans_disbursed")
    assert lent.by_department
    assert lent.value.value == 2
    assert tile(by_city, "finance.amount_disbursed").shown == "¥250,000.00"
    assert tile(by_county, "finance.loans_disbursed").value.value == 1
    assert tile(by_county, "finance.amount_disbursed").shown == "¥30,000.00"
    # the tile opens the list of the same loans
    with clock.at(END_OF_SEPTEMBER):
        listed = page_client(task_force).get(lent.href)
    assert f"department={city.centre.pk}" in lent.href
    assert listed.context["page_obj"].paginator.count == 2


def test_a_guarantee_centres_officer_counts_their_centres_loans(centres):
    _city, county = centres

    response = _dashboard(county.reviewer, county.centre)

    assert tile(response, "finance.loans_disbursed").value.value == 1


def test_an_officer_of_another_department_sees_no_loans(centres):
    housing = make_department("housing")
    officer = make_user(role=Role.DEPARTMENT_OFFICER, organisation=housing)

    filtered = _dashboard(officer, housing)
    unfiltered = _dashboard(officer)

    assert tile(filtered, "finance.loans_disbursed").value.value == 0
    assert tile(filtered, "finance.amount_disbursed").shown == "¥0.00"
    assert tile(unfiltered, "finance.loans_disbursed").value.value == 0
