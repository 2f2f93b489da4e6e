"""The housing lists behind the figures (issue 15): the waiting list and the tenancies as they
stood on a day (a stock's drill-down), and the tenancies started within a period (the wait's
median), with the filters in force said above the list."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from rencai.core import clock
from rencai.core.choices import Role
from rencai.core.tests.clients import page_client
from rencai.core.tests.factories import make_user
from rencai.housing import services
from rencai.housing.choices import InspectionResult

from .factories import Housing

pytestmark = [pytest.mark.portable, pytest.mark.django_db]


@pytest.fixture
def estate():
    """Three applicants on 10 Oct 2022 and one on 20 Oct; two of the first housed on 1 Nov
    (they leave the list), one of those moving out on 1 Dec."""
    tuanfeng = Housing()
    with clock.at(date(2022, 10, 10)):
        for _ in range(3):
            tuanfeng.applicant()
    with clock.at(date(2022, 10, 20)):
        tuanfeng.applicant()
        round_ = tuanfeng.closed_round()
    units = [tuanfeng.unit(rooms=1, started=date(2022, 9, 20)) for _ in range(2)]
    tenancies = []
    with clock.at(date(2022, 11, 1)):
        for unit in units:
            offer = services.allocate_unit(unit, round_=round_, actor=tuanfeng.officer)
            tenancies.append(services.accept_offer(offer, actor=offer.application.talent.user))
    with clock.at(date(2022, 12, 1)):
        services.move_out(
            tenancies[0], actor=tuanfeng.officer, inspection_result=InspectionResult.REPAIR
        )
    return tuanfeng, tenancies


def _listed(response) -> int:
    assert response.status_code == 200
    return response.context["page"].paginator.count


def test_the_waiting_list_as_of_a_day_holds_who_had_applied_and_not_yet_left_it(estate):
    tuanfeng, _ = estate
    client = page_client(make_user(role=Role.TASK_FORCE))
    url = reverse("housing:application-list")

    def on(day: str) -> int:
        return _listed(client.get(url, {"county": tuanfeng.county.pk, "as_of": day}))

    # before anyone applied, after the first three, after all four, after two were housed
    assert [on(d) for d in ("2022-10-09", "2022-10-15", "2022-10-31", "2022-11-01")] == [0, 3, 4, 2]


def test_the_tenancies_as_of_a_day_are_those_running_and_by_start_those_begun_in_the_period(
    estate,
):
    tuanfeng, _ = estate
    client = page_client(make_user(role=Role.TASK_FORCE))
    url = reverse("housing:tenancy-list")
    county = tuanfeng.county.pk

    assert _listed(client.get(url, {"county": county, "as_of": "2022-11-30"})) == 2
    assert _listed(client.get(url, {"county": county, "as_of": "2022-12-01"})) == 1
    november = {"county": county, "starts_from": "2022-11-01", "starts_to": "2022-11-30"}
    response = client.get(url, november)
    assert _listed(response) == 2
    assert "2022年11月 · " in response.content.decode()
    assert _listed(client.get(url, {**november, "starts_from": "2022-11-02"})) == 0
