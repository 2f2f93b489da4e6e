"""The job fairs' figures, each against a count written here in SQL over factory-made records
— never by calling the figure or its selector."""

from datetime import date, timedelta

import pytest
from django.db import connection

from rencai.core import figures
from rencai.core.choices import Role
from rencai.core.figures import Period
from rencai.core.tests.factories import make_user
from rencai.events.choices import EventKind
from rencai.events.fairs import services
from rencai.events.fairs.choices import Side

from .factories import (
    check_in,
    make_fair,
    make_participant,
    make_position,
    make_registration,
    make_seeker,
)

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


def _sql(query: str, *params) -> int:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchone()[0] or 0


@pytest.fixture
def world():
    """Two fairs and a mixer: enterprises, positions (one closed), check-ins (one seeker at
    both fairs), intents confirmed, half-confirmed and declined."""
    fair, other = make_fair(), make_fair()
    mixer = make_fair(kind=EventKind.MIXER)
    a, b, c = make_participant(fair), make_participant(fair), make_participant(other)
    positions = [make_position(a, headcount=5), make_position(b, headcount=7)]
    make_position(c, headcount=11)
    make_position(a, headcount=100, is_open=False)
    seekers = [make_seeker(fair) for _ in range(4)]
    for s in seekers[:3]:
        check_in(s.registration)
    check_in(make_registration(other, seekers[0]))
    check_in(make_registration(mixer))
    # seeker 0: two confirmed intents; seeker 1: one confirmed; seeker 2: proposed only;
    # seeker 3: declined.
    for seeker, position in [(seekers[0], positions[0]), (seekers[0], positions[1])]:
        intent = services.propose_intent(
            position, talent=seeker, side=Side.SEEKER, actor=seeker.user
        )
        services.confirm_intent(intent, side=Side.ENTERPRISE, actor=None)
    intent = services.propose_intent(
        positions[1], talent=seekers[1], side=Side.ENTERPRISE, actor=None
    )
    services.confirm_intent(intent, side=Side.SEEKER, actor=None)
    services.propose_intent(positions[0], talent=seekers[2], side=Side.SEEKER, actor=None)
    declined = services.propose_intent(
        positions[1], talent=seekers[3], side=Side.SEEKER, actor=None
    )
    services.decline_intent(declined, side=Side.ENTERPRISE, actor=None)
    return {"fair": fair, "other": other}


def period() -> Period:
    return Period(date(2022, 9, 1), date(2022, 9, 30))


def task_force():
    return make_user(role=Role.TASK_FORCE)


def _by_fair(name: str, fair) -> int:
    result = figures.compute(name, task_force(), period=period(), breakdown="fair")
    return {row.key: row.value.value for row in result.rows}.get(fair.pk, 0)


def test_enterprises_counts_the_enterprises_taking_part(world):
    expected = _sql("SELECT COUNT(*) FROM fairs_fairenterprise")
    per_fair = _sql(
        "SELECT COUNT(*) FROM fairs_fairenterprise WHERE fair_id = %s", world["fair"].pk
    )

    result = figures.compute("fairs.enterprises", task_force(), period=period())

    assert result.total.value == expected == 3
    assert _by_fair("fairs.enterprises", world["fair"]) == per_fair == 2


def test_positions_and_places_count_the_open_positions_and_sum_their_headcounts(world):
    count = _sql("SELECT COUNT(*) FROM fairs_position WHERE is_open")
    places = _sql("SELECT SUM(headcount) FROM fairs_position WHERE is_open")

    assert figures.compute("fairs.positions", task_force(), period=period()).total.value == count
    assert figures.compute("fairs.places", task_force(), period=period()).total.value == places
    assert (count, places) == (3, 23)


def test_seekers_checked_in_counts_distinct_seekers_at_job_fairs_only(world):
    expected = _sql(
        "SELECT COUNT(DISTINCT r.talent_id) FROM events_checkin c"
        " JOIN events_registration r ON r.id = c.registration_id"
        " JOIN events_event e ON e.id = c.event_id WHERE e.kind = 'job_fair'"
    )
    per_fair = _sql(
        "SELECT COUNT(DISTINCT r.talent_id) FROM events_checkin c"
        " JOIN events_registration r ON r.id = c.registration_id WHERE c.event_id = %s",
        world["fair"].pk,
    )

    result = figures.compute("fairs.seekers_checked_in", task_force(), period=period())

    assert result.total.value == expected == 3
    assert _by_fair("fairs.seekers_checked_in", world["fair"]) == per_fair == 3


def test_seekers_with_intent_counts_seekers_with_an_intent_both_sides_confirmed(world):
    expected = _sql(
        "SELECT COUNT(DISTINCT talent_id) FROM fairs_employmentintent"
        " WHERE seeker_confirmed_at IS NOT NULL AND enterprise_confirmed_at IS NOT NULL"
    )

    result = figures.compute("fairs.seekers_with_intent", task_force(), period=period())

    assert result.total.value == expected == 2


def test_a_fair_outside_the_period_is_not_counted(world):
    later = Period(date(2022, 10, 1), date(2022, 10, 31))

    assert figures.compute("fairs.enterprises", task_force(), period=later).total.value == 0
    assert world["fair"].starts_at.date() - timedelta(days=1) < date(2022, 10, 1)
