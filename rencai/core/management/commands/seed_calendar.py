"""Seed the working-day table from `chinesecalendar` (holidays and 调休 make-up working days).

    manage.py seed_calendar                 # every year the package covers (2004–2026)
    manage.py seed_calendar 2022 2023       # some years
    manage.py seed_calendar 2025 --overwrite

Idempotent: days already in the table are left alone (an administrator's correction stays),
unless --overwrite is given. Years the package does not cover are reported and skipped:
an administrator enters them (until then they count Monday to Friday).
"""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
from chinese_calendar.constants import Holiday
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from rencai.core.models import WorkingDay

CHINESE_NAMES = {holiday.value: holiday.chinese for holiday in Holiday}


def covered_years() -> range:
    """The years `chinesecalendar` has official data for."""
    years = [day.year for day in chinese_calendar.holidays]
    return range(min(years), max(years) + 1)


def day_row(day: date) -> WorkingDay:
    working = chinese_calendar.is_workday(day)
    _holiday, name = chinese_calendar.get_holiday_detail(day)
    note = ""
    if name:
        chinese = CHINESE_NAMES.get(name, name)
        # A working day with a holiday's name is a make-up day (调休) for that holiday.
        note = f"{chinese}调休上班" if working else chinese
    return WorkingDay(date=day, is_working=working, note=note[:50])


def year_rows(year: int) -> list[WorkingDay]:
    day, rows = date(year, 1, 1), []
    while day.year == year:
        rows.append(day_row(day))
        day += timedelta(days=1)
    return rows


class Command(BaseCommand):
    help = "Seed the working-day calendar from the chinesecalendar package (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("years", nargs="*", type=int, help="Years (default: all covered).")
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Replace days already in the table (administrators' corrections too).",
        )

    def handle(self, *args, years, overwrite, **options):
        covered = covered_years()
        wanted = sorted(set(years)) if years else list(covered)
        skipped = [year for year in wanted if year not in covered]
        if skipped and len(skipped) == len(wanted):
            raise CommandError(
                f"chinesecalendar covers {covered.start}–{covered.stop - 1} only; "
                f"enter {', '.join(map(str, skipped))} by hand."
            )
        created = updated = 0
        for year in (y for y in wanted if y in covered):
            rows = year_rows(year)
            with transaction.atomic():
                existing = dict(
                    WorkingDay.objects.filter(date__year=year).values_list("date", "pk")
                )
                new = [row for row in rows if row.date not in existing]
                WorkingDay.objects.bulk_create(new, ignore_conflicts=True)
                created += len(new)
                if overwrite:
                    changed = [row for row in rows if row.date in existing]
                    for row in changed:
                        row.pk = existing[row.date]
                    WorkingDay.objects.bulk_update(changed, ["is_working", "note"])
                    updated += len(changed)
        for year in skipped:
            self.stderr.write(f"{year}: not covered by chinesecalendar; enter it by hand.")
        self.stdout.write(f"Calendar: {created} days added, {updated} replaced.")
