"""The one date convention both evaluators share (周岁 and offsets from the evaluation date).

Offsets (`shift`): years and months move the calendar month first, clamping the day to the end
of the target month (31 January + 1 month = 28 or 29 February; 29 February − 1 year =
28 February), then days are added. Used for {"on": {"years": Y, "months": M, "days": D}}.

Full years (周岁, `years_since`): a person turns N on their birthday; a 29 February birthday
counts as 1 March in years without 29 February. So `years_since(start, on)` is the largest N
with `anniversary(start, N) <= on`.

The SQL form needs a bound on the start column instead of a count. Because
`anniversary(start, N)` never decreases as `start` grows, "at least N full years" is a down-set
of start dates: years_since(start, on) >= N  ⇔  start <= years_bound(on, N), where
`years_bound(on, N) = shift(on, years=-N)` (the clamp turns 29 February into 28 February in
years without it). The property test in tests/test_dates.py checks the equivalence.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta

# Offsets and year counts beyond these are refused by the validator: they keep every shifted
# date inside the calendar for any realistic evaluation date.
MAX_YEARS = 150
MAX_MONTHS = MAX_YEARS * 12
MAX_DAYS = MAX_YEARS * 366


def shift(on: date, *, years: int = 0, months: int = 0, days: int = 0) -> date:
    """`on` moved by years and months (day clamped to the month's end), then by days."""
    total = on.year * 12 + (on.month - 1) + years * 12 + months
    year, month0 = divmod(total, 12)
    month = month0 + 1
    day = min(on.day, calendar.monthrange(year, month)[1])
    return date(year, month, day) + timedelta(days=days)


def anniversary(start: date, years: int) -> date:
    """The day `start` turns `years` full years: 29 February counts as 1 March when missing."""
    year = start.year + years
    if start.month == 2 and start.day == 29 and not calendar.isleap(year):
        return date(year, 3, 1)
    return date(year, start.month, start.day)


def years_since(start: date, on: date) -> int:
    """Full years from `start` to `on` (周岁); negative when `start` is after `on`."""
    years = on.year - start.year
    # Comparing (month, day) is the 1 March convention: (2, 29) > (2, 28) and < (3, 1).
    if (start.month, start.day) > (on.month, on.day):
        years -= 1
    return years


def years_bound(on: date, years: int) -> date:
    """The latest start date with at least `years` full years on `on`."""
    return shift(on, years=-years)


def evaluation_date(on: date) -> date:
    """`on`, checked: a plain date (a datetime's day depends on its time zone: pass localdate())."""
    if isinstance(on, datetime) or not isinstance(on, date):
        raise TypeError(f"the evaluation date must be a date, not {type(on).__name__}")
    return on
