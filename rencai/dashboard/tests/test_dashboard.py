"""The dashboard: each role sees only the numbers of what it may see, the filters are checked,
every number links to its list with the filters, and the xlsx holds the figures.

Counts are written in the tests over factory-made records, never read from the figures."""

from __future__ import annotations

import io
from datetime import date, datetime
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from rencai.core import clock
from rencai.core.audit import AuditEvent
from rencai.core.choices import Role
from rencai.core.figures import MONTH, Period, Value, by_one_month, compute
from rencai.core.tests.clients import page_client
from rencai.core.tests.factories import make_county, make_user
from rencai.desk.tests.factories import Desk, make_budget, make_master
from rencai.talents.models import Tag
from rencai.talents.tests.factories import make_talent, make_tier

pytestmark = [pytest.mark.django_db, pytest.mark.portable]

SHANGHAI = ZoneInfo("Asia/Shanghai")
SEPTEMBER = "?period=month&month=2022-09"
IN_SEPTEMBER = datetime(2022, 9, 6, 10, 0, tzinfo=SHANGHAI)
IN_AUGUST = datetime(2022, 8, 25, 10, 0, tzinfo=SHANGHAI)  # the demo benefits open on 2022-08-23


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


@pytest.fixture
def two_counties():
    """团风县 with three talents (two graduates, one also overseas; two tier A), 武穴市 with two."""
    tuanfeng = make_county("421121", "团风县")
    wuxue = make_county("421182", "武穴市")
    graduate = Tag.objects.create(code="graduate", name="高校毕业生")
    overseas = Tag.objects.create(code="overseas", name="海外人才")
    tier_a = make_tier("A", "A类")
    with clock.at(IN_AUGUST):
        make_talent(tuanfeng, tier=tier_a, tags=[graduate, overseas], arrival_date=date(2020, 3, 1))
        make_talent(tuanfeng, tier=tier_a, tags=[graduate], arrival_date=date(2021, 7, 1))
        make_talent(tuanfeng, arrival_date=date(2021, 9, 1))
        make_talent(wuxue, tier=tier_a, tags=[graduate], arrival_date=date(2021, 1, 1))
    with clock.at(IN_SEPTEMBER):
        make_talent(wuxue, tags=[overseas])
    return tuanfeng, wuxue


def test_a_county_officer_sees_only_their_countys_talents(two_counties):
    tuanfeng, _wuxue = two_counties
    officer = make_user(role=Role.COUNTY_OFFICER, division=tuanfeng)

    with clock.at(datetime(2022, 9, 30, 12, tzinfo=SHANGHAI)):
        response = page_client(officer).get("/dashboard/" + SEPTEMBER)

    assert response.status_code == 200
    assert tile(response, "talents.in_registry").value.value == 3
    assert tile(response, "talents.registered").value.value == 0  # all three came in August
    assert {
        label: r.value.value
        for label, r in chart(response, "talents.in_registry", "county").items()
    } == {"团风县": 3}


def test_the_task_force_sees_the_city_and_a_talent_counts_once_per_tag(two_counties):
    task_force = make_user(role=Role.TASK_FORCE)

    with clock.at(datetime(2022, 9, 30, 12, tzinfo=SHANGHAI)):
        response = page_client(task_force).get("/dashboard/" + SEPTEMBER)

    assert tile(response, "talents.in_registry").value.value == 5
    assert tile(response, "talents.registered").value.value == 1
    by_tag = chart(response, "talents.in_registry", "tag")
    assert by_tag["高校毕业生"].value.value == 3
    assert by_tag["海外人才"].value.value == 2
    by_tier = chart(response, "talents.in_registry", "tier")
    assert by_tier["A类"].value.value == 3
    by_year = chart(response, "talents.in_registry", "arrival_year")
    assert {k: r.value.value for k, r in by_year.items() if k != "—"} == {"2020": 1, "2021": 3}


def test_a_county_filter_narrows_the_task_forces_numbers(two_counties):
    _tuanfeng, wuxue = two_counties
    task_force = make_user(role=Role.TASK_FORCE)

    with clock.at(datetime(2022, 9, 30, 12, tzinfo=SHANGHAI)):
        response = page_client(task_force).get(f"/dashboard/{SEPTEMBER}&county={wuxue.pk}")

    assert tile(response, "talents.in_registry").value.value == 2


