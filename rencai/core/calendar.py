"""Working days by China's official calendar: holidays and 调休 make-up working days.

The `WorkingDay` table decides (seeded from `chinesecalendar` by `manage.py seed_calendar`,
which covers 2004–2026, and corrected by administrators). A day with no row falls back to
Monday–Friday, and its year is logged once as missing; `years_missing()` tells the admin home
which years still need entering.

Counting convention (one, written here): `working_days_between(start, end)` counts the
working days *after* `start` up to and including `end` — the day a case arrives is not
counted, so a case received and decided the same day took 0 working days, and one received on
Friday 30 September 2022 and decided on Saturday 8 October 2022 (a make-up working day after
the National Day holiday) took 1. `add_working_days(start, n)` is its inverse: the n-th
working day after `start` (n = 0: `start` itself).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, timedelta

from . import clock
from .models import WorkingDay

logger = logging.getLogger("rencai.calendar")

_warned_years: set[int] = set()


def _fallback(day: date) -> bool:
    return day.weekday() < 5


def _table(start: date, end: date) -> dict[date, bool]:
    rows = WorkingDay.objects.filter(date__range=(start, end)).values_list("date", "is_working")
    return dict(rows)


def _warn(year: int) -> None:
    if year not in _warned_years:
        _warned_years.add(year)
        logger.warning(
            "No working-day calendar for %s: counting Monday to Friday. "
            "An administrator should enter the official calendar for that year.",
            year,
        )


def _is_working(day: date, table: dict[date, bool]) -> bool:
    if day in table:
        return table[day]
    _warn(day.year)
    return _fallback(day)


def is_working_day(day: date) -> bool:
    """Whether `day` is a working day (the table first, Monday–Friday when it has no row)."""
    return _is_working(day, _table(day, day))


def working_days_between(start: date, end: date) -> int:
    """Working days in (start, end]: after `start`, up to and including `end` (0 if end ≤ start)."""
    if end <= start:
        return 0
    first = start + timedelta(days=1)
    table = _table(first, end)
    count = 0
    day = first
    while day <= end:
        count += _is_working(day, table)
        day += timedelta(days=1)
    return count


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after `start` (`start` itself for n = 0)."""
    if n < 0:
        raise ValueError("n must not be negative")
    day, left = start, n
    while left > 0:
        # Fetch a window wide enough for most spans (holidays last at most ~10 days).
        window_end = day + timedelta(days=left * 2 + 14)
        table = _table(day + timedelta(days=1), window_end)
        while left > 0 and day < window_end:
            day += timedelta(days=1)
            left -= _is_working(day, table)
    return day


def years_missing(years: Iterable[int] | None = None) -> list[int]:
    """Years with no calendar rows, among `years` (default: this year, and next year from
    1 November, when the State Council has usually published it)."""
    if years is None:
        today = clock.today()
        years = [today.year] + ([today.year + 1] if today.month >= 11 else [])
    wanted = sorted(set(years))
    if not wanted:
        return []
    present = set(
        WorkingDay.objects.filter(date__year__in=wanted)
        .order_by()
        .values_list("date__year", flat=True)
        .distinct()
    )
    return [year for year in wanted if year not in present]


def working_days_up_to(days: Iterable[date], end: date) -> dict[date, int]:
    """`working_days_between(day, end)` for each of `days`, from one read of the table."""
    wanted = sorted(set(days))
    if not wanted:
        return {}
    first = wanted[0] + timedelta(days=1)
    table = _table(first, end) if first <= end else {}
    # cumulative[d] = working days in (wanted[0], d]
    cumulative: dict[date, int] = {wanted[0]: 0}
    count, day = 0, first
    while day <= max(end, wanted[-1]):
        if day <= end:
            count += _is_working(day, table)
        cumulative[day] = count
        day += timedelta(days=1)
    total = cumulative.get(end, 0)
    return {d: max(0, total - cumulative[d]) if d < end else 0 for d in wanted}
