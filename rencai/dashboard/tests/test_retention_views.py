"""The retention page: who may open it, what a county officer's tables count, the xlsx."""

import io
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from rencai.core import clock
from rencai.core.choices import Role
from rencai.core.tests.factories import make_county, make_organisation, make_user
from rencai.talents.tests.factories import make_talent

pytestmark = [pytest.mark.django_db, pytest.mark.portable]

URL = reverse("dashboard:retention")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def counties():
    tuanfeng = make_county("421121", "团风县")
    wuxue = make_county("421182", "武穴市")
    for _ in range(3):
        make_talent(tuanfeng, arrival_date=date(2019, 5, 1))
    make_talent(wuxue, arrival_date=date(2019, 6, 1))
    return tuanfeng, wuxue


def test_a_county_officer_sees_the_cohorts_of_their_county_only(counties):
    tuanfeng, _ = counties
    officer = make_user(role=Role.COUNTY_OFFICER, division=tuanfeng)

    with clock.at(date(2022, 9, 6)):
        response = client_for(officer).get(URL)

    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(r.year, r.arrived, r.cells[1].stayed) for r in rows] == [(2019, 3, 3)]
    assert rows[0].cells[5] is None
    assert "<svg" in response.content.decode()


def test_a_department_officer_may_not_open_the_retention_page(counties):
    officer = make_user(role=Role.DEPARTMENT_OFFICER, organisation=make_organisation())

    assert client_for(officer).get(URL).status_code == 403


def test_the_retention_export_reopens_with_the_cohort_table(counties):
    task_force = make_user(role=Role.TASK_FORCE)

    with clock.at(date(2022, 9, 6)):
        response = client_for(task_force).get(URL, {"by": "county", "format": "xlsx"})

    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    values = [[c.value for c in row] for row in book.worksheets[0].iter_rows()]
    assert values[0][:3] == ["来本市年份", "县市区", "来本市人数"]
    assert [row[:5] for row in values[1:]] == [
        [2019, "团风县", 3, 3, 100],
        [2019, "武穴市", 1, 1, 100],
    ]


def test_the_page_queries_do_not_grow_with_the_talents(counties):
    task_force = make_user(role=Role.TASK_FORCE)
    client = client_for(task_force)
    with clock.at(date(2022, 9, 6)), CaptureQueriesContext(connection) as few:
        client.get(URL, {"by": "county"})
    tuanfeng, _ = counties
    for year in (2015, 2016, 2017):
        make_talent(tuanfeng, arrival_date=date(year, 3, 1))

    with clock.at(date(2022, 9, 6)), CaptureQueriesContext(connection) as more:
        client.get(URL, {"by": "county"})

    assert len(more) == len(few)
