"""A mixer's picks and matches: a pair only where both picked each other, revealed together
when the round closes; picks private in every page, API answer, export, audit entry and
timeline."""

from __future__ import annotations

import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from rencai.core.errors import DomainError
from rencai.core.models import AuditEvent, Notification
from rencai.core.tests.clients import api_client, page_client
from rencai.core.timeline import timeline_for
from rencai.events import services
from rencai.events.models import Match, Pick

from .factories import make_event, make_organiser, make_participant, make_talent_user

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


@pytest.fixture
def mixer():
    """Four participants: A and B pick each other; C picks A; D picks B (one-sided)."""
    event = make_event(pick_limit=2)
    a, b, c, d = (
        make_participant(event, make_talent_user(name=name))
        for name in ("甲乙", "丙丁", "戊己", "庚辛")
    )
    services.set_picks(a, actor=a.talent.user, chosen=[b.pk])
    services.set_picks(b, actor=b.talent.user, chosen=[a.pk])
    services.set_picks(c, actor=c.talent.user, chosen=[a.pk])
    services.set_picks(d, actor=d.talent.user, chosen=[b.pk])
    return event, a, b, c, d


def test_only_mutual_picks_pair_and_one_sided_picks_never_do(mixer):
    event, a, b, c, d = mixer

    pairs = services.close_picks_round(event, actor=make_organiser(event.organiser))

    assert pairs == 1
    assert list(Match.objects.filter(event=event).values_list("first_id", "second_id")) == [
        (min(a.pk, b.pk), max(a.pk, b.pk))
    ]


def test_picks_can_change_until_the_round_closes_and_are_frozen_after(mixer):
    event, a, b, c, d = mixer
    services.set_picks(c, actor=c.talent.user, chosen=[d.pk])
    services.set_picks(d, actor=d.talent.user, chosen=[c.pk])

    services.close_picks_round(event, actor=None)

    assert Match.objects.filter(event=event).count() == 2
    with pytest.raises(DomainError):
        services.set_picks(a, actor=a.talent.user, chosen=[c.pk])


def test_the_pick_limit_and_only_checked_in_participants(mixer):
    event, a, b, c, d = mixer
    with pytest.raises(DomainError):
        services.set_picks(a, actor=a.talent.user, chosen=[b.pk, c.pk, d.pk])
    stranger = services.register(event, actor=None, talent=make_talent_user(), check_audience=False)
    with pytest.raises(DomainError):
        services.set_picks(a, actor=a.talent.user, chosen=[stranger.pk])


def test_every_participant_is_told_together_matched_or_not(mixer):
    event, *people = mixer

    services.close_picks_round(event, actor=None)

    told = Notification.objects.filter(subject_type="events.event", subject_id=str(event.pk))
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted(
        p.talent.user_id for p in people
    )
    assert len(set(told.values_list("title", flat=True))) == 1


def test_each_sees_only_their_own_matches_and_the_contact_only_after_both_consent(mixer):
    event, a, b, c, d = mixer
    services.close_picks_round(event, actor=None)
    url = reverse("event-my-matches", args=[event.pk])

    a_view = api_client(a.talent.user).get(url).json()["results"]
    c_view = api_client(c.talent.user).get(url).json()["results"]
    d_view = api_client(d.talent.user).get(url).json()["results"]

    assert [m["name"] for m in a_view] == ["丙丁"]
    assert a_view[0]["mobile"] == ""
    assert c_view == []
    assert d_view == []
    match = a_view[0]["id"]
    api_client(a.talent.user).post(url, {"match": match}, format="json")
    assert api_client(b.talent.user).get(url).json()["results"][0]["mobile"] == ""
    api_client(b.talent.user).post(url, {"match": match}, format="json")
    assert api_client(a.talent.user).get(url).json()["results"][0]["mobile"] == b.talent.mobile


