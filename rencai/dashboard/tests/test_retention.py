"""Retention cohorts against a hand-computed example.

Thirteen talents in 团风县 (T) and 武穴市 (W), today 30 June 2026. Arrivals, moves, and whether
each is in the city on their 1st, 3rd and 5th anniversary (— : the cohort's year Y+n has not
ended, so the cell is empty):

    talent  arrived     county  tier  card  moves                                 1y  3y  5y
    A       2020-03-01  T       A     yes   —                                     in  in  in
    B       2020-05-10  T       —     yes   left 2020-12-01                       out out out
    C       2020-07-01  W       A     —     left 2021-09-01, back 2022-01-15      in  in  in
    D       2020-02-01  T       —     —     left 2022-06-01, back 2024-03-01      in  out in
    E       2020-08-01  T→W     —     —     transfer 2021-03-01 (not a departure) in  in  in
    F       2021-04-01  W       A     yes   left 2022-04-01 (on the 1st anniv.),  out in  —
                                            back 2024-04-01 (on the 3rd)
    G       2021-01-10  T       —     —     —                                     in  in  —
    H       2021-11-20  T       —     —     left 2021-12-01, back 2022-05-01      in  in  —
    I       2024-05-01  W       —     —     left 2025-01-01                       out —   —
    J       2024-09-01  T       —     —     —                                     in  —   —
    K       (none)      T       —     —     not in any cohort
    L       2026-01-05  T       —     —     —                                     —   —   —
    M       2025-03-01  W       —     —     —                                     —   —   —
"""

from datetime import date

import pytest

from rencai.core import clock
from rencai.core.choices import Role
from rencai.core.tests.factories import make_county, make_user
from rencai.dashboard.retention import cohorts, marker_cohorts
from rencai.talents.cohorts import get_cohort_marker
from rencai.talents.models import DepartureReason
from rencai.talents.services import moves
from rencai.talents.tests.factories import make_card, make_talent, make_tier

pytestmark = [pytest.mark.django_db, pytest.mark.portable]

TODAY = date(2026, 6, 30)


def table(rows) -> list[tuple]:
    """Each row as (year, group, arrived, (stayed at 1y, 3y, 5y)): None for an empty cell."""
    return [
        (r.year, r.group, r.arrived, tuple(c.stayed if c else None for c in r.cell_list()))
        for r in rows
    ]


@pytest.fixture
def world():
    t = make_county("421121", "团风县")
    w = make_county("421182", "武穴市")
    officers = {c.pk: make_user(role=Role.COUNTY_OFFICER, division=c) for c in (t, w)}
    tier_a = make_tier("A", "A类")
    reason = DepartureReason.objects.get(code="family")

    def talent(arrived, county, **kw):
        return make_talent(county, arrival_date=arrived, **kw)

    def depart(person, day):
        with clock.at(day):
            moves.record_departure(
                person, actor=officers[person.county_id], moved_on=day, reason=reason
            )

    def come_back(person, day):
        with clock.at(day):
            moves.record_return(person, actor=officers[person.county_id], moved_on=day)

    a = talent(date(2020, 3, 1), t, tier=tier_a)
    b = talent(date(2020, 5, 10), t)
    c = talent(date(2020, 7, 1), w, tier=tier_a)
    d = talent(date(2020, 2, 1), t)
    e = talent(date(2020, 8, 1), t)
    f = talent(date(2021, 4, 1), w, tier=tier_a)
    talent(date(2021, 1, 10), t)  # G
    h = talent(date(2021, 11, 20), t)
    i = talent(date(2024, 5, 1), w)
    talent(date(2024, 9, 1), t)  # J
    talent(None, t)  # K
    talent(date(2026, 1, 5), t)  # L
    talent(date(2025, 3, 1), w)  # M
    for person in (a, b, f):
        make_card(person, valid_from=date(2022, 1, 1))
    depart(b, date(2020, 12, 1))
    depart(c, date(2021, 9, 1))
    come_back(c, date(2022, 1, 15))
    depart(d, date(2022, 6, 1))
    come_back(d, date(2024, 3, 1))
    with clock.at(date(2021, 3, 1)):
        moves.record_transfer(e, actor=officers[t.pk], moved_on=date(2021, 3, 1), to_county=w)
    depart(f, date(2022, 4, 1))
    come_back(f, date(2024, 4, 1))
    depart(h, date(2021, 12, 1))
    come_back(h, date(2022, 5, 1))
    depart(i, date(2025, 1, 1))
    return {"T": t, "W": w, "officers": officers}


