"""Engagement's figures, each against a query written here (SQL over the tables) over records
the services made — never calling the figure's selector or another figure."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from rencai.core import clock, figures
from rencai.core.choices import Role
from rencai.core.figures import Period
from rencai.core.tests.factories import make_user
from rencai.policies.tests.factories import make_department

from .. import services
from .factories import (
    at,
    feedback,
    make_high_level,
    make_items,
    make_leader,
    make_pairing,
    make_request,
    work_through,
)

pytestmark = [pytest.mark.django_db, pytest.mark.portable]

SEPTEMBER = Period(date(2022, 9, 1), date(2022, 9, 30))


def _one(query: str, *params):
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchone()


@pytest.fixture
def world():
    items = make_items(2022)
    leader = make_leader()
    pairings = [make_pairing(leader=leader) for _ in range(3)]
    for pairing, kinds in zip(
        pairings, (["visit", "policy_pack"], ["call"], ["policy_pack", "letter"]), strict=True
    ):
        for day, kind in enumerate(kinds, start=6):
            with clock.at(at(2022, 9, day)):
                services.log_contact(pairing, actor=None, kind=kind, summary="走访")
    with clock.at(at(2022, 8, 20)):  # before the period
        services.log_contact(pairings[0], actor=None, kind="policy_pack", summary="八月")
        services.tick_five_ones(pairings[1], items[4], actor=None)
    for pairing, count in zip(pairings, (5, 2, 0), strict=True):
        for item in items[:count]:
            with clock.at(at(2022, 9, 7)):
                services.tick_five_ones(pairing, item, actor=None)
    housing = make_department("housing")
    # closed in time, closed late, reopened, open, and one raised in October
    timely = work_through(
        make_request(department=housing), responded=at(2022, 9, 6), answered=at(2022, 9, 9)
    )
    feedback(timely, at(2022, 9, 10), "satisfied")
    late = work_through(
        make_request(department=housing, target=2),
        responded=at(2022, 9, 8),
        answered=at(2022, 9, 15),
    )
    feedback(late, at(2022, 9, 16), "basically_satisfied")
    reopened = work_through(
        make_request(department=housing), responded=at(2022, 9, 6), answered=at(2022, 9, 7)
    )
    feedback(reopened, at(2022, 9, 8), "not_satisfied", resolved=False)
    make_request(department=housing)
    make_request(department=housing, when=at(2022, 10, 10))
    return make_user(role=Role.TASK_FORCE)


def _count(name: str, actor) -> int:
    return figures.compute(name, actor, period=SEPTEMBER).total.value


def _ratio(name: str, actor) -> tuple:
    value = figures.compute(name, actor, period=SEPTEMBER).total
    return value.numerator, value.denominator


def test_contacts_made(world):
    (expected,) = _one(
        "SELECT COUNT(*) FROM engagement_contactlog WHERE happened_on BETWEEN %s AND %s",
        SEPTEMBER.start,
        SEPTEMBER.end,
    )
    assert _count("engagement.contacts_made", world) == expected == 5


def test_five_ones_items_done(world):
    (expected,) = _one(
        "SELECT COUNT(*) FROM engagement_fiveonestick WHERE done_on BETWEEN %s AND %s",
        SEPTEMBER.start,
        SEPTEMBER.end,
    )
    assert _count("engagement.five_ones_done", world) == expected == 7


def test_policy_packs_delivered_counts_the_policy_pack_logs(world):
    (expected,) = _one(
        "SELECT COUNT(*) FROM engagement_contactlog WHERE kind = 'policy_pack' "
        "AND happened_on BETWEEN %s AND %s",
        SEPTEMBER.start,
        SEPTEMBER.end,
    )
    assert _count("engagement.policy_packs_delivered", world) == expected == 2


SEPTEMBER_SQL = (
    "(({col} AT TIME ZONE 'Asia/Shanghai')::date BETWEEN %s AND %s)"
    if connection.vendor == "postgresql"
    else "(date({col}, '+8 hours') BETWEEN %s AND %s)"
)


def test_requests_opened(world):
    (expected,) = _one(
        "SELECT COUNT(*) FROM engagement_talentrequest WHERE "  # noqa: S608 - constant column names
        + SEPTEMBER_SQL.format(col="raised_at"),
        SEPTEMBER.start,
        SEPTEMBER.end,
    )
    assert _count("engagement.requests_opened", world) == expected == 4


def test_requests_resolved_within_target(world):
    numerator, denominator = _one(
        "SELECT SUM(CASE WHEN "  # noqa: S608 - constant column names
        + SEPTEMBER_SQL.format(col="answered_at").replace(
            "BETWEEN %s AND %s", "<= resolution_due_on"
        )
        + " THEN 1 ELSE 0 END), COUNT(*) FROM engagement_talentrequest "
        "WHERE state = 'closed' AND " + SEPTEMBER_SQL.format(col="closed_at"),
        SEPTEMBER.start,
        SEPTEMBER.end,
    )
    assert _ratio("engagement.resolved_within_target", world) == (numerator, denominator)
    assert (numerator, denominator) == (1, 2)


def test_requests_satisfied_and_the_rates_as_ratios(world):
    row = _one(
        "SELECT SUM(CASE WHEN satisfaction IN ('satisfied', 'basically_satisfied') "
        "THEN 1 ELSE 0 END), SUM(CASE WHEN resolved THEN 1 ELSE 0 END), COUNT(*), "
        "SUM(CASE WHEN "
        + SEPTEMBER_SQL.format(col="responded_at").replace(
            "BETWEEN %s AND %s", "<= response_due_on"
        )
        + " THEN 1 ELSE 0 END) "
        "FROM engagement_talentrequest WHERE satisfaction <> '' AND "
        + SEPTEMBER_SQL.format(col="feedback_at"),
        SEPTEMBER.start,
        SEPTEMBER.end,
    )
    satisfied, resolved, total, responded = row
    assert _ratio("engagement.requests_satisfied", world) == (satisfied, total) == (2, 3)
    assert _ratio("engagement.resolution_rate", world) == (resolved, total) == (2, 3)
    # Responded by the response due date: the timely and the reopened one (the late one was
    # taken up on the 8th, a day after its due date, the 7th).
    assert _ratio("engagement.response_rate", world) == (responded, total) == (2, 3)


def test_a_contact_leader_counts_only_their_pairings(world):
    other = make_leader()
    make_pairing(leader=other, talent=make_high_level())
    assert _count("engagement.contacts_made", other) == 0
