"""The events' figures, each against a count written here in SQL over records the services
made — never by calling the figure or its selector to check itself."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection

from rencai.core import clock, figures
from rencai.core.choices import Role
from rencai.core.figures import Period
from rencai.core.tests.factories import make_county, make_user
from rencai.events import services
from rencai.events.choices import EventKind
from rencai.policies.tests.factories import make_department
from rencai.talents.tests.factories import make_talent

from .factories import make_event, make_organiser, make_participant, make_registration

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


def _sql(query: str, *params) -> int:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchone()[0]


@pytest.fixture
def two_mixers_and_a_forum():
    """Mixer one: 4 checked in (A↔B, C↔D pairs), 1 registered only, 1 waiting.
    Mixer two: 3 checked in (E↔F), one of them from 红安. A forum: 2 checked in (other dept)."""
    hongan = make_county("421122", "红安县")
    one = make_event(capacity=5)
    a, b, c, d = (make_participant(one) for _ in range(4))
    make_registration(one)
    make_registration(one)  # the sixth waits
    # A picks B and C; B picks A; C picks D; D picks C: pairs A–B and C–D (A→C one-sided).
    for chooser, chosen in ((a, [b, c]), (b, [a]), (c, [d]), (d, [c])):
        services.set_picks(chooser, actor=None, chosen=[p.pk for p in chosen])
    services.close_picks_round(one, actor=None)
    two = make_event()
    e, f = make_participant(two, make_talent(county=hongan)), make_participant(two)
    g = make_participant(two)
    services.set_picks(e, actor=None, chosen=[f.pk])
    services.set_picks(f, actor=None, chosen=[e.pk, g.pk])
    services.close_picks_round(two, actor=None)
    forum = make_event(kind=EventKind.FORUM, organiser=make_department("human_resources"))
    make_participant(forum)
    make_participant(forum)
    return {"one": one, "two": two, "forum": forum, "hongan": hongan}


def period():
    today = clock.today()
    return Period(today - timedelta(days=30), today + timedelta(days=30))


def task_force():
    return make_user(role=Role.TASK_FORCE)


def test_registered_counts_registrations_holding_a_place(two_mixers_and_a_forum):
    expected = _sql("SELECT COUNT(*) FROM events_registration WHERE status = 'registered'")

    result = figures.compute("events.registered", task_force(), period=period())

    assert result.total.value == expected == 5 + 3 + 2


def test_attended_counts_check_ins_and_by_kind(two_mixers_and_a_forum):
    expected = _sql("SELECT COUNT(*) FROM events_checkin")
    at_mixers = _sql(
        "SELECT COUNT(*) FROM events_checkin c JOIN events_event e ON e.id = c.event_id "
        "WHERE e.kind = 'mixer'"
    )

    total = figures.compute("events.attended", task_force(), period=period())
    by_kind = figures.compute("events.attended", task_force(), period=period(), breakdown="kind")

    assert total.total.value == expected == 9
    assert {row.key: row.value.value for row in by_kind.rows}["mixer"] == at_mixers == 7


def test_attended_by_county_counts_the_talents_county(two_mixers_and_a_forum):
    hongan = two_mixers_and_a_forum["hongan"]
    expected = _sql(
        "SELECT COUNT(*) FROM events_checkin c JOIN events_registration r "
        "ON r.id = c.registration_id JOIN talents_talent t ON t.id = r.talent_id "
        "WHERE t.county_id = %s",
        hongan.pk,
    )

    result = figures.compute("events.attended", task_force(), period=period(), counties=[hongan.pk])

    assert result.total.value == expected == 1


def test_pairs_counts_mutual_picks(two_mixers_and_a_forum):
    expected = _sql("SELECT COUNT(*) FROM events_match")

    result = figures.compute("events.pairs", task_force(), period=period())

    assert result.total.value == expected == 3


def test_people_paired_counts_each_participant_in_a_pair_once(two_mixers_and_a_forum):
    expected = _sql(
        "SELECT COUNT(*) FROM events_registration r WHERE EXISTS "
        "(SELECT 1 FROM events_match m WHERE m.first_id = r.id OR m.second_id = r.id)"
    )

    result = figures.compute("events.people_paired", task_force(), period=period())

    assert result.total.value == expected == 6


def test_an_organiser_counts_only_their_departments_events(two_mixers_and_a_forum):
    forum = two_mixers_and_a_forum["forum"]
    expected = _sql("SELECT COUNT(*) FROM events_checkin WHERE event_id = %s", forum.pk)

    result = figures.compute("events.attended", make_organiser(forum.organiser), period=period())

    assert result.total.value == expected == 2