def test_a_county_officer_may_not_choose_another_county(two_counties):
    tuanfeng, wuxue = two_counties
    officer = make_user(role=Role.COUNTY_OFFICER, division=tuanfeng)

    response = page_client(officer).get(f"/dashboard/{SEPTEMBER}&county={wuxue.pk}")

    assert response.status_code == 400
    assert "county" in response.context["form"].errors


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?period=month&month=2022-13", "month"),
        ("?period=month&month=sept", "month"),
        ("?period=week", "period"),
        ("?period=custom&date_from=2022-09-01", "__all__"),
        ("?period=custom&date_from=2022-09-30&date_to=2022-09-01", "__all__"),
        ("?period=custom&date_from=2000-01-01&date_to=2022-09-01", "__all__"),
        ("?period=custom&date_from=2022-02-30&date_to=2022-09-01", "date_from"),
    ],
)
def test_an_invalid_filter_is_an_error_not_a_wider_number(query, field):
    response = page_client(make_user(role=Role.TASK_FORCE)).get("/dashboard/" + query)

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert response.context["sections"] == []


def test_with_no_filter_the_period_is_the_current_month_of_the_clock():
    with clock.at(datetime(2022, 9, 14, 9, tzinfo=SHANGHAI)):
        response = page_client(make_user(role=Role.TASK_FORCE)).get("/dashboard/")

    period = response.context["filters"].period
    assert (period.start, period.end) == (date(2022, 9, 1), date(2022, 9, 30))


@pytest.mark.parametrize(
    ("query", "start", "end"),
    [
        ("?period=quarter&month=2022-08", date(2022, 7, 1), date(2022, 9, 30)),
        ("?period=year&month=2022-08", date(2022, 1, 1), date(2022, 12, 31)),
        (
            "?period=custom&date_from=2022-09-03&date_to=2022-09-05",
            date(2022, 9, 3),
            date(2022, 9, 5),
        ),
    ],
)
def test_a_quarter_a_year_or_a_range(query, start, end):
    response = page_client(make_user(role=Role.TASK_FORCE)).get("/dashboard/" + query)

    period = response.context["filters"].period
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize(
    "role",
    [
        Role.TALENT,
        Role.HOSPITAL_LIAISON,
        Role.BANK_OFFICER,
        Role.ENTERPRISE_CONTACT,
        Role.WINDOW_CLERK,
    ],
)
def test_roles_that_read_no_statistics_are_refused(role):
    assert page_client(make_user(role=role)).get("/dashboard/").status_code == 403


@pytest.fixture
def cases():
    """Cases opened in September 2022: two in 团风县, one in 武穴市; one in 团风县 in August."""
    with clock.at(datetime(2022, 8, 1, 9, tzinfo=SHANGHAI)):
        desk = Desk()
    tuanfeng = make_county("421121", "团风县")
    wuxue = make_county("421182", "武穴市")
    with clock.at(IN_SEPTEMBER):
        desk.open(make_master(tuanfeng))
        desk.open(make_master(tuanfeng))
        desk.open(make_master(wuxue))
    with clock.at(IN_AUGUST):
        desk.open(make_master(tuanfeng))
    return desk, tuanfeng, wuxue


def test_a_department_officer_counts_only_their_departments_cases(cases):
    desk, _tuanfeng, _wuxue = cases
    other = make_user(role=Role.DEPARTMENT_OFFICER)  # a department no case is routed to

    with clock.at(datetime(2022, 9, 30, 12, tzinfo=SHANGHAI)):
        mine = page_client(desk.housing_officer).get("/dashboard/" + SEPTEMBER)
        theirs = page_client(other).get("/dashboard/" + SEPTEMBER)

    assert tile(mine, "desk.cases_opened").value.value == 3
    assert tile(theirs, "desk.cases_opened").value.value == 0