def test_nobody_is_shown_who_picked_them_in_pages_or_the_api(mixer):
    event, a, b, c, d = mixer
    services.close_picks_round(event, actor=None)

    # B was picked by A (mutual) and by D (one-sided): B's pages show A as a match, never D.
    b_pages = page_client(b.talent.user)
    matches_page = b_pages.get(reverse("events:matches", args=[event.pk])).content.decode()
    assert "甲乙" in matches_page
    assert "庚辛" not in matches_page
    # C picked A one-sidedly: A's matches page says nothing of C.
    a_page = page_client(a.talent.user).get(reverse("events:matches", args=[event.pk]))
    assert "戊己" not in a_page.content.decode()
    # B's own picks in the API are B's only.
    picks = api_client(b.talent.user).get(reverse("event-picks", args=[event.pk])).json()
    assert picks["chosen"] == [a.pk]


def test_organisers_see_counts_never_picks_in_pages_api_and_exports(mixer):
    event, a, b, c, d = mixer
    organiser = make_organiser(event.organiser)
    services.close_picks_round(event, actor=organiser)
    api = api_client(organiser)

    assert api.get(reverse("event-picks", args=[event.pk])).status_code == 404
    assert api.get(reverse("event-my-matches", args=[event.pk])).status_code == 404
    registrations = api.get(reverse("event-registrations", args=[event.pk])).json()["results"]
    assert all(set(r) & {"picks", "chosen", "matches", "picked_by"} == set() for r in registrations)
    page = page_client(organiser).get(reverse("events:detail", args=[event.pk]))
    assert page.context["mixer"].picks == 4
    assert page.context["mixer"].pairs == 1
    assert page_client(organiser).get(reverse("events:picks", args=[event.pk])).status_code == 404
    export = page_client(organiser).get(
        reverse("events:registrations", args=[event.pk]), {"format": "xlsx"}
    )
    book = load_workbook(io.BytesIO(b"".join(export.streaming_content)))
    headers = [cell.value for cell in next(book.worksheets[0].iter_rows(max_row=1))]
    assert len(headers) == 7  # code, name, mobile, status, position, source, checked in
    counts = {row[0]: row[1] for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert sorted(counts.values()) == sorted([4, 4, 1, 2])


def test_an_audit_entry_of_a_pick_never_names_whom(mixer):
    event, a, b, c, d = mixer
    services.close_picks_round(event, actor=None)

    entries = AuditEvent.objects.filter(action__startswith="events.pick")
    assert entries.count() == 5  # four participants' picks, one close
    for entry in entries:
        assert entry.target_type == "events.event"
        text = json.dumps(entry.changes, ensure_ascii=False) + entry.target_repr
        for person in (a, b, c, d):
            assert person.code not in text
            assert person.talent.name not in text
        assert set(entry.changes) <= {"picks", "participants", "pairs"}


def test_picks_and_matches_appear_only_on_the_talents_own_timeline(mixer):
    event, a, b, c, d = mixer
    organiser = make_organiser(event.organiser)
    services.close_picks_round(event, actor=organiser)

    own = [e.title for e in timeline_for(a.talent.user, a.talent)]
    seen_by_organiser = [e.title for e in timeline_for(organiser, a.talent)]
    seen_by_b = " ".join(e.title for e in timeline_for(b.talent.user, b.talent))

    assert any("丙丁" in title for title in own)  # A's own match
    assert not any("丙丁" in t or "picked" in t or "选择" in t for t in seen_by_organiser)
    assert seen_by_organiser  # registration and check-in are there
    assert "庚辛" not in seen_by_b  # D picked B: B is never told


def test_a_pick_is_refused_to_anyone_but_the_participant(mixer):
    event, a, b, c, d = mixer
    with pytest.raises(DomainError):
        services.set_picks(a, actor=b.talent.user, chosen=[c.pk])
    assert list(Pick.objects.filter(chooser=a).values_list("chosen_id", flat=True)) == [b.pk]