def test_cohorts_of_the_city_count_who_is_in_the_city_on_each_anniversary(world):
    task_force = make_user(role=Role.TASK_FORCE)

    rows = cohorts(task_force, today=TODAY)

    assert table(rows) == [
        (2020, "", 5, (4, 3, 4)),
        (2021, "", 3, (2, 3, None)),
        (2024, "", 2, (1, None, None)),
        (2025, "", 1, (None, None, None)),
        (2026, "", 1, (None, None, None)),
    ]
    assert str(rows[0].cells[1].share) == "80.0"


def test_cohorts_by_county_count_a_transferred_talent_in_their_new_county(world):
    task_force = make_user(role=Role.TASK_FORCE)

    rows = cohorts(task_force, by="county", today=TODAY)

    assert table(rows) == [
        (2020, "团风县", 3, (2, 1, 2)),
        (2020, "武穴市", 2, (2, 2, 2)),
        (2021, "团风县", 2, (2, 2, None)),
        (2021, "武穴市", 1, (0, 1, None)),
        (2024, "团风县", 1, (1, None, None)),
        (2024, "武穴市", 1, (0, None, None)),
        (2025, "武穴市", 1, (None, None, None)),
        (2026, "团风县", 1, (None, None, None)),
    ]


def test_cohorts_by_tier(world):
    task_force = make_user(role=Role.TASK_FORCE)

    rows = [r for r in table(cohorts(task_force, by="tier", today=TODAY)) if r[0] == 2020]

    assert rows == [(2020, "A类", 2, (2, 2, 2)), (2020, "（未评定层次）", 3, (2, 1, 2))]


def test_a_county_officers_cohorts_count_only_their_county(world):
    officer = world["officers"][world["T"].pk]

    rows = cohorts(officer, today=TODAY)

    assert table(rows) == [
        (2020, "", 3, (2, 1, 2)),
        (2021, "", 2, (2, 2, None)),
        (2024, "", 1, (1, None, None)),
        (2026, "", 1, (None, None, None)),
    ]


def test_card_holders_against_the_others(world):
    task_force = make_user(role=Role.TASK_FORCE)
    marker = get_cohort_marker("talents.card")

    rows = marker_cohorts(task_force, marker, today=TODAY)

    assert table(rows)[:4] == [
        (2020, "持有人才卡", 2, (1, 1, 1)),
        (2020, "其他", 3, (3, 2, 3)),
        (2021, "持有人才卡", 1, (0, 1, None)),
        (2021, "其他", 2, (2, 2, None)),
    ]


def test_a_leap_day_arrival_has_its_anniversary_on_28_february_on_either_database():
    """Arrived 29 February 2020, left 1 March 2021: still in the city on the first anniversary
    (28 February 2021), on PostgreSQL and SQLite alike."""
    county = make_county("421121", "团风县")
    officer = make_user(role=Role.COUNTY_OFFICER, division=county)
    leap = make_talent(county, arrival_date=date(2020, 2, 29))
    reason, _ = DepartureReason.objects.get_or_create(code="family", defaults={"name": "家庭原因"})
    with clock.at(date(2021, 3, 1)):
        moves.record_departure(leap, actor=officer, moved_on=date(2021, 3, 1), reason=reason)

    with clock.at(TODAY):
        rows = cohorts(make_user(role=Role.TASK_FORCE))

    assert table(rows) == [(2020, "", 1, (1, 0, 0))]