def test_the_drilldown_carries_the_county_and_the_period_and_the_list_applies_them(cases):
    desk, tuanfeng, _wuxue = cases
    officer = make_user(role=Role.COUNTY_OFFICER, division=tuanfeng)
    client = page_client(officer)

    with clock.at(datetime(2022, 9, 30, 12, tzinfo=SHANGHAI)):
        response = client.get(f"/dashboard/{SEPTEMBER}&county={tuanfeng.pk}")
        opened = tile(response, "desk.cases_opened")
        listed = client.get(opened.href)

    assert opened.value.value == 2
    query = parse_qs(urlsplit(opened.href).query)
    assert query == {
        "county": [str(tuanfeng.pk)],
        "opened_from": ["2022-09-01"],
        "opened_to": ["2022-09-30"],
    }
    assert listed.status_code == 200
    assert len(listed.context["cases"]) == 2


def test_a_bar_carries_its_own_key_and_the_filters(cases):
    desk, tuanfeng, _wuxue = cases
    task_force = make_user(role=Role.TASK_FORCE)
    client = page_client(task_force)

    with clock.at(datetime(2022, 9, 30, 12, tzinfo=SHANGHAI)):
        response = client.get("/dashboard/" + SEPTEMBER)
        bar = chart(response, "desk.cases_opened", "benefit")[desk.benefit.name]
        listed = client.get(bar.href)
        county_bar = chart(response, "talents.in_registry", "county")["团风县"]

    assert bar.value.value == 3
    query = parse_qs(urlsplit(bar.href).query)
    assert query["benefit"] == [str(desk.benefit.pk)]
    assert query["opened_from"] == ["2022-09-01"]
    assert len(listed.context["cases"]) == 3
    assert parse_qs(urlsplit(county_bar.href).query)["county"] == [str(tuanfeng.pk)]


def test_the_xlsx_holds_every_figure_of_the_page_and_is_audited(cases):
    desk, tuanfeng, _wuxue = cases
    task_force = make_user(role=Role.TASK_FORCE)

    with clock.at(datetime(2022, 9, 30, 12, tzinfo=SHANGHAI)):
        response = page_client(task_force).get(f"/dashboard/{SEPTEMBER}&format=xlsx")

    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[:5] == ("板块", "指标", "分项", "事项", "数量或数值")
    opened = [r[4] for r in body if r[1] == "受理办件数" and r[2] == "合计"]
    assert opened == [3]
    by_benefit = [r[4] for r in body if r[2] == "各政策办件数" and r[3] == desk.benefit.name]
    assert by_benefit == [3]
    by_county = {r[3]: r[4] for r in body if r[2] == "各县市区人才数"}
    # the four masters of 团风县 (the desk's own talent, three with cases) and one of 武穴市
    assert by_county == {"团风县": 4, "武穴市": 1}
    assert body[-1][:2] == ("时段", "2022-09-01 – 2022-09-30")
    assert AuditEvent.objects.filter(action="dashboard.export", actor=task_force).count() == 1


def test_a_department_filter_shows_that_departments_cases_on_their_tiles(cases):
    desk, _tuanfeng, _wuxue = cases
    client = page_client(make_user(role=Role.TASK_FORCE))

    with clock.at(datetime(2022, 9, 30, 12, tzinfo=SHANGHAI)):
        housing = client.get(f"/dashboard/{SEPTEMBER}&department={desk.housing.pk}")
        finance = client.get(f"/dashboard/{SEPTEMBER}&department={desk.finance.pk}")

    assert tile(housing, "desk.cases_opened").by_department
    assert tile(housing, "desk.cases_opened").value.value == 3
    assert tile(finance, "desk.cases_opened").value.value == 0
    assert not tile(housing, "talents.in_registry").by_department


def test_a_department_officer_may_not_choose_another_department(cases):
    desk, _tuanfeng, _wuxue = cases

    response = page_client(desk.housing_officer).get(
        f"/dashboard/{SEPTEMBER}&department={desk.finance.pk}"
    )

    assert response.status_code == 400
    assert "department" in response.context["form"].errors


