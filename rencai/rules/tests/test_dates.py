"""The date convention: 周岁 (full years), 29 February, and offsets from the evaluation date."""

import calendar
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rencai.rules import anniversary, shift, years_bound, years_since

# A person turns N on their birthday; a 29 February birthday counts as 1 March in other years.
AGE_TABLE = [
    # birth date, evaluation date, full years
    (date(1990, 6, 15), date(2025, 6, 15), 35),  # the birthday itself
    (date(1990, 6, 15), date(2025, 6, 14), 34),  # the day before
    (date(1990, 6, 15), date(2025, 6, 16), 35),
    (date(1992, 2, 29), date(2024, 2, 29), 32),  # 29 Feb birthday, leap year: on the day
    (date(1992, 2, 29), date(2024, 2, 28), 31),  # … the day before
    (date(1992, 2, 29), date(2024, 3, 1), 32),
    (date(1992, 2, 29), date(2025, 2, 28), 32),  # non-leap year: not yet on 28 February
    (date(1992, 2, 29), date(2025, 3, 1), 33),  # … turns on 1 March
    (date(1991, 2, 28), date(2024, 2, 28), 33),  # 28 Feb birthday
    (date(1991, 2, 28), date(2024, 2, 27), 32),
    (date(1991, 2, 28), date(2024, 2, 29), 33),
    (date(1991, 3, 1), date(2024, 2, 29), 32),  # 1 March birthday, evaluated on 29 Feb
    (date(1991, 3, 1), date(2024, 3, 1), 33),
    (date(1991, 3, 1), date(2025, 2, 28), 33),
    (date(1991, 3, 1), date(2025, 3, 1), 34),
    (date(2024, 6, 15), date(2024, 6, 15), 0),  # born today
    (date(2024, 6, 16), date(2024, 6, 15), -1),  # a start after the evaluation date
]


@pytest.mark.parametrize(("birth", "on", "years"), AGE_TABLE)
def test_full_years_follow_the_birthday_convention(birth, on, years):
    assert years_since(birth, on) == years


@pytest.mark.parametrize(("birth", "on", "years"), AGE_TABLE)
def test_the_sql_bound_agrees_on_both_sides_of_each_birthday(birth, on, years):
    assert birth <= years_bound(on, years)  # at least `years`
    assert not birth <= years_bound(on, years + 1)  # not `years + 1`


@pytest.mark.parametrize(
    ("on", "offset", "expected"),
    [
        (date(2024, 1, 31), {"months": 1}, date(2024, 2, 29)),  # clamped to the month's end
        (date(2023, 1, 31), {"months": 1}, date(2023, 2, 28)),
        (date(2024, 3, 31), {"months": -1}, date(2024, 2, 29)),
        (date(2024, 2, 29), {"years": -1}, date(2023, 2, 28)),
        (date(2024, 2, 29), {"years": -4}, date(2020, 2, 29)),
        (date(2024, 1, 31), {"months": 1, "days": 1}, date(2024, 3, 1)),  # months, then days
        (date(2024, 6, 15), {"years": -3, "months": -2, "days": -10}, date(2021, 4, 5)),
        (date(2024, 12, 15), {"months": 1}, date(2025, 1, 15)),
        (date(2024, 1, 15), {"months": -13}, date(2022, 12, 15)),
        (date(2024, 6, 15), {}, date(2024, 6, 15)),
    ],
)
def test_offsets_move_months_first_with_end_of_month_clamping(on, offset, expected):
    assert shift(on, **offset) == expected


def edge_dates() -> st.SearchStrategy[date]:
    """Any date, with 28 Feb, 29 Feb and 1 Mar drawn often."""
    years = st.integers(1900, 2100)
    return st.one_of(
        st.dates(date(1900, 1, 1), date(2100, 12, 31)),
        years.map(lambda y: date(y, 2, 28)),
        years.map(lambda y: date(y, 3, 1)),
        years.filter(calendar.isleap).map(lambda y: date(y, 2, 29)),
    )


@given(start=edge_dates(), on=edge_dates(), n=st.integers(0, 150))
def test_at_least_n_full_years_is_the_same_as_a_start_on_or_before_the_bound(start, on, n):
    assert (years_since(start, on) >= n) == (start <= years_bound(on, n))


@given(start=edge_dates(), on=edge_dates())
def test_full_years_are_the_last_anniversary_not_after_the_evaluation_date(start, on):
    n = years_since(start, on)
    assert anniversary(start, n) <= on < anniversary(start, n + 1)
