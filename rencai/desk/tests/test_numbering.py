"""Public case numbers: <city prefix><year>-<sequence>, one sequence per city and year, never
two cases with one number — even when many clerks open cases at the same moment."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection

from rencai.core.tests.factories import make_county
from rencai.desk import numbering
from rencai.desk.models import Application, CaseCounter, CaseNumberPrefix

from .factories import Desk, make_master
from .test_race import THREADS, all_at_once

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.django_db
def test_numbers_run_per_city_and_year_and_start_again_in_a_new_year():
    desk = Desk()
    city = numbering.city_of(desk.talent.county)
    CaseNumberPrefix.objects.create(division=city, prefix="HG")
    with time_machine.travel(datetime(2026, 12, 31, 15, 0, tzinfo=SHANGHAI)):
        december = desk.open()
        second = desk.open(make_master(county=desk.talent.county))
    # 2027-01-01 00:30 in Huanggang is still 2026 in UTC: the local year counts
    with time_machine.travel(datetime(2027, 1, 1, 0, 30, tzinfo=SHANGHAI)):
        january = desk.open(make_master(county=desk.talent.county))

    assert [december.number, second.number, january.number] == [
        "HG2026-000001",
        "HG2026-000002",
        "HG2027-000001",
    ]


@pytest.mark.django_db
def test_a_city_without_a_prefix_numbers_under_the_default():
    county = make_county("429004", "仙桃市")
    assert numbering.prefix_for(county) == numbering.DEFAULT_PREFIX


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers")
def test_many_clerks_opening_cases_at_once_get_distinct_numbers_without_gaps():
    # given as many talents as threads, each served at the window
    desk = Desk()
    talents = [make_master(county=desk.talent.county) for _ in range(THREADS)]
    year = datetime.now(SHANGHAI).year

    # when all their cases are opened at the same moment
    results = all_at_once(lambda i: desk.open(talents[i]))

    # then every case has its own number, 1..THREADS, and the counter stands at THREADS
    assert all(isinstance(r, Application) for r in results), results
    numbers = sorted(Application.objects.values_list("number", flat=True))
    prefix = numbering.prefix_for(desk.talent.county)
    assert numbers == [numbering.format_number(prefix, year, n) for n in range(1, THREADS + 1)]
    assert CaseCounter.objects.get(prefix=prefix, year=year).last == THREADS


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="schema changes inside the test")
def test_the_migration_numbers_the_cases_that_existed_in_the_order_they_were_opened():
    # given three cases, and the database as it was before case numbers
    desk = Desk()
    cases = [desk.open(make_master(county=desk.talent.county)) for _ in range(3)]
    call_command("migrate", "desk", "0002", verbosity=0)
    try:
        # when the migration that brings case numbers runs
        call_command("migrate", "desk", "0003", verbosity=0)
    finally:
        call_command("migrate", "desk", verbosity=0)

    # then each case has its number, in opening order, and the counter goes on from there
    year = datetime.now(SHANGHAI).year
    prefix = numbering.prefix_for(desk.talent.county)
    numbers = [Application.objects.get(pk=case.pk).number for case in cases]
    assert numbers == [numbering.format_number(prefix, year, n) for n in (1, 2, 3)]
    assert desk.open(make_master(county=desk.talent.county)).number == numbering.format_number(
        prefix, year, 4
    )
