"""The registrations across an organiser's events: what the events figures drill down to,
filtered by the talent's county and the day registered (places held) or checked in."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from rencai.core import clock
from rencai.core.choices import Role
from rencai.core.models import AuditEvent
from rencai.core.tests.factories import make_county
from rencai.policies.tests.factories import make_department
from rencai.talents.tests.factories import make_talent
from tests.i18n_check import assert_translated

from .. import services
from .factories import (
    make_event,
    make_organiser,
    make_participant,
    make_registration,
    make_talent_user,
)

pytestmark = [pytest.mark.django_db, pytest.mark.portable]

SHANGHAI = ZoneInfo("Asia/Shanghai")
SEPTEMBER = "2022-09-01&{0}_to=2022-09-30"


def _at(month: int, day: int) -> datetime:
    return datetime(2022, month, day, 10, tzinfo=SHANGHAI)


def _query(county, name: str) -> str:
    return f"?county={county.pk}&{name}_from=" + SEPTEMBER.format(name)


def test_the_places_held_list_shows_the_countys_registrations_of_the_month(client_as):
    tuanfeng, wuxue = make_county("421121", "团风县"), make_county("421182", "武穴市")
    event = make_event(starts_at=_at(10, 1))
    with clock.at(_at(9, 6)):
        make_registration(event, make_talent(county=tuanfeng))
        make_registration(event, make_talent(county=wuxue))
        cancelled = make_registration(event, make_talent(county=tuanfeng))
        services.cancel_registration(cancelled, actor=None)
    with clock.at(_at(8, 30)):
        make_registration(event, make_talent(county=tuanfeng))  # the month before
    client = client_as(Role.TASK_FORCE)

    held = client.get(reverse("events:places-held") + _query(tuanfeng, "registered"))
    every = client.get(reverse("events:registration-search") + _query(tuanfeng, "registered"))

    assert held.context["page"].paginator.count == 1
    assert every.context["page"].paginator.count == 2
    assert_translated(held.content.decode())
    xlsx = reverse("events:places-held") + _query(tuanfeng, "registered") + "&format=xlsx"
    export = client.get(xlsx)
    assert export.status_code == 200
    assert AuditEvent.objects.get(action="events.export_registration_search").changes["rows"] == 1


def test_the_list_shows_check_ins_of_the_month_at_the_organisers_events_only(client_as):
    tuanfeng = make_county("421121", "团风县")
    mine = make_event(starts_at=_at(9, 10))  # the youth league's
    theirs = make_event(starts_at=_at(9, 10), organiser=make_department("hrss"))
    with clock.at(_at(9, 10)):
        make_participant(mine, make_talent(county=tuanfeng))
        make_participant(theirs, make_talent(county=tuanfeng))
    url = reverse("events:registration-search") + _query(tuanfeng, "checked_in")

    assert client_as(make_organiser()).get(url).context["page"].paginator.count == 1
    assert client_as(Role.TASK_FORCE).get(url).context["page"].paginator.count == 2
    assert client_as(Role.TALENT).get(url).status_code == 403


def test_a_mixers_pairs_and_people_paired_are_listed_without_names(client_as):
    """A and B pick each other (a pair, two people); C picks A (no pair)."""
    tuanfeng = make_county("421121", "团风县")
    mixer = make_event(kind="mixer", pick_limit=2, division=tuanfeng, starts_at=_at(9, 10))
    with clock.at(_at(9, 10)):
        a, b, c = (
            make_participant(mixer, make_talent_user(name=name, county=tuanfeng))
            for name in ("甲乙", "丙丁", "戊己")
        )
    for chooser, chosen in ((a, b), (b, a), (c, a)):
        services.set_picks(chooser, actor=chooser.talent.user, chosen=[chosen.pk])
    services.close_picks_round(mixer, actor=None)
    client = client_as(Role.TASK_FORCE)
    query = f"?county={tuanfeng.pk}&held_from=2022-09-01&held_to=2022-09-30"

    pairs = client.get(reverse("events:mixer-pairs") + query)
    people = client.get(reverse("events:people-paired") + query)

    assert pairs.context["page"].paginator.count == 1
    assert people.context["page"].paginator.count == 2
    assert "甲乙" not in people.content.decode()
    assert_translated(pairs.content.decode())
    export = client.get(reverse("events:people-paired") + query + "&format=xlsx")
    assert export.status_code == 200
