"""Working days: the official calendar with its make-up days, and the Monday–Friday fallback."""

import logging
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from rencai.core import calendar
from rencai.core.models import WorkingDay

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


@pytest.fixture
def seeded_2022():
    call_command("seed_calendar", "2022", stdout=StringIO())


def test_seeding_a_year_stores_every_day_with_holidays_and_make_up_days(seeded_2022):
    assert WorkingDay.objects.filter(date__year=2022).count() == 365
    national_day = WorkingDay.objects.get(date=date(2022, 10, 3))
    make_up = WorkingDay.objects.get(date=date(2022, 10, 8))
    assert not national_day.is_working
    assert national_day.note == "国庆节"
    assert make_up.is_working
    assert make_up.note == "国庆节调休上班"


def test_seeding_twice_keeps_one_row_per_day_and_administrators_corrections(seeded_2022):
    WorkingDay.objects.filter(date=date(2022, 12, 30)).update(is_working=False, note="本地调整")
    call_command("seed_calendar", "2022", stdout=StringIO())
    assert WorkingDay.objects.filter(date__year=2022).count() == 365
    assert WorkingDay.objects.get(date=date(2022, 12, 30)).is_working is False


def test_seeding_with_overwrite_restores_the_official_calendar(seeded_2022):
    WorkingDay.objects.filter(date=date(2022, 12, 30)).update(is_working=False)
    call_command("seed_calendar", "2022", "--overwrite", stdout=StringIO())
    assert WorkingDay.objects.get(date=date(2022, 12, 30)).is_working is True


def test_seeding_only_uncovered_years_is_refused():
    with pytest.raises(CommandError):
        call_command("seed_calendar", "2031", stdout=StringIO(), stderr=StringIO())
    assert not WorkingDay.objects.exists()


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2022, 9, 30), True),  # Friday before National Day
        (date(2022, 10, 3), False),  # Monday, a holiday
        (date(2022, 10, 7), False),  # Friday, a holiday
        (date(2022, 10, 8), True),  # Saturday, a make-up working day
        (date(2022, 10, 9), True),  # Sunday, a make-up working day
        (date(2022, 10, 15), False),  # an ordinary Saturday
    ],
)
def test_is_working_day_follows_the_official_calendar(seeded_2022, day, working):
    assert calendar.is_working_day(day) is working


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2022, 9, 30), date(2022, 9, 30), 0),  # same day
        (date(2022, 9, 30), date(2022, 10, 7), 0),  # across the whole holiday
        (date(2022, 9, 30), date(2022, 10, 8), 1),  # the make-up Saturday counts
        (date(2022, 9, 30), date(2022, 10, 10), 3),  # 8th, 9th, 10th
        (date(2022, 9, 29), date(2022, 10, 11), 5),  # 30th, 8th, 9th, 10th, 11th
        (date(2022, 10, 10), date(2022, 10, 1), 0),  # end before start
    ],
)
def test_working_days_between_counts_after_start_up_to_end(seeded_2022, start, end, expected):
    assert calendar.working_days_between(start, end) == expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2022, 9, 30), 0, date(2022, 9, 30)),
        (date(2022, 9, 30), 1, date(2022, 10, 8)),
        (date(2022, 9, 30), 3, date(2022, 10, 10)),
        (date(2022, 9, 29), 5, date(2022, 10, 11)),
    ],
)
def test_add_working_days_is_the_inverse(seeded_2022, start, n, expected):
    assert calendar.add_working_days(start, n) == expected
    assert calendar.working_days_between(start, expected) == n


def test_a_year_without_rows_falls_back_to_monday_to_friday_and_warns(caplog):
    calendar._warned_years.discard(2031)
    with caplog.at_level(logging.WARNING, logger="rencai.calendar"):
        # Friday 3 Jan 2031 → Friday 10 Jan 2031: Mon–Fri only.
        assert calendar.working_days_between(date(2031, 1, 3), date(2031, 1, 10)) == 5
        assert calendar.is_working_day(date(2031, 1, 4)) is False  # a Saturday
    assert "2031" in caplog.text
    assert calendar.years_missing([2022, 2031]) == [2022, 2031]


def test_years_missing_lists_only_years_without_rows(seeded_2022):
    assert calendar.years_missing([2021, 2022, 2023]) == [2021, 2023]


def test_an_administrators_correction_is_used(seeded_2022):
    WorkingDay.objects.filter(date=date(2022, 10, 10)).update(is_working=False)
    assert calendar.working_days_between(date(2022, 9, 30), date(2022, 10, 10)) == 2
