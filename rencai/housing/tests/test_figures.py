"""Housing's figures, each against a query written here over records the services made —
never by calling the figure's own records function. Stocks are checked as of past dates."""

from datetime import date

import pytest
from django.db import connection

from rencai.core import clock, figures
from rencai.core.choices import Role
from rencai.core.figures import Period
from rencai.core.tests.factories import make_county, make_user
from rencai.housing import services
from rencai.housing.choices import InspectionResult, UnitState

from .factories import Housing

pytestmark = pytest.mark.django_db

SEP_30 = date(2022, 9, 30)


def _sql(query: str, *params) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchone()


@pytest.fixture
def estate():
    """Two counties: fit-outs started in September and October 2022; in Tuanfeng two
    tenancies (one moved out on 1 Dec 2022 with a repair), two applicants still waiting."""
    tuanfeng = Housing()
    wuxue = Housing(county=make_county("421182", "武穴市"))
    for day in (date(2022, 9, 1), date(2022, 9, 30), date(2022, 10, 1)):
        tuanfeng.unit(ready=False, started=day)
    wuxue.unit(ready=True, started=date(2022, 9, 15))
    housed = []
    with clock.at(date(2022, 10, 10)):
        for _ in range(2):
            housed.append(tuanfeng.applicant())
        tuanfeng.applicant(household_size=5)
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
    return tuanfeng, wuxue


def _task_force():
    return make_user(role=Role.TASK_FORCE)


@pytest.mark.parametrize("day", [date(2022, 8, 31), date(2022, 9, 15), SEP_30, date(2023, 1, 1)])
def test_units_whose_fit_out_started_by_a_day(estate, day):
    (expected,) = _sql(
        "SELECT COUNT(*) FROM housing_unit WHERE fit_out_started_on <= %s", day.isoformat()
    )

    result = figures.compute("housing.units_fit_out_started", _task_force(), as_of=day)

    assert result.total.value == expected


def test_units_whose_fit_out_started_by_county(estate):
    tuanfeng, _wuxue = estate
    (expected,) = _sql(
        "SELECT COUNT(*) FROM housing_unit u JOIN housing_building b ON b.id = u.building_id "
        "WHERE u.fit_out_started_on <= %s AND b.county_id = %s",
        SEP_30.isoformat(),
        tuanfeng.county.pk,
    )

    result = figures.compute(
        "housing.units_fit_out_started", _task_force(), as_of=SEP_30, breakdown="county"
    )

    assert {row.key: row.value.value for row in result.rows}[tuanfeng.county.pk] == expected == 4


@pytest.mark.parametrize("day", [SEP_30, date(2022, 11, 15), date(2022, 12, 1)])
def test_units_by_state_on_a_day(estate, day):
    rows = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT state, COUNT(*) FROM housing_unitstateperiod WHERE started_on <= %s "
            "AND (ended_on IS NULL OR ended_on > %s) GROUP BY state",
            [day.isoformat(), day.isoformat()],
        )
        rows = dict(cursor.fetchall())

    result = figures.compute("housing.units_by_state", _task_force(), as_of=day, breakdown="state")

    assert {row.key: row.value.value for row in result.rows} == rows


def test_occupancy_is_occupied_over_fitted_out_units(estate):
    day = date(2022, 11, 15)
    (occupied, fitted) = _sql(
        "SELECT SUM(CASE WHEN state = 'occupied' THEN 1 ELSE 0 END), COUNT(*) "
        "FROM housing_unitstateperiod WHERE state IN ('ready', 'occupied', 'under_repair') "
        "AND started_on <= %s AND (ended_on IS NULL OR ended_on > %s)",
        day.isoformat(),
        day.isoformat(),
    )

    total = figures.compute("housing.occupancy", _task_force(), as_of=day).total

    assert (total.numerator, total.denominator) == (occupied, fitted) == (2, 3)


@pytest.mark.parametrize("day", [date(2022, 10, 15), date(2022, 11, 15)])
def test_applicants_waiting_on_a_day(estate, day):
    (expected,) = _sql(
        "SELECT COUNT(*) FROM housing_housingapplication WHERE applied_on <= %s "
        "AND (left_list_on IS NULL OR left_list_on > %s)",
        day.isoformat(),
        day.isoformat(),
    )

    total = figures.compute("housing.waiting", _task_force(), as_of=day).total

    assert total.value == expected


def test_median_wait_over_tenancies_started_in_the_period(estate):
    waits = sorted(
        (starts - applied).days
        for starts, applied in _rows(
            "SELECT t.starts_on, a.applied_on FROM housing_tenancy t "
            "JOIN housing_housingapplication a ON a.id = t.application_id"
        )
    )
    expected = (waits[0] + waits[1]) // 2 if len(waits) == 2 else None

    total = figures.compute(
        "housing.median_wait_days",
        _task_force(),
        period=Period(date(2022, 11, 1), SEP_30.replace(year=2023)),
    ).total

    assert total.value == expected == 22


def test_active_tenancies_on_a_day(estate):
    for day, count in ((date(2022, 11, 15), 2), (date(2022, 12, 1), 1)):
        (expected,) = _sql(
            "SELECT COUNT(*) FROM housing_tenancy WHERE starts_on <= %s "
            "AND (ended_on IS NULL OR ended_on > %s)",
            day.isoformat(),
            day.isoformat(),
        )
        total = figures.compute("housing.tenancies_active", _task_force(), as_of=day).total
        assert total.value == expected == count


def test_a_county_bureau_counts_only_its_county(estate):
    _tuanfeng, wuxue = estate
    (expected,) = _sql(
        "SELECT COUNT(*) FROM housing_unit u JOIN housing_building b ON b.id = u.building_id "
        "WHERE b.county_id = %s",
        wuxue.county.pk,
    )

    total = figures.compute(
        "housing.units_fit_out_started", wuxue.officer, as_of=date(2023, 1, 1)
    ).total

    assert total.value == expected == 1


def _rows(query: str) -> list:
    with connection.cursor() as cursor:
        cursor.execute(query)
        return cursor.fetchall()


def test_the_unit_states_are_the_ones_the_figures_name():
    assert set(UnitState.values) == {"fitting_out", "ready", "occupied", "under_repair"}
