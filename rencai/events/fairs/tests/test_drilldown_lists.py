"""The lists the fairs' figures drill down to, filtered by the fair's county and the day it
was held: the enterprises taking part, the open positions (with their places), and the seekers
checked in — each once — which only the fairs' organisers and the task force see by name."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from rencai.core.choices import Role
from rencai.core.tests.factories import make_county
from tests.i18n_check import assert_translated

from .factories import (
    check_in,
    make_fair,
    make_organiser,
    make_participant,
    make_position,
    make_registration,
    make_seeker,
)

pytestmark = [pytest.mark.django_db, pytest.mark.portable]

SHANGHAI = ZoneInfo("Asia/Shanghai")
SEPTEMBER = "held_from=2022-09-01&held_to=2022-09-30"


def _day(month: int, day: int) -> datetime:
    return datetime(2022, month, day, 9, tzinfo=SHANGHAI)


@pytest.fixture
def fairs():
    """Two September fairs in 团风 (one with a closed position) and one in October."""
    tuanfeng = make_county("421121", "团风县")
    first = make_fair(division=tuanfeng, starts_at=_day(9, 6))
    second = make_fair(division=tuanfeng, starts_at=_day(9, 20))
    october = make_fair(division=tuanfeng, starts_at=_day(10, 8))
    for fair in (first, second, october):
        make_position(make_participant(fair), headcount=4)
    make_position(make_participant(first), headcount=2, is_open=False)
    return tuanfeng, first, second, october


def test_the_enterprise_list_shows_the_enterprises_of_the_countys_fairs_of_the_month(
    client_as, fairs
):
    tuanfeng, *_ = fairs
    client = client_as(Role.TASK_FORCE)
    url = reverse("fairs:enterprise-list") + f"?fair_county={tuanfeng.pk}&{SEPTEMBER}"
    response = client.get(url)
    assert response.context["page"].paginator.count == 3
    assert_translated(response.content.decode())
    assert client.get(url + "&format=xlsx").status_code == 200


def test_the_open_positions_list_shows_the_months_open_positions_and_their_places(client_as, fairs):
    tuanfeng, *_ = fairs
    client = client_as(Role.TASK_FORCE)
    query = f"?fair_county={tuanfeng.pk}&{SEPTEMBER}"
    open_only = client.get(reverse("fairs:open-positions") + query)
    every = client.get(reverse("fairs:position-list") + query)
    assert (open_only.context["page"].paginator.count, open_only.context["places"]) == (2, 8)
    assert every.context["page"].paginator.count == 3
    assert_translated(open_only.content.decode())


def test_a_seeker_checked_in_at_two_fairs_is_listed_once_for_the_organiser(client_as, fairs):
    _tuanfeng, first, second, october = fairs
    seeker = make_seeker(first)
    check_in(seeker.registration)
    check_in(make_registration(second, seeker))
    check_in(make_seeker(october).registration)
    url = reverse("fairs:seekers-checked-in") + f"?{SEPTEMBER}"

    organiser = client_as(make_organiser()).get(url)

    assert organiser.context["page"].paginator.count == 1
    assert_translated(organiser.content.decode())
    assert client_as(Role.COUNTY_OFFICER).get(url).status_code == 403
    assert client_as(seeker.user).get(url).status_code == 403


def test_the_checked_in_time_does_not_move_a_seeker_out_of_the_fairs_month(client_as, fairs):
    """A fair's records count on the fair's day, whenever the check-in was scanned."""
    _tuanfeng, first, *_ = fairs
    registration = make_seeker(first).registration
    late = check_in(registration)
    late.scanned_at = _day(9, 6) + timedelta(days=40)
    late.save(update_fields=["scanned_at"])
    url = reverse("fairs:seekers-checked-in") + f"?{SEPTEMBER}"
    assert client_as(Role.TASK_FORCE).get(url).context["page"].paginator.count == 1
