"""Departures on the dashboard's registry section: the tile, its chart by reason with its
table, their drill-downs to the departures list, the county scope, and the link to the
retention cohorts.

Counts are written in the tests over departures the services recorded, never read from the
figures."""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest

from rencai.core import clock
from rencai.core.choices import Role
from rencai.core.tests.clients import page_client
from rencai.core.tests.factories import make_county, make_organisation, make_user
from rencai.talents.models import DepartureReason
from rencai.talents.services import moves
from rencai.talents.tests.factories import make_talent

pytestmark = [pytest.mark.django_db, pytest.mark.portable]

SHANGHAI = ZoneInfo("Asia/Shanghai")
SEPTEMBER = "?period=month&month=2022-09"
END_OF_SEPTEMBER = datetime(2022, 9, 30, 12, tzinfo=SHANGHAI)
DEPARTURES = "talents.retention_departures"


def tile(response, name):
    for section in response.context["sections"]:
        for t in section.tiles:
            if t.figure.name == name:
                return t
    raise AssertionError(f"no tile {name}")


def chart(response, figure, breakdown):
    for section in response.context["sections"]:
        for c in section.charts:
            if c.spec.figure == figure and c.spec.breakdown == breakdown:
                return {row.label: row for row in c.rows}
    raise AssertionError(f"no chart {figure} by {breakdown}")


def query_of(href: str) -> tuple[str, dict[str, list[str]]]:
    parts = urlsplit(href)
    return parts.path, parse_qs(parts.query)


@pytest.fixture
def departures():
    """In September 2022: 团风 three departures (two for a job, one for family), 武穴 two (for
    study); in August one more from 团风 (outside the month); a transfer from 团风 to 武穴 in
    September, which is not a departure."""
    tuanfeng, wuxue = make_county("421121", "团风县"), make_county("421182", "武穴市")
    officers = {c.pk: make_user(role=Role.COUNTY_OFFICER, division=c) for c in (tuanfeng, wuxue)}
    job, family, study = (
        DepartureReason.objects.get(code=code)
        for code in ("job_transfer", "family", "further_study")
    )

    def leave(county, day, reason):
        talent = make_talent(county, arrival_date=date(2020, 1, 1))
        with clock.at(END_OF_SEPTEMBER):
            moves.record_departure(talent, actor=officers[county.pk], moved_on=day, reason=reason)

    leave(tuanfeng, date(2022, 9, 2), job)
    leave(tuanfeng, date(2022, 9, 15), job)
    leave(tuanfeng, date(2022, 9, 30), family)
    leave(tuanfeng, date(2022, 8, 31), job)
    leave(wuxue, date(2022, 9, 1), study)
    leave(wuxue, date(2022, 9, 20), study)
    moving = make_talent(tuanfeng, arrival_date=date(2020, 1, 1))
    with clock.at(END_OF_SEPTEMBER):
        moves.record_transfer(
            moving, actor=officers[tuanfeng.pk], moved_on=date(2022, 9, 10), to_county=wuxue
        )
    return tuanfeng, wuxue, officers


def test_the_task_force_sees_the_citys_departures_of_the_month_by_reason(departures):
    tuanfeng, _wuxue, _officers = departures
    task_force = make_user(role=Role.TASK_FORCE)

    with clock.at(END_OF_SEPTEMBER):
        response = page_client(task_force).get("/dashboard/" + SEPTEMBER)

    # 3 from 团风 and 2 from 武穴 in September; August's and the transfer are not counted
    departed = tile(response, DEPARTURES)
    assert departed.value.value == 5
    assert departed.shown == "5"
    by_reason = chart(response, DEPARTURES, "reason")
    assert {label: row.value.value for label, row in by_reason.items()} == {
        "工作调动": 2,
        "家庭原因": 1,
        "升学深造": 2,
    }
    # the chart's table reads the same rows (screen readers, print)
    page = response.content.decode()
    assert 'id="chart-talents-retention-departures-reason"' in page
    assert '<td class="num">2</td>' in page


def test_the_tile_and_a_reasons_bar_open_the_departures_list_of_the_month(departures):
    task_force = make_user(role=Role.TASK_FORCE)

    with clock.at(END_OF_SEPTEMBER):
        client = page_client(task_force)
        response = client.get("/dashboard/" + SEPTEMBER)
        path, query = query_of(tile(response, DEPARTURES).href)
        bar_path, bar_query = query_of(chart(response, DEPARTURES, "reason")["升学深造"].href)
        listed = client.get(tile(response, DEPARTURES).href)
        by_bar = client.get(chart(response, DEPARTURES, "reason")["升学深造"].href)

    assert path == bar_path == "/talents/moves/"
    assert query == {
        "kind": ["departure"],
        "moved_from": ["2022-09-01"],
        "moved_to": ["2022-09-30"],
    }
    study = DepartureReason.objects.get(code="further_study")
    assert bar_query == query | {"reason": [str(study.pk)]}
    assert listed.context["page"].paginator.count == 5
    assert by_bar.context["page"].paginator.count == 2


def test_a_county_officer_counts_only_their_countys_departures(departures):
    tuanfeng, _wuxue, officers = departures

    with clock.at(END_OF_SEPTEMBER):
        response = page_client(officers[tuanfeng.pk]).get("/dashboard/" + SEPTEMBER)

    # 团风's three of September; 武穴's two are another county's
    assert tile(response, DEPARTURES).value.value == 3
    by_reason = chart(response, DEPARTURES, "reason")
    assert {label: row.value.value for label, row in by_reason.items()} == {
        "工作调动": 2,
        "家庭原因": 1,
    }


def test_the_task_forces_county_filter_counts_the_county_left(departures):
    _tuanfeng, wuxue, _officers = departures
    task_force = make_user(role=Role.TASK_FORCE)

    with clock.at(END_OF_SEPTEMBER):
        response = page_client(task_force).get(f"/dashboard/{SEPTEMBER}&county={wuxue.pk}")

    # the talent who moved from 团风 to 武穴 did not leave the city
    assert tile(response, DEPARTURES).value.value == 2


def test_the_registry_section_links_to_the_retention_cohorts_for_those_who_may_read_them():
    county = make_county("421121", "团风县")
    readers = [
        make_user(role=Role.TASK_FORCE),
        make_user(role=Role.COUNTY_OFFICER, division=county),
    ]
    department_officer = make_user(role=Role.DEPARTMENT_OFFICER, organisation=make_organisation())

    for reader in readers:
        page = page_client(reader).get("/dashboard/").content.decode()
        assert 'href="/dashboard/retention/"' in page
    refused = page_client(department_officer).get("/dashboard/")
    assert refused.status_code == 200
    assert 'href="/dashboard/retention/"' not in refused.content.decode()


def test_a_department_officer_has_no_departures_whose_list_they_may_not_open(departures):
    officer = make_user(role=Role.DEPARTMENT_OFFICER, organisation=make_organisation())

    with clock.at(END_OF_SEPTEMBER):
        response = page_client(officer).get("/dashboard/" + SEPTEMBER)
        refused = page_client(officer).get("/talents/moves/?kind=departure")

    assert refused.status_code == 403
    names = {t.figure.name for section in response.context["sections"] for t in section.tiles}
    assert "talents.in_registry" in names
    assert DEPARTURES not in names
    assert "/talents/moves/" not in response.content.decode()
