"""The events API: a talent registers themself (or joins the waiting list), an organiser
uploads a batch of scans, a talent sees only their own picks, the audience says why not."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from rencai.core import clock
from rencai.core.tests.clients import api_client
from rencai.events.models import CheckIn

from .factories import (
    make_event,
    make_organiser,
    make_participant,
    make_registration,
    make_talent_user,
)

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


def test_a_talent_registers_through_the_api_and_the_next_waits():
    event = make_event(capacity=1)
    first, second = make_talent_user(), make_talent_user()
    url = reverse("event-registrations", args=[event.pk])

    placed = api_client(first.user).post(url, {}, format="json")
    waiting = api_client(second.user).post(url, {}, format="json")
    again = api_client(second.user).post(url, {}, format="json")

    assert placed.status_code == 201
    assert placed.json()["status"] == "registered"
    assert waiting.json()["status"] == "waitlisted"
    assert waiting.json()["waitlist_position"] == 1
    assert again.status_code == 409
    mine = api_client(second.user).get(url).json()["results"]
    assert [r["talent"] for r in mine] == [second.pk]


def test_a_batch_of_offline_scans_counts_each_once_and_keeps_both_times():
    event = make_event()
    organiser = make_organiser(event.organiser)
    registration = make_registration(event)
    waiting_event = make_event(capacity=1, organiser=event.organiser)
    make_registration(waiting_event)
    url = reverse("event-check-ins", args=[event.pk])
    scanned = (clock.now() - timedelta(minutes=20)).isoformat()
    scan = {"code": registration.code, "scan_id": "x1", "scanned_at": scanned, "method": "offline"}

    first = api_client(organiser).post(url, {"scans": [scan]}, format="json")
    again = api_client(organiser).post(url, {"scans": [scan]}, format="json")

    assert first.status_code == 200
    assert first.json()["results"][0]["ok"] is True
    assert again.json()["results"][0]["repeated"] is True
    check_in = CheckIn.objects.get(event=event)
    assert check_in.uploaded_at is not None
    assert check_in.scanned_at < check_in.uploaded_at


def test_a_talent_cannot_post_scans():
    event = make_event()
    talent = make_talent_user()
    make_registration(event, talent)

    response = api_client(talent.user).post(
        reverse("event-check-ins", args=[event.pk]),
        {"scans": [{"code": "X", "scan_id": "y"}]},
        format="json",
    )

    assert response.status_code == 403


def test_the_audience_endpoint_admits_or_gives_the_reason():
    event = make_event(audience_rule={"<=": [{"var": "age"}, 35]})
    older = make_talent_user(birth_date=date(clock.today().year - 50, 1, 1))

    answer = api_client(older.user).get(reverse("event-audience", args=[event.pk])).json()

    assert answer["admitted"] is False
    assert answer["reasons"]


def test_picks_through_the_api_are_the_callers_own():
    event = make_event()
    a, b, c = (make_participant(event) for _ in range(3))
    url = reverse("event-picks", args=[event.pk])

    api_client(a.talent.user).post(url, {"chosen": [b.pk]}, format="json")
    c_view = api_client(c.talent.user).get(url).json()
    b_view = api_client(b.talent.user).get(url).json()

    assert c_view["chosen"] == []
    assert b_view["chosen"] == []
    assert api_client(a.talent.user).get(url).json()["chosen"] == [b.pk]