def test_the_money_tile_opens_the_ledger_of_its_county_and_period(cases):
    desk, tuanfeng, wuxue = cases
    make_budget(desk.benefit, year=2022)
    with clock.at(IN_SEPTEMBER):
        desk.case_in("disbursed", talent=make_master(tuanfeng))
        desk.case_in("disbursed", talent=make_master(wuxue))
    client = page_client(make_user(role=Role.TASK_FORCE))

    with clock.at(datetime(2022, 9, 30, 12, tzinfo=SHANGHAI)):
        response = client.get(f"/dashboard/{SEPTEMBER}&county={tuanfeng.pk}")
        money = tile(response, "desk.money_paid")
        listed = client.get(money.href)
        by_month = chart(response, "desk.money_paid", "month")

    assert money.shown == "¥30,000.00"  # one payment of the ¥30,000 benefit in 团风县
    assert parse_qs(urlsplit(money.href).query) == {
        "county": [str(tuanfeng.pk)],
        "date_from": ["2022-09-01"],
        "date_to": ["2022-09-30"],
    }
    assert len(listed.context["rows"]) == 1
    assert list(by_month) == ["2022年9月"]
    assert by_month["2022年9月"].shown == "¥30,000.00"
    assert "date_from=2022-09-01" in by_month["2022年9月"].href


def test_a_department_filter_says_which_tiles_it_does_not_apply_to(cases):
    desk, _tuanfeng, _wuxue = cases
    client = page_client(make_user(role=Role.TASK_FORCE))

    with clock.at(datetime(2022, 9, 30, 12, tzinfo=SHANGHAI)):
        response = client.get(f"/dashboard/{SEPTEMBER}&department={desk.housing.pk}")
        body = response.content.decode()
        unfiltered = client.get(f"/dashboard/{SEPTEMBER}").content.decode()

    def note(page: str, name: str) -> bool:
        start = page.index(f'data-figure="{name}"')
        return "department-ignored" in page[start : page.index("</div>", start)]

    assert note(body, "talents.in_registry")  # the registry has no department
    assert not note(body, "desk.cases_opened")  # the cases are the department's
    assert not note(unfiltered, "talents.in_registry")  # no department chosen, nothing to say
    # and the tiles it applies to drill into the department's cases
    assert f"department={desk.housing.pk}" in tile(response, "desk.cases_opened").href


def test_a_months_money_by_month_is_its_total_without_counting_again(cases):
    """Given two payments in September (¥30,000 each, two counties), when the month's page
    draws money by month, then its one bar is the month's ¥60,000, read off money by benefit
    (the query guard counts one query less), and a month without payments has no bar."""
    desk, tuanfeng, wuxue = cases
    make_budget(desk.benefit, year=2022)
    with clock.at(IN_SEPTEMBER):
        desk.case_in("disbursed", talent=make_master(tuanfeng))
        desk.case_in("disbursed", talent=make_master(wuxue))
    client = page_client(make_user(role=Role.TASK_FORCE))

    with clock.at(datetime(2022, 10, 30, 12, tzinfo=SHANGHAI)):
        september = chart(client.get(f"/dashboard/{SEPTEMBER}"), "desk.money_paid", "month")
        october = chart(
            client.get("/dashboard/?period=month&month=2022-10"), "desk.money_paid", "month"
        )

    assert {label: row.shown for label, row in september.items()} == {"2022年9月": "¥60,000.00"}
    assert "date_from=2022-09-01" in september["2022年9月"].href
    assert october == {}


def test_cases_by_month_read_off_another_breakdown_match_counting_them(cases):
    """Given three cases opened in September (the `cases` fixture), when the month's cases by
    month are read off the cases by benefit, then the one row is September's 3 with the key
    counting by month gives (midnight of the 1st in Shanghai); a year is counted, not read."""
    _desk, _tuanfeng, _wuxue = cases
    actor = make_user(role=Role.TASK_FORCE)
    september = Period(date(2022, 9, 1), date(2022, 9, 30))
    year = Period(date(2022, 1, 1), date(2022, 12, 31))

    by_benefit = compute("desk.cases_opened", actor, period=september, breakdown="benefit")
    derived = by_one_month(by_benefit, actor, september)
    counted = compute("desk.cases_opened", actor, period=september, breakdown=MONTH)

    assert derived is not None
    assert [(r.key, r.label, r.value) for r in derived.rows] == [
        (datetime(2022, 9, 1, tzinfo=SHANGHAI), "2022-09", Value(value=3))
    ]
    assert derived.rows == counted.rows
    assert derived.total == counted.total
    in_year = compute("desk.cases_opened", actor, period=year, breakdown="benefit")
    assert by_one_month(in_year, actor, year) is None
